/**
 * Hostile content for the fuzzer: articles and sidecars as small recipes that print readably in
 * a shrunk counterexample, and the generators that make them. A recipe is plain data; `render`
 * turns it into the text (or bytes) the editor or the disk gets.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { YAML_TROUBLE } from '../support/yamlTrouble';

const SAMPLES = path.resolve(__dirname, '../../../samples');
const sample = (name: string): string => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

export const SAMPLE_ARTICLES = {
  kim: sample('kim-putin.txt'),
  election: sample('election-night.txt'),
  port: sample('port-strike.md'),
} as const;
export const SAMPLE_SIDECARS = {
  kim: sample('kim-putin.ann.yaml'),
  election: sample('election-night.ann.yaml'),
  port: sample('port-strike.ann.yaml'),
} as const;
export type SampleName = keyof typeof SAMPLE_ARTICLES;
const SAMPLE_NAMES: SampleName[] = ['kim', 'election', 'port'];

/** Fractions are whole numbers up to this, so that they shrink towards 0 and print exactly. */
export const FRACTION = 1_000_000;
export const fraction = (): fc.Arbitrary<number> => fc.nat({ max: FRACTION });
/** The offset a fraction stands for in a text of `length` code units (0 to length). */
export const offsetOf = (at: number, length: number): number => Math.floor((at / FRACTION) * length);

// The alphabets. Tokens are joined without separators, so that they also meet in every
// combination: a mark glued to an emoji, a lone surrogate next to a CR.

export const QUOTE_MARKS = ['„', '“', '”', '‚', '‘', '’', '«', '»', '‹', '›', '"', "'", '「', '」', '〝', '〞', '＂'];
const WORDS = [
  'Putin',
  'Wladimir Putin',
  'Kim',
  'Kim Jong Un',
  'Peskow',
  'Tass',
  'Wladiwostok',
  'Putins',
  'Kim’s',
  'sagte',
  'said',
  'a déclaré',
  'er',
  'she',
  'the',
  'und',
  'Präsident',
  'Straße',
  'Élysée',
  'so-called',
  'sogenannte',
];
const SPACES = [' ', ' ', ' ', '\u00a0', '\u202f', '\t'];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', '\n \n', '\u2028', '\u2029', '\u0085'];
const PUNCTUATION = ['.', ',', ':', '?', '!', '…', '–', '—', '-', '(', ')', '[', ']', ';'];
const ODD = [
  '😀', // a surrogate pair
  '👩‍👩‍👧', // surrogate pairs joined by zero-width joiners
  '🇩🇪', // regional indicators
  'e\u0301', // e with a combining acute accent
  '\u0301\u0302\u0303', // combining marks on whatever comes before
  'Z\u0351\u0352\u0353\u0354\u0355\u0356', // "Zalgo"
  '\ufeff', // a byte order mark inside the text
  '\u0000', // NUL
  '\u0007', // BEL
  '\ud800', // a lone high surrogate
  '\udc00', // a lone low surrogate
  '\ud83d', // the first half of an emoji
  '\ufffd', // the replacement character
  '\uffff', // a noncharacter
];
const RTL = [
  'مرحبا بالعالم',
  'שלום',
  '\u202e',
  '\u202d',
  '\u200f',
  '\u200e',
  '\u2067',
  '\u2069',
  '\u061c',
  'قال بوتين',
];
const MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x](command:workbench.action.quit)',
  '[y](javascript:alert(1))',
  '![p](https://evil.example/p.png)',
  '```',
  '`',
  '~~~',
  '<!--',
  '-->',
  '](',
  '<http://example.com>',
  '---\n',
  '# ',
  '**',
  '_',
  '\\',
  '&amp;',
];

