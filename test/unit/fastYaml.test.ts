/**
 * The fast YAML path for sidecars. Equivalence is the whole point: wherever the fast path does
 * not give up, parseSidecar must give exactly what it gives with the yaml package (the model with
 * every span, and every diagnostic), and the nodes must be the yaml package's, value for value
 * and range for range.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { parseSidecar, type ParsedSidecar } from '../../server/src/core';
import { parseSidecarFast, parseSidecarWithYamlPackage } from '../support/sidecarPaths';
import { parseSimpleYaml } from '../../server/src/core/sidecar/fastYaml';
import { MAX_BLOCK_INDENT, MAX_FLOW_DEPTH } from '../../server/src/core/sidecar/limits';
import { ANALYSIS_CASES, sidecarOf } from '../support/analysisCases';
import { parseMarkup } from '../support/markup';
import { SIDECAR_CASES } from '../support/sidecarCases';
import { YAML_TROUBLE } from '../support/yamlTrouble';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The node tree as plain data: kinds, values (with their JavaScript types), styles, anchors and ranges. */
function tree(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return { alias: node.source, range: node.range };
  const anchor = (node as { anchor?: string }).anchor;
  const plain = described(node);
  return anchor === undefined ? plain : { anchor, ...(plain as object) };
}

function described(node: unknown): unknown {
  if (isScalar(node)) {
    const value = node.value;
    return {
      scalar: node.type,
      kind: typeof value,
      // JSON would turn NaN, the infinities and -0 into null and 0.
      value: typeof value === 'number' ? (Object.is(value, -0) ? '-0' : String(value)) : value,
      source: node.source,
      format: node.format,
      minFractionDigits: node.minFractionDigits,
      range: node.range,
    };
  }
  if (isMap(node)) {
    return { map: node.items.map((pair) => [tree(pair.key), tree(pair.value)]), flow: !!node.flow, range: node.range };
  }
  if (isSeq(node)) return { seq: node.items.map(tree), flow: !!node.flow, range: node.range };
  return { other: typeof node };
}

/** Everything parseSidecar promises, as comparable text. */
function summary(parsed: ParsedSidecar): string {
  const { entityById, ...rest } = parsed.sidecar;
  return JSON.stringify({ sidecar: rest, ids: [...entityById.keys()], diagnostics: parsed.diagnostics });
}

/**
 * Asserts that the fast path gives up or agrees with the yaml package, in the nodes and in
 * parseSidecar's result; returns which it did.
 */
function check(source: string): 'fast' | 'bail' {
  const fast = parseSimpleYaml(source);
  const slow = parseSidecarWithYamlPackage(source);
  assert.equal(summary(parseSidecarFast(source)), summary(slow), `parseSidecar of ${JSON.stringify(source)}`);
  if (!fast) return 'bail';
  const document = slow.document;
  assert.deepEqual(
    document.errors.map((error) => error.message),
    [],
    `the fast path accepted a YAML error in ${JSON.stringify(source)}`,
  );
  assert.deepEqual(tree(fast.contents), tree(document.contents), `nodes of ${JSON.stringify(source)}`);
  return 'fast';
}

interface Case {
  name: string;
  yaml: string;
  /** True: must take the fast path; false: must give up; omitted: either, as long as it agrees. */
  fast?: boolean;
}

/** Fixtures of sidecar.test.ts outside the fast path's subset of YAML, or in error. */
const LEFT_TO_THE_PACKAGE = new Set(['YAML syntax error']);

// The fixtures of sidecar.test.ts, whose YAML the fast path must read as the yaml package does.
const SIDECAR_TEST_FIXTURES: Case[] = SIDECAR_CASES.map((testCase) => ({
  name: testCase.name,
  yaml: parseMarkup(testCase.yaml).text,
  fast: !LEFT_TO_THE_PACKAGE.has(testCase.name),
}));

// The sidecars of analysis.test.ts: its entities per language with its quote entries.
const ANALYSIS_FIXTURES: Case[] = [
  ...ANALYSIS_CASES.map((testCase): Case => ({
    name: `analysis: ${testCase.name}`,
    yaml: sidecarOf(testCase),
    fast: true,
  })),
  {
    name: 'analysis: the closest passage',
    yaml: 'version: 1\nentities:\n  putin: {type: person, name: Putin}\nquotes:\n  - {text: Wir komen morgen frü, speaker: putin}\n',
    fast: true,
  },
  {
    name: 'analysis: unused aliases',
    yaml: 'version: 1\nentities:\n  putin: {type: person, name: Putin, aliases: [Staatschef]}\n  peskow: {type: person, name: Peskow}\nquotes:\n  - {text: Wir kommen morgen, speaker: putin}\n',
    fast: true,
  },
  { name: 'analysis: only a language', yaml: 'language: fr', fast: true },
  { name: 'analysis: an entity without a name', yaml: 'version: 1\nentities:\n  x: {type: person}\n', fast: true },
];

