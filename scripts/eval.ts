/**
 * `npm run eval -- [DIR] [--verbose]`: measures quote detection and speaker suggestion on real
 * news with gold annotations, following the scoring protocol in the evaluation data's README.
 *
 * Predictions come from the `article-annotations quotes FILE --format json` command (called in
 * this process through the command line's own `main`), so what is measured is what users get.
 * The evaluation texts are read at run time and never copied into the repository.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main as commandLine } from '../server/src/cli';
import { slugify } from '../server/src/core';

interface GoldQuote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  marks: string;
  kind: 'direct' | 'mixed' | 'embedded';
}

interface GoldFile {
  language: string;
  quotes: GoldQuote[];
}

interface PredictedQuote {
  start: number;
  end: number;
  /** The quote paragraph by paragraph; the gold annotates each paragraph of a quote apart. */
  parts: Span[];
  text: string;
  kind: 'speech' | 'term';
  suggestedSpeaker: string | null;
  speakerCue: { start: number; end: number; text: string } | null;
  reason: string;
}

interface Span {
  start: number;
  end: number;
}

const OPENING_MARKS = ['„', '“', '"', '»', '«', '‚', '‘', '‹', '›'];
const PRONOUNS = new Set(
  (
    'er sie es ich wir ihr du man he she it they i we you him her them his its their il elle ils elles on je nous vous lui ' +
    'eux this that who which dieser diese jener'
  ).split(' '),
);

/** Subsets scored with a restriction: French fiction is scored on « » quotes only. */
const GUILLEMETS_ONLY = new Set(['supplement-fr-fiction']);

function trimmed(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /\s/u.test(text[end - 1])) end--;
  return { start, end };
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Runs the command line in this process and returns what it printed on standard output. */
async function runQuotesCommand(args: string[]): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let captured = '';
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  try {
    const code = await commandLine(args);
    if (code !== 0) throw new Error(`article-annotations ${args.join(' ')} exited with ${code}`);
  } finally {
    process.stdout.write = write;
  }
  return captured;
}

/** The sidecar the protocol prescribes: one person per distinct capitalised, non-pronoun gold speaker. */
function goldSidecar(gold: GoldFile): { yaml: string; idOf: Map<string, string> } {
  const idOf = new Map<string, string>();
  const used = new Set<string>();
  for (const quote of gold.quotes) {
    const speaker = quote.speaker?.trim();
    if (!speaker || !/^\p{Lu}/u.test(speaker) || PRONOUNS.has(speaker.toLowerCase()) || idOf.has(speaker)) continue;
    let id = slugify(speaker);
    for (let n = 2; used.has(id); n++) id = `${slugify(speaker)}-${n}`;
    used.add(id);
    idOf.set(speaker, id);
  }
  const lines = ['version: 1', `language: ${gold.language}`, 'entities:'];
  if (idOf.size === 0) lines[lines.length - 1] = 'entities: {}';
  for (const [speaker, id] of idOf) lines.push(`  ${id}:`, '    type: person', `    name: ${JSON.stringify(speaker)}`);
  return { yaml: lines.join('\n') + '\n', idOf };
}

interface Counts {
  gold: number;
  predicted: number;
  exact: number;
  overlap: number;
  cueTotal: number;
  cueCorrect: number;
  entityTotal: number;
  entityCorrect: number;
  /** Predictions in files whose gold has no quote at all (a gap in the gold, usually). */
  inFilesWithoutGold: number;
  filesWithoutGold: number;
}

interface Miss {
  file: string;
  kind: 'missed' | 'spurious' | 'wrong speaker cue' | 'wrong entity';
  text: string;
  detail: string;
}

function emptyCounts(): Counts {
  return {
    gold: 0,
    predicted: 0,
    exact: 0,
    overlap: 0,
    cueTotal: 0,
    cueCorrect: 0,
    entityTotal: 0,
    entityCorrect: 0,
    inFilesWithoutGold: 0,
    filesWithoutGold: 0,
  };
}

/** Greedy one-to-one matching, largest overlap first, as the protocol prescribes. */
function matchByOverlap(gold: Span[], predicted: Span[]): Map<number, number> {
  const pairs: { g: number; p: number; shared: number }[] = [];
  gold.forEach((g, gi) =>
    predicted.forEach((p, pi) => {
      const shared = overlap(g, p);
      const union = Math.max(g.end, p.end) - Math.min(g.start, p.start);
      if (shared > 0 && shared * 2 >= union) pairs.push({ g: gi, p: pi, shared });
    }),
  );
  pairs.sort((a, b) => b.shared - a.shared);
  const matched = new Map<number, number>();
  const usedPredictions = new Set<number>();
  for (const pair of pairs) {
    if (matched.has(pair.g) || usedPredictions.has(pair.p)) continue;
    matched.set(pair.g, pair.p);
    usedPredictions.add(pair.p);
  }
  return matched;
}

