/**
 * The command line's `report`: who gets quoted, across every article under the paths. It finds
 * the annotated articles as `check` does, with the same settings, analyses them with the same
 * engine, makes one record of each (core/report/record.ts) and the report of all
 * (core/report/report.ts), and writes it in one of the formats of core/report/formats.ts.
 * Articles that no sidecar annotates are listed, not analysed.
 *
 * The analyses run in worker threads, one per processor by default. A worker is the bundled
 * command line itself (`dist/cli.js`), started again in a thread: it reads the registries
 * once, takes batches of pairs and sends back their records. The report sorts the records, so
 * it is the same whatever the number of workers.
 */

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import {
  buildReport,
  compareCodeUnits,
  formatCsv,
  formatJson,
  formatJsonl,
  formatTable,
  isMarkdownPath,
  notAnnotatedRecord,
  recordOf,
  renderReportHtml,
  roleOf,
  type ArticleRecord,
  type LanguageCode,
} from './core';
import { displayPath } from './displayPath';
import {
  analyzePair,
  articleForSidecar,
  diskAccessThrough,
  findPairsUnderSettings,
  parseRead,
  portable,
  synchronousCalls,
  walkFiles,
  type FilePair,
} from './files';
import { RegistryReader } from './registries';
import { terminalSafe } from './terminalText';
import type { RunSettings } from './workspaceSettings';

