/**
 * Diagnostics, in process: which codes each file of a pair gets, for the samples and for broken
 * input, as the server converts them for the editor (range, severity, source, documentation
 * link, data). That the server publishes them, pairs files on disk and agrees with the
 * command-line checker is tested over stdio in test/lsp/diagnostics.test.ts.
 */

import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { articleHover, sidecarHover } from '../../server/src/features/hover';
import { articleTokens, encodeTokens } from '../../server/src/features/semanticTokens';
import { statusOf } from '../../server/src/features/status';
import { codesOf, messageOf, showDiagnostics } from '../support/lspText';
import { analysePair, type Pair, type Side } from '../support/pair';
import { KIM_ARTICLE, KIM_SIDECAR, sample } from '../support/samples';

/** A file's diagnostics: exactly these codes, in any order, or codes that pass a test. */
type Expected = string[] | ((codes: string[]) => boolean);

interface DiagnosticsCase {
  name: string;
  article: string;
  sidecar: string;
  articleName?: string;
  expect: Partial<Record<Side, Expected>>;
  /** Further checks once the diagnostics are as expected. */
  also?: (pair: Pair, diagnostics: Record<Side, Diagnostic[]>) => void;
}

const unattributed = (n: number): string[] => Array<string>(n).fill('unattributed-quote');
const suggestedSpeakers = (diagnostics: Diagnostic[]): (string | undefined)[] =>
  diagnostics.map((d) => (d.data as { suggestedSpeaker?: string }).suggestedSpeaker);

/** Hover, tokens and status must still answer (with anything) for both files of a broken pair. */
function stillAnswers(pair: Pair): void {
  const { analysis } = pair.result;
  articleHover(analysis, 0);
  sidecarHover(analysis, 0);
  encodeTokens(articleTokens(analysis), analysis);
  assert.ok(statusOf(pair.result, { uriOf: (file) => file }));
}

const CASES: DiagnosticsCase[] = [
  {
    name: 'the German sample: three unattributed quotes, each suggesting Putin, on the quote with its marks',
    article: KIM_ARTICLE,
    sidecar: KIM_SIDECAR,
    expect: { article: unattributed(3), sidecar: [] },
    also: (_pair, diagnostics) => {
      for (const diagnostic of diagnostics.article) {
        assert.equal(diagnostic.source, 'article-annotations');
        assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
        assert.ok(diagnostic.codeDescription?.href.endsWith('diagnostics.md#unattributed-quote'));
        assert.match(messageOf(diagnostic), /Suggested speaker: Wladimir Putin/u);
        assert.equal((diagnostic.data as { suggestedSpeaker?: string }).suggestedSpeaker, 'putin');
        // The range covers the quote with its marks.
        const start = diagnostic.range.start;
        const line = KIM_ARTICLE.split('\n')[start.line];
        assert.equal(line[start.character], '„', `a diagnostic starts at ${JSON.stringify(start)}`);
      }
    },
  },
  {
    name: 'the English sample',
    article: sample('election-night.txt'),
    sidecar: sample('election-night.ann.yaml'),
    expect: { article: unattributed(3) },
    also: (_pair, diagnostics) => {
      assert.deepEqual(suggestedSpeakers(diagnostics.article), ['thomas-harper', 'gary-lindqvist', 'maria-okafor']);
    },
  },
  {
    name: 'the French Markdown sample: quotes in « » are found and attributed',
    article: sample('port-strike.md'),
    sidecar: sample('port-strike.ann.yaml'),
    articleName: 'port-strike.md',
    expect: { article: unattributed(2), sidecar: [] },
    also: (_pair, diagnostics) => {
      assert.deepEqual(suggestedSpeakers(diagnostics.article), ['helene-vasseur', 'mathieu-rossi']);
      assert.ok(
        diagnostics.article.every((d) => messageOf(d).includes('«')),
        showDiagnostics(diagnostics.article),
      );
    },
  },
  {
    name: 'broken YAML: a yaml-syntax error in the sidecar, and every feature still answers',
    article: KIM_ARTICLE,
    sidecar: 'version: 1\nentities:\n  putin:\n    type: person\n    name: [Wladimir Putin\nquotes: {\n',
    expect: { article: unattributed(6), sidecar: ['schema', 'schema', 'yaml-syntax', 'yaml-syntax'] },
    also: stillAnswers,
  },
  {
    name: 'a sidecar that is not YAML at all',
    article: KIM_ARTICLE,
    sidecar: '\t- ]: {{ &&& "\n  : :\n',
    expect: { article: unattributed(6), sidecar: (codes) => codes.includes('yaml-syntax') },
    also: stillAnswers,
  },
  {
    name: 'an empty sidecar: no complaint, every speech quote unattributed',
    article: KIM_ARTICLE,
    sidecar: '',
    expect: { article: unattributed(6), sidecar: [] },
    also: stillAnswers,
  },
];

function satisfies(expected: Expected, diagnostics: Diagnostic[]): boolean {
  if (typeof expected === 'function') return expected(codesOf(diagnostics));
  return JSON.stringify(codesOf(diagnostics)) === JSON.stringify([...expected].sort());
}

function check(testCase: DiagnosticsCase): void {
  const pair = analysePair(testCase);
  const diagnostics = { article: pair.diagnostics('article'), sidecar: pair.diagnostics('sidecar') };
  for (const side of ['article', 'sidecar'] as const) {
    const expected = testCase.expect[side];
    if (expected === undefined) continue;
    const wanted = Array.isArray(expected) ? `[${expected.join(', ')}]` : String(expected);
    assert.ok(
      satisfies(expected, diagnostics[side]),
      `${side}: expected ${wanted}, got\n${showDiagnostics(diagnostics[side])}`,
    );
  }
  testCase.also?.(pair, diagnostics);
}

describe('diagnostics', () => {
  for (const testCase of CASES) it(testCase.name, () => check(testCase));
});