// Sidecars and registries (entities.ann.yaml) alike, in the subfolders too.
const SAMPLES: Case[] = fs
  .readdirSync(path.join(ROOT, 'samples'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ann.yaml'))
  .map((file) => file.split(path.sep).join('/'))
  .sort()
  .map((file) => ({
    name: `sample ${file}`,
    yaml: fs.readFileSync(path.join(ROOT, 'samples', file), 'utf8'),
    fast: true,
  }));

// Written for this test: the YAML sidecars are made of, in every layout, and what lies beyond.
const OWN_CASES: Case[] = [
  {
    name: 'comments everywhere',
    yaml: `# head
version: 1 # trailing
  # indented under a scalar

# column 0
entities: # on the key
  # before the first entity
  a: # on the id
    # inside
    type: person   # spaces first
        # deeper than anything
    name: A
      # deeper than the keys

    aliases: [A1, A2] # after a flow sequence
    # at the keys' column
  # at the ids' column
# at the top
  b: {type: place, name: B}
quotes:
  # before the first entry
  - text: a b c # after text
    # under text
    speaker: a
      # deeper
  # at the dashes
# at the top again
  - text: d e f
    speaker: b
    # last, at the keys
  # last, at the dashes
# last, at the top
`,
    fast: true,
  },
  {
    name: 'blank lines everywhere, some with spaces',
    yaml: '\n\nversion: 1\n\n   \nentities:\n\n  a:\n\n    type: person\n  \n    name: A\n\n\nquotes:\n\n  - text: x y\n\n    speaker: a\n   \n\n',
    fast: true,
  },
  {
    name: 'odd spacing',
    yaml: 'version:   1   # c\nlanguage :  de\nentities:\n    a:\n          type:    person    \n          name:     Anna   Berger   \nquotes:\n  -    text:   x   y   # c\n       speaker:  a\n',
    fast: true,
  },
  {
    name: 'a sequence at the indentation of its key',
    yaml: 'version: 1\nentities:\n  a: {type: person, name: A}\nquotes:\n- text: x y\n  speaker: a\n- text: z w\n  anonymous:\nlanguage: de\n',
    fast: true,
  },
  {
    name: 'aliases as a block sequence, at both indentations',
    yaml: 'entities:\n  a:\n    type: person\n    name: A\n    aliases:\n      - One\n      - "Two"\n  b:\n    type: person\n    name: B\n    aliases:\n    - Three\n    - \'Four\'\nversion: 1\n',
    fast: true,
  },
  {
    name: 'quoted keys',
    yaml: '"version": 1\n\'entities\':\n  "a":\n    \'type\': person\n    "name": A\n  \'b-c\': {"type": place, \'name\': B}\n"quotes": []\n',
    fast: true,
  },
  {
    name: 'empty values everywhere',
    yaml: 'version:\nlanguage:\narticle:\nentities:\n  a:\n    type:\n    name:\n    aliases:\n  b:\nquotes:\n  - text:\n    anonymous:\n  - text: x y\n    anonymous:   # unnamed\n    # more\n',
    fast: true,
  },
  {
    name: 'empty values followed by comments and blank lines',
    yaml: 'version: 1\nquotes:\n  - text: a b\n    anonymous:\n\n      # deeper\n\n    # at the keys\n  # at the dashes\n\n  - text: c d\n    anonymous: # on the line\n# at the top\nentities:\n  x:\n\n# c\n\n  y:\n    # c\n\n\n  z:\n',
    fast: true,
  },
  {
    name: 'a fresh sidecar',
    yaml: 'version: 1\nlanguage: de\nentities:\nquotes:\n',
    fast: true,
  },
  {
    name: 'numbers, booleans and null in every position',
    yaml: `version: 1.0
language: 0x1F
article: true
entities:
  1: {type: person, name: 2, aliases: [3, 4.5, -6, +7, 0o17, 0x1a, 1e3, -1.5E-2, .5, 1., .inf, -.Inf, +.INF, .nan, .NaN, 0.0, 1.50, -0]}
  true: {type: person, name: True}
  null: {type: person, name: ~}
  ~: {type: person, name: NULL}
  2.5: {type: place, name: X, coordinates: [+1.5e1, -0.0], caseSensitive: FALSE}
  x: {type: place, name: Y, coordinates: [0o7, 0x10], caseSensitive: True}
quotes:
  - {text: 123, speaker: 1, occurrence: 0x2}
  - {text: 1_000, kind: term, occurrence: 1.0}
  - {text: null, anonymous: false}
  - {text: 00012, anonymous: 1e}
  - {text: '1', speaker: "2", occurrence: 0o1}
`,
    fast: true,
  },
  {
    name: 'strings that look like other things',
    yaml: 'entities:\n  a: {type: person, name: yes, aliases: [no, on, off, Yes, y, n, 0b101, 1_000, 12:30, .5.5, 1e, e1, 0o8, 0xG, +, -1-, ., nul, Nul, tRue, "true", \'null\']}\nversion: 1\n',
    fast: true,
  },
  {
    name: 'unicode',
    yaml: 'version: 1\nlanguage: de\nentities:\n  müller: {type: person, name: Jürgen Müller, aliases: [Müllers, "Grüße 😀", \'Ça va\']}\n  東京: {type: place, name: 東京}\n  zoë: {type: person, name: "Zoe\\u0308 👩‍👩‍👧", aliases: [e\u0301, 🇩🇪]}\nquotes:\n  - text: „Wir schaffen das“ — sagte sie 😀\n    speaker: müller\n',
    fast: true,
  },
  {
    name: 'double-quoted escapes',
    yaml: 'version: 1\nquotes:\n  - text: "a\\"b\\\\c\\/d\\te\\nf\\x41\\u00e9\\U0001F600\\ud83d\\ude00\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ g"\n    anonymous: "\\udc69lone"\n',
    fast: true,
  },
  {
    name: 'single-quoted escapes and special characters inside quotes',
    yaml: "version: 1\nquotes:\n  - text: 'it''s # not a comment: really, [x] {y} &a *b !c |d >e'\n    anonymous: ''''\n  - text: \"# and : and ' and ,\"\n    anonymous: ''\n",
    fast: true,
  },
  {
    name: 'plain scalars with indicators inside',
    yaml: 'version: 1\nentities:\n  a:\n    type: person\n    name: AT&T, [Inc.] {x} a#b c:d e-f g?h 100% x*y x!y x|y x>y x@y x`y\n    links: [https://example.org/a?b=c#d, http://x.y:8080/z]\n    description: ends with colon:x and -dash -\n',
    fast: true,
  },
  {
    name: 'nested and spaced flow collections',
    yaml: 'version: 1\nentities:\n  a: { type: person , name: A , aliases: [ B , "C" , \'D\' ] }\n  b: {type: place, name: B, aliases: [], links: [ ], coordinates: [1, 2]}\n  c: {type: x, name: C, description: {a: [1, {b: c}]}}\n  d: {}\n',
    fast: true,
  },
  {
    name: 'compact mappings with wide dashes',
    yaml: 'version: 1\nquotes:\n  -   text: a b\n      speaker: x\n  -  text: c d\n     kind: term\n  - - nested\n',
    fast: false,
  },
  {
    name: 'compact mappings with wide dashes, without the nested sequence',
    yaml: 'version: 1\nquotes:\n  -   text: a b\n      speaker: x\n  -  text: c d\n     kind: term\n',
    fast: true,
  },
  {
    name: 'a root indented by two',
    yaml: '  version: 1\n  entities:\n    a: {type: person, name: A}\n',
    fast: true,
  },
  {
    name: 'a list of scalars at the root',
    yaml: '- a\n- "b"\n- [c]\n# end\n',
    fast: true,
  },
  {
    name: 'no line break at the end',
    yaml: 'version: 1\nentities:\n  a:\n    type: person\n    name: A   # c',
    fast: true,
  },
  {
    name: 'an empty value at the very end',
    yaml: 'version: 1\nentities:\n  a:',
    fast: true,
  },
  {
    name: 'comments at the very end, without a line break',
    yaml: 'version: 1\nentities:\n  a:\n    type: person\n    # c',
    fast: true,
  },
  {
    name: 'a merge key is an ordinary key in YAML 1.2',
    yaml: 'version: 1\nentities:\n  a:\n    <<: {type: person}\n    name: A\n',
    fast: true,
  },
  // Anchors on values of one line, and aliases as values: how sidecars share aliases.
  {
    name: 'an anchor and an alias',
    yaml: 'version: 1\nentities:\n  a: &p {type: person, name: A}\n  b: *p\n',
    fast: true,
  },
  {
    name: 'an anchored list of aliases shared in flow mappings',
    yaml:
      "version: 1\nentities:\n  a: {type: person, name: A, aliases: &shared [Ann, 'A. B.']}  # c\n" +
      '  b: {type: person, name: B, aliases: *shared}\n  c:\n    type: person\n    name: C\n    aliases: *shared   # too\n',
    fast: true,
  },
  {
    name: 'anchored scalars and aliases in lists',
    yaml: 'version: 1\nentities:\n  a:\n    name: &n "Ann"\n    aliases:\n      - *n\n      - &m plain words\n  b: {name: B, aliases: [*n, *m, &o x, *o]}\n',
    fast: true,
  },
  {
    name: 'an alias before its anchor',
    yaml: 'version: 1\nentities:\n  a: {name: A, aliases: *later}\n  b: {name: B, aliases: &later [x]}\n',
  },
  { name: 'an alias of an unknown anchor', yaml: 'version: 1\nentities:\n  a: {name: A, aliases: *nowhere}\n' },
  { name: 'an anchor on a block collection', yaml: 'version: 1\nentities: &e\n  a: {name: A}\n', fast: false },
  { name: 'an anchor on a key', yaml: 'version: 1\nentities:\n  &k a: {name: A}\n', fast: false },
  { name: 'an alias as a key', yaml: 'version: 1\nx: &k a\nentities:\n  *k : {name: A}\n', fast: false },
  { name: 'two anchors on one value', yaml: 'version: 1\nx: &a &b y\n', fast: false },
  { name: 'an anchor on an alias', yaml: 'version: 1\nx: &a y\nz: &b *a\n', fast: false },
  { name: 'an anchor with an unusual name', yaml: 'version: 1\nx: &a:b y\nz: *a:b\n', fast: false },
  { name: 'text after an alias', yaml: 'version: 1\nx: &a y\nz: *a b\n', fast: false },
  { name: 'an anchor with nothing after it', yaml: 'version: 1\nx: &a\nz: 1\n', fast: false },
  // Beyond the fast path: the yaml package must read these (and report their errors).
  { name: 'a tag', yaml: 'version: !!int 1\n', fast: false },
  {
    name: 'a literal block scalar',
    yaml: 'version: 1\nquotes:\n  - text: |\n      a b\n    anonymous: x\n',
    fast: false,
  },
  {
    name: 'a folded block scalar',
    yaml: 'version: 1\nquotes:\n  - text: >\n      a b\n    anonymous: x\n',
    fast: false,
  },
  {
    name: 'a multi-line plain scalar',
    yaml: 'version: 1\nquotes:\n  - text: a b\n      c d\n    anonymous: x\n',
    fast: false,
  },
  {
    name: 'a multi-line quoted scalar',
    yaml: 'version: 1\nquotes:\n  - text: "a b\n      c d"\n    anonymous: x\n',
    fast: false,
  },
  {
    name: 'a multi-line flow collection',
    yaml: 'version: 1\nentities:\n  a: {type: person,\n    name: A}\n',
    fast: false,
  },
  { name: 'a directive', yaml: '%YAML 1.2\n---\nversion: 1\n', fast: false },
  { name: 'a document start marker', yaml: '---\nversion: 1\n', fast: false },
  { name: 'a document end marker', yaml: 'version: 1\n...\n', fast: false },
  { name: 'two documents', yaml: 'version: 1\n---\nversion: 2\n', fast: false },
  { name: 'an explicit key', yaml: '? version\n: 1\n', fast: false },
  { name: 'a tab in the indentation', yaml: 'version: 1\nentities:\n\ta: {type: person, name: A}\n', fast: false },
  { name: 'a tab in a value', yaml: 'version: 1\nlanguage:\tde\n', fast: false },
  { name: 'a lone carriage return', yaml: 'version: 1\rlanguage: de\n', fast: false },
  { name: 'a mapping in a compact mapping', yaml: 'version: 1\nlanguage: de: en\n', fast: false },
  { name: 'a value after a quoted scalar', yaml: 'version: 1\nlanguage: "de" en\n', fast: false },
  { name: 'a comment without a space', yaml: 'version: 1\nlanguage: "de"# c\n', fast: false },
  {
    name: 'a trailing comma',
    yaml: 'version: 1\nentities:\n  a: {type: person, name: A, aliases: [B, ]}\n',
    fast: false,
  },
  { name: 'an unknown escape', yaml: 'version: 1\nquotes:\n  - text: "a\\qb"\n    anonymous: x\n', fast: false },
  { name: 'a code point beyond Unicode', yaml: 'version: 1\nquotes:\n  - text: "\\U00110000"\n', fast: false },
  { name: 'a key without a space after the colon', yaml: 'version:1\n', fast: false },
  { name: 'an empty sequence item', yaml: 'version: 1\nquotes:\n  -\n  - text: a\n', fast: false },
  { name: 'a sequence on the line of its key', yaml: 'version: 1\nquotes: - text: a\n', fast: false },
  {
    name: 'bad indentation',
    yaml: 'version: 1\nentities:\n    a: {type: person, name: A}\n  b: {type: person, name: B}\n',
    fast: false,
  },
  { name: 'a scalar after a key with a value', yaml: 'version: 1\n  language: de\n', fast: false },
  { name: 'a line that is no key', yaml: 'version: 1\njust words\n', fast: false },
  { name: 'a plain scalar starting with an indicator', yaml: 'version: 1\nlanguage: @de\n', fast: false },
  { name: 'an unclosed quote', yaml: 'version: 1\nlanguage: "de\n', fast: false },
  { name: 'a flow mapping without a space after the colon', yaml: 'entities:\n  a: {type:person}\n', fast: false },
  { name: 'a value on the line after its key', yaml: 'version:\n  1\n', fast: false },
  { name: 'a byte order mark before an indented key', yaml: '\uFEFF  version: 1\n  language: de\n', fast: false },
  { name: 'a byte order mark before a dash', yaml: '\uFEFF- a: 1\n  b: 2\n', fast: false },
  { name: 'a byte order mark inside', yaml: 'version: 1\nlanguage: \uFEFFde\n', fast: false },
  { name: 'a very long key', yaml: `${'k'.repeat(1100)}: 1\n`, fast: false },
];

const TABLE: Case[] = [...SAMPLES, ...SIDECAR_TEST_FIXTURES, ...ANALYSIS_FIXTURES, ...OWN_CASES];

/** Variants of a case that must agree just the same: CRLF line breaks and a byte order mark. */
function variants(yaml: string): [string, string][] {
  const crlf = yaml.replace(/\r?\n/gu, '\r\n');
  return [
    ['CRLF', crlf],
    ['byte order mark', `\uFEFF${yaml}`],
    ['CRLF and byte order mark', `\uFEFF${crlf}`],
    ['no final line break', yaml.replace(/\r?\n$/u, '')],
    ['a comment line after every line', yaml.replace(/\n/gu, '\n# c\n')],
  ];
}

describe('fast YAML path', () => {
  describe('agrees with the yaml package or gives up', () => {
    for (const testCase of TABLE) {
      it(testCase.name, () => {
        const path = check(testCase.yaml);
        if (testCase.fast !== undefined) assert.equal(path, testCase.fast ? 'fast' : 'bail');
        for (const [, variant] of variants(testCase.yaml)) check(variant);
      });
    }

    it('takes the fast path for the CRLF and byte order mark variants of the samples', () => {
      for (const sample of SAMPLES) {
        for (const [name, variant] of variants(sample.yaml)) assert.equal(check(variant), 'fast', name);
      }
    });
  });

  it('creates the yaml document only when it is asked for, and once', () => {
    const source = SAMPLES[0].yaml;
    const parsed = parseSidecar(source);
    const document = parsed.document;
    assert.equal(parsed.document, document);
    assert.deepEqual(document.errors, []);
    assert.deepEqual(tree(document.contents), tree(parseSimpleYaml(source)!.contents));
    assert.equal(String(document), String(parseSidecarWithYamlPackage(source).document));
  });

  it('gives up beyond the nesting limits, so that the refusing scan sees those sidecars', () => {
    const flow = (depth: number): string => `entities: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    assert.ok(parseSimpleYaml(flow(MAX_FLOW_DEPTH)));
    assert.equal(parseSimpleYaml(flow(MAX_FLOW_DEPTH + 1)), undefined);
    const block = (indent: number): string => `entities:\n${' '.repeat(indent)}a:\n${' '.repeat(indent + 2)}b: c\n`;
    assert.ok(parseSimpleYaml(block(MAX_BLOCK_INDENT - 2)));
    assert.equal(parseSimpleYaml(block(MAX_BLOCK_INDENT)), undefined);
    for (const source of [flow(MAX_FLOW_DEPTH + 1), block(MAX_BLOCK_INDENT + 1)]) {
      assert.deepEqual(
        parseSidecar(source).diagnostics.map((d) => d.code),
        ['yaml-syntax'],
      );
    }
  });

  it('gives null contents for a document of comments and blank lines', () => {
    for (const source of ['', '\n', '# c', '  # c\n\n   \n', '\uFEFF', '\uFEFF# c\r\n']) {
      assert.deepEqual(parseSimpleYaml(source), { contents: null }, JSON.stringify(source));
      assert.equal(parseSidecarWithYamlPackage(source).document.contents, null);
    }
  });

  it('takes the fast path for a benchmark-sized sidecar and agrees on it', function () {
    this.timeout(20000);
    const source = benchmarkSidecar();
    assert.ok(source.length > 500_000, `${source.length} characters`);
    const fast = parseSimpleYaml(source);
    assert.ok(fast, 'the benchmark sidecar takes the fast path');
    const parsed = parseSidecar(source);
    assert.equal(parsed.sidecar.entities.length, 2000);
    assert.equal(parsed.sidecar.quotes.length, 5000);
    assert.equal(summary(parsed), summary(parseSidecarWithYamlPackage(source)));
  });

  // Past the entity limit the fast path passes over the rest of the section, where the yaml
  // package reads a copy of the text with those lines blanked out: both must read the same.
  for (const eol of ['\n', '\r\n']) {
    it(`reads a sidecar past the entity limit as the yaml package reads it blanked (${JSON.stringify(eol)})`, function () {
      this.timeout(20000);
      const entities = Array.from({ length: 5003 }, (_, i) => [`  e${i}:`, `    name: E${i}  # ${i}`, '']).flat();
      const source = [
        'version: 1',
        'entities:',
        ...entities,
        '# after',
        'quotes:',
        '  - {text: Wir, speaker: e1}',
        '',
      ].join(eol);
      assert.ok(parseSimpleYaml(source), 'the sidecar takes the fast path');
      const fast = parseSidecar(source);
      assert.equal(fast.sidecar.entities.length, 5000);
      assert.equal(fast.sidecar.quotes.length, 1);
      assert.equal(summary(fast), summary(parseSidecarWithYamlPackage(source)));
    });
  }

  it('reads a sidecar whose entities past the limit run to its end, without a last line break, as the yaml package', function () {
    this.timeout(20000);
    const source = [
      'version: 1',
      'entities:',
      ...Array.from({ length: 5002 }, (_, i) => `  e${i}: {name: E${i}}`),
    ].join('\n');
    assert.ok(parseSimpleYaml(source), 'the sidecar takes the fast path');
    const fast = parseSidecar(source);
    assert.equal(fast.sidecar.entities.length, 5000);
    assert.equal(summary(fast), summary(parseSidecarWithYamlPackage(source)));
  });

  describe('properties', function () {
    // A few hundred cases, each parsed three times; allow for slow CI machines.
    this.timeout(20000);

    it('agrees with the yaml package on random sidecar-like YAML, or gives up', () => {
      let fastCount = 0;
      fc.assert(
        fc.property(documentArbitrary, (source) => {
          if (check(source) === 'fast') fastCount++;
        }),
        { seed: 1729, numRuns: 400 },
      );
      // The generator is meant to produce mostly valid YAML; if it stopped doing so, this test
      // would no longer test the fast path.
      assert.ok(fastCount > 100, `only ${fastCount} of 400 took the fast path`);
    });

    it('agrees with the yaml package on mutated sidecar-like YAML, or gives up, and never throws', () => {
      fc.assert(
        fc.property(documentArbitrary, fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), (source, edits) => {
          let text = source;
          for (const { at, remove, insert } of edits) {
            const offset = at % (text.length + 1);
            text = text.slice(0, offset) + insert + text.slice(offset + remove);
          }
          check(text);
        }),
        { seed: 4711, numRuns: 400 },
      );
    });
  });
});

