/**
 * Semantic tokens, in process, decoded with the legend the server announces: which text gets
 * which type and modifiers, that tokens are valid for an editor (sorted, on one line, never
 * overlapping), and that a range request returns exactly the tokens in its range. The handlers'
 * wiring is tested over stdio in test/lsp/semanticTokens.test.ts.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { articleTokens, encodeTokens, SEMANTIC_TOKENS_LEGEND } from '../../server/src/features/semanticTokens';
import { decodeTokens, linesOf, type DecodedToken } from '../support/lspText';
import { analysePair, type Pair } from '../support/pair';
import { repoPath } from '../support/repo';
import { KIM_ARTICLE, KIM_SIDECAR, sample } from '../support/samples';

interface ExpectedToken {
  text: string;
  type: string;
  /** All the token's modifiers, in any order. */
  modifiers: string[];
  /** Which occurrence of the text among the tokens, from 1; any when omitted. */
  occurrence?: number;
}

interface TokenCase {
  name: string;
  /** The article and its sidecar, by file name. */
  files: Record<string, string>;
  /** The article, whose tokens are checked. */
  article: string;
  includes: ExpectedToken[];
  /** Texts that must not be tokens at all. */
  excludes?: string[];
  count?: number;
  /** Ranges to request besides the middle third of the lines and one from token to token. */
  ranges?: [Position, Position][];
  /** Further checks on the decoded tokens. */
  also?: (tokens: DecodedToken[]) => void;
}

const show = (token: DecodedToken): string =>
  `${token.line}:${token.character} ${JSON.stringify(token.text)} ${token.type} [${token.modifiers.join(', ')}]`;

/** Tokens that overlap a range of lines and columns. */
function inRange(tokens: DecodedToken[], start: Position, end: Position): DecodedToken[] {
  return tokens.filter((token) => {
    const tokenEnd = { line: token.line, character: token.character + token.length };
    return before({ line: token.line, character: token.character }, end) && before(start, tokenEnd);
  });
}

