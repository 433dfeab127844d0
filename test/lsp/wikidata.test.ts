/**
 * Wikidata in the editor, through the protocol: the hover cards read the facts kept in the
 * workspace folder's `wikidata.ann.json` (the open buffer first, else the disk, again after a
 * watcher's event), and **Link to Wikidata…** searches the local stand-in of the Wikidata API
 * (test/support/wikidataServer.ts, in this process) with `articleAnnotations/wikidataCandidates`
 * and links the item picked with `articleAnnotations.server.linkWikidata`: the sidecar or
 * registry and the facts file in one `workspace/applyEdit`, nothing written when Wikidata
 * cannot be reached. No test touches the internet. The rendering of the facts is tested in
 * process (test/features/hover.test.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  ExecuteCommandRequest,
  FileChangeType,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import {
  factsFromEntity,
  labelsFromEntity,
  parseWikidataFile,
  serializeWikidataFile,
  type EntityFacts,
  type WikidataFile,
} from '../../server/src/core';
import type { CommandResult, WikidataCandidates } from '../../server/src/protocol';
import { positionAt as positionOf, type LspClient } from '../support/lspClient';
import { fixtureEntities, WikidataTestServer } from '../support/wikidataServer';
import { documentChangesOf, targetsOf } from '../support/workspaceEdit';
import { withSession, shareServer } from './fixtures';

const LINK = 'articleAnnotations.server.linkWikidata';
const CANDIDATES = 'articleAnnotations/wikidataCandidates';

const ARTICLE = 'Die Gewerkschafterin Anna Berger sprach mit Putin in Lindau.\n';
const SIDECAR = [
  'version: 1',
  'language: de',
  '# Wer im Text vorkommt.',
  'entities:',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger # die Gewerkschafterin',
  '  putin:',
  '    type: person',
  '    name: Wladimir Putin',
  '    aliases: [Putin]',
  '    wikidata: Q7747',
  '',
].join('\n');
const REGISTRY = 'version: 1\nentities:\n  lindau:\n    type: place\n    name: Lindau\n';

/** The facts of the fixtures' items, as `link` keeps them. */
function factsOf(...ids: string[]): WikidataFile {
  const file: WikidataFile = { version: 1, entities: {}, labels: {} };
  for (const [id, raw] of fixtureEntities()) {
    if (ids.includes(id)) file.entities[id] = factsFromEntity(raw, '2024-05-01T12:00:00Z')!;
    else if (!raw.claims) file.labels[id] = labelsFromEntity(raw);
  }
  return file;
}

function executeCommand(client: LspClient, command: string, argument: unknown): Promise<CommandResult> {
  return client.request<CommandResult>(ExecuteCommandRequest.method, { command, arguments: [argument] });
}

/** The code actions at an offset of an open document, as VS Code asks for them with Ctrl+. there. */
async function actionsAt(client: LspClient, uri: string, offset: number): Promise<CodeAction[]> {
  const position = positionOf(client.textOf(uri), offset);
  return (
    (await client.request<CodeAction[] | null>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [], triggerKind: CodeActionTriggerKind.Invoked },
    })) ?? []
  );
}

async function hoverText(client: LspClient, uri: string, word: string): Promise<string> {
  const hover = await client.hover(uri, client.textOf(uri).indexOf(word));
  return (hover?.contents as { value: string } | undefined)?.value ?? '';
}

