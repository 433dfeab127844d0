/**
 * The words around a quote: the sentence it stands in, split into tokens, read outwards from
 * the quotation marks. Speaker cues and the speech/term decision are patterns over these.
 */

import { IntMap } from '../text/intMap';
import type { DetectedQuote } from './quotes';
import { codePointAt, codePointBefore, isDigit, isUpperCaseLetter, isWhitespace, isWordChar } from '../text/text';

export interface Token {
  kind: 'word' | 'punct' | 'quote';
  text: string;
  /** Lower-case text, for comparing against word lists. */
  lower: string;
  /** Where the token is in the text: numbers rather than a span object, as there are many tokens. */
  start: number;
  end: number;
  /** Whether a word starts with a capital letter. */
  capitalised: boolean;
}

/** At most this many tokens are read on either side of a quote, keeping analysis linear. */
const TOKEN_LIMIT = 40;

const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof st sen rep gov gen lt col jr sr inc co corp no nr vs ca bzw usw etc z b d h u a ' +
    'hr fr mio mrd jan feb aug sept sep okt oct nov dez dec mme mlle mm m str tel abs art ggf vgl ' +
    'dipl ing bzw evtl inkl sog ua u.a zb z.b'
  ).split(' '),
);

/** The length of the longest abbreviation, beyond which a word need not be looked up. */
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((abbreviation) => abbreviation.length));

/** Indexes the detected quotes by where they start and end, to step over them as one token. */
export class QuoteIndex {
  /** Top-level quotes by the offset of their start and of their end: indexes into `quotes`. */
  private readonly byStart: IntMap;
  private readonly byEnd: IntMap;
  /**
   * The code units that quotes begin and end with (quotation marks, or a word's letters for a
   * quote declared on a passage): the words around quotes are read unit by unit, and most
   * units rule out a quote there without a lookup in the maps.
   */
  private readonly firstUnits = new Uint8Array(65536);
  private readonly lastUnits = new Uint8Array(65536);

  constructor(
    private readonly text: string,
    private readonly quotes: readonly DetectedQuote[],
  ) {
    this.byStart = new IntMap(quotes.length);
    this.byEnd = new IntMap(quotes.length);
    for (let i = 0; i < quotes.length; i++) {
      const quote = quotes[i];
      if (quote.depth > 0) continue;
      this.byStart.set(quote.outer.start, i);
      this.byEnd.set(quote.outer.end, i);
      // The units the lookups below read: the one at the start, and the one before the end.
      this.firstUnits[text.charCodeAt(quote.outer.start)] = 1;
      this.lastUnits[text.charCodeAt(quote.outer.end - 1)] = 1;
    }
  }

  // Outside the text, charCodeAt gives NaN, which no table entry has: the answer is none.
  startingAt(offset: number): DetectedQuote | undefined {
    if (!this.firstUnits[this.text.charCodeAt(offset)]) return undefined;
    const index = this.byStart.get(offset);
    return index >= 0 ? this.quotes[index] : undefined;
  }

  endingAt(offset: number): DetectedQuote | undefined {
    if (!this.lastUnits[this.text.charCodeAt(offset - 1)]) return undefined;
    const index = this.byEnd.get(offset);
    return index >= 0 ? this.quotes[index] : undefined;
  }
}

function isSentenceEnd(code: number): boolean {
  return code === 46 /* . */ || code === 33 /* ! */ || code === 63 /* ? */ || code === 0x2026; /* … */
}

/**
 * Whether the sentence-ending mark at `offset` really ends a sentence: not after an
 * abbreviation ("Dr.", "z.B.") or a number ("21. Jahrhundert"), and followed by space.
 */
