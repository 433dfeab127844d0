/**
 * Measures one case of linearTime.ts, named on the command line, and prints its figures as JSON:
 * run by hostile.test.ts as a process of its own.
 */

import { LINEAR_CASES, measureGrowth } from './linearTime';

const name = process.argv[2];
const testCase = LINEAR_CASES.find((candidate) => candidate.name === name);
if (!testCase) {
  process.stderr.write(`No linear-time case is named '${name ?? ''}'.\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(measureGrowth(testCase)) + '\n');
