/**
 * Edit distances, for "did you mean" suggestions and for naming the passage closest to a quote
 * entry that matches nothing.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment), so that the common
 * typo "qoutes" is one edit from "quotes". Gives up, returning `limit + 1`, once the distance
 * must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, beforePrevious[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/**
 * `editDistance` from one pattern to the openings of many texts, with the same limit: the
 * search for the passage closest to a quote entry compares the entry with the opening of every
 * quote in the article. One table serves both lengths it compares with (a prefix is a column
 * of the same table), and its rows are reused from text to text.
 */
export class OpeningDistance {
  private beforePrevious: Int32Array;
  private previous: Int32Array;
  private current: Int32Array;

  constructor(
    private readonly pattern: string,
    readonly limit: number,
  ) {
    this.beforePrevious = new Int32Array(0);
    this.previous = new Int32Array(0);
    this.current = new Int32Array(0);
  }

  /**
   * The smaller of the distances from the pattern to the first `prefix` and to all `count` of
   * `units`, as `editDistance` with this limit gives them: exact up to the limit, `limit + 1`
   * beyond it.
   */
  toOpening(units: Uint16Array, count: number, prefix: number): number {
    const a = this.pattern;
    const limit = this.limit;
    const beyond = limit + 1;
    const fits = (length: number): boolean => Math.abs(a.length - length) <= limit;
    if (!fits(prefix) && !fits(count)) return beyond;
    if (count === 0) return a.length <= limit ? a.length : beyond;
    if (this.previous.length < count + 1) {
      this.beforePrevious = new Int32Array(count + 1);
      this.previous = new Int32Array(count + 1);
      this.current = new Int32Array(count + 1);
    }
    let beforePrevious = this.beforePrevious;
    let previous = this.previous;
    let current = this.current;
    for (let j = 0; j <= count; j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
      current[0] = i;
      let rowMinimum = i;
      const ca = a.charCodeAt(i - 1);
      const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
      for (let j = 1; j <= count; j++) {
        const cb = units[j - 1];
        let value = previous[j - 1] + (ca === cb ? 0 : 1);
        if (previous[j] + 1 < value) value = previous[j] + 1;
        if (current[j - 1] + 1 < value) value = current[j - 1] + 1;
        if (j > 1 && caBefore === cb && ca === units[j - 2] && beforePrevious[j - 2] + 1 < value) {
          value = beforePrevious[j - 2] + 1;
        }
        current[j] = value;
        if (value < rowMinimum) rowMinimum = value;
      }
      // Every way on from this row costs more than the limit.
      if (rowMinimum > limit) return beyond;
      const rotated = beforePrevious;
      beforePrevious = previous;
      previous = current;
      current = rotated;
    }
    // The distances of a prefix whose length differs from the pattern's by more than the
    // limit are more than the limit, as `editDistance` tells at once.
    const toPrefix = fits(prefix) ? previous[prefix] : beyond;
    const toAll = fits(count) ? previous[count] : beyond;
    const best = Math.min(toPrefix, toAll);
    return best <= limit ? best : beyond;
  }
}

/**
 * The candidate closest to `word` if it is close enough to be a plausible typo: within a third
 * of the word's length, and never more than three edits away.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.ceil(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    // A shortened or lengthened word ("alias" for "aliases") counts as a single edit.
    const prefix = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other)) ? 1 : Infinity;
    const distance = Math.min(prefix, editDistance(lower, other, limit));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Finds the substring of `text` that is closest to `pattern` (approximate string matching:
 * the pattern may start and end anywhere in the text). Returns its end offset and distance.
 * Costs time proportional to the product of both lengths, so callers bound the text.
 */
export function closestSubstring(pattern: string, text: string): { start: number; end: number; distance: number } {
  const m = pattern.length;
  // column[i] is the best distance for pattern[0..i) ending at the current text position,
  // and starts[i] the text offset where that best alignment begins.
  let column = new Array<number>(m + 1);
  let starts = new Array<number>(m + 1);
  let nextColumn = new Array<number>(m + 1);
  let nextStarts = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) {
    column[i] = i;
    starts[i] = 0;
  }
  let best = { start: 0, end: 0, distance: m };
  for (let j = 1; j <= text.length; j++) {
    nextColumn[0] = 0;
    nextStarts[0] = j;
    const c = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const substitute = column[i - 1] + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      const deleteFromText = column[i] + 1;
      const insertIntoText = nextColumn[i - 1] + 1;
      if (substitute <= deleteFromText && substitute <= insertIntoText) {
        nextColumn[i] = substitute;
        nextStarts[i] = starts[i - 1];
      } else if (deleteFromText <= insertIntoText) {
        nextColumn[i] = deleteFromText;
        nextStarts[i] = starts[i];
      } else {
        nextColumn[i] = insertIntoText;
        nextStarts[i] = nextStarts[i - 1];
      }
    }
    if (nextColumn[m] < best.distance) best = { start: nextStarts[m], end: j, distance: nextColumn[m] };
    [column, nextColumn] = [nextColumn, column];
    [starts, nextStarts] = [nextStarts, starts];
  }
  return best;
}