export function endsSentence(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (!isSentenceEnd(code)) return false;
  const after = codePointAt(text, offset + 1);
  // A closing mark or bracket right after belongs to the sentence it ends.
  if (after >= 0 && !isWhitespace(after)) return false;
  if (code !== 46) return true;
  // Read the word before the period, by its offsets: a string is made only for a word short
  // enough to be an abbreviation, as this runs for every full stop near thousands of quotes.
  let start = offset;
  while (start > 0 && isWordChar(codePointBefore(text, start))) start--;
  const length = offset - start;
  if (length === 0) return true;
  if (isDigits(text, start, offset)) {
    // A German ordinal ("21. Jahrhundert") is followed by a word; a sentence ending in a
    // number is followed by a capital, which is ambiguous, so only a lower-case word decides.
    let next = offset + 1;
    while (next < text.length && isWhitespace(text.charCodeAt(next))) next++;
    return isUpperCaseLetter(codePointAt(text, next)) || next >= text.length;
  }
  if (length === 1 && isUpperCaseLetter(codePointAt(text, start))) return false;
  if (length > LONGEST_ABBREVIATION) return true;
  const word = text.slice(start, offset);
  return !ABBREVIATIONS.has(lowerCased(word));
}

/** Whether `[start, end)` of `text` is ASCII digits only. */
function isDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

function isParagraphBreakAt(text: string, offset: number): boolean {
  // A line break followed by a blank line.
  const c = text.charCodeAt(offset);
  if (c !== 10 && c !== 13) return false;
  let j = offset + 1;
  if (c === 13 && text.charCodeAt(j) === 10) j++;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j < text.length && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13);
}

/** Reads the word that starts at `start`: letters and digits joined by inner ' ’ - or a period in "U.S.". */
function wordEndFrom(text: string, start: number): number {
  let i = start;
  for (;;) {
    const cp = codePointAt(text, i);
    if (isWordChar(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if ((cp === 39 || cp === 0x2019 || cp === 45 || cp === 0x2010) && isWordChar(codePointAt(text, i + 1))) {
      i++;
      continue;
    }
    return i;
  }
}

function wordStartBefore(text: string, end: number): number {
  let i = end;
  for (;;) {
    const cp = codePointBefore(text, i);
    if (isWordChar(cp)) {
      i -= cp > 0xffff ? 2 : 1;
      continue;
    }
    if ((cp === 39 || cp === 0x2019 || cp === 45 || cp === 0x2010) && isWordChar(codePointBefore(text, i - 1))) {
      i--;
      continue;
    }
    return i;
  }
}

/**
 * `word` in lower case: the word itself when lower-casing cannot change it (no ASCII capital,
 * and nothing past Latin-1's symbols, where the letters with accents and every other script
 * begin), as toLowerCase would make a copy of each of the many words that are lower case.
 */
function lowerCased(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code >= 0xc0) return word.toLowerCase();
  }
  return word;
}

function makeToken(text: string, kind: Token['kind'], start: number, end: number): Token {
  const slice = text.slice(start, end);
  return {
    kind,
    text: slice,
    lower: lowerCased(slice),
    start,
    end,
    capitalised: kind === 'word' && isUpperCaseLetter(codePointAt(slice, 0)),
  };
}

/**
 * The tokens after `offset` up to the end of the sentence (or paragraph), stepping over other
 * quotes as single tokens.
 */
export function tokensAfter(text: string, offset: number, quotes: QuoteIndex): Token[] {
  const tokens: Token[] = [];
  let i = offset;
  while (i < text.length && tokens.length < TOKEN_LIMIT) {
    const code = text.charCodeAt(i);
    if (isParagraphBreakAt(text, i)) break;
    if (isWhitespace(code)) {
      i++;
      continue;
    }
    const quote = quotes.startingAt(i);
    if (quote) {
      tokens.push(makeToken(text, 'quote', quote.outer.start, quote.outer.end));
      i = quote.outer.end;
      continue;
    }
    const cp = codePointAt(text, i);
    if (isWordChar(cp)) {
      const end = wordEndFrom(text, i);
      tokens.push(makeToken(text, 'word', i, end));
      i = end;
      continue;
    }
    tokens.push(makeToken(text, 'punct', i, i + 1));
    if (endsSentence(text, i)) break;
    i++;
  }
  return tokens;
}

