/**
 * Attribution: which sidecar quote entry belongs to which quote in the article.
 *
 * An entry names a quote by its words or its opening words, compared after typographic folding
 * (white space, curly and straight apostrophes, dashes, no-break spaces). Entries are matched
 * in three tiers: a quote that begins with the words; a quote that contains them; and finally
 * any passage of the article, which lets an entry declare a quote the detector could not see
 * (one without marks, say). `occurrence` picks among repeats.
 */

import { PatternMatcher } from './ahoCorasick';
import { FoldedText, foldPattern } from './fold';
import type { DetectedQuote } from './quotes';
import type { QuoteEntry } from './sidecar';
import { closestSubstring, editDistance } from './similarity';
import { countWords, isWhitespace, isWordChar, trimEndWhere, type Span } from './text';

export type EntryStatus =
  /** The entry attributes exactly one quote. */
  | 'matched'
  /** Several quotes fit and no `occurrence` says which; the first is attributed. */
  | 'ambiguous'
  /** Another entry already attributes the same quote. */
  | 'duplicate'
  /** The words are nowhere in the article (or too few to tell). */
  | 'not-found';

export interface EntryMatch {
  entry: number;
  status: EntryStatus;
  /** The detected quote it attributes, or -1 when it declares a passage or matched nothing. */
  quote: number;
  /** For entries that declare a quote outside quotation marks: the passage. */
  passage?: Span;
  /** How many quotes or passages fit (for `ambiguous` and `occurrence` messages). */
  candidates: number;
  /** For `not-found`: the closest passage, when one is reasonably close. */
  closest?: Span;
  /** For `not-found`: the entry has too few words to identify a quote by its opening. */
  tooShort?: boolean;
  /** For `duplicate`: the entry that attributes the quote first. */
  duplicateOf?: number;
}

/** An entry's words must reach this many, or be the whole quote, to identify a quote. */
export const MIN_OPENING_WORDS = 3;

/**
 * Removes quotation marks and ellipses that users copy along with the words. The ends are cut
 * with loops: the text comes from the sidecar, and the regular expressions for the end
 * (`/(?:\s*…)+$/u`, `/["'\s]+$/u`) take seconds on a long run of spaces or quotation marks.
 */
