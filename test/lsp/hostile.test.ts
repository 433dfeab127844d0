/**
 * Hostile files over the real protocol, case by case: articles that are not text, `article:`
 * keys that point where they must not, and files over the size limit. Each problem must give
 * one clear diagnostic. The last cases are the inputs the fuzzer (test/fuzz) found problems
 * with, kept as regressions. Tested in process instead: sidecars that try to get HTML, command
 * links, remote images or endless text into a hover card (test/features/hover.test.ts), and a
 * code action request over 2,000 diagnostics (test/features/codeActions.test.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { FileChangeType, messageOf, offsetAt } from '../support/lspClient';
import { codesOf, shareServer, showDiagnostics, withSession } from './fixtures';

const ENTITIES = 'entities:\n  putin: {type: person, name: Wladimir Putin, aliases: [Putin]}\n';

/** A small German sidecar, with an `article:` key when one is given. */
function sidecar(article?: string): string {
  return `version: 1\nlanguage: de\n${article !== undefined ? `article: ${article}\n` : ''}${ENTITIES}`;
}

const ARTICLE = 'Wladimir Putin sagte: „Wir kommen morgen früh an und bleiben.“ Putin lachte.\n';

// Files that cannot be the article.

interface FileCase {
  name: string;
  files: Record<string, string | Buffer>;
  /** The sidecar to open; its diagnostics are checked. */
  sidecar: string;
  expect: {
    code: string;
    message: RegExp;
    /** The sidecar text the diagnostic's range covers. */
    covers: string;
  };
}

const FILE_CASES: FileCase[] = [
  {
    name: 'a binary article (NUL bytes) on disk',
    files: { 'werk.txt': Buffer.from('Putin sagte: „Ja.“\u0000\u0000\u0001', 'utf8'), 'werk.ann.yaml': sidecar() },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'unreadable-file',
      message: /^The article 'werk\.txt' cannot be read: it is a binary file \(it contains NUL bytes\)\.$/u,
      covers: '',
    },
  },
  {
    name: 'an article in UTF-16 (NUL bytes between the letters)',
    files: { 'werk.txt': Buffer.from('\ufeffPutin sagte: „Ja.“', 'utf16le'), 'werk.ann.yaml': sidecar() },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'unreadable-file',
      message: /^The article 'werk\.txt' cannot be read: it is a binary file/u,
      covers: '',
    },
  },
  {
    name: 'an article that is not valid UTF-8 (Latin-1)',
    files: {
      'werk.txt': Buffer.concat([Buffer.from('Gr', 'latin1'), Buffer.from([0xfc, 0xdf]), Buffer.from('e, sagte er.')]),
      'werk.ann.yaml': sidecar(),
    },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'unreadable-file',
      message: /^The article 'werk\.txt' cannot be read: it is not valid UTF-8 text\.$/u,
      covers: '',
    },
  },
  {
    name: '`article:` outside the folder tree, to a file that exists',
    files: { 'outside.txt': ARTICLE, 'news/werk.ann.yaml': sidecar('../outside.txt') },
    sidecar: 'news/werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article '\.\.\/outside\.txt' points outside the sidecar's folder\.$/u,
      covers: '../outside.txt',
    },
  },
  {
    name: '`article:` far outside, through a folder below',
    files: { 'news/werk.ann.yaml': sidecar('texts/../../../../../etc/passwd') },
    sidecar: 'news/werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article 'texts\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd' points outside the sidecar's folder\.$/u,
      covers: 'texts/../../../../../etc/passwd',
    },
  },
  {
    name: '`article:` an absolute path',
    files: { 'werk.ann.yaml': sidecar('/etc/passwd') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article must be a path relative to the sidecar's folder, not '\/etc\/passwd'\.$/u,
      covers: '/etc/passwd',
    },
  },
  {
    name: '`article:` a file URL',
    files: { 'werk.ann.yaml': sidecar('file:///etc/passwd') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article must be a path relative to the sidecar's folder, not 'file:\/\/\/etc\/passwd'\.$/u,
      covers: 'file:///etc/passwd',
    },
  },
  {
    name: '`article:` a folder that exists',
    files: { 'texts/other.txt': ARTICLE, 'werk.ann.yaml': sidecar('texts') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'unreadable-file',
      message: /^The article 'texts' cannot be read: it is a folder, not a file\.$/u,
      covers: 'texts',
    },
  },
  {
    name: '`article:` a path that ends at a folder',
    files: { 'texts/other.txt': ARTICLE, 'werk.ann.yaml': sidecar('texts/..') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article 'texts\/\.\.' names a folder, not a file\.$/u,
      covers: 'texts/..',
    },
  },
  {
    name: '`article:` the sidecar itself',
    files: { 'werk.ann.yaml': sidecar('werk.ann.yaml') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article 'werk\.ann\.yaml' names this sidecar itself, not an article\.$/u,
      covers: 'werk.ann.yaml',
    },
  },
  {
    name: '`article:` the sidecar itself, by way of a folder',
    files: { 'texts/other.txt': ARTICLE, 'werk.ann.yaml': sidecar('texts/../werk.ann.yaml') },
    sidecar: 'werk.ann.yaml',
    expect: {
      code: 'invalid-article-path',
      message: /^article 'texts\/\.\.\/werk\.ann\.yaml' names this sidecar itself, not an article\.$/u,
      covers: 'texts/../werk.ann.yaml',
    },
  },
  {
    name: '`article:` a file that does not exist',
    files: { 'werk.ann.yaml': sidecar('gone.txt') },
    sidecar: 'werk.ann.yaml',
    expect: { code: 'article-not-found', message: /^The article 'gone\.txt' does not exist\.$/u, covers: 'gone.txt' },
  },
];