function articleToken(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...WORDS), weight: 8 },
    { arbitrary: fc.constantFrom(...QUOTE_MARKS), weight: 8 },
    { arbitrary: fc.constantFrom(...SPACES), weight: 8 },
    { arbitrary: fc.constantFrom(...BREAKS), weight: 3 },
    { arbitrary: fc.constantFrom(...PUNCTUATION), weight: 3 },
    { arbitrary: fc.constantFrom(...ODD), weight: 3 },
    { arbitrary: fc.constantFrom(...RTL), weight: 2 },
    { arbitrary: fc.constantFrom(...MARKUP), weight: 2 },
  );
}

/** A short piece of article text: what a keystroke, a paste or a code action inserts. */
export function snippet(maxTokens = 6): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: fc.array(articleToken(), { minLength: 1, maxLength: maxTokens }).map((t) => t.join('')), weight: 6 },
    { arbitrary: fc.array(yamlToken(), { minLength: 1, maxLength: maxTokens }).map((t) => t.join('')), weight: 4 },
  );
}

function yamlToken(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...YAML_TROUBLE), weight: 10 },
    { arbitrary: fc.constantFrom(...WORDS), weight: 2 },
    { arbitrary: fc.constantFrom(...QUOTE_MARKS), weight: 1 },
    { arbitrary: fc.constantFrom(...ODD), weight: 2 },
    { arbitrary: fc.constantFrom(...RTL), weight: 1 },
    { arbitrary: fc.constantFrom(...MARKUP), weight: 1 },
  );
}

// Sidecars with a value of a random type in every place.

/** YAML values of every type, valid and broken, that `typed` sidecars put in each slot. */
const VALUES = [
  '',
  '~',
  'null',
  '1',
  '-1',
  '0',
  '1.5',
  '1e400',
  '-.inf',
  '.nan',
  '0x1F',
  '0o17',
  'true',
  'no',
  '[]',
  '{}',
  '[1, [2, [3]]]',
  '{a: {b: c}}',
  '[Putin, 1, null, [x]]',
  '""',
  "''",
  '"Wladimir Putin"',
  'putin',
  'person',
  'place',
  'Q7747',
  'Q0',
  '[43.1, 131.9]',
  '[91, 181]',
  '[a, b]',
  '[https://example.com, "javascript:alert(1)", "command:foo"]',
  '2024-01-01',
  '!!binary aGk=',
  '!!str 1',
  '!!map {}',
  '!!seq []',
  '!custom x',
  '&v 1',
  '*v',
  '*undefined',
  '"\\u0000\\ud800\\uffff"',
  '"<img src=x onerror=alert(1)>"',
  '"[x](command:workbench.action.quit)"',
  '"![p](https://evil.example/p.png)"',
  '"line\\n\\nbreak"',
  '"😀👩‍👩‍👧"',
  '|-\n      a block',
  '>\n      a folded block',
  '? complex\n      : key',
  '"unterminated',
  '[unterminated',
  '{unterminated',
  '- a\n      - b',
  'a: b: c',
];

/** The slots of the `typed` template, in order. */
const TYPED_TEMPLATE = `version: $
language: $
article: $
entities:
  putin:
    type: $
    name: $
    aliases: $
    description: $
    wikidata: $
    links: $
    coordinates: $
    caseSensitive: $
    note: $
  $: $
quotes:
  - text: $
    speaker: $
    via: $
    kind: $
    anonymous: $
    occurrence: $
    note: $
  - $
`;
const TYPED_SLOTS = TYPED_TEMPLATE.split('$').length - 1;

// Recipes.

export type ArticleRecipe =
  | { article: 'sample'; name: SampleName; cut?: number }
  | { article: 'tokens'; text: string }
  /** Every quotation mark, each once, in the given order, between words or not. */
  | { article: 'marks'; order: string[]; between: string }
  /** A unit repeated: thousands of unpaired marks, a long line, many lines. */
  | { article: 'repeat'; unit: string; count: number };

