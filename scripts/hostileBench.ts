/**
 * Benchmark of the goal of issue #17 on the hostile inputs it names: each input completes in
 * under 2 s for the command line, with memory under 500 MB, and leaves the server answering a
 * hover within 100 ms while it analyses the input (the analysis may be cut short, with a
 * diagnostic saying so).
 *
 * The inputs, each an article and its sidecar in a folder of their own, generated here:
 * - alias fan-out, large: one entity whose 5,000 aliases are anchored (`&big`), and 990 others
 *   whose `aliases:` is `*big`; a small article that names some of them;
 * - alias fan-out, small: the same with 1,000 aliases and 500 references;
 * - the closest passage: an article whose one quote has 20,000 words, and a quote entry of the
 *   same words plus one letter, which matches nothing, so that the closest passage is searched;
 * - 100,000 entities all named Harper, in block style, and an article that quotes Harper;
 * - articles of the linear-time cases of test/support/linearTime.ts: 100,000 unpaired German
 *   opening marks, and 1 MB of straight double quotes (the slowest case there), each after a
 *   line that names an entity of the sidecar, so that a hover on the article has a card to show.
 *
 * The command line: `node dist/cli.js check FOLDER` on each input's folder as a whole process,
 * one untimed run and then `--runs` timed ones; the median wall time, and the peak resident
 * memory of all runs, which each process writes as it exits (from a preload file the script
 * writes, given with `--require`). Exit code 0 or 1 (problems found) is a check that worked;
 * anything else is a failure of the command.
 *
 * The server: for each input a bundled server of its own, driven by the LSP test client, with
 * that input's folder and a small ordinary pair in its workspace, as a user would open a folder
 * that holds the input. Once its index is built, in each of `--rounds` rounds
 * the input's hostile file (its sidecar, or for the article-side inputs its article) is opened,
 * and as soon as the opening is written a hover on it (an entity's id, the quote entry's words, a
 * name) and a hover on the ordinary article, open all along, are sent, each timed from its request
 * to its answer (the hover on it also from the opening, which adds the client's encoding). Then the round
 * waits until the file is analysed (its diagnostics are published, or the server ends its
 * refresh), and closes it; each round starts when the server has nothing left to do. The
 * server's peak resident memory (VmHWM) is read from /proc after it indexed the workspace and at
 * the end of its rounds.
 *
 * Hovers are judged on the slowest of the rounds: the goal is that every hover is answered in
 * time. The script reports; it fails only when a command or the server does. The inputs are
 * written to a temporary folder, removed at the end.
 *
 * Run with `npm run bench:hostile` (builds first), or `npm run bench:hostile -- --runs 5 --rounds 9`.
 * `--only NAME` measures the inputs whose folder name contains NAME (shared-name, straight-quotes,
 * …); `--server-flag FLAG` starts each server with that Node.js flag too (say `--cpu-prof`, whose
 * profile lands in the current folder), and may be given more than once.
 */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { LINEAR_CASES } from '../test/support/linearTime';
import { fileUri, LspClient, makeTempDir, positionAt, removeTempDir, writeFiles } from '../test/support/lspClient';
import { countFromArguments, valuesOf } from './arguments';
import { machineLine } from './machine';
import { median } from './statistics';
import { sleep } from './sleep';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const DEFAULT_RUNS = 3;
const DEFAULT_ROUNDS = 5;

/** The goals of issue #17. */
const GOAL_CHECK_MS = 2000;
const GOAL_MEMORY_MB = 500;
const GOAL_HOVER_MS = 100;

/** How long one check or one answer of the server may take before it counts as hung. */
const TIMEOUT_MS = 120_000;
/** The least time the server is given to start and index its workspace before the rounds. */
const START_MS = 3000;
/** How long a hostile file stays open after its analysis, and the pause after it is closed. */
const OPEN_MS = 1000;
const CLOSED_MS = 500;

