/**
 * Quotation detection: pairs opening and closing quotation marks into quotes.
 *
 * The detector reads the article once from left to right with a stack of open quotes. Which
 * marks may open or close depends on the language profile and on the characters around each
 * mark (a mark followed by a letter and preceded by a space opens; one preceded by a letter and
 * followed by a space or punctuation closes), so the same scan handles German „…“ and »…«,
 * English “…” and "…", French « … » with no-break spaces, and their nested forms.
 *
 * Paragraphs bound the damage of a missing mark: an open quote that reaches the end of a
 * paragraph either continues (the next paragraph reopens it with the same mark, the usual
 * convention for quotes over several paragraphs) or is reported as unbalanced and ends there.
 */

import type { LanguageProfile } from '../text/languages';
import {
  codePointAt,
  codePointBefore,
  isDigit,
  isLineBreak,
  isWhitespace,
  isWordChar,
  lastOf,
  lowerBound,
  pushAll,
  type Span,
} from '../text/text';

export interface DetectedQuote {
  /** Position in the list of detected quotes, in text order. */
  index: number;
  /** From the opening mark to after the closing mark, or to the end of the paragraph. */
  outer: Span;
  /** The quoted words without the marks and without white space at either end. */
  content: Span;
  /** The opening and closing marks; `close` is empty when the quote was never closed. */
  open: string;
  close: string;
  /** Nesting depth: 0 for a top-level quote. */
  depth: number;
  /** The index of the quote this one is nested in, or -1. */
  parent: number;
  /** Where a later paragraph reopened the quote (multi-paragraph quotes). */
  reopenedAt: readonly number[];
  /**
   * The quoted words paragraph by paragraph: one span for most quotes, one per paragraph for
   * a quote over several paragraphs (without the reopening marks).
   */
  parts: Span[];
}

export interface UnbalancedMark {
  span: Span;
  mark: string;
  /** `unclosed`: an opening mark without a closing one; `unopened`: the other way round. */
  problem: 'unclosed' | 'unopened';
}

export interface QuoteDetection {
  quotes: DetectedQuote[];
  /** In text order. */
  unbalanced: UnbalancedMark[];
}

/** Quotes nested deeper than this are not tracked. */
const MAX_NESTING = 8;

const enum Mark {
  None,
  LowDouble, // „
  LeftDouble, // “
  RightDouble, // ”
  LowSingle, // ‚
  LeftSingle, // ‘
  RightSingle, // ’
  LeftGuillemet, // «
  RightGuillemet, // »
  LeftSingleGuillemet, // ‹
  RightSingleGuillemet, // ›
  StraightDouble, // "
  StraightSingle, // '
}

/** The text of each mark, by `Mark`: quotes keep their marks as strings, and one is made once. */
const MARK_TEXT = ['', '„', '“', '”', '‚', '‘', '’', '«', '»', '‹', '›', '"', "'"];

/** The text of the mark at `offset`, `width` units wide. */
function markText(text: string, offset: number, width: number): string {
  return width === 1 ? MARK_TEXT[markOf(text.charCodeAt(offset))] : text.slice(offset, offset + width);
}

/** The mark of each code unit below MARK_TABLE_SIZE (all the marks lie there); None elsewhere. */
const MARK_TABLE_SIZE = 0x2040;
const MARK_TABLE = ((): Uint8Array => {
  const table = new Uint8Array(MARK_TABLE_SIZE);
  MARK_TEXT.forEach((mark, index) => {
    if (mark) table[mark.charCodeAt(0)] = index;
  });
  return table;
})();

// A table rather than a switch: detectQuotes asks for every mark of the text, often twice.
function markOf(code: number): Mark {
  return code < MARK_TABLE_SIZE ? MARK_TABLE[code] : Mark.None;
}

