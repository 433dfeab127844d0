/**
 * Benchmark of the analysis engine on synthetic German news articles of 0.1, 1 and 10 MB.
 *
 * The articles and their sidecars are generated from a seeded pseudo-random generator, so every
 * run measures the same input.
 *
 * Budget: a full analysis of the 1 MB article in under 100 ms, and time growing linearly with
 * the size (the 10 MB article taking about ten times as long as the 1 MB one, judged on runs of
 * both sizes timed in turns). Three figures are
 * reported: the full analysis of both texts, the analysis of the article with the sidecar
 * parsed once, and that analysis after a one-letter edit given the analysis before it, which is
 * what a keystroke in the article costs in the editor.
 *
 * A missed budget is printed as OVER BUDGET for a human (or CI log) to see: how fast a run is
 * depends on the machine. Growth above linear in any timed part is printed as GROWTH ABOVE
 * LINEAR and makes the exit code 1: the ratio of two sizes on one machine does not depend on
 * its speed, and a step whose work grows faster than its input is a bug.
 *
 * At the end it runs the benchmark of the workspace index at a newsroom's scale
 * (scripts/indexBench.ts, also `npm run bench:index`) in a process of its own, which reports and
 * judges nothing; `--no-index` leaves it out.
 *
 * Run with `npm run bench`.
 */

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { collectYoungGeneration, IDLE_COLLECTION_MIN_CHARS } from '../server/src/idleCollection';
import { SERVER_EXEC_ARGV } from '../server/src/runtime';
import {
  analyze,
  attributeQuotes,
  contiguousCopy,
  entityScope,
  DEFAULT_SETTINGS,
  detectQuotes,
  languageProfile,
  MentionMatcher,
  paragraphBreaks,
  parseSidecar,
  type Analysis,
  type AnalysisSettings,
} from '../server/src/core';
import {
  ENTITY_COUNT,
  generate,
  generateEntities,
  MB,
  QUOTES_PER_MB,
  Random,
  type Generated,
  type GeneratedEntity,
} from './generator';
import { median } from './statistics';

const BUDGET_MS_1MB = 100;
const SETTINGS: Partial<AnalysisSettings> = { maxFileSize: 64 * MB };

// Timing.

/**
 * The fastest and the median of `runs` timed calls of each of `works`, taken in turns (one call
 * of each, then the next round), after `warmUps` untimed rounds that let the JIT compile for
 * this size of input (a language server runs for hours). Taken in turns, the works meet the
 * same states of a machine whose speed changes from one minute to the next, so that their
 * figures compare. Between calls the benchmark does what the language server does between
 * analyses: it keeps the latest result alive (the server caches it until the next one replaces
 * it), and for input of `IDLE_COLLECTION_MIN_CHARS` or more it empties the young generation, as
 * the server does once idle after such an analysis (idleCollection.ts; a no-op under Node's
 * default flags, which do not expose the collector).
 */
function timeInTurns(runs: number, warmUps: number, chars: number, works: readonly (() => unknown)[]): Timing[] {
  const latest: unknown[] = [];
  for (let i = 0; i < warmUps; i++) for (const work of works) latest[0] = work();
  const samples: number[][] = works.map(() => []);
  for (let i = 0; i < runs; i++) {
    works.forEach((work, w) => {
      if (chars >= IDLE_COLLECTION_MIN_CHARS) collectYoungGeneration();
      const start = performance.now();
      const result = work();
      samples[w].push(performance.now() - start);
      latest[0] = result;
    });
  }
  return samples.map((taken) => ({ median: median(taken), fastest: Math.min(...taken) }));
}

/** `timeInTurns` for one work. */
function time(runs: number, warmUps: number, chars: number, work: () => unknown): Timing {
  return timeInTurns(runs, warmUps, chars, [work])[0];
}

interface Timing {
  median: number;
  /** The least disturbed run, by garbage collection or the machine's other work: growth is judged on it. */
  fastest: number;
}

