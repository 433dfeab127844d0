/**
 * Files that are not open: sidecars read from disk, created and deleted on disk (the editor
 * reports that with `workspace/didChangeWatchedFiles`), and sidecars that name their article
 * with `article:`, found by indexing the workspace folder or by opening the sidecar.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { SourcesReport } from '../../server/src/protocol';
import { FileChangeType } from '../support/lspClient';
import { KIM_ARTICLE, KIM_SIDECAR, shareServer, withSession } from './fixtures';

const unattributed = (n: number) => (diagnostics: Diagnostic[]) =>
  diagnostics.length === n && diagnostics.every((d) => d.code === 'unattributed-quote');

const EXPLICIT_SIDECAR = KIM_SIDECAR.replace('version: 1\n', 'version: 1\narticle: texts/other.txt\n');

describe('LSP: files on disk', () => {
  shareServer();

  it('a sidecar only on disk: deleted, the diagnostics and tokens go; created again, they come back', async () => {
    await withSession(
      { files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR } },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        const sidecarFile = session.file('kim-putin.ann.yaml');
        await client.waitForDiagnostics(article, unattributed(3));
        assert.ok((await client.semanticTokens(article)).length > 0);

        fs.rmSync(sidecarFile);
        client.filesChanged([{ file: sidecarFile, type: FileChangeType.Deleted }]);
        await client.waitForDiagnostics(article, (d) => d.length === 0);
        assert.deepEqual(await client.semanticTokens(article), []);
        assert.equal(await client.hover(article, client.textOf(article).indexOf('Putin')), null);

        fs.writeFileSync(sidecarFile, KIM_SIDECAR);
        client.filesChanged([{ file: sidecarFile, type: FileChangeType.Created }]);
        await client.waitForDiagnostics(article, unattributed(3));
        assert.ok((await client.semanticTokens(article)).length > 0);
      },
    );
  });

  it('a sidecar changed on disk: the change counts once the watcher reports it', async () => {
    await withSession(
      { files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR } },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        await client.waitForDiagnostics(article, unattributed(3));
        const attributed = KIM_SIDECAR + '  - text: Das ist natürlich machbar\n    speaker: putin\n';
        fs.writeFileSync(session.file('kim-putin.ann.yaml'), attributed);
        client.filesChanged([{ file: session.file('kim-putin.ann.yaml'), type: FileChangeType.Changed }]);
        await client.waitForDiagnostics(article, unattributed(2));
      },
    );
  });

  it('an article that gets a sidecar on disk gets diagnostics', async () => {
    await withSession({ files: { 'kim-putin.txt': KIM_ARTICLE } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.settle();
      assert.ok(!client.diagnosticsOf(article)?.length, 'no diagnostics without a sidecar');
      fs.writeFileSync(session.file('kim-putin.ann.yaml'), KIM_SIDECAR);
      client.filesChanged([{ file: session.file('kim-putin.ann.yaml'), type: FileChangeType.Created }]);
      await client.waitForDiagnostics(article, unattributed(3));
    });
  });

  it('an `article:` key through a link out of the workspace folder is refused, and the file is not read', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.txt'), KIM_ARTICLE);
      await withSession(
        {
          files: { 'notes.ann.yaml': 'version: 1\nlanguage: de\narticle: linked/secret.txt\n' },
          workspaceFolder: true,
        },
        async (session) => {
          fs.symlinkSync(outside, session.file('linked'), 'dir');
          const { client } = session;
          const sidecar = session.open('notes.ann.yaml');
          const diagnostics = await client.waitForDiagnostics(sidecar, (d) => d.length > 0);
          assert.deepEqual(
            diagnostics.map((d) => [d.code, d.message]),
            [
              [
                'invalid-article-path',
                "article 'linked/secret.txt' leads outside the folder being checked through a symbolic link; it is not read.",
              ],
            ],
          );
          const status = await client.request<{ quotes: number; mentions: number }>('articleAnnotations/status', {
            uri: sidecar,
          });
          assert.equal(status.quotes, 0, 'the outside file was analysed');
        },
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('`article: texts/other.txt` pairs once the server indexed the workspace folder', async () => {
    await withSession(
      { files: { 'texts/other.txt': KIM_ARTICLE, 'notes.ann.yaml': EXPLICIT_SIDECAR }, workspaceFolder: true },
      async (session) => {
        const { client } = session;
        const article = session.open('texts/other.txt');
        await client.waitForDiagnostics(article, unattributed(3));
        const status = await client.request<{ sidecar: string }>('articleAnnotations/status', { uri: article });
        assert.equal(status.sidecar, session.uri('notes.ann.yaml'));
        const hover = await client.hover(article, client.textOf(article).indexOf('Wladiwostok'));
        assert.ok(hover, 'a hover on a place in the article');
      },
    );
  });

  it('the one walk at start-up pairs an `article:` key for the open article and for the index', async () => {
    await withSession(
      {
        files: {
          'texts/other.txt': KIM_ARTICLE,
          'notes.ann.yaml': EXPLICIT_SIDECAR,
          'texts/closed.txt': KIM_ARTICLE,
          'closed-notes.ann.yaml': EXPLICIT_SIDECAR.replace('texts/other.txt', 'texts/closed.txt'),
        },
        workspaceFolder: true,
      },
      async (session) => {
        const { client } = session;
        const article = session.open('texts/other.txt');
        await client.waitForDiagnostics(article, unattributed(3));
        await client.waitForProgressEnd('Indexing articles');
        // The index paired the closed article with the sidecar that names it, as the workspace
        // pairs it when it is asked about it.
        const report = await client.request<SourcesReport>('articleAnnotations/sourcesReport', {
          scope: 'workspace',
          uri: article,
          nonce: 'n0nce',
          cspSource: 'vscode-webview://test',
        });
        assert.deepEqual(
          report.report.articles.map((row) => [row.article, row.status]),
          [
            ['texts/closed.txt', 'annotated'],
            ['texts/other.txt', 'annotated'],
          ],
        );
        const closed = await client.request<{ sidecar: string }>('articleAnnotations/status', {
          uri: session.uri('texts/closed.txt'),
        });
        assert.equal(closed.sidecar, session.uri('closed-notes.ann.yaml'));
      },
    );
  });

  it('`article: texts/other.txt` pairs once the sidecar was opened, and stays paired after it closes', async () => {
    await withSession(
      { files: { 'texts/other.txt': KIM_ARTICLE, 'notes.ann.yaml': EXPLICIT_SIDECAR } },
      async (session) => {
        const { client } = session;
        const article = session.open('texts/other.txt');
        await client.settle();
        assert.ok(!client.diagnosticsOf(article)?.length, 'not paired before the sidecar is known');
        const sidecar = session.open('notes.ann.yaml');
        await client.waitForDiagnostics(article, unattributed(3));
        await client.waitForDiagnostics(sidecar, (d) => d.length === 0);
        assert.ok((await client.semanticTokens(article)).length > 0);
        client.close(sidecar);
        await client.settle();
        assert.ok(unattributed(3)(client.diagnosticsOf(article)!));
        assert.ok((await client.semanticTokens(article)).length > 0);
      },
    );
  });

  it('a sidecar on disk that stops naming the article no longer annotates it', async () => {
    await withSession(
      { files: { 'texts/other.txt': KIM_ARTICLE, 'notes.ann.yaml': EXPLICIT_SIDECAR }, workspaceFolder: true },
      async (session) => {
        const { client } = session;
        const article = session.open('texts/other.txt');
        await client.waitForDiagnostics(article, unattributed(3));
        // Now it annotates notes.txt, by its name.
        fs.writeFileSync(session.file('notes.ann.yaml'), KIM_SIDECAR);
        client.filesChanged([{ file: session.file('notes.ann.yaml'), type: FileChangeType.Changed }]);
        await client.waitForDiagnostics(article, (d) => d.length === 0);
        assert.deepEqual(await client.semanticTokens(article), []);
        assert.equal(await client.request('articleAnnotations/status', { uri: article }), null);
      },
    );
  });

  it('an open sidecar edited to stop naming the article no longer annotates it', async () => {
    await withSession(
      { files: { 'texts/other.txt': KIM_ARTICLE, 'notes.ann.yaml': EXPLICIT_SIDECAR } },
      async (session) => {
        const { client } = session;
        const article = session.open('texts/other.txt');
        const sidecar = session.open('notes.ann.yaml');
        await client.waitForDiagnostics(article, unattributed(3));
        client.replace(sidecar, 'article: texts/other.txt\n', '');
        await client.waitForDiagnostics(article, (d) => d.length === 0);
        assert.deepEqual(await client.semanticTokens(article), []);
      },
    );
  });

  it('a sidecar that names the article, created on disk while the article is open, annotates it', async () => {
    await withSession({ files: { 'texts/other.txt': KIM_ARTICLE }, workspaceFolder: true }, async (session) => {
      const { client } = session;
      const article = session.open('texts/other.txt');
      await client.settle();
      fs.writeFileSync(session.file('notes.ann.yaml'), EXPLICIT_SIDECAR);
      client.filesChanged([{ file: session.file('notes.ann.yaml'), type: FileChangeType.Created }]);
      await client.waitForDiagnostics(article, unattributed(3));
    });
  });

  it('with sidecarSuffix .notes.yaml, the workspace index finds sidecars that name their article', async () => {
    await withSession(
      {
        files: { 'texts/other.txt': KIM_ARTICLE, 'notes.notes.yaml': EXPLICIT_SIDECAR },
        settings: { sidecarSuffix: '.notes.yaml' },
        workspaceFolder: true,
      },
      async (session) => {
        const article = session.open('texts/other.txt');
        await session.client.waitForDiagnostics(article, unattributed(3));
      },
    );
  });

  it('an article claimed by two sidecars gets the diagnostics of one pair, the one its tokens and status use', async () => {
    await withSession(
      {
        files: {
          'kim-putin.txt': KIM_ARTICLE,
          'kim-putin.ann.yaml': KIM_SIDECAR,
          'notes.ann.yaml':
            'version: 1\narticle: kim-putin.txt\nentities:\n  putin: {type: person, name: Wladimir Putin}\n',
        },
        workspaceFolder: true,
      },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        session.open('notes.ann.yaml');
        session.open('kim-putin.ann.yaml');
        await client.waitForDiagnostics(article, (d) => d.length > 0);
        await client.settle();
        const diagnostics = client.diagnosticsOf(article)!;
        const places = diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
        assert.deepEqual(places, [...new Set(places)], 'the same diagnostic twice');
        const status = await client.request<{ unattributed: number }>('articleAnnotations/status', { uri: article });
        assert.equal(diagnostics.length, status.unattributed);
      },
    );
  });
});