function entryPattern(text: string): string {
  const pattern = foldPattern(text, false).replace(/^["'\s]+/u, '');
  return trimEndWhere(withoutTrailingEllipses(pattern), (c) => c === 34 /* " */ || c === 39 /* ' */ || isWhitespace(c));
}

/** Drops the ellipses (`…` or `...`) at the end of a text, each with the white space before it. */
function withoutTrailingEllipses(text: string): string {
  let end = text.length;
  for (;;) {
    if (text.endsWith('…', end)) end -= 1;
    else if (text.endsWith('...', end)) end -= 3;
    else break;
    while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  }
  return text.slice(0, end);
}

/** An entry's folded words, and how many words they are. */
interface EntryPattern {
  pattern: string;
  words: number;
}

/**
 * The patterns of a sidecar's entries, by entry index: a parsed sidecar is kept while only the
 * article changes, so its entries are folded and counted once, not on every keystroke in the
 * article. Kept per list of entries, which costs one lookup rather than one per entry.
 */
const entryPatternLists = new WeakMap<readonly QuoteEntry[], EntryPattern[]>();

function entryPatternsOf(entries: readonly QuoteEntry[]): EntryPattern[] {
  let patterns = entryPatternLists.get(entries);
  if (patterns === undefined) {
    patterns = entries.map((entry) => {
      const pattern = entry.text ? entryPattern(entry.text.text) : '';
      return { pattern, words: countWords(pattern) };
    });
    entryPatternLists.set(entries, patterns);
  }
  return patterns;
}

/**
 * Index of the first folded unit at or after original offset `offset`, searched from `from` (a
 * folded index known to lie at or before the answer): quotes come in article order, so each
 * search starts where the last one ended and looks forward in growing steps, reading nearby
 * memory instead of jumping across the whole article as a plain binary search would.
 */
function foldedIndexAt(folded: FoldedText, offset: number, from: number): number {
  const origin = folded.origin;
  let low = from;
  if (low >= folded.length || origin[low] >= offset) return low;
  let step = 1;
  let high = low + step;
  while (high < folded.length && origin[high] < offset) {
    low = high;
    step *= 2;
    high = low + step;
  }
  high = Math.min(high, folded.length);
  // origin[low] < offset, and high is past the end or origin[high] >= offset.
  low++;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (origin[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function foldedEquals(folded: FoldedText, at: number, pattern: string): boolean {
  if (at + pattern.length > folded.length) return false;
  for (let i = 0; i < pattern.length; i++) if (folded.units[at + i] !== pattern.charCodeAt(i)) return false;
  return true;
}

interface QuoteRange {
  quote: DetectedQuote;
  /** Folded content `[start, end)`. */
  start: number;
  end: number;
}

/**
 * Matches every entry. `folded` is the article folded case-sensitively (shared with mention
 * matching so the article is folded once).
 */
export function matchQuoteEntries(
  article: string,
  folded: FoldedText,
  quotes: readonly DetectedQuote[],
  entries: readonly QuoteEntry[],
): EntryMatch[] {
  const ranges: QuoteRange[] = [];
  let previousOffset = 0;
  let previousStart = 0;
  for (const quote of quotes) {
    const from = quote.content.start >= previousOffset ? previousStart : 0;
    const start = foldedIndexAt(folded, quote.content.start, from);
    ranges.push({ quote, start, end: foldedIndexAt(folded, quote.content.end, start) });
    previousOffset = quote.content.start;
    previousStart = start;
  }

  const entryPatterns = entryPatternsOf(entries);
  const patterns = entryPatterns.map((found) => found.pattern);
  const openingMatches = quotesOpeningWith(folded, ranges, entries);
  const results: EntryMatch[] = [];
  const pending: number[] = [];
  const candidates: number[] = [];
  for (const entry of entries) {
    const { pattern, words } = entryPatterns[entry.index];
    if (!pattern) {
      results.push({ entry: entry.index, status: 'not-found', quote: -1, candidates: 0 });
      continue;
    }
    // The quotes it fits, gathered in one array reused for every entry: `choose` keeps none.
    candidates.length = 0;
    for (const range of openingMatches[entry.index]) {
      const end = range.start + pattern.length;
      // The entry must end at a word boundary and, unless it is the whole quote, be long
      // enough to identify the quote.
      if (end < range.end && isWordChar(folded.units[end]) && isWordChar(pattern.charCodeAt(pattern.length - 1))) {
        continue;
      }
      if (end === range.end || words >= MIN_OPENING_WORDS) candidates.push(range.quote.index);
    }
    if (candidates.length > 0) {
      // Quotes are numbered in text order, which is the order `occurrence` counts in.
      if (candidates.length > 1) candidates.sort((a, b) => a - b);
      results.push(choose(entry, candidates));
    } else {
      results.push({ entry: entry.index, status: 'not-found', quote: -1, candidates: 0 });
      pending.push(entry.index);
    }
  }

  // Tiers two and three: find the remaining entries anywhere in the article in one pass.
  if (pending.length > 0) {
    const pendingPatterns = pending.map((index) => patterns[index]);
    const occurrences = new Map<number, { start: number; end: number }[]>();
    const matcher = new PatternMatcher(pendingPatterns);
    matcher.search(folded, (pattern, start, end) => {
      const text = pendingPatterns[pattern];
      // Whole words only: "Putin" must not match inside "Putinismus".
      if (isWordChar(text.charCodeAt(0)) && start > 0 && isWordChar(folded.units[start - 1])) return;
      if (isWordChar(text.charCodeAt(text.length - 1)) && end < folded.length && isWordChar(folded.units[end])) return;
      // Nor half characters: an entry that starts or ends with a lone surrogate must not match
      // inside an emoji.
      const original = folded.originalSpan(start, end);
      if (splitsSurrogatePair(article, original.start) || splitsSurrogatePair(article, original.end)) return;
      const list = occurrences.get(pattern);
      if (list) list.push({ start, end });
      else occurrences.set(pattern, [{ start, end }]);
    });
    const firstIndexOf = new Map<string, number>();
    pendingPatterns.forEach((pattern, p) => {
      if (!firstIndexOf.has(pattern)) firstIndexOf.set(pattern, p);
    });
    const topLevel = ranges.filter((range) => range.quote.depth === 0);
    pending.forEach((entryIndex, p) => {
      const entry = entries[entryIndex];
      const pattern = pendingPatterns[p];
      // Equal patterns share the index of the first; look the occurrences up by that.
      const found = occurrences.get(firstIndexOf.get(pattern)!) ?? [];
      const inQuotes: number[] = [];
      const passages: Span[] = [];
      for (const occurrence of found) {
        const container = containingRange(topLevel, occurrence.start, occurrence.end);
        if (container) inQuotes.push(container.quote.index);
        else passages.push(folded.originalSpan(occurrence.start, occurrence.end));
      }
      const longEnough = entryPatterns[entryIndex].words >= MIN_OPENING_WORDS;
      if (longEnough && inQuotes.length > 0) {
        results[entryIndex] = choose(entry, inQuotes);
      } else if (longEnough && passages.length > 0) {
        results[entryIndex] = choose(entry, undefined, passages);
      } else {
        const opening = ranges.find((range) => foldedEquals(folded, range.start, pattern));
        results[entryIndex] = opening
          ? {
              entry: entryIndex,
              status: 'not-found',
              quote: -1,
              candidates: 0,
              tooShort: true,
              closest: opening.quote.content,
            }
          : { entry: entryIndex, status: 'not-found', quote: -1, candidates: 0 };
      }
    });
  }

  markDuplicates(results);
  addClosestPassages(article, folded, ranges, patterns, results);
  return results;
}

/** The top-level quote whose content holds folded `[start, end)`, by binary search. */
function containingRange(sorted: readonly QuoteRange[], start: number, end: number): QuoteRange | undefined {
  let low = 0;
  let high = sorted.length - 1;
  let candidate = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].start <= start) {
      candidate = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const range = sorted[candidate];
  return range && end <= range.end ? range : undefined;
}

/**
 * Entries are found by hashes of their openings. An entry up to `SHORT_KEY` folded units long
 * is keyed by all of it; a longer one first by its first `SHORT_KEY` units, and within the group
 * of entries that share those, by its first `LONG_KEY` units. A quote's opening is hashed once,
 * unit by unit, and looked up at the lengths the entries have: only entries whose openings
 * hash alike are compared in full, so however many quotes and entries begin alike ("Wir haben
 * nichts …"), the work stays in proportion to their number.
 */
const SHORT_KEY = 24;
const LONG_KEY = 96;
const HASH_START = 0x811c9dc5 | 0;

/** One step of FNV-1a over code units. */
function hashStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

/** Entries longer than `SHORT_KEY` units that share the hash of their first `SHORT_KEY`. */
interface LongGroup {
  /** Pattern ids by the hash of their first `min(length, LONG_KEY)` units. */
  byKey: Map<number, number[]>;
  /** Those lengths, in increasing order. */
  lengths: number[];
}

/** The entries' patterns, indexed by hashes of their openings. */
interface OpeningIndex {
  /** The distinct patterns; an entry's pattern is `patterns[idOf[entry]]`, or none for -1. */
  patterns: string[];
  idOf: number[];
  /** Ids of patterns up to `SHORT_KEY` units, by the hash of the whole pattern. */
  byKey: Map<number, number[]>;
  /** Their lengths, in increasing order. */
  lengths: number[];
  /** Longer patterns, by the hash of their first `SHORT_KEY` units. */
  groups: Map<number, LongGroup>;
}

/** Built once per parsed sidecar, like the entry patterns it is made of. */
const openingIndexes = new WeakMap<readonly QuoteEntry[], OpeningIndex>();

function openingIndexOf(entries: readonly QuoteEntry[]): OpeningIndex {
  let index = openingIndexes.get(entries);
  if (index) return index;
  const distinct = new Map<string, number>();
  const patterns: string[] = [];
  const byKey = new Map<number, number[]>();
  const groups = new Map<number, LongGroup>();
  const wantedLength = new Uint8Array(SHORT_KEY + 1);
  const add = (map: Map<number, number[]>, key: number, id: number): void => {
    const bucket = map.get(key);
    if (bucket) bucket.push(id);
    else map.set(key, [id]);
  };
  const idOf = entryPatternsOf(entries).map(({ pattern }) => {
    if (!pattern) return -1;
    let id = distinct.get(pattern);
    if (id !== undefined) return id;
    id = patterns.length;
    distinct.set(pattern, id);
    patterns.push(pattern);
    let hash = HASH_START;
    const short = Math.min(pattern.length, SHORT_KEY);
    for (let i = 0; i < short; i++) hash = hashStep(hash, pattern.charCodeAt(i));
    if (pattern.length <= SHORT_KEY) {
      add(byKey, hash, id);
      wantedLength[short] = 1;
      return id;
    }
    let group = groups.get(hash);
    if (!group) {
      group = { byKey: new Map(), lengths: [] };
      groups.set(hash, group);
    }
    const long = Math.min(pattern.length, LONG_KEY);
    for (let i = SHORT_KEY; i < long; i++) hash = hashStep(hash, pattern.charCodeAt(i));
    add(group.byKey, hash, id);
    if (!group.lengths.includes(long)) group.lengths.push(long);
    return id;
  });
  const lengths: number[] = [];
  for (let length = 1; length <= SHORT_KEY; length++) if (wantedLength[length]) lengths.push(length);
  for (const group of groups.values()) group.lengths.sort((x, y) => x - y);
  index = { patterns, idOf, byKey, lengths, groups };
  openingIndexes.set(entries, index);
  return index;
}

/**
 * For each entry, the quotes whose folded content begins with its pattern, in article order.
 * Equal patterns are checked once.
 */
function quotesOpeningWith(
  folded: FoldedText,
  ranges: readonly QuoteRange[],
  entries: readonly QuoteEntry[],
): QuoteRange[][] {
  const { patterns, idOf, byKey, lengths, groups } = openingIndexOf(entries);
  const found: (QuoteRange[] | undefined)[] = new Array<QuoteRange[] | undefined>(patterns.length);
  const units = folded.units;
  const check = (range: QuoteRange, bucket: readonly number[] | undefined): void => {
    if (bucket === undefined) return;
    for (const id of bucket) {
      const pattern = patterns[id];
      if (range.start + pattern.length <= range.end && foldedEquals(folded, range.start, pattern)) {
        (found[id] ??= []).push(range);
      }
    }
  };
  if (lengths.length > 0 || groups.size > 0) {
    for (const range of ranges) {
      const available = Math.min(range.end - range.start, LONG_KEY);
      let hash = HASH_START;
      let next = 0;
      let group: LongGroup | undefined;
      let groupNext = 0;
      for (let i = 0; i < available;) {
        hash = hashStep(hash, units[range.start + i]);
        i++;
        if (i <= SHORT_KEY) {
          if (next < lengths.length && i === lengths[next]) {
            next++;
            check(range, byKey.get(hash));
          }
          if (i === SHORT_KEY) group = groups.get(hash);
          // Nothing further to look up: no longer short entry, and no long ones to come.
          if (next >= lengths.length && (i === SHORT_KEY ? !group : groups.size === 0)) break;
          continue;
        }
        if (!group || groupNext >= group.lengths.length) break;
        if (i === group.lengths[groupNext]) {
          groupNext++;
          check(range, group.byKey.get(hash));
        }
      }
    }
  }
  const none: QuoteRange[] = [];
  return idOf.map((id) => (id >= 0 ? (found[id] ?? none) : none));
}

/** Picks the candidate named by `occurrence`, or the first one, and says how sure that is. */
function choose(entry: QuoteEntry, quotes: readonly number[] | undefined, passages?: readonly Span[]): EntryMatch {
  // Built field by field rather than by spreading: this runs once per entry on every analysis.
  const count = quotes ? quotes.length : passages!.length;
  let index = 0;
  let status: EntryStatus;
  if (entry.occurrence !== undefined) {
    index = entry.occurrence - 1;
    if (index >= count) return { entry: entry.index, status: 'not-found', quote: -1, candidates: count };
    status = 'matched';
  } else {
    status = count > 1 ? 'ambiguous' : 'matched';
  }
  if (quotes) return { entry: entry.index, status, quote: quotes[index], candidates: count };
  return { entry: entry.index, status, quote: -1, passage: passages![index], candidates: count };
}

function markDuplicates(results: EntryMatch[]): void {
  // Quotes by their number, passages by their span: numbers are cheaper keys than strings.
  const owner = new Map<number | string, number>();
  for (const result of results) {
    if (result.status === 'not-found') continue;
    const key = result.quote >= 0 ? result.quote : `${result.passage!.start}:${result.passage!.end}`;
    const first = owner.get(key);
    if (first === undefined) owner.set(key, result.entry);
    else {
      result.status = 'duplicate';
      result.duplicateOf = first;
    }
  }
}

/**
 * For entries that match nothing, names the closest passage: the quote whose opening is
 * nearest in spelling, or else the nearest passage anywhere in a not-too-long article.
 */
function addClosestPassages(
  article: string,
  folded: FoldedText,
  ranges: readonly QuoteRange[],
  patterns: readonly string[],
  results: EntryMatch[],
): void {
  // Approximate matching costs the product of the lengths; bound the total work.
  let budget = 20_000_000;
  for (const result of results) {
    if (result.status !== 'not-found' || result.closest || result.candidates > 0) continue;
    const pattern = patterns[result.entry];
    if (!pattern) continue;
    const limit = Math.max(1, Math.floor(pattern.length * 0.4));
    let best: { span: Span; distance: number } | undefined;
    for (const range of ranges) {
      if (budget <= 0) break;
      const length = Math.min(range.end - range.start, pattern.length + 3);
      budget -= length * pattern.length;
      const opening = folded.slice(range.start, range.start + length);
      // Compare with the opening of the same length, allowing for a few typos at the end.
      const distance = Math.min(
        editDistance(pattern, opening.slice(0, pattern.length), limit),
        editDistance(pattern, opening, limit),
      );
      if (distance <= limit && (!best || distance < best.distance)) best = { span: range.quote.content, distance };
    }
    if (!best && budget > folded.length * pattern.length && pattern.length >= 8) {
      budget -= folded.length * pattern.length;
      const text = folded.slice(0, folded.length);
      const found = closestSubstring(pattern, text);
      if (found.distance <= limit)
        best = { span: folded.originalSpan(found.start, found.end), distance: found.distance };
    }
    if (best) result.closest = trimToWords(article, best.span, pattern.length);
  }
}

/** Trims a closest passage to about the entry's length, ending at a word boundary. */
function trimToWords(article: string, span: Span, length: number): Span {
  let end = Math.min(span.end, span.start + length);
  while (end < span.end && isWordChar(article.charCodeAt(end))) end++;
  // Approximate matching and the cut above count code units, so the passage may begin or end
  // inside a surrogate pair; widen it to whole characters rather than quote half an emoji.
  const start = splitsSurrogatePair(article, span.start) ? span.start - 1 : span.start;
  if (splitsSurrogatePair(article, end)) end++;
  return { start, end };
}

/** Whether `offset` falls between the high and the low half of a surrogate pair. */
function splitsSurrogatePair(text: string, offset: number): boolean {
  const high = text.charCodeAt(offset - 1);
  const low = text.charCodeAt(offset);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
