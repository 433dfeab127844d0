/**
 * The TextMate grammars that colour quotation spans before the language server answers.
 *
 * Fixtures mark every expected quoted span with ⟦ ⟧, quotation marks included, and nested
 * quotes nest their markers. Each fixture is tokenized line by line, as the editor does, by the
 * grammars that package.json contributes, for Markdown on top of a small stand-in for VS Code's
 * Markdown grammar.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { parseMarkup, showSpans, type Span } from '../support/markup';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const INJECTION_SCOPE = 'text.article-annotations.quotes.injection';
const PLAIN_SCOPE = 'text.plain.article-annotations';
const MARKDOWN_SCOPE = 'text.html.markdown';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

interface GrammarContribution {
  scopeName: string;
  path: string;
  language?: string;
  injectTo?: string[];
}

interface PackageJson {
  contributes: { grammars: GrammarContribution[] };
}

const contributions = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson).contributes
  .grammars;

/**
 * A stand-in for VS Code's Markdown grammar, built the same way where it matters here.
 * Paragraphs are begin/while rules that continue only over indented or underlined lines, as in
 * VS Code, so every line of a paragraph is a paragraph of its own to the tokenizer. Inline code
 * is a begin/end rule and fenced code blocks hold Markdown (as a ```markdown block does in
 * VS Code), so that the injection could reach into both and only its selector keeps it out.
 */
const markdownStandIn = {
  scopeName: MARKDOWN_SCOPE,
  patterns: [{ include: '#fenced-code' }, { include: '#heading' }, { include: '#paragraph' }],
  repository: {
    'fenced-code': {
      name: 'markup.fenced_code.block.markdown',
      begin: '^\\s*(`{3,}|~{3,})',
      end: '^\\s*\\1\\s*$',
      patterns: [{ include: '$self' }],
    },
    heading: {
      name: 'markup.heading.markdown',
      match: '^[ ]{0,3}(#{1,6})[ \\t]+(.*)$',
      captures: {
        1: { name: 'punctuation.definition.heading.markdown' },
        2: { name: 'entity.name.section.markdown', patterns: [{ include: '#inline' }] },
      },
    },
    paragraph: {
      name: 'meta.paragraph.markdown',
      begin: '(^|\\G)[ ]{0,3}(?=\\S)',
      while: '(^|\\G)((?=\\s*[-=]{3,}\\s*$)|[ ]{4,}(?=\\S))',
      patterns: [{ include: '#inline' }],
    },
    inline: { patterns: [{ include: '#inline-code' }] },
    'inline-code': { name: 'markup.inline.raw.string.markdown', begin: '`', end: '`' },
  },
};

async function loadGrammars(): Promise<{ plain: textmate.IGrammar; markdown: textmate.IGrammar }> {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => oniguruma.createOnigScanner(sources),
      createOnigString: (text) => oniguruma.createOnigString(text),
    }),
    loadGrammar: (scopeName) => {
      if (scopeName === MARKDOWN_SCOPE) {
        return Promise.resolve(textmate.parseRawGrammar(JSON.stringify(markdownStandIn), 'markdown-stand-in.json'));
      }
      const contribution = contributions.find((candidate) => candidate.scopeName === scopeName);
      if (!contribution) return Promise.resolve(null);
      const file = path.join(ROOT, contribution.path);
      return Promise.resolve(textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
    },
    // Injections are wired as the editor wires them: from the contributions' injectTo lists.
    getInjections: (scopeName) =>
      contributions
        .filter((candidate) => candidate.injectTo?.includes(scopeName))
        .map((candidate) => candidate.scopeName),
  });
  const plain = await registry.loadGrammar(PLAIN_SCOPE);
  const markdown = await registry.loadGrammar(MARKDOWN_SCOPE);
  if (!plain || !markdown) throw new Error('The grammars did not load.');
  return { plain, markdown };
}

/** How many of this grammar's quotes enclose a token with these scopes. */
function quoteDepth(scopes: readonly string[]): number {
  return scopes.filter((scope) => scope.startsWith('string.quoted.') && scope.endsWith('.article-annotations')).length;
}

