/**
 * A multi-pattern matcher (Aho-Corasick) over folded code units.
 *
 * Entity names and aliases are matched in a single pass over the article whose cost grows with
 * the article's length and the number of matches, not with the number of patterns: a sidecar
 * with thousands of aliases costs no more per character than one with three.
 */

import { SKIP, SPACE, type FoldedText } from './fold';

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
   * (`patternsFrom`) needs neither.
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
   * For each pattern given, the index of the first pattern equal to it (its own index when it
   * is the first): equal patterns are reported as that one.
   */
  readonly firstIndexOf: Int32Array;

  /**
   * @param patterns folded patterns (see `foldPattern`); pattern `i` is reported as index `i`.
   *   Equal patterns share one index: the first one given.
   */
  constructor(patterns: readonly string[]) {
    // The trie is built pattern by pattern, finding each node's child for a unit where it was
    // put (the root's in the root table, a node's first child beside the node, further ones in
    // a hash table keyed by node and unit), and then laid out flat with every node's children
    // sorted. Neither step compares or hashes whole strings, which for a sidecar with thousands
    // of names cost more than the rest of the build (sorting the names, a map from name to
    // index); every change to the sidecar recompiles.
    let capacity = 1;
    for (let p = 0; p < patterns.length; p++) {
      const length = patterns[p].length;
      this.patternLengths[p] = length;
      this.longest = Math.max(this.longest, length);
      capacity += length;
    }
    const parent = new Int32Array(capacity);
    const unitOf = new Uint16Array(capacity);
    const terminal = new Int32Array(capacity).fill(-1);
    // Each node's first child is kept beside the node, and only further children go into the
    // hash table. Most nodes have one child (the rest of a name after the part it shares), and
    // a node and its first child are mostly made one after the other, so most steps read arrays
    // where the last step read. When the hash table held every child, it was too large for the
    // processor's cache and read all over, and nearly every step cost a cache miss.
    const firstChild = new Int32Array(capacity);
    const children = ChildTable.empty();
    this.firstIndexOf = new Int32Array(patterns.length);
    let count = 1;
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p];
      this.firstIndexOf[p] = p;
      if (pattern.length === 0) continue;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        const first = firstChild[node];
        let child: number;
        if (node === 0) {
          // The root's children, which every pattern starts with, are in the dense root table.
          child = this.rootTable[unit];
          if (child === 0) {
            child = count++;
            parent[child] = 0;
            unitOf[child] = unit;
            this.rootTable[unit] = child;
          }
        } else if (first === 0) {
          // No child yet (the root, node 0, is no node's child, so 0 means none).
          child = count++;
          parent[child] = node;
          unitOf[child] = unit;
          firstChild[node] = child;
        } else if (unitOf[first] === unit) {
          child = first;
        } else {
          child = children.get(node, unit);
          if (child < 0) {
            child = count++;
            parent[child] = node;
            unitOf[child] = unit;
            children.set(node, unit, child);
          }
        }
        node = child;
      }
      if (terminal[node] === -1) terminal[node] = p;
      else this.firstIndexOf[p] = terminal[node];
    }
    // Lay the children out flat, node by node: one counting pass and one filling pass, then
    // each node's children sorted by unit, which most nodes (with one child) need no work for.
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
    for (let node = 0; node < count; node++) {
      sortChildren(this.childUnits, this.childNodes, this.childStart[node], this.childStart[node + 1]);
    }
    this.terminal = terminal.subarray(0, count);
  }

  /** Whether some pattern begins with `unit`. */
  beginsWith(unit: number): boolean {
    return this.rootTable[unit] !== 0;
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
   * Writes to `patterns` the patterns that occur in the original `text` from offset `start` on,
   * shortest first, and to `ends` the original offset where each ends; returns how many there
   * are (at most `longest`). The text is folded on the way with `fold` (a table from
   * `foldTable`), dropping units and collapsing white space as `FoldedText` does, so only the
   * few units a walk reads are folded. A walk down the trie without failure links: for callers
   * that look for matches only where words begin, which is a small part of the positions that
   * `search` passes through. A pattern never begins with white space, so the unit at `start`
   * is read as it folds.
   */
  patternsFrom(text: string, start: number, fold: Int32Array, patterns: Int32Array, ends: Int32Array): number {
    const { childStart, childUnits, childNodes, terminal } = this;
    const length = text.length;
    let count = 0;
    const first = fold[text.charCodeAt(start)];
    if (first === SKIP) return 0;
    let node = this.rootTable[first];
    let previousWasSpace = false;
    if (node > 0 && terminal[node] !== -1) {
      patterns[count] = terminal[node];
      ends[count++] = start + 1;
    }
    // Each node is reported once, when the walk reaches it: a unit that folding drops moves
    // the walk on without reaching another, so at most one match per pattern length.
    for (let i = start + 1; node > 0 && i < length; i++) {
      // Folded here as `foldRange` folds, written out rather than called per unit: a walk
      // starts at most word starts of the article.
      const unit = fold[text.charCodeAt(i)];
      if (unit === SKIP) continue;
      if (unit === SPACE) {
        if (previousWasSpace) continue;
        previousWasSpace = true;
      } else {
        previousWasSpace = false;
      }
      node = childOf(childStart, childUnits, childNodes, node, unit);
      if (node > 0 && terminal[node] !== -1) {
        patterns[count] = terminal[node];
        ends[count++] = i + 1;
      }
    }
    return count;
  }
}