interface Row {
  label: string;
  chars: number;
  entities: number;
  quotes: number;
  full: Timing;
  /** The analysis with the sidecar already parsed: what a keystroke in the article would cost from scratch. */
  article: Timing;
  /** The analysis after a one-letter edit, given the analysis before it: what a keystroke costs the server. */
  keystroke: Timing;
  parse: Timing;
  mentions: Timing;
  detection: Timing;
  attribution: Timing;
  /** The median full time less the medians of the measured parts. */
  rest: number;
}

function measure(label: string, input: Generated, runs: number): Row {
  const { article, sidecar, quotes } = input;
  const check = analyze({ article, sidecar, settings: SETTINGS });
  // A benchmark of input the engine misreads would measure the wrong work, so check the input.
  const unattributed = check.quotes.filter((quote) => quote.unattributed).length;
  const attributed = check.quotes.filter((quote) => quote.speaker !== undefined).length;
  const problems = check.sidecarDiagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (!check.articleAnalysed || attributed !== quotes || problems.length > 0) {
    console.log(
      `note: ${label}: ${attributed} of ${quotes} quotes attributed, ${unattributed} unattributed, ` +
        `${problems.length} sidecar problems${problems[0] ? ` (first: ${problems[0].code}: ${problems[0].message})` : ''}`,
    );
  }

  const chars = article.length + sidecar.length;
  // A few untimed calls before the timed ones; one suffices for the largest article, whose
  // single call is long enough for the JIT to settle.
  const warmUps = article.length < 5 * MB ? 3 : 1;
  const works = worksOf(input);
  // The two figures the budget is about, taken in turns.
  const [full, articleOnly, keystroke] = timeInTurns(runs, warmUps, chars, [
    works.full,
    works.article,
    works.keystroke,
  ]);
  // The parts are cheaper, so they get more runs: with few, a major garbage collection left over
  // from the full analyses can fall into every run of a part and make it look slower than it is.
  const partRuns = Math.max(runs, 7);
  const parse = time(partRuns, warmUps, chars, works.parse);
  const mentions = time(partRuns, warmUps, chars, works.mentions);
  const detection = time(partRuns, warmUps, chars, works.detection);
  const attribution = time(partRuns, warmUps, chars, works.attribution);
  return {
    label,
    chars: article.length,
    entities: check.sidecar?.entities.length ?? 0,
    quotes,
    full,
    article: articleOnly,
    keystroke,
    parse,
    mentions,
    detection,
    attribution,
    // Not clamped: a negative rest shows that the timings are noisy (a busy machine).
    rest: full.median - parse.median - mentions.median - detection.median - attribution.median,
  };
}

/** The timed works for one input: the two analyses the budget is about, and four of their parts. */
interface Works {
  full: () => unknown;
  /** The analysis with the sidecar already parsed: what a keystroke in the article would cost from scratch. */
  article: () => unknown;
  /**
   * A letter typed into the middle of the article and taken out again, each version analysed
   * given the analysis of the one before, as the server analyses keystrokes.
   */
  keystroke: () => unknown;
  parse: () => unknown;
  mentions: () => unknown;
  detection: () => unknown;
  /** What follows mentions and quotes: entries matched to quotes, quotes classified, speakers suggested. */
  attribution: () => unknown;
}

