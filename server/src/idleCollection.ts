/**
 * Collecting the garbage of a large analysis while the editor is idle, rather than during the
 * next analysis.
 *
 * The server keeps the latest analysis of every open pair, so when V8's young generation fills
 * up during an analysis, the collector stops it to copy the analysis before, which is still
 * alive, together with everything the new one has built so far: for a large article, in about every
 * other keystroke's analysis. Collecting the young generation once the server has answered and
 * nothing new has come in for a moment moves that copy out of the time the user waits, and the next
 * analysis starts with an empty young generation, in which it fits whole. The work is the same;
 * only when it happens changes.
 *
 * It takes V8's `gc` function, which Node.js provides only with `--expose-gc` (one of
 * `SERVER_EXEC_ARGV`); without it nothing is collected early and V8 collects as it always does.
 */

import { NODE_TIMERS, QuietTimer, type Timers } from './timers';

/** V8's collector as `--expose-gc` exposes it. */
type ExposedCollector = (options?: { type?: 'minor' | 'major' }) => void;

/**
 * Analyses of fewer characters (article and sidecar together) make too little garbage for an
 * early collection to pay off: a few hundred of them fit in the young generation at once.
 */
export const IDLE_COLLECTION_MIN_CHARS = 100_000;

/**
 * How long the server must have had nothing new to analyse before it collects. Long enough
 * that the requests that follow an analysis (semantic tokens, code lenses) are served first,
 * short enough to fit between keystrokes.
 */
export const IDLE_COLLECTION_DELAY_MS = 50;

/**
 * Empties the young generation now, if the process was started with `--expose-gc`; whether it
 * did. It runs from a timer, where an exception would end the server, so a collector that
 * refuses (a Node.js whose `gc` takes no options, say) is simply not used.
 */
export function collectYoungGeneration(): boolean {
  const collect = (globalThis as { gc?: ExposedCollector }).gc;
  if (typeof collect !== 'function') return false;
  try {
    collect({ type: 'minor' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Schedules one young-generation collection after large analyses, once the server has been
 * idle for `IDLE_COLLECTION_DELAY_MS`. Every new analysis pushes the collection back, so while
 * the user types faster than that, V8 collects on its own as before.
 */
export class IdleCollector {
  private readonly collection: QuietTimer;

  constructor(collect: () => void = collectYoungGeneration, timers: Timers = NODE_TIMERS) {
    this.collection = new QuietTimer(IDLE_COLLECTION_DELAY_MS, collect, timers);
  }

  /** Notes an analysis of `chars` characters (article and sidecar) that has just been made. */
  analysed(chars: number): void {
    if (chars < IDLE_COLLECTION_MIN_CHARS && !this.collection.scheduled) return;
    this.collection.schedule();
  }

  /** Drops a scheduled collection (when the server shuts down, say). */
  cancel(): void {
    this.collection.cancel();
  }
}