export type SidecarRecipe =
  /** A sample sidecar, cut after `cut` (a fraction) of its text: a sidecar typed halfway. */
  | { sidecar: 'sample'; name: SampleName; cut?: number }
  /** A sample sidecar with pieces inserted and deleted. */
  | { sidecar: 'mutated'; name: SampleName; edits: { at: number; remove: number; insert: string }[] }
  | { sidecar: 'tokens'; text: string }
  /** The template above with a value of a random type in every slot. */
  | { sidecar: 'typed'; values: number[] }
  | { sidecar: 'deep'; shape: '[' | '{' | 'map' | 'seq'; depth: number; closed: boolean; under: string }
  /** Many entities, each named in the article samples or not, with duplicate ids or not. */
  | { sidecar: 'many'; count: number; duplicates: boolean; quotes: number }
  | { sidecar: 'anchors'; variant: AnchorVariant }
  /** Keys twice at every level, tabs for indentation, and other layouts that are legal or nearly. */
  | { sidecar: 'layout'; variant: LayoutVariant }
  | { sidecar: 'article-key'; value: string };

/** YAML anchors and aliases, and the other shapes that once stalled the server (issue 17). */
const ANCHOR_VARIANTS = [
  'bomb',
  'deep-bomb',
  'merge',
  'alias-entity',
  'alias-key',
  'undefined',
  'self',
  'cycle',
  'fan-out',
  'shared-name',
  'long-entry',
] as const;
type AnchorVariant = (typeof ANCHOR_VARIANTS)[number];
const LAYOUT_VARIANTS = ['duplicate-keys', 'tabs', 'crlf', 'cr', 'bom', 'documents', 'flow', 'json'] as const;
type LayoutVariant = (typeof LAYOUT_VARIANTS)[number];

/** Files on disk can also be bytes that are not UTF-8 text. */
export type BytesRecipe = { bytes: 'nul' | 'invalid-utf8' | 'bom' | 'utf16' | 'empty' };

export type Content = ArticleRecipe | SidecarRecipe | BytesRecipe;

export function articleRecipe(): fc.Arbitrary<ArticleRecipe> {
  return fc.oneof(
    {
      arbitrary: fc.record(
        { article: fc.constant('sample' as const), name: fc.constantFrom(...SAMPLE_NAMES), cut: fraction() },
        { requiredKeys: ['article', 'name'] },
      ),
      weight: 4,
    },
    {
      arbitrary: fc
        .array(articleToken(), { maxLength: 60 })
        .map((tokens) => ({ article: 'tokens' as const, text: tokens.join('') })),
      weight: 6,
    },
    {
      arbitrary: fc.record({
        article: fc.constant('marks' as const),
        order: fc.shuffledSubarray(QUOTE_MARKS, { minLength: QUOTE_MARKS.length }),
        between: fc.constantFrom('', ' ', 'Putin sagte ', ' word ', '\n', '\r\n'),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        article: fc.constant('repeat' as const),
        unit: fc.constantFrom('„', '“', '"', "'", '«', '„a “b ', 'x\r', '\n', 'Putin ', '😀', '\ud800', ' ', 'a'),
        count: fc.constantFrom(1, 100, 5000, 20000),
      }),
      weight: 1,
    },
  );
}

