/**
 * When the language server refreshes: at once when idle; changes during a refresh, or while
 * the changes that came during it are read, make exactly one more refresh after it; no change
 * is left without a refresh that starts after it; a failed refresh does not stop the next.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_SETTLING_TURNS, RefreshScheduler } from '../../server/src/refreshScheduler';

/** A refresh the test finishes by hand, and a log of what happened in which order. */
class Harness {
  readonly log: string[] = [];
  private finish: (() => void) | undefined;
  private fail: ((error: Error) => void) | undefined;
  /** What each turn of the event loop brings (changes coming in), by turn number. */
  readonly duringTurn: (() => void)[] = [];
  turns = 0;
  readonly errors: unknown[] = [];
  readonly scheduler: RefreshScheduler;

  constructor() {
    this.scheduler = new RefreshScheduler(
      () => {
        this.log.push('refresh');
        return new Promise<void>((resolve, reject) => {
          this.finish = resolve;
          this.fail = reject;
        });
      },
      (error) => this.errors.push(error),
      async () => {
        this.duringTurn[this.turns++]?.();
        await Promise.resolve();
      },
    );
  }

  change(): void {
    this.log.push('change');
    this.scheduler.schedule();
  }

  /** Ends the running refresh, and lets everything that follows from it happen. */
  async end(error?: Error): Promise<void> {
    const finish = this.finish;
    const fail = this.fail;
    this.finish = this.fail = undefined;
    assert.ok(finish && fail, 'no refresh is running');
    this.log.push('end');
    if (error) fail(error);
    else finish();
    await flush();
  }

  get running(): boolean {
    return this.finish !== undefined;
  }
}

/** Lets every pending promise callback run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('refresh scheduling', () => {
  it('refreshes at once when nothing runs', () => {
    const harness = new Harness();
    harness.change();
    assert.deepEqual(harness.log, ['change', 'refresh']);
  });

  it('coalesces the changes that come during a refresh into one more refresh after it', async () => {
    const harness = new Harness();
    harness.change();
    harness.change();
    harness.change();
    await flush();
    assert.deepEqual(harness.log, ['change', 'refresh', 'change', 'change']);
    await harness.end();
    assert.deepEqual(harness.log, ['change', 'refresh', 'change', 'change', 'end', 'refresh']);
    await harness.end();
    assert.equal(harness.running, false);
    await harness.scheduler.idle();
  });

  it('reads every change that is waiting before the next refresh', async () => {
    const harness = new Harness();
    harness.change();
    harness.change();
    // Three more changes come in the turns after the refresh ends, one a turn, as the
    // connection reads the messages that waited.
    harness.duringTurn.push(
      () => harness.change(),
      () => harness.change(),
      () => harness.change(),
    );
    await harness.end();
    assert.deepEqual(harness.log, ['change', 'refresh', 'change', 'end', 'change', 'change', 'change', 'refresh']);
    await harness.end();
    assert.equal(harness.running, false);
  });

  it('refreshes at once again once idle', async () => {
    const harness = new Harness();
    harness.change();
    await harness.end();
    await harness.scheduler.idle();
    harness.change();
    assert.deepEqual(harness.log, ['change', 'refresh', 'end', 'change', 'refresh']);
  });

  it('reports a failed refresh and still refreshes for the changes after it', async () => {
    const harness = new Harness();
    harness.change();
    harness.change();
    await harness.end(new Error('broken'));
    assert.equal((harness.errors[0] as Error).message, 'broken');
    assert.deepEqual(harness.log, ['change', 'refresh', 'change', 'end', 'refresh']);
    await harness.end();
    assert.equal(harness.running, false);
  });

  it('refreshes even while changes never stop coming', async () => {
    const harness = new Harness();
    harness.change();
    for (let turn = 0; turn <= 2 * MAX_SETTLING_TURNS; turn++) harness.duringTurn.push(() => harness.change());
    await harness.end();
    assert.equal(harness.log.filter((entry) => entry === 'refresh').length, 2);
    assert.ok(harness.turns <= MAX_SETTLING_TURNS + 1);
  });

  it('never leaves a change without a refresh that starts after it, and never runs two at once', async () => {
    // Steps: a change, the running refresh ending, or a turn of the event loop passing.
    const step = fc.constantFrom('change', 'end', 'idle');
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const harness = new Harness();
        for (const kind of steps) {
          if (kind === 'change') harness.change();
          else if (kind === 'end' && harness.running) await harness.end();
          else await flush();
        }
        // Let the refreshes that are due run to their end.
        while (harness.running) await harness.end();
        const lastChange = harness.log.lastIndexOf('change');
        const lastRefresh = harness.log.lastIndexOf('refresh');
        if (lastChange >= 0) assert.ok(lastRefresh > lastChange, harness.log.join(' '));
        let running = 0;
        for (const entry of harness.log) {
          if (entry === 'refresh') running++;
          if (entry === 'end') running--;
          assert.ok(running <= 1, harness.log.join(' '));
        }
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});
