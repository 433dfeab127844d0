/**
 * A multi-pattern matcher (Aho-Corasick) over folded code units.
 *
 * Entity names and aliases are matched in a single pass over the article whose cost grows with
 * the article's length and the number of matches, not with the number of patterns: a sidecar
 * with thousands of aliases costs no more per character than one with three.
 */

import type { FoldedText } from './fold';

export class PatternMatcher {
  /**
   * The trie's transitions in flat arrays, node by node: the children of node `n` are at
   * `childStart[n] .. childStart[n + 1]`, sorted by code unit. Flat typed arrays are much
   * cheaper to build and to look up than a hash map per node.
   */
  private readonly childStart: Int32Array;
  private readonly childUnits: Uint16Array;
  private readonly childNodes: Int32Array;
  /**
   * Failure links and dictionary links (the nearest node along the failure chain that ends a
   * pattern, or -1), computed on the first `search`: finding names by walks from word starts
   * (`patternsAt`) needs neither.
   */
  private links: { failure: Int32Array; dictionaryLink: Int32Array } | undefined;
  /** The pattern that ends exactly at a node, or -1. */
  private readonly terminal: Int32Array;
  /** Root transitions, looked up once per character of the text, kept in a dense table. */
  private readonly rootTable = new Int32Array(65536);
  private readonly patternLengths: number[] = [];
  /** The length of the longest pattern: no start can match more patterns than that. */
  readonly longest: number = 0;