interface Line {
  start: number;
  text: string;
  /** Length of the line break after the line: 0 for the last line, 2 for \r\n. */
  breakLength: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    lines.push({ start, text: text.slice(start, match.index), breakLength: match[0].length });
    start = match.index + match[0].length;
  }
  lines.push({ start, text: text.slice(start), breakLength: 0 });
  return lines;
}

/** The quote depth of every UTF-16 code unit of `text`, tokenized line by line. */
function quoteDepths(grammar: textmate.IGrammar, text: string): number[] {
  const depths = new Array<number>(text.length).fill(0);
  const lines = splitLines(text);
  /** The depth of the quotes still open at the end of each line. */
  const openAtEnd: number[] = [];
  let state = textmate.INITIAL;
  for (const line of lines) {
    const result = grammar.tokenizeLine(line.text, state);
    for (const token of result.tokens) {
      const depth = quoteDepth(token.scopes);
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.text.length); i++)
        depths[line.start + i] = depth;
    }
    // Tokens cover only the text of a line, so ask a probe line whether the quotes open at the
    // end of this one would go on: a letter neither opens, closes nor blanks a line, so its
    // depth is theirs. Comparing the last and first characters of two lines instead would
    // merge a quote that ends a line with one that starts the next.
    openAtEnd.push(quoteDepth(grammar.tokenizeLine('x', result.ruleStack).tokens[0].scopes));
    state = result.ruleStack;
  }
  // A line break belongs to the quotes that are open at the end of its line and still open at
  // the start of the next: a blank line, or a line the base grammar starts afresh, ends them.
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    if (!next) return;
    const depth = next.text.length > 0 ? Math.min(openAtEnd[index], depths[next.start]) : 0;
    for (let i = 0; i < line.breakLength; i++) depths[line.start + line.text.length + i] = depth;
  });
  return depths;
}

/** The spans of quoted text, one for each quote, from the depth of every code unit. */
function spansOf(depths: readonly number[]): Span[] {
  const spans: Span[] = [];
  const starts: number[] = [];
  for (let i = 0; i <= depths.length; i++) {
    const depth = i < depths.length ? depths[i] : 0;
    while (starts.length > depth) spans.push({ start: starts.pop()!, end: i });
    while (starts.length < depth) starts.push(i);
  }
  return spans;
}

interface GrammarCase {
  name: string;
  /** The text with every quoted span, marks included, between ⟦ and ⟧. */
  text: string;
  /** Tokenize the text as Markdown rather than as plain text. */
  markdown?: boolean;
}

const german: GrammarCase[] = [
  { name: 'low-high marks', text: 'Er sagte: ⟦„Wir kommen.“⟧ Dann ging er.' },
  { name: 'low mark closed by a right double mark', text: '⟦„Das ist gut”⟧, sagte er.' },
  { name: 'low mark closed by a straight mark, as in OCR text', text: '⟦„Das ist gut"⟧, sagte er.' },
  { name: 'guillemets pointing inwards', text: 'Sie rief ⟦»Halt!«⟧ und lief.' },
  { name: 'Swiss guillemets pointing outwards', text: 'Er sagte: ⟦«Wir kommen»⟧.' },
  { name: 'nested single low-high marks', text: '⟦„Er sagte ⟦‚nein‘⟧ und ging“⟧, berichtete sie.' },
  { name: 'nested single guillemets', text: '⟦»Er sagte ⟦›nein‹⟧ dazu«⟧, sagte sie.' },
  { name: 'Swiss nested single guillemets', text: '⟦«Er sagte ⟦‹nein›⟧ dazu»⟧' },
  { name: 'low-high marks inside guillemets', text: '⟦»Er sagte ⟦„nein“⟧ dazu«⟧' },
  { name: 'straight marks inside low-high marks', text: '⟦„Er sagte ⟦"nein"⟧ dazu“⟧' },
  { name: 'English marks in German text', text: 'Er sagte ⟦“Hallo Welt”⟧ laut, ⟦„und ⟦“dies”⟧ auch“⟧.' },
  { name: 'compound with a quoted part', text: 'Die ⟦„Bild“⟧-Zeitung berichtete.' },
  { name: 'apostrophes are no marks', text: 'Kim’s Zug und Kims’ Reise, geht’s los.' },
  { name: 'apostrophe inside a nested quote', text: '⟦„Er fragte ⟦‚Wie geht’s?‘⟧“⟧' },
  {
    name: 'nested low mark closed by a straight apostrophe',
    text: '⟦„Er sagte ⟦‚Gehen Sie!\'⟧ und ging"⟧, sagte sie.',
  },
  { name: 'closing marks after a possessive apostrophe', text: '⟦»Das ist Kims’«⟧ und ⟦„das Kims’“⟧, sagte er.' },
  {
    name: 'an unclosed nested quote ends before the outer closing mark',
    text: '⟦„Er sagte ⟦‚nein und ging⟧“⟧, berichtete sie.',
  },
  {
    name: 'stray closing marks colour nothing',
    text: 'Ein Wort“ steht hier, ein Wort« dort und ein Wort‹ da. Dann ⟦„ok“⟧.',
  },
];