// The benchmark's sidecar, as scripts/bench.ts writes it: 2,000 entities with three aliases
// each, and 5,000 quote entries with double-quoted texts.

function benchmarkSidecar(): string {
  let state = 2000;
  const random = (max: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % max;
  };
  const syllables = ['ka', 'lo', 'mi', 'ber', 'ste', 'an', 'ru', 'wen', 'dor', 'fal', 'schu', 'rei', 'gen', 'ü', 'ö'];
  const word = (count: number): string => {
    let text = '';
    for (let i = 0; i < count; i++) text += syllables[random(syllables.length)];
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const lines = ['version: 1', 'language: de', 'entities:'];
  const ids: string[] = [];
  for (let n = 0; n < 2000; n++) {
    const type = ['person', 'place', 'organization'][n % 3];
    const id = `${type}-${n}`;
    const name = `${word(2)} ${word(3)}`;
    ids.push(id);
    lines.push(
      `  ${id}:`,
      `    type: ${type}`,
      `    name: ${name}`,
      `    aliases: [${[word(3), `${name.charAt(0)}. ${word(2)}`, `Dr. ${word(3)}`].map((alias) => JSON.stringify(alias)).join(', ')}]`,
    );
  }
  lines.push('quotes:');
  const words = ['wir', 'werden', 'die', 'Zukunft', 'nicht', 'mehr', 'für', 'Bürger', 'über', 'gemeinsam', 'Preise'];
  for (let n = 0; n < 5000; n++) {
    const text = Array.from({ length: 6 }, () => words[random(words.length)]).join(' ');
    lines.push(`  - text: ${JSON.stringify(text)}`, `    speaker: ${ids[random(ids.length)]}`);
  }
  return lines.join('\n') + '\n';
}

// Random sidecar-like YAML: mappings and sequences nested by random indentation widths
// (sequences sometimes at their key's indentation), keys and scalars in every style, flow
// collections, empty values, comments and blank lines at random indentations, trailing spaces
// and comments, CRLF line breaks and a byte order mark.

function spaceArbitraryOf(): fc.Arbitrary<string> {
  return fc.constantFrom(' ', ' ', ' ', '  ', '   ');
}

const WORDS = [
  'putin',
  'Kim Jong Un',
  'Süd',
  'a b c',
  'type',
  'name',
  '😀 emoji',
  'AT&T',
  'a#b',
  'http://x.y/z',
  'a:b',
  '12:30',
  'a [b]',
  'a, b',
  "it's",
  '-5',
  '-x',
  '0',
  '+3',
  '0o17',
  '0x1F',
  '1.50',
  '.5',
  '1e3',
  '-1.5E-2',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'null',
  '~',
  'yes',
  '1_000',
  '<<',
  'é',
  '1.',
  '',
];
const ESCAPES = ['\\n', '\\"', '\\\\', '\\u00e9', '\\x41', '\\U0001F600', '\\/', '\\ ', '\\_', '\\ud83d\\ude00', '\\q'];
const KEYS = ['text', 'speaker', 'name', 'x', 'a b', 'version', '1', 'true', 'null', '~', 'é', '😀'];

const wordArbitrary = fc.constantFrom(...WORDS);
const anchorArbitrary = fc.constantFrom('&a', '&b', '&a_1', '&ä');
const plainOrQuotedArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: wordArbitrary, weight: 5 },
  { arbitrary: fc.tuple(wordArbitrary, wordArbitrary).map(([a, b]) => `'${a}''${b}'`), weight: 1 },
  { arbitrary: wordArbitrary.map((word) => `'${word}'`), weight: 1 },
  {
    arbitrary: fc
      .tuple(wordArbitrary, fc.option(fc.constantFrom(...ESCAPES), { nil: '' }), wordArbitrary)
      .map(([a, escape, b]) => JSON.stringify(a).slice(0, -1) + escape + JSON.stringify(b).slice(1)),
    weight: 2,
  },
);
// Anchored scalars and aliases (of anchors that may come before, after or nowhere).
const scalarArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: plainOrQuotedArbitrary, weight: 12 },
  { arbitrary: fc.constantFrom('*a', '*b', '*a_1', '*nowhere'), weight: 1 },
  {
    arbitrary: fc.tuple(anchorArbitrary, spaceArbitraryOf(), plainOrQuotedArbitrary).map(([a, s, v]) => a + s + v),
    weight: 1,
  },
);
const keyArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...KEYS), weight: 6 },
  { arbitrary: scalarArbitrary, weight: 1 },
);
const spaceArbitrary = spaceArbitraryOf();