  /**
   * @param patterns folded patterns (see `foldPattern`); pattern `i` is reported as index `i`.
   *   Equal patterns share one index: the first one given.
   */
  constructor(patterns: readonly string[]) {
    // The trie is built from the patterns in sorted order: then every node's children are
    // created in order of their code unit, next to no bookkeeping is needed to lay them out
    // flat, and no per-node object is allocated. A sidecar with thousands of aliases compiles
    // in a few milliseconds, which matters because every change to the sidecar recompiles.
    const firstIndex = new Map<string, number>();
    for (let p = 0; p < patterns.length; p++) {
      this.patternLengths[p] = patterns[p].length;
      this.longest = Math.max(this.longest, patterns[p].length);
      if (patterns[p].length > 0 && !firstIndex.has(patterns[p])) firstIndex.set(patterns[p], p);
    }
    const sorted = sortByCodeUnits([...firstIndex.keys()]);
    let capacity = 1;
    for (const pattern of sorted) capacity += pattern.length;
    const parent = new Int32Array(capacity);
    const unitOf = new Uint16Array(capacity);
    const terminal = new Int32Array(capacity).fill(-1);
    /** The nodes along the previous pattern: `path[i]` is reached after its first `i` units. */
    const path = new Int32Array(capacity);
    let count = 1;
    let previous = '';
    for (const pattern of sorted) {
      let shared = 0;
      const limit = Math.min(pattern.length, previous.length);
      while (shared < limit && pattern.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
      let node = path[shared];
      for (let i = shared; i < pattern.length; i++) {
        const child = count++;
        parent[child] = node;
        unitOf[child] = pattern.charCodeAt(i);
        path[i + 1] = child;
        node = child;
      }
      terminal[node] = firstIndex.get(pattern)!;
      previous = pattern;
    }
    // Children are numbered after their parent and, among siblings, in order of their unit, so
    // one counting pass and one filling pass lay them out sorted.
    this.childStart = new Int32Array(count + 1);
    for (let node = 1; node < count; node++) this.childStart[parent[node] + 1]++;
    for (let node = 0; node < count; node++) this.childStart[node + 1] += this.childStart[node];
    this.childUnits = new Uint16Array(count - 1);
    this.childNodes = new Int32Array(count - 1);
    const next = this.childStart.slice(0, count);
    for (let node = 1; node < count; node++) {
      const k = next[parent[node]]++;
      this.childUnits[k] = unitOf[node];
      this.childNodes[k] = node;
    }
    this.terminal = terminal.subarray(0, count);
    for (let k = this.childStart[0]; k < this.childStart[1]; k++)
      this.rootTable[this.childUnits[k]] = this.childNodes[k];
  }

  /** Length of pattern `index` in folded units. */
  lengthOf(index: number): number {
    return this.patternLengths[index];
  }

  /** Computes failure and dictionary links breadth-first. */
  private link(): { failure: Int32Array; dictionaryLink: Int32Array } {
    const { childStart, childUnits, childNodes, terminal, rootTable } = this;
    const count = terminal.length;
    const failure = new Int32Array(count);
    const dictionaryLink = new Int32Array(count).fill(-1);
    const queue = new Int32Array(count);
    let tail = 0;
    for (let k = childStart[0]; k < childStart[1]; k++) queue[tail++] = childNodes[k];
    for (let head = 0; head < tail; head++) {
      const node = queue[head];
      for (let k = childStart[node]; k < childStart[node + 1]; k++) {
        const unit = childUnits[k];
        const child = childNodes[k];
        let fallback = failure[node];
        let target = -1;
        while (fallback !== 0) {
          target = childOf(childStart, childUnits, childNodes, fallback, unit);
          if (target !== -1) break;
          fallback = failure[fallback];
        }
        if (fallback === 0) target = rootTable[unit];
        const failureNode = target > 0 && target !== child ? target : 0;
        failure[child] = failureNode;
        dictionaryLink[child] = terminal[failureNode] !== -1 ? failureNode : dictionaryLink[failureNode];
        queue[tail++] = child;
      }
    }
    return { failure, dictionaryLink };
  }

  /**
   * Reports every occurrence of every pattern in `text` as `(patternIndex, start, end)` in
   * folded units, in order of their end. Overlapping and nested occurrences are all reported;
   * choosing among them is the caller's business.
   */
  search(text: FoldedText, onMatch: (pattern: number, start: number, end: number) => void): void {
    if (this.childStart[1] === 0) return;
    // The arrays in locals: the callback could change any field for all the engine knows, so
    // it would load each one again on every character.
    const { failure, dictionaryLink } = (this.links ??= this.link());
    const { childStart, childUnits, childNodes, terminal, rootTable, patternLengths } = this;
    const units = text.units;
    const length = text.length;
    let node = 0;
    for (let k = 0; k < length; k++) {
      const unit = units[k];
      if (node !== 0) {
        // Follow failure links until a node has a child for this unit, or the root is reached.
        for (;;) {
          const next = childOf(childStart, childUnits, childNodes, node, unit);
          if (next !== -1) {
            node = next;
            break;
          }
          node = failure[node];
          if (node === 0) break;
        }
      }
      if (node === 0) {
        node = rootTable[unit];
        if (node === 0) continue;
      }
      let output = terminal[node] !== -1 ? node : dictionaryLink[node];
      while (output !== -1) {
        const pattern = terminal[output];
        onMatch(pattern, k + 1 - patternLengths[pattern], k + 1);
        output = dictionaryLink[output];
      }
    }
  }

  /**
   * Writes to `out` the patterns that occur in `text` from folded unit `start` on, shortest
   * first, and returns how many there are (at most `longest`). A walk down the trie without
   * failure links: for callers that look for matches only where words begin, which is a small
   * part of the positions that `search` passes through.
   */
  patternsAt(text: FoldedText, start: number, out: Int32Array): number {
    const { childStart, childUnits, childNodes, terminal } = this;
    const units = text.units;
    const length = text.length;
    let count = 0;
    let node = this.rootTable[units[start]];
    for (let k = start + 1; node > 0; k++) {
      if (terminal[node] !== -1) out[count++] = terminal[node];
      if (k >= length) break;
      node = childOf(childStart, childUnits, childNodes, node, units[k]);
    }
    return count;
  }
}

/** Room for the index of a string below the packed opening of its first two units. */
const INDEX_BITS = 2 ** 19;

/**
 * Sorts non-empty strings by code unit, as the trie needs. The first two units of each string
 * and its index are packed into one number, and the numbers are sorted natively; only strings
 * that share their first two units are then compared as strings (the default sort, which
 * compares by code unit), which are far fewer comparisons than sorting all strings so.
 */
function sortByCodeUnits(strings: string[]): string[] {
  const count = strings.length;
  if (count >= INDEX_BITS) return strings.sort();
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const text = strings[i];
    // A second unit counts one up, so that a one-unit string sorts before its extensions.
    const second = text.length > 1 ? text.charCodeAt(1) + 1 : 0;
    keys[i] = (text.charCodeAt(0) * 65537 + second) * INDEX_BITS + i;
  }
  keys.sort();
  const sorted: string[] = new Array<string>(count);
  for (let i = 0; i < count;) {
    const opening = Math.floor(keys[i] / INDEX_BITS);
    let end = i + 1;
    while (end < count && Math.floor(keys[end] / INDEX_BITS) === opening) end++;
    if (end - i === 1) sorted[i] = strings[keys[i] % INDEX_BITS];
    else {
      const run: string[] = [];
      for (let k = i; k < end; k++) run.push(strings[keys[k] % INDEX_BITS]);
      run.sort();
      for (let k = 0; k < run.length; k++) sorted[i + k] = run[k];
    }
    i = end;
  }
  return sorted;
}

/**
 * The child of `node` for `unit` in the flattened trie, or -1. A function of the arrays rather
 * than a method, so that the search can pass the arrays it holds in locals.
 */
function childOf(
  childStart: Int32Array,
  childUnits: Uint16Array,
  childNodes: Int32Array,
  node: number,
  unit: number,
): number {
  let low = childStart[node];
  let high = childStart[node + 1];
  // Children are sorted by unit: a few are scanned, many are searched by halves first.
  while (high - low > 8) {
    const mid = (low + high) >> 1;
    if (childUnits[mid] <= unit) low = mid;
    else high = mid;
  }
  for (let c = low; c < high; c++) {
    const child = childUnits[c];
    if (child >= unit) return child === unit ? childNodes[c] : -1;
  }
  return -1;
}
