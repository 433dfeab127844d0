/** Waits `milliseconds` (none for a negative wait): the benchmarks' pauses between steps. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));
}
