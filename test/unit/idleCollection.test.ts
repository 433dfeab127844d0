/**
 * The idle collector: a large analysis schedules one collection of the young generation for
 * when the server has been idle a moment; every analysis before then pushes it back; small
 * analyses alone schedule nothing.
 */

import * as assert from 'node:assert/strict';
import {
  collectYoungGeneration,
  IDLE_COLLECTION_DELAY_MS,
  IDLE_COLLECTION_MIN_CHARS,
  IdleCollector,
} from '../../server/src/idleCollection';
import { ManualTimers } from '../support/manualTimers';

const LARGE = IDLE_COLLECTION_MIN_CHARS;
const SMALL = IDLE_COLLECTION_MIN_CHARS - 1;

/** Each step: an analysis of that many characters, or a pause of that many milliseconds. */
type Step = { analysed: number } | { idle: number };

const cases: { name: string; steps: Step[]; collections: number }[] = [
  {
    name: 'a large analysis, then idle',
    steps: [{ analysed: LARGE }, { idle: IDLE_COLLECTION_DELAY_MS }],
    collections: 1,
  },
  {
    name: 'a large analysis, not yet idle long enough',
    steps: [{ analysed: LARGE }, { idle: IDLE_COLLECTION_DELAY_MS - 1 }],
    collections: 0,
  },
  {
    name: 'a small analysis, then idle',
    steps: [{ analysed: SMALL }, { idle: 10 * IDLE_COLLECTION_DELAY_MS }],
    collections: 0,
  },
  {
    name: 'analyses in quick succession: one collection after the last',
    steps: [
      { analysed: LARGE },
      { idle: IDLE_COLLECTION_DELAY_MS - 1 },
      { analysed: LARGE },
      { idle: IDLE_COLLECTION_DELAY_MS - 1 },
      { analysed: SMALL },
      { idle: IDLE_COLLECTION_DELAY_MS - 1 },
    ],
    collections: 0,
  },
  {
    name: 'a small analysis pushes back a pending collection, which then still runs',
    steps: [
      { analysed: LARGE },
      { idle: IDLE_COLLECTION_DELAY_MS - 1 },
      { analysed: SMALL },
      { idle: IDLE_COLLECTION_DELAY_MS },
    ],
    collections: 1,
  },
  {
    name: 'two idle spells, two collections',
    steps: [
      { analysed: LARGE },
      { idle: IDLE_COLLECTION_DELAY_MS },
      { analysed: LARGE },
      { idle: IDLE_COLLECTION_DELAY_MS },
    ],
    collections: 2,
  },
];

function check(steps: readonly Step[]): { collections: number; pending: number } {
  const timers = new ManualTimers();
  let collections = 0;
  const collector = new IdleCollector(() => collections++, timers);
  for (const step of steps) {
    if ('analysed' in step) collector.analysed(step.analysed);
    else timers.advance(step.idle);
  }
  return { collections, pending: timers.pending };
}

describe('IdleCollector', function () {
  for (const { name, steps, collections } of cases) {
    it(name, () => {
      assert.equal(check(steps).collections, collections);
    });
  }

  it('leaves at most one collection pending, and none after cancel', () => {
    const timers = new ManualTimers();
    const collector = new IdleCollector(() => undefined, timers);
    for (let i = 0; i < 5; i++) collector.analysed(LARGE);
    assert.equal(timers.pending, 1);
    collector.cancel();
    assert.equal(timers.pending, 0);
  });

  it('collects through V8 only where the process exposes the collector', () => {
    const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
    assert.equal(collectYoungGeneration(), exposed);
  });

  it('reports a collector that throws as not used, rather than throwing from a timer', () => {
    const holder = globalThis as { gc?: unknown };
    const original = holder.gc;
    const calls: unknown[] = [];
    try {
      holder.gc = (options: unknown) => {
        calls.push(options);
        throw new TypeError('gc takes no options here');
      };
      assert.equal(collectYoungGeneration(), false);
      holder.gc = (options: unknown) => calls.push(options);
      assert.equal(collectYoungGeneration(), true);
      assert.deepEqual(calls, [{ type: 'minor' }, { type: 'minor' }]);
    } finally {
      if (original === undefined) delete holder.gc;
      else holder.gc = original;
    }
  });
});