/** An open quote on the stack. */
interface OpenQuote {
  mark: Mark;
  offset: number;
  /** Code units of the opening mark: 2 for a doubled apostrophe (''), else 1. */
  width: number;
  /** The marks that close it, one bit each (see `closedBy`). */
  closers: number;
  /**
   * Weak quotes are opened by marks that double as apostrophes (‘ and ' in English). When
   * they are never closed they were apostrophes after all, and vanish without a complaint.
   */
  weak: boolean;
  /**
   * Where later paragraphs reopened it, and the quotes nested in it: lists made only for the
   * few quotes that have any, as thousands of quotes pass through here.
   */
  reopenedAt: number[] | undefined;
  children: PendingQuote[] | undefined;
}

interface PendingQuote {
  outer: Span;
  content: Span;
  open: string;
  close: string;
  reopenedAt: readonly number[];
  children: PendingQuote[] | undefined;
}

/** The reopenings of the many quotes that have none. Never added to. */
const NO_REOPENINGS: readonly number[] = [];

/** Adds quotes nested in `open`. */
function adopt(open: OpenQuote, quotes: readonly PendingQuote[] | undefined): void {
  if (quotes && quotes.length > 0) pushAll((open.children ??= []), quotes);
}

/** What the characters around a mark allow it to do. */
interface Flanking {
  canOpen: boolean;
  canClose: boolean;
  /** Letters or digits on both sides: an apostrophe or a mark inside a word. */
  inWord: boolean;
}

function isSpaceLike(cp: number): boolean {
  return cp < 0 || isWhitespace(cp);
}

function isInnerSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0xa0 || cp === 0x202f || cp === 0x2009;
}

function flankingAt(text: string, offset: number, spaced: boolean, width = 1): Flanking {
  const before = codePointBefore(text, offset);
  const after = codePointAt(text, offset + width);
  // French guillemets stand apart from the quoted words by a (no-break) space, so on the
  // inner side of the mark look past one such space; the outer side is read as it is.
  const innerAfter = spaced && isInnerSpace(after) ? codePointAt(text, offset + width + 1) : after;
  const innerBefore = spaced && isInnerSpace(before) ? codePointBefore(text, offset - 1) : before;
  const wordBefore = isWordChar(before);
  const wordAfter = isWordChar(after);
  return {
    canOpen: !isSpaceLike(innerAfter) && !wordBefore,
    canClose: !isSpaceLike(innerBefore) && !wordAfter,
    inWord: wordBefore && wordAfter,
  };
}

/** Is the mark at the start of a paragraph a reopening of the quote style of `open`? */
function reopens(open: OpenQuote, mark: Mark): boolean {
  if (mark === open.mark) return true;
  // Straight and curly forms of the same mark are mixed freely in copied text.
  const doubles = [Mark.LowDouble, Mark.LeftDouble, Mark.StraightDouble];
  return doubles.includes(open.mark) && doubles.includes(mark);
}

/** A set of marks as bits, tested for every mark against every open quote. */
function closedBy(...marks: Mark[]): number {
  let bits = 0;
  for (const mark of marks) bits |= 1 << mark;
  return bits;
}

interface Role {
  /** The marks that close it, one bit each (see `closedBy`). */
  closers: number;
  weak: boolean;
}

// The roles a mark can take, made once: a role is looked up for every opening mark.
const LOW_DOUBLE_ROLE: Role = {
  closers: closedBy(Mark.LeftDouble, Mark.RightDouble, Mark.StraightDouble),
  weak: false,
};
const LEFT_DOUBLE_ROLE: Role = { closers: closedBy(Mark.RightDouble, Mark.LeftDouble), weak: false };
/**
 * English copy mixes curly and straight marks, and a quote opened with “ is often closed with a
 * straight mark ("“We will win," she said"): the straight mark closes it rather than standing
 * as a stray. A straight mark that can open (before a word) still opens a quote nested in it.
 */