export function sidecarRecipe(): fc.Arbitrary<SidecarRecipe> {
  return fc.oneof(
    {
      arbitrary: fc.record(
        { sidecar: fc.constant('sample' as const), name: fc.constantFrom(...SAMPLE_NAMES), cut: fraction() },
        { requiredKeys: ['sidecar', 'name'] },
      ),
      weight: 5,
    },
    {
      arbitrary: fc.record({
        sidecar: fc.constant('mutated' as const),
        name: fc.constantFrom(...SAMPLE_NAMES),
        edits: fc.array(fc.record({ at: fraction(), remove: fc.nat({ max: 20 }), insert: snippet(3) }), {
          minLength: 1,
          maxLength: 5,
        }),
      }),
      weight: 4,
    },
    {
      arbitrary: fc
        .array(yamlToken(), { maxLength: 60 })
        .map((tokens) => ({ sidecar: 'tokens' as const, text: tokens.join('') })),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        sidecar: fc.constant('typed' as const),
        values: fc.array(fc.nat({ max: VALUES.length - 1 }), { minLength: TYPED_SLOTS, maxLength: TYPED_SLOTS }),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        sidecar: fc.constant('deep' as const),
        shape: fc.constantFrom('[' as const, '{' as const, 'map' as const, 'seq' as const),
        // Just past the limits of the nesting guard (64 flow levels, 128 columns), and far past.
        depth: fc.constantFrom(10, 65, 130, 500, 2000),
        closed: fc.boolean(),
        under: fc.constantFrom('', 'entities', 'quotes', 'article', 'entities.putin.aliases'),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        sidecar: fc.constant('many' as const),
        count: fc.constantFrom(50, 1000, 10000),
        duplicates: fc.boolean(),
        quotes: fc.constantFrom(0, 10, 500),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ sidecar: fc.constant('anchors' as const), variant: fc.constantFrom(...ANCHOR_VARIANTS) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ sidecar: fc.constant('layout' as const), variant: fc.constantFrom(...LAYOUT_VARIANTS) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        sidecar: fc.constant('article-key' as const),
        value: fc.constantFrom(
          'a.txt',
          'b.md',
          'sub/c.txt',
          'sub',
          'sub/',
          'x.ann.yaml',
          'a.ann.yaml',
          '../outside.txt',
          'sub/../a.txt',
          'missing.txt',
          '/etc/passwd',
          'file:///etc/passwd',
          'C:\\\\Windows',
          '"."',
          '""',
          '"a.txt\\u0000.md"',
          '"sub\\\\c.txt"',
          '[a.txt]',
        ),
      }),
      weight: 2,
    },
  );
}

export function bytesRecipe(): fc.Arbitrary<BytesRecipe> {
  return fc.record({
    bytes: fc.constantFrom('nul' as const, 'invalid-utf8' as const, 'bom' as const, 'utf16' as const, 'empty' as const),
  });
}

/** Content for a file of either kind; articles mostly get article text, and so on. */
export function contentFor(kind: 'article' | 'sidecar'): fc.Arbitrary<Content> {
  return fc.oneof(
    { arbitrary: kind === 'article' ? articleRecipe() : sidecarRecipe(), weight: 12 },
    { arbitrary: kind === 'article' ? sidecarRecipe() : articleRecipe(), weight: 1 },
    { arbitrary: bytesRecipe(), weight: 1 },
  );
}

// Rendering.

function cut(text: string, at: number | undefined): string {
  return at === undefined ? text : text.slice(0, offsetOf(at, text.length));
}

/** The text of a recipe. Bytes recipes give the bytes. */
export function render(content: Content): string | Buffer {
  if ('bytes' in content) return renderBytes(content);
  if ('article' in content) return renderArticle(content);
  return renderSidecar(content);
}

function renderBytes(recipe: BytesRecipe): Buffer {
  switch (recipe.bytes) {
    case 'nul':
      return Buffer.from('Putin sagte: „Ja.“\u0000\u0000 und dann', 'utf8');
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from('Gr', 'latin1'),
        Buffer.from([0xfc, 0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from('n'),
      ]);
    case 'bom':
      return Buffer.from('\ufeffversion: 1\nentities:\n  putin: {type: person, name: Putin}\n', 'utf8');
    case 'utf16':
      return Buffer.from('\ufeffPutin sagte: „Ja.“', 'utf16le');
    case 'empty':
      return Buffer.alloc(0);
  }
}

function renderArticle(recipe: ArticleRecipe): string {
  switch (recipe.article) {
    case 'sample':
      return cut(SAMPLE_ARTICLES[recipe.name], recipe.cut);
    case 'tokens':
      return recipe.text;
    case 'marks':
      return recipe.order.join(recipe.between);
    case 'repeat':
      return recipe.unit.repeat(recipe.count);
  }
}

