/**
 * Quote detection: which marks pair into quotes, in each language's conventions.
 *
 * Fixtures mark each expected quote's content with ⟦ ⟧ and each mark that should be reported
 * as unbalanced with ‼ in front of it.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  detectQuotes,
  languageProfile,
  markdownIgnoredSpans,
  paragraphBreaks,
  type LanguageCode,
} from '../../server/src/core';
import { parseMarkup, showSpans } from '../support/markup';

interface QuoteCase {
  name: string;
  language: LanguageCode;
  text: string;
  markdown?: boolean;
  /** Expected nesting depth of each quote, in text order, when it matters. */
  depths?: number[];
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const cases: QuoteCase[] = [
  // German.
  { name: 'German low-high marks', language: 'de', text: 'Er sagte: „⟦Wir kommen.⟧“ Dann ging er.' },
  { name: 'German guillemets point inwards', language: 'de', text: 'Sie rief »⟦Halt!⟧« und lief.' },
  {
    name: 'German nested single marks',
    language: 'de',
    text: '„⟦Er sagte ‚⟦nein⟧‘ und ging⟧“, berichtete sie.',
    depths: [0, 1],
  },
  {
    name: 'German single low mark closed by a straight apostrophe',
    language: 'de',
    text: '„⟦Ich sagte ‚⟦Gehen Sie!⟧\' und er ging⟧", berichtete sie.',
    depths: [0, 1],
  },
  { name: 'German nested single guillemets', language: 'de', text: '»⟦Er sagte ›⟦nein⟧‹ dazu⟧«', depths: [0, 1] },
  { name: 'OCR straight closing mark', language: 'de', text: '„⟦Das ist gut⟧", sagte er.' },
  { name: 'closing ” after „', language: 'de', text: '„⟦Das ist gut⟧”, sagte er.' },
  { name: 'English marks in German text', language: 'de', text: 'Er sagte “⟦Hallo Welt⟧” laut.' },
  { name: 'Swiss guillemets', language: 'de', text: 'Er sagte: «⟦Wir kommen⟧».' },
  { name: 'German apostrophes are no marks', language: 'de', text: 'Kim’s Zug und Kims’ Reise, geht’s los.' },
  {
    name: 'German quote over two paragraphs',
    language: 'de',
    text: '„⟦Erster Absatz ohne Ende.\n\n„Zweiter Absatz.⟧“, sagte er.',
  },
  {
    name: 'unclosed quote ends with its paragraph',
    language: 'de',
    text: '‼„⟦Offenes Zitat ohne Ende⟧\n\nNeuer Absatz mit „⟦einem Zitat⟧“.',
  },
  { name: 'stray closing mark', language: 'de', text: 'Ein Wort‼“ steht hier. Dann „⟦ok⟧“.' },
  { name: 'compound with quoted part', language: 'de', text: 'Die „⟦Bild⟧“-Zeitung berichtete.' },
  { name: 'German ordinal inside a quote', language: 'de', text: '„⟦für das gesamte 21. Jahrhundert⟧“' },
  // English.
  { name: 'English curly marks', language: 'en', text: 'He said, “⟦We will win.⟧”' },
  { name: 'English straight marks', language: 'en', text: '"⟦We will win,⟧" she said.' },
  {
    name: 'English curly opening closed by a straight mark',
    language: 'en',
    text: 'He paused. “⟦We will win,⟧" she said. “⟦And soon.⟧”',
  },
  {
    name: 'English straight opening closed by a curly mark',
    language: 'en',
    text: '"⟦We will win,⟧” she said. "⟦And soon.⟧"',
  },
  {
    name: 'English curly quote with straight marks nested in it',
    language: 'en',
    text: '“⟦He said "⟦no⟧" twice,⟧" she said.',
    depths: [0, 1],
  },
  {
    name: 'English nested curly single marks',
    language: 'en',
    text: '“⟦He called it ‘⟦absurd⟧’ and left,⟧” she said.',
    depths: [0, 1],
  },
  {
    name: 'English nested straight single marks',
    language: 'en',
    text: `"⟦They shouted '⟦stop⟧' loudly,⟧" he said.`,
    depths: [0, 1],
  },
  {
    name: 'English nested straight double marks',
    language: 'en',
    text: '"⟦He said "⟦no⟧" twice,⟧" she said.',
    depths: [0, 1],
  },
  {
    name: 'English apostrophes are no marks',
    language: 'en',
    text: "Don’t go to the Joneses’ house in the ’90s; it’s rock ’n’ roll, and it's Kim's.",
  },
  { name: 'inch sign is no mark', language: 'en', text: 'A 12" pizza and "⟦more food⟧".' },
  { name: 'English quote over two paragraphs', language: 'en', text: '“⟦First part.\n\n“Second part.⟧” he said.' },
  { name: 'British single marks', language: 'en', text: 'He said ‘⟦we will win⟧’ yesterday.' },
  { name: 'unclosed single mark is an apostrophe', language: 'en', text: 'The ‘90s were loud, “⟦he said⟧”.' },
  { name: 'quote after a colon without space', language: 'en', text: 'He said:"⟦Yes⟧"' },
  // French.
  {
    name: 'French guillemets with no-break spaces',
    language: 'fr',
    text: `Il a déclaré${NBSP}: «${NBSP}⟦Nous allons gagner⟧${NBSP}».`,
  },
  { name: 'French narrow no-break spaces', language: 'fr', text: `«${NNBSP}⟦Oui${NNBSP}!⟧${NNBSP}», dit-elle.` },
  { name: 'French guillemets after a word', language: 'fr', text: `Il a dit « ⟦Nous allons gagner⟧ » hier.` },
  {
    name: 'French nested single guillemets',
    language: 'fr',
    text: `«${NBSP}⟦Il a dit ‹${NBSP}⟦non⟧${NBSP}› hier⟧${NBSP}»`,
    depths: [0, 1],
  },
  { name: 'French nested English marks', language: 'fr', text: '« ⟦Le mot “⟦grève⟧” revient⟧ »', depths: [0, 1] },
  { name: 'French quote over two paragraphs', language: 'fr', text: '« ⟦Premier.\n\n« Second.⟧ »' },
  { name: 'French elisions are no marks', language: 'fr', text: 'L’État et l’usine, aujourd’hui.' },
  // Text encodings and layout.
  { name: 'CRLF paragraphs', language: 'en', text: 'A line.\r\n\r\n“⟦b c⟧” he said.\r\n' },
  { name: 'CRLF quote over two paragraphs', language: 'en', text: '“⟦One.\r\n\r\n“Two.⟧” he said.' },
  { name: 'byte order mark before a quote', language: 'en', text: '\uFEFF“⟦Hello there⟧”' },
  { name: 'emoji inside a quote', language: 'en', text: '“⟦😀 great 👩‍👩‍👧⟧” she wrote.' },
  { name: 'combining characters', language: 'de', text: '„⟦Cafe\u0301 und Me\u0301nage⟧“, sagte er.' },
  {
    name: 'one paragraph per line limits an unclosed quote',
    language: 'en',
    text:
      'He said ‼“⟦this line has no end and it goes on for a long while so that it is a paragraph of its own, really⟧\n' +
      'Next paragraph, also long enough to be one: “⟦a closed quote here⟧”, and more words to fill the line up.\n' +
      'A third paragraph that is long enough to count as a paragraph on its own line, with no quotes at all here.',
  },
  // Markdown.
  {
    name: 'Markdown code and link targets hold no quotes',
    language: 'en',
    markdown: true,
    text: 'Use `"x"` and "⟦y z⟧", see [the "⟦doc⟧"](https://e.org/"a") here.\n\n```\n"not a quote"\n```\n',
  },
  {
    name: 'Markdown front matter holds no quotes',
    language: 'en',
    markdown: true,
    text: '---\ntitle: "A title"\n---\n\n“⟦Real quote⟧”, he said.',
  },
];

