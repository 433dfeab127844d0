/**
 * Attribution: which sidecar quote entry belongs to which quote in the article.
 *
 * An entry names a quote by its words or its opening words, compared after typographic folding
 * (white space, curly and straight apostrophes, dashes, no-break spaces). Entries are matched
 * in three tiers: a quote that begins with the words; a quote that contains them; and finally
 * any passage of the article, which lets an entry declare a quote the detector could not see
 * (one without marks, say). `occurrence` picks among repeats.
 */

import { PatternMatcher } from '../text/ahoCorasick';
import { FoldedText, foldPattern, foldRange, hasDroppedUnits, type FoldCursor } from '../text/fold';
import { IntMap } from '../text/intMap';
import type { DetectedQuote } from './quotes';
import type { QuoteEntry } from '../sidecar/sidecar';
import { closestSubstring, OpeningDistance } from '../text/similarity';
import { countWords, grown, isWhitespace, isWordChar, trimEndWhere, type Span } from '../text/text';
import { derivedPer } from '../text/memo';

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
  /**
   * For `not-found` with `tooShort`: the quote the words open. The closest passage of other
   * entries that match nothing is worked out on demand (`ClosestPassageSearch`).
   */
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
 * (`/(?:\s*…)+$/u`, `/["'\s]+$/u`) take quadratic time on a long run of spaces or quotation marks.
 */
function entryPattern(text: string): string {
  const folded = foldPattern(text, false);
  // A loop rather than a regular expression: thousands of entries are read with every new
  // sidecar, and most begin with a letter.
  let start = 0;
  while (start < folded.length && isQuoteOrSpace(folded.charCodeAt(start))) start++;
  return trimEndWhere(withoutTrailingEllipses(start > 0 ? folded.slice(start) : folded), isQuoteOrSpace);
}