const LEFT_DOUBLE_ENGLISH_ROLE: Role = {
  closers: closedBy(Mark.RightDouble, Mark.LeftDouble, Mark.StraightDouble),
  weak: false,
};
const RIGHT_GUILLEMET_ROLE: Role = { closers: closedBy(Mark.LeftGuillemet), weak: false };
const LEFT_GUILLEMET_ROLE: Role = { closers: closedBy(Mark.RightGuillemet), weak: false };
const RIGHT_SINGLE_GUILLEMET_ROLE: Role = { closers: closedBy(Mark.LeftSingleGuillemet), weak: false };
const LEFT_SINGLE_GUILLEMET_ROLE: Role = { closers: closedBy(Mark.RightSingleGuillemet), weak: false };
/** Typed and OCR'd German closes ‚ with a straight apostrophe as often as „ with a straight mark. */
const LOW_SINGLE_ROLE: Role = {
  closers: closedBy(Mark.LeftSingle, Mark.RightSingle, Mark.StraightSingle),
  weak: false,
};
const LOW_SINGLE_WEAK_ROLE: Role = { closers: closedBy(Mark.LeftSingle, Mark.RightSingle), weak: true };
const LEFT_SINGLE_ROLE: Role = { closers: closedBy(Mark.RightSingle), weak: true };
const STRAIGHT_DOUBLE_ROLE: Role = { closers: closedBy(Mark.StraightDouble, Mark.RightDouble), weak: false };
const STRAIGHT_SINGLE_ROLE: Role = { closers: closedBy(Mark.StraightSingle, Mark.RightSingle), weak: true };

/**
 * The closing marks that may end a quote opened by `mark` in this language, or undefined when
 * the mark cannot open a quote here at all.
 */
function openingRole(mark: Mark, language: LanguageProfile, flanking: Flanking): Role | undefined {
  const strictOpen = flanking.canOpen && !flanking.canClose;
  switch (mark) {
    case Mark.LowDouble:
      // Typed or OCR'd German text closes „ with ” or a straight mark as often as with “.
      return LOW_DOUBLE_ROLE;
    case Mark.LeftDouble:
      // In German “ closes; it opens only where it is clearly at the start of words.
      if (language.code === 'de' && !strictOpen) return undefined;
      if (!flanking.canOpen) return undefined;
      return language.code === 'en' ? LEFT_DOUBLE_ENGLISH_ROLE : LEFT_DOUBLE_ROLE;
    case Mark.RightGuillemet:
      if (language.code === 'de') return flanking.canOpen ? RIGHT_GUILLEMET_ROLE : undefined;
      return strictOpen ? RIGHT_GUILLEMET_ROLE : undefined;
    case Mark.LeftGuillemet:
      return flanking.canOpen ? LEFT_GUILLEMET_ROLE : undefined;
    case Mark.RightSingleGuillemet:
      if (language.code === 'de') return flanking.canOpen ? RIGHT_SINGLE_GUILLEMET_ROLE : undefined;
      return strictOpen ? RIGHT_SINGLE_GUILLEMET_ROLE : undefined;
    case Mark.LeftSingleGuillemet:
      return flanking.canOpen ? LEFT_SINGLE_GUILLEMET_ROLE : undefined;
    case Mark.LowSingle:
      if (!flanking.canOpen) return undefined;
      return language.code === 'de' ? LOW_SINGLE_ROLE : LOW_SINGLE_WEAK_ROLE;
    case Mark.LeftSingle:
      if (language.code === 'de' && !strictOpen) return undefined;
      return flanking.canOpen ? LEFT_SINGLE_ROLE : undefined;
    case Mark.StraightDouble:
      return flanking.canOpen ? STRAIGHT_DOUBLE_ROLE : undefined;
    case Mark.StraightSingle:
      return strictOpen ? STRAIGHT_SINGLE_ROLE : undefined;
    default:
      return undefined;
  }
}

/** Marks that are never anything but quotation marks, whose strays deserve a hint. */
function isStrongMark(mark: Mark, language: LanguageProfile): boolean {
  switch (mark) {
    case Mark.LowDouble:
    case Mark.LeftDouble:
    case Mark.RightDouble:
    case Mark.LeftGuillemet:
    case Mark.RightGuillemet:
    case Mark.StraightDouble:
      return true;
    case Mark.LowSingle:
    case Mark.LeftSingleGuillemet:
    case Mark.RightSingleGuillemet:
      return language.code === 'de' || language.code === 'fr';
    default:
      return false;
  }
}