/** The environment variable that names the file the preload writes the peak memory to. */
const MAX_RSS_ENV = 'HOSTILE_BENCH_MAX_RSS_FILE';
const PRELOAD = `// Written by scripts/hostileBench.ts: this process's peak resident memory in KB, as it exits.
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.${MAX_RSS_ENV}, String(process.resourceUsage().maxRSS));
});
`;

interface Input {
  label: string;
  /** The name of its folder and of both its files. */
  name: string;
  article: string;
  sidecar: string;
  /** The file the server's rounds open, the one the input is hostile in. */
  hostile: 'article' | 'sidecar';
  /** Where in the hostile file the hover is sent: a place with something to show. */
  hoverAt: number;
}

/** The offset of a character `into` the first occurrence of `search` in `text`. */
function offsetIn(text: string, search: string, into: number): number {
  const at = text.indexOf(search);
  if (at < 0) throw new Error(`Generator error: '${search}' is not in the text.`);
  return at + into;
}

/** One entity's aliases anchored, and the `aliases:` of many others referencing them. */
function aliasFanOut(label: string, name: string, aliases: number, references: number): Input {
  const forms = Array.from({ length: aliases }, (_, i) => `a${i}`).join(', ');
  const referencing = Array.from(
    { length: references },
    (_, i) => `  e${i}: {type: person, name: E${i}, aliases: *big}\n`,
  ).join('');
  const sidecar = `version: 1\nlanguage: de\nentities:\n  big: {type: person, name: Big, aliases: &big [${forms}]}\n${referencing}`;
  return {
    label,
    name,
    article: 'Big sagte: „Wir machen weiter.“ Auch E5, E17 und a42 waren da.\n',
    sidecar,
    hostile: 'sidecar',
    // The id of the anchored entity. The sidecar is refused whole, so the hover has nothing to
    // show, but it is answered, and timed, all the same.
    hoverAt: offsetIn(sidecar, '\n  big:', 3),
  };
}

/** One quote of 20,000 words and an entry of the same words plus a letter, which matches nothing. */
function closestPassage(): Input {
  const words = Array.from({ length: 20_000 }, (_, i) => `wort${i % 97}`).join(' ');
  const sidecar = `version: 1\nlanguage: de\nquotes:\n  - text: "x${words}"\n    anonymous: a\n`;
  return {
    label: 'closest passage, 20,000 words',
    name: 'closest-passage',
    article: `Er sagte: „${words}.“\n`,
    sidecar,
    hostile: 'sidecar',
    // The entry's words: the hover names the closest passage, which is searched for it.
    hoverAt: offsetIn(sidecar, '"x', 2),
  };
}

/** Entities that all have one name, in block style; past 5,000 the sidecar is not read, with a diagnostic. */
function sharedName(count: number): Input {
  const entities = Array.from({ length: count }, (_, i) => `  e${i}:\n    type: person\n    name: Harper\n`);
  const sidecar = `version: 1\nlanguage: de\nentities:\n${entities.join('')}`;
  return {
    label: `${count.toLocaleString('en-US')} entities named Harper`,
    name: 'shared-name',
    article: 'Harper sagte: „Wir machen weiter.“\n',
    sidecar,
    hostile: 'sidecar',
    hoverAt: offsetIn(sidecar, '\n  e1:', 3),
  };
}

/** The line before a linear-time case's article: a name for the hover on it. */
const NAME_LINE = 'Harper sagte das.\n\n';

/** The article of a linear-time case at `length` characters, as measureGrowth writes it, after NAME_LINE. */
function linearCase(caseName: string, length: number, label: string, name: string): Input {
  const testCase = LINEAR_CASES.find((candidate) => candidate.name === caseName);
  if (!testCase) throw new Error(`test/support/linearTime.ts has no case '${caseName}'.`);
  const body = testCase.article
    ? testCase.article(length)
    : testCase.unit.repeat(Math.ceil(length / testCase.unit.length)).slice(0, length);
  const sidecar =
    `version: 1\nlanguage: ${testCase.language}\nentities:\n  harper: {type: person, name: Harper}\n` +
    (testCase.entities?.(length) ?? '') +
    (testCase.quotes ? `quotes:\n${testCase.quotes(length)}` : '');
  return { label, name, article: NAME_LINE + body, sidecar, hostile: 'article', hoverAt: 1 };
}