function isQuoteOrSpace(c: number): boolean {
  return c === 34 /* " */ || c === 39 /* ' */ || isWhitespace(c);
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

/** An entry's folded words, and whether they are enough words to identify a quote by its opening. */
interface EntryPattern {
  pattern: string;
  longEnough: boolean;
}

/**
 * The patterns of a sidecar's entries, by entry index: a parsed sidecar is kept while only the
 * article changes, so its entries are folded and counted once, not on every keystroke in the
 * article. Kept per list of entries, which costs one lookup rather than one per entry.
 */
const entryPatternsOf = derivedPer((entries: readonly QuoteEntry[]): EntryPattern[] =>
  entries.map((entry) => {
    const pattern = entry.text ? entryPattern(entry.text.text) : '';
    return { pattern, longEnough: countWords(pattern, MIN_OPENING_WORDS) >= MIN_OPENING_WORDS };
  }),
);

/** What the matching reads of a quote: its words, without the marks. */
interface QuoteContent {
  content: Span;
}

/**
 * Reads the openings of quotes, folded: compares them with patterns and tells what follows.
 * Quotes are folded only as far as entries reach, rather than the whole article: most
 * openings are hashed and compared with no entry, and entries are a few words.
 */
class OpeningReader {
  /** Room for the longest opening read, reused by every reading. */
  private readonly units: Uint16Array;

  constructor(
    private readonly article: string,
    patterns: readonly string[],
  ) {
    let longest = 0;
    for (let i = 0; i < patterns.length; i++) longest = Math.max(longest, patterns[i].length);
    // An entry and the unit after it (a word boundary is checked there), and the keys of the
    // opening index.
    this.units = new Uint16Array(Math.max(longest + 1, LONG_KEY));
  }

  /** Where the last `read` or `readOn` stopped. */
  private readonly cursor: FoldCursor = { at: 0 };

  /** Folds the first `length` units of `quote` (fewer when it is shorter) into `out`; returns how many. */
  read(quote: QuoteContent, out: Uint16Array, length: number): number {
    return foldRange(this.article, quote.content.start, quote.content.end, out, length, 0, this.cursor);
  }

  /**
   * Folds `quote` on from where the last `read` of it into `out`, which wrote `count` units,
   * stopped, until `out` holds `length` units; returns how many it holds.
   */
  readOn(quote: QuoteContent, out: Uint16Array, count: number, length: number): number {
    return foldRange(this.article, this.cursor.at, quote.content.end, out, length, count, this.cursor);
  }

  /**
   * Whether the folded content of `quote` begins with `pattern`: -2 when not, else the folded
   * unit that follows it, or -1 when the pattern is the whole quote.
   */
  unitAfter(quote: QuoteContent, pattern: string): number {
    const units = this.units;
    const count = this.read(quote, units, pattern.length + 1);
    if (count < pattern.length) return -2;
    for (let i = 0; i < pattern.length; i++) if (units[i] !== pattern.charCodeAt(i)) return -2;
    return count > pattern.length ? units[pattern.length] : -1;
  }
}

/** Matches every entry to the quotes detected in `article`. */
export function matchQuoteEntries(
  article: string,
  quotes: readonly DetectedQuote[],
  entries: readonly QuoteEntry[],
): EntryMatch[] {
  const entryPatterns = entryPatternsOf(entries);
  const patterns = entryPatterns.map((found) => found.pattern);
  const reader = new OpeningReader(article, patterns);
  const openingMatches = quotesOpeningWith(reader, quotes, entries);
  const { idOf, shared } = openingIndexOf(entries);
  // The candidates of a pattern that several entries have, found once: entries that repeat
  // the same words, told apart by `occurrence`, would each go through the same quotes again,
  // which takes the product of their numbers.
  const sharedCandidates = new Map<number, number[]>();
  const results: EntryMatch[] = [];
  const pending: number[] = [];
  const candidates: number[] = [];
  for (const entry of entries) {
    const { pattern, longEnough } = entryPatterns[entry.index];
    if (!pattern) {
      results.push({ entry: entry.index, status: 'not-found', quote: -1, candidates: 0 });
      continue;
    }
    const id = idOf[entry.index];
    let fitting = shared[id] ? sharedCandidates.get(id) : undefined;
    if (fitting === undefined) {
      // The quotes it fits, gathered in one array reused for every entry that has its pattern
      // alone (`choose` keeps none), and in one of its own for a shared pattern.
      fitting = shared[id] ? [] : candidates;
      fitting.length = 0;
      const opened = openingMatches[entry.index];
      for (let q = 0; q < opened.length; q += 2) {
        const after = opened[q + 1];
        // The entry must end at a word boundary and, unless it is the whole quote, be long
        // enough to identify the quote.
        if (after >= 0 && isWordChar(after) && isWordChar(pattern.charCodeAt(pattern.length - 1))) continue;
        if (after === -1 || longEnough) fitting.push(opened[q]);
      }
      // Quotes are numbered in text order, which is the order `occurrence` counts in.
      if (fitting.length > 1) fitting.sort((a, b) => a - b);
      if (shared[id]) sharedCandidates.set(id, fitting);
    }
    if (fitting.length > 0) {
      results.push(choose(entry, fitting));
    } else {
      results.push({ entry: entry.index, status: 'not-found', quote: -1, candidates: 0 });
      pending.push(entry.index);
    }
  }

  // Tiers two and three: find the remaining entries anywhere in the article in one pass. Only
  // the entries long enough to identify a quote are looked for (a shorter one is not found
  // wherever its words stand), and of those only the ones that occur at all (see `occursIn`):
  // most entries that open no quote are being typed or mended, and folding the whole article
  // for them would be most of the work of an analysis.
  if (pending.length > 0) {
    let searched = pending.filter((index) => entryPatterns[index].longEnough);
    if (searched.length > 0 && !hasDroppedUnits(article)) {
      let longest = 0;
      for (const index of searched) longest = Math.max(longest, patterns[index].length);
      const units = new Uint16Array(longest);
      searched = searched.filter((index) => occursIn(article, patterns[index], units));
    }
    const places =
      searched.length > 0
        ? placesOf(
            article,
            quotes,
            searched.map((index) => patterns[index]),
          )
        : [];
    const placesOfEntry = new Map(searched.map((index, s) => [index, places[s]]));
    for (const entryIndex of pending) {
      const entry = entries[entryIndex];
      const { inQuotes, passages } = placesOfEntry.get(entryIndex) ?? { inQuotes: [], passages: [] };
      if (inQuotes.length > 0) {
        results[entryIndex] = choose(entry, inQuotes);
        continue;
      }
      if (passages.length > 0) {
        results[entryIndex] = choose(entry, undefined, passages);
        continue;
      }
      // Not found. The first quote that opens with the words, even inside a word, is named as
      // the closest: the words were too few to tell it, or ended inside a word. (A detected
      // quote's number is its place in the list.)
      const opened = openingMatches[entryIndex];
      results[entryIndex] =
        opened.length > 0
          ? {
              entry: entryIndex,
              status: 'not-found',
              quote: -1,
              candidates: 0,
              tooShort: true,
              closest: quotes[opened[0]].content,
            }
          : { entry: entryIndex, status: 'not-found', quote: -1, candidates: 0 };
    }
  }

  markDuplicates(results);
  return results;
}

/**
 * Whether the folded `pattern` occurs in the folded `article`, which has no units that folding
 * drops, told without folding the whole article: folding keeps letters and digits as they are,
 * so an occurrence of a pattern that begins with a word begins where the article has that word
 * as it stands, and `indexOf` finds those places. `units` has room for the pattern.
 */
function occursIn(article: string, pattern: string, units: Uint16Array): boolean {
  if (!isWordChar(pattern.charCodeAt(0))) return true;
  let end = 1;
  while (end < pattern.length && isWordChar(pattern.charCodeAt(end))) end++;
  const word = pattern.slice(0, end);
  for (let at = article.indexOf(word); at >= 0; at = article.indexOf(word, at + 1)) {
    if (foldRange(article, at, article.length, units, pattern.length) < pattern.length) continue;
    let i = 0;
    while (i < pattern.length && units[i] === pattern.charCodeAt(i)) i++;
    if (i === pattern.length) return true;
  }
  return false;
}

/**
 * Where each of `patterns` occurs as whole words in the folded article: the top-level quotes
 * whose words hold it, and the passages outside quotes, in text order.
 */
function placesOf(
  article: string,
  quotes: readonly DetectedQuote[],
  patterns: readonly string[],
): { inQuotes: number[]; passages: Span[] }[] {
  const occurrences = new Map<number, { start: number; end: number }[]>();
  const matcher = new PatternMatcher(patterns);
  const folded = FoldedText.of(article, false);
  matcher.search(folded, (pattern, start, end) => {
    const text = patterns[pattern];
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
  // The top-level quotes' contents in the folded article, where the occurrences are.
  const topLevel: ArticleRange[] = [];
  for (const quote of quotes) {
    if (quote.depth !== 0) continue;
    const { content } = quote;
    topLevel.push({ quote, start: folded.foldedIndexAt(content.start), end: folded.foldedIndexAt(content.end) });
  }
  // Equal patterns share the index of the first, and its places: entries that repeat the same
  // words, told apart by `occurrence`, must not each go through the same occurrences again.
  const placesOfFirst = new Map<number, { inQuotes: number[]; passages: Span[] }>();
  return patterns.map((_, p) => {
    const first = matcher.firstIndexOf[p];
    let places = placesOfFirst.get(first);
    if (places) return places;
    places = { inQuotes: [], passages: [] };
    for (const occurrence of occurrences.get(first) ?? []) {
      const container = containingRange(topLevel, occurrence.start, occurrence.end);
      if (container) places.inQuotes.push(container.quote.index);
      else places.passages.push(folded.originalSpan(occurrence.start, occurrence.end));
    }
    placesOfFirst.set(first, places);
    return places;
  });
}

/** A quote's content in the folded article, `[start, end)`. */
interface ArticleRange {
  quote: DetectedQuote;
  start: number;
  end: number;
}

/** The top-level quote whose content holds `[start, end)` of the folded article, by binary search. */
function containingRange(sorted: readonly ArticleRange[], start: number, end: number): ArticleRange | undefined {
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

/**
 * The entries' patterns, indexed by hashes of their openings. Buckets are chains through one
 * array rather than an array per hash, and groups are numbers rather than objects: a sidecar
 * has thousands of entries, and these tables are kept for as long as it is.
 */
interface OpeningIndex {
  /** The distinct patterns; an entry's pattern is `patterns[idOf[entry]]`, or none for -1. */
  patterns: string[];
  idOf: Int32Array;
  /** For each pattern id, 1 when more than one entry has the pattern. */
  shared: Uint8Array;
  /**
   * The first pattern id by hash key, then the next one with the same key by `nextWithKey[id]`,
   * until -1. Patterns up to `SHORT_KEY` units are keyed by the hash of all their units, longer
   * ones by the hash of their first `min(length, LONG_KEY)` units, in one map: a short and a
   * long key that collide only cost a comparison that fails.
   */
  firstWithKey: IntMap;
  nextWithKey: Int32Array;
  /** The lengths of the short patterns, in increasing order. */
  lengths: number[];
  /** A group number for each hash of the first `SHORT_KEY` units that longer patterns have. */
  groupOf: IntMap;
  /**
   * For group `g`, which key lengths above `SHORT_KEY` its patterns have: bit `i` of the words
   * at `3 * g` stands for length `SHORT_KEY + 1 + i` (72 lengths up to `LONG_KEY`).
   */
  groupLengths: Uint32Array;
  /** The longest key length in each group. */
  groupLongest: Uint8Array;
}

/** Built once per parsed sidecar, like the entry patterns it is made of. */
const openingIndexOf = derivedPer(buildOpeningIndex);

function buildOpeningIndex(entries: readonly QuoteEntry[]): OpeningIndex {
  const entryPatterns = entryPatternsOf(entries);
  const patterns: string[] = [];
  const idOf = new Int32Array(entryPatterns.length);
  const shared = new Uint8Array(entryPatterns.length);
  const firstWithKey = new IntMap(entryPatterns.length);
  const nextWithKey = new Int32Array(entryPatterns.length);
  const groupOf = new IntMap();
  let groupLengths = new Uint32Array(3 * 64);
  let groupLongest = new Uint8Array(64);
  const wantedLength = new Uint8Array(SHORT_KEY + 1);
  for (let entry = 0; entry < entryPatterns.length; entry++) {
    const pattern = entryPatterns[entry].pattern;
    if (!pattern) {
      idOf[entry] = -1;
      continue;
    }
    let hash = HASH_START;
    const short = Math.min(pattern.length, SHORT_KEY);
    for (let i = 0; i < short; i++) hash = hashStep(hash, pattern.charCodeAt(i));
    const shortHash = hash;
    const long = Math.min(pattern.length, LONG_KEY);
    for (let i = SHORT_KEY; i < long; i++) hash = hashStep(hash, pattern.charCodeAt(i));
    // An equal pattern has the same key, so it is found in the key's chain: a map from
    // patterns to ids would hash every pattern whole once more.
    let id = firstWithKey.get(hash);
    while (id !== -1 && patterns[id] !== pattern) id = nextWithKey[id];
    if (id !== -1) {
      idOf[entry] = id;
      shared[id] = 1;
      continue;
    }
    id = patterns.length;
    idOf[entry] = id;
    patterns.push(pattern);
    if (pattern.length <= SHORT_KEY) {
      wantedLength[short] = 1;
    } else {
      let group = groupOf.get(shortHash);
      if (group < 0) {
        group = groupOf.size;
        groupOf.set(shortHash, group);
        if (group >= groupLongest.length) {
          groupLengths = grown(groupLengths, 2 * groupLengths.length);
          groupLongest = grown(groupLongest, 2 * groupLongest.length);
        }
      }
      const bit = long - SHORT_KEY - 1;
      groupLengths[3 * group + (bit >> 5)] |= 1 << (bit & 31);
      if (long > groupLongest[group]) groupLongest[group] = long;
    }
    nextWithKey[id] = firstWithKey.get(hash);
    firstWithKey.set(hash, id);
  }
  const lengths: number[] = [];
  for (let length = 1; length <= SHORT_KEY; length++) if (wantedLength[length]) lengths.push(length);
  return { patterns, idOf, shared, firstWithKey, nextWithKey, lengths, groupOf, groupLengths, groupLongest };
}

/**
 * The quotes whose folded content begins with a pattern, as pairs of numbers in one list: the
 * quote's index, and the folded unit after the pattern in it (-1 for none). Numbers in one list
 * rather than a list of quotes and one of units: an entry matches mostly one quote, and a
 * sidecar has thousands.
 */
type OpeningMatches = number[];

/**
 * For each entry, the quotes whose folded content begins with its pattern, in article order.
 * Equal patterns are checked once.
 */
function quotesOpeningWith(
  reader: OpeningReader,
  quotes: readonly DetectedQuote[],
  entries: readonly QuoteEntry[],
): OpeningMatches[] {
  const { patterns, idOf, firstWithKey, nextWithKey, lengths, groupOf, groupLengths, groupLongest } =
    openingIndexOf(entries);
  const found: (OpeningMatches | undefined)[] = new Array<OpeningMatches | undefined>(patterns.length);
  // The opening that the hashes read: as far as the longest key, and one unit more, so that a
  // pattern as long as its key is compared here, and the unit after it is known.
  let longestKey = 0;
  for (let id = 0; id < patterns.length; id++)
    longestKey = Math.max(longestKey, Math.min(patterns[id].length, LONG_KEY));
  const opening = new Uint16Array(longestKey + 1);
  let count = 0;
  // Looks up the patterns keyed by `length` units. A pattern found under another key length
  // shares a hash only by chance, and is checked under its own.
  const check = (quote: DetectedQuote, first: number, length: number): void => {
    for (let id = first; id !== -1; id = nextWithKey[id]) {
      const pattern = patterns[id];
      if (Math.min(pattern.length, LONG_KEY) !== length) continue;
      let after: number;
      if (pattern.length === length) {
        let i = 0;
        while (i < length && opening[i] === pattern.charCodeAt(i)) i++;
        if (i < length) continue;
        // Folded to one unit past the longest key, unless the quote ended first.
        after = count > length ? opening[length] : -1;
      } else {
        after = reader.unitAfter(quote, pattern);
        if (after === -2) continue;
      }
      const matches = (found[id] ??= []);
      matches.push(quote.index, after);
    }
  };
  // Each opening is folded as far as the short keys reach and one unit more, and on only where
  // longer entries begin like it, as far as the longest of those and one unit more: most quotes
  // open no entry, and those that do are mostly longer than the entries.
  const firstReach = Math.min(opening.length, SHORT_KEY + 1);
  if (lengths.length > 0 || groupOf.size > 0) {
    for (const quote of quotes) {
      let hash = HASH_START;
      let next = 0;
      let group = -1;
      count = reader.read(quote, opening, firstReach);
      for (let i = 0; i < count && i < longestKey;) {
        const unit = opening[i];
        hash = hashStep(hash, unit);
        i++;
        if (i <= SHORT_KEY) {
          if (next < lengths.length && i === lengths[next]) {
            next++;
            check(quote, firstWithKey.get(hash), i);
          }
          if (i === SHORT_KEY) {
            group = groupOf.get(hash);
            const reach = group >= 0 ? Math.min(opening.length, groupLongest[group] + 1) : 0;
            if (count === firstReach && reach > count) count = reader.readOn(quote, opening, count, reach);
          }
          // Nothing further to look up: no longer short entry, and no long ones to come.
          if (next >= lengths.length && (i === SHORT_KEY ? group < 0 : groupOf.size === 0)) break;
          continue;
        }
        if (group < 0 || i > groupLongest[group]) break;
        const bit = i - SHORT_KEY - 1;
        if (groupLengths[3 * group + (bit >> 5)] & (1 << (bit & 31))) check(quote, firstWithKey.get(hash), i);
      }
    }
  }
  const none: OpeningMatches = [];
  const byEntry = new Array<OpeningMatches>(idOf.length);
  for (let entry = 0; entry < idOf.length; entry++) byEntry[entry] = (idOf[entry] >= 0 && found[idOf[entry]]) || none;
  return byEntry;
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
  // Quotes by their number in a table of numbers; passages, which few entries declare, by their span.
  const quoteOwner = new IntMap(results.length);
  const passageOwner = new Map<string, number>();
  for (let i = 0; i < results.length; i++) {
    const result = results[i];
    if (result.status === 'not-found') continue;
    let first: number;
    if (result.quote >= 0) {
      first = quoteOwner.get(result.quote);
      if (first < 0) quoteOwner.set(result.quote, result.entry);
    } else {
      const key = `${result.passage!.start}:${result.passage!.end}`;
      first = passageOwner.get(key) ?? -1;
      if (first < 0) passageOwner.set(key, result.entry);
    }
    if (first >= 0) {
      result.status = 'duplicate';
      result.duplicateOf = first;
    }
  }
}

/**
 * How much approximate matching one search for closest passages may do, in pairs of code units
 * compared: it costs the product of the lengths, and a long article with many quotes must not
 * keep a hover or a command-line report waiting.
 */
export const CLOSEST_PASSAGE_WORK = 20_000_000;

/**
 * Finds the passages closest to quote entries that match nothing: the quote whose opening is
 * nearest in spelling, or else the nearest passage anywhere in a not-too-long article. The
 * analysis does not look for them: approximate matching costs far more than the rest of the
 * matching, and a keystroke that breaks an entry would pay for it until the entry is fixed.
 * They are looked for when someone asks (the hover, the re-anchoring quick fix, the command
 * line's report), with `CLOSEST_PASSAGE_WORK` for all the entries one search is asked about.
 */
export class ClosestPassageSearch {
  private readonly patterns: string[];
  private readonly reader: OpeningReader;
  /** The opening of a quote, folded, as far as the longest entry and a few units more. */
  private readonly opening: Uint16Array;
  private folded: FoldedText | undefined;
  private budget = CLOSEST_PASSAGE_WORK;

  /**
   * `quotes` are the detected quotes in text order (those the matching compared the entries
   * with), and `matches` the entries' results of `matchQuoteEntries`.
   */
  constructor(
    private readonly article: string,
    private readonly quotes: readonly QuoteContent[],
    entries: readonly QuoteEntry[],
    private readonly matches: readonly EntryMatch[],
  ) {
    this.patterns = entryPatternsOf(entries).map((found) => found.pattern);
    this.reader = new OpeningReader(article, this.patterns);
    let longest = 0;
    for (const pattern of this.patterns) longest = Math.max(longest, pattern.length);
    this.opening = new Uint16Array(longest + 3);
  }

  /**
   * The passage closest to the words of entry `entry`, when it matches nothing and a passage
   * is reasonably close; for an entry too short to identify a quote, the quote it opens.
   */
  closestTo(entry: number): Span | undefined {
    const match = this.matches[entry];
    if (!match || match.status !== 'not-found') return undefined;
    if (match.closest) return match.closest;
    const pattern = this.patterns[entry];
    if (match.candidates > 0 || !pattern) return undefined;
    const limit = Math.max(1, Math.floor(pattern.length * 0.4));
    const distances = new OpeningDistance(pattern, limit);
    let best: { span: Span; distance: number } | undefined;
    for (const quote of this.quotes) {
      const count = this.reader.read(quote, this.opening, pattern.length + 3);
      // The budget is checked before each comparison with what that comparison costs: one
      // comparison of a long entry with a long quote could otherwise cost more than the rest.
      if (count * pattern.length > this.budget) break;
      this.budget -= count * pattern.length;
      // Compare with the opening of the same length, allowing for a few typos at the end.
      const distance = distances.toOpening(this.opening, count, Math.min(count, pattern.length));
      if (distance <= limit && (!best || distance < best.distance)) best = { span: quote.content, distance };
    }
    if (!best && pattern.length >= 8 && this.budget > 0) {
      const folded = (this.folded ??= FoldedText.of(this.article, false));
      if (this.budget > folded.length * pattern.length) {
        this.budget -= folded.length * pattern.length;
        const found = closestSubstring(pattern, folded.slice(0, folded.length));
        if (found.distance <= limit)
          best = { span: folded.originalSpan(found.start, found.end), distance: found.distance };
      }
    }
    return best ? trimToWords(this.article, best.span, pattern.length) : undefined;
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
