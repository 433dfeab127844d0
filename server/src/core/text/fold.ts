/**
 * Typographic folding: the comparison that names, aliases and quote entries are matched with.
 *
 * Articles arrive copied from content systems, PDFs and wire feeds, so the same words may be
 * written with no-break spaces, line breaks, soft hyphens, curly or straight apostrophes and
 * any of half a dozen dashes. Folding maps each code unit to a canonical one (or drops it)
 * without ever producing more units than it consumes, so a match in folded text always maps
 * back to a span of the original.
 */

import { grown, type Span } from './text';
import { derivedOnce } from './memo';

/** The folded unit of all white space. */
const SPACE = 32;
/** The entry in a fold table for units that folding drops. */
const SKIP = -1;
// Exported by name rather than as `export const`, which would make every use in this module's
// loops a property load from the exports object in the compiled CommonJS.
export { SKIP, SPACE };

/** The folded code unit for `c`: a canonical unit, `SPACE` for any white space, or `SKIP`. */
function foldCodeUnit(c: number): number {
  if (c < 128) {
    if (c === 32 || (c >= 9 && c <= 13)) return SPACE;
    if (c === 96) return 39; // ` used as an apostrophe
    return c;
  }
  switch (c) {
    case 0x00a0: // no-break space
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f: // narrow no-break space (French typography)
    case 0x205f:
    case 0x3000:
      return SPACE;
    case 0x00ad: // soft hyphen
    case 0x200b: // zero-width space
    case 0x200c:
    case 0x200d:
    case 0x2060: // word joiner
    case 0xfeff: // byte order mark
      return SKIP;
    case 0x2018:
    case 0x2019:
    case 0x201a:
    case 0x201b:
    case 0x02bc: // modifier letter apostrophe
    case 0x2032: // prime, a frequent OCR stand-in for the apostrophe
    case 0x00b4:
    case 0x2039:
    case 0x203a:
      return 39;
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x201f:
    case 0x00ab:
    case 0x00bb:
    case 0x2033:
      return 34;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return 45;
    default:
      if (c >= 0x2000 && c <= 0x200a) return SPACE;
      return c;
  }
}

/** The units `foldCodeUnit` drops (`SKIP`); a test holds the two to the same list. */
export const DROPPED_UNITS = /[\u00ad\u200b-\u200d\u2060\ufeff]/u;

/** Whether folding `text` drops any unit, so that it is not folded unit for unit. */
export function hasDroppedUnits(text: string): boolean {
  return DROPPED_UNITS.test(text);
}

/** Every code unit's lower case where that is one code unit, else the unit itself. */
const lowerCaseTable = derivedOnce(() => {
  const table = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) {
    const lower = String.fromCharCode(i).toLowerCase();
    table[i] = lower.length === 1 ? lower.charCodeAt(0) : i;
  }
  return table;
});

/**
 * Lower-cases one code unit where that keeps it one code unit long. Characters whose lower
 * case is longer (like the dotted capital I) stay as they are, so offsets never shift.
 */
function lowerCodeUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return lowerCaseTable()[c];
}

/**
 * Every code unit's folded unit (lower-cased too when `ignoreCase`), `SPACE` for white space or
 * `SKIP` for units that are dropped, in a table built once: a lookup per character is cheaper
 * than the comparisons behind it.
 */
export function foldTable(ignoreCase: boolean): Int32Array {
  return ignoreCase ? caseFoldTable() : caseKeepingFoldTable();
}

function buildFoldTable(ignoreCase: boolean): Int32Array {
  const table = new Int32Array(65536);
  for (let c = 0; c < 65536; c++) {
    const folded = foldCodeUnit(c);
    table[c] = ignoreCase && folded !== SKIP && folded !== SPACE ? lowerCodeUnit(folded) : folded;
  }
  return table;
}

const caseKeepingFoldTable = derivedOnce(() => buildFoldTable(false));
const caseFoldTable = derivedOnce(() => buildFoldTable(true));

/**
 * An article (or part of one) in folded form, with the original offset of every folded unit.
 *
 * Original offsets are kept as segments rather than one number per unit: within a segment,
 * folded unit `k` comes from original offset `k + shift`, and a new segment begins after every
 * place where folding dropped units (a run of white space, a soft hyphen). Articles have a few
 * such places per paragraph, so the segments take a few kilobytes where an offset per unit took
 * four bytes a character, written on every character and read back from all over the article.
 */