const english: GrammarCase[] = [
  { name: 'curly marks', text: 'He said, ⟦“We will win.”⟧' },
  { name: 'straight marks', text: '⟦"We will win,"⟧ she said.' },
  { name: 'nested curly single marks', text: '⟦“He called it ⟦‘absurd’⟧ and left,”⟧ she said.' },
  { name: 'nested straight single marks', text: `⟦"They shouted ⟦'stop'⟧ loudly,"⟧ he said.` },
  { name: 'nested straight double marks', text: '⟦"He said ⟦"no"⟧ twice,"⟧ she said.' },
  {
    name: 'a nested quote right after the opening mark',
    text: `⟦"⟦'Hi,'⟧ he said,"⟧ she told me. ⟦“⟦‘Hi,’⟧ he said,”⟧ she told me.`,
  },
  { name: 'British single marks', text: 'He said ⟦‘we will win’⟧ yesterday.' },
  {
    name: 'curly apostrophes are no marks',
    text: 'Don’t go to the Joneses’ house in the ’90s; it’s rock ’n’ roll, and it’s Kim’s.',
  },
  {
    name: 'straight apostrophes and elisions are no marks',
    text: "Don't go to the Joneses' house in the '90s; it's rock 'n' roll, so let 'em in 'til dawn.",
  },
  {
    name: 'a left single mark used as an apostrophe',
    text: 'The ‘90s were loud, ⟦“he said”⟧, and ‘tis true, rock ‘n’ roll.',
  },
  { name: 'a possessive after a closing mark', text: `The ⟦"Times"⟧'s report and the ⟦“Times”⟧’s report.` },
  { name: 'apostrophe inside a nested quote', text: '⟦“She said ⟦‘Kim’s car is gone’⟧ today.”⟧' },
  {
    name: 'an unclosed nested quote ends before the outer closing mark',
    text: `⟦“He said ⟦‘no and left,⟧”⟧ she said. ⟦"He said ⟦'no and left,⟧"⟧ she said.`,
  },
  {
    name: 'straight marks open only before a non-space',
    text: 'A lone " mark stays plain, and so does a trailing" one.',
  },
  {
    name: 'straight marks close only before a space, punctuation or the end of the line',
    text: '⟦"Use the O"Neil spelling,"⟧ he said.',
  },
  { name: 'an inch sign is no mark', text: 'A 12" pizza and ⟦"more food"⟧.' },
  { name: 'left double mark closing, as in OCR text', text: '⟦“Hello world“⟧ he said.' },
  { name: 'straight opening and curly closing mark', text: '⟦"Hello world”⟧ he said.' },
  { name: 'stray closing marks colour nothing', text: 'Words” and more words’ and a word" end here.' },
  {
    name: 'quotes after brackets, dashes and emphasis',
    text: '(⟦“Hi”⟧) and (⟦"Hi"⟧), —⟦„Ja“⟧ and *⟦"Yes"⟧*',
  },
];

