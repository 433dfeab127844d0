/**
 * Published diagnostics, end to end through the protocol: which files get which codes once
 * the editor opens an article, its sidecar or both, with files read from disk, and that the
 * editor reports what the command-line checker reports. Each case writes its files to a folder
 * of its own (see fixtures.ts). Which diagnostics a pair of texts gets is tested in process, in
 * test/features/diagnostics.test.ts.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { messageOf, positionAt } from '../support/lspClient';
import { codesOf, KIM_ARTICLE, KIM_SIDECAR, showDiagnostics, withSession, type Session, shareServer } from './fixtures';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/**
 * What a file's diagnostics must be: exactly these codes (in any order; a list, even an empty
 * one, must be published), no diagnostics at all (`'nothing'`: none published or an empty
 * list), or codes that pass a test.
 */
type Expected = string[] | 'nothing' | ((codes: string[]) => boolean);

interface DiagnosticsCase {
  name: string;
  files?: Record<string, string | Buffer>;
  samples?: string[];
  settings?: Record<string, unknown>;
  /** The files the editor opens, in this order; the others are only on disk. */
  open: string[];
  expect: Record<string, Expected>;
  /** Further checks once the diagnostics are as expected. */
  also?: (session: Session, diagnostics: Map<string, Diagnostic[]>) => Promise<void> | void;
}

const unattributed = (n: number): string[] => Array<string>(n).fill('unattributed-quote');

interface CliDiagnostic {
  /** Absolute here; the checker prints it relative to the folder it ran in. */
  file: string;
  range: Diagnostic['range'];
  code: string;
  message: string;
}

/** The `check --format json` output of the command-line checker for a folder. */
function cliDiagnostics(dir: string): CliDiagnostic[] {
  const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 10000,
  });
  if (run.error) throw run.error;
  const entries = JSON.parse(run.stdout) as CliDiagnostic[];
  return entries.map((entry) => ({ ...entry, file: path.resolve(dir, entry.file) }));
}