function inputs(): Input[] {
  return [
    aliasFanOut('alias fan-out, 5,000 × 990', 'fan-out-large', 5000, 990),
    aliasFanOut('alias fan-out, 1,000 × 500', 'fan-out-small', 1000, 500),
    closestPassage(),
    sharedName(100_000),
    linearCase('German opening marks „', 100_000, '100,000 unpaired „', 'opening-marks'),
    linearCase('straight double quotes "', 1_000_000, '1 MB of straight quotes "', 'straight-quotes'),
  ];
}

/** The small pair open beside the hostile files, whose hover must stay quick. */
const ORDINARY = {
  name: 'ordinary',
  article: 'Angela Merkel sagte am Montag: „Wir schaffen das.“ Später sprach auch Olaf Scholz.\n',
  sidecar:
    'version: 1\nlanguage: de\nentities:\n' +
    '  merkel: {type: person, name: Angela Merkel, aliases: [Merkel]}\n' +
    '  scholz: {type: person, name: Olaf Scholz}\n' +
    'quotes:\n  - text: Wir schaffen das\n    speaker: merkel\n',
};

function pairFiles(name: string, article: string, sidecar: string): Record<string, string> {
  return { [`${name}/${name}.txt`]: article, [`${name}/${name}.ann.yaml`]: sidecar };
}

// Statistics and formatting.