function worksOf(input: Generated): Works {
  const { article, sidecar } = input;
  const parsed = parseSidecar(sidecar);
  const profile = languageProfile('de');
  // The parts read the article as the analysis does: as one contiguous copy (the generated
  // article, like an edited document, is made by concatenation).
  const contiguous = contiguousCopy(article);
  // The attribution reads the mentions and quotes of the article, found when it is first run
  // rather than here: for the 10 MB article they are tens of megabytes, which would stay alive
  // while the other works are timed.
  let attribution: (() => unknown) | undefined;
  const attributionOf = (): (() => unknown) => {
    const settings = { ...DEFAULT_SETTINGS, ...SETTINGS };
    const breaks = paragraphBreaks(contiguous);
    const quotes = detectQuotes(contiguous, profile, [], breaks).quotes;
    const mentions = new MentionMatcher(parsed.sidecar.entities).find(contiguous, profile, { inflection: true });
    const scope = entityScope(parsed, undefined);
    return () => attributeQuotes(contiguous, quotes, mentions, scope, profile, settings, breaks);
  };
  const middle = article.length >> 1;
  const typed = article.slice(0, middle) + 'e' + article.slice(middle);
  let lastKeystroke: Analysis | undefined;
  const keystroke = (): Analysis => {
    const text = lastKeystroke?.article.length === article.length ? typed : article;
    lastKeystroke = analyze({
      article: text,
      sidecar: parsed,
      settings: SETTINGS,
      format: 'plaintext',
      ...(lastKeystroke ? { previous: lastKeystroke } : {}),
    });
    return lastKeystroke;
  };
  return {
    full: () => analyze({ article, sidecar, settings: SETTINGS, format: 'plaintext' }),
    keystroke,
    article: () => analyze({ article, sidecar: parsed, settings: SETTINGS, format: 'plaintext' }),
    parse: () => parseSidecar(sidecar),
    mentions: () => new MentionMatcher(parsed.sidecar.entities).find(contiguous, profile, { inflection: true }),
    detection: () => detectQuotes(contiguous, profile),
    attribution: () => (attribution ??= attributionOf())(),
  };
}

/**
 * The works by the names their growth is reported under: every timed one but the keystroke,
 * which keeps the analysis before it alive by design (the growth is measured with the result of
 * the run before dropped). The attribution is last, so that its input is not yet alive while the
 * others are timed (see `worksOf`).
 */
const WORK_NAMES: readonly [keyof Works, string][] = [
  ['full', 'full analysis'],
  ['article', 'article analysis'],
  ['parse', 'parse'],
  ['mentions', 'fold+mentions'],
  ['detection', 'quotes'],
  ['attribution', 'attribution'],
];

/** How many rounds `growthInTurns` takes, and how many runs of the small input each has. */
const GROWTH_ROUNDS = 3;
const GROWTH_SMALL_RUNS = 3;
/**
 * Growth from 1 to 10 MB beyond which a part counts as growing faster than its input. Linear
 * growth is 10, and n log n about 12; a square root more (n^1.5) would be 32 and quadratic 100.
 * On a busy machine a single ratio can be off by half, so only what no noise explains fails.
 */
const GROWTH_LIMIT = 20;
/**
 * How many times a growth above the limit is measured before it counts: the lowest ratio is
 * judged. Work that grows faster than its input does so every time; a busy spell seldom lasts
 * through three measurements.
 */
const GROWTH_ATTEMPTS = 3;

/**
 * The V8 flags the growth is measured under: the language server's, with the smallest young
 * generation. Under the server's own flags a 1 MB analysis fits in the young generation and its
 * result is copied between runs, untimed, while a 10 MB one does not fit, and the collections
 * inside it copy everything it has built so far: a step between the two sizes that the code
 * does not take. With a young generation that every timed work outgrows at both sizes, both pay
 * the collector in proportion to what they make and keep.
 */
const GROWTH_EXEC_ARGV: readonly string[] = [
  ...SERVER_EXEC_ARGV.filter((flag) => !flag.startsWith('--max-semi-space-size=')),
  '--max-semi-space-size=1',
];