function isSpacedMark(mark: Mark): boolean {
  return (
    mark === Mark.LeftGuillemet ||
    mark === Mark.RightGuillemet ||
    mark === Mark.LeftSingleGuillemet ||
    mark === Mark.RightSingleGuillemet
  );
}

/** Trims white space from both ends of a span. */
function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * Finds the paragraph breaks: the offsets where a blank line (or, in texts that put every
 * paragraph on one long line, any line break) separates two paragraphs.
 */
export function paragraphBreaks(text: string): number[] {
  const breaks: number[] = [];
  let lineBreaks = 0;
  /** Code units of line breaks beyond the first of each: the \n of every \r\n. */
  let extraUnits = 0;
  let hasBlankLine = false;
  // Most texts break lines with \n alone, and `indexOf` finds those faster than the regular
  // expression that the other line breaks need, even counting the three scans that make sure
  // there are no others; both beat a loop in JavaScript that looks at every character.
  const newlinesOnly = text.indexOf('\r') === -1 && text.indexOf('\u2028') === -1 && text.indexOf('\u2029') === -1;
  const lineBreak = /[\n\r\u2028\u2029]/gu;
  const nextLineBreak = (from: number): number => {
    if (newlinesOnly) return text.indexOf('\n', from);
    lineBreak.lastIndex = from;
    // test() rather than exec(): it makes no match object, and every line break is one unit,
    // so the break is just before where the search stopped.
    return lineBreak.test(text) ? lineBreak.lastIndex - 1 : -1;
  };
  for (let i = 0; i < text.length; i++) {
    i = nextLineBreak(i);
    if (i === -1) break;
    const c = text.charCodeAt(i);
    // A \r\n pair is one line break, so that the same text with CRLF line ends is read the
    // same way: its \r was counted, and the blank-line check below started from it.
    if (c === 10 && text.charCodeAt(i - 1) === 13) {
      extraUnits++;
      continue;
    }
    lineBreaks++;
    // Look past spaces and tabs for a second line break: a blank line.
    let j = i + 1;
    if (c === 13 && text.charCodeAt(j) === 10) j++;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < text.length && isLineBreak(text.charCodeAt(j))) {
      hasBlankLine = true;
      breaks.push(i);
      // One break for the whole run of blank lines.
      while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
      i = j - 1;
    }
  }
  if (!hasBlankLine && lineBreaks >= 2 && (text.length - extraUnits) / (lineBreaks + 1) > 100) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isLineBreak(c) && !(c === 10 && text.charCodeAt(i - 1) === 13)) breaks.push(i);
    }
  }
  return breaks;
}

/**
 * Whether a quote's content holds a word. Marks with nothing but spaces or punctuation between
 * them ("", „ “, "...") quote nothing: there is nothing to attribute or to mark as a term, and an
 * article of nothing but marks holds half a million such pairs, which every later stage would
 * carry. Such a quote holds no quote with words, so nothing with words is lost with it.
 */
function hasWord(text: string, content: Span): boolean {
  for (let i = content.start; i < content.end; i++) {
    const unit = text.charCodeAt(i);
    if (isWordChar(unit >= 0xd800 && unit <= 0xdbff ? codePointAt(text, i) : unit)) return true;
  }
  return false;
}

/**
 * Detects the quotes in `text`. Marks inside `ignored` spans (code in Markdown, front matter)
 * are skipped. Runs in time linear in the length of the text.
 */
