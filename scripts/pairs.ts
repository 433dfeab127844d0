/**
 * Compares two builds of the engine in paired runs: `node out/scripts/pairs.js OLD NEW`, where
 * each is a compiled core folder (`out/server/src/core` of a build), the old one made in a git
 * worktree, say. Options: `--mode full|article` (default `article`), `--pairs N` (default 60),
 * `--cpu K` (default 0), `--flags-a "..."` and `--flags-b "..."` (the V8 flags of each side,
 * by default those the language server runs with).
 *
 * Two processes, one per build, analyse the benchmark's 1 MB article and take turns, one
 * analysis each, the first of each pair alternating; the median of the differences is the
 * figure. A shared machine's speed changes from one minute to the next by more than a small change
 * saves, so runs timed apart cannot tell it; taken in turns, both builds meet the same states of
 * the machine. Both processes are pinned to the same processor (with `taskset`, where there is
 * one): two processors need not be equally fast at the same moment, and unpinned, two identical
 * builds could differ by more than the change being measured. Two processes rather than one, so
 * that V8 flags can differ, and neither build's compiled code or heap meets the other's.
 */

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { generate, generateEntities, Random } from './generator';
import { SERVER_EXEC_ARGV } from '../server/src/runtime';

type Core = typeof import('../server/src/core');

const CHILD = '--child';

/** Runs in each child: analyses on every line read, printing the time and the page faults. */
function child(coreFolder: string, mode: string): void {
  const core = createRequire(__filename)(path.resolve(coreFolder)) as Core;
  const input = generate(1024 * 1024, generateEntities(new Random(2000)), 0x5eed + 1);
  const parsed = core.parseSidecar(input.sidecar);
  const collect = (globalThis as { gc?: (options?: { type?: 'minor' | 'major' }) => void }).gc;
  // The latest result stays alive until the next one, as the server's cache keeps it.
  let latest: unknown;
  const run = (): string => {
    collect?.({ type: 'minor' });
    const faults = process.resourceUsage().minorPageFault;
    const started = performance.now();
    latest = core.analyze({
      article: input.article,
      sidecar: mode === 'full' ? input.sidecar : parsed,
      settings: { maxFileSize: 64 * 1024 * 1024 },
      format: 'plaintext',
    });
    return `${performance.now() - started} ${process.resourceUsage().minorPageFault - faults}`;
  };
  for (let i = 0; i < 5; i++) run();
  process.stdout.write('ready\n');
  readline.createInterface({ input: process.stdin }).on('line', () => {
    process.stdout.write(`${run()}\n`);
    void latest;
  });
}

/** A child process and the lines it prints, one at a time. */
class Side {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly lines: string[] = [];

  constructor(coreFolder: string, flags: readonly string[], mode: string, cpu: string) {
    const command = [...flags, __filename, CHILD, coreFolder, mode];
    const pinned = process.platform === 'linux' && spawnSync('taskset', ['--version']).status === 0;
    this.process = pinned
      ? spawn('taskset', ['-c', cpu, process.execPath, ...command])
      : spawn(process.execPath, command);
    this.process.stderr.pipe(process.stderr);
    readline.createInterface({ input: this.process.stdout }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async analyse(): Promise<{ ms: number; faults: number }> {
    this.process.stdin.write('go\n');
    const [ms, faults] = (await this.next()).split(' ').map(Number);
    return { ms, faults };
  }

  stop(): void {
    this.process.kill();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const [, value] = args.splice(at, 2);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = option(args, '--mode', 'article');
  const pairs = Number(option(args, '--pairs', '60'));
  const cpu = option(args, '--cpu', '0');
  const flagsOf = (name: string): string[] => {
    const given = option(args, name, '');
    return given ? given.split(' ').filter(Boolean) : [...SERVER_EXEC_ARGV];
  };
  const [flagsA, flagsB] = [flagsOf('--flags-a'), flagsOf('--flags-b')];
  if (args.length !== 2 || !['full', 'article'].includes(mode) || !(pairs > 0)) {
    console.error('usage: node out/scripts/pairs.js OLD_CORE NEW_CORE [--mode full|article] [--pairs N] [--cpu K]');
    process.exitCode = 2;
    return;
  }
  const a = new Side(args[0], flagsA, mode, cpu);
  const b = new Side(args[1], flagsB, mode, cpu);
  await a.next();
  await b.next();
  const times: { a: number[]; b: number[] } = { a: [], b: [] };
  const faults: { a: number[]; b: number[] } = { a: [], b: [] };
  const differences: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const first = i % 2 === 0 ? a : b;
    const second = first === a ? b : a;
    const results = new Map([
      [first, await first.analyse()],
      [second, await second.analyse()],
    ]);
    const [ra, rb] = [results.get(a)!, results.get(b)!];
    times.a.push(ra.ms);
    times.b.push(rb.ms);
    faults.a.push(ra.faults);
    faults.b.push(rb.faults);
    differences.push(rb.ms - ra.ms);
  }
  a.stop();
  b.stop();
  const describe = (side: 'a' | 'b'): string =>
    `median ${median(times[side]).toFixed(1)} ms, fastest ${Math.min(...times[side]).toFixed(1)} ms, ` +
    `${median(faults[side])} page faults`;
  console.log(`${mode} analysis of 1 MB, ${pairs} pairs`);
  console.log(`A ${args[0]}: ${describe('a')}`);
  console.log(`B ${args[1]}: ${describe('b')}`);
  console.log(`B - A: median ${median(differences).toFixed(2)} ms`);
}

if (process.argv[2] === CHILD) child(process.argv[3], process.argv[4]);
else void main();
