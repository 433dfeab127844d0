/**
 * The server's commands and the request behind the client's pickers, through the protocol:
 * `articleAnnotations/entities` lists what the pickers offer, `articleAnnotations.server.attribute`
 * attributes a quote to the speaker picked, and `articleAnnotations.server.annotate` adds
 * selected words to the sidecar as a new entity or an alias, creating the sidecar when the
 * article has none. The commands change the sidecar with `workspace/applyEdit`, which the test
 * client answers by applying the edit as VS Code does (see lspClient.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseDocument } from 'yaml';
import { ExecuteCommandRequest, type CodeAction } from 'vscode-languageserver-protocol/node';
import { ANNOTATE_CASES, NEW_SIDECARS } from '../support/annotateCases';
import { messageOf, type LspClient } from '../support/lspClient';
import { documentChangesOf, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';
import {
  assertCommentsKept,
  codeActionsFor,
  KIM_ARTICLE,
  KIM_SIDECAR,
  parseSidecarYaml,
  sample,
  withSession,
  shareServer,
} from './fixtures';

const ATTRIBUTE = 'articleAnnotations.server.attribute';
const CREATE_AND_ATTRIBUTE = 'articleAnnotations.server.createAndAttribute';
const ANNOTATE = 'articleAnnotations.server.annotate';
const GERMAN_SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

interface CommandResult {
  applied: boolean;
  reason?: string;
}

interface EntityChoice {
  id: string;
  name: string;
  type: string;
  description: string;
}

function executeCommand(client: LspClient, command: string, argument: unknown): Promise<CommandResult> {
  return client.request<CommandResult>(ExecuteCommandRequest.method, { command, arguments: [argument] });
}

const unattributed = (n: number) => (diagnostics: { code?: unknown }[]) =>
  diagnostics.filter((d) => d.code === 'unattributed-quote').length === n;

/** What the entities request must list for a sidecar: every entity, in the sidecar's order. */
function entityChoices(sidecarText: string): EntityChoice[] {
  const entities = (parseDocument(sidecarText).toJS() as { entities: Record<string, Record<string, string>> }).entities;
  return Object.entries(entities).map(([id, entity]) => ({
    id,
    name: entity.name,
    type: entity.type,
    description: entity.description ?? '',
  }));
}

