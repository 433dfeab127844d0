/**
 * Benchmark of the command line as a whole process: `node dist/cli.js check` on the 1 MB article
 * of `npm run bench` with its sidecar (about 6,000 aliases), in the text and the JSON format,
 * against `rg -F` searching the same article for the same aliases when ripgrep is on the PATH, and
 * `rg -F -w`, which like the checker finds them as whole words only.
 * The checker does far more than find the aliases, but it should not take much longer than a
 * tool that only finds them: the goal is at most 3 times rg's median.
 *
 * Each command runs as its own process, start-up included, in rounds (one run of each, then the
 * next round) after one untimed round, so that all meet the same states of a machine whose speed
 * changes from one minute to the next; medians are reported. Output goes to a file, as in CI.
 * The input is written to a temporary folder, removed at the end. The script reports; it fails
 * only when a command does.
 *
 * Run with `npm run bench:cli` (builds first), or `npm run bench:cli -- --runs 21`.
 */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countFromArguments } from './arguments';
import { generate, generateEntities, MB, Random } from './generator';
import { median } from './statistics';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const DEFAULT_RUNS = 11;
/** The goal: the checker's median at most this many times rg's. */
const GOAL_RATIO = 3;

interface Command {
  label: string;
  file: string;
  args: string[];
  /** The exit codes that mean it worked (rg exits with 1 when it finds nothing, which is wrong here). */
  ok: readonly number[];
}

interface Timing {
  median: number;
  fastest: number;
}

/** Whether a program can be started from the PATH. */
function onPath(program: string): boolean {
  const probe = spawnSync(program, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** Runs a command once with its output to `outputFile`; the wall-clock time in milliseconds. */
function runOnce(command: Command, cwd: string, outputFile: string): number {
  const output = fs.openSync(outputFile, 'w');
  try {
    const start = performance.now();
    const child = spawnSync(command.file, command.args, { cwd, stdio: ['ignore', output, 'pipe'] });
    const elapsed = performance.now() - start;
    if (child.error || child.status === null || !command.ok.includes(child.status)) {
      const reason = child.error?.message ?? `exit code ${child.status ?? child.signal}`;
      throw new Error(`${command.label} failed (${reason}): ${child.stderr?.toString().trim() ?? ''}`);
    }
    return elapsed;
  } finally {
    fs.closeSync(output);
  }
}

/** The median and fastest run of each command, taken in rounds after one untimed round. */
function timeInRounds(commands: readonly Command[], runs: number, cwd: string, outputFile: string): Timing[] {
  for (const command of commands) runOnce(command, cwd, outputFile);
  const samples: number[][] = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    commands.forEach((command, i) => samples[i].push(runOnce(command, cwd, outputFile)));
  }
  return samples.map((taken) => ({ median: median(taken), fastest: Math.min(...taken) }));
}

function main(): void {
  const runs = countFromArguments(process.argv.slice(2), '--runs', DEFAULT_RUNS);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist; build with 'npm run build' first.`);
  // The 1 MB article of `npm run bench`: its entities and its second size, with the same seeds.
  const entities = generateEntities(new Random(2000));
  const input = generate(1 * MB, entities, 0x5eed + 1);
  const aliases = entities.flatMap((entity) => entity.aliases);

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-cli-bench-'));
  const removeFolder = (): void => fs.rmSync(folder, { recursive: true, force: true });
  const interrupted = (): void => {
    removeFolder();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  try {
    fs.mkdirSync(path.join(folder, 'articles'));
    fs.writeFileSync(path.join(folder, 'articles', 'bench.txt'), input.article);
    fs.writeFileSync(path.join(folder, 'articles', 'bench.ann.yaml'), input.sidecar);
    fs.writeFileSync(path.join(folder, 'aliases.txt'), aliases.join('\n') + '\n');
    const outputFile = path.join(folder, 'output');

    const node = process.execPath;
    const commands: Command[] = [
      { label: 'node (start-up only)', file: node, args: ['-e', ''], ok: [0] },
      { label: 'check (text)', file: node, args: [CLI, 'check', 'articles'], ok: [0, 1] },
      { label: 'check --format json', file: node, args: [CLI, 'check', 'articles', '--format', 'json'], ok: [0, 1] },
    ];
    const rg = onPath('rg');
    if (rg) {
      commands.push({
        label: 'rg -F (the aliases)',
        file: 'rg',
        args: ['-F', '-c', '-f', 'aliases.txt', path.join('articles', 'bench.txt')],
        ok: [0],
      });
      // The checker finds whole words only ("Kim" is not in "Kimberley"); this is rg doing the
      // same, for a like-for-like figure beside the goal's plain substring search.
      commands.push({
        label: 'rg -F -w (whole words)',
        file: 'rg',
        args: ['-F', '-w', '-c', '-f', 'aliases.txt', path.join('articles', 'bench.txt')],
        ok: [0],
      });
    }

    console.log(
      `Node.js ${process.version}; article ${input.article.length.toLocaleString('en-US')} characters, sidecar ` +
        `${input.sidecar.length.toLocaleString('en-US')} characters, ${aliases.length.toLocaleString('en-US')} aliases.`,
    );
    console.log(
      `Whole processes, ${runs} runs each in rounds after one untimed round; medians and fastest, in ms. On a shared ` +
        'machine the figures vary from run to run: compare the ratio.\n',
    );
    if (process.env.NODE_EXTRA_CA_CERTS) {
      // Node.js reads and parses the certificates as it starts, before any script runs.
      console.log(
        'NODE_EXTRA_CA_CERTS is set: every Node.js process parses those certificates as it starts, which the start-up\n' +
          'line includes and rg does not pay.\n',
      );
    }
    const timings = timeInRounds(commands, runs, folder, outputFile);
    const width = Math.max(...commands.map((command) => command.label.length));
    commands.forEach((command, i) => {
      console.log(
        `${command.label.padEnd(width)}  median ${timings[i].median.toFixed(0).padStart(5)}  fastest ${timings[i].fastest.toFixed(0).padStart(5)}`,
      );
    });
    console.log('');
    if (!rg) {
      console.log("rg is not on the PATH, so there is nothing to compare with (Debian: 'apt-get install ripgrep').");
      return;
    }
    const rgMedian = timings[commands.length - 2].median;
    const wholeWordsMedian = timings[commands.length - 1].median;
    for (const i of [1, 2]) {
      const ratio = timings[i].median / rgMedian;
      const wholeWords = `${(timings[i].median / wholeWordsMedian).toFixed(2)} times rg -F -w`;
      console.log(
        ratio <= GOAL_RATIO
          ? `${commands[i].label}: ${ratio.toFixed(2)} times rg -F, within ${GOAL_RATIO} times; ${wholeWords}.`
          : `OVER GOAL: ${commands[i].label}: ${ratio.toFixed(2)} times rg -F, more than ${GOAL_RATIO} times; ${wholeWords}.`,
      );
    }
  } finally {
    process.off('SIGINT', interrupted);
    removeFolder();
  }
}

try {
  main();
} catch (error) {
  console.error(`cliBench: ${(error as Error).message}`);
  process.exitCode = 1;
}