// Files over the size limit (the setting is in megabytes of text; 0.1 is its minimum).

const LIMIT_MB = 0.1;
const LIMIT = Math.round(LIMIT_MB * 1024 * 1024);

interface SizeCase {
  name: string;
  files: Record<string, string>;
  /** Files to open, with their text from disk. */
  open: string[];
  /** The one file that gets the single file-too-large diagnostic. */
  tooLarge: string;
  message: RegExp;
}

const BIG_ARTICLE = ARTICLE.repeat(Math.ceil((2 * LIMIT) / ARTICLE.length));
const HUGE_ARTICLE = ARTICLE.repeat(Math.ceil((5 * LIMIT) / ARTICLE.length));

const SIZE_CASES: SizeCase[] = [
  {
    name: 'an article over maxFileSize, open in the editor',
    files: { 'werk.txt': BIG_ARTICLE, 'werk.ann.yaml': sidecar() },
    open: ['werk.txt'],
    tooLarge: 'werk.txt',
    message:
      /^This article is 0\.2 MB of text, more than the limit of 0\.1 MB \(setting articleAnnotations\.maxFileSize\); it is not analysed\.$/u,
  },
  {
    name: 'an article over four times maxFileSize, only on disk (not even read)',
    files: { 'werk.txt': HUGE_ARTICLE, 'werk.ann.yaml': sidecar() },
    open: ['werk.ann.yaml'],
    tooLarge: 'werk.txt',
    message: /^This article is 0\.\d MB of text, more than the limit of 0\.1 MB/u,
  },
  {
    name: 'a sidecar over maxFileSize',
    files: { 'werk.txt': ARTICLE, 'werk.ann.yaml': sidecar() + '# A comment to make the sidecar long.\n'.repeat(6000) },
    open: ['werk.txt', 'werk.ann.yaml'],
    tooLarge: 'werk.ann.yaml',
    message: /^This sidecar is 0\.2 MB of text, more than the limit of 0\.1 MB/u,
  },
];

function exactlyOne(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.length === 1;
}

describe('LSP: hostile files', () => {
  shareServer();

  for (const testCase of FILE_CASES) {
    it(`${testCase.name}: one ${testCase.expect.code} on the sidecar`, async () => {
      await withSession({ files: testCase.files }, async (session) => {
        const { client } = session;
        const uri = session.open(testCase.sidecar);
        await client.waitForDiagnostics(uri, (d) => d.some((diagnostic) => diagnostic.code === testCase.expect.code));
        await client.settle();
        const diagnostics = client.diagnosticsOf(uri) ?? [];
        assert.ok(exactlyOne(diagnostics), `expected one diagnostic, got\n${showDiagnostics(diagnostics)}`);
        const [diagnostic] = diagnostics;
        assert.equal(diagnostic.code, testCase.expect.code);
        assert.match(messageOf(diagnostic), testCase.expect.message);
        const text = client.textOf(uri);
        const covered = text.slice(offsetAt(text, diagnostic.range.start), offsetAt(text, diagnostic.range.end));
        assert.equal(covered, testCase.expect.covers, 'the range of the diagnostic');
        // The sidecar itself was not taken for an article, and every feature still answers.
        assert.deepEqual(await client.semanticTokens(uri), []);
        assert.ok(Array.isArray(await client.request('textDocument/documentSymbol', { textDocument: { uri } })));
      });
    });
  }

  for (const testCase of SIZE_CASES) {
    it(`${testCase.name}: one file-too-large, no analysis`, async () => {
      await withSession({ files: testCase.files, settings: { maxFileSize: LIMIT_MB } }, async (session) => {
        const { client } = session;
        for (const name of testCase.open) session.open(name);
        const uri = session.uri(testCase.tooLarge);
        await client.waitForDiagnostics(uri, (d) => d.some((diagnostic) => diagnostic.code === 'file-too-large'));
        await client.settle();
        const diagnostics = client.diagnosticsOf(uri) ?? [];
        assert.deepEqual(codesOf(diagnostics), ['file-too-large'], showDiagnostics(diagnostics));
        assert.match(messageOf(diagnostics[0]), testCase.message);
        if (testCase.tooLarge.endsWith('.txt') && testCase.open.includes(testCase.tooLarge)) {
          assert.deepEqual(await client.semanticTokens(uri), [], 'an article that is not analysed has no tokens');
          assert.equal(await client.hover(uri, client.textOf(uri).indexOf('Putin')), null);
        }
      });
    });
  }
});