function renderSidecar(recipe: SidecarRecipe): string {
  switch (recipe.sidecar) {
    case 'sample':
      return cut(SAMPLE_SIDECARS[recipe.name], recipe.cut);
    case 'mutated': {
      let text = SAMPLE_SIDECARS[recipe.name];
      for (const edit of recipe.edits) {
        const at = offsetOf(edit.at, text.length);
        text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
      }
      return text;
    }
    case 'tokens':
      return recipe.text;
    case 'typed': {
      const parts = TYPED_TEMPLATE.split('$');
      return parts.map((part, i) => (i === 0 ? part : VALUES[recipe.values[i - 1] ?? 0] + part)).join('');
    }
    case 'deep':
      return deep(recipe);
    case 'many':
      return many(recipe.count, recipe.duplicates, recipe.quotes);
    case 'anchors':
      return anchors(recipe.variant);
    case 'layout':
      return layout(recipe.variant);
    case 'article-key':
      return `version: 1\narticle: ${recipe.value}\nentities:\n  putin: {type: person, name: Wladimir Putin, aliases: [Putin]}\n`;
  }
}

function deep(recipe: Extract<SidecarRecipe, { sidecar: 'deep' }>): string {
  const { depth, closed } = recipe;
  let body: string;
  switch (recipe.shape) {
    case '[':
      body = '['.repeat(depth) + (closed ? 'x' + ']'.repeat(depth) : '');
      break;
    case '{':
      body = '{a: '.repeat(depth) + (closed ? 'x' + '}'.repeat(depth) : '');
      break;
    case 'map': {
      const lines: string[] = [];
      for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i)}k${i}:`);
      body = '\n' + lines.join('\n') + (closed ? ' x' : '');
      break;
    }
    case 'seq': {
      body = '\n' + '- '.repeat(depth) + (closed ? 'x' : '');
      break;
    }
  }
  const keys = recipe.under ? recipe.under.split('.') : [];
  if (keys.length === 0) return body + '\n';
  const head = keys.map((key, i) => `${'  '.repeat(i)}${key}:`).join('\n');
  // Indent a block body under its key.
  const indent = '  '.repeat(keys.length);
  return `version: 1\n${head}${body.startsWith('\n') ? body.replace(/\n/gu, `\n${indent}`) : ` ${body}`}\n`;
}

function many(count: number, duplicates: boolean, quotes: number): string {
  const names = ['Wladimir Putin', 'Kim Jong Un', 'Peskow', 'Tass', 'Wladiwostok', 'Nordkorea', 'Russland'];
  const lines = ['version: 1', 'language: de', 'entities:'];
  for (let i = 0; i < count; i++) {
    const id = duplicates && i % 3 === 0 ? `e${i - (i % 9)}` : `e${i}`;
    const name = i < names.length ? names[i] : `Name${i} Person`;
    lines.push(`  ${id}:`, '    type: person', `    name: ${name}`, `    aliases: [N${i}, Putin]`);
  }
  lines.push('quotes:');
  for (let i = 0; i < quotes; i++)
    lines.push(`  - text: Wort ${i} und noch mehr`, `    speaker: e${i % Math.max(1, count)}`);
  return lines.join('\n') + '\n';
}

function anchors(variant: AnchorVariant): string {
  switch (variant) {
    case 'bomb':
      return billionLaughs(9);
    case 'deep-bomb': {
      // Doubling twenty times: a million quote entries, a few lines of YAML.
      const entries = Array.from({ length: 20 }, (_, i) => `  - &q${i + 1} [*q${i}, *q${i}]`);
      return `version: 1\nentities:\n  putin: {type: person, name: Putin}\nquotes:\n  - &q0 {text: a b c, speaker: putin}\n${entries.join('\n')}\n`;
    }
    case 'merge':
      return 'version: 1\nentities:\n  base: &base {type: person, name: Base}\n  putin:\n    <<: *base\n    name: Wladimir Putin\n';
    case 'alias-entity':
      return 'version: 1\nentities:\n  putin: &p {type: person, name: Wladimir Putin, aliases: &al [Putin]}\n  kim: *p\n  peskow: {type: person, name: Peskow, aliases: *al}\nquotes:\n  - {text: &t Wir kommen morgen, speaker: *p}\n';
    case 'alias-key':
      return 'version: 1\n&k entities:\n  putin: {type: person, name: Putin}\n*k : {}\n? *k\n: x\n';
    case 'undefined':
      return 'version: 1\nentities: *nothing\nquotes:\n  - text: *missing\n    speaker: *putin\n';
    case 'self':
      return 'version: 1\nentities: &e\n  putin: {type: person, name: Putin}\n  loop: *e\n';
    case 'cycle':
      return 'version: &v 1\nlanguage: *v\narticle: *v\nentities: &a {x: &b {type: *a, name: *b}}\n';
    case 'fan-out': {
      // One entity of many aliases referenced by hundreds of others (issue 17): refused whole.
      const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}`).join(', ');
      const references = Array.from({ length: 500 }, (_, i) => `  e${i}: *big`).join('\n');
      return `version: 1\nentities:\n  big: &big {type: person, name: Putin, aliases: [${aliases}]}\n${references}\n`;
    }
    case 'shared-name':
      // Thousands of entities with one name, as the samples name it: grouped, and capped diagnostics.
      return (
        'version: 1\nlanguage: de\nentities:\n' +
        Array.from({ length: 5000 }, (_, i) => `  e${i}: {type: person, name: Putin}`).join('\n') +
        '\n'
      );
    case 'long-entry': {
      // An entry of thousands of words that matches nothing: its closest passage is searched on demand.
      const words = Array.from({ length: 3000 }, (_, i) => `wort${i % 97}`).join(' ');
      return `version: 1\nlanguage: de\nquotes:\n  - text: "x${words}"\n    anonymous: a\n`;
    }
  }
}