/** A diagnostic as one line, to compare the server's with the checker's. */
const describeDiagnostic = (d: { range: Diagnostic['range']; code?: unknown; message: unknown }): string =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ` +
  (typeof d.message === 'string' ? d.message : JSON.stringify(d.message));

/** Hover, tokens and status must still answer (with anything) for every file of a broken pair. */
async function stillAnswers(session: Session, names: string[]): Promise<void> {
  for (const name of names) {
    const uri = session.uri(name);
    await session.client.hover(uri, 0);
    await session.client.semanticTokens(uri);
    await session.client.request('articleAnnotations/status', { uri });
  }
}

const CASES: DiagnosticsCase[] = [
  {
    name: 'the German sample: three unattributed quotes, as the checker reports them',
    samples: ['kim-putin.txt', 'kim-putin.ann.yaml'],
    open: ['kim-putin.txt', 'kim-putin.ann.yaml'],
    expect: { 'kim-putin.txt': unattributed(3), 'kim-putin.ann.yaml': [] },
    also: (session, diagnostics) => {
      const article = diagnostics.get('kim-putin.txt')!;
      // Source and data survive the transport (quick fixes and the client read them).
      for (const diagnostic of article) {
        const data = diagnostic.data as { suggestedSpeaker?: string };
        assert.deepEqual([diagnostic.source, data.suggestedSpeaker], ['article-annotations', 'putin']);
      }
      // The editor and the command line must agree, down to ranges and messages.
      const cli = cliDiagnostics(session.dir).filter(
        (entry) => entry.file === session.file('kim-putin.txt') && entry.code === 'unattributed-quote',
      );
      assert.equal(article.length, cli.length, 'the checker reports as many unattributed quotes');
      assert.deepEqual(article.map(describeDiagnostic).sort(), cli.map(describeDiagnostic).sort());
    },
  },
  {
    name: 'only the article open: the sidecar is read from disk',
    samples: ['kim-putin.txt', 'kim-putin.ann.yaml'],
    open: ['kim-putin.txt'],
    expect: { 'kim-putin.txt': unattributed(3) },
  },
  {
    name: 'only the sidecar open: the article, read from disk, gets its diagnostics too',
    samples: ['kim-putin.txt', 'kim-putin.ann.yaml'],
    open: ['kim-putin.ann.yaml'],
    expect: { 'kim-putin.txt': unattributed(3), 'kim-putin.ann.yaml': [] },
  },
  {
    name: 'an article without a sidecar gets nothing',
    files: { 'plain.txt': '„Das ist ein vollständiger Satz mit Zitat.“, sagte Putin.\n' },
    open: ['plain.txt'],
    expect: { 'plain.txt': 'nothing' },
    also: async (session) => {
      const uri = session.uri('plain.txt');
      assert.deepEqual(await session.client.semanticTokens(uri), []);
      assert.equal(await session.client.hover(uri, 3), null);
      assert.equal(await session.client.request('articleAnnotations/status', { uri }), null);
    },
  },
  {
    name: 'a sidecar whose article does not exist: article-not-found at its start',
    files: { 'lonely.ann.yaml': 'version: 1\nentities: {}\n' },
    open: ['lonely.ann.yaml'],
    expect: { 'lonely.ann.yaml': ['article-not-found'] },
    also: async (session, diagnostics) => {
      const [diagnostic] = diagnostics.get('lonely.ann.yaml')!;
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(messageOf(diagnostic), /lonely\.txt/u);
      await stillAnswers(session, ['lonely.ann.yaml']);
    },
  },
  {
    name: 'a sidecar whose `article:` names a missing file: article-not-found on the path',
    files: { 'named.ann.yaml': 'version: 1\narticle: texts/gone.txt\nentities: {}\n' },
    open: ['named.ann.yaml'],
    expect: { 'named.ann.yaml': ['article-not-found'] },
    also: (_session, diagnostics) => {
      const [diagnostic] = diagnostics.get('named.ann.yaml')!;
      const text = 'version: 1\narticle: texts/gone.txt\nentities: {}\n';
      const at = text.indexOf('texts/gone.txt');
      assert.deepEqual(diagnostic.range, {
        start: positionAt(text, at),
        end: positionAt(text, at + 'texts/gone.txt'.length),
      });
    },
  },
  {
    name: 'a sidecar on disk that is not UTF-8: unreadable-file, no crash',
    files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': Buffer.from([0x76, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) },
    open: ['kim-putin.txt'],
    expect: { 'kim-putin.txt': unattributed(6), 'kim-putin.ann.yaml': ['unreadable-file'] },
  },
  {
    name: 'an article over maxFileSize: one file-too-large diagnostic instead of an analysis',
    files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR },
    settings: { maxFileSize: 0.001 },
    open: ['kim-putin.txt'],
    expect: {
      'kim-putin.txt': (codes) => codes.includes('file-too-large') && !codes.includes('unattributed-quote'),
    },
  },
];

function satisfies(expected: Expected, diagnostics: Diagnostic[] | undefined): boolean {
  if (typeof expected === 'function') return diagnostics !== undefined && expected(codesOf(diagnostics));
  if (expected === 'nothing') return diagnostics === undefined || diagnostics.length === 0;
  return diagnostics !== undefined && JSON.stringify(codesOf(diagnostics)) === JSON.stringify([...expected].sort());
}

/** Opens the files of a case, waits for every expected publication, then checks the settled state. */
async function check(testCase: DiagnosticsCase): Promise<void> {
  await withSession(
    { files: testCase.files, samples: testCase.samples, settings: testCase.settings },
    async (session) => {
      const { client } = session;
      for (const name of testCase.open) session.open(name);
      const expectations = Object.entries(testCase.expect);
      for (const [name, expected] of expectations) {
        if (expected === 'nothing') continue;
        await client.waitForDiagnostics(session.uri(name), (diagnostics) => satisfies(expected, diagnostics));
      }
      // Whatever else the server was going to publish is published now; the state must hold.
      await client.settle();
      const diagnostics = new Map<string, Diagnostic[]>();
      for (const [name, expected] of expectations) {
        const published = client.diagnosticsOf(session.uri(name));
        const wanted = Array.isArray(expected) ? `[${expected.join(', ')}]` : String(expected);
        assert.ok(satisfies(expected, published), `${name}: expected ${wanted}, got\n${showDiagnostics(published)}`);
        diagnostics.set(name, published ?? []);
      }
      await testCase.also?.(session, diagnostics);
    },
  );
}

describe('LSP: diagnostics', () => {
  shareServer();

  for (const testCase of CASES) it(testCase.name, () => check(testCase));

  it('every sample pair publishes what the command-line checker reports', async () => {
    const samples = ['kim-putin', 'election-night', 'port-strike'];
    const articles: Record<string, string> = {
      'kim-putin': 'kim-putin.txt',
      'election-night': 'election-night.txt',
      'port-strike': 'port-strike.md',
    };
    await withSession({ samples: samples.flatMap((name) => [articles[name], `${name}.ann.yaml`]) }, async (session) => {
      for (const name of samples) session.open(articles[name]);
      for (const name of samples) await session.client.waitForDiagnostics(session.uri(articles[name]));
      await session.client.settle();
      const cli = cliDiagnostics(session.dir);
      for (const name of samples) {
        for (const file of [articles[name], `${name}.ann.yaml`]) {
          const published = session.client.diagnosticsOf(session.uri(file)) ?? [];
          const expected = cli.filter((entry) => entry.file === session.file(file));
          assert.deepEqual(
            published.map(describeDiagnostic).sort(),
            expected.map(describeDiagnostic).sort(),
            `${file}: the server and the checker disagree`,
          );
        }
      }
    });
  });
});
