/**
 * Hostile input at the engine level, case by case: YAML bombs and deep nesting are refused
 * quickly, files over the size limit get one diagnostic instead of an analysis, pathological
 * quotation marks take linear time, and no regular expression in the project backtracks
 * catastrophically (every one is found in the sources and run against adversarial text).
 *
 * Times are compared with generous bounds or with each other, never with tight absolute limits,
 * so that a slow CI machine does not fail the suite.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { analyze, parseSidecar, type Analysis, type CoreDiagnostic } from '../../server/src/core';
import { analyzeReads, readTextFile } from '../../server/src/files';

const ROOT = path.resolve(__dirname, '../../..');

function elapsed<T>(run: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = run();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const codes = (diagnostics: readonly CoreDiagnostic[]): string[] => diagnostics.map((d) => d.code);

// YAML bombs: each must be refused with a yaml-syntax error, quickly.

/** The classic "billion laughs": each level aliases the one before nine times. */
function billionLaughs(levels: number, indent = ''): string {
  const lines = [`${indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `${indent}a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return lines.join('\n') + '\n';
}

interface BombCase {
  name: string;
  sidecar: string;
}

const BOMBS: BombCase[] = [
  { name: 'the billion laughs at the top level', sidecar: billionLaughs(9) },
  { name: 'the billion laughs inside entities', sidecar: `version: 1\nentities:\n${billionLaughs(10, '  ')}` },
  {
    name: 'quote entries doubling twenty times',
    sidecar:
      'version: 1\nentities:\n  putin: {type: person, name: Putin}\nquotes:\n  - &q0 {text: Wir kommen morgen, speaker: putin}\n' +
      Array.from({ length: 20 }, (_, i) => `  - &q${i + 1} [*q${i}, *q${i}]`).join('\n') +
      '\n',
  },
  {
    name: 'merge keys that double',
    sidecar:
      'version: 1\nentities:\n  e0: &e0 {type: person, name: A}\n' +
      Array.from({ length: 30 }, (_, i) => `  e${i + 1}: &e${i + 1} {<<: [*e${i}, *e${i}], name: A}`).join('\n') +
      '\n',
  },
];

/** Generous: refusing takes milliseconds; expanding a bomb would take hours or all memory. */
const BOMB_MS = 2000;

// Deep nesting. Beyond about 1,000 levels the yaml package runs out of stack, and V8 may abort
// the whole process when it parses such a text a second time; the sidecar must be refused first.

const DEEP: { name: string; sidecar: string }[] = [
  { name: '2,000 nested [', sidecar: '['.repeat(2000) + '\n' },
  { name: '2,000 nested [ closed again', sidecar: 'entities: ' + '['.repeat(2000) + ']'.repeat(2000) + '\n' },
  { name: '2,000 nested flow maps', sidecar: 'entities: ' + '{a: '.repeat(2000) + 'x' + '}'.repeat(2000) + '\n' },
  { name: '2,000 nested compact sequences', sidecar: 'quotes:\n' + '- '.repeat(2000) + 'x\n' },
  {
    name: '2,000 nested block maps',
    sidecar: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n',
  },
  {
    name: '2,000 nested block sequences',
    sidecar: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n',
  },
];

// Files over the size limit.

interface SizeCase {
  name: string;
  article: string | undefined;
  sidecar: string;
  limit: number;
  expect: { article: string[]; sidecar: string[]; analysed: boolean };
}

const SMALL_SIDECAR =
  'version: 1\nlanguage: de\nentities:\n  putin: {type: person, name: Wladimir Putin, aliases: [Putin]}\n';
const QUOTES = 'Putin sagte: „Wir kommen morgen früh an und bleiben.“\n';

const SIZES: SizeCase[] = [
  {
    name: 'an article over the limit: one file-too-large on the article, no quotes or mentions',
    article: QUOTES.repeat(100),
    sidecar: SMALL_SIDECAR,
    limit: 1000,
    expect: { article: ['file-too-large'], sidecar: [], analysed: false },
  },
  {
    name: 'a sidecar over the limit: one file-too-large on the sidecar, the article analysed without it',
    article: QUOTES,
    sidecar: SMALL_SIDECAR + '# padding\n'.repeat(200),
    limit: 1000,
    expect: { article: ['unattributed-quote'], sidecar: ['file-too-large'], analysed: true },
  },
  {
    name: 'both over the limit: one file-too-large each',
    article: QUOTES.repeat(100),
    sidecar: SMALL_SIDECAR + '# padding\n'.repeat(200),
    limit: 1000,
    expect: { article: ['file-too-large'], sidecar: ['file-too-large'], analysed: false },
  },
  {
    name: 'exactly at the limit: analysed',
    article: 'x'.repeat(1000 - QUOTES.length) + QUOTES,
    sidecar: SMALL_SIDECAR,
    limit: 1000,
    expect: { article: ['unattributed-quote'], sidecar: [], analysed: true },
  },
  {
    name: 'an article of 100,000 unpaired marks over a limit of 1,000: one diagnostic, not 100,000',
    article: '„'.repeat(100_000),
    sidecar: SMALL_SIDECAR,
    limit: 1000,
    expect: { article: ['file-too-large'], sidecar: [], analysed: false },
  },
];

// Linear time.

interface LinearCase {
  name: string;
  unit: string;
  language: string;
}

const LINEAR: LinearCase[] = [
  { name: 'German opening marks „', unit: '„', language: 'de' },
  { name: 'English curly marks “', unit: '“', language: 'en' },
  { name: 'straight double quotes "', unit: '"', language: 'en' },
  { name: "apostrophes '", unit: "'", language: 'en' },
  { name: 'French guillemets «', unit: '«', language: 'fr' },
  { name: 'mixed marks between words', unit: '„a “b ”c «d ‚e ', language: 'de' },
];

/** The fastest of a few runs: the least disturbed by garbage collection and other processes. */
function fastest(run: () => unknown, times = 3): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) best = Math.min(best, elapsed(run).ms);
  return best;
}

