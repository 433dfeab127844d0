/**
 * The command-line checker, end to end: every case writes its own small articles and sidecars
 * into a fresh temporary folder, runs the bundled `dist/cli.js` there as a child process, and
 * checks the exit code, the output and that not a single file changed.
 *
 * The tests build nothing themselves: `npm test` builds `dist/cli.js` before mocha runs.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const PACKAGE_JSON = path.resolve(__dirname, '../../../package.json');

/** A JSON value to compare with, where a function stands for a test of the actual value. */
type Expected = ((value: unknown) => boolean) | string | number | boolean | null | Expected[] | ExpectedObject;
interface ExpectedObject {
  [key: string]: Expected;
}

interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The temporary folder the command ran in, to read fixtures back from. */
  dir: string;
}

interface Expectation {
  exitCode: number;
  stdoutIncludes?: string[];
  stdoutExcludes?: string[];
  stderrIncludes?: string[];
  /** Standard output parsed as JSON must contain this (see `assertPartial`). */
  json?: Expected;
  /** Standard error must hold at most this many non-empty lines (a short reason, no dump). */
  stderrMaxLines?: number;
  /** Further checks that do not fit a table cell. */
  also?: (result: RunResult) => void;
}

interface Case {
  name: string;
  /** Files to create, by path relative to the temporary folder; a Buffer is written as is. */
  files: Record<string, string | Buffer>;
  args: string[];
  /** The folder, relative to the temporary one, to run the command in. */
  cwd?: string;
  expect: Expectation;
}

// Helpers for writing expectations.

/** The 1-based `line:column` of the first `needle` in `content`, in UTF-16 code units. */
function lineColumn(content: string, needle: string, occurrence = 1): string {
  const { line, character } = position(content, needle, occurrence);
  return `${line + 1}:${character + 1}`;
}

/** The 0-based LSP position of the first `needle` in `content`, counting \r\n, \n and \r. */
function position(content: string, needle: string, occurrence = 1): { line: number; character: number } {
  const text = content.replace(/^\uFEFF/u, '');
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`Fixture error: '${needle}' does not occur ${occurrence} times.`);
  }
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\n|\r/u);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const isNumberBetween =
  (low: number, high: number) =>
  (value: unknown): boolean =>
    typeof value === 'number' && value >= low && value <= high;
const isString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const isNull = (value: unknown): boolean => value === null;
/** For arrays in expectations: the actual array must have exactly this many elements. */
const hasLength =
  (n: number) =>
  (value: unknown): boolean =>
    Array.isArray(value) && value.length === n;

/**
 * Asserts that `actual` contains `expected`: objects need only the expected keys, arrays need
 * each expected element to match some actual element (in any order) while a function among the
 * elements tests the whole array (its length, say), other functions test the value, and
 * everything else must be equal.
 */
