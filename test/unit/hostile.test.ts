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
import {
  analyze,
  closestPassage,
  detectQuotes,
  languageProfile,
  matchQuoteEntries,
  MAX_ENTITIES,
  parseSidecar,
  type Analysis,
  type CoreDiagnostic,
  type DetectedQuote,
} from '../../server/src/core';
import { analyzePair, analyzeReads, readTextFile } from '../../server/src/files';
import { SERVER_EXEC_ARGV } from '../../server/src/runtime';
import { LINEAR_CASES } from '../support/linearTime';

const ROOT = path.resolve(__dirname, '../../..');

function elapsed<T>(run: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = run();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * The processor time `run` takes, in milliseconds. Compared with each other, times of runs of
 * different lengths are taken this way: on a busy machine the process waits for a processor now
 * and then, and a short run can fall between those waits where a long one cannot.
 */

const codes = (diagnostics: readonly CoreDiagnostic[]): string[] => diagnostics.map((d) => d.code);

// YAML bombs: each must be refused with a yaml-syntax error, quickly.

/** The classic "billion laughs": each level aliases the one before nine times. */
function billionLaughs(levels: number, indent = ''): string {
  const lines = [`${indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < levels; i++) {
    const aliases = Array.from({ length: 9 }, () => `*a${i - 1}`).join(',');
    lines.push(`${indent}a${i}: &a${i} [${aliases}]`);
  }
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
  {
    name: 'one entity of 5,000 aliases referenced by 990 others',
    sidecar:
      'version: 1\nentities:\n  big: &big {type: person, name: Big, aliases: [' +
      Array.from({ length: 5000 }, (_, i) => `a${i}`).join(', ') +
      ']}\n' +
      Array.from({ length: 990 }, (_, i) => `  e${i}: *big\n`).join(''),
  },
  {
    name: 'a list of 100 aliases referenced by 100 entities',
    sidecar:
      'version: 1\nentities:\n  x: {type: person, name: X, aliases: &forms [' +
      Array.from({ length: 100 }, (_, i) => `a${i}`).join(', ') +
      ']}\n' +
      Array.from({ length: 100 }, (_, i) => `  e${i}: {type: person, name: E${i}, aliases: *forms}\n`).join(''),
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
  // Found by the fuzzer: a line of nothing but indicators was not counted.
  { name: '2,000 nested compact sequences with nothing in them', sidecar: '\n' + '- '.repeat(2000) + '\n' },
  {
    name: '2,000 nested block sequences with nothing in them',
    sidecar: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + '\n',
  },
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
    article: 'x'.repeat(1000 - QUOTES.length - 1) + '\n' + QUOTES,
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

// `article:` keys that must not be followed, as the command line and the server read them.

const ARTICLE_KEYS: { name: string; key: string; files: Record<string, string>; message: RegExp }[] = [
  {
    name: 'the sidecar itself',
    key: 'werk.ann.yaml',
    files: {},
    message: /^article 'werk\.ann\.yaml' names this sidecar itself, not an article\.$/u,
  },
  {
    name: 'the sidecar itself, through a folder',
    key: 'texts/../werk.ann.yaml',
    files: { 'texts/other.txt': QUOTES },
    message: /names this sidecar itself/u,
  },
  {
    name: 'a file outside the folder, which exists',
    key: '../outside.txt',
    files: { '../outside.txt': QUOTES },
    message: /points outside the sidecar's folder/u,
  },
  { name: 'a folder', key: 'texts/..', files: {}, message: /names a folder, not a file/u },
];

describe('hostile input: YAML bombs', function () {
  for (const bomb of BOMBS) {
    it(`${bomb.name} is refused with yaml-syntax in bounded time`, function () {
      const { value, ms } = elapsed(() => analyze({ article: 'Putin sagte: „Ja.“\n', sidecar: bomb.sidecar }));
      assert.ok(codes(value.sidecarDiagnostics).includes('yaml-syntax'), codes(value.sidecarDiagnostics).join(', '));
      assert.ok(ms < BOMB_MS, `took ${ms.toFixed(0)} ms`);
    });
  }

  it('a refused sidecar gets one diagnostic, not one per expanded node', () => {
    const fanOut = BOMBS.find((bomb) => bomb.name.startsWith('one entity of 5,000'))!;
    const analysis = analyze({ article: 'Big sagte: „Ja.“\n', sidecar: fanOut.sidecar });
    assert.deepEqual(codes(analysis.sidecarDiagnostics), ['yaml-syntax']);
    assert.match(analysis.sidecarDiagnostics[0].message, /reach more than 1000 nodes/u);
  });

  it('aliases within the limit are read as the nodes they name; an unknown one is reported', () => {
    const forms = Array.from({ length: 30 }, (_, i) => `a${i}`).join(', ');
    const sidecar =
      `version: 1\nentities:\n  x: {type: person, name: X, aliases: &forms [${forms}]}\n` +
      Array.from({ length: 30 }, (_, i) => `  e${i}: {type: person, name: E${i}, aliases: *forms}\n`).join('') +
      '  z: {type: person, name: Z, aliases: *nothing}\n';
    const parsed = parseSidecar(sidecar);
    assert.equal(parsed.sidecar.entityById.get('e29')?.aliases.length, 30);
    const yamlErrors = parsed.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.deepEqual(
      yamlErrors.map((d) => d.message),
      ['Unresolved alias (the anchor must be set before the alias): nothing'],
    );
    assert.equal(sidecar.slice(yamlErrors[0].span.start, yamlErrors[0].span.end), '*nothing');
  });
});

describe('hostile input: the closest passage', function () {
  it('one long quote and an entry of its words plus a letter: the search stays within its budget', function () {
    this.timeout(60_000);
    // One comparison of the entry with the quote's opening costs the product of their lengths:
    // 20,000 words each would be billions of cells if the budget were checked only before it.
    const words = Array.from({ length: 20_000 }, (_, i) => `wort${i % 97}`).join(' ');
    const article = `Er sagte: „${words}.“\n`;
    const sidecar = `version: 1\nlanguage: de\nquotes:\n  - text: "x${words}"\n    anonymous: a\n`;
    const analysis = analyze({ article, sidecar });
    const { value, ms } = elapsed(() => closestPassage(analysis, 0));
    assert.equal(value, undefined);
    assert.ok(ms < BOMB_MS, `took ${ms.toFixed(0)} ms`);
  });

  it('an entry four times as long takes about as long to search, not sixteen times', function () {
    this.timeout(60_000);
    const search = (count: number) => {
      const words = Array.from({ length: count }, (_, i) => `wort${i % 97}`).join(' ');
      const analysis = analyze({
        article: `Er sagte: „${words}.“\n`,
        sidecar: `version: 1\nlanguage: de\nquotes:\n  - text: "x${words}"\n    anonymous: a\n`,
      });
      // The search is made anew for each analysis; the fastest of five, as in the tests above.
      let fastest = Infinity;
      for (let i = 0; i < 5; i++) fastest = Math.min(fastest, elapsed(() => closestPassage(analysis, 0)).ms);
      return fastest;
    };
    search(2_000);
    const [quarter, full] = [search(2_000), search(8_000)];
    assert.ok(full / Math.max(quarter, 1) < 10, `2,000 words: ${quarter.toFixed(0)} ms, 8,000: ${full.toFixed(0)} ms`);
  });
});

describe('hostile input: deep nesting', function () {
  for (const deep of DEEP) {
    it(`${deep.name}: one yaml-syntax error, nothing read`, function () {
      const { value, ms } = elapsed(() => parseSidecar(deep.sidecar));
      assert.deepEqual(codes(value.diagnostics), ['yaml-syntax']);
      assert.match(value.diagnostics[0].message, /nests collections more than 64 levels deep/u);
      assert.deepEqual(value.sidecar.entities, []);
      assert.ok(ms < BOMB_MS, `took ${ms.toFixed(0)} ms`);
      // Edits must not parse it either: its document is empty and carries the error.
      assert.ok(value.document.errors.length > 0);
    });
  }

  it('64 levels are still read as YAML, with the parser’s own errors', function () {
    const parsed = parseSidecar('entities: ' + '['.repeat(64) + ']'.repeat(64) + '\n');
    assert.ok(!parsed.diagnostics.some((d) => /nests collections/u.test(d.message)));
  });

  it('parsing every deep shape three times does not abort the process, even with a quarter of the stack (regression)', function () {
    this.timeout(30_000);
    // Just within the limits, and tricks that once hid nesting from the count.
    const sequences = (n: number): string => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}- `).join('\n');
    const edges = [
      sequences(127) + '['.repeat(64) + '\n',
      Array.from({ length: 127 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' ' + '{a: '.repeat(64) + '\n',
      '- '.repeat(63) + '['.repeat(64) + '\n',
      "[a:'" + '['.repeat(2000) + '\n',
      "{a: b, 'c':'" + '{a: '.repeat(2000) + '\n',
      '# ' + '['.repeat(10) + '\n' + '['.repeat(2000),
    ];
    // The abort cannot be caught, so it runs in a process of its own; an abort shows as its exit.
    const script = `
      const { parseSidecar } = require(${JSON.stringify(path.join(ROOT, 'out/server/src/core'))});
      const inputs = ${JSON.stringify([...DEEP.map((deep) => deep.sidecar), ...edges])};
      for (let i = 0; i < 3; i++) for (const input of inputs) parseSidecar(input);
      console.log('survived');
    `;
    const child = spawnSync(process.execPath, ['--stack-size=250', '-'], {
      input: script,
      encoding: 'utf8',
      timeout: 25_000,
    });
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

describe('hostile input: too many entities', function () {
  const many = (count: number, eol = '\n'): string =>
    ['# generated', 'version: 1', 'language: de', 'entities:']
      .concat(Array.from({ length: count }, (_, i) => `  e${i}:${eol}    type: person${eol}    name: Harper`))
      .concat(['quotes:', '  - text: Das ist gut', '    speaker: e1', ''])
      .join(eol);

  for (const eol of ['\n', '\r\n']) {
    it(`past ${MAX_ENTITIES.toLocaleString('en-US')} entities the rest is not read, and the quotes after are (${JSON.stringify(eol)})`, () => {
      const source = many(MAX_ENTITIES + 3, eol);
      const parsed = parseSidecar(source);
      assert.equal(parsed.sidecar.entities.length, MAX_ENTITIES);
      const warning = parsed.diagnostics.find((d) => d.code === 'too-many-entities');
      assert.ok(warning, codes(parsed.diagnostics).join(', '));
      assert.equal(source.slice(warning.span.start, warning.span.end).trim(), `e${MAX_ENTITIES}:`);
      assert.match(warning.message, /defines 5,003 entities; only the first 5,000 are read/u);
      // The quotes after the cut are read at their own offsets.
      assert.equal(parsed.sidecar.quotes.length, 1);
      const entry = parsed.sidecar.quotes[0];
      assert.equal(source.slice(entry.text!.span.start, entry.text!.span.end), 'Das ist gut');
      const analysis = analyze({ article: 'Harper sagte: „Das ist gut.“\n', sidecar: parsed });
      assert.equal(analysis.quotes[0].speaker, 'e1');
    });
  }

  it(`${MAX_ENTITIES.toLocaleString('en-US')} entities are read whole, without a warning`, () => {
    const parsed = parseSidecar(many(MAX_ENTITIES));
    assert.equal(parsed.sidecar.entities.length, MAX_ENTITIES);
    assert.ok(!codes(parsed.diagnostics).includes('too-many-entities'));
  });
});

describe('hostile input: `article:` keys', function () {
  for (const testCase of ARTICLE_KEYS) {
    it(`${testCase.name}: one invalid-article-path, no article-not-found for the name the sidecar never used`, async function () {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-hostile-'));
      const dir = path.join(root, 'news');
      try {
        fs.mkdirSync(dir);
        for (const [name, text] of Object.entries(testCase.files)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), text);
        }
        const sidecarFile = path.join(dir, 'werk.ann.yaml');
        fs.writeFileSync(sidecarFile, `version: 1\narticle: ${testCase.key}\n`);
        const result = await analyzePair(
          { article: undefined, sidecar: sidecarFile },
          { maxFileSize: 1_000_000 },
          '.ann.yaml',
        );
        const diagnostics = result.diagnostics.map((d) => d.diagnostic);
        assert.deepEqual(codes(diagnostics), ['invalid-article-path'], diagnostics.map((d) => d.message).join('\n'));
        assert.match(diagnostics[0].message, testCase.message);
        assert.notEqual(result.article, sidecarFile, 'the sidecar was taken for its own article');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('hostile input: linear time', function () {
  // Each case is measured in a process of its own: in the whole suite, what earlier tests leave
  // in the heap and the threads they leave running made linear cases measure over ten times.
  const child = path.join(__dirname, '..', 'support', 'linearTimeRun.js');
  const YOUNG_GENERATION_FLAGS = SERVER_EXEC_ARGV.filter((flag) => flag.startsWith('--max-semi-space-size='));
  for (const testCase of LINEAR_CASES) {
    it(`100,000 ${testCase.name} take about four times as long as 25,000, not sixteen times`, function () {
      this.timeout(330_000);
      // The server's young generation, where an analysis of 100,000 characters fits as one of
      // 25,000 does (with Node's default, copying it grew faster than the input: up to eleven
      // times), and one thread that collects garbage (helper threads waiting for a busy core
      // counted as the run's own time).
      const args = [...YOUNG_GENERATION_FLAGS, '--single-threaded-gc', child, testCase.name];
      const measure = (): { quarter: number; full: number } => {
        const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 110_000 });
        assert.equal(run.status, 0, run.stderr || run.error?.message);
        return JSON.parse(run.stdout) as { quarter: number; full: number };
      };
      // Measured again, in a new process, when over the bound: on a shared machine one process
      // in a few has measured linear work over it, while quadratic work is over it every time.
      let { quarter, full } = measure();
      for (let attempt = 1; attempt < 3 && full / quarter >= 10; attempt++) ({ quarter, full } = measure());
      // Linear time quadruples; quadratic time would take sixteen times as long. Lengths four
      // times apart keep the two far enough apart that a busy machine cannot blur them. The bound
      // is ten rather than eight: the larger input makes four times the objects, which the
      // collector copies more often, so on a busy machine linear work has measured more than eight.
      assert.ok(full / quarter < 10, `25,000: ${quarter.toFixed(0)} ms, 100,000: ${full.toFixed(0)} ms`);
    });
  }

  it('entries too short to tell a quote, all alike: each quote is read a bounded number of times (regression)', function () {
    // How often attribution reads the detected quotes, counted through proxies: each of these
    // entries once went through every quote for one that opens with its words, and through every
    // place its words stand, which takes the product of the numbers of entries and quotes.
    const reads = (count: number): number => {
      const article = Array.from({ length: count }, (_, i) => `„Ja nein ${i}.“ Er sagte etwas.\n\n`).join('');
      const entries = '  - {text: Ja nein, anonymous: x}\n'.repeat(count);
      const { sidecar } = parseSidecar(`version: 1\nlanguage: de\nquotes:\n${entries}`);
      const { quotes } = detectQuotes(article, languageProfile('de'));
      let read = 0;
      const counted = quotes.map(
        (quote) =>
          new Proxy(quote, {
            get: (target: DetectedQuote, key: string | symbol, receiver: unknown): unknown => {
              read++;
              return Reflect.get(target, key, receiver) as unknown;
            },
          }),
      );
      const matches = matchQuoteEntries(article, counted, sidecar.quotes);
      assert.equal(matches.length, count);
      for (const match of matches) {
        assert.deepEqual(match, {
          entry: match.entry,
          status: 'not-found',
          quote: -1,
          candidates: 0,
          tooShort: true,
          closest: quotes[0].content,
        });
      }
      return read;
    };
    const [quarter, full] = [reads(500), reads(2_000)];
    // Linear work quadruples; the product of the two numbers would grow sixteen times.
    assert.ok(full / quarter < 5, `500 entries and quotes: ${quarter} reads, 2,000: ${full} reads`);
  });

  it('200,000 unused aliases: the first 1,000 reported and the rest counted, without overflowing the stack', function () {
    this.timeout(60_000);
    const aliases = Array.from({ length: 200_000 }, (_, i) => `a${i}`).join(', ');
    const analysis = analyze({
      article: 'X sagte nichts.\n',
      sidecar: `version: 1\nentities:\n  x:\n    type: person\n    name: X\n    aliases: [${aliases}]\n`,
    });
    assert.equal(codes(analysis.sidecarDiagnostics).filter((code) => code === 'unused-alias').length, 1000);
    const summary = analysis.sidecarDiagnostics.filter((d) => d.code === 'too-many-problems');
    assert.equal(summary.length, 1);
    assert.deepEqual(summary[0].data, { code: 'unused-alias', omitted: 199_000 });
    assert.match(summary[0].message, /199,000 more 'unused-alias' problems/u);
  });

  it(`${MAX_ENTITIES.toLocaleString('en-US')} entities sharing an alias: diagnostics of linear size (regression)`, function () {
    this.timeout(30_000);
    const lines = ['version: 1', 'language: de', 'entities:'];
    for (let i = 0; i < MAX_ENTITIES; i++)
      lines.push(`  e${i}: {type: person, name: Name${i} Person, aliases: [Putin]}`);
    const { value, ms } = elapsed(() => analyze({ article: 'Putin sagte: „Ja.“\n', sidecar: lines.join('\n') + '\n' }));
    const shared = value.sidecarDiagnostics.filter((d) => d.code === 'shared-alias');
    assert.equal(shared.length, 1000);
    const summary = value.sidecarDiagnostics.find((d) => d.code === 'too-many-problems');
    assert.deepEqual(summary?.data, { code: 'shared-alias', omitted: MAX_ENTITIES - 1 - 1000 });
    // Each diagnostic once carried the ids of all the entities: 10^8 strings for the editor at 10,000.
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
  for (const char of BASE_CHARACTERS) chars.add(char);
  return [...chars];
}

/** A few characters of every kind, tried with every pattern besides those it names. */
const BASE_CHARACTERS = [' ', 'a', 'A', '1', '.', '-', '"', "'", '„', '“', '\n', '\t', ':', '#', '…', '\u0301', '😀'];

const LENGTH = 50_000;
/** Generous: a linear scan of 50,000 characters takes well under a millisecond or two. */
const REGEX_MS = 200;

/** Adversarial inputs for a pattern: long runs of each character, of pairs, with a failing end. */
function adversarialInputs(regex: FoundRegex): { name: string; text: string }[] {
  const chars = charactersOf(regex.source);
  const inputs: { name: string; text: string }[] = [];
  // A literal start after `^` gets the run past it, where the work is.
  const prefix = /^\^((?:[^\\^$|()[\]{}*+?.]|\\[^a-zA-Z0-9])*)/u.exec(regex.source)?.[1]?.replace(/\\/gu, '') ?? '';
  const runOf = (unit: string): string => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);
  for (const char of chars) {
    // The run at the end of the text, and followed by a character that fails the match.
    for (const end of ['', '!']) {
      const run = runOf(char);
      inputs.push({ name: `${JSON.stringify(char)} x ${LENGTH} + ${JSON.stringify(end)}`, text: run + end });
      if (prefix)
        inputs.push({ name: `${JSON.stringify(prefix)} + run of ${JSON.stringify(char)}`, text: prefix + run + end });
    }
  }
  // Pairs of the characters the pattern names itself (a few: the pairs grow with the square).
  const named = chars.slice(0, Math.max(2, Math.min(8, chars.length - BASE_CHARACTERS.length)));
  for (const a of named) {
    for (const b of named) {
      if (a !== b) inputs.push({ name: `${JSON.stringify(a + b)} x ${LENGTH / 2} + "!"`, text: runOf(a + b) + '!' });
    }
  }
  inputs.push({ name: 'all the characters in turn + "!"', text: runOf(chars.join('')) + '!' });
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
        let { ms } = elapsed(() => runRegex(regex, input.text));
        // A pause for garbage collection or a busy machine is not backtracking: a second run shows.
        if (ms >= REGEX_MS) ms = Math.min(ms, elapsed(() => runRegex(regex, input.text)).ms);
        assert.ok(ms < REGEX_MS, `${input.name}: ${ms.toFixed(0)} ms`);
      }
    });
  }
});