const { flow: flowArbitrary } = fc.letrec<{ flow: string; flowItem: string }>((tie) => ({
  flow: fc
    .tuple(
      fc.boolean(),
      fc.array(fc.tuple(keyArbitrary, tie('flowItem'), fc.constantFrom('', ' ')), { maxLength: 4 }),
      fc.constantFrom(', ', ', ', ' , ', ',  '),
      fc.constantFrom('', ' '),
    )
    .map(([isMap, items, comma, pad]) => {
      const inner = items.map(([key, value, after]) => (isMap ? `${key}: ${value}` : value) + after).join(comma);
      return isMap ? `{${pad}${inner}${pad}}` : `[${pad}${inner}${pad}]`;
    }),
  flowItem: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'flow' },
    scalarArbitrary,
    tie('flow'),
    fc.tuple(anchorArbitrary, tie('flow')).map(([anchor, flow]) => `${anchor} ${flow}`),
  ),
}));

const trailingArbitrary = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.constantFrom(' ', '   '), weight: 1 },
  {
    arbitrary: fc.tuple(spaceArbitrary, fc.constantFrom('#', '# c', '# x: y', '##')).map(([s, c]) => s + c),
    weight: 2,
  },
);

/** Blank and comment lines; a comment's indentation is relative to the lines around it. */
const triviaArbitrary = fc.oneof(
  { arbitrary: fc.constant<[number, string][]>([]), weight: 3 },
  {
    arbitrary: fc.array(
      fc.oneof(
        fc.tuple(fc.integer({ min: -20, max: 5 }), fc.constantFrom('', '', ' ', '    ')),
        fc.tuple(fc.integer({ min: -3, max: 4 }), fc.constantFrom('#', '# c', '# x: y')),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    weight: 1,
  },
);

interface Entry {
  trivia: [number, string][];
  key: string;
  beforeColon: string;
  value: { kind: 'scalar' | 'flow'; text: string } | { kind: 'empty' } | { kind: 'block'; block: Block; step: number };
  trailing: string;
}

interface Block {
  isMap: boolean;
  entries: Entry[];
}

const { block: blockArbitrary } = fc.letrec<{ block: Block; entry: Entry }>((tie) => ({
  block: fc.record({ isMap: fc.boolean(), entries: fc.array(tie('entry'), { minLength: 1, maxLength: 4 }) }),
  entry: fc.record({
    trivia: triviaArbitrary,
    key: keyArbitrary,
    beforeColon: fc.constantFrom('', '', '', '', ' '),
    value: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'block' },
      { arbitrary: scalarArbitrary.map((text) => ({ kind: 'scalar' as const, text })), weight: 4 },
      { arbitrary: flowArbitrary.map((text) => ({ kind: 'flow' as const, text })), weight: 1 },
      { arbitrary: fc.constant({ kind: 'empty' as const }), weight: 1 },
      {
        arbitrary: fc
          .tuple(tie('block'), fc.integer({ min: 0, max: 4 }))
          .map(([block, step]) => ({ kind: 'block' as const, block, step })),
        weight: 2,
      },
    ),
    trailing: trailingArbitrary,
  }),
}));