function assertPartial(actual: unknown, expected: Expected, where = '$'): void {
  if (typeof expected === 'function') {
    assert.ok(expected(actual), `${where}: ${JSON.stringify(actual)} fails ${expected.toString()}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    for (const [i, item] of expected.entries()) {
      if (typeof item === 'function') {
        assert.ok(item(actual), `${where}: ${JSON.stringify(actual)} fails ${item.toString()}`);
        continue;
      }
      const found = actual.some((candidate) => matches(candidate, item));
      assert.ok(found, `${where}: no element matches expected [${i}] ${show(item)} in ${JSON.stringify(actual)}`);
    }
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object' && !Array.isArray(actual),
      `${where}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(key in actual, `${where}: missing key '${key}' in ${JSON.stringify(actual)}`);
      assertPartial((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
    return;
  }
  assert.equal(actual, expected, `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function matches(actual: unknown, expected: Expected): boolean {
  try {
    assertPartial(actual, expected);
    return true;
  } catch {
    return false;
  }
}

function show(expected: Expected): string {
  return JSON.stringify(expected, (_key, value: unknown) => (typeof value === 'function' ? '<test>' : value));
}

// Running the checker and watching the folder.

/** Every file under `dir` with its contents, so that a run that writes anything is caught. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = path.relative(dir, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        files.set(relative + '/', '<folder>');
        walk(full);
      } else {
        files.set(relative, fs.readFileSync(full).toString('base64'));
      }
    }
  };
  walk(dir);
  return files;
}

function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** Runs the command of a case in `dir`, checking that it leaves every file as it was. */
function run(testCase: Case, dir: string): RunResult {
  writeFiles(dir, testCase.files);
  const before = snapshot(dir);
  const child = spawnSync(process.execPath, [CLI, ...testCase.args], {
    cwd: path.join(dir, testCase.cwd ?? '.'),
    encoding: 'utf8',
    timeout: 15000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (child.error) throw child.error;
  // The checker is read-only: the folder must be exactly as it was, file for file.
  assert.deepEqual(snapshot(dir), before, 'the command changed files in its folder');
  return { exitCode: child.status, stdout: child.stdout, stderr: child.stderr, dir };
}

const TEXT_LINE = /^[^\s:][^:]*:\d+:\d+: (?:error|warning|information|hint) [a-z]+(?:-[a-z]+)* \S.*$/u;

/** Runs one case and checks what every case must satisfy, then its own expectations. */
function check(testCase: Case): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-cli-'));
  try {
    checkIn(testCase, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkIn(testCase: Case, dir: string): void {
  const result = run(testCase, dir);
  const { expect: expectation } = testCase;
  const context = `\n--- stdout:\n${result.stdout}\n--- stderr:\n${result.stderr}`;
  assert.equal(result.exitCode, expectation.exitCode, `exit code${context}`);
  // A user error is explained in words; a stack trace would mean the checker crashed.
  assert.ok(!result.stderr.includes('    at '), `stack trace on stderr${context}`);
  assert.ok(!/internal error/iu.test(result.stderr), `internal error${context}`);
  if (expectation.exitCode === 2) assert.ok(result.stderr.trim().length > 0, `exit 2 without a reason${context}`);
  for (const text of expectation.stdoutIncludes ?? []) {
    assert.ok(result.stdout.includes(text), `stdout lacks ${JSON.stringify(text)}${context}`);
  }
  for (const text of expectation.stdoutExcludes ?? []) {
    assert.ok(!result.stdout.includes(text), `stdout has ${JSON.stringify(text)}${context}`);
  }
  for (const text of expectation.stderrIncludes ?? []) {
    assert.ok(result.stderr.includes(text), `stderr lacks ${JSON.stringify(text)}${context}`);
  }
  if (expectation.stderrMaxLines !== undefined) {
    const lines = result.stderr.split('\n').filter((line) => line.trim());
    assert.ok(lines.length <= expectation.stderrMaxLines, `stderr too long${context}`);
  }
  const args = testCase.args;
  const isCheck = args[0] === 'check' && !args.some((arg) => ['-h', '--help', '-v', '--version'].includes(arg));
  const format = formatOf(args);
  if (isCheck && (format === undefined || format === 'text')) {
    // Every line of the text format reads `path:line:col: severity code message`.
    for (const line of result.stdout.split('\n').filter(Boolean)) {
      assert.match(line, TEXT_LINE, `malformed text line${context}`);
    }
  }
  if (expectation.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch (error) {
      assert.fail(`stdout is not JSON (${(error as Error).message})${context}`);
    }
    assertPartial(parsed, expectation.json);
  }
  expectation.also?.(result);
}

function formatOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--format') return args[i + 1];
    if (args[i].startsWith('--format=')) return args[i].slice('--format='.length);
  }
  return undefined;
}

// Checks shared by the `quotes` and `mentions` cases.

interface ListedSpan {
  start: number;
  end: number;
  text: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Offsets in the listings are UTF-16 code units into the file's text without its byte order
 * mark, and ranges are the same places as LSP positions: check both against the file.
 */
function assertSpansMatchFile(result: RunResult, file: string, key: 'quotes' | 'mentions'): void {
  const content = fs.readFileSync(path.join(result.dir, file), 'utf8').replace(/^\uFEFF/u, '');
  const listing = JSON.parse(result.stdout) as Record<string, ListedSpan[]>;
  const items = listing[key];
  assert.ok(Array.isArray(items) && items.length > 0, `no ${key} listed`);
  for (const item of items) {
    assert.equal(content.slice(item.start, item.end), item.text, `${key} offsets ${item.start}-${item.end}`);
    assert.deepEqual(item.range.start, offsetToPosition(content, item.start), `range start of '${item.text}'`);
    assert.deepEqual(item.range.end, offsetToPosition(content, item.end), `range end of '${item.text}'`);
  }
}

function offsetToPosition(content: string, offset: number): { line: number; character: number } {
  const lines = content.slice(0, offset).split(/\r\n|\n|\r/u);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

// Fixtures: small invented articles in German and English.

const GERMAN_ARTICLE = [
  'Die Ministerin Anna Berger besuchte am Montag das Werk in Lindau.',
  '',
  '„Wir werden hier investieren“, sagte Berger vor den Beschäftigten.',
  '',
  'Der Betriebsrat blieb skeptisch. „Versprechen haben wir schon viele gehört“, sagte Jonas Falk.',
  '',
].join('\n');

const GERMAN_SIDECAR = [
  'version: 1',
  'language: de',
  'entities:',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger',
  '    aliases: [Berger]',
  '  jonas-falk:',
  '    type: person',
  '    name: Jonas Falk',
  '  lindau:',
  '    type: place',
  '    name: Lindau',
  'quotes:',
  '  - text: Wir werden hier investieren',
  '    speaker: anna-berger',
  '',
].join('\n');

/** The words of the one quote in the German article that the sidecar leaves unattributed. */
const FALK_QUOTE = 'Versprechen haben wir schon viele gehört';

/** Where the quote the sidecar leaves unattributed opens, as `line:column`. */
const FALK_AT = lineColumn(GERMAN_ARTICLE, '„Versprechen');

/** A `.git` folder's HEAD: the folder marks a repository, where the settings search stops. */
const GIT_HEAD = 'ref: refs/heads/main\n';

/** Workspace settings that make every unattributed quote an error. */
const ERROR_SETTINGS = '{ "articleAnnotations.unattributedSeverity": "error" }\n';

const ENGLISH_ARTICLE = [
  'The council met on Tuesday evening in Millbrook.',
  '',
  '"We will fix the bridge before winter," said Dana Price, the council chair.',
  '',
  'Residents were not convinced. "I have heard that every year since 2019," Tom Reyes said.',
  '',
].join('\n');

const ENGLISH_SIDECAR = [
  'version: 1',
  'language: en',
  'entities:',
  '  dana-price:',
  '    type: person',
  '    name: Dana Price',
  '    aliases: [Price]',
  '  tom-reyes:',
  '    type: person',
  '    name: Tom Reyes',
  '  millbrook:',
  '    type: place',
  '    name: Millbrook',
  'quotes:',
  '  - text: We will fix the bridge before winter',
  '    speaker: dana-price',
  '',
].join('\n');

/** Tom Reyes speaks in the English article but is not in this sidecar. */
const ENGLISH_SIDECAR_WITHOUT_REYES = ENGLISH_SIDECAR.replace(
  '  tom-reyes:\n    type: person\n    name: Tom Reyes\n',
  '',
);

const SIDECAR_WITH_UNKNOWN_SPEAKER = GERMAN_SIDECAR.replace('speaker: anna-berger', 'speaker: ana-berger');

/** An article with a byte order mark and Windows line endings. */
const BOM_CRLF_ARTICLE =
  '\uFEFF' +
  [
    'Erste Zeile über den Hafen.',
    '',
    'Zweite Zeile: „Das ist ein ganzer Satz mit vielen Wörtern.“',
    'Dritte Zeile ohne Zitat.',
    '',
  ].join('\r\n');

/** Emoji and a no-break space before the quote make code units and code points differ. */
const UTF16_ARTICLE = [
  'Berlin 😀 am Dienstag: Die Ministerin\u00a0Anna Berger kam spät.',
  '',
  '👩‍👩‍👧 „Wir bleiben hier, egal was passiert“, sagte Berger.',
  '',
  'Später sagte Jonas Falk: „Ich glaube kein Wort davon, ehrlich nicht.“',
  '',
].join('\n');

const INFLECTION_ARTICLE = [
  'Putins Rede dauerte zwei Stunden, und Putin sprach über Lindau.',
  '',
  'In English papers it was Putin’s speech of the year.',
  '',
].join('\n');

const INFLECTION_SIDECAR = [
  'version: 1',
  'language: de',
  'entities:',
  '  putin:',
  '    type: person',
  '    name: Wladimir Putin',
  '    aliases: [Putin]',
  '  lindau:',
  '    type: place',
  '    name: Lindau',
  '',
].join('\n');

const ENGLISH_CUE_ARTICLE = 'He said: “This is the best plan we have had in years.”\n';

/** Sentences without quotes or names, to make articles of a given length. */
const FILLER = 'Der Rat tagte bis spät in die Nacht. ';
/** About 2,200 characters: over a limit of 0.001 MB (1,049 characters), under one of 0.01 MB. */
const LONG_ARTICLE = FILLER.repeat(50) + '\n\n' + GERMAN_ARTICLE;
/** Over the default limit of 5 MB of text (5,242,880 characters), but less than four times it in bytes. */
const BOOK_ARTICLE = FILLER.repeat(150_000) + '\n\n' + GERMAN_ARTICLE;

const version = (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

const cases: Case[] = [
  // Text from files never drives the terminal.
  {
    name: 'check: an escape sequence in a sidecar is printed as an escape, not sent to the terminal',
    files: {
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR + '  - text: "\\e[2J\\e]0;pwned\\a Nichts davon"\n    anonymous: x\n',
    },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['\\u{1b}[2J\\u{1b}]0;pwned\\u{7} Nichts davon'],
      also: (result) => {
        const controls = [...result.stdout].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c === '\u007f'));
        assert.deepEqual(controls, [], 'a control character was printed');
      },
    },
  },
  {
    name: 'check: a line break in a file name does not split a path:line:col line',
    files: { 'zwei\nzeilen.txt': GERMAN_ARTICLE, 'zwei\nzeilen.ann.yaml': GERMAN_SIDECAR },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`zwei\\nzeilen.txt:${lineColumn(GERMAN_ARTICLE, '„Versprechen')}: warning unattributed-quote`],
    },
  },
  {
    name: 'quotes and mentions: control characters in the article are printed as escapes',
    files: {
      'werk.txt': 'Putin sagte: „Wir\u001b[31m kommen morgen.“\n',
      'werk.ann.yaml': 'version: 1\nlanguage: de\nentities:\n  putin: {type: person, name: Putin}\n',
    },
    args: ['quotes', 'werk.txt'],
    expect: { exitCode: 0, stdoutIncludes: ['„Wir\\u{1b}[31m kommen morgen.'] },
  },
  // The check command and its formats.
  {
    name: 'check with no path checks the current folder, in text format with 1-based positions',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`werk.txt:${lineColumn(GERMAN_ARTICLE, '„Versprechen')}: warning unattributed-quote `],
      stderrIncludes: ['1 annotated article checked: 0 errors, 1 warning'],
    },
  },
  {
    name: 'check on a named folder finds sidecars in subfolders and prints paths relative to the cwd',
    files: {
      'news/de/werk.txt': GERMAN_ARTICLE,
      'news/de/werk.ann.yaml': GERMAN_SIDECAR,
      'news/en/council.txt': ENGLISH_ARTICLE,
      'news/en/council.ann.yaml': ENGLISH_SIDECAR,
      'news/en/unannotated.txt': 'Nothing to see here.',
    },
    args: ['check', 'news'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [
        `news/de/werk.txt:${lineColumn(GERMAN_ARTICLE, '„Versprechen')}: warning unattributed-quote`,
        `news/en/council.txt:${lineColumn(ENGLISH_ARTICLE, '"I have heard')}: warning unattributed-quote`,
      ],
      stdoutExcludes: ['unannotated'],
      stderrIncludes: ['2 annotated articles checked'],
    },
  },
  {
    name: 'check from a subfolder prints paths as given on the command line',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR, 'sub/notes.md': '# Notes\n' },
    cwd: 'sub',
    args: ['check', '..'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`../werk.txt:${lineColumn(GERMAN_ARTICLE, '„Versprechen')}: warning unattributed-quote`],
    },
  },
  {
    name: 'check on an article file finds its sidecar by name',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR, 'other.txt': GERMAN_ARTICLE },
    args: ['check', 'werk.txt'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['werk.txt:'],
      stdoutExcludes: ['other.txt'],
      stderrIncludes: ['1 annotated article checked'],
    },
  },
  {
    name: 'check on an article without a sidecar says so and finds nothing wrong',
    files: { 'other.txt': GERMAN_ARTICLE },
    args: ['check', 'other.txt'],
    expect: {
      exitCode: 0,
      stderrIncludes: ['other.txt has no sidecar; nothing to check', '0 annotated articles checked'],
      stdoutExcludes: ['other.txt'],
    },
  },
  {
    name: 'check --format json lists diagnostics with 0-based LSP ranges and quick-fix data',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        hasLength(1),
        {
          file: 'werk.txt',
          range: {
            start: position(GERMAN_ARTICLE, '„Versprechen'),
            end: position(GERMAN_ARTICLE, ', sagte Jonas Falk'),
          },
          severity: 'warning',
          code: 'unattributed-quote',
          message: (value) => typeof value === 'string' && value.includes(FALK_QUOTE),
          data: {
            quote: {
              start: GERMAN_ARTICLE.indexOf(FALK_QUOTE),
              end: GERMAN_ARTICLE.indexOf(FALK_QUOTE) + FALK_QUOTE.length,
              text: FALK_QUOTE,
            },
            // Jonas Falk is in the sidecar, and `sagte Jonas Falk` names him.
            suggestedSpeaker: 'jonas-falk',
            speakerCue: { start: GERMAN_ARTICLE.indexOf('Jonas Falk.'), text: 'Jonas Falk' },
            confidence: isNumberBetween(0.7, 1),
          },
        },
      ],
    },
  },
  {
    name: 'check --format json gives a null suggested speaker when the cue names no entity',
    files: { 'council.txt': ENGLISH_ARTICLE, 'council.ann.yaml': ENGLISH_SIDECAR_WITHOUT_REYES },
    args: ['check', '--format=json'],
    expect: {
      exitCode: 0,
      json: [
        {
          file: 'council.txt',
          code: 'unattributed-quote',
          data: {
            quote: { text: 'I have heard that every year since 2019,' },
            suggestedSpeaker: isNull,
            speakerCue: { text: 'Tom Reyes' },
            confidence: isNumberBetween(0, 1),
          },
        },
      ],
    },
  },
  {
    name: 'check names the closest passage of a quote entry that matches nothing',
    files: {
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR.replace('Wir werden hier investieren', 'Wir werden hier investiren'),
    },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        { code: 'unattributed-quote' },
        {
          file: 'werk.ann.yaml',
          code: 'quote-not-found',
          message:
            "No quote or passage in the article reads 'Wir werden hier investiren'. Closest: 'Wir werden hier investieren'.",
          data: { closest: { start: GERMAN_ARTICLE.indexOf('Wir werden'), text: 'Wir werden hier investieren' } },
        },
        { code: 'unattributed-quote' },
      ],
    },
  },
  {
    name: 'check --format sarif writes SARIF 2.1.0 with 1-based regions',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--format', 'sarif'],
    expect: {
      exitCode: 0,
      json: {
        version: '2.1.0',
        runs: [
          hasLength(1),
          {
            tool: { driver: { name: 'article-annotations', rules: [{ id: 'unattributed-quote' }] } },
            results: [
              hasLength(1),
              {
                ruleId: 'unattributed-quote',
                level: 'warning',
                message: { text: isString },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: 'werk.txt' },
                      region: {
                        startLine: position(GERMAN_ARTICLE, '„Versprechen').line + 1,
                        startColumn: position(GERMAN_ARTICLE, '„Versprechen').character + 1,
                        endLine: position(GERMAN_ARTICLE, ', sagte Jonas Falk').line + 1,
                        endColumn: position(GERMAN_ARTICLE, ', sagte Jonas Falk').character + 1,
                      },
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
    },
  },
  {
    name: 'check --max-warnings 0 fails when there is a warning',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--max-warnings', '0'],
    expect: { exitCode: 1, stdoutIncludes: ['warning unattributed-quote'] },
  },
  {
    name: 'check --max-warnings above the count passes',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--max-warnings=5'],
    expect: { exitCode: 0, stdoutIncludes: ['warning unattributed-quote'] },
  },
  {
    name: 'check exits with 1 on an error: a quote entry with an unknown speaker',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': SIDECAR_WITH_UNKNOWN_SPEAKER },
    args: ['check', '--max-warnings', '100'],
    expect: {
      exitCode: 1,
      stdoutIncludes: ['werk.ann.yaml:', "error unknown-speaker No entity has the id 'ana-berger'"],
      stderrIncludes: ['1 error'],
    },
  },
  {
    name: 'check reports sidecar diagnostics at their line and column in the sidecar',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': SIDECAR_WITH_UNKNOWN_SPEAKER },
    args: ['check'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [
        `werk.ann.yaml:${lineColumn(SIDECAR_WITH_UNKNOWN_SPEAKER, 'ana-berger')}: error unknown-speaker`,
      ],
    },
  },
  {
    name: 'check --format json reports the range of a sidecar diagnostic',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': SIDECAR_WITH_UNKNOWN_SPEAKER },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 1,
      json: [
        {
          file: 'werk.ann.yaml',
          code: 'unknown-speaker',
          range: { start: position(SIDECAR_WITH_UNKNOWN_SPEAKER, 'ana-berger') },
        },
      ],
    },
  },

  // Bad usage and unusable input.
  {
    name: 'an unknown option is bad usage',
    files: {},
    args: ['check', '--colour'],
    expect: { exitCode: 2, stderrIncludes: ["Unknown option '--colour'"], stderrMaxLines: 2 },
  },
  {
    name: 'an unknown command is bad usage',
    files: {},
    args: ['lint'],
    expect: { exitCode: 2, stderrIncludes: ["Unknown command 'lint'"], stderrMaxLines: 2 },
  },
  {
    name: 'no command at all is bad usage',
    files: {},
    args: [],
    expect: { exitCode: 2, stderrIncludes: ['Name a command'], stderrMaxLines: 2 },
  },
  {
    name: 'an unknown format is bad usage',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--format', 'bogus'],
    expect: { exitCode: 2, stderrIncludes: ['--format for check is one of text, json, sarif'], stderrMaxLines: 2 },
  },
  {
    name: 'sarif is a format of check only',
    files: { 'werk.txt': GERMAN_ARTICLE },
    args: ['quotes', 'werk.txt', '--format', 'sarif'],
    expect: { exitCode: 2, stderrIncludes: ['--format for quotes is one of text, json'], stderrMaxLines: 2 },
  },
  {
    name: '--max-warnings needs a whole number',
    files: {},
    args: ['check', '--max-warnings', 'many'],
    expect: { exitCode: 2, stderrIncludes: ["--max-warnings needs a whole number, not 'many'"], stderrMaxLines: 2 },
  },
  {
    name: 'check on a missing path exits with 2 and a one-line reason',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', 'no-such-folder'],
    expect: { exitCode: 2, stderrIncludes: ["'no-such-folder' not found"], stderrMaxLines: 1 },
  },
  {
    name: 'quotes on a missing file exits with 2 and a one-line reason',
    files: {},
    args: ['quotes', 'missing.txt'],
    expect: { exitCode: 2, stderrIncludes: ['missing.txt', 'does not exist'], stderrMaxLines: 1 },
  },
  {
    name: 'a sidecar whose article is missing reports article-not-found',
    files: { 'lonely.ann.yaml': GERMAN_SIDECAR },
    args: ['check'],
    expect: {
      exitCode: 1,
      stdoutIncludes: ["lonely.ann.yaml:1:1: error article-not-found The article 'lonely.txt' does not exist."],
    },
  },
  {
    name: 'an article path leaving the sidecar folder is refused, even when the file exists',
    files: {
      'outside.txt': GERMAN_ARTICLE,
      'news/werk.ann.yaml': 'version: 1\narticle: ../outside.txt\n',
      'news/werk.txt': 'Ein kurzer Text.\n',
    },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 1,
      json: [{ file: 'news/werk.ann.yaml', code: 'invalid-article-path', severity: 'error' }],
      stdoutExcludes: ['outside.txt"', 'unattributed-quote'],
    },
  },
  {
    name: 'a binary article (NUL bytes) is unreadable',
    files: {
      'werk.txt': Buffer.from('Ein Text\u0000mit Nullbyte.', 'utf8'),
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: {
      exitCode: 2,
      stdoutIncludes: ['error unreadable-file', 'binary file'],
      stderrIncludes: ['1 file could not be read'],
    },
  },
  {
    name: 'an article that is not valid UTF-8 is unreadable',
    files: {
      'werk.txt': Buffer.concat([Buffer.from('Gr', 'latin1'), Buffer.from([0xfc]), Buffer.from('n und ', 'latin1')]),
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: { exitCode: 2, stdoutIncludes: ['error unreadable-file', 'not valid UTF-8'] },
  },
  {
    name: 'quotes on a binary article exits with 2 and names the reason',
    files: { 'werk.txt': Buffer.from([0x48, 0x00, 0x69]) },
    args: ['quotes', 'werk.txt'],
    expect: { exitCode: 2, stderrIncludes: ['werk.txt', 'binary file'], stderrMaxLines: 1 },
  },
  {
    name: 'an empty article is fine',
    files: { 'leer.txt': '', 'leer.ann.yaml': 'version: 1\nlanguage: de\n' },
    args: ['check', '--format', 'json'],
    expect: { exitCode: 0, json: [hasLength(0)] },
  },
  {
    name: 'an empty sidecar is a fresh one: no complaints, unattributed quotes still reported',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': '' },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        hasLength(2),
        { file: 'werk.txt', code: 'unattributed-quote', data: { quote: { text: 'Wir werden hier investieren' } } },
        { file: 'werk.txt', code: 'unattributed-quote', data: { quote: { text: FALK_QUOTE } } },
      ],
    },
  },
  {
    name: 'malformed YAML is a yaml-syntax error',
    files: {
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': 'version: 1\nentities:\n  anna-berger: {type: person, name: [Anna Berger\nquotes: [\n',
    },
    args: ['check'],
    expect: { exitCode: 1, stdoutIncludes: ['werk.ann.yaml:', 'error yaml-syntax'] },
  },
  {
    name: 'positions are right in an article with a byte order mark and CRLF line endings',
    files: { 'crlf.txt': BOM_CRLF_ARTICLE, 'crlf.ann.yaml': 'version: 1\nlanguage: de\n' },
    args: ['check'],
    expect: {
      exitCode: 0,
      // Line 3, column 15: the BOM takes no column and \r\n is one line break.
      stdoutIncludes: [`crlf.txt:3:15: warning unattributed-quote`],
    },
  },
  {
    name: 'json ranges are right in an article with a byte order mark and CRLF line endings',
    files: { 'crlf.txt': BOM_CRLF_ARTICLE, 'crlf.ann.yaml': 'version: 1\nlanguage: de\n' },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        {
          code: 'unattributed-quote',
          range: { start: { line: 2, character: 14 }, end: { line: 2, character: 59 } },
          data: {
            quote: {
              start: BOM_CRLF_ARTICLE.slice(1).indexOf('Das ist'),
              text: 'Das ist ein ganzer Satz mit vielen Wörtern.',
            },
          },
        },
      ],
    },
  },

  // The quotes command.
  {
    name: 'quotes --format json lists every quote with UTF-16 offsets into the text',
    files: { 'utf16.txt': UTF16_ARTICLE, 'utf16.ann.yaml': GERMAN_SIDECAR },
    args: ['quotes', 'utf16.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        file: 'utf16.txt',
        language: 'de',
        quotes: [
          hasLength(2),
          {
            start: UTF16_ARTICLE.indexOf('Wir bleiben'),
            end: UTF16_ARTICLE.indexOf('“, sagte Berger'),
            range: { start: position(UTF16_ARTICLE, 'Wir bleiben'), end: position(UTF16_ARTICLE, '“, sagte Berger') },
            text: 'Wir bleiben hier, egal was passiert',
            kind: 'speech',
            speaker: isNull,
            suggestedSpeaker: 'anna-berger',
            speakerCue: {
              start: UTF16_ARTICLE.indexOf('Berger.'),
              end: UTF16_ARTICLE.indexOf('.\n\nSpäter'),
              text: 'Berger',
            },
            confidence: isNumberBetween(0.7, 1),
            suggestionReason: (value) => typeof value === 'string' && value.includes('Berger'),
          },
          {
            text: 'Ich glaube kein Wort davon, ehrlich nicht.',
            kind: 'speech',
            suggestedSpeaker: 'jonas-falk',
            speakerCue: { text: 'Jonas Falk' },
          },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'utf16.txt', 'quotes'),
    },
  },
  {
    name: 'quotes shows the speaker of an attributed quote',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['quotes', 'werk.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        quotes: [
          { text: 'Wir werden hier investieren', kind: 'speech', speaker: 'anna-berger' },
          { text: FALK_QUOTE, speaker: isNull, suggestedSpeaker: 'jonas-falk' },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'werk.txt', 'quotes'),
    },
  },
  {
    name: 'quotes works without a sidecar: cues are found, but name no entity',
    files: { 'werk.txt': GERMAN_ARTICLE },
    args: ['quotes', 'werk.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        language: 'de',
        quotes: [
          hasLength(2),
          { text: FALK_QUOTE, speaker: isNull, suggestedSpeaker: isNull, speakerCue: { text: 'Jonas Falk' } },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'werk.txt', 'quotes'),
    },
  },
  {
    name: 'quotes lists positions of a BOM and CRLF article by the text without the BOM',
    files: { 'crlf.txt': BOM_CRLF_ARTICLE },
    args: ['quotes', 'crlf.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        quotes: [
          hasLength(1),
          { text: 'Das ist ein ganzer Satz mit vielen Wörtern.', range: { start: { line: 2, character: 15 } } },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'crlf.txt', 'quotes'),
    },
  },
  {
    name: 'quotes in text format prints one 1-based line per quote',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['quotes', 'werk.txt'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [
        `werk.txt:${lineColumn(GERMAN_ARTICLE, 'Wir werden')}: speech anna-berger „Wir werden hier investieren`,
        `werk.txt:${lineColumn(GERMAN_ARTICLE, FALK_QUOTE)}: speech jonas-falk? „${FALK_QUOTE}`,
      ],
    },
  },
  {
    name: 'quotes follows the German sidecar, which knows no English speech verbs',
    files: { 'plan.txt': ENGLISH_CUE_ARTICLE, 'plan.ann.yaml': 'version: 1\nlanguage: de\n' },
    args: ['quotes', 'plan.txt', '--format', 'json'],
    expect: { exitCode: 0, json: { language: 'de', quotes: [hasLength(1), { speakerCue: isNull }] } },
  },
  {
    name: 'quotes --language en overrides the sidecar language',
    files: { 'plan.txt': ENGLISH_CUE_ARTICLE, 'plan.ann.yaml': 'version: 1\nlanguage: de\n' },
    args: ['quotes', 'plan.txt', '--language', 'en', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: { language: 'en', quotes: [hasLength(1), { speakerCue: { start: 0, end: 2, text: 'He' } }] },
    },
  },
  {
    name: 'quotes --language with an unknown language is bad usage',
    files: { 'plan.txt': ENGLISH_CUE_ARTICLE },
    args: ['quotes', 'plan.txt', '--language', 'tlh'],
    expect: { exitCode: 2, stderrIncludes: ["--language must be de, en or fr, not 'tlh'"], stderrMaxLines: 2 },
  },

  // The mentions command.
  {
    name: 'mentions --format json finds inflected names: German genitive and English possessive',
    files: { 'rede.txt': INFLECTION_ARTICLE, 'rede.ann.yaml': INFLECTION_SIDECAR },
    args: ['mentions', 'rede.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        file: 'rede.txt',
        mentions: [
          hasLength(4),
          {
            start: 0,
            end: 6,
            text: 'Putins',
            entity: 'putin',
            type: 'person',
            range: { start: { line: 0, character: 0 } },
          },
          { text: 'Putin', entity: 'putin', type: 'person' },
          { text: 'Lindau', entity: 'lindau', type: 'place' },
          {
            start: INFLECTION_ARTICLE.indexOf('Putin’s'),
            end: INFLECTION_ARTICLE.indexOf('Putin’s') + 'Putin’s'.length,
            text: 'Putin’s',
            entity: 'putin',
            range: { start: position(INFLECTION_ARTICLE, 'Putin’s') },
          },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'rede.txt', 'mentions'),
    },
  },
  {
    name: 'mentions --no-inflection matches names only as written',
    files: { 'rede.txt': INFLECTION_ARTICLE, 'rede.ann.yaml': INFLECTION_SIDECAR },
    args: ['mentions', 'rede.txt', '--no-inflection', '--format', 'json'],
    expect: {
      exitCode: 0,
      // "Putin’s" still holds the name "Putin"; only the ending is no longer taken along.
      json: {
        mentions: [
          hasLength(3),
          { text: 'Lindau' },
          { start: INFLECTION_ARTICLE.indexOf('Putin’s'), end: INFLECTION_ARTICLE.indexOf('’s'), text: 'Putin' },
        ],
      },
      stdoutExcludes: ['Putins', 'Putin’s'],
    },
  },
  {
    name: 'mentions in text format prints type, entity and text',
    files: { 'rede.txt': INFLECTION_ARTICLE, 'rede.ann.yaml': INFLECTION_SIDECAR },
    args: ['mentions', 'rede.txt'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [
        'rede.txt:1:1: person putin Putins',
        `rede.txt:${lineColumn(INFLECTION_ARTICLE, 'Putin’s')}: person putin Putin’s`,
      ],
    },
  },

  // The size limit.
  {
    name: 'check --max-file-size below the article: one file-too-large warning instead of an analysis',
    files: { 'lang.txt': LONG_ARTICLE, 'lang.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--max-file-size', '0.001', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        hasLength(1),
        {
          file: 'lang.txt',
          severity: 'warning',
          code: 'file-too-large',
          data: { length: LONG_ARTICLE.length, limit: Math.round(0.001 * 1024 * 1024) },
        },
      ],
    },
  },
  {
    name: 'check --max-file-size above the article: the article is analysed',
    files: { 'lang.txt': LONG_ARTICLE, 'lang.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--max-file-size=0.01'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`lang.txt:${lineColumn(LONG_ARTICLE, '„Versprechen')}: warning unattributed-quote`],
      stdoutExcludes: ['file-too-large'],
      stderrIncludes: ['1 annotated article checked: 0 errors, 1 warning, 0 other'],
    },
  },
  {
    name: 'check refuses an article over the default 5 MB',
    files: { 'buch.txt': BOOK_ARTICLE, 'buch.ann.yaml': GERMAN_SIDECAR },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [
        'buch.txt:1:1: warning file-too-large This article is 5.3 MB of text, more than the limit of 5.0 MB',
      ],
      stdoutExcludes: ['unattributed-quote'],
    },
  },
  {
    name: 'check --max-file-size 6 analyses an article over the default 5 MB',
    files: { 'buch.txt': BOOK_ARTICLE, 'buch.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--max-file-size', '6'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`buch.txt:${lineColumn(BOOK_ARTICLE, '„Versprechen')}: warning unattributed-quote`],
      stdoutExcludes: ['file-too-large'],
    },
  },
  {
    name: 'quotes --max-file-size below the article exits with 2 and says why',
    files: { 'lang.txt': LONG_ARTICLE },
    args: ['quotes', 'lang.txt', '--max-file-size', '0.001'],
    expect: { exitCode: 2, stderrIncludes: ['lang.txt', 'more than the limit'], stderrMaxLines: 1 },
  },
  {
    name: 'quotes --max-file-size above the article lists its quotes',
    files: { 'lang.txt': LONG_ARTICLE },
    args: ['quotes', 'lang.txt', '--max-file-size', '0.01', '--format', 'json'],
    expect: { exitCode: 0, json: { quotes: [hasLength(2), { text: 'Wir werden hier investieren' }] } },
  },
  {
    name: 'mentions --max-file-size below the article exits with 2 and says why',
    files: { 'lang.txt': LONG_ARTICLE, 'lang.ann.yaml': GERMAN_SIDECAR },
    args: ['mentions', 'lang.txt', '--max-file-size', '0.001'],
    expect: { exitCode: 2, stderrIncludes: ['lang.txt', 'more than the limit'], stderrMaxLines: 1 },
  },
  {
    name: 'mentions --max-file-size above the article lists its mentions',
    files: { 'lang.txt': LONG_ARTICLE, 'lang.ann.yaml': GERMAN_SIDECAR },
    args: ['mentions', 'lang.txt', '--max-file-size', '0.01', '--format', 'json'],
    expect: { exitCode: 0, json: { mentions: [{ text: 'Anna Berger', entity: 'anna-berger' }] } },
  },
  ...['0', '-1', 'big', '5MB', 'Infinity', ''].map((value): Case => ({
    name: `--max-file-size '${value}' is bad usage`,
    files: { 'lang.txt': LONG_ARTICLE, 'lang.ann.yaml': GERMAN_SIDECAR },
    args: ['check', `--max-file-size=${value}`],
    expect: {
      exitCode: 2,
      stderrIncludes: [`--max-file-size needs a positive number of megabytes, not '${value}'`],
      stderrMaxLines: 2,
    },
  })),
  {
    name: '--max-file-size needs a value',
    files: {},
    args: ['mentions', 'lang.txt', '--max-file-size'],
    expect: { exitCode: 2, stderrIncludes: ['--max-file-size needs a value'], stderrMaxLines: 2 },
  },

  // The workspace's settings. Each case has a `.git` folder, where the search for a settings file
  // stops: the temporary folder's parents must not count.
  {
    name: 'settings: .vscode/settings.json making unattributed-quote an error changes the output and exit code',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations.unattributedSeverity": "error" }\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [`werk.txt:${FALK_AT}: error unattributed-quote `],
      stdoutExcludes: ['warning'],
      stderrIncludes: ['1 annotated article checked: 1 error, 0 warnings'],
      stderrMaxLines: 1,
    },
  },
  {
    name: 'settings: JSON with comments and trailing commas, as VS Code writes it',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': [
        '// Settings of the newsroom.',
        '{',
        '  /* Every quote must be attributed. */',
        '  "articleAnnotations.unattributedSeverity": "error", // not "warning"',
        '  "files.trimTrailingWhitespace": true,',
        '}',
        '',
      ].join('\n'),
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check', '--format', 'json'],
    expect: { exitCode: 1, json: [hasLength(1), { code: 'unattributed-quote', severity: 'error' }] },
  },
  {
    name: 'settings: keys nested in an articleAnnotations object count too',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations": { "unattributedSeverity": "error" } }\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: { exitCode: 1, stdoutIncludes: ['error unattributed-quote'] },
  },
  {
    name: 'settings: unknown keys and other extensions’ keys are ignored, without a word',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': JSON.stringify({
        'articleAnnotations.colour': 'red',
        'articleAnnotations.unattributedSeverity': 'error',
        'articleAnnotations.__proto__': { unattributedSeverity: 'hint' },
        'editor.tabSize': 2,
        '[markdown]': { 'editor.wordWrap': 'on' },
      }),
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: { exitCode: 1, stdoutIncludes: ['error unattributed-quote'], stderrMaxLines: 1 },
  },
  {
    name: 'settings: a value the setting does not take falls back to the default, as in the editor',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations.unattributedSeverity": "loud" }\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: { exitCode: 0, stdoutIncludes: ['warning unattributed-quote'], stderrMaxLines: 1 },
  },
  ...[
    [
      'a malformed settings file',
      '{ "articleAnnotations.unattributedSeverity": "error"\n  "x": 1 }\n',
      'is not valid JSON at 2:3 (CommaExpected)',
    ],
    [
      'a settings file that is a list',
      '["articleAnnotations.unattributedSeverity"]\n',
      'does not hold an object of settings',
    ],
    [
      'a settings file that is not UTF-8',
      Buffer.from([0x7b, 0xff, 0x7d]),
      'cannot be read: it is not valid UTF-8 text',
    ],
  ].map(([what, content, problem]): Case => ({
    name: `settings: ${what as string} is named in one warning, and the defaults apply`,
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': content,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['warning unattributed-quote'],
      stderrIncludes: [
        `article-annotations: warning: .vscode/settings.json ${problem as string}; its settings are ignored.`,
      ],
      stderrMaxLines: 2,
    },
  })),
  {
    name: 'settings: an empty settings file, or one of comments only, is no problem',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '// Nothing yet.\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    expect: { exitCode: 0, stdoutIncludes: ['warning unattributed-quote'], stderrMaxLines: 1 },
  },
  {
    name: 'settings: a folder or file below the workspace folder uses its settings, as VS Code would',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': ERROR_SETTINGS,
      'news/de/werk.txt': GERMAN_ARTICLE,
      'news/de/werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check', 'news', 'news/de/werk.txt'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [`news/de/werk.txt:${FALK_AT}: error unattributed-quote`],
      stderrIncludes: ['1 annotated article checked: 1 error'],
    },
  },
  {
    name: 'settings: the search stops at the folder holding .git',
    files: {
      '.vscode/settings.json': ERROR_SETTINGS,
      'repo/.git/HEAD': GIT_HEAD,
      'repo/werk.txt': GERMAN_ARTICLE,
      'repo/werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check'],
    cwd: 'repo',
    expect: { exitCode: 0, stdoutIncludes: ['warning unattributed-quote'] },
  },
  {
    name: 'settings: the nearest folder with its own settings file wins',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': ERROR_SETTINGS,
      'de/.vscode/settings.json': '{ "articleAnnotations.unattributedSeverity": "hint" }\n',
      'de/werk.txt': GERMAN_ARTICLE,
      'de/werk.ann.yaml': GERMAN_SIDECAR,
      'en/council.txt': ENGLISH_ARTICLE,
      'en/council.ann.yaml': ENGLISH_SIDECAR,
    },
    args: ['check', 'de', 'en'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [
        `de/werk.txt:${FALK_AT}: hint unattributed-quote`,
        `en/council.txt:${lineColumn(ENGLISH_ARTICLE, '"I have heard')}: error unattributed-quote`,
      ],
      stderrIncludes: ['2 annotated articles checked: 1 error, 0 warnings'],
    },
  },
  {
    name: 'settings: --no-settings ignores the settings file',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': ERROR_SETTINGS,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check', '--no-settings'],
    expect: { exitCode: 0, stdoutIncludes: ['warning unattributed-quote'] },
  },
  {
    name: 'settings: sidecarSuffix names the sidecars check looks for, and --suffix wins over it',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations.sidecarSuffix": ".notes.yaml" }\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.notes.yaml': GERMAN_SIDECAR,
      'rat.txt': ENGLISH_ARTICLE,
      'rat.ann.yaml': ENGLISH_SIDECAR,
    },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['werk.txt:'],
      stdoutExcludes: ['rat.txt'],
      also: (result) => {
        const flag = spawnSync(process.execPath, [CLI, 'check', '--suffix', '.ann.yaml'], {
          cwd: result.dir,
          encoding: 'utf8',
        });
        assert.match(flag.stdout, /^rat\.txt:/mu);
        assert.doesNotMatch(flag.stdout, /werk\.txt/u);
      },
    },
  },
  {
    name: 'settings: quotes reads speechMinWords from the settings file',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations.speechMinWords": 10 }\n',
      'werk.txt': GERMAN_ARTICLE,
    },
    args: ['quotes', 'werk.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        quotes: [
          { text: FALK_QUOTE, kind: 'term' },
          { text: 'Wir werden hier investieren', kind: 'term' },
        ],
      },
    },
  },
  {
    name: 'settings: --severity wins over the settings file',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': ERROR_SETTINGS,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR,
    },
    args: ['check', '--severity', 'unattributed-quote=warning'],
    expect: { exitCode: 0, stdoutIncludes: [`werk.txt:${FALK_AT}: warning unattributed-quote`] },
  },
  {
    name: 'settings: --severity CODE=off reports nothing of that code',
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--severity=unattributed-quote=off'],
    expect: { exitCode: 0, stdoutExcludes: ['unattributed-quote'], stderrIncludes: ['0 errors, 0 warnings, 0 other'] },
  },
  {
    name: '--severity works for any code and is repeatable',
    files: {
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': GERMAN_SIDECAR.replace('speaker: anna-berger', 'speaker: anna'),
    },
    args: ['check', '--severity', 'unknown-speaker=warning', '--severity', 'unattributed-quote=error'],
    expect: {
      exitCode: 1,
      stdoutIncludes: ['warning unknown-speaker', 'error unattributed-quote'],
      stderrIncludes: ['1 error, 1 warning'],
    },
  },
  ...[
    ['unattributed-quote=loud', 'the level of unattributed-quote is one of error, warning, information, hint, off'],
    ['unattributed-quote', 'takes CODE=LEVEL'],
    ['=error', 'takes CODE=LEVEL'],
    ['unattributed-quote=', 'takes CODE=LEVEL'],
    ['unattributed=error', "unknown diagnostic code 'unattributed'"],
    ['unreadable-file=off', 'cannot change unreadable-file'],
  ].map(([value, message]): Case => ({
    name: `--severity '${value}' is bad usage`,
    files: { 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': GERMAN_SIDECAR },
    args: ['check', '--severity', value],
    expect: { exitCode: 2, stdoutExcludes: ['werk'], stderrIncludes: [message], stderrMaxLines: 2 },
  })),
  {
    name: '--severity is for check',
    files: { 'werk.txt': GERMAN_ARTICLE },
    args: ['quotes', 'werk.txt', '--severity', 'unattributed-quote=error'],
    expect: { exitCode: 2, stderrIncludes: ['--severity is for check'], stderrMaxLines: 2 },
  },

  // Help and version.
  {
    name: '--help prints the usage and exits with 0',
    files: {},
    args: ['--help'],
    expect: { exitCode: 0, stdoutIncludes: ['Usage:', 'article-annotations check', '--max-warnings'] },
  },
  {
    name: '-h works after a command too',
    files: {},
    args: ['check', '-h'],
    expect: { exitCode: 0, stdoutIncludes: ['Usage:'] },
  },
  {
    name: '--version prints the package version and exits with 0',
    files: {},
    args: ['--version'],
    expect: { exitCode: 0, stdoutIncludes: [`${version}\n`] },
  },
  {
    name: 'the checker starts without a word on stderr: this Node.js knows the V8 flags it sets',
    files: {},
    args: ['--version'],
    expect: { exitCode: 0, stderrMaxLines: 0 },
  },
];

// Registries: entities.ann.yaml, the entities of every article below it.

/** A registry for the German article: its two people and place, and a person it never names. */
const ROOT_REGISTRY = [
  'version: 1',
  'entities:',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger',
  '    aliases: [Berger]',
  '  lindau:',
  '    type: place',
  '    name: Lindau',
  '  karl-moser:',
  '    type: person',
  '    name: Karl Moser',
  '',
].join('\n');

const NEAR_REGISTRY = ['version: 1', 'entities:', '  jonas-falk:', '    type: person', '    name: Jonas Falk', ''].join(
  '\n',
);

/** Both registries in one. */
const REGISTRY_OF_BOTH = ROOT_REGISTRY + NEAR_REGISTRY.replace('version: 1\nentities:\n', '');

/** The German article's sidecar without entities: both quotes name speakers of registries. */
const SIDECAR_OF_REGISTRIES = [
  'version: 1',
  'language: de',
  'quotes:',
  '  - text: Wir werden hier investieren',
  '    speaker: anna-berger',
  `  - text: ${FALK_QUOTE}`,
  '    speaker: jonas-falk',
  '',
].join('\n');

/** Jonas Falk in the sidecar, and a Lindau of its own that replaces the registry's. */
const SIDECAR_REPLACING_LINDAU = SIDECAR_OF_REGISTRIES.replace(
  'quotes:',
  'entities:\n  jonas-falk:\n    type: person\n    name: Jonas Falk\n  lindau:\n    type: organization\n    name: Lindau\nquotes:',
);

/** A registry whose unclosed quotation mark swallows the entity after it: a YAML error. */
const BROKEN_REGISTRY = [
  'version: 1',
  'entities:',
  '  jonas-falk:',
  '    type: person',
  '    name: "Jonas Falk',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger',
  '',
].join('\n');

const registryCases: Case[] = [
  {
    name: 'registries: a sidecar names speakers of the registry at the root and of one two folders down',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY,
      'news/2026/entities.ann.yaml': NEAR_REGISTRY,
      'news/2026/werk.txt': GERMAN_ARTICLE,
      'news/2026/werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      // Both quotes attributed, no unknown speaker: only the person no article names.
      json: [
        hasLength(1),
        {
          file: 'entities.ann.yaml',
          range: {
            start: position(ROOT_REGISTRY, 'karl-moser'),
            end: { line: position(ROOT_REGISTRY, 'karl-moser').line, character: 2 + 'karl-moser'.length },
          },
          severity: 'hint',
          code: 'unused-entity',
          message: "'karl-moser' is defined here but no article under ./ mentions or quotes it.",
          data: { id: 'karl-moser' },
        },
      ],
    },
  },
  {
    name: 'registries: check on a folder names the folder in unused-entity, and counts the registries it checked',
    files: {
      'news/entities.ann.yaml': ROOT_REGISTRY,
      'news/2026/entities.ann.yaml': NEAR_REGISTRY,
      'news/2026/werk.txt': GERMAN_ARTICLE,
      'news/2026/werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check', 'news'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [
        `news/entities.ann.yaml:${lineColumn(ROOT_REGISTRY, 'karl-moser')}: hint unused-entity 'karl-moser' is defined here but no article under news/ mentions or quotes it.`,
      ],
      stdoutExcludes: ['unknown-speaker', "'jonas-falk'", "'anna-berger'", "'lindau'"],
      stderrIncludes: ['1 annotated article and 2 registries checked: 0 errors, 0 warnings, 1 other.'],
    },
  },
  {
    name: 'registries: unused-entity is a hint in every format, and --severity turns it off',
    files: {
      'entities.ann.yaml': REGISTRY_OF_BOTH,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check', '--format', 'sarif'],
    expect: {
      exitCode: 0,
      json: {
        runs: [
          {
            results: [
              {
                ruleId: 'unused-entity',
                level: 'note',
                locations: [{ physicalLocation: { artifactLocation: { uri: 'entities.ann.yaml' } } }],
              },
            ],
          },
        ],
      },
      also: (result) => {
        const off = spawnSync(process.execPath, [CLI, 'check', '--severity', 'unused-entity=off'], {
          cwd: result.dir,
          encoding: 'utf8',
        });
        assert.equal(off.status, 0, off.stdout + off.stderr);
        assert.equal(off.stdout, '');
        assert.match(off.stderr, /1 annotated article and 1 registry checked: 0 errors, 0 warnings, 0 other\./u);
      },
    },
  },
  {
    name: 'registries: a sidecar entry without type extends the registry entity, and counts as using it',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': [
        'version: 1',
        'language: de',
        'entities:',
        '  anna-berger:',
        '    aliases: [Ministerin]',
        '  karl-moser:',
        '    description: Betriebsratsvorsitzender',
        '  jonas-falk:',
        '    type: person',
        '    name: Jonas Falk',
        'quotes:',
        '  - text: Wir werden hier investieren',
        '    speaker: anna-berger',
        `  - text: ${FALK_QUOTE}`,
        '    speaker: jonas-falk',
        '',
      ].join('\n'),
    },
    args: ['check', '--format', 'json'],
    // No schema error for the entries without type and name, and karl-moser, whom the article
    // never names, is used: the sidecar extends him.
    expect: { exitCode: 0, json: [hasLength(0)] },
  },
  {
    name: 'registries: mentions resolve through the registry, and name the registry an entity comes from',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': [
        'version: 1',
        'language: de',
        'entities:',
        '  anna-berger:',
        '    aliases: [Ministerin]',
        '  jonas-falk:',
        '    type: person',
        '    name: Jonas Falk',
        '',
      ].join('\n'),
    },
    args: ['mentions', 'werk.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        mentions: [
          hasLength(5),
          { text: 'Ministerin', entity: 'anna-berger', type: 'person', origin: 'entities.ann.yaml' },
          { text: 'Anna Berger', entity: 'anna-berger', type: 'person', origin: 'entities.ann.yaml' },
          { text: 'Lindau', entity: 'lindau', type: 'place', origin: 'entities.ann.yaml' },
          { text: 'Berger', entity: 'anna-berger', origin: 'entities.ann.yaml' },
          { text: 'Jonas Falk', entity: 'jonas-falk', origin: isNull },
        ],
      },
      also: (result) => assertSpansMatchFile(result, 'werk.txt', 'mentions'),
    },
  },
  {
    name: 'registries: a sidecar entry with a type replaces the registry entity, and says so',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY,
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': SIDECAR_REPLACING_LINDAU,
    },
    args: ['check', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: [
        hasLength(3),
        {
          file: 'werk.ann.yaml',
          range: { start: position(SIDECAR_REPLACING_LINDAU, 'lindau') },
          severity: 'information',
          code: 'registry-entity-replaced',
          message: (value) => typeof value === 'string' && value.includes('registry entities.ann.yaml'),
          data: { id: 'lindau', registry: 'entities.ann.yaml' },
        },
        // The article's Lindau is the sidecar's own now: the registry's is used by no article.
        { file: 'entities.ann.yaml', code: 'unused-entity', data: { id: 'lindau' } },
        { file: 'entities.ann.yaml', code: 'unused-entity', data: { id: 'karl-moser' } },
      ],
    },
  },
  {
    name: 'registries: a broken registry is reported, and an unknown speaker says the registry may define it',
    files: { 'entities.ann.yaml': BROKEN_REGISTRY, 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': SIDECAR_OF_REGISTRIES },
    args: ['check'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [
        `werk.ann.yaml:${lineColumn(SIDECAR_OF_REGISTRIES, 'anna-berger')}: error unknown-speaker No entity has the id 'anna-berger'. The registry entities.ann.yaml cannot be read in full and may define it.`,
      ],
      // jonas-falk parsed before the error: he is known.
      stdoutExcludes: ["'jonas-falk'", 'article-not-found'],
      also: (result) => assert.match(result.stdout, /^entities\.ann\.yaml:\d+:\d+: error yaml-syntax /mu),
    },
  },
  {
    name: 'registries: quotes warns that a broken registry may lack entities, and lists the quotes',
    files: { 'entities.ann.yaml': BROKEN_REGISTRY, 'werk.txt': GERMAN_ARTICLE, 'werk.ann.yaml': SIDECAR_OF_REGISTRIES },
    args: ['quotes', 'werk.txt'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['speech jonas-falk „Versprechen'],
      stderrIncludes: ['warning: the registry entities.ann.yaml cannot be used in full (it has a YAML error'],
      stderrMaxLines: 1,
    },
  },
  {
    name: 'registries: a file named directly sees the registries up to the folder holding .git, and none above it',
    files: {
      'top/entities.ann.yaml': NEAR_REGISTRY,
      'top/repo/.git/HEAD': GIT_HEAD,
      'top/repo/entities.ann.yaml': ROOT_REGISTRY,
      'top/repo/news/2026/werk.txt': GERMAN_ARTICLE,
      'top/repo/news/2026/werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check', 'top/repo/news/2026/werk.txt'],
    expect: {
      exitCode: 1,
      stdoutIncludes: ["error unknown-speaker No entity has the id 'jonas-falk'."],
      // anna-berger comes from the repository's registry; a file named alone tells nothing
      // about the entities no article uses.
      stdoutExcludes: ["'anna-berger'", 'unused-entity', 'top/entities.ann.yaml'],
      stderrIncludes: ['1 annotated article and 1 registry checked: 1 error'],
    },
  },
  {
    name: 'registries: quotes on a file named directly shows a speaker of a registry above it',
    files: {
      '.git/HEAD': GIT_HEAD,
      'entities.ann.yaml': ROOT_REGISTRY,
      'news/2026/entities.ann.yaml': NEAR_REGISTRY,
      'news/2026/werk.txt': GERMAN_ARTICLE,
      'news/2026/werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    cwd: 'news',
    args: ['quotes', '2026/werk.txt', '--format', 'json'],
    expect: {
      exitCode: 0,
      json: {
        quotes: [
          hasLength(2),
          { text: 'Wir werden hier investieren', attributed: true, speaker: 'anna-berger' },
          { text: FALK_QUOTE, attributed: true, speaker: 'jonas-falk' },
        ],
      },
      stderrMaxLines: 0,
    },
  },
  {
    name: 'registries: a registry named directly is checked on its own: its problems, nothing about articles',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY.replace('    type: place\n', ''),
    },
    args: ['check', 'entities.ann.yaml', '--format', 'json'],
    expect: {
      exitCode: 1,
      json: [hasLength(1), { file: 'entities.ann.yaml', code: 'schema', data: { id: 'lindau', missing: 'type' } }],
      stdoutExcludes: ['unused-entity', 'article-not-found'],
    },
  },
  {
    name: 'registries: two entities of a registry sharing a form get shared-alias',
    files: {
      'entities.ann.yaml':
        ROOT_REGISTRY + '  berger-max:\n    type: person\n    name: Max Berger\n    aliases: [Berger]\n',
    },
    args: ['check', 'entities.ann.yaml'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ["information shared-alias 'Berger' also names 'anna-berger'"],
      stderrIncludes: ['0 annotated articles and 1 registry checked'],
    },
  },
  {
    name: 'registries: no unused-entity when an article below the registry could not be analysed',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY,
      'werk.txt': LONG_ARTICLE,
      'werk.ann.yaml': 'version: 1\nlanguage: de\n',
    },
    args: ['check', '--max-file-size', '0.001'],
    expect: {
      exitCode: 0,
      stdoutIncludes: ['werk.txt:1:1: warning file-too-large'],
      stdoutExcludes: ['unused-entity', 'entities.ann.yaml'],
    },
  },
  {
    name: 'registries: a registry over the size limit is not used, and says so',
    files: {
      'entities.ann.yaml': ROOT_REGISTRY + '# ' + 'x'.repeat(1100) + '\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.ann.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check', '--max-file-size', '0.001'],
    expect: {
      exitCode: 1,
      stdoutIncludes: [
        'entities.ann.yaml:1:1: warning file-too-large This registry is 0.0 MB of text, more than the limit of 0.0 MB',
        "error unknown-speaker No entity has the id 'anna-berger'. The registry entities.ann.yaml cannot be read in full",
      ],
    },
  },
  {
    name: 'registries: the sidecar suffix of the settings names the registry too',
    files: {
      '.git/HEAD': GIT_HEAD,
      '.vscode/settings.json': '{ "articleAnnotations.sidecarSuffix": ".notes.yaml" }\n',
      'entities.notes.yaml': REGISTRY_OF_BOTH,
      // Not a registry with this suffix: never read.
      'entities.ann.yaml': 'version: [\n',
      'werk.txt': GERMAN_ARTICLE,
      'werk.notes.yaml': SIDECAR_OF_REGISTRIES,
    },
    args: ['check'],
    expect: {
      exitCode: 0,
      stdoutIncludes: [`entities.notes.yaml:${lineColumn(ROOT_REGISTRY, 'karl-moser')}: hint unused-entity`],
      stdoutExcludes: ['entities.ann.yaml', 'unknown-speaker'],
      stderrIncludes: ['1 annotated article and 1 registry checked'],
    },
  },
];

describe('command line (dist/cli.js)', function () {
  // Each case starts a Node.js process; on a slow machine that takes a while.
  this.timeout(30000);

  before(function () {
    assert.ok(fs.existsSync(CLI), `${CLI} does not exist; build with 'npm run build' first.`);
  });

  for (const testCase of cases) it(testCase.name, () => check(testCase));
});

describe('command line: registries', function () {
  this.timeout(30000);

  for (const testCase of registryCases) it(testCase.name, () => check(testCase));
});

describe('command line: links and special files', function () {
  this.timeout(30000);
  let root: string;
  let outside: string;
  let folder: string;
  const SECRET = 'Geheim: „Das darf niemand lesen“, sagte der Kassenwart.\n';

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-cli-links-'));
    outside = path.join(root, 'outside');
    folder = path.join(root, 'news');
    fs.mkdirSync(outside);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
    fs.writeFileSync(path.join(outside, 'secret.ann.yaml'), 'version: 1\nlanguage: de\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const check = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: root, encoding: 'utf8', timeout: 15000 });

  it('an article: key through a linked folder is refused on the key, and the file is not read', () => {
    fs.symlinkSync(outside, path.join(folder, 'linked'), 'dir');
    const sidecar = 'version: 1\nlanguage: de\narticle: linked/secret.txt\n';
    fs.writeFileSync(path.join(folder, 'werk.ann.yaml'), sidecar);
    const result = check('news');
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /news\/werk\.ann\.yaml:3:10: error invalid-article-path article 'linked\/secret\.txt' leads outside/u,
    );
    assert.ok(!result.stdout.includes('niemand'), 'the text of the outside file was printed');
    assert.ok(!result.stdout.includes('unattributed-quote'), 'the outside file was analysed');
  });

  it('a linked article that leads outside is unreadable, and the run exits with 2', () => {
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(folder, 'werk.txt'));
    fs.writeFileSync(path.join(folder, 'werk.ann.yaml'), 'version: 1\nlanguage: de\n');
    const result = check('news');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /error unreadable-file .*a symbolic link leads outside the folder being checked/u);
    assert.ok(!result.stdout.includes('niemand'));
  });

  it('a linked sidecar that leads outside is reported, not skipped', () => {
    fs.symlinkSync(path.join(outside, 'secret.ann.yaml'), path.join(folder, 'werk.ann.yaml'));
    fs.writeFileSync(path.join(folder, 'werk.txt'), 'Ein Text.\n');
    const result = check('news');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /news\/werk\.ann\.yaml:1:1: error unreadable-file The sidecar cannot be read: a symbolic link leads outside/u,
    );
    assert.match(result.stderr, /1 annotated article checked/u);
  });

  it('a linked registry that leads outside is not read: it is reported, and its entities are missing', () => {
    const registry = 'version: 1\nentities:\n  kassenwart:\n    type: person\n    name: Geheimer Kassenwart\n';
    fs.writeFileSync(path.join(outside, 'entities.ann.yaml'), registry);
    fs.symlinkSync(path.join(outside, 'entities.ann.yaml'), path.join(folder, 'entities.ann.yaml'));
    fs.writeFileSync(path.join(folder, 'werk.txt'), 'Er sagte: „Wir kommen morgen früh an.“\n');
    const sidecar =
      'version: 1\nlanguage: de\nquotes:\n  - text: Wir kommen morgen früh an.\n    speaker: kassenwart\n';
    fs.writeFileSync(path.join(folder, 'werk.ann.yaml'), sidecar);
    const result = check('news');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^news\/entities\.ann\.yaml:1:1: error unreadable-file The registry cannot be read: a symbolic link leads outside the folder being checked\.$/mu,
    );
    assert.match(
      result.stdout,
      /^news\/werk\.ann\.yaml:5:14: error unknown-speaker No entity has the id 'kassenwart'\. The registry news\/entities\.ann\.yaml cannot be read in full and may define it\.$/mu,
    );
    assert.ok(!result.stdout.includes('Geheimer'), 'the outside registry was read');
  });

  it('a settings file linked from outside its workspace folder is not read, and one warning says so', () => {
    fs.writeFileSync(path.join(outside, 'settings.json'), '{ "articleAnnotations.unattributedSeverity": "error" }');
    fs.mkdirSync(path.join(folder, '.git'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.symlinkSync(path.join(outside, 'settings.json'), path.join(folder, '.vscode', 'settings.json'));
    fs.writeFileSync(path.join(folder, 'werk.txt'), 'Er sagte: „Wir kommen morgen früh an.“\n');
    fs.writeFileSync(path.join(folder, 'werk.ann.yaml'), 'version: 1\nlanguage: de\n');
    const result = check('news');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /news\/werk\.txt:1:11: warning unattributed-quote/u);
    assert.match(
      result.stderr,
      /warning: news\/\.vscode\/settings\.json cannot be read: a symbolic link leads outside the folder being checked; its settings are ignored\./u,
    );
  });

  it('links that stay inside the folder are followed', () => {
    fs.mkdirSync(path.join(folder, 'texts'));
    fs.writeFileSync(path.join(folder, 'texts', 'werk.txt'), 'Er sagte: „Wir kommen morgen früh an.“\n');
    fs.symlinkSync(path.join(folder, 'texts', 'werk.txt'), path.join(folder, 'werk.txt'));
    fs.writeFileSync(path.join(folder, 'werk.ann.yaml'), 'version: 1\nlanguage: de\n');
    const result = check('news');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /news\/werk\.txt:1:11: warning unattributed-quote/u);
  });

  it('a special file named as a sidecar is reported, not skipped', function () {
    const fifo = path.join(folder, 'pipe.ann.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    const result = check('news');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /news\/pipe\.ann\.yaml:1:1: error unreadable-file The sidecar cannot be read: it is not a regular file/u,
    );
  });
});

describe('command line: a reader that stops early', function () {
  this.timeout(30000);

  it('stops quietly when the pipe closes: no error or stack trace on standard error', function () {
    if (spawnSync('bash', ['-c', 'true']).status !== 0) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-cli-pipe-'));
    try {
      // Far more than a pipe holds, so that writing goes on after `head` has gone.
      fs.writeFileSync(path.join(dir, 'long.txt'), 'Sie sagte: „Das ist gut.“\n'.repeat(5000));
      fs.writeFileSync(path.join(dir, 'long.ann.yaml'), 'version: 1\nlanguage: de\n');
      const run = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${CLI}" check long.txt | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
        { cwd: dir, encoding: 'utf8', timeout: 20000 },
      );
      assert.doesNotMatch(run.stderr, /EPIPE|Error|internal|\n\s+at /);
      assert.ok(['0', '1'].includes(run.stdout.trim()), `the checker exited with ${run.stdout.trim()}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