function check(testCase: QuoteCase): void {
  const markup = parseMarkup(testCase.text);
  const ignored = testCase.markdown ? markdownIgnoredSpans(markup.text) : [];
  const result = detectQuotes(markup.text, languageProfile(testCase.language), ignored);
  const found = result.quotes.map((quote) => quote.content);
  assert.equal(showSpans(markup.text, found), showSpans(markup.text, markup.spans), 'quote contents');
  assert.deepEqual(
    result.unbalanced.map((mark) => mark.span.start),
    markup.flags,
    'unbalanced marks',
  );
  for (const quote of result.quotes) {
    assert.ok(quote.outer.start <= quote.content.start && quote.content.end <= quote.outer.end, 'outer holds content');
  }
  if (testCase.depths) {
    assert.deepEqual(
      result.quotes.map((quote) => quote.depth),
      testCase.depths,
      'depths',
    );
    for (const quote of result.quotes) {
      if (quote.depth > 0) {
        const parent = result.quotes[quote.parent];
        assert.ok(parent.outer.start < quote.outer.start && quote.outer.end <= parent.outer.end, 'parent encloses');
      }
    }
  }
}

describe('detectQuotes', () => {
  for (const testCase of cases) {
    it(`${testCase.language}: ${testCase.name}`, () => check(testCase));
  }

  it('is linear on 100,000 unpaired marks', () => {
    const text = '„ '.repeat(50_000) + '“'.repeat(50_000);
    const started = process.hrtime.bigint();
    const result = detectQuotes(text, languageProfile('de'));
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(result.unbalanced.length > 0);
    // Generous bound: a quadratic scan would take minutes, a linear one milliseconds.
    assert.ok(milliseconds < 2000, `took ${milliseconds} ms`);
  });
});

/**
 * Paragraph breaks as the rules say, a character at a time: where a line break is followed by
 * a blank line (one break for a run of them), or, in a text without blank lines whose lines
 * average over 100 characters, at every line break; \r\n is one line break.
 */
function referenceParagraphBreaks(text: string): number[] {
  const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
  const breaks: number[] = [];
  const lineBreaks: number[] = [];
  let blankLine = false;
  for (let i = 0; i < text.length; i++) {
    if (!isBreak(text[i]) || (text[i] === '\n' && text[i - 1] === '\r')) continue;
    lineBreaks.push(i);
    let j = i + (text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1);
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (!isBreak(text[j])) continue;
    blankLine = true;
    breaks.push(i);
    while (j < text.length && /\s/u.test(text[j])) j++;
    i = j - 1;
  }
  const units = text.length - (text.match(/\r\n/gu)?.length ?? 0);
  if (!blankLine && lineBreaks.length >= 2 && units / (lineBreaks.length + 1) > 100) return lineBreaks;
  return breaks;
}

describe('paragraphBreaks', () => {
  it('finds the breaks the rules say, with \\n alone or with any other line break', () => {
    const piece = fc.constantFrom('a', 'b c', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', 'x'.repeat(70));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(paragraphBreaks(text), referenceParagraphBreaks(text), JSON.stringify(text));
      }),
      { seed: 11, numRuns: 3000 },
    );
  });
});
