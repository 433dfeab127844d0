/**
 * The language server under hostile input, at the protocol level: random sessions of edits,
 * files changing on disk and requests (see scenario.ts) against the bundled server. This is the
 * quick run for every `npm test`: a fixed seed, so that CI is deterministic and a failure replays,
 * and bounded by both a number of scenarios and a time budget. `npm run fuzz` runs the same
 * fuzzer for minutes with random seeds.
 */

import * as assert from 'node:assert/strict';
import { failureReport, fuzz, summary, type FuzzOptions } from './scenario';

/** Fixed, so that every CI run tries the same scenarios; change it to explore others. */
const SEED = 20_240_611;

const OPTIONS: FuzzOptions = {
  seed: SEED,
  numRuns: 100,
  // The quick run must stay well under a minute on a slow CI machine; scenarios that do not fit
  // are skipped (they pass at once), so a slow machine tries fewer of them, never more time.
  budgetMs: 45_000,
  // Shrinking a failure restarts the server for each attempt; it gets time of its own.
  shrinkMs: 90_000,
  maxSteps: 30,
};

describe('fuzz: the language server', function () {
  it(`survives random sessions of edits, disk changes and requests (seed ${SEED})`, async function () {
    this.timeout(OPTIONS.budgetMs + OPTIONS.shrinkMs + 60_000);
    const result = await fuzz(OPTIONS);
    // The dot reporter shows nothing of a passing test; the numbers say how much was tried.
    console.log(`      fuzz: ${summary(OPTIONS, result)}`);
    if (result.details.failed) assert.fail(failureReport(OPTIONS, result));
  });
});