function layout(variant: LayoutVariant): string {
  const kim = SAMPLE_SIDECARS.kim;
  switch (variant) {
    case 'duplicate-keys':
      return (
        'version: 1\nversion: 2\nlanguage: de\nlanguage: fr\nentities:\n' +
        '  putin: {type: person, type: place, name: Wladimir Putin, name: Putin, aliases: [Putin], aliases: [Kim]}\n' +
        '  putin: {type: organization, name: Kreml}\nentities: {}\nquotes:\n  - {text: Wir kommen morgen, text: Das ist, speaker: putin, speaker: kim}\nquotes: []\n'
      );
    case 'tabs':
      return kim.replace(/^( +)/gmu, (spaces) => '\t'.repeat(spaces.length / 2));
    case 'crlf':
      return kim.replace(/\n/gu, '\r\n');
    case 'cr':
      return kim.replace(/\n/gu, '\r');
    case 'bom':
      return '\ufeff' + kim;
    case 'documents':
      return `${kim}---\n${kim}...\n---\nversion: 2\n`;
    case 'flow':
      return '{version: 1, language: de, entities: {putin: {type: person, name: Wladimir Putin, aliases: [Putin]}}, quotes: [{text: Wir kommen morgen, speaker: putin}]}\n';
    case 'json':
      return JSON.stringify(
        { version: 1, entities: { putin: { type: 'person', name: 'Wladimir Putin' } }, quotes: [] },
        null,
        '\t',
      );
  }
}

/** The classic "billion laughs": each level aliases the one before nine times. */
export function billionLaughs(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) {
    const aliases = Array.from({ length: 9 }, () => `*a${i - 1}`).join(',');
    lines.push(`a${i}: &a${i} [${aliases}]`);
  }
  return lines.join('\n') + '\n';
}