describe('LSP: Wikidata', function () {
  let wikidata: WikidataTestServer;
  before(async () => {
    wikidata = await WikidataTestServer.start();
  });
  after(async () => {
    await wikidata.stop();
  });

  describe('hover cards read wikidata.ann.json', () => {
    it('at the workspace folder’s root: the open buffer first, the disk again after a watcher’s event', async () => {
      const kept = serializeWikidataFile(factsOf('Q7747'));
      await withSession(
        {
          files: { 'texte/a.txt': ARTICLE, 'texte/a.ann.yaml': SIDECAR, 'wikidata.ann.json': kept },
          workspaceFolder: true,
        },
        async (session) => {
          const { client } = session;
          const article = session.open('texte/a.txt');
          assert.match(await hoverText(client, article, 'Putin'), /Geboren: 7\\\. Oktober 1952/u);

          // Another program (git) rewrites the file: the watcher says so, the card follows.
          fs.writeFileSync(session.file('wikidata.ann.json'), serializeWikidataFile(factsOf()));
          client.filesChanged([{ file: session.file('wikidata.ann.json'), type: FileChangeType.Changed }]);
          let card = await hoverText(client, article, 'Putin');
          assert.match(card, /wikidata\\\.ann\\\.json keeps no facts about Q7747 yet/u);
          assert.doesNotMatch(card, /Geboren/u);

          // A merge conflict in the open buffer: the card says why it has no facts; the rest is there.
          const facts = session.open('wikidata.ann.json', `<<<<<<< HEAD\n${kept}=======\n${kept}>>>>>>> theirs\n`);
          card = await hoverText(client, article, 'Putin');
          assert.match(card, /wikidata\\\.ann\\\.json cannot be used\\: The file is not valid JSON/u);
          assert.match(card, /\*\*Wladimir Putin\*\* · person/u);
          assert.doesNotMatch(card, /Geboren/u);
          client.setText(facts, kept);
          assert.match(await hoverText(client, article, 'Putin'), /Geboren: 7\\\. Oktober 1952/u);
          // Closed, the disk counts again.
          client.close(facts);
          assert.match(await hoverText(client, article, 'Putin'), /keeps no facts about Q7747/u);
        },
      );
    });
  });

  describe('Link to Wikidata…', () => {
    shareServer();

    it('is offered, with the picker, on the mention and the key of an entity without wikidata', async () => {
      await withSession(
        { files: { 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR }, initializationOptions: { wikidataPicker: true } },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          const sidecar = session.open('a.ann.yaml');
          const titles = async (uri: string, word: string): Promise<string[]> =>
            (await actionsAt(client, uri, client.textOf(uri).indexOf(word))).map((action) => action.title);
          const mention = await actionsAt(client, article, ARTICLE.indexOf('Berger'));
          const link = mention.find((action) => action.title === 'Link to Wikidata…');
          assert.ok(link, JSON.stringify(mention));
          assert.equal(link.kind, 'refactor.rewrite');
          assert.deepEqual(link.command, {
            title: 'Link to Wikidata…',
            command: 'articleAnnotations.linkWikidata',
            arguments: [{ uri: article, entity: 'anna-berger', name: 'Anna Berger' }],
          });
          assert.ok((await titles(sidecar, 'anna-berger:')).includes('Link to Wikidata…'), 'on the key');
          // Linked already, or no entity at all: not offered.
          assert.ok(!(await titles(article, 'Putin')).includes('Link to Wikidata…'), 'on a linked entity');
          assert.ok(!(await titles(article, 'sprach')).includes('Link to Wikidata…'), 'on plain words');
        },
      );
    });

    it('an editor without the picker: the server’s command offers the candidates as the buttons of a message', async () => {
      await withSession(
        { files: { 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR }, settings: { wikidata: { endpoint: wikidata.endpoint } } },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          const before = wikidata.requests.length;
          const actions = await actionsAt(client, article, ARTICLE.indexOf('Berger'));
          const link = actions.find((action) => action.title === 'Link to Wikidata…');
          assert.deepEqual(link?.command, {
            title: 'Link to Wikidata…',
            command: LINK,
            arguments: [{ uri: article, entity: 'anna-berger', name: 'Anna Berger' }],
          });
          assert.equal(wikidata.requests.length, before, 'offering the action asks Wikidata nothing');
          const argument: unknown = link?.command?.arguments?.[0];

          // Dismissed: nothing written.
          const dismissed = await executeCommand(client, LINK, argument);
          assert.deepEqual(dismissed, { applied: false, reason: 'No item was chosen; nothing was written.' });
          assert.deepEqual(client.applyEditRequests, []);
          const [{ params }] = client.messageRequests;
          assert.equal(params.message, 'Link Anna Berger (person) to which Wikidata item?');
          assert.deepEqual(
            params.actions?.map((action) => action.title),
            [
              'Q90000001 Anna Berger — deutsche Politikerin (1970–, Mensch)',
              'Q90000002 Anna Berger — österreichische Schauspielerin (1981–, Mensch)',
            ],
          );
          // The actress chosen: she is linked, with the facts fetched for the message.
          client.answerMessage = (message) => message.actions?.[1] ?? null;
          const asked = wikidata.requests.length;
          const linked = await executeCommand(client, LINK, argument).finally(() => {
            client.answerMessage = () => null;
          });
          assert.deepEqual(linked, { applied: true });
          assert.equal(wikidata.requests.length - asked, 3, 'a search, the candidates and their labels; no more');
          assert.match(client.textOf(session.uri('a.ann.yaml')), /wikidata: Q90000002\n/u);
          assert.ok(parseWikidataFile(client.textOf(session.uri('wikidata.ann.json'))).file.entities.Q90000002);
        },
      );
    });

    it('candidates: both Anna Bergers, told apart; the link writes the sidecar and a new wikidata.ann.json in one edit', async () => {
      await withSession(
        { files: { 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR }, settings: { wikidata: { endpoint: wikidata.endpoint } } },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          const sidecar = session.uri('a.ann.yaml');
          const facts = session.uri('wikidata.ann.json');
          const before = wikidata.requests.length;
          const found = await client.request<WikidataCandidates>(CANDIDATES, { uri: article, entity: 'anna-berger' });
          assert.deepEqual(found, {
            entity: { id: 'anna-berger', name: 'Anna Berger', type: 'person', definedIn: sidecar },
            candidates: [
              {
                id: 'Q90000001',
                label: 'Anna Berger',
                description: 'deutsche Politikerin',
                details: '1970–, Mensch',
                recommended: false,
              },
              {
                id: 'Q90000002',
                label: 'Anna Berger',
                description: 'österreichische Schauspielerin',
                details: '1981–, Mensch',
                recommended: false,
              },
            ],
          });
          const asked = wikidata.requests.slice(before);
          assert.deepEqual(
            asked.map((request) => request.action),
            ['wbsearchentities', 'wbgetentities', 'wbgetentities'],
            'one search, the candidates in one request, then the labels their facts name',
          );
          assert.equal(asked[0].url.searchParams.get('search'), 'Anna Berger');
          assert.equal(asked[0].url.searchParams.get('language'), 'de');

          const result = await executeCommand(client, LINK, {
            uri: article,
            entity: 'anna-berger',
            wikidata: 'Q90000001',
          });
          assert.deepEqual(result, { applied: true });
          assert.equal(wikidata.requests.length, before + asked.length, 'the link asks Wikidata nothing more');
          assert.equal(client.applyEditRequests.length, 1);
          const [{ params }] = client.applyEditRequests;
          assert.equal(params.label, 'Link Anna Berger to Wikidata Q90000001');
          assert.deepEqual(targetsOf(params.edit), [sidecar, facts, facts], 'the sidecar, the new file and its text');
          assert.equal((documentChangesOf(params.edit)[1] as { kind?: string }).kind, 'create');
          assert.equal(
            client.textOf(sidecar),
            SIDECAR.replace(
              '    name: Anna Berger # die Gewerkschafterin\n',
              '    name: Anna Berger # die Gewerkschafterin\n    description: deutsche Politikerin\n    wikidata: Q90000001\n',
            ),
          );
          const kept = parseWikidataFile(client.textOf(facts));
          assert.deepEqual(kept.problems, []);
          const { retrieved, ...item } = kept.file.entities.Q90000001;
          const expected: Partial<EntityFacts> = { ...factsOf('Q90000001').entities.Q90000001 };
          delete expected.retrieved;
          assert.match(retrieved, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
          assert.deepEqual(item, expected);
          assert.deepEqual(Object.keys(kept.file.labels).sort(), ['Q183', 'Q5', 'Q82955']);

          // The card shows the facts at once, from the unsaved buffer of the new file.
          const card = await hoverText(client, article, 'Berger');
          assert.match(card, /deutsche Politikerin\n\nGeboren: 2\\. April 1970/u);
          assert.match(card, /\[Wikipedia\]\(https:\/\/de\.wikipedia\.org\/wiki\/Anna_Berger_%28Politikerin%29\)/u);
        },
      );
    });

    it('an entity of a registry is linked in the registry, seen from an article below it; the facts join the file', async () => {
      const old = serializeWikidataFile(factsOf('Q7747'));
      await withSession(
        {
          files: { 'entities.ann.yaml': REGISTRY, 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR, 'wikidata.ann.json': old },
          settings: { wikidata: { endpoint: wikidata.endpoint } },
        },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          const registry = session.uri('entities.ann.yaml');
          const found = await client.request<WikidataCandidates>(CANDIDATES, {
            uri: article,
            position: positionOf(ARTICLE, ARTICLE.indexOf('Lindau') + 2),
          });
          assert.ok(!('error' in found), JSON.stringify(found));
          assert.deepEqual(found.entity, { id: 'lindau', name: 'Lindau', type: 'place', definedIn: registry });
          assert.deepEqual(
            found.candidates.map((candidate) => [candidate.id, candidate.details, candidate.recommended]),
            [
              ['Q90000004', 'Deutschland, Film', false],
              ['Q90000005', 'Deutschland, Stadt', true],
            ],
          );
          const result = await executeCommand(client, LINK, { uri: article, entity: 'lindau', wikidata: 'Q90000005' });
          assert.deepEqual(result, { applied: true });
          const [{ params }] = client.applyEditRequests;
          assert.deepEqual(targetsOf(params.edit), [registry, session.uri('wikidata.ann.json')]);
          assert.equal(
            client.textOf(registry),
            REGISTRY +
              '    description: Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern\n' +
              '    wikidata: Q90000005\n' +
              '    coordinates: [47.5458, 9.6839]\n',
          );
          assert.equal(fs.readFileSync(session.file('a.ann.yaml'), 'utf8'), SIDECAR, 'the sidecar is untouched');
          // The facts file on disk changes by one minimal edit: the kept facts stay as they were.
          const factsEdit = documentChangesOf(params.edit)[1] as { edits: { range: { start: { line: number } } }[] };
          assert.equal(factsEdit.edits.length, 1);
          // It begins where the facts of Q7747 end, on the line before the end of `entities`.
          const endOfPutin = old.split('\n').indexOf('  "labels": {') - 2;
          assert.equal(factsEdit.edits[0].range.start.line, endOfPutin);
          const kept = parseWikidataFile(client.textOf(session.uri('wikidata.ann.json'))).file;
          assert.deepEqual(Object.keys(kept.entities), ['Q7747', 'Q90000005']);
          assert.deepEqual(kept.entities.Q7747, factsOf('Q7747').entities.Q7747);
        },
      );
    });

    it('without a connection: a clear message, and nothing written', async () => {
      const gone = await WikidataTestServer.start();
      const endpoint = gone.endpoint;
      await gone.stop();
      await withSession(
        { files: { 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR }, settings: { wikidata: { endpoint } } },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          const found = await client.request<WikidataCandidates>(CANDIDATES, { uri: article, entity: 'anna-berger' });
          assert.ok('error' in found, JSON.stringify(found));
          assert.match(
            found.error,
            /^Wikidata could not be searched\. Cannot reach the Wikidata API at http:\/\/127\.0\.0\.1:\d+\/w\/api\.php \(ECONNREFUSED\)/u,
          );
          // An item not offered is fetched when linked: that fails the same way.
          const result = await executeCommand(client, LINK, {
            uri: article,
            entity: 'anna-berger',
            wikidata: 'Q90000003',
          });
          assert.equal(result.applied, false);
          assert.match(result.reason ?? '', /Cannot reach the Wikidata API .* Nothing was written\.$/u);
          assert.deepEqual(client.applyEditRequests, []);
          assert.equal(fs.readFileSync(session.file('a.ann.yaml'), 'utf8'), SIDECAR);
          assert.ok(!fs.existsSync(session.file('wikidata.ann.json')));
        },
      );
    });

    it('an error of the API halfway, a broken facts file, bad arguments: a reason each, nothing written', async () => {
      await withSession(
        {
          files: { 'a.txt': ARTICLE, 'a.ann.yaml': SIDECAR, 'wikidata.ann.json': '{"version": 1, "entities": {' },
          settings: { wikidata: { endpoint: wikidata.endpoint } },
        },
        async (session) => {
          const { client } = session;
          const article = session.open('a.txt');
          wikidata.failOn('wbgetentities', { status: 500 });
          const found = await client.request<WikidataCandidates>(CANDIDATES, { uri: article, entity: 'anna-berger' });
          assert.ok('error' in found);
          assert.match(found.error, /answered HTTP 500/u);
          const refusals: [unknown, RegExp][] = [
            [
              { uri: article, entity: 'anna-berger', wikidata: 'Q90000001' },
              /wikidata\.ann\.json cannot be used: The file is not valid JSON.*nothing was written/u,
            ],
            [{ uri: article, wikidata: 'Q90000001' }, /needs a document, an entity and a Wikidata id/u],
            [{ uri: article, entity: 'anna-berger', wikidata: 'https://www.wikidata.org/wiki/Q1' }, /Wikidata id/u],
            [{ uri: article, entity: 'niemand', wikidata: 'Q90000001' }, /'niemand' is no longer there/u],
          ];
          for (const [argument, reason] of refusals) {
            const result = await executeCommand(client, LINK, argument);
            assert.equal(result.applied, false, JSON.stringify(argument));
            assert.match(result.reason ?? '', reason);
          }
          const nobody = await client.request<WikidataCandidates>(CANDIDATES, { uri: article, entity: 'niemand' });
          assert.deepEqual(nobody, { error: "There is no entity 'niemand' any more." });
          assert.deepEqual(client.applyEditRequests, []);
          assert.equal(fs.readFileSync(session.file('a.ann.yaml'), 'utf8'), SIDECAR);
        },
      );
    });
  });
});