/**
 * The growth of each work from the small input to the large one (10 times as long), as the
 * ratio of their fastest runs, with the two timed in turns: in each round, one run of the large
 * input and then a few of the small one. The table's rows are measured one after the other,
 * a minute apart, on a machine whose speed changes from one minute to the next, so that the
 * ratio of their figures moves a lot for the same code. Timed in turns, both sizes meet the
 * same states of the machine. A ratio above `GROWTH_LIMIT` is measured
 * again, up to `GROWTH_ATTEMPTS` times in all, and the lowest is kept. Run under
 * `GROWTH_EXEC_ARGV`, in a process of its own.
 */
function growthInTurns(small: Generated, large: Generated): { name: string; ratio: number }[] {
  const smallWorks = worksOf(small);
  const largeWorks = worksOf(large);
  const chars = Math.min(small.article.length, large.article.length);
  return WORK_NAMES.map(([key, name]) => {
    let ratio = Infinity;
    for (let attempt = 0; attempt < GROWTH_ATTEMPTS && ratio > GROWTH_LIMIT; attempt++) {
      ratio = Math.min(ratio, growthOf(smallWorks[key], largeWorks[key], chars));
    }
    return { name, ratio };
  });
}

/**
 * One measurement of `growthInTurns`: the ratio of the fastest runs of the large work and the
 * small one, in processor time. On a shared machine a process now and then waits for a
 * processor; short runs can fall between those waits and long ones cannot, so that in elapsed
 * time the large input looks slower than its work is.
 */