export class FoldedText {
  /** The segment that the last lookup found: lookups mostly move forward through the text. */
  private segmentHint = 0;

  private constructor(
    /** Folded code units; only the first `length` are used. */
    readonly units: Uint16Array,
    readonly length: number,
    /** The original text's length: the original offset of the end of the folded text. */
    private readonly originalLength: number,
    /** The folded unit each segment starts at, increasing; the first is 0. */
    private readonly segmentStarts: Int32Array,
    /** Each segment's original offset less folded index. */
    private readonly segmentShifts: Int32Array,
    private readonly segmentCount: number,
  ) {}

  /** Folds `text`. */
  static of(text: string, ignoreCase: boolean): FoldedText {
    const units = new Uint16Array(text.length);
    // Folding drops units in a few places per paragraph (the second of two line breaks, say).
    const segments = new SegmentList((text.length >> 9) + 16);
    const table = foldTable(ignoreCase);
    let k = 0;
    let previousWasSpace = false;
    // Whether units were dropped since the last unit kept: the next one kept starts a segment.
    let shifted = false;
    for (let i = 0; i < text.length; i++) {
      const folded = table[text.charCodeAt(i)];
      if (folded === SKIP) {
        shifted = true;
        continue;
      }
      if (folded === SPACE) {
        if (previousWasSpace) {
          shifted = true;
          continue;
        }
        previousWasSpace = true;
      } else {
        previousWasSpace = false;
      }
      if (shifted) {
        segments.add(k, i - k);
        shifted = false;
      }
      units[k] = folded;
      k++;
    }
    // Units dropped at the end: the end of the folded text is the end of the original.
    if (shifted) segments.add(k, text.length - k);
    return new FoldedText(units, k, text.length, segments.starts, segments.shifts, segments.count);
  }

  /** The segment that holds folded unit `k` (0 ≤ k ≤ length). */
  private segmentOf(k: number): number {
    const starts = this.segmentStarts;
    const count = this.segmentCount;
    const s = this.segmentHint;
    // Lookups mostly ask about the segment of the last one or the next.
    if (starts[s] <= k) {
      if (s + 1 === count || k < starts[s + 1]) return s;
      if (s + 2 === count || k < starts[s + 2]) return (this.segmentHint = s + 1);
    }
    // Searched here rather than through `lowerBound`: a search over the whole folded text
    // asks for every match, so a function call per step of the search adds up.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= k) low = mid;
      else high = mid - 1;
    }
    return (this.segmentHint = low);
  }

  /**
   * The offset in the original text of folded unit `k`, and for `k === length` the original
   * text's length.
   */
  originOf(k: number): number {
    return k + this.segmentShifts[this.segmentOf(k)];
  }

  /**
   * The first folded unit whose original offset is `offset` or more (`length` when none is):
   * where a span of the original that starts at `offset` starts in the folded text.
   */
  foldedIndexAt(offset: number): number {
    if (offset >= this.originalLength) return this.length;
    const starts = this.segmentStarts;
    const shifts = this.segmentShifts;
    const count = this.segmentCount;
    // The last segment whose first unit comes from `offset` or before; segments' original
    // offsets increase like their folded ones.
    let s = this.segmentHint;
    if (!(starts[s] + shifts[s] <= offset && (s + 1 === count || starts[s + 1] + shifts[s + 1] > offset))) {
      let low = 0;
      let high = count - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] + shifts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      s = low;
      this.segmentHint = s;
    }
    if (starts[s] + shifts[s] > offset) return 0;
    const k = offset - shifts[s];
    // Past the segment's last unit, `offset` lies among dropped units: the next unit kept.
    const end = s + 1 === count ? this.length : starts[s + 1];
    return Math.min(k, end);
  }

  /** The original span of folded units `[start, end)`. */
  originalSpan(start: number, end: number): Span {
    const originalStart = this.originOf(start);
    return { start: originalStart, end: end > start ? this.originOf(end - 1) + 1 : originalStart };
  }

  private asString: string | undefined;

  /** The folded units `[start, end)` as a string. */
  slice(start: number, end: number): string {
    if (this.asString === undefined) {
      // Built once, so that every later slice is a cheap substring. Spreading a large array
      // into one call would overflow the stack, so convert in chunks.
      const chunks: string[] = [];
      for (let i = 0; i < this.length; i += 4096) {
        chunks.push(String.fromCharCode(...this.units.subarray(i, Math.min(this.length, i + 4096))));
      }
      this.asString = chunks.join('');
    }
    return this.asString.slice(start, end);
  }
}

