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
  private readonly failure: Int32Array;
  /** The pattern that ends exactly at a node, or -1. */
  private readonly terminal: Int32Array;
  /** The nearest node along the failure chain that ends a pattern, or -1. */
  private readonly dictionaryLink: Int32Array;
  /** Root transitions, looked up once per character of the text, kept in a dense table. */
  private readonly rootTable = new Int32Array(65536);
  private readonly patternLengths: number[] = [];

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
      if (patterns[p].length > 0 && !firstIndex.has(patterns[p])) firstIndex.set(patterns[p], p);
    }
    // The default sort compares strings by code unit, as the trie needs, and much faster than a
    // comparison function could.
    const sorted = [...firstIndex.keys()].sort();
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
    this.failure = new Int32Array(count);
    this.dictionaryLink = new Int32Array(count).fill(-1);
    this.link();
  }

  /** Length of pattern `index` in folded units. */
  lengthOf(index: number): number {
    return this.patternLengths[index];
  }

  /** The child of `node` for `unit`, or -1. */
  private child(node: number, unit: number): number {
    let low = this.childStart[node];
    let high = this.childStart[node + 1];
    // Most nodes have a child or two: scan those; search the larger ones.
    if (high - low <= 8) {
      for (let k = low; k < high; k++) if (this.childUnits[k] === unit) return this.childNodes[k];
      return -1;
    }
    while (low < high) {
      const mid = (low + high) >> 1;
      const value = this.childUnits[mid];
      if (value === unit) return this.childNodes[mid];
      if (value < unit) low = mid + 1;
      else high = mid;
    }
    return -1;
  }

  /** Computes failure and dictionary links breadth-first. */
  private link(): void {
    const queue = new Int32Array(this.failure.length);
    let tail = 0;
    for (let k = this.childStart[0]; k < this.childStart[1]; k++) {
      this.rootTable[this.childUnits[k]] = this.childNodes[k];
      queue[tail++] = this.childNodes[k];
    }
    for (let head = 0; head < tail; head++) {
      const node = queue[head];
      for (let k = this.childStart[node]; k < this.childStart[node + 1]; k++) {
        const unit = this.childUnits[k];
        const child = this.childNodes[k];
        let fallback = this.failure[node];
        while (fallback !== 0 && this.child(fallback, unit) === -1) fallback = this.failure[fallback];
        const target = fallback === 0 ? this.rootTable[unit] : this.child(fallback, unit);
        const failureNode = target > 0 && target !== child ? target : 0;
        this.failure[child] = failureNode;
        this.dictionaryLink[child] = this.terminal[failureNode] !== -1 ? failureNode : this.dictionaryLink[failureNode];
        queue[tail++] = child;
      }
    }
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
    const { childStart, childUnits, childNodes, failure, terminal, dictionaryLink, rootTable, patternLengths } = this;
    const units = text.units;
    const length = text.length;
    let node = 0;
    for (let k = 0; k < length; k++) {
      const unit = units[k];
      if (node !== 0) {
        // Follow failure links until a node has a child for this unit, or the root is reached.
        for (;;) {
          let next = -1;
          let low = childStart[node];
          let high = childStart[node + 1];
          // Children are sorted by unit: a few are scanned, many are searched by halves.
          while (high - low > 8) {
            const mid = (low + high) >> 1;
            if (childUnits[mid] <= unit) low = mid;
            else high = mid;
          }
          for (let c = low; c < high; c++) {
            const child = childUnits[c];
            if (child >= unit) {
              if (child === unit) next = childNodes[c];
              break;
            }
          }
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
}