export function detectQuotes(
  text: string,
  language: LanguageProfile,
  ignored: readonly Span[] = [],
  breaks: readonly number[] = paragraphBreaks(text),
): QuoteDetection {
  const unbalanced: UnbalancedMark[] = [];
  const topLevel: PendingQuote[] = [];
  const stack: OpenQuote[] = [];
  let nextBreak = 0;
  let ignoredIndex = 0;
  /** A paragraph-opening mark consumed as the reopening of a continuing quote. */
  let reopeningMark = -1;

  const emit = (quote: PendingQuote): void => {
    const parent = lastOf(stack);
    if (parent) (parent.children ??= []).push(quote);
    else topLevel.push(quote);
  };

  /**
   * Ends a quote that has no closing mark at `end`. `report` is false where that is the
   * convention (a quote that a new paragraph continues) rather than a mistake.
   */
  const closeUnclosed = (open: OpenQuote, end: number, report = true): void => {
    if (open.weak) return;
    const mark = markText(text, open.offset, open.width);
    if (report)
      unbalanced.push({ span: { start: open.offset, end: open.offset + open.width }, mark, problem: 'unclosed' });
    const outerEnd = trimSpan(text, open.offset, end).end;
    const content = trimSpan(text, open.offset + open.width, outerEnd);
    if (!hasWord(text, content)) return;
    emit({
      outer: { start: open.offset, end: outerEnd },
      content,
      open: mark,
      close: '',
      reopenedAt: open.reopenedAt ?? NO_REOPENINGS,
      children: open.children,
    });
  };

  /** Ends the paragraph at `offset`: continues the open quote or gives up on it. */
  const endParagraph = (offset: number): void => {
    if (stack.length === 0) return;
    // Find where the next paragraph starts.
    let next = offset;
    while (next < text.length && isWhitespace(text.charCodeAt(next))) next++;
    const bottom = stack[0];
    const nextMark = markOf(text.charCodeAt(next));
    if (!bottom.weak && next < text.length && reopens(bottom, nextMark)) {
      // Give up on any quotes nested inside, then carry the outer one on.
      while (stack.length > 1) {
        const inner = stack.pop()!;
        closeUnclosed(inner, offset);
        // A weak inner quote vanishes, but its own nested quotes must not be lost.
        if (inner.weak) adopt(stack[stack.length - 1], inner.children);
      }
      (bottom.reopenedAt ??= []).push(next);
      reopeningMark = next;
      return;
    }
    while (stack.length > 0) {
      const open = stack.pop()!;
      if (open.weak) {
        const parent = lastOf(stack);
        if (parent) adopt(parent, open.children);
        else if (open.children) pushAll(topLevel, open.children);
      } else {
        closeUnclosed(open, offset);
      }
    }
  };

  /** Every character that `markOf` knows. */
  const anyMark = /["'\u00ab\u00bb\u2018\u2019\u201a\u201c\u201d\u201e\u2039\u203a]/gu;
  /** The offset of the first mark at or after the current one, once searched for. */
  let nextMark = -1;
  for (let i = 0; i < text.length; i++) {
    // Jump to the next quotation mark or paragraph break: the regular expression engine finds
    // the few marks among a long article's letters faster than a loop in JavaScript that looks
    // at every character. Each stretch of text is searched once.
    if (nextMark < i) {
      // A mark right here (marks in a row) needs no search.
      if (markOf(text.charCodeAt(i)) !== Mark.None) {
        nextMark = i;
      } else {
        anyMark.lastIndex = i;
        // Every mark is one code unit, so it stands just before where the search stopped.
        nextMark = anyMark.test(text) ? anyMark.lastIndex - 1 : text.length;
      }
    }
    // Never backwards, whatever the breaks say.
    i = Math.max(i, Math.min(nextMark, nextBreak < breaks.length ? breaks[nextBreak] : text.length));
    if (i >= text.length) break;
    const code = text.charCodeAt(i);
    if (nextBreak < breaks.length && breaks[nextBreak] === i) {
      nextBreak++;
      endParagraph(i);
      continue;
    }
    let mark = markOf(code);
    if (mark === Mark.None) continue;
    while (ignoredIndex < ignored.length && ignored[ignoredIndex].end <= i) ignoredIndex++;
    if (ignoredIndex < ignored.length && ignored[ignoredIndex].start <= i) continue;
    if (i === reopeningMark) continue;
    // Two apostrophes stand for a double quotation mark in some archives (''like this'').
    let width = 1;
    if (mark === Mark.StraightSingle && text.charCodeAt(i + 1) === 0x27) {
      mark = Mark.StraightDouble;
      width = 2;
    }

    const flanking = flankingAt(text, i, isSpacedMark(mark), width);
    // Letters on both sides: an apostrophe (don't, Kim’s) or a mark glued into a word.
    if (flanking.inWord && (mark === Mark.StraightSingle || mark === Mark.RightSingle || mark === Mark.LeftSingle))
      continue;

    // First try to close an open quote: the innermost one this mark can close.
    let closes = -1;
    if (flanking.canClose || !flanking.canOpen) {
      for (let s = stack.length - 1; s >= 0; s--) {
        if ((stack[s].closers & (1 << mark)) !== 0) {
          closes = s;
          break;
        }
        // A strong open quote stops the search unless this mark is unambiguously closing:
        // a straight mark should rather open a nested quote than close one further out.
        if (!stack[s].weak && flanking.canOpen) break;
      }
    }
    if (closes >= 0) {
      while (stack.length - 1 > closes) {
        const inner = stack.pop()!;
        if (inner.weak) adopt(stack[stack.length - 1], inner.children);
        else closeUnclosed(inner, i);
      }
      const open = stack.pop()!;
      // Marks side by side ("" in a run of marks) enclose nothing: no need to look for words.
      const content = open.offset + open.width < i ? trimSpan(text, open.offset + open.width, i) : undefined;
      if (content && hasWord(text, content)) {
        emit({
          outer: { start: open.offset, end: i + width },
          content,
          open: markText(text, open.offset, open.width),
          close: markText(text, i, width),
          reopenedAt: open.reopenedAt ?? NO_REOPENINGS,
          children: open.children,
        });
      }
      i += width - 1;
      continue;
    }

    const role = openingRole(mark, language, flanking);
    if (role && stack.length >= MAX_NESTING) {
      // No prose nests quotes this deep; such marks are noise, and a bound keeps work linear.
      if (isStrongMark(mark, language)) {
        unbalanced.push({ span: { start: i, end: i + width }, mark: text.slice(i, i + width), problem: 'unclosed' });
      }
      i += width - 1;
      continue;
    }
    if (role) {
      // The same opening mark again right after a sentence, inside a quote it would nest in,
      // is a quote continued in a new paragraph whose line break was lost (text copied from a
      // web page or a PDF): the first quote ends there, the next begins.
      const top = lastOf(stack);
      if (top && !top.weak && top.mark === mark && mark !== Mark.StraightDouble && followsSentenceEnd(text, i)) {
        stack.pop();
        closeUnclosed(top, i, false);
      }
      stack.push({
        mark,
        offset: i,
        width,
        closers: role.closers,
        weak: role.weak,
        reopenedAt: undefined,
        children: undefined,
      });
      i += width - 1;
      continue;
    }

    // A straight double mark right after a digit is an inch sign, not a quotation mark.
    if (mark === Mark.StraightDouble && width === 1 && isDigit(codePointBefore(text, i))) continue;
    if (isStrongMark(mark, language) && width === 1) {
      unbalanced.push({ span: { start: i, end: i + 1 }, mark: text[i], problem: 'unopened' });
    }
    i += width - 1;
  }
  endParagraph(text.length);

  // Flatten the tree of quotes into text order, recording depth and parent.
  const quotes: DetectedQuote[] = [];
  const visit = (pending: PendingQuote[], depth: number, parent: number): void => {
    pending.sort((a, b) => a.outer.start - b.outer.start);
    for (const quote of pending) {
      const index = quotes.length;
      quotes.push({
        index,
        outer: quote.outer,
        content: quote.content,
        open: quote.open,
        close: quote.close,
        depth,
        parent,
        reopenedAt: quote.reopenedAt,
        parts: partsOf(text, quote.content, quote.reopenedAt, breaks),
      });
      if (quote.children) visit(quote.children, depth + 1, index);
    }
  };
  // A depth-first walk lists every quote before the quotes nested in it and after the ones
  // that end before it starts, which is text order.
  visit(topLevel, 0, -1);
  unbalanced.sort((a, b) => a.span.start - b.span.start);
  return { quotes: language.code === 'fr' ? splitIncises(text, quotes) : quotes, unbalanced };
}

/**
 * French writing interrupts a quote with the narrator's words inside the same guillemets:
 * « Sacrebleu ! pensait-il, je ne donnerais pas ma loge. » The incise (a speech verb with its
 * subject, set off by punctuation and a comma) is not part of the quote, which becomes two.
 */
const INCISE =
  /([!?,.…])\s+((?:[\p{Ll}’']+-(?:t-)?(?:il|elle|ils|elles|on|je|nous|vous)\b)|(?:(?:dit|pensa|pensait|répondit|demanda|reprit|ajouta|fit|répliqua|continua|poursuivit|interrompit|observa|déclara|affirma|expliqua|lança|souffla|soupira|murmura|cria|hurla|s’écria|s'écria|s’exclama|s'exclama)\s+(?:\p{Lu}|l[ae]\s|les\s)[^,.!?«»\n]{0,60}))\s*,\s*/u;

function splitIncises(text: string, quotes: DetectedQuote[]): DetectedQuote[] {
  const result: DetectedQuote[] = [];
  const newIndex = new Map<number, number>();
  // Which quotes hold others, found in one pass: asking each quote about all others would take
  // time in the square of their number.
  const hasChildren = new Uint8Array(quotes.length);
  for (const quote of quotes) if (quote.parent >= 0) hasChildren[quote.parent] = 1;
  for (const quote of quotes) {
    const content = text.slice(quote.content.start, quote.content.end);
    const match =
      quote.depth === 0 && !hasChildren[quote.index] && quote.reopenedAt.length === 0 ? INCISE.exec(content) : null;
    // An incise right at the start or the end is the narrator's sentence around a quote.
    if (!match || match.index === 0 || match.index + match[0].length >= content.length) {
      newIndex.set(quote.index, result.length);
      result.push({ ...quote, index: result.length, parent: quote.parent >= 0 ? newIndex.get(quote.parent)! : -1 });
      continue;
    }
    // The first part keeps its closing punctuation ("Sacrebleu !"); the second starts after the comma.
    const firstEnd = quote.content.start + match.index + match[1].length;
    const secondStart = quote.content.start + match.index + match[0].length;
    const first = { start: quote.content.start, end: firstEnd };
    const second = { start: secondStart, end: quote.content.end };
    newIndex.set(quote.index, result.length);
    result.push({
      ...quote,
      index: result.length,
      outer: { start: quote.outer.start, end: firstEnd },
      content: first,
      close: '',
      parts: [first],
    });
    result.push({
      ...quote,
      index: result.length,
      outer: { start: secondStart, end: quote.outer.end },
      content: second,
      open: '',
      parts: [second],
    });
  }
  return result;
}

/** Splits a quote's words at the paragraphs it spans, leaving out the reopening marks. */
function partsOf(text: string, content: Span, reopenedAt: readonly number[], breaks: readonly number[]): Span[] {
  if (reopenedAt.length === 0) return [content];
  const parts: Span[] = [];
  let start = content.start;
  for (const reopening of reopenedAt) {
    // The paragraph break just before the reopening mark ends the part.
    const low = lowerBound(breaks.length, (i) => breaks[i] < reopening);
    const end = low > 0 ? Math.max(start, breaks[low - 1]) : reopening;
    parts.push(trimSpan(text, start, end));
    start = reopening + 1;
  }
  parts.push(trimSpan(text, start, content.end));
  return parts.filter((part) => part.end > part.start);
}

/** Whether the last non-space character before `offset` ends a sentence. */
function followsSentenceEnd(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) i--;
  const c = text.charCodeAt(i - 1);
  return c === 46 || c === 33 || c === 63 || c === 0x2026;
}