/** Where a `foldRange` stopped in the text, so that another can fold on from there. */
export interface FoldCursor {
  at: number;
}

/**
 * Folds `text[start, end)` case-sensitively into `out`, after the `written` units it holds,
 * until it holds `limit`, exactly as those units come out of folding the whole text
 * (`FoldedText.of(text, false)`): white space right after white space before `start` is
 * dropped there too. Returns how many units `out` holds; fewer than `limit` means the range was
 * folded to its end. `cursor.at` is set to the offset after the last unit read, where a later
 * call, given the units written so far, folds on. Sidecar entries are compared with the
 * openings of quotes, so only those need folding, not the whole article, and each only as far
 * as the entries that begin like it reach.
 */
export function foldRange(
  text: string,
  start: number,
  end: number,
  out: Uint16Array,
  limit: number,
  written = 0,
  cursor?: FoldCursor,
): number {
  const table = foldTable(false);
  let before = start - 1;
  while (before >= 0 && table[text.charCodeAt(before)] === SKIP) before--;
  let previousWasSpace = before >= 0 && table[text.charCodeAt(before)] === SPACE;
  let count = written;
  let i = start;
  for (; i < end && count < limit; i++) {
    const folded = table[text.charCodeAt(i)];
    if (folded === SKIP) continue;
    if (folded === SPACE) {
      if (previousWasSpace) continue;
      previousWasSpace = true;
    } else {
      previousWasSpace = false;
    }
    out[count++] = folded;
  }
  if (cursor) cursor.at = i;
  return count;
}

/** The segments of a folded text while it is folded: see `FoldedText`. */
class SegmentList {
  starts: Int32Array;
  shifts: Int32Array;
  /** The first segment, at folded unit 0 with no shift, is there from the start. */
  count = 1;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.shifts = new Int32Array(capacity);
  }

  /**
   * Starts a segment at folded unit `k` with `shift`, or gives the last one that shift when it
   * starts there too (units dropped before any was kept).
   */
  add(k: number, shift: number): void {
    if (this.starts[this.count - 1] === k) {
      this.shifts[this.count - 1] = shift;
      return;
    }
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, 2 * this.count);
      this.shifts = grown(this.shifts, 2 * this.count);
    }
    this.starts[this.count] = k;
    this.shifts[this.count] = shift;
    this.count++;
  }
}

/**
 * The folded form of a name, alias or quote entry: folded like the article, with white space
 * collapsed to one space and trimmed at both ends.
 */
export function foldPattern(text: string, ignoreCase: boolean): string {
  const table = foldTable(ignoreCase);
  if (isFoldedAlready(text, table)) return text;
  const units: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const folded = table[text.charCodeAt(i)];
    if (folded === SKIP) continue;
    if (folded === SPACE) {
      pendingSpace = units.length > 0;
      continue;
    }
    if (pendingSpace) units.push(SPACE);
    pendingSpace = false;
    units.push(folded);
  }
  // One flat string rather than one grown character by character: the patterns are compared
  // and sorted many times, and a string built by appending is a rope that is slow to compare.
  let out = '';
  for (let i = 0; i < units.length; i += 4096) {
    out += String.fromCharCode(...units.slice(i, i + 4096));
  }
  return out;
}

/**
 * Whether folding would give `text` back unchanged: every unit folds to itself, and white space
 * comes only as single spaces between other characters. Most names and quote entries are so,
 * and then need no new string.
 */
function isFoldedAlready(text: string, table: Int32Array): boolean {
  let previousWasSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (table[c] !== c) return false;
    const isSpace = c === SPACE;
    if (isSpace && previousWasSpace) return false;
    previousWasSpace = isSpace;
  }
  return !previousWasSpace || text.length === 0;
}
