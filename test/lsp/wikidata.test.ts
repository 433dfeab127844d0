/**
 * Wikidata in the editor, through the protocol: the hover cards read the facts kept in the
 * workspace folder's `wikidata.ann.json` (the open buffer first, else the disk, again after a
 * watcher's event). The rendering of the facts is tested in process
 * (test/features/hover.test.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { factsFromEntity, labelsFromEntity, serializeWikidataFile, type WikidataFile } from '../../server/src/core';
import type { LspClient } from '../support/lspClient';
import { fixtureEntities } from '../support/wikidataServer';
import { withSession } from './fixtures';

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

/** The facts of the fixtures' items, as `link` keeps them. */
function factsOf(...ids: string[]): WikidataFile {
  const file: WikidataFile = { version: 1, entities: {}, labels: {} };
  for (const [id, raw] of fixtureEntities()) {
    if (ids.includes(id)) file.entities[id] = factsFromEntity(raw, '2024-05-01T12:00:00Z')!;
    else if (!raw.claims) file.labels[id] = labelsFromEntity(raw);
  }
  return file;
}

async function hoverText(client: LspClient, uri: string, word: string): Promise<string> {
  const hover = await client.hover(uri, client.textOf(uri).indexOf(word));
  return (hover?.contents as { value: string } | undefined)?.value ?? '';
}

describe('LSP: Wikidata', function () {
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
});