describe('LSP: regressions found by the fuzzer', () => {
  shareServer();

  it('a document closed and opened again starts at version 1 again, and is analysed again', async () => {
    // The analysis cache was keyed by document version, which restarts when a document is
    // opened again: the reopened article got the analysis of the text it had before.
    await withSession({ files: { 'werk.ann.yaml': sidecar() } }, async (session) => {
      const { client } = session;
      const uri = session.open('werk.txt', '');
      client.setText(uri, '„');
      await client.waitForDiagnostics(uri, (d) => codesOf(d).includes('unbalanced-quote-mark'));
      client.close(uri);
      session.open('werk.txt', '');
      client.setText(uri, 'Ruhe.');
      await client.settle();
      assert.deepEqual(client.diagnosticsOf(uri) ?? [], [], showDiagnostics(client.diagnosticsOf(uri)));
      const status = await client.request<{ quotes: number }>('articleAnnotations/status', { uri });
      assert.equal(status.quotes, 0);
    });
  });

  it('a document opened with null text is read from disk: hover and tokens work', async () => {
    await withSession({ files: { 'werk.txt': ARTICLE, 'werk.ann.yaml': sidecar() } }, async (session) => {
      const { client } = session;
      const uri = session.uri('werk.txt');
      // Against the protocol, but sent by some clients: the text is null.
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'plaintext', version: 1, text: null as unknown as string },
      });
      await client.settle();
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: ARTICLE.indexOf('Putin lachte') },
      });
      assert.match(hover?.contents.value ?? '', /Wladimir Putin/u, 'a hover on the person, from the file on disk');
      const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
        textDocument: { uri },
      });
      assert.ok(tokens.data.length > 0, 'tokens for the article');
      // Opened again with its text, it is analysed as an open document.
      client.close(uri);
      session.open('werk.txt', ARTICLE);
      await client.waitForDiagnostics(uri, (d) => codesOf(d).includes('unattributed-quote'));
    });
  });

  it('2,000 nested [ in an open sidecar, edited again and again: one yaml-syntax error, the server lives', async () => {
    // The yaml package recursed once per level; the second parse of such a text could make V8
    // abort the server ("RegExpCompiler Allocation failed"), which nothing can catch.
    await withSession({ files: { 'werk.txt': ARTICLE, 'werk.ann.yaml': '[' } }, async (session) => {
      const { client } = session;
      session.open('werk.txt');
      const uri = session.open('werk.ann.yaml');
      for (let i = 0; i < 5; i++) {
        client.setText(uri, '['.repeat(2000 + i) + '\n');
        const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
        assert.ok(Array.isArray(symbols));
      }
      await client.settle();
      assert.deepEqual(codesOf(client.diagnosticsOf(uri) ?? []), ['yaml-syntax']);
      assert.match(messageOf(client.diagnosticsOf(uri)![0]), /nests collections more than 64 levels deep/u);
    });
  });

  it('10,000 entities sharing an alias are published in reasonable time and size', async function () {
    this.timeout(60_000);
    // Each shared-alias diagnostic carried the ids of all entities sharing the form: 10^8 ids
    // to serialise, and the server never finished.
    const lines = ['version: 1', 'language: de', 'entities:'];
    for (let i = 0; i < 10_000; i++) lines.push(`  e${i}: {type: person, name: Name${i} Person, aliases: [Putin]}`);
    await withSession({ files: { 'werk.txt': ARTICLE, 'werk.ann.yaml': lines.join('\n') + '\n' } }, async (session) => {
      const { client } = session;
      session.open('werk.txt');
      const uri = session.uri('werk.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
      // The first 1,000 are listed, the other 8,999 counted by one too-many-problems.
      assert.equal(diagnostics.filter((d) => d.code === 'shared-alias').length, 1000);
      assert.equal(diagnostics.filter((d) => d.code === 'too-many-problems').length, 1);
      assert.ok(JSON.stringify(diagnostics).length < 20_000_000);
    });
  });

  it('a sidecar deleted on disk and written again is read again', async () => {
    await withSession({ files: { 'werk.txt': ARTICLE, 'werk.ann.yaml': sidecar() } }, async (session) => {
      const { client } = session;
      const uri = session.open('werk.txt');
      await client.waitForDiagnostics(uri, (d) => codesOf(d).includes('unattributed-quote'));
      fs.rmSync(session.file('werk.ann.yaml'));
      client.filesChanged([{ file: session.file('werk.ann.yaml'), type: FileChangeType.Deleted }]);
      await client.waitForDiagnostics(uri, (d) => d.length === 0);
      fs.writeFileSync(session.file('werk.ann.yaml'), '['.repeat(3000));
      client.filesChanged([{ file: session.file('werk.ann.yaml'), type: FileChangeType.Created }]);
      await client.waitForDiagnostics(session.uri('werk.ann.yaml'), (d) => codesOf(d).includes('yaml-syntax'));
    });
  });
});