function marks(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

describe('hostile input: YAML bombs', function () {
  for (const bomb of BOMBS) {
    it(`${bomb.name} is refused with yaml-syntax in bounded time`, function () {
      const { value, ms } = elapsed(() => analyze({ article: 'Putin sagte: „Ja.“\n', sidecar: bomb.sidecar }));
      assert.ok(codes(value.sidecarDiagnostics).includes('yaml-syntax'), codes(value.sidecarDiagnostics).join(', '));
      assert.ok(ms < BOMB_MS, `took ${ms.toFixed(0)} ms`);
    });
  }
});

describe('hostile input: deep nesting', function () {
  for (const deep of DEEP) {
    it(`${deep.name}: one yaml-syntax error, nothing read`, function () {
      const { value, ms } = elapsed(() => parseSidecar(deep.sidecar));
      assert.deepEqual(codes(value.diagnostics), ['yaml-syntax']);
      assert.match(value.diagnostics[0].message, /nests collections more than 100 levels deep/u);
      assert.deepEqual(value.sidecar.entities, []);
      assert.ok(ms < BOMB_MS, `took ${ms.toFixed(0)} ms`);
      // Edits must not parse it either: its document is empty and carries the error.
      assert.ok(value.document.errors.length > 0);
    });
  }

  it('100 levels are still read as YAML, with the parser’s own errors', function () {
    const parsed = parseSidecar('entities: ' + '['.repeat(100) + ']'.repeat(100) + '\n');
    assert.ok(!parsed.diagnostics.some((d) => /nests collections/u.test(d.message)));
  });

  it('parsing every deep shape three times does not abort the process (regression)', function () {
    this.timeout(30_000);
    // The abort cannot be caught, so it runs in a process of its own; an abort shows as its exit.
    const script = `
      const { parseSidecar } = require(${JSON.stringify(path.join(ROOT, 'out/server/src/core'))});
      const inputs = ${JSON.stringify(DEEP.map((deep) => deep.sidecar))};
      for (let i = 0; i < 3; i++) for (const input of inputs) parseSidecar(input);
      console.log('survived');
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 25_000 });
    assert.equal(
      child.stdout.trim(),
      'survived',
      `exit ${child.status} ${child.signal ?? ''}\n${child.stderr.slice(0, 2000)}`,
    );
  });
});

describe('hostile input: files over the size limit', function () {
  for (const testCase of SIZES) {
    it(testCase.name, function () {
      const analysis: Analysis = analyze({
        article: testCase.article,
        sidecar: testCase.sidecar,
        settings: { maxFileSize: testCase.limit },
      });
      assert.deepEqual([...new Set(codes(analysis.articleDiagnostics))], testCase.expect.article);
      if (testCase.expect.article.includes('file-too-large')) assert.equal(analysis.articleDiagnostics.length, 1);
      assert.deepEqual(codes(analysis.sidecarDiagnostics), testCase.expect.sidecar);
      assert.equal(analysis.articleAnalysed, testCase.expect.analysed);
      if (!testCase.expect.analysed) {
        assert.deepEqual(analysis.quotes, []);
        assert.deepEqual(analysis.mentions, []);
      }
    });
  }

  it('files far over the limit are not even read: one file-too-large each, from the size on disk', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-hostile-'));
    try {
      const article = path.join(dir, 'big.txt');
      const sidecar = path.join(dir, 'big.ann.yaml');
      fs.writeFileSync(article, QUOTES.repeat(1000));
      fs.writeFileSync(sidecar, SMALL_SIDECAR + '#'.repeat(10_000));
      const limit = 1000;
      const [articleRead, sidecarRead] = [await readTextFile(article, limit), await readTextFile(sidecar, limit)];
      assert.ok(!articleRead.ok && articleRead.tooLarge !== undefined, 'the article was read');
      assert.ok(!sidecarRead.ok && sidecarRead.tooLarge !== undefined, 'the sidecar was read');
      const result = analyzeReads({
        articleFile: article,
        article: articleRead,
        sidecarFile: sidecar,
        sidecar: sidecarRead,
        parsed: undefined,
        settings: { maxFileSize: limit },
      });
      const byFile = (file: string): string[] =>
        result.diagnostics.filter((d) => d.file === file).map((d) => d.diagnostic.code);
      assert.deepEqual(byFile(article), ['file-too-large']);
      assert.deepEqual(byFile(sidecar), ['file-too-large']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile input: linear time', function () {
  for (const testCase of LINEAR) {
    it(`100,000 ${testCase.name} take about twice as long as 50,000, not four times`, function () {
      this.timeout(60_000);
      const run = (length: number) => () =>
        analyze({ article: marks(testCase.unit, length), sidecar: `version: 1\nlanguage: ${testCase.language}\n` });
      // Warm up, so that the first measurement does not include compiling the engine.
      run(50_000)();
      const half = fastest(run(50_000));
      const full = fastest(run(100_000));
      // Linear time doubles; quadratic time would quadruple. The margin absorbs noise.
      assert.ok(full / half < 3, `50,000: ${half.toFixed(0)} ms, 100,000: ${full.toFixed(0)} ms`);
    });
  }

  it('10,000 entities sharing an alias: diagnostics of linear size (regression)', function () {
    this.timeout(30_000);
    const lines = ['version: 1', 'language: de', 'entities:'];
    for (let i = 0; i < 10_000; i++) lines.push(`  e${i}: {type: person, name: Name${i} Person, aliases: [Putin]}`);
    const { value, ms } = elapsed(() => analyze({ article: 'Putin sagte: „Ja.“\n', sidecar: lines.join('\n') + '\n' }));
    const shared = value.sidecarDiagnostics.filter((d) => d.code === 'shared-alias');
    assert.equal(shared.length, 9_999);
    // Each diagnostic once carried the ids of all 10,000 entities: 10^8 strings for the editor.
    const size = JSON.stringify(value.sidecarDiagnostics).length;
    assert.ok(size < 20_000_000, `the diagnostics are ${size} characters of JSON`);
    assert.ok(ms < 20_000, `took ${ms.toFixed(0)} ms`);
  });
});

// Regular expressions.

/** Where regular expressions may be: the server, the client and the scripts. */
const SOURCE_FOLDERS = ['server/src', 'client/src', 'scripts'];
const SOURCE_EXTENSIONS = /\.(?:ts|mts|cts|js|mjs|cjs)$/u;

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(path.join(ROOT, folder));
  return files.sort();
}

/**
 * Every regular expression in the sources: literals, and `RegExp(…)` or `new RegExp(…)` calls
 * with literal arguments. A call with computed arguments cannot be tested here and fails the
 * test, so that it is looked at by hand.
 */
function findRegexes(): { found: FoundRegex[]; dynamic: string[] } {
  const found: FoundRegex[] = [];
  const dynamic: string[] = [];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    const kind = /\.(?:js|mjs|cjs)$/u.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const where = (node: ts.Node): string =>
      `${path.relative(ROOT, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const end = literal.lastIndexOf('/');
        found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
          found.push({ where: where(node), source: pattern.text, flags: flags?.text ?? '' });
        } else {
          dynamic.push(`${where(node)}: ${node.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { found, dynamic };
}

/**
 * Characters that make a regular expression work hard: those it names (literally, in classes
 * and ranges, and through escapes), and a few of every kind. Backtracking blows up on long runs
 * of characters that several parts of a pattern can each match.
 */
function charactersOf(source: string): string[] {
  const chars = new Set<string>();
  const escapes: Record<string, string[]> = {
    s: [' ', '\t', '\n', '\u00a0'],
    S: ['a'],
    d: ['1'],
    D: ['a'],
    w: ['a', '_', '1'],
    W: [' ', '-'],
    n: ['\n'],
    r: ['\r'],
    t: ['\t'],
  };
  const properties: Record<string, string[]> = {
    L: ['a', 'é', 'Ж'],
    Lu: ['A', 'Ä'],
    Lt: ['ǅ'],
    Ll: ['a', 'ß'],
    Lo: ['の'],
    N: ['1', '٣'],
    Nd: ['1'],
    M: ['\u0301'],
    Mn: ['\u0301'],
    Cc: ['\u0001'],
    Cs: ['\ud800'],
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[++i];
      if (next === 'p' || next === 'P') {
        const close = source.indexOf('}', i);
        for (const char of properties[source.slice(i + 2, close)] ?? ['a']) chars.add(char);
        i = close;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/u.test(source.slice(i + 1, i + 5))) {
        chars.add(String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16)));
        i += 4;
      } else if (next !== undefined) {
        for (const char of escapes[next] ?? (/[a-zA-Z0-9]/u.test(next) ? [] : [next])) chars.add(char);
      }
    } else if (!'^$|()[]{}*+?'.includes(c)) {
      chars.add(c === '.' ? 'a' : c);
    }
  }
  for (const char of [' ', 'a', 'A', '1', '.', '-', '"', "'", '„', '“', '\n', ':', '#', '…', '\u0301', '😀']) {
    chars.add(char);
  }
  return [...chars];
}

const LENGTH = 50_000;
/** Generous: a linear scan of 50,000 characters takes well under a millisecond or two. */
const REGEX_MS = 200;

/** Adversarial inputs for a pattern: long runs of each character, of pairs, with a failing end. */
function adversarialInputs(regex: FoundRegex): { name: string; text: string }[] {
  const chars = charactersOf(regex.source);
  const inputs: { name: string; text: string }[] = [];
  // A literal start after `^` gets the run past it, where the work is.
  const prefix = /^\^((?:[^\\^$|()[\]{}*+?.]|\\[^a-zA-Z0-9])*)/u.exec(regex.source)?.[1]?.replace(/\\/gu, '') ?? '';
  for (const char of chars) {
    const run = char.repeat(Math.ceil(LENGTH / char.length)).slice(0, LENGTH);
    for (const end of ['', '!', '\u0000', 'a']) {
      inputs.push({ name: `${JSON.stringify(char)} x ${LENGTH} + ${JSON.stringify(end)}`, text: run + end });
      if (prefix)
        inputs.push({ name: `${JSON.stringify(prefix)} + run of ${JSON.stringify(char)}`, text: prefix + run + end });
    }
  }
  const named = chars.slice(0, 12);
  for (const a of named) {
    for (const b of named) {
      if (a === b) continue;
      inputs.push({ name: `${JSON.stringify(a + b)} x ${LENGTH / 2} + "!"`, text: (a + b).repeat(LENGTH / 2) + '!' });
    }
  }
  // The classic: a run that almost matches, then a character that makes the whole match fail.
  inputs.push({ name: '"aaaa…!"', text: 'a'.repeat(LENGTH) + '!' });
  return inputs;
}

/** Runs a regular expression the ways the code does: one match, or every match for /g. */
function runRegex(regex: FoundRegex, text: string): void {
  const compiled = new RegExp(regex.source, regex.flags);
  if (compiled.global || compiled.sticky) text.replace(compiled, '');
  else compiled.exec(text);
}

describe('hostile input: regular expressions', function () {
  const { found, dynamic } = findRegexes();

  it('are all found in the sources, and none is built from computed text', function () {
    // The sources have many; finding none would mean the search is broken.
    assert.ok(found.length > 50, `only ${found.length} regular expressions found`);
    assert.deepEqual(dynamic, [], 'regular expressions built at run time cannot be checked here');
  });

  for (const regex of found) {
    it(`${regex.where} /${regex.source}/${regex.flags} is linear on adversarial input`, function () {
      this.timeout(60_000);
      for (const input of adversarialInputs(regex)) {
        const { ms } = elapsed(() => runRegex(regex, input.text));
        assert.ok(ms < REGEX_MS, `${input.name}: ${ms.toFixed(0)} ms`);
      }
    });
  }
});