function triviaLines(trivia: [number, string][], indent: number): string[] {
  return trivia.map(([shift, text]) => (text.startsWith('#') ? ' '.repeat(Math.max(0, indent + shift)) + text : text));
}

/**
 * Writes a block at `indent`. A sequence item whose value is a mapping is written as a compact
 * mapping (`- key: value` with the next keys under the first); a nested block goes `step`
 * columns deeper, and a sequence under a key with step 0 stays at the key's indentation.
 */
function render(block: Block, indent: number, lines: string[], dashWidth = 0): void {
  block.entries.forEach((entry, i) => {
    lines.push(...triviaLines(entry.trivia, indent));
    const pad = ' '.repeat(indent);
    // The first key of a compact mapping follows its dash.
    const prefix = i === 0 && dashWidth > 0 ? '' : pad;
    const value = entry.value;
    if (block.isMap) {
      const head = `${prefix}${entry.key}${entry.beforeColon}:`;
      if (value.kind === 'block') {
        lines.push(head + entry.trailing);
        const nested = value.block;
        const step = value.step === 0 && !nested.isMap ? 0 : Math.max(1, value.step);
        render(nested, indent + step, lines);
      } else if (value.kind === 'empty') {
        lines.push(head + entry.trailing);
      } else {
        lines.push(`${head} ${value.text}${entry.trailing}`);
      }
      return;
    }
    if (value.kind === 'block' && value.block.isMap) {
      const width = 1 + (value.step % 3);
      const nested: string[] = [];
      render(value.block, indent + 1 + width, nested, width);
      const first = nested.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
      nested[first] = `${pad}-${' '.repeat(width)}${nested[first]}`;
      lines.push(...nested);
    } else if (value.kind === 'scalar' || value.kind === 'flow') {
      lines.push(`${pad}- ${value.text}${entry.trailing}`);
    } else {
      lines.push(`${pad}- ${entry.key}${entry.trailing}`);
    }
  });
}

const documentArbitrary: fc.Arbitrary<string> = fc
  .record({
    before: triviaArbitrary,
    block: blockArbitrary,
    after: triviaArbitrary,
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalBreak: fc.boolean(),
  })
  .map(({ before, block, after, crlf, bom, finalBreak }) => {
    const lines = triviaLines(before, 0);
    render(block, 0, lines);
    lines.push(...triviaLines(after, 0));
    const text = lines.join(crlf ? '\r\n' : '\n') + (finalBreak ? (crlf ? '\r\n' : '\n') : '');
    return (bom ? '\uFEFF' : '') + text;
  });

const mutationArbitrary = fc.record({
  at: fc.nat(),
  remove: fc.integer({ min: 0, max: 3 }),
  insert: fc.constantFrom('', ...YAML_TROUBLE),
});
