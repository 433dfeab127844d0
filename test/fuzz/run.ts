/**
 * `npm run fuzz`: the language server fuzzer of the test suite (scenario.ts), run for minutes
 * with random seeds and longer scenarios. It stops at the first failure and prints the seed, the
 * path and the shrunk steps that replay it; the exit code is 1 then.
 *
 *   node out/test/fuzz/run.js [--minutes 10] [--max-steps 60]
 *   node out/test/fuzz/run.js --seed 123 --path 4:2:1   # replays a reported failure
 */

import { failureReport, fuzz, summary, type FuzzOptions } from './scenario';

/** Scenarios slower than this are printed, to be looked at. */
const SLOW_MS = 20_000;

function option(name: string): string | undefined {
  const index = process.argv.lastIndexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const minutes = Number(option('minutes') ?? process.env.FUZZ_MINUTES ?? 10);
  const maxSteps = Number(option('max-steps') ?? 60);
  const fixedSeed = option('seed');
  const path = option('path');
  const deadline = Date.now() + minutes * 60_000;
  const total = { seeds: 0, runs: 0, steps: 0, requests: 0 };
  console.log(`Fuzzing the language server for ${minutes} minutes, scenarios of up to ${maxSteps} steps.`);
  do {
    const seed = fixedSeed !== undefined ? Number(fixedSeed) : Math.floor(Math.random() * 2 ** 31);
    const options: FuzzOptions = {
      seed,
      // Each seed gets a few scenarios, so that many seeds are tried; the deadline ends the last one.
      numRuns: path !== undefined ? 1 : 25,
      budgetMs: Math.max(0, deadline - Date.now()),
      shrinkMs: 10 * 60_000,
      maxSteps,
      ...(path !== undefined ? { path } : {}),
    };
    const result = await fuzz(options);
    total.seeds++;
    total.runs += result.stats.runs;
    total.steps += result.stats.steps;
    total.requests += result.stats.requests;
    console.log(summary(options, result));
    // A scenario that passes, but slowly, may hide a performance problem: show it to look at.
    if (result.stats.slowest && result.stats.slowest.ms > SLOW_MS) {
      console.log(`  slow scenario: ${JSON.stringify(result.stats.slowest.scenario)}`);
    }
    if (result.details.failed) {
      console.log(failureReport(options, result));
      return 1;
    }
  } while (fixedSeed === undefined && Date.now() < deadline);
  console.log(
    `No failure: ${total.seeds} seeds, ${total.runs} scenarios, ${total.steps} steps, ${total.requests} requests.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