/**
 * The tokens before `offset` back to the start of the sentence (or paragraph), nearest first,
 * stepping over other quotes as single tokens.
 */
export function tokensBefore(text: string, offset: number, quotes: QuoteIndex): Token[] {
  const tokens: Token[] = [];
  let i = offset;
  while (i > 0 && tokens.length < TOKEN_LIMIT) {
    const code = text.charCodeAt(i - 1);
    if (isWhitespace(code)) {
      if ((code === 10 || code === 13) && isParagraphBreakAt(text, i - 1)) break;
      // A blank line is two line breaks; the check above sees it from its first one.
      if ((code === 10 || code === 13) && i >= 2 && isBlankLineEnd(text, i - 1)) break;
      i--;
      continue;
    }
    const quote = quotes.endingAt(i);
    if (quote) {
      // A quote that ends with its own full stop, question or exclamation mark ends the
      // sentence before this one: „Ich wähle keinen Juden!“ Dr. Benedikt replicirte: „…“
      if (/[.!?…]\s*$/u.test(text.slice(Math.max(quote.content.start, quote.content.end - 3), quote.content.end)))
        break;
      tokens.push(makeToken(text, 'quote', quote.outer.start, quote.outer.end));
      i = quote.outer.start;
      continue;
    }
    if (endsSentence(text, i - 1)) break;
    const cp = codePointBefore(text, i);
    if (isWordChar(cp)) {
      const start = wordStartBefore(text, i);
      tokens.push(makeToken(text, 'word', start, i));
      i = start;
      continue;
    }
    tokens.push(makeToken(text, 'punct', i - 1, i));
    i--;
  }
  return tokens;
}

/**
 * The tokens of the sentence before the one starting at `offset`, in text order; empty when
 * a paragraph starts there or the sentence before does not end with a full stop.
 */
export function previousSentenceTokens(text: string, offset: number, quotes: QuoteIndex): Token[] {
  let i = offset;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) {
    if (isParagraphBreakAt(text, i - 1) || (i >= 2 && isBlankLineEnd(text, i - 1))) return [];
    i--;
  }
  if (i === 0 || !endsSentence(text, i - 1)) return [];
  return tokensBefore(text, i - 1, quotes).reverse();
}

/**
 * The tokens of the last sentence of the paragraph before `offset`, in text order, for a quote
 * that opens its paragraph; empty when no paragraph break stands right before `offset` or that
 * sentence does not end with a full stop.
 */
export function previousParagraphTokens(text: string, offset: number, quotes: QuoteIndex): Token[] {
  let i = offset;
  let paragraph = false;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) {
    if (isParagraphBreakAt(text, i - 1) || (i >= 2 && isBlankLineEnd(text, i - 1))) paragraph = true;
    i--;
  }
  if (!paragraph || i === 0 || !endsSentence(text, i - 1)) return [];
  return tokensBefore(text, i - 1, quotes).reverse();
}

/**
 * The tokens of the sentence that ends the paragraph before `offset` with a colon, in text
 * order, for a quote that opens its paragraph ("He said:" and the quote below); else empty.
 */
export function colonIntroductionTokens(text: string, offset: number, quotes: QuoteIndex): Token[] {
  let i = offset;
  let paragraph = false;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) {
    if (isParagraphBreakAt(text, i - 1) || (i >= 2 && isBlankLineEnd(text, i - 1))) paragraph = true;
    i--;
  }
  if (!paragraph || text.charCodeAt(i - 1) !== 58 /* : */) return [];
  return tokensBefore(text, i, quotes).reverse();
}

/** Is the line break at `offset` the second of a blank line (only spaces since the last one)? */
function isBlankLineEnd(text: string, offset: number): boolean {
  let j = offset - 1;
  if (text.charCodeAt(offset) === 10 && text.charCodeAt(j) === 13) j--;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  return j >= 0 && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13);
}