function context(text: string, span: Span): string {
  const before = text.slice(Math.max(0, span.start - 60), span.start).replace(/\s+/gu, ' ');
  const inside = text.slice(span.start, span.end).replace(/\s+/gu, ' ');
  const after = text.slice(span.end, span.end + 60).replace(/\s+/gu, ' ');
  return `…${before}⟦${inside.length > 120 ? inside.slice(0, 119) + '…' : inside}⟧${after}…`;
}

async function scoreFile(
  directory: string,
  name: string,
  subset: string,
  workDirectory: string,
  counts: Counts,
  misses: Miss[],
): Promise<void> {
  const articleFile = path.join(directory, `${name}.txt`);
  const text = readFileSync(articleFile, 'utf8');
  const gold = JSON.parse(readFileSync(path.join(directory, `${name}.gold.json`), 'utf8')) as GoldFile;
  const { yaml, idOf } = goldSidecar(gold);
  const sidecarFile = path.join(workDirectory, `${name}.ann.yaml`);
  writeFileSync(sidecarFile, yaml);
  const output = await runQuotesCommand([
    'quotes',
    articleFile,
    '--sidecar',
    sidecarFile,
    '--language',
    gold.language,
    '--format',
    'json',
  ]);
  // A quote over several paragraphs is scored paragraph by paragraph, as the gold annotates it.
  const predictedAll = (JSON.parse(output) as { quotes: PredictedQuote[] }).quotes
    .filter((q) => q.kind === 'speech')
    .flatMap((q) => q.parts.map((part) => ({ ...q, start: part.start, end: part.end })));
  // A predicted quote inside another predicted speech quote is dropped.
  const predicted = predictedAll.filter(
    (q) => !predictedAll.some((outer) => outer !== q && outer.start <= q.start && q.end <= outer.end),
  );
  const guillemetsOnly = GUILLEMETS_ONLY.has(subset);
  const goldQuotes = gold.quotes.filter(
    (q) =>
      (q.kind === 'direct' || q.kind === 'mixed') &&
      OPENING_MARKS.includes(q.marks[0]) &&
      (!guillemetsOnly || q.marks.startsWith('«')),
  );
  // Gold quotes the protocol leaves out (no marks, dialogue dashes, embedded quotes, and in
  // French fiction everything but « ») are "neither counted nor penalised": a prediction that
  // matches one of them is set aside rather than counted as spurious.
  const leftOut = gold.quotes.filter((q) => !goldQuotes.includes(q)).map((q) => trimmed(text, q));
  const predictedScored = predicted.filter((q) => {
    const span = trimmed(text, q);
    if (goldQuotes.some((g) => overlap(trimmed(text, g), span) > 0)) return true;
    return !leftOut.some((g) => overlap(g, span) * 2 >= Math.max(g.end, span.end) - Math.min(g.start, span.start));
  });
  const goldSpans = goldQuotes.map((q) => trimmed(text, q));
  const predictedSpans = predictedScored.map((q) => trimmed(text, q));
  counts.gold += goldSpans.length;
  counts.predicted += predictedSpans.length;
  if (gold.quotes.length === 0 && predictedSpans.length > 0) {
    counts.inFilesWithoutGold += predictedSpans.length;
    counts.filesWithoutGold++;
  }

  const exactPredictions = new Set<number>();
  goldSpans.forEach((g) => {
    const i = predictedSpans.findIndex((p, pi) => !exactPredictions.has(pi) && p.start === g.start && p.end === g.end);
    if (i >= 0) {
      exactPredictions.add(i);
      counts.exact++;
    }
  });
  const matched = matchByOverlap(goldSpans, predictedSpans);
  counts.overlap += matched.size;

  goldQuotes.forEach((g, gi) => {
    const pi = matched.get(gi);
    if (pi === undefined) {
      misses.push({
        file: name,
        kind: 'missed',
        text: context(text, goldSpans[gi]),
        detail: `marks ${g.marks}, ${g.kind}`,
      });
      return;
    }
    const prediction = predictedScored[pi];
    if (g.speaker_start !== null && g.speaker_end !== null) {
      counts.cueTotal++;
      const cue = prediction.speakerCue;
      if (cue && overlap(cue, { start: g.speaker_start, end: g.speaker_end }) > 0) counts.cueCorrect++;
      else {
        misses.push({
          file: name,
          kind: 'wrong speaker cue',
          text: context(text, goldSpans[gi]),
          detail: `gold “${g.speaker}”, predicted ${cue ? `“${cue.text}”` : 'none'} (${prediction.reason})`,
        });
      }
    }
    const entity = g.speaker ? idOf.get(g.speaker.trim()) : undefined;
    if (entity) {
      counts.entityTotal++;
      if (prediction.suggestedSpeaker === entity) counts.entityCorrect++;
      else {
        misses.push({
          file: name,
          kind: 'wrong entity',
          text: context(text, goldSpans[gi]),
          detail: `gold ${entity}, suggested ${prediction.suggestedSpeaker ?? 'none'}`,
        });
      }
    }
  });
  const matchedPredictions = new Set(matched.values());
  predictedScored.forEach((p, pi) => {
    if (!matchedPredictions.has(pi)) {
      misses.push({ file: name, kind: 'spurious', text: context(text, predictedSpans[pi]), detail: p.reason });
    }
  });
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? '   —' : (numerator / denominator).toFixed(3);
}