export const REPORT_FORMATS = ['table', 'csv', 'json', 'jsonl', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What cli.ts gives the command: the options, and how it finds settings. */
export interface ReportRun {
  paths: readonly string[];
  /** The `--by` keys, already known to be well formed. */
  by: readonly string[];
  format: ReportFormat;
  out: string | undefined;
  /** `--shard I/N`: `index` from 1 to `count`. */
  shard: { index: number; count: number } | undefined;
  /** `--jobs N`; undefined for the default (one worker per processor, none for a few articles). */
  jobs: number | undefined;
  language: LanguageCode | undefined;
  settingsFor: (input: string) => Promise<{ file: string | undefined; run: RunSettings }>;
  /** The script a worker thread runs: the command line's own file, whose entry calls runReportWorker. */
  workerScript: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether standard error is a terminal: the progress bar is shown only there. */
  progress: boolean;
}

/** Fewer articles than this are analysed in the process itself unless `--jobs` is given: starting workers costs more. */
const IN_PROCESS_BELOW = 50;
/** A progress bar for more articles than this, on a terminal. */
const PROGRESS_ABOVE = 200;
const PROGRESS_INTERVAL_MS = 100;

/** One pair to analyse, with the index of its settings in the run's list. */
interface Job {
  pair: FilePair;
  run: number;
}

/** A registry that cannot be used in full, as a pair's chain names it. */
interface BrokenRegistry {
  label: string;
  reason: string;
}

interface Unit {
  /** The article's path as the report shows it, and the sidecar's. */
  article: string;
  sidecar: string;
  job: Job | undefined;
  /** For an article without a sidecar: where it is, and the index of the settings it falls under. */
  file?: string;
  run?: number;
}

/**
 * The record of an article without a sidecar: listed, not analysed. A Markdown article is read
 * for the metadata of its front matter, as the editor's Sources panel reads it.
 */
async function notAnnotatedOf(unit: Unit, runs: readonly RunSettings[]): Promise<ArticleRecord> {
  const file = unit.file ?? unit.article;
  const markdown = isMarkdownPath(portable(file));
  if (!markdown) return notAnnotatedRecord({ article: unit.article, text: undefined, markdown });
  const read = await disk.read(file, runs[unit.run ?? 0].analysis.maxFileSize);
  return read.ok
    ? notAnnotatedRecord({ article: unit.article, text: read.text, markdown })
    : notAnnotatedRecord({ article: unit.article, text: undefined, markdown, problem: read.reason });
}

/** What a worker is started with. */
interface WorkerInput {
  kind: typeof WORKER_KIND;
  runs: RunSettings[];
  language: LanguageCode | undefined;
}

type ToWorker = { batch: Job[] };
type FromWorker = { records: ArticleRecord[]; registries: BrokenRegistry[] } | { error: string };

const WORKER_KIND = 'article-annotations-report';

/** Files read with synchronous calls: the command line has nothing else to do meanwhile. */
const disk = diskAccessThrough(synchronousCalls);

export async function runReport(run: ReportRun): Promise<number> {
  const outProblem = run.out === undefined ? undefined : unwritable(run.out);
  if (outProblem !== undefined) {
    run.stderr(`article-annotations: --out ${terminalSafe(run.out!)}: ${outProblem}.\n`);
    return 2;
  }
  const found = await findArticles(run);
  if (typeof found === 'number') return found;
  const { units, runs } = found;
  const chosen = run.shard ? units.filter((_, i) => i % run.shard!.count === run.shard!.index - 1) : units;
  const jobs = chosen.flatMap((unit) => (unit.job ? [unit.job] : []));
  const records: ArticleRecord[] = [];
  for (const unit of chosen) if (!unit.job) records.push(await notAnnotatedOf(unit, runs));
  const analysed = await analyseAll(jobs, runs, run);
  if (typeof analysed === 'number') return analysed;
  records.push(...analysed.records);
  records.sort((a, b) => compareCodeUnits(a.article, b.article) || compareCodeUnits(a.sidecar ?? '', b.sidecar ?? ''));

  const report = buildReport(records, { by: run.by });
  for (const { label, reason } of analysed.registries) {
    report.warnings.push(
      `The registry ${label} cannot be used in full (${reason}); quotes of the entities it defines count as unattributed.`,
    );
  }
  const output =
    run.format === 'json'
      ? formatJson(report)
      : run.format === 'jsonl'
        ? formatJsonl(records)
        : run.format === 'csv'
          ? formatCsv(report, { escape: terminalSafe })
          : run.format === 'html'
            ? renderReportHtml(report, { title: reportTitle(run.paths), mode: 'file' })
            : formatTable(report, { escape: terminalSafe });
  if (run.out !== undefined) {
    try {
      writeFileSync(run.out, output);
    } catch (error) {
      run.stderr(`article-annotations: cannot write ${terminalSafe(run.out)}: ${terminalSafe(reasonOf(error))}.\n`);
      return 2;
    }
  } else {
    run.stdout(output);
  }
  for (const warning of report.warnings) run.stderr(`article-annotations: warning: ${terminalSafe(warning)}\n`);
  const broken = report.totals.broken;
  if (broken > 0) {
    run.stderr(
      `article-annotations: ${broken} article${broken === 1 ? '' : 's'} could not be read (listed in the report).\n`,
    );
  }
  return 0;
}

/** The title of an HTML report: what it covers. */
function reportTitle(paths: readonly string[]): string {
  const shown = paths.length ? paths.map((input) => displayPath(input)).join(', ') : displayPath('.');
  return `Sources report: ${shown}`;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOENT') return 'its folder does not exist';
  return (error as Error).message ?? String(error);
}

/** Why `--out` cannot be written, found before the analyses rather than after; undefined if it can. */
function unwritable(out: string): string | undefined {
  try {
    return statSync(out).isDirectory() ? 'it is a folder' : undefined;
  } catch {
    try {
      return statSync(path.dirname(path.resolve(out))).isDirectory() ? undefined : 'its folder is not a folder';
    } catch {
      return 'its folder does not exist';
    }
  }
}

/**
 * Every article under the paths, sorted by the path shown: the annotated ones (a pair each, found
 * as `check` finds them, with the article its sidecar resolves to) and the others (article files
 * in the folders given that no sidecar annotates, and articles named directly without one).
 * Returns 2 when a path does not exist.
 */
async function findArticles(run: ReportRun): Promise<{ units: Unit[]; runs: RunSettings[] } | number> {
  const inputs = run.paths.length ? run.paths : ['.'];
  const found = await findPairsUnderSettings(inputs, run.settingsFor, synchronousCalls);
  const { missing } = found;
  const runs = found.groups.map((group) => group.run);
  const runIndexOf = (settings: RunSettings): number => runs.indexOf(settings);
  const jobs: Job[] = found.pairs.map(({ pair, run: settings }) => ({ pair, run: runIndexOf(settings) }));
  const named = found.unpaired.map(({ file, run: settings }) => ({
    file,
    suffix: settings.suffix,
    run: runIndexOf(settings),
  }));
  const articleFiles = new Map<string, { file: string; suffix: string; run: number }>();
  for (const { run: settings, inputs: paths } of found.groups) {
    const runIndex = runIndexOf(settings);
    for (const input of paths) {
      if (missing.includes(input) || !isFolder(input)) continue;
      await walkFiles(input, synchronousCalls, (full, entry) => {
        if (roleOf(entry.name, settings.suffix) !== 'article') return;
        const key = path.resolve(full);
        if (!articleFiles.has(key)) articleFiles.set(key, { file: full, suffix: settings.suffix, run: runIndex });
      });
    }
  }
  if (missing.length) {
    run.stderr(`article-annotations: ${missing.map((m) => `'${terminalSafe(m)}'`).join(', ')} not found.\n`);
    return 2;
  }
  const units: Unit[] = [];
  const annotated = new Set<string>();
  for (const job of jobs) {
    const settings = runs[job.run];
    const article = await articleOf(job.pair, settings);
    annotated.add(path.resolve(article));
    units.push({ article: displayPath(article), sidecar: displayPath(job.pair.sidecar!), job });
  }
  const listed = new Set<string>();
  const notAnnotated = (file: string, runIndex: number): void => {
    const key = path.resolve(file);
    if (annotated.has(key) || listed.has(key)) return;
    listed.add(key);
    units.push({ article: displayPath(file), sidecar: '', job: undefined, file, run: runIndex });
  };
  for (const { file, suffix, run: runIndex } of named) {
    if (roleOf(portable(file), suffix) === 'article') notAnnotated(file, runIndex);
    else run.stderr(`article-annotations: ${terminalSafe(displayPath(file))} is not an article; left out.\n`);
  }
  for (const { file, run: runIndex } of articleFiles.values()) notAnnotated(file, runIndex);
  units.sort((a, b) => compareCodeUnits(a.article, b.article) || compareCodeUnits(a.sidecar, b.sidecar));
  return { units, runs };
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The article a pair's analysis will read: the one named directly, the sidecar's `article:`
 * key, or the one named like the sidecar, exactly as analyzePair finds it. Only a sidecar whose
 * text holds the word `article` can have the key, and only such a sidecar is parsed here.
 */
async function articleOf(pair: FilePair, settings: RunSettings): Promise<string> {
  if (pair.article !== undefined) return pair.article;
  const sidecar = pair.sidecar!;
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(sidecar);
  } catch {
    bytes = undefined;
  }
  let parsed;
  if (bytes !== undefined && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('article')) {
    const read = await disk.read(sidecar, settings.analysis.maxFileSize, pair.within);
    parsed = parseRead(read, settings.analysis.maxFileSize);
  }
  return articleForSidecar(sidecar, parsed?.sidecar, settings.suffix, disk);
}

/** Analyses pairs into records: each pair read and analysed as `check` does, its registries read once. */
class PairAnalyser {
  private readonly reader = new RegistryReader(disk, synchronousCalls, displayPath);

  constructor(
    private readonly runs: readonly RunSettings[],
    private readonly language: LanguageCode | undefined,
  ) {}

  async analyse(jobs: readonly Job[]): Promise<{ records: ArticleRecord[]; registries: BrokenRegistry[] }> {
    const records: ArticleRecord[] = [];
    const registries = new Map<string, BrokenRegistry>();
    for (const job of jobs) {
      const { analysis: settings, suffix } = this.runs[job.run];
      const seen = await this.reader.forPair(job.pair, suffix, settings.maxFileSize);
      for (const broken of seen.chain?.broken ?? []) {
        registries.set(broken.label, { label: broken.label, reason: broken.reason });
      }
      const result = await analyzePair(job.pair, settings, suffix, this.language, disk, seen.chain);
      // The problems of reading the files (unreadable, too large, no article): the analysis's
      // own diagnostics the record reads itself.
      const own = new Set([...result.analysis.articleDiagnostics, ...result.analysis.sidecarDiagnostics]);
      const problems = result.diagnostics
        .filter(({ diagnostic }) => !own.has(diagnostic))
        .map(({ diagnostic }) => diagnostic.message);
      records.push(
        recordOf({
          analysis: result.analysis,
          article: displayPath(result.article),
          sidecar: result.sidecar === undefined ? undefined : displayPath(result.sidecar),
          markdown: isMarkdownPath(portable(result.article)),
          problems,
        }),
      );
    }
    return { records, registries: [...registries.values()] };
  }
}

/**
 * Analyses the pairs, in worker threads or in this one; returns 2 after one line on standard
 * error when a worker fails (a bug), having stopped the others.
 */
async function analyseAll(
  jobs: readonly Job[],
  runs: RunSettings[],
  run: ReportRun,
): Promise<{ records: ArticleRecord[]; registries: BrokenRegistry[] } | number> {
  const progress = new Progress(jobs.length, run.progress && jobs.length > PROGRESS_ABOVE, run.stderr);
  const workers = run.jobs ?? (jobs.length < IN_PROCESS_BELOW ? 1 : availableParallelism());
  const records: ArticleRecord[] = [];
  const registries = new Map<string, BrokenRegistry>();
  const collect = (done: { records: ArticleRecord[]; registries: BrokenRegistry[] }): void => {
    records.push(...done.records);
    for (const registry of done.registries) registries.set(registry.label, registry);
    progress.add(done.records.length);
  };
  try {
    if (workers <= 1 || jobs.length === 0) {
      const analyser = new PairAnalyser(runs, run.language);
      const size = batchSize(jobs.length, 1);
      for (let i = 0; i < jobs.length; i += size) collect(await analyser.analyse(jobs.slice(i, i + size)));
    } else {
      await inWorkers(
        jobs,
        Math.min(workers, jobs.length),
        { kind: WORKER_KIND, runs, language: run.language },
        run,
        collect,
      );
    }
  } catch (error) {
    progress.clear();
    run.stderr(`article-annotations: internal error: ${terminalSafe(reasonOf(error))}\n`);
    return 2;
  }
  progress.clear();
  return {
    records,
    registries: [...registries.values()].sort((a, b) => compareCodeUnits(a.label, b.label)),
  };
}

/** Pairs per batch: small enough that the workers finish together, large enough that messages cost little. */
function batchSize(jobs: number, workers: number): number {
  return Math.max(1, Math.min(64, Math.ceil(jobs / (workers * 8))));
}

/**
 * Hands the jobs to `count` workers in batches, the next batch to whichever worker answers
 * first. A worker that throws, cannot be started or stops before the end rejects the promise,
 * after every worker has been stopped.
 */
function inWorkers(
  jobs: readonly Job[],
  count: number,
  input: WorkerInput,
  run: ReportRun,
  collect: (done: { records: ArticleRecord[]; registries: BrokenRegistry[] }) => void,
): Promise<void> {
  const size = batchSize(jobs.length, count);
  let next = 0;
  let pending = 0;
  let finished = false;
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    const stopAll = (): Promise<unknown> => Promise.all(workers.map((worker) => worker.terminate()));
    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      void stopAll().then(
        () => reject(error instanceof Error ? error : new Error(String(error))),
        () => reject(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const give = (worker: Worker): void => {
      if (next >= jobs.length) {
        if (pending === 0 && !finished) {
          finished = true;
          void stopAll().then(() => resolve(), reject);
        }
        return;
      }
      const batch = jobs.slice(next, next + size);
      next += batch.length;
      pending++;
      worker.postMessage({ batch } satisfies ToWorker);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(run.workerScript, { workerData: input });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        pending--;
        if ('error' in message) {
          fail(new Error(message.error));
          return;
        }
        collect(message);
        give(worker);
      });
      worker.on('error', fail);
      worker.on('messageerror', fail);
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`a worker stopped with exit code ${code}`));
      });
    }
    for (const worker of workers) give(worker);
  });
}

