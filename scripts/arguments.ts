/** Options of the benchmark scripts, read from their command lines. */

/** The positive whole number given after `flag`, or `fallback` when the flag is absent. */
export function countFromArguments(argv: readonly string[], flag: string, fallback: number): number {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const count = Number(argv[at + 1]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${flag} needs a positive whole number, not '${argv[at + 1]}'.`);
  return count;
}

/** Every value given after `flag`, which may be repeated. */
export function valuesOf(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    if (arg !== flag) return;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    values.push(value);
  });
  return values;
}
