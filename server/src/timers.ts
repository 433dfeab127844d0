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