function f1(counts: Counts, hits: number): string {
  const precision = counts.predicted ? hits / counts.predicted : 0;
  const recall = counts.gold ? hits / counts.gold : 0;
  return precision + recall === 0 ? '0.000' : ((2 * precision * recall) / (precision + recall)).toFixed(3);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const given = args.find((arg) => !arg.startsWith('--'));
  const root = path.resolve(__dirname, '..', '..');
  const directory = given ? path.resolve(given) : path.resolve(root, '..', 'shared', 'eval', 'dev');
  if (!existsSync(directory)) {
    console.log(`No evaluation data at ${directory}; nothing to evaluate.`);
    return 0;
  }
  if (!given) console.log(`Evaluating on ${directory} (the development split).`);
  const subsets = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const workDirectory = mkdtempSync(path.join(tmpdir(), 'article-annotations-eval-'));
  const rows: string[] = [];
  const allMisses: { subset: string; misses: Miss[] }[] = [];
  const totals: { subset: string; counts: Counts }[] = [];
  try {
    for (const subset of subsets) {
      const subsetDirectory = path.join(directory, subset);
      const names = readdirSync(subsetDirectory)
        .filter((file) => file.endsWith('.gold.json'))
        .map((file) => file.slice(0, -'.gold.json'.length))
        .sort();
      const counts = emptyCounts();
      const misses: Miss[] = [];
      for (const name of names) await scoreFile(subsetDirectory, name, subset, workDirectory, counts, misses);
      const precisionOverlap = ratio(counts.overlap, counts.predicted);
      const recallOverlap = ratio(counts.overlap, counts.gold);
      rows.push(
        [
          subset.padEnd(22),
          String(names.length).padStart(5),
          String(counts.gold).padStart(5),
          String(counts.predicted).padStart(5),
          `${precisionOverlap} ${recallOverlap} ${f1(counts, counts.overlap)}`,
          `${ratio(counts.exact, counts.predicted)} ${ratio(counts.exact, counts.gold)} ${f1(counts, counts.exact)}`,
          `${ratio(counts.cueCorrect, counts.cueTotal)} (${counts.cueCorrect}/${counts.cueTotal})`.padEnd(18),
          `${ratio(counts.entityCorrect, counts.entityTotal)} (${counts.entityCorrect}/${counts.entityTotal})`,
        ].join('  '),
      );
      allMisses.push({ subset, misses });
      totals.push({ subset, counts });
    }
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    'subset                  files   gold  pred  overlap P     R     F1     exact P     R     F1     cue accuracy        entity accuracy',
  );
  for (const row of rows) console.log(row);
  console.log('');
  console.log('(French fiction is scored on « » quotes only: read its recall.)');
  for (const { subset, counts } of totals) {
    if (counts.inFilesWithoutGold === 0) continue;
    const predicted = counts.predicted - counts.inFilesWithoutGold;
    const precision = predicted ? counts.overlap / predicted : 0;
    const recall = counts.gold ? counts.overlap / counts.gold : 0;
    console.log(
      `${subset}: ${counts.inFilesWithoutGold} predicted quotes are in ${counts.filesWithoutGold} file(s) whose gold has no quote ` +
        `at all; without those files, overlap precision is ${precision.toFixed(3)} and F1 ${((2 * precision * recall) / (precision + recall || 1)).toFixed(3)}.`,
    );
  }
  const shown = verbose ? Infinity : 8;
  for (const { subset, misses } of allMisses) {
    if (misses.length === 0) continue;
    console.log(
      `\n${subset}: ${misses.length} errors${verbose ? '' : `, the first ${Math.min(shown, misses.length)} of each kind`}`,
    );
    for (const kind of ['missed', 'spurious', 'wrong speaker cue', 'wrong entity'] as const) {
      const ofKind = misses.filter((miss) => miss.kind === kind);
      if (ofKind.length === 0) continue;
      console.log(`  ${kind} (${ofKind.length}):`);
      for (const miss of ofKind.slice(0, shown)) console.log(`    ${miss.file}: ${miss.text}\n      ${miss.detail}`);
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