/** Whether this thread was started as a report worker (see runReportWorker). */
export function isReportWorker(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === WORKER_KIND;
}

/**
 * The body of a worker thread: analyses each batch the main thread sends and answers with the
 * records, or with the message of the error that stopped it.
 */
export function runReportWorker(data: unknown): void {
  const input = data as WorkerInput;
  const port = parentPort;
  if (!port) throw new Error('runReportWorker runs in a worker thread.');
  const analyser = new PairAnalyser(input.runs, input.language);
  port.on('message', (message: ToWorker) => {
    analyser.analyse(message.batch).then(
      (done) => port.postMessage(done satisfies FromWorker),
      (error: unknown) => port.postMessage({ error: reasonOf(error) } satisfies FromWorker),
    );
  });
}

/** A one-line progress bar on standard error: articles done of all, the share, the time so far. */
class Progress {
  private done = 0;
  private shownAt = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly write: (text: string) => void,
  ) {}

  add(n: number): void {
    this.done += n;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.shownAt < PROGRESS_INTERVAL_MS && this.done < this.total) return;
    this.shownAt = now;
    this.shown = true;
    const seconds = Math.floor((now - this.started) / 1000);
    const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const share = Math.floor((100 * this.done) / this.total);
    const width = 30;
    const filled = Math.round((width * this.done) / this.total);
    this.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${this.done}/${this.total} articles ${share}% ${elapsed}`,
    );
  }

  clear(): void {
    if (this.shown) this.write('\r\u001b[2K');
    this.shown = false;
  }
}