function size(text: string): string {
  const bytes = Buffer.byteLength(text);
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

// The command line.

interface CheckFigures {
  medianMs: number;
  maxRssMb: number;
  /** The last line of its report: how many problems of which severity. */
  summary: string;
}

/** Runs `check` on one folder once; its wall time in milliseconds and its peak memory in KB. */
function checkOnce(folder: string, scratch: string): { ms: number; maxRssKb: number; summary: string } {
  const rssFile = path.join(scratch, 'max-rss');
  const outputFile = path.join(scratch, 'output');
  fs.rmSync(rssFile, { force: true });
  const output = fs.openSync(outputFile, 'w');
  let ms: number;
  let stderr: string;
  try {
    const start = performance.now();
    const child = spawnSync(process.execPath, ['--require', path.join(scratch, 'max-rss.cjs'), CLI, 'check', folder], {
      cwd: scratch,
      env: { ...process.env, [MAX_RSS_ENV]: rssFile },
      stdio: ['ignore', output, 'pipe'],
      timeout: TIMEOUT_MS,
    });
    ms = performance.now() - start;
    stderr = child.stderr?.toString().trim() ?? '';
    // 1 is a check that found problems, which every hostile input has.
    if (child.error || child.status === null || ![0, 1].includes(child.status)) {
      const reason = child.error?.message ?? `exit code ${child.status ?? child.signal}`;
      throw new Error(`check ${path.basename(folder)} failed (${reason}): ${stderr}`);
    }
  } finally {
    fs.closeSync(output);
  }
  if (!fs.existsSync(rssFile)) throw new Error(`check ${path.basename(folder)} did not report its memory.`);
  // The report's last line, on standard error, counts the problems found.
  return { ms, maxRssKb: Number(fs.readFileSync(rssFile, 'utf8')), summary: stderr.split('\n').at(-1) ?? '' };
}

/** One untimed run, for the file system's cache, then `runs` timed ones. */
function measureCheck(folder: string, scratch: string, runs: number): CheckFigures {
  const first = checkOnce(folder, scratch);
  const timed = Array.from({ length: runs }, () => checkOnce(folder, scratch));
  const maxRssKb = Math.max(first.maxRssKb, ...timed.map((run) => run.maxRssKb));
  return { medianMs: median(timed.map((run) => run.ms)), maxRssMb: maxRssKb / 1024, summary: first.summary };
}

// The server.

interface ServerFigures {
  /** Hovers, from their request to their answer. */
  onIt: number[];
  elsewhere: number[];
  /** The hover on the hostile file from the opening, which adds the client's encoding of the text. */
  onItFromOpening: number[];
  /** From the opening of the hostile file to its diagnostics (or the end of the refresh). */
  analysed: number[];
  /** Whether the hover on the hostile file showed anything (a refused sidecar has no card). */
  onItAnswered: boolean;
  /** The codes of the hostile file's diagnostics after its first analysis, with their counts. */
  codes: string;
  /** The server's peak resident memory after it indexed its workspace, where /proc can tell. */
  indexedMb: number | undefined;
  /** Its peak resident memory over its whole run, indexing and rounds. */
  peakMb: number | undefined;
}

interface OpenFile {
  uri: string;
  text: string;
  offset: number;
}

/** Sends a hover and times it from send to answer. */
async function timedHover(
  client: LspClient,
  file: OpenFile,
): Promise<{ ms: number; answeredAt: number; hover: Hover | null }> {
  // The position is worked out before the clock starts: on a 1 MB text that takes a while.
  const params = { textDocument: { uri: file.uri }, position: positionAt(file.text, file.offset) };
  const sent = performance.now();
  const hover = await client.request<Hover | null>('textDocument/hover', params, TIMEOUT_MS);
  const answeredAt = performance.now();
  return { ms: answeredAt - sent, answeredAt, hover };
}

/**
 * Opens a file on a server that has nothing else to do (see `settle`) and waits until it is
 * analysed: its diagnostics published, or, when they are those published already (the server
 * then publishes nothing), the end of the refresh. Returns the hovers' promise beside the time.
 */
async function openAndWait<T>(
  client: LspClient,
  file: string,
  text: string,
  whileAnalysing: (uri: string) => Promise<T>,
): Promise<{ uri: string; openedAt: number; analysedMs: number; result: T }> {
  const uri = fileUri(file);
  const publishedBefore = client.publicationRecordsOf(uri).length;
  const refreshesBefore = client.analysisChangedAt.length;
  client.open(file, text);
  const opened = performance.now();
  // The hovers follow the opening as an editor sends them: once it is written. Timed from their
  // own requests, they measure the server, not the client encoding megabytes of text first.
  await client.openingWritten();
  const result = await whileAnalysing(uri);
  const analysed = await client.waitUntil(
    () => client.publicationRecordsOf(uri)[publishedBefore]?.at ?? client.analysisChangedAt[refreshesBefore],
    TIMEOUT_MS,
    () => `the analysis of ${uri}`,
  );
  return { uri, openedAt: opened, analysedMs: analysed - opened, result };
}

/**
 * Waits until the server has ended every refresh it had started: after a file is closed it
 * analyses its pair again for the index, and the end of that refresh must not be taken for the
 * end of the next round's analysis.
 */
function settle(client: LspClient): Promise<void> {
  return client.settle(TIMEOUT_MS);
}

/** The codes of the diagnostics the client holds for a file, with their counts. */
function codeCounts(client: LspClient, uri: string): string {
  const counts = new Map<string, number>();
  for (const diagnostic of client.diagnosticsOf(uri) ?? []) {
    const code = String(diagnostic.code);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, count]) => `${code} × ${count.toLocaleString('en-US')}`).join(', ') || 'none';
}

