/**
 * The Sources panel's requests over stdio: the sources report of a folder and of the workspace
 * from the workspace index (articles without a sidecar listed as not annotated), of the open
 * article from its current text, grouped by `articleAnnotations.report.groupBy`, and a speaker's
 * quotes with their ranges. The selection and rendering are tested in process
 * (test/features/sourcesReport.test.ts, test/unit/reportHtml.test.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import type { SourcesReport, SpeakerQuotes } from '../../server/src/protocol';
import { withSession } from './fixtures';

const REGISTRY = `version: 1
entities:
  halvorsen:
    type: person
    name: Ingrid Halvorsen
    aliases: [Halvorsen]
    attributes:
      gender: female
  berger:
    type: person
    name: Tomas Berger
    aliases: [Berger]
    attributes:
      gender: male
`;

const FILES = {
  'entities.ann.yaml': REGISTRY,
  'lokal/hafen.txt': 'Halvorsen eröffnete den Kai.\n\n„Wir haben lange gewartet“, sagte Halvorsen.\n',
  'lokal/hafen.ann.yaml':
    'version: 1\nlanguage: de\nquotes:\n  - text: Wir haben lange gewartet\n    speaker: halvorsen\n',
  'lokal/sturm/sturm.txt': 'Berger warnt.\n\n„Bleiben Sie zu Hause“, sagte Berger. „Es wird ernst“, sagte Halvorsen.\n',
  'lokal/sturm/sturm.ann.yaml':
    'version: 1\nlanguage: de\nquotes:\n  - text: Bleiben Sie zu Hause\n    speaker: berger\n  - text: Es wird ernst\n    speaker: halvorsen\n',
  'sport/spiel.txt': 'Das Spiel endete 2:1.\n\n„Ein schöner Abend“, sagte Berger.\n',
  'sport/spiel.ann.yaml': 'version: 1\nlanguage: de\nquotes:\n  - text: Ein schöner Abend\n    speaker: berger\n',
};

const PANEL = { nonce: 'n0nce', cspSource: 'vscode-webview://test' };

describe('LSP: the sources report', () => {
  it('reports a folder and the workspace from the index, and lists a speaker’s quotes', async () => {
    await withSession({ files: FILES, workspaceFolder: true }, async (session) => {
      const { client } = session;
      // An article written after the server started, without a sidecar or a registry above it.
      const unannotated = session.file('lokal/ohne.txt');
      const article = session.open('lokal/hafen.txt');
      await client.waitForProgressEnd('Indexing articles');

      const folder = await client.request<SourcesReport>('articleAnnotations/sourcesReport', {
        scope: 'folder',
        uri: article,
        ...PANEL,
      });
      assert.equal(folder.scope, 'folder');
      assert.equal(folder.scopeLabel, 'lokal/');
      assert.equal(folder.complete, true);
      assert.deepEqual(
        folder.report.articles.map((row) => [row.article, row.status]),
        [
          ['lokal/hafen.txt', 'annotated'],
          ['lokal/sturm/sturm.txt', 'annotated'],
        ],
      );
      assert.deepEqual(
        folder.report.speakers.map((row) => [row.name, row.quotes]),
        [
          ['Ingrid Halvorsen', 2],
          ['Tomas Berger', 1],
        ],
      );
      assert.deepEqual(folder.report.by, ['gender', 'published:month']);
      assert.deepEqual(
        folder.report.groups[0].values.map((value) => [value.value, value.quotes]),
        [
          ['female', 2],
          ['male', 1],
        ],
      );
      assert.ok(folder.html.includes(`<script nonce="${PANEL.nonce}">`));
      assert.ok(folder.html.includes('Ingrid Halvorsen'));

      const workspace = await client.request<SourcesReport>('articleAnnotations/sourcesReport', {
        scope: 'workspace',
        uri: article,
        by: ['gender'],
        ...PANEL,
      });
      assert.equal(workspace.scope, 'workspace');
      assert.equal(workspace.report.totals.articles, 3);
      assert.equal(workspace.report.totals.attributed, 4);
      assert.deepEqual(
        workspace.report.speakers.map((row) => [row.name, row.quotes, row.articles]),
        [
          ['Ingrid Halvorsen', 2, 2],
          ['Tomas Berger', 2, 2],
        ],
      );
      assert.deepEqual(workspace.report.by, ['gender']);

      // The open article's report follows its unsaved text.
      client.setText(
        article,
        'Halvorsen eröffnete den Kai.\n\n„Wir haben lange gewartet“, sagte Halvorsen. „Nie wieder“, sagte Berger.\n',
      );
      const own = await client.request<SourcesReport>('articleAnnotations/sourcesReport', {
        scope: 'article',
        uri: article,
        ...PANEL,
      });
      assert.equal(own.scope, 'article');
      assert.equal(own.scopeLabel, 'lokal/hafen.txt');
      assert.equal(own.report.totals.quotes, 2);
      assert.equal(own.report.totals.unattributed, 1);

      const key = workspace.report.speakers.find((row) => row.name === 'Ingrid Halvorsen')!.key;
      const quotes = await client.request<SpeakerQuotes>('articleAnnotations/speakerQuotes', {
        scope: 'workspace',
        uri: article,
        speaker: key,
      });
      assert.equal(quotes.name, 'Ingrid Halvorsen');
      assert.deepEqual(
        quotes.quotes.map((quote) => [quote.article, quote.range.start.line, quote.text]),
        [
          ['lokal/hafen.txt', 2, 'Wir haben lange gewartet'],
          ['lokal/sturm/sturm.txt', 2, 'Es wird ernst'],
        ],
      );
      assert.equal(quotes.quotes[0].uri, article);
      assert.deepEqual(quotes.quotes[0].range, {
        start: { line: 2, character: 1 },
        end: { line: 2, character: 25 },
      });

      // A new article without a sidecar, once the index has read it, is listed as not annotated.
      fs.writeFileSync(unannotated, 'Noch nicht annotiert: „Das kommt noch“, sagte jemand.\n');
      client.filesChanged([{ file: unannotated, type: FileChangeType.Created }]);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const again = await client.request<SourcesReport>('articleAnnotations/sourcesReport', {
          scope: 'folder',
          uri: article,
          by: [],
          ...PANEL,
        });
        const row = again.report.articles.find((row) => row.article === 'lokal/ohne.txt');
        if (row) {
          assert.equal(row.status, 'not-annotated');
          assert.equal(again.report.totals.notAnnotated, 1);
          break;
        }
        if (Date.now() > deadline) assert.fail('the new article is not listed');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  });
});