const french: GrammarCase[] = [
  {
    name: 'guillemets with no-break spaces',
    text: `Il a déclaré${NBSP}: ⟦«${NBSP}Nous allons gagner${NBSP}»⟧.`,
  },
  { name: 'guillemets with narrow no-break spaces', text: `⟦«${NNBSP}Oui${NNBSP}!${NNBSP}»⟧, dit-elle.` },
  { name: 'guillemets with normal spaces', text: 'Il a dit ⟦« Nous allons gagner »⟧ hier.' },
  { name: 'guillemets after a no-break space', text: `Il a dit${NBSP}⟦«${NBSP}non${NBSP}»⟧.` },
  { name: 'a closing guillemet before punctuation opens nothing', text: '⟦« Oui »⟧, dit-il, ⟦« non »⟧.' },
  {
    name: 'nested single guillemets',
    text: `⟦«${NBSP}Il a dit ⟦‹${NBSP}non${NBSP}›⟧ hier${NBSP}»⟧`,
  },
  { name: 'nested English marks', text: '⟦« Le mot ⟦“grève”⟧ revient »⟧' },
  { name: 'elisions are no marks', text: "L’État et l’usine, aujourd’hui, l'an dernier." },
  { name: 'quotes after an elision', text: 'Il a dit qu’⟦« il viendra »⟧, jusqu’⟦“ici”⟧ et l’⟦"usine"⟧.' },
];

const layout: GrammarCase[] = [
  { name: 'a quote over a line break', text: '⟦„Wir kommen\nmorgen wieder“⟧, sagte er.' },
  { name: 'straight marks over a line break', text: '⟦"We will\nwin,"⟧ she said.' },
  { name: 'guillemets over a line break', text: 'Il a dit ⟦« Nous\nallons gagner »⟧ hier.' },
  { name: 'a nested quote over a line break', text: '⟦“He said ⟦‘we will\nwin’⟧ today.”⟧' },
  {
    name: 'a blank line ends an unclosed quote',
    text: '⟦„Offenes Zitat ohne Ende⟧\n\nNeuer Absatz mit ⟦„einem Zitat“⟧.',
  },
  {
    name: 'a quote over two paragraphs is coloured as two',
    text: '⟦“First part.⟧\n\n⟦“Second part.”⟧ he said.',
  },
  { name: 'a line of spaces is blank too', text: '⟦“Open quote⟧\n   \nNext ⟦“one”⟧.' },
  { name: 'a blank line ends nested quotes too', text: '⟦“Outer ⟦‘inner⟧⟧\n\nAfter ⟦“this”⟧.' },
  { name: 'an unclosed quote at the end of the text', text: 'Er sagte ⟦„kein Ende⟧' },
  { name: 'quotes on consecutive lines stay apart', text: '⟦“A.”⟧\n⟦“B.”⟧' },
  { name: 'CRLF line breaks', text: '⟦“One\r\ntwo”⟧ he said.\r\n\r\n⟦“Open⟧\r\n\r\nDone.' },
  {
    name: 'emoji and combining characters',
    text: '⟦“😀 great 👩‍👩‍👧”⟧ she wrote. ⟦„Cafe\u0301 und Me\u0301nage“⟧, sagte er.',
  },
  {
    name: 'quotes nest two deep; a third level is not tracked',
    text: '⟦„a ⟦„b „c“⟧ d“⟧ e“',
  },
];

const markdown: GrammarCase[] = [
  { name: 'a quote in a paragraph', text: 'Er sagte ⟦„Wir kommen“⟧.', markdown: true },
  { name: 'inline code holds no quotes', text: 'Use `"x"` and `„y“` but ⟦"z"⟧ here.', markdown: true },
  {
    name: 'fenced code holds no quotes',
    text: '⟦“Real”⟧ text.\n\n```\n"not a quote"\n„auch nicht“\n```\n\nAfter ⟦„ok“⟧.',
    markdown: true,
  },
  { name: 'a quote in a heading', text: '# ⟦„Wir kommen“⟧, sagt sie\n\nText.', markdown: true },
  {
    name: "a quote ends with its line, as VS Code's paragraph rule does",
    text: '⟦“A quote that goes on⟧\nto the next line” in Markdown.',
    markdown: true,
  },
];

let grammars: { plain: textmate.IGrammar; markdown: textmate.IGrammar };

function check(testCase: GrammarCase): void {
  const markup = parseMarkup(testCase.text);
  const grammar = testCase.markdown ? grammars.markdown : grammars.plain;
  const found = spansOf(quoteDepths(grammar, markup.text));
  assert.equal(showSpans(markup.text, found), showSpans(markup.text, markup.spans));
}

/** The text and scopes of each token of a line, the base grammar's scope left out. */
function tokensOf(grammar: textmate.IGrammar, line: string): [string, string[]][] {
  return grammar
    .tokenizeLine(line, textmate.INITIAL)
    .tokens.map((token) => [line.slice(token.startIndex, token.endIndex), token.scopes.slice(1)]);
}