/** The server's peak resident memory in MB, from /proc; undefined where there is none. */
function peakMemoryMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const peak = /^VmHWM:\s+(\d+) kB$/mu.exec(status);
    return peak ? Number(peak[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function measureServer(
  client: LspClient,
  dir: string,
  input: Input,
  ordinary: OpenFile,
  rounds: number,
): Promise<ServerFigures> {
  const isArticle = input.hostile === 'article';
  const file = path.join(dir, input.name, `${input.name}${isArticle ? '.txt' : '.ann.yaml'}`);
  const text = isArticle ? input.article : input.sidecar;
  const figures: ServerFigures = {
    onIt: [],
    onItFromOpening: [],
    elsewhere: [],
    analysed: [],
    onItAnswered: false,
    codes: '',
    indexedMb: peakMemoryMb(client.pid),
    peakMb: undefined,
  };
  for (let round = 0; round < rounds; round++) {
    await settle(client);
    // A text of its own each round, unlike the disk's and the last round's: the server takes
    // over the analysis of a text it has analysed, and the rounds measure a new analysis.
    const opened = `${text}${isArticle ? ' '.repeat(round + 1) : `${text.endsWith('\n') ? '' : '\n'}# round ${round + 1}\n`}`;
    // Both hovers are sent at once with the file's opening, while the server analyses it.
    const { uri, openedAt, analysedMs, result } = await openAndWait(client, file, opened, (uri) =>
      Promise.all([timedHover(client, { uri, text: opened, offset: input.hoverAt }), timedHover(client, ordinary)]),
    );
    const [onIt, elsewhere] = result;
    figures.onIt.push(onIt.ms);
    figures.onItFromOpening.push(onIt.answeredAt - openedAt);
    figures.elsewhere.push(elsewhere.ms);
    figures.analysed.push(analysedMs);
    figures.onItAnswered ||= onIt.hover !== null;
    if (round === 0) figures.codes = codeCounts(client, uri);
    await sleep(OPEN_MS);
    client.close(uri);
    await sleep(CLOSED_MS);
  }
  figures.peakMb = peakMemoryMb(client.pid);
  return figures;
}

/** Starts the server on the workspace, waits for its index and opens the ordinary article. */
async function startServer(dir: string, flags: string[]): Promise<{ client: LspClient; ordinary: OpenFile }> {
  const client = await LspClient.start({ folders: [dir], execArgv: flags });
  await Promise.all([sleep(START_MS), client.waitForProgressEnd('Indexing articles', TIMEOUT_MS)]);
  await settle(client);
  const file = path.join(dir, ORDINARY.name, `${ORDINARY.name}.txt`);
  const offset = offsetIn(ORDINARY.article, 'Merkel', 1);
  const { uri } = await openAndWait(client, file, ORDINARY.article, () => Promise.resolve());
  const ordinary: OpenFile = { uri, text: ORDINARY.article, offset };
  // Untimed: the first hover compiles the server's hover code.
  await timedHover(client, ordinary);
  return { client, ordinary };
}

// The report.

interface Row {
  input: Input;
  check?: CheckFigures;
  server?: ServerFigures;
}

function ms(values: readonly number[] | undefined, digits = 0): string {
  if (!values?.length) return 'n/a';
  return `${median(values).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`;
}

function printTable(rows: readonly Row[]): void {
  const header = [
    'input',
    'article + sidecar',
    'check median s',
    'check max RSS MB',
    'hover on it ms',
    'hover elsewhere ms',
    'analysed ms',
    'server MB indexed / peak',
  ];
  const cells = rows.map(({ input, check, server }) => [
    input.label,
    `${size(input.article)} + ${size(input.sidecar)}`,
    check ? (check.medianMs / 1000).toFixed(2) : 'FAILED',
    check ? check.maxRssMb.toFixed(0) : 'FAILED',
    ms(server?.onIt),
    ms(server?.elsewhere),
    ms(server?.analysed),
    `${server?.indexedMb?.toFixed(0) ?? 'n/a'} / ${server?.peakMb?.toFixed(0) ?? 'n/a'}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of cells) console.log(line(row));
}

function printNotes(rows: readonly Row[]): void {
  console.log('\nWhat each input gave (the command line; the server, for the hostile file):');
  for (const { input, check, server } of rows) {
    const hover = server ? (server.onItAnswered ? 'a card' : 'nothing') : 'n/a';
    console.log(`  ${input.label}: check says "${check?.summary ?? 'n/a'}"`);
    console.log(`    server diagnostics: ${server?.codes ?? 'n/a'}; the hover on it shows ${hover}`);
    // Round by round: the first meets code the server has not compiled for such an input yet.
    const rounds = (values: readonly number[]): string => values.map((value) => value.toFixed(0)).join(', ');
    if (server) {
      console.log(`    hovers by round, ms: on it ${rounds(server.onIt)}; elsewhere ${rounds(server.elsewhere)}`);
      console.log(`    the hover on it from the opening, ms: ${rounds(server.onItFromOpening)}`);
    }
  }
}

/** One line per figure over its goal; the hovers are judged on the slowest round. */
function overGoal(rows: readonly Row[]): string[] {
  const lines: string[] = [];
  for (const { input, check, server } of rows) {
    if (check && check.medianMs > GOAL_CHECK_MS)
      lines.push(`${input.label}: check median ${(check.medianMs / 1000).toFixed(2)} s, more than 2 s.`);
    if (check && check.maxRssMb > GOAL_MEMORY_MB)
      lines.push(`${input.label}: check max RSS ${check.maxRssMb.toFixed(0)} MB, more than ${GOAL_MEMORY_MB} MB.`);
    for (const [what, values] of [
      ['hover on it', server?.onIt],
      ['hover elsewhere', server?.elsewhere],
    ] as const) {
      if (!values?.length || Math.max(...values) <= GOAL_HOVER_MS) continue;
      lines.push(
        `${input.label}: ${what} slowest ${Math.max(...values).toFixed(0)} ms (median ${median(values).toFixed(0)} ms), more than ${GOAL_HOVER_MS} ms.`,
      );
    }
    if (server?.peakMb !== undefined && server.peakMb > GOAL_MEMORY_MB)
      lines.push(`${input.label}: server peak RSS ${server.peakMb.toFixed(0)} MB, more than ${GOAL_MEMORY_MB} MB.`);
  }
  return lines;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = countFromArguments(argv, '--runs', DEFAULT_RUNS);
  const rounds = countFromArguments(argv, '--rounds', DEFAULT_ROUNDS);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist; build with 'npm run build' first.`);
  console.log(machineLine());
  console.log(
    `check: ${runs} timed runs per input after an untimed one. Server: ${rounds} rounds per input; hovers and ` +
      'analysis as median / slowest.\n',
  );
  const only = valuesOf(argv, '--only');
  const serverFlags = valuesOf(argv, '--server-flag');
  const chosen = inputs().filter((input) => only.length === 0 || only.some((name) => input.name.includes(name)));
  if (chosen.length === 0)
    throw new Error(
      `--only matches none of ${inputs()
        .map((input) => input.name)
        .join(', ')}.`,
    );
  const rows: Row[] = chosen.map((input) => ({ input }));
  const scratch = makeTempDir('article-annotations-hostile-bench-');
  const interrupted = (): void => {
    removeTempDir(scratch);
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  const failures: string[] = [];
  try {
    writeFiles(scratch, { 'max-rss.cjs': PRELOAD });
    const workspaceOf = (input: Input): string => path.join(scratch, `${input.name}-workspace`);
    for (const { input } of rows) {
      writeFiles(workspaceOf(input), {
        ...pairFiles(ORDINARY.name, ORDINARY.article, ORDINARY.sidecar),
        ...pairFiles(input.name, input.article, input.sidecar),
      });
    }

    // One input whose check fails does not hide the figures of the others.
    for (const row of rows) {
      try {
        row.check = measureCheck(path.join(workspaceOf(row.input), row.input.name), scratch, runs);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }

    for (const row of rows) {
      let client: LspClient | undefined;
      try {
        const started = await startServer(workspaceOf(row.input), serverFlags);
        client = started.client;
        row.server = await measureServer(client, workspaceOf(row.input), row.input, started.ordinary, rounds);
        const errors = client.serverErrors();
        if (errors.length > 0) console.log(`The server reported errors (${row.input.label}):\n${errors.join('\n')}\n`);
      } catch (error) {
        // A server that died or hung leaves the rest of its figures unmeasured.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push(`the server, ${row.input.label}: ${message}`);
      } finally {
        await client?.shutdown();
      }
    }

    printTable(rows);
    printNotes(rows);
    console.log('');
    const over = overGoal(rows);
    for (const line of over) console.log(`OVER GOAL: ${line}`);
    if (over.length === 0) console.log('Every figure measured is within its goal.');
    for (const failure of failures) console.error(`FAILED: ${failure}`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    process.off('SIGINT', interrupted);
    removeTempDir(scratch);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:hostile: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
