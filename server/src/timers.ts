/**
 * Timers as the server's schedulers use them, given to each so that a test can drive the clock
 * instead of waiting for it.
 */

/** What a timer is known by: Node.js gives an object, a test's timers may give a number. */
export type TimerHandle = object | number;

export interface Timers {
  setTimeout(callback: () => void, milliseconds: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's timers; one that is pending does not keep the process alive (a script, a test run). */
export const NODE_TIMERS: Timers = {
  setTimeout: (callback, milliseconds) => setTimeout(callback, milliseconds).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Work that runs once things have been quiet for a while: each `schedule` puts it off by the
 * delay again, so that a burst of calls runs it once, after the last.
 */
export class QuietTimer {
  private pending: TimerHandle | undefined;

  constructor(
    private readonly milliseconds: number,
    private readonly work: () => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Whether the work is waiting to run. */
  get scheduled(): boolean {
    return this.pending !== undefined;
  }

  /** Runs the work after the delay, dropping the run scheduled before. */
  schedule(): void {
    this.cancel();
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.work();
    }, this.milliseconds);
  }

  /** Drops the scheduled run, if any. */
  cancel(): void {
    if (this.pending === undefined) return;
    this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }
}