describe('quotation grammar', () => {
  before(async () => {
    grammars = await loadGrammars();
  });

  const groups: [string, GrammarCase[]][] = [
    ['German', german],
    ['English', english],
    ['French', french],
    ['layout', layout],
    ['Markdown', markdown],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      for (const testCase of cases) it(testCase.name, () => check(testCase));
    });
  }

  it('names the kind of quote and its marks', () => {
    const kinds: [string, string][] = [
      ['„Ja“', 'string.quoted.double.article-annotations'],
      ['“Yes”', 'string.quoted.double.article-annotations'],
      ['"Yes"', 'string.quoted.double.article-annotations'],
      ['‚ja‘', 'string.quoted.single.article-annotations'],
      ['‘yes’', 'string.quoted.single.article-annotations'],
      ["'yes'", 'string.quoted.single.article-annotations'],
      ['»Ja«', 'string.quoted.other.guillemets.double.article-annotations'],
      ['«Oui»', 'string.quoted.other.guillemets.double.article-annotations'],
      ['›ja‹', 'string.quoted.other.guillemets.single.article-annotations'],
      ['‹oui›', 'string.quoted.other.guillemets.single.article-annotations'],
    ];
    for (const [line, kind] of kinds) {
      assert.deepEqual(tokensOf(grammars.plain, line), [
        [line[0], [kind, 'punctuation.definition.string.begin.article-annotations']],
        [line.slice(1, -1), [kind]],
        [line[line.length - 1], [kind, 'punctuation.definition.string.end.article-annotations']],
      ]);
    }
  });

  it('is contributed by package.json under its scope names', () => {
    const injection = contributions.find((contribution) => contribution.scopeName === INJECTION_SCOPE);
    const plain = contributions.find((contribution) => contribution.scopeName === PLAIN_SCOPE);
    assert.deepEqual(injection?.injectTo?.slice().sort(), [MARKDOWN_SCOPE, PLAIN_SCOPE]);
    assert.equal(plain?.language, 'plaintext');
    for (const contribution of contributions) {
      const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, contribution.path), 'utf8')) as { scopeName: string };
      assert.equal(grammar.scopeName, contribution.scopeName, contribution.path);
    }
  });

  it('compiles every regular expression', () => {
    const file = path.join(ROOT, 'syntaxes', 'quotes.injection.tmLanguage.json');
    const grammar = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      repository: Record<string, Record<string, unknown>>;
    };
    for (const [name, rule] of Object.entries(grammar.repository)) {
      for (const key of ['begin', 'end', 'match', 'while']) {
        const source = rule[key];
        if (typeof source !== 'string') continue;
        // A pattern that does not compile throws here rather than deep inside the tokenizer.
        assert.doesNotThrow(() => oniguruma.createOnigScanner([source]).dispose(), `${name}.${key}`);
      }
    }
  });

  it('tokenizes adversarial lines in linear time', () => {
    const lines: [string, string][] = [
      ['alternating "a and „', '"a„'.repeat(3334).slice(0, 10_000)],
      ['unclosed low marks', '„ '.repeat(5_000)],
      ['single marks that are no quotes', '‘a '.repeat(3334).slice(0, 10_000)],
      ['guillemets of both kinds', '« »a'.repeat(2_500)],
      ['spaces before a mark', ' '.repeat(10_000) + '"'],
    ];
    for (const [description, line] of lines) {
      for (const grammar of [grammars.plain, grammars.markdown]) {
        // A short run first, so that the bound measures the matching rather than the warm-up
        // of the JavaScript engine, which can take a second of its own on a busy machine.
        grammar.tokenizeLine(line.slice(0, 1_000), textmate.INITIAL);
        const started = process.hrtime.bigint();
        const result = grammar.tokenizeLine(line, textmate.INITIAL);
        // Once more inside an open quote, so that the end patterns of the quotes are timed too.
        grammar.tokenizeLine('\u201c' + line, result.ruleStack);
        const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
        assert.equal(result.stoppedEarly, false, description);
        // Generous bound: catastrophic backtracking would take minutes, linear matching milliseconds.
        assert.ok(milliseconds < 2000, `${description}: took ${milliseconds} ms`);
      }
    }
  });
});