interface Position {
  line: number;
  character: number;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** What every answer must satisfy for an editor to paint it. */
function assertWellFormed(tokens: DecodedToken[], text: string): void {
  const lines = linesOf(text);
  let previous: DecodedToken | undefined;
  for (const token of tokens) {
    assert.ok(token.length > 0, `empty token ${show(token)}`);
    assert.ok(token.line < lines.length, `token beyond the last line: ${show(token)}`);
    assert.ok(
      token.character + token.length <= lines[token.line].length,
      `token runs past the end of line ${token.line} (${lines[token.line].length} long): ${show(token)}`,
    );
    if (previous) {
      const previousEnd = { line: previous.line, character: previous.character + previous.length };
      assert.ok(
        !before({ line: token.line, character: token.character }, previousEnd),
        `${show(previous)} overlaps or follows ${show(token)}`,
      );
    }
    previous = token;
  }
}

function assertHasToken(tokens: DecodedToken[], expected: ExpectedToken): void {
  const candidates = tokens.filter((token) => token.text === expected.text);
  const token = expected.occurrence ? candidates[expected.occurrence - 1] : candidates[0];
  assert.ok(token, `no token ${JSON.stringify(expected.text)} among\n${tokens.map(show).join('\n')}`);
  const same = candidates.filter(
    (candidate) =>
      candidate.type === expected.type &&
      JSON.stringify([...candidate.modifiers].sort()) === JSON.stringify([...expected.modifiers].sort()),
  );
  const matching = expected.occurrence ? same.includes(token) : same.length > 0;
  assert.ok(
    matching,
    `expected ${JSON.stringify(expected.text)} as ${expected.type} [${expected.modifiers.join(', ')}], got ${candidates
      .map(show)
      .join('; ')}`,
  );
}

const CRLF_ARTICLE = KIM_ARTICLE.replace(/\n/gu, '\r\n');

/** French typography as in the sample: a no-break space inside « and ». */
const french = (text: string): string => text.replace(/« /gu, '«\u00a0').replace(/ »/gu, '\u00a0»');

const CASES: TokenCase[] = [
  {
    name: 'the German sample: entities by type, quotes as speech or term, attributed or not',
    files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR },
    article: 'kim-putin.txt',
    includes: [
      { text: 'Wladimir Putin', type: 'person', modifiers: ['speaker'] },
      { text: 'Putin', type: 'person', modifiers: ['speaker'] },
      { text: 'Kim Jong Un', type: 'person', modifiers: [] },
      { text: 'Wladiwostok', type: 'place', modifiers: [] },
      { text: 'Tass', type: 'organization', modifiers: [] },
      { text: 'Deutsche Presse-Agentur', type: 'organization', modifiers: [] },
      { text: 'Eastern Economic Forum', type: 'entity', modifiers: [] },
      { text: '„ewige Präsident“', type: 'term', modifiers: [] },
      { text: '„Das ist natürlich machbar, und wir werden es tun“', type: 'speech', modifiers: ['unattributed'] },
      {
        text: '„muss nicht nur über die Erschließung von Bodenschätzen gesprochen werden“',
        type: 'speech',
        modifiers: ['attributed'],
      },
      // A mention inside a quote cuts the quote's token around it.
      { text: '„Was den ', type: 'speech', modifiers: ['attributed'] },
      { text: 'Baikalsee', type: 'place', modifiers: [], occurrence: 1 },
    ],
    excludes: ['Anzeige', 'Zum Weiterlesen scrollen'],
    count: 78,
  },
  {
    name: 'a document has a type of its own',
    files: {
      'treaty.txt': 'Der Vertrag von Lissabon regelt das. Laut dem Vertrag von Lissabon ist „die Union offen“.\n',
      'treaty.ann.yaml':
        'version: 1\nlanguage: de\nentities:\n  lissabon:\n    type: document\n    name: Vertrag von Lissabon\n',
    },
    article: 'treaty.txt',
    includes: [{ text: 'Vertrag von Lissabon', type: 'document', modifiers: ['unlinked'] }],
  },
  {
    name: 'passages that sidecar entries declare, overlapping each other or a quote, are painted once',
    files: {
      'plan.txt':
        'Kern sagte, wir kommen morgen früh und bleiben lange. Sie sagte, wir gehen bald und nannten das „einen Erfolg“ heute.\n',
      'plan.ann.yaml':
        'version: 1\nlanguage: de\nentities:\n  kern: {type: person, name: Anna Kern, aliases: [Kern]}\nquotes:\n' +
        '  - {text: wir kommen morgen, speaker: kern}\n  - {text: morgen früh und, speaker: kern}\n' +
        '  - {text: wir gehen bald und, speaker: kern}\n',
    },
    article: 'plan.txt',
    includes: [
      { text: 'wir kommen morgen', type: 'speech', modifiers: ['attributed'] },
      { text: ' früh und bleiben lange.', type: 'speech', modifiers: ['attributed'] },
      { text: 'wir gehen bald und nannten das', type: 'speech', modifiers: ['attributed'] },
      { text: '„einen Erfolg“', type: 'term', modifiers: [] },
    ],
  },
  {
    name: 'the German sample with CRLF line endings: the same tokens at the same places',
    files: { 'kim-putin.txt': CRLF_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR },
    article: 'kim-putin.txt',
    includes: [
      { text: '„ewige Präsident“', type: 'term', modifiers: [] },
      { text: 'Wladiwostok', type: 'place', modifiers: [] },
    ],
    count: 78,
  },
  {
    name: 'the English sample: entities without a Wikidata id are unlinked; a quote over two paragraphs is split per line',
    files: {
      'election-night.txt': sample('election-night.txt'),
      'election-night.ann.yaml': sample('election-night.ann.yaml'),
    },
    article: 'election-night.txt',
    includes: [
      { text: 'Maria Okafor', type: 'person', modifiers: ['speaker', 'unlinked'] },
      { text: 'Linda', type: 'person', modifiers: ['unlinked'] },
      { text: 'Cedar Bend', type: 'place', modifiers: ['unlinked'] },
      { text: 'Ohio', type: 'place', modifiers: [] },
      { text: 'Columbus', type: 'place', modifiers: [] },
      { text: 'WCBR News', type: 'organization', modifiers: ['unlinked'] },
      { text: '“Every Street Counts,”', type: 'term', modifiers: [] },
      {
        text: '"We inherited pipes from the 1920s and a budget that couldn\'t pay for them."',
        type: 'speech',
        modifiers: ['unattributed'],
      },
      { text: '“Well, ', type: 'speech', modifiers: ['attributed'] },
    ],
    // A range inside the second paragraph of that quote.
    ranges: [
      [
        { line: 14, character: 0 },
        { line: 14, character: 20 },
      ],
    ],
    also: (tokens) => {
      // The quote "When I filed …" ends a paragraph without a closing mark and goes on in the next.
      const pieces = tokens.filter((token) => token.type === 'speech' && (token.line === 12 || token.line === 14));
      assert.ok(
        pieces.some((token) => token.text.endsWith('folks who meant well.')),
        pieces.map(show).join('\n'),
      );
    },
  },
  {
    name: 'the French Markdown sample: « » quotes, a term, unlinked entities',
    files: { 'port-strike.md': sample('port-strike.md'), 'port-strike.ann.yaml': sample('port-strike.ann.yaml') },
    article: 'port-strike.md',
    includes: [
      { text: 'Marseille', type: 'place', modifiers: [], occurrence: 1 },
      { text: french('« réforme »'), type: 'term', modifiers: [] },
      { text: 'Hélène Vasseur', type: 'person', modifiers: ['speaker', 'unlinked'] },
      { text: 'CGT', type: 'organization', modifiers: ['speaker'] },
      { text: 'Radio Littoral', type: 'organization', modifiers: ['unlinked'] },
      {
        text: french(
          '« Ici, personne ne fait grève par plaisir. Chaque journée perdue, on la sent sur la fiche de paie. »',
        ),
        type: 'speech',
        modifiers: ['unattributed'],
      },
      { text: french('« Le dialogue n’a jamais été rompu »'), type: 'speech', modifiers: ['attributed'] },
    ],
    // Markdown syntax is not text: the heading's `#` and the emphasis around the radio are not painted.
    excludes: ['# À Marseille', '*Radio Littoral*'],
  },
  {
    name: 'characters outside the Basic Multilingual Plane count as two UTF-16 code units',
    files: {
      'emoji.txt': '😀😀 Putin 🇩🇪 sagte in Moskau: „Wir kommen morgen früh an.“ 𝔘𝔫𝔡 Putin\n',
      'emoji.ann.yaml': [
        'version: 1',
        'language: de',
        'entities:',
        '  putin: {type: person, name: Wladimir Putin, aliases: [Putin], wikidata: Q7747}',
        '  moskau: {type: place, name: Moskau}',
        'quotes:',
        '  - text: Wir kommen morgen',
        '    speaker: putin',
        '',
      ].join('\n'),
    },
    article: 'emoji.txt',
    includes: [
      { text: 'Putin', type: 'person', modifiers: ['speaker'], occurrence: 1 },
      { text: 'Putin', type: 'person', modifiers: ['speaker'], occurrence: 2 },
      { text: 'Moskau', type: 'place', modifiers: ['unlinked'] },
      { text: '„Wir kommen morgen früh an.“', type: 'speech', modifiers: ['attributed'] },
    ],
    count: 4,
  },
  {
    name: 'a broken sidecar still gives the quotes their tokens',
    files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': 'version: 1\nentities: [\n' },
    article: 'kim-putin.txt',
    includes: [
      { text: '„ewige Präsident“', type: 'term', modifiers: [] },
      { text: '„Das ist natürlich machbar, und wir werden es tun“', type: 'speech', modifiers: ['unattributed'] },
    ],
    excludes: ['Putin', 'Wladiwostok'],
    count: 7,
  },
];

/** All tokens of the article, or those of a range, as the server's handlers answer. */
function tokensOf(pair: Pair, range?: { start: Position; end: Position }): DecodedToken[] {
  const { analysis } = pair.result;
  const span = range && analysis.articleLines.spanOf(range);
  return decodeTokens(
    encodeTokens(articleTokens(analysis, span), analysis, span),
    SEMANTIC_TOKENS_LEGEND,
    pair.text('article'),
  );
}

/**
 * Takes all tokens of the case's article and checks them; then checks that ranges (the middle
 * third of the lines, and one from inside a line to inside another) give exactly the tokens of
 * the full answer that overlap them.
 */
function check(testCase: TokenCase): void {
  const sidecarName = Object.keys(testCase.files).find((name) => name !== testCase.article)!;
  const pair = analysePair({
    article: testCase.files[testCase.article],
    sidecar: testCase.files[sidecarName],
    articleName: testCase.article,
  });
  const text = pair.text('article');
  const tokens = tokensOf(pair);
  assertWellFormed(tokens, text);
  for (const expected of testCase.includes) assertHasToken(tokens, expected);
  for (const excluded of testCase.excludes ?? []) {
    assert.ok(!tokens.some((token) => token.text === excluded), `${JSON.stringify(excluded)} must not be a token`);
  }
  if (testCase.count !== undefined) assert.equal(tokens.length, testCase.count, tokens.map(show).join('\n'));
  testCase.also?.(tokens);

  const lineCount = linesOf(text).length;
  const ranges: [Position, Position][] = [
    ...(testCase.ranges ?? []),
    [
      { line: Math.floor(lineCount / 3), character: 0 },
      { line: Math.floor((2 * lineCount) / 3), character: 0 },
    ],
  ];
  if (tokens.length >= 3) {
    // From the middle of one token to the middle of a later one.
    const first = tokens[Math.floor(tokens.length / 3)];
    const last = tokens[Math.floor((2 * tokens.length) / 3)];
    ranges.push([
      { line: first.line, character: first.character + Math.floor(first.length / 2) },
      { line: last.line, character: last.character + Math.floor(last.length / 2) },
    ]);
  }
  for (const [start, end] of ranges) {
    const inside = tokensOf(pair, { start, end });
    assertWellFormed(inside, text);
    assert.deepEqual(
      inside.map(show),
      inRange(tokens, start, end).map(show),
      `tokens for ${JSON.stringify({ start, end })}`,
    );
  }
}

describe('semantic tokens', () => {
  it('the legend is the one the extension declares in package.json', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND, {
      tokenTypes: ['person', 'place', 'organization', 'entity', 'speech', 'term', 'document'],
      tokenModifiers: ['speaker', 'unlinked', 'attributed', 'unattributed'],
    });
    const manifest = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as {
      contributes: { semanticTokenTypes: { id: string }[]; semanticTokenModifiers: { id: string }[] };
    };
    assert.deepEqual(
      manifest.contributes.semanticTokenTypes.map((type) => type.id),
      SEMANTIC_TOKENS_LEGEND.tokenTypes,
    );
    assert.deepEqual(
      manifest.contributes.semanticTokenModifiers.map((modifier) => modifier.id),
      SEMANTIC_TOKENS_LEGEND.tokenModifiers,
    );
  });

  for (const testCase of CASES) it(testCase.name, () => check(testCase));
});