describe('LSP: commands', () => {
  shareServer();

  it('the entities request lists the sidecar’s entities, from the article and from the sidecar', async () => {
    await withSession({ samples: GERMAN_SAMPLES, files: { 'lonely.txt': 'Nur ein Text.\n' } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const expected = entityChoices(KIM_SIDECAR);
      assert.equal(expected.length, 21);
      assert.deepEqual(await client.request('articleAnnotations/entities', { uri: article }), expected);
      assert.deepEqual(await client.request('articleAnnotations/entities', { uri: sidecar }), expected);
      const lonely = session.open('lonely.txt');
      assert.deepEqual(await client.request('articleAnnotations/entities', { uri: lonely }), []);
    });
  });

  for (const open of [['kim-putin.txt', 'kim-putin.ann.yaml'], ['kim-putin.txt']]) {
    const which = open.length === 2 ? 'the open sidecar' : 'the sidecar on disk';
    it(`attribute: the speaker picked for a quote is written into ${which} with workspace/applyEdit`, async () => {
      await withSession(
        { samples: GERMAN_SAMPLES, initializationOptions: { speakerPicker: true } },
        async (session) => {
          const { client } = session;
          for (const name of open) session.open(name);
          const article = session.uri('kim-putin.txt');
          const sidecar = session.uri('kim-putin.ann.yaml');
          const diagnostics = await client.waitForDiagnostics(article, unattributed(3));
          const target = diagnostics.find((d) => messageOf(d).includes('Das ist natürlich machbar'))!;
          // The client runs the command with what the picker action carries and the speaker picked.
          const actions = (await codeActionsFor(client, article, [target])) as CodeAction[];
          const picker = actions.find((action) => action.title === 'Attribute to…')!;
          const [{ articleUri, quoteStart, quoteText }] = picker.command!.arguments as [
            { articleUri: string; quoteStart: number; quoteText: string },
          ];
          const versionBefore = client.isOpen(sidecar) ? client.versionOf(sidecar) : null;

          const result = await executeCommand(client, ATTRIBUTE, {
            articleUri,
            quoteStart,
            quoteText,
            speaker: 'peskow',
          });
          assert.deepEqual(result, { applied: true });
          assert.equal(client.applyEditRequests.length, 1);
          const [{ params, result: answer }] = client.applyEditRequests;
          assert.equal(params.label, 'Attribute to Dimitri Peskow');
          assert.deepEqual(answer, { applied: true });
          assert.deepEqual(targetsOf(params.edit), [sidecar], 'only the sidecar is changed');
          assert.equal(textDocumentEditsOf(params.edit)[0].textDocument.version, versionBefore);

          const text = client.textOf(sidecar);
          assert.deepEqual(parseSidecarYaml(text).quotes.at(-1), {
            text: 'Das ist natürlich machbar, und wir werden es tun',
            speaker: 'peskow',
          });
          assertCommentsKept(KIM_SIDECAR, text, 'the attribution');
          await client.waitForDiagnostics(
            article,
            (d) => unattributed(2)(d) && !d.some((x) => messageOf(x).includes('Das ist natürlich machbar')),
          );
        },
      );
    });
  }

  it('create and attribute: a name typed into the picker becomes a person who said the quote', async () => {
    await withSession({ samples: GERMAN_SAMPLES, initializationOptions: { speakerPicker: true } }, async (session) => {
      const { client } = session;
      session.open('kim-putin.txt');
      const article = session.uri('kim-putin.txt');
      const sidecar = session.uri('kim-putin.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(article, unattributed(3));
      const target = diagnostics.find((d) => messageOf(d).includes('Das ist natürlich machbar'))!;
      const actions = (await codeActionsFor(client, article, [target])) as CodeAction[];
      const picker = actions.find((action) => action.title === 'Attribute to…')!;
      const [quote] = picker.command!.arguments as [{ articleUri: string; quoteStart: number; quoteText: string }];

      const result = await executeCommand(client, CREATE_AND_ATTRIBUTE, {
        ...quote,
        name: 'Sergej Lawrow',
        type: 'person',
      });
      assert.deepEqual(result, { applied: true });
      const text = client.textOf(sidecar);
      const parsed = parseSidecarYaml(text);
      assert.deepEqual(parsed.entities['sergej-lawrow'], { type: 'person', name: 'Sergej Lawrow' });
      assert.deepEqual(parsed.quotes.at(-1), {
        text: 'Das ist natürlich machbar, und wir werden es tun',
        speaker: 'sergej-lawrow',
      });
      assertCommentsKept(KIM_SIDECAR, text, 'the new person and the attribution');
    });
  });

  it('attribute refuses a quote that is attributed already, an unknown id and a place', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, unattributed(3));
      const attributedQuote = KIM_ARTICLE.indexOf('„muss nicht nur');
      const attributedText = KIM_ARTICLE.slice(attributedQuote + 1, KIM_ARTICLE.indexOf('“', attributedQuote));
      const unattributedQuote = KIM_ARTICLE.indexOf('„Das ist natürlich machbar');
      const unattributedText = KIM_ARTICLE.slice(unattributedQuote + 1, KIM_ARTICLE.indexOf('“', unattributedQuote));
      const cases = [
        { quoteStart: attributedQuote, quoteText: attributedText, speaker: 'putin', reason: /no longer there/u },
        { quoteStart: unattributedQuote, quoteText: 'Das ist', speaker: 'putin', reason: /no longer there/u },
        { quoteStart: unattributedQuote, quoteText: unattributedText, speaker: 'lawrow', reason: /no longer there/u },
        { quoteStart: unattributedQuote, quoteText: unattributedText, speaker: 'moskau', reason: /place/u },
        { quoteStart: unattributedQuote, quoteText: undefined, speaker: 'putin', reason: /needs an article/u },
      ];
      for (const { quoteStart, quoteText, speaker, reason } of cases) {
        const argument = { articleUri: article, quoteStart, quoteText, speaker };
        const result = await executeCommand(client, ATTRIBUTE, argument);
        assert.equal(result.applied, false, `${speaker} at ${quoteStart}`);
        assert.match(result.reason ?? '', reason);
      }
      assert.deepEqual(client.applyEditRequests, [], 'no edit was sent');
      const unknown = await executeCommand(client, 'articleAnnotations.server.nothing', {});
      assert.equal(unknown.applied, false);
    });
  });

  it('attribute refuses when the closed sidecar changed on disk since it was read', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, unattributed(3));
      const quoteStart = KIM_ARTICLE.indexOf('„Das ist natürlich machbar');
      const quoteText = KIM_ARTICLE.slice(quoteStart + 1, KIM_ARTICLE.indexOf('“', quoteStart));
      // Another program rewrites the sidecar, and no watcher has said so yet.
      const changed = '# Rewritten by the desk\n' + KIM_SIDECAR;
      fs.writeFileSync(session.file('kim-putin.ann.yaml'), changed);
      const argument = { articleUri: article, quoteStart, quoteText, speaker: 'peskow' };
      const refused = await executeCommand(client, ATTRIBUTE, argument);
      assert.equal(refused.applied, false);
      assert.match(refused.reason ?? '', /changed on disk since it was read/u);
      assert.deepEqual(client.applyEditRequests, []);
      assert.equal(fs.readFileSync(session.file('kim-putin.ann.yaml'), 'utf8'), changed);
      // The server read the sidecar again: the same command now applies to the new text.
      await client.settle();
      assert.deepEqual(await executeCommand(client, ATTRIBUTE, argument), { applied: true });
      assert.ok(client.textOf(session.uri('kim-putin.ann.yaml')).startsWith('# Rewritten by the desk\n'));
    });
  });

  it('attribute finds its quote by its words after the article changed above it, not by the old offset', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, unattributed(3));
      const quoteStart = KIM_ARTICLE.indexOf('„Das ist natürlich machbar');
      const quoteText = KIM_ARTICLE.slice(quoteStart + 1, KIM_ARTICLE.indexOf('“', quoteStart));
      // A paragraph typed at the top moves every quote; the old offset now lies in another one.
      const inserted = 'Vorbemerkung der Redaktion.\n\n'.repeat(3);
      client.edit(article, 0, 0, inserted);
      await client.waitForDiagnostics(article, (d) => unattributed(3)(d) && d.every((x) => x.range.start.line >= 6));
      const result = await executeCommand(client, ATTRIBUTE, {
        articleUri: article,
        quoteStart,
        quoteText,
        speaker: 'peskow',
      });
      assert.deepEqual(result, { applied: true });
      assert.deepEqual(parseSidecarYaml(client.textOf(sidecar)).quotes.at(-1), {
        text: 'Das ist natürlich machbar, und wir werden es tun',
        speaker: 'peskow',
      });
    });
  });

  for (const c of ANNOTATE_CASES) {
    it(`annotate: ${c.name}`, async () => {
      await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        const sidecar = session.open('kim-putin.ann.yaml');
        await client.waitForDiagnostics(article, unattributed(3));
        const result = await executeCommand(client, ANNOTATE, {
          uri: article,
          words: c.words,
          type: c.type,
          ...(c.entity ? { entity: c.entity } : {}),
        });
        assert.deepEqual(result, { applied: true });
        const [{ params }] = client.applyEditRequests;
        assert.deepEqual(targetsOf(params.edit), [sidecar]);
        const text = client.textOf(sidecar);
        assertCommentsKept(KIM_SIDECAR, text, 'the annotation');
        const before = parseSidecarYaml(KIM_SIDECAR);
        const after = parseSidecarYaml(text);
        assert.deepEqual(after.entities, { ...before.entities, ...c.expect });
        assert.deepEqual(after.quotes, before.quotes);
        // The server reads the new entity at once: the pickers offer it.
        const ids = (await client.request<EntityChoice[]>('articleAnnotations/entities', { uri: article })).map(
          (entity) => entity.id,
        );
        for (const id of Object.keys(c.expect)) assert.ok(ids.includes(id), `${id} in ${ids.join()}`);
      });
    });
  }

  it('annotate: words that are an alias already, or a sidecar with a YAML error, are refused with a reason', async () => {
    const broken = KIM_SIDECAR.replace('    aliases: [Kim]\n', '    aliases: [Kim\n');
    await withSession(
      {
        files: {
          'kim-putin.txt': KIM_ARTICLE,
          'kim-putin.ann.yaml': KIM_SIDECAR,
          'broken.txt': KIM_ARTICLE,
          'broken.ann.yaml': broken,
        },
      },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        const brokenArticle = session.open('broken.txt');
        await client.settle();
        const cases = [
          { uri: article, words: 'Kremlsprecher', type: 'person', entity: 'peskow' },
          { uri: brokenArticle, words: 'Verteidigungsministerium', type: 'organization' },
          { uri: brokenArticle, words: 'Kremlsprecher', type: 'person', entity: 'peskow' },
        ];
        for (const argument of cases) {
          const result = await executeCommand(client, ANNOTATE, argument);
          assert.equal(result.applied, false, JSON.stringify(argument));
          assert.match(result.reason ?? '', /YAML syntax error|already/u);
        }
        assert.deepEqual(client.applyEditRequests, [], 'no empty edit was sent');
      },
    );
  });

  for (const { article, language, words, id } of NEW_SIDECARS) {
    it(`annotate in ${article} without a sidecar creates one (language ${language}) with the entity`, async () => {
      await withSession({ files: { [article]: sample(article) } }, async (session) => {
        const { client } = session;
        const articleUri = session.open(article);
        const sidecarName = article.replace(/\.[^.]+$/u, '.ann.yaml');
        const sidecarUri = session.uri(sidecarName);
        const result = await executeCommand(client, ANNOTATE, { uri: articleUri, words, type: 'person' });
        assert.deepEqual(result, { applied: true });
        const [{ params }] = client.applyEditRequests;
        const changes = documentChangesOf(params.edit);
        assert.deepEqual(changes[0], { kind: 'create', uri: sidecarUri, options: { ignoreIfExists: true } });
        assert.deepEqual(targetsOf(params.edit), [sidecarUri, sidecarUri], 'the article is not touched');
        assert.equal(textDocumentEditsOf(params.edit)[0].textDocument.version, null);

        // The client created the file and holds the text, unsaved, in an open document.
        assert.ok(fs.existsSync(session.file(sidecarName)));
        const text = client.textOf(sidecarUri);
        const parsed = parseSidecarYaml(text);
        assert.equal(parsed.version, 1);
        assert.equal(parsed.language, language);
        assert.deepEqual(parsed.entities, { [id]: { type: 'person', name: words } });
        assert.match(text, new RegExp(`^# Annotations for ${article.replace('.', '\\.')}`, 'u'));
        // The server pairs the new sidecar with the article, which now has quotes to attribute.
        const diagnostics = await client.waitForDiagnostics(articleUri, (d) => d.length > 0);
        assert.ok(diagnostics.every((d) => d.code === 'unattributed-quote'));
        assert.deepEqual(await client.waitForDiagnostics(sidecarUri), []);
      });
    });
  }

  it('annotate refuses words outside an article and in an unsaved document', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const sidecar = session.open('kim-putin.ann.yaml');
      for (const uri of [sidecar, 'untitled:Untitled-1']) {
        const result = await executeCommand(client, ANNOTATE, { uri, words: 'Putin', type: 'person' });
        assert.equal(result.applied, false, uri);
        assert.ok(result.reason, uri);
      }
      assert.deepEqual(client.applyEditRequests, []);
    });
  });
});
