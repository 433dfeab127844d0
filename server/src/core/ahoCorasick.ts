/**
 * A multi-pattern matcher (Aho-Corasick) over folded code units.
 *
 * Entity names and aliases are matched in a single pass over the article whose cost grows with
 * the article's length and the number of matches, not with the number of patterns: a sidecar
 * with thousands of aliases costs no more per character than one with three.
 */

import type { FoldedText } from './fold';

export class PatternMatcher {
  // The trie is stored in flat arrays indexed by node number; node 0 is the root.
  private readonly children: Map<number, number>[] = [new Map<number, number>()];
  private readonly failure: number[] = [0];
  /** The pattern that ends exactly at a node, or -1. */
  private readonly terminal: number[] = [-1];
  /** The nearest node along the failure chain that ends a pattern, or -1. */
  private readonly dictionaryLink: number[] = [-1];
  /** Root transitions, looked up once per character of the text, kept in a dense table. */
  private readonly rootTable = new Int32Array(65536);
  private readonly patternLengths: number[] = [];

  /**
   * @param patterns folded patterns (see `foldPattern`); pattern `i` is reported as index `i`.
   *   Equal patterns share one index: the first one given.
   */
  constructor(patterns: readonly string[]) {
    for (let p = 0; p < patterns.length; p++) this.insert(patterns[p], p);
    this.link();
  }

  /** Length of pattern `index` in folded units. */
  lengthOf(index: number): number {
    return this.patternLengths[index];
  }

  private insert(pattern: string, index: number): void {
    this.patternLengths[index] = pattern.length;
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      let next = this.children[node].get(unit);
      if (next === undefined) {
        next = this.children.length;
        this.children.push(new Map());
        this.failure.push(0);
        this.terminal.push(-1);
        this.dictionaryLink.push(-1);
        this.children[node].set(unit, next);
      }
      node = next;
    }
    if (this.terminal[node] === -1) this.terminal[node] = index;
  }

  /** Computes failure and dictionary links breadth-first. */
  private link(): void {
    const queue: number[] = [];
    for (const [unit, child] of this.children[0]) {
      this.rootTable[unit] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [unit, child] of this.children[node]) {
        let fallback = this.failure[node];
        while (fallback !== 0 && !this.children[fallback].has(unit)) fallback = this.failure[fallback];
        const target = this.children[fallback].get(unit);
        const failureNode = target !== undefined && target !== child ? target : 0;
        this.failure[child] = failureNode;
        this.dictionaryLink[child] = this.terminal[failureNode] !== -1 ? failureNode : this.dictionaryLink[failureNode];
        queue.push(child);
      }
    }
  }

  /**
   * Reports every occurrence of every pattern in `text` as `(patternIndex, start, end)` in
   * folded units, in order of their end. Overlapping and nested occurrences are all reported;
   * choosing among them is the caller's business.
   */
  search(text: FoldedText, onMatch: (pattern: number, start: number, end: number) => void): void {
    if (this.children.length === 1) return;
    const units = text.units;
    let node = 0;
    for (let k = 0; k < text.length; k++) {
      const unit = units[k];
      if (node === 0) {
        node = this.rootTable[unit];
      } else {
        let next = this.children[node].get(unit);
        while (next === undefined && node !== 0) {
          node = this.failure[node];
          next = node === 0 ? this.rootTable[unit] : this.children[node].get(unit);
        }
        node = next ?? 0;
      }
      if (node === 0) continue;
      let output = this.terminal[node] !== -1 ? node : this.dictionaryLink[node];
      while (output !== -1) {
        const pattern = this.terminal[output];
        onMatch(pattern, k + 1 - this.patternLengths[pattern], k + 1);
        output = this.dictionaryLink[output];
      }
    }
  }
}
