/**
 * The article text model: offsets, positions and character classes.
 *
 * All offsets in the core are UTF-16 code units into the string as given, which is what
 * JavaScript strings and the Language Server Protocol both count.
 */

/** A half-open range of UTF-16 code units: `start` is included, `end` is not. */
export interface Span {
  start: number;
  end: number;
}

/** A zero-based line and UTF-16 column, as LSP positions are. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * Maps offsets to line/column positions and back. Lines end at `\r\n`, `\n` or a lone `\r`,
 * the same rule that LSP clients apply, so that positions agree with the editor.
 */
export class LineIndex {
  /** The offset where each line starts; only the first `lineCount` are used. */
  private readonly lineStarts: Int32Array;
  readonly lineCount: number;

  constructor(private readonly text: string) {
    // Room for a line in every 32 characters first, grown as needed: an array of numbers
    // grown line by line left a trail of copies, on every keystroke in a long article.
    let starts = new Int32Array((text.length >> 5) + 16);
    let count = 1;
    const add = (start: number): void => {
      if (count === starts.length) starts = grown(starts, 2 * count);
      starts[count++] = start;
    };
    if (text.indexOf('\r') === -1) {
      // Most texts end lines with \n alone; indexOf finds those faster than a loop over every
      // character, which matters on every keystroke in a long article.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) add(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          add(i + 1);
        } else if (c === 10 /* \n */) {
          add(i + 1);
        }
      }
    }
    this.lineStarts = starts;
    this.lineCount = count;
  }

  /** The length of the text in UTF-16 code units. */
  get textLength(): number {
    return this.text.length;
  }

  /** The position of an offset; one between the \r and \n of a line break is at the line's end. */
  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // LSP has no position there, and a client may reject the whole message that names one.
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let low = 0;
    let high = this.lineCount - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineCount) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const lineEnd = this.lineEndWithoutBreak(position.line);
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  spanOf(range: Range): Span {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }

  /** The offset where the line's text ends, before its line break. */
  lineEndWithoutBreak(line: number): number {
    const next = line + 1 < this.lineCount ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/**
 * The last item of `list`, or undefined when it is empty. Written out rather than read as
 * `list[list.length - 1]`: on an empty list that reads index -1, which V8 looks up as a property
 * by name through the prototype chain, far slower than an element; the quote detector and the
 * classifier ask thousands of times, mostly of empty lists.
 */
/**
 * Orders texts by their UTF-16 code units, as `<` does: the same order on every machine,
 * unlike `localeCompare`, for output that must not depend on where it was made.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Shortens `text` to at most `max` code points (what a terminal or a chart label counts),
 * ending with an ellipsis; the text is otherwise kept as it is, spaces included.
 */
export function cutToCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

export function lastOf<T>(list: readonly T[]): T | undefined {
  return list.length > 0 ? list[list.length - 1] : undefined;
}

/**
 * The same text as one contiguous string, copied. V8 keeps a string made by concatenation as a
 * tree of its parts (the editor's copy of a document is `before + typed + after` after every
 * edit), and once such a string has been read it stays a pointer to a flat copy: every
 * `charCodeAt` then takes a detour. The analysis reads the article a code unit at a time, so the
 * detours cost more than one copy does. JavaScript cannot tell whether a string is contiguous
 * already, so every article is copied; joining two halves is the copy (a whole string is returned
 * as it is, by `join` as by `slice`).
 */
export function contiguousCopy(text: string): string {
  const half = text.length >> 1;
  return [text.slice(0, half), text.slice(half)].join('');
}

const letterOrDigit = /[\p{L}\p{N}\p{M}]/u;
const upperCase = /\p{Lu}|\p{Lt}/u;
const whitespace = /\s/u;

/** The code point that starts at `offset` (a lone surrogate counts as itself). */
export function codePointAt(text: string, offset: number): number {
  return text.codePointAt(offset) ?? -1;
}

/** The code point that ends just before `offset`, or -1 at the start. */
export function codePointBefore(text: string, offset: number): number {
  if (offset <= 0) return -1;
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) {
    const high = text.charCodeAt(offset - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

// The checks below run once or twice per candidate match and per quotation mark, so they
// answer the common ASCII cases without building a string for the regular expression.

// Character classes of the Basic Multilingual Plane, one bit each, computed for each character
// the first time it is asked about: a table lookup instead of a regular expression keeps the
// per-character checks cheap.
const WORD = 1;
const UPPER = 2;
const SPACE = 4;
const KNOWN = 128;
const classes = new Uint8Array(65536);

function computeClasses(codePoint: number): number {
  // The byte order mark is not white space to Unicode, but in an article it is invisible
  // padding and must not glue a quotation mark to the text before it.
  if (codePoint === 0xfeff) return SPACE;
  const char = String.fromCodePoint(codePoint);
  return (
    (letterOrDigit.test(char) ? WORD : 0) | (upperCase.test(char) ? UPPER : 0) | (whitespace.test(char) ? SPACE : 0)
  );
}

function classesOf(codePoint: number): number {
  if (codePoint > 0xffff) return computeClasses(codePoint);
  let bits = classes[codePoint];
  if (bits === 0) {
    bits = computeClasses(codePoint) | KNOWN;
    classes[codePoint] = bits;
  }
  return bits;
}

export function isWordChar(codePoint: number): boolean {
  if (codePoint < 0) return false;
  if (codePoint < 128) {
    return isDigit(codePoint) || (codePoint >= 65 && codePoint <= 90) || (codePoint >= 97 && codePoint <= 122);
  }
  return (classesOf(codePoint) & WORD) !== 0;
}

export function isUpperCaseLetter(codePoint: number): boolean {
  if (codePoint < 0) return false;
  if (codePoint < 128) return codePoint >= 65 && codePoint <= 90;
  return (classesOf(codePoint) & UPPER) !== 0;
}

export function isWhitespace(codePoint: number): boolean {
  if (codePoint < 0) return false;
  if (codePoint < 128) return codePoint === 32 || (codePoint >= 9 && codePoint <= 13);
  return (classesOf(codePoint) & SPACE) !== 0;
}

export function isLineBreak(codeUnit: number): boolean {
  return codeUnit === 10 || codeUnit === 13 || codeUnit === 0x2028 || codeUnit === 0x2029;
}

/** Number of code units of the code point at `offset`: 2 for a valid surrogate pair, else 1. */
export function codePointLength(text: string, offset: number): number {
  const high = text.charCodeAt(offset);
  if (high >= 0xd800 && high <= 0xdbff) {
    const low = text.charCodeAt(offset + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Texts are compared this many code units at a time before unit by unit: comparing two slices
 * is one call that compares memory, some twenty times faster than a loop over their units.
 */
const COMPARED_BLOCK = 4096;

/** How many code units `a` and `b` share at their start. */
export function commonPrefixLength(a: string, b: string): number {
  const shortest = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARED_BLOCK <= shortest && a.slice(i, i + COMPARED_BLOCK) === b.slice(i, i + COMPARED_BLOCK))
    i += COMPARED_BLOCK;
  while (i < shortest && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many code units, up to `max`, `a` and `b` share at their end. */
export function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + COMPARED_BLOCK <= max &&
    a.slice(a.length - n - COMPARED_BLOCK, a.length - n) === b.slice(b.length - n - COMPARED_BLOCK, b.length - n)
  )
    n += COMPARED_BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * Collapses white space and trims, for messages and comparisons where layout does not matter.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * The text collapsed, or the collapse of a prefix of it when that is longer than `max`: the
 * collapse of the whole begins with the collapse of any of its prefixes, so their first `max`
 * characters are the same.
 */
function collapsedPrefix(text: string, max: number): string {
  for (let length = 2 * max + 16; length < text.length; length *= 2) {
    const collapsed = collapseWhitespace(text.slice(0, length));
    if (collapsed.length > max) return collapsed;
  }
  return collapseWhitespace(text);
}

/**
 * Removes the code units at the end of `text` that `strip` accepts. A loop, because the regular
 * expression for it (`/[…]+$/u`) backtracks quadratically: on a long run of such characters
 * followed by another, it tries every start in the run and scans to its end from each.
 */
export function trimEndWhere(text: string, strip: (codeUnit: number) => boolean): string {
  let end = text.length;
  while (end > 0 && strip(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * Shortens `text` to at most `max` characters for a message, ending with an ellipsis. Only as
 * much of a long text is collapsed as the result needs: the index abbreviates every quote of
 * every article, and a quote may run over pages.
 */
export function abbreviate(text: string, max: number): string {
  const collapsed = collapsedPrefix(text, max);
  if (collapsed.length <= max) return collapsed;
  let cut = max - 1;
  // Never cut a surrogate pair in half, which would leave an unpaired surrogate in a message.
  const code = collapsed.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return collapsed.slice(0, cut).trimEnd() + '…';
}

/**
 * Counts the words (runs of letters and digits, joined by inner apostrophes or hyphens), up to
 * `atMost`: a caller that only asks whether there are enough need not read the rest.
 */
export function countWords(text: string, atMost = Infinity): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length && count < atMost;) {
    // Most units are no high surrogate and are their own code point, read without a call.
    const unit = text.charCodeAt(i);
    const cp = unit < 0xd800 || unit > 0xdbff ? unit : codePointAt(text, i);
    const len = cp > 0xffff ? 2 : 1;
    if (isWordChar(cp)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && isWordJoiner(cp) && isWordChar(codePointAt(text, i + len)))) {
      inWord = false;
    }
    i += len;
  }
  return count;
}

function isWordJoiner(cp: number): boolean {
  return cp === 39 || cp === 0x2019 || cp === 45 || cp === 0x2010 || cp === 0x2011;
}

/**
 * Appends `items` to `target`. A loop rather than `push(...items)`: spreading passes every item
 * as an argument, which is slow for thousands and overflows the stack for a few hundred thousand.
 */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
}

/** A copy of a typed array with room for `length` elements. */
export function grown<T extends Int32Array | Uint32Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}

/** Whether a code point is an ASCII digit. */
export function isDigit(codePoint: number): boolean {
  return codePoint >= 48 && codePoint <= 57;
}

/**
 * The first index in `[0, count)` for which `isBelow` is false, when it is true for every
 * index before that and false for every one after (a binary search over a sorted list).
 */
export function lowerBound(count: number, isBelow: (index: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (isBelow(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Lower case without accents, for matching what is typed against names. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}+/gu, '')
    .toLowerCase();
}