function growthOf(smallWork: () => unknown, largeWork: () => unknown, chars: number): number {
  let fastestSmall = Infinity;
  let fastestLarge = Infinity;
  // Each run is timed after the young generation is emptied, as in `timeInTurns`, but with
  // the result of the run before dropped first: a 10 MB result kept alive while the next
  // run is timed makes the marking of the old generation, which lands in whichever run
  // comes next, cost more for the large input than its own work does.
  const latest: unknown[] = [];
  const timed = (work: () => unknown): number => {
    latest[0] = undefined;
    if (chars >= IDLE_COLLECTION_MIN_CHARS) collectYoungGeneration();
    const start = process.cpuUsage();
    latest[0] = work();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  // One untimed run of each first, as the table's runs were before.
  latest[0] = smallWork();
  latest[0] = largeWork();
  for (let round = 0; round < GROWTH_ROUNDS; round++) {
    fastestLarge = Math.min(fastestLarge, timed(largeWork));
    for (let i = 0; i < GROWTH_SMALL_RUNS; i++) fastestSmall = Math.min(fastestSmall, timed(smallWork));
  }
  return fastestLarge / fastestSmall;
}

function table(rows: readonly Row[]): string {
  const header = [
    'size',
    'chars',
    'entities',
    'quotes',
    'full ms',
    'article ms',
    'keystroke ms',
    'parse ms',
    'fold+mentions ms',
    'quotes ms',
    'attribution ms',
    'rest ms',
    'ms per MB',
  ];
  const body = rows.map((row) => [
    row.label,
    row.chars.toLocaleString('en-US'),
    row.entities.toLocaleString('en-US'),
    row.quotes.toLocaleString('en-US'),
    row.full.median.toFixed(1),
    row.article.median.toFixed(1),
    row.keystroke.median.toFixed(1),
    row.parse.median.toFixed(1),
    row.mentions.median.toFixed(1),
    row.detection.median.toFixed(1),
    row.attribution.median.toFixed(1),
    row.rest.toFixed(1),
    (row.full.median / (row.chars / MB)).toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]): string =>
    '| ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ') + ' |';
  const rule =
    '|' +
    widths.map((width, i) => (i === 0 ? ':' : '-').padEnd(width + 1, '-') + (i === 0 ? '-' : ':')).join('|') +
    '|';
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** The sizes measured, with how many runs each gets. */
const SIZES = [
  // The 1 MB article carries the budget, so it gets the most runs: on a busy machine single runs
  // vary a lot, and the median of a few is not much steadier.
  { label: '0.1 MB', size: 0.1 * MB, runs: 9 },
  { label: '1 MB', size: 1 * MB, runs: 15 },
  { label: '10 MB', size: 10 * MB, runs: 3 },
];

/** The generated input of each size: the same on every run, and in every process. */
function inputOf(index: number, entities: readonly GeneratedEntity[]): Generated {
  return generate(SIZES[index].size, entities, 0x5eed + index);
}

/** Analyses the smallest article a few times, so that the first timing does not pay for compiling the engine. */
function warmUp(input: Generated): void {
  for (let i = 0; i < 5; i++) analyze({ article: input.article, sidecar: input.sidecar, settings: SETTINGS });
}

/**
 * The argument with which the benchmark runs itself under Node's default flags, for comparison:
 * it then times the 1 MB article only and prints the medians as JSON.
 */
const DEFAULT_FLAGS_ARGUMENT = '--default-flags-comparison';

function compareUnderDefaultFlags(): void {
  const entities = generateEntities(new Random(2000));
  warmUp(inputOf(0, entities));
  const row = measure(SIZES[1].label, inputOf(1, entities), SIZES[1].runs);
  console.log(JSON.stringify({ full: row.full.median, article: row.article.median }));
}

/** The argument with which the benchmark runs itself under `GROWTH_EXEC_ARGV` to measure the growth. */
const GROWTH_ARGUMENT = '--growth';

function reportGrowth(): void {
  const entities = generateEntities(new Random(2000));
  warmUp(inputOf(0, entities));
  console.log(JSON.stringify(growthInTurns(inputOf(1, entities), inputOf(2, entities))));
}

/** The growth of every timed work, from a child process; undefined if it failed. */
function growthInChild(): { name: string; ratio: number }[] | undefined {
  const child = spawnSync(process.execPath, [...GROWTH_EXEC_ARGV, __filename, GROWTH_ARGUMENT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { name: string; ratio: number }[];
  } catch {
    return undefined;
  }
}

/** The medians of the 1 MB article under Node's default flags, from a child process; undefined if it failed. */
function defaultFlagsMedians(): { full: number; article: number } | undefined {
  const child = spawnSync(process.execPath, [__filename, DEFAULT_FLAGS_ARGUMENT], { encoding: 'utf8' });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { full: number; article: number };
  } catch {
    return undefined;
  }
}

function main(): void {
  const entities = generateEntities(new Random(2000));
  console.log(
    `Node.js ${process.version}, ${ENTITY_COUNT} entities with 3 aliases each, ${QUOTES_PER_MB} quotes per MB.`,
  );
  console.log(`V8 flags as the language server runs: ${process.execArgv.join(' ') || 'none'}.`);
  console.log(
    'Times are medians after a warm-up. "attribution" matches quote entries to quotes, classifies quotes and suggests\n' +
      'speakers; "rest" is the full analysis less the timed parts: what joins them, and the garbage collections that the\n' +
      'parts timed alone do not meet (an analysis of 10 MB outgrows the young generation).',
  );
  console.log(
    'Between runs, as the server between analyses: the latest result is kept, and the young generation is collected\n' +
      `(for article and sidecar of ${IDLE_COLLECTION_MIN_CHARS.toLocaleString('en-US')} characters or more; the server does it once idle).\n`,
  );
  const inputs = SIZES.map((_, i) => inputOf(i, entities));
  warmUp(inputs[0]);
  const rows = SIZES.map(({ label, runs }, i) => measure(label, inputs[i], runs));
  console.log(table(rows));

  const one = rows[1];
  const ten = rows[2];
  console.log('');
  console.log(
    '"full" analyses both texts from scratch; "article" analyses the article with the sidecar parsed once (a sidecar\n' +
      'is parsed again only when it changes); "keystroke" analyses it after a one-letter edit given the analysis\n' +
      'before it, which is what the editor does while the article is typed in.',
  );
  for (const [name, value] of [
    ['full analysis', one.full.median],
    ['article analysis', one.article.median],
  ] as const) {
    console.log(
      value < BUDGET_MS_1MB
        ? `Budget: ${name} of 1 MB took ${value.toFixed(1)} ms, within ${BUDGET_MS_1MB} ms.`
        : `OVER BUDGET: ${name} of 1 MB took ${value.toFixed(1)} ms, more than ${BUDGET_MS_1MB} ms.`,
    );
  }
  // For comparison, not judged: the same article under Node's default flags, as a plain `node`
  // (the command-line checker, say) runs the engine.
  const defaults = defaultFlagsMedians();
  console.log(
    defaults
      ? `Under Node's default flags (so with no collection between runs): full analysis of 1 MB ${defaults.full.toFixed(1)} ms, article analysis ${defaults.article.toFixed(1)} ms.`
      : "Under Node's default flags: the comparison run failed.",
  );
  console.log(
    `Under the server's flags, from the table's fastest runs (not judged: a 10 MB analysis outgrows the young ` +
      `generation, a 1 MB one does not): ${WORK_NAMES.map(
        ([key, name]) => `${name} ${(ten[key].fastest / one[key].fastest).toFixed(1)}`,
      ).join(', ')}; rest (by subtraction) ${(ten.rest / one.rest).toFixed(1)}.`,
  );
  // The growth is judged on runs of both sizes taken in turns, in a process of its own (see
  // `GROWTH_EXEC_ARGV` and `growthInTurns`).
  const growth = growthInChild();
  if (!growth) {
    console.log('GROWTH NOT MEASURED: the process that measures it failed.');
    process.exitCode = 1;
    return;
  }
  console.log(
    `Growth, 10 MB / 1 MB (linear is about 10; characters ${(ten.chars / one.chars).toFixed(2)}), of the fastest runs ` +
      `of both sizes taken in turns, in processor time, under ${GROWTH_EXEC_ARGV.join(' ')}: ` +
      `${growth.map((g) => `${g.name} ${g.ratio.toFixed(1)}`).join(', ')}.`,
  );
  const above = growth.filter(({ ratio }) => ratio > GROWTH_LIMIT);
  for (const { name, ratio } of above) {
    console.log(`GROWTH ABOVE LINEAR: ${name} took ${ratio.toFixed(1)} times as long for 10 MB.`);
  }
  if (above.length > 0) process.exitCode = 1;
}

/** The argument that leaves out the benchmark of the workspace index. */
const NO_INDEX_ARGUMENT = '--no-index';

/**
 * The benchmark of the workspace index (scripts/indexBench.ts), in a process of its own: it
 * writes a generated archive of 10,000 articles, starts the language server on it and reports.
 */
function runIndexBenchmark(): void {
  console.log(
    `\nThe workspace index (scripts/indexBench.ts, alone: npm run bench:index; left out with ${NO_INDEX_ARGUMENT}):`,
  );
  const child = spawnSync(process.execPath, [path.join(__dirname, 'indexBench.js')], { stdio: 'inherit' });
  if (child.status !== 0) {
    console.log('INDEX NOT MEASURED: the benchmark of the workspace index failed.');
    process.exitCode = 1;
  }
}

// Run as a script; imported (by a profiling session, say) it only provides the generators.
// The budget is the editor's, so the benchmark runs under the flags the language server runs
// with, starting itself again with them when Node was started without.
if (require.main === module) {
  if (process.argv.includes(DEFAULT_FLAGS_ARGUMENT)) {
    compareUnderDefaultFlags();
  } else if (process.argv.includes(GROWTH_ARGUMENT)) {
    reportGrowth();
  } else if (SERVER_EXEC_ARGV.every((flag) => process.execArgv.includes(flag))) {
    main();
    if (!process.argv.includes(NO_INDEX_ARGUMENT)) runIndexBenchmark();
  } else {
    const child = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, __filename, ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
    process.exitCode = child.status ?? 1;
  }
}
