/** Timers a test drives: nothing runs until the test moves the clock on. */

import type { TimerHandle, Timers } from '../../server/src/timers';

/** Timers driven by the test: `advance` runs what falls due, in order. */
export class ManualTimers implements Timers {
  private now = 0;
  private nextHandle = 1;
  private readonly due = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, milliseconds: number): TimerHandle {
    const handle = this.nextHandle++;
    this.due.set(handle, { at: this.now + milliseconds, callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.due.delete(handle as number);
  }

  get pending(): number {
    return this.due.size;
  }

  advance(milliseconds: number): void {
    const until = this.now + milliseconds;
    for (;;) {
      const next = [...this.due].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.now = next[1].at;
      next[1].callback();
    }
    this.now = until;
  }
}