/** Slots of a new child table. */
const INITIAL_SLOTS = 1 << 10;

/** The largest child table kept for the next build: 5 MB. */
const SPARE_SLOTS = 1 << 19;

/**
 * The trie's further children while it is built (every child of a node but its first): a hash
 * table with open addressing from a node and a code unit to the child node, in three flat
 * arrays, that doubles when it is half full.
 */
class ChildTable {
  /** The parent node plus one, so that 0 marks a free slot. */
  private parents: Int32Array;
  private units: Uint16Array;
  private children: Int32Array;
  private mask: number;
  private size = 0;

  /**
   * The table of the last build, kept for the next one: fresh memory costs a page fault for
   * every page on first touch, where clearing a table already touched costs far less. Only
   * tables up to `SPARE_SLOTS` are kept, so that one huge sidecar does not hold its memory for
   * good.
   */
  private static spare: ChildTable | undefined;

  /** An empty table. */
  static empty(): ChildTable {
    const spare = ChildTable.spare;
    if (spare) {
      spare.parents.fill(0);
      spare.size = 0;
      return spare;
    }
    const table = new ChildTable(INITIAL_SLOTS);
    ChildTable.spare = table;
    return table;
  }

  private constructor(slots: number) {
    this.parents = new Int32Array(slots);
    this.units = new Uint16Array(slots);
    this.children = new Int32Array(slots);
    this.mask = slots - 1;
  }

  private slotOf(node: number, unit: number): number {
    const mixed = Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b);
    let slot = (mixed ^ (mixed >>> 15)) & this.mask;
    while (this.parents[slot] !== 0 && (this.parents[slot] !== node + 1 || this.units[slot] !== unit)) {
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }

  /** The child of `node` for `unit`, or -1. */
  get(node: number, unit: number): number {
    const slot = this.slotOf(node, unit);
    return this.parents[slot] === 0 ? -1 : this.children[slot];
  }

  /** Adds a child that `get` did not find. */
  set(node: number, unit: number, child: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.grow();
    const slot = this.slotOf(node, unit);
    this.parents[slot] = node + 1;
    this.units[slot] = unit;
    this.children[slot] = child;
    this.size++;
  }

  /** Doubles the table, moving every entry to its slot in the larger one. */
  private grow(): void {
    const { parents, units, children } = this;
    const slots = 2 * (this.mask + 1);
    this.parents = new Int32Array(slots);
    this.units = new Uint16Array(slots);
    this.children = new Int32Array(slots);
    this.mask = slots - 1;
    for (let old = 0; old < parents.length; old++) {
      if (parents[old] === 0) continue;
      const slot = this.slotOf(parents[old] - 1, units[old]);
      this.parents[slot] = parents[old];
      this.units[slot] = units[old];
      this.children[slot] = children[old];
    }
    if (slots > SPARE_SLOTS && ChildTable.spare === this) ChildTable.spare = undefined;
  }
}

/**
 * Sorts the children `[from, to)` by unit: by insertion for the few that most nodes have, and
 * through packed numbers sorted natively for the many that the root or a hostile sidecar has.
 */
function sortChildren(units: Uint16Array, nodes: Int32Array, from: number, to: number): void {
  if (to - from <= 16) {
    for (let i = from + 1; i < to; i++) {
      const unit = units[i];
      const node = nodes[i];
      let j = i - 1;
      while (j >= from && units[j] > unit) {
        units[j + 1] = units[j];
        nodes[j + 1] = nodes[j];
        j--;
      }
      units[j + 1] = unit;
      nodes[j + 1] = node;
    }
    return;
  }
  // A unit and a node number fit together in a float's 53 bits of integer.
  const keys = new Float64Array(to - from);
  for (let i = from; i < to; i++) keys[i - from] = units[i] * 2 ** 32 + nodes[i];
  keys.sort();
  for (let i = from; i < to; i++) {
    units[i] = Math.floor(keys[i - from] / 2 ** 32);
    nodes[i] = keys[i - from] % 2 ** 32;
  }
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
