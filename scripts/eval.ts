/**
 * `npm run eval -- [DIR] [--verbose] [--show CATEGORY]`: measures quote detection and speaker
 * suggestion on real news with gold annotations, following the scoring protocol in the evaluation
 * data's README, and counts the errors by category over the whole split (what a rule moves), with
 * a few examples of each kind; `--show` prints every error of one category, `--verbose` all.
 *
 * Predictions come from the `article-annotations quotes FILE --format json` command (called in
 * this process through the command line's own `main`), so what is measured is what users get.
 * The evaluation texts are read at run time and never copied into the repository.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main as commandLine } from '../server/src/cli';
import { CONFIDENT, slugify } from '../server/src/core';

interface GoldQuote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  outer_start?: number;
  outer_end?: number;
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
  confidence: number;
  suggestionReason: string;
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
  /** Fix All: suggestions at or above `CONFIDENT` for quotes whose gold speaker is an entity. */
  confident: number;
  confidentCorrect: number;
  /** Entity suggestions for quotes with a gold entity, by the pattern that made them. */
  suggestionsByPattern: Map<string, { right: number; total: number }>;
}

/** The kinds of error, in the order they are printed. */
const MISS_KINDS = ['missed', 'spurious', 'boundary', 'wrong speaker cue', 'wrong entity'] as const;
type MissKind = (typeof MISS_KINDS)[number];

/** What each kind of error is counted by: one category in each of these dimensions. */
const DIMENSIONS: Record<MissKind, string[]> = {
  missed: ['why', 'rule that made it a term'],
  spurious: ['why', 'rule that made it speech'],
  boundary: ['which end differs'],
  'wrong speaker cue': [
    'what was found',
    'where the gold speaker is',
    'what the gold speaker is',
    'pattern that chose',
  ],
  'wrong entity': ['why'],
};

interface Miss {
  file: string;
  kind: MissKind;
  /** The error's category in each dimension of its kind that applies to it. */
  categories: Record<string, string>;
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
    confident: 0,
    confidentCorrect: 0,
    suggestionsByPattern: new Map(),
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

  // Every prediction, speech or term, to tell a quote taken for a term from one not found.
  const allSpans = predictedAll
    .concat(
      (JSON.parse(output) as { quotes: PredictedQuote[] }).quotes
        .filter((q) => q.kind === 'term')
        .flatMap((q) => q.parts.map((part) => ({ ...q, start: part.start, end: part.end }))),
    )
    .map((q) => ({ quote: q, span: trimmed(text, q) }));
  goldQuotes.forEach((g, gi) => {
    const goldSpan = goldSpans[gi];
    const pi = matched.get(gi);
    if (pi === undefined) {
      const term = allSpans.find((p) => p.quote.kind === 'term' && overlap(p.span, goldSpan) * 2 >= length(goldSpan));
      const speech = predictedSpans.some((p) => overlap(p, goldSpan) > 0);
      const duplicate = goldSpans.some(
        (other, oi) => oi !== gi && other.start === goldSpan.start && other.end === goldSpan.end && matched.has(oi),
      );
      misses.push({
        file: name,
        kind: 'missed',
        categories: term
          ? { why: 'taken for a term', 'rule that made it a term': ruleOf(term.quote.reason) }
          : {
              why: duplicate
                ? 'the gold has it twice'
                : speech
                  ? 'a speech quote overlaps it by less than half'
                  : 'no quote detected there',
            },
        text: context(text, goldSpan),
        detail: `marks ${g.marks}, ${g.kind}${term ? `; term: ${term.quote.reason}` : ''}`,
      });
      return;
    }
    const prediction = predictedScored[pi];
    const predictedSpan = predictedSpans[pi];
    if (predictedSpan.start !== goldSpan.start || predictedSpan.end !== goldSpan.end) {
      const start = predictedSpan.start !== goldSpan.start;
      const end = predictedSpan.end !== goldSpan.end;
      misses.push({
        file: name,
        kind: 'boundary',
        categories: { 'which end differs': start && end ? 'both' : start ? 'the start' : 'the end' },
        text: context(text, goldSpan),
        detail: `predicted ${context(text, predictedSpan)}`,
      });
    }
    const goldSpeaker =
      g.speaker_start !== null && g.speaker_end !== null ? { start: g.speaker_start, end: g.speaker_end } : undefined;
    const cue = prediction.speakerCue;
    const cueRight = goldSpeaker !== undefined && cue !== null && overlap(cue, goldSpeaker) > 0;
    if (goldSpeaker) {
      counts.cueTotal++;
      if (cueRight) counts.cueCorrect++;
      else {
        const outer = { start: g.outer_start ?? g.start, end: g.outer_end ?? g.end };
        misses.push({
          file: name,
          kind: 'wrong speaker cue',
          categories: {
            'what was found': cue ? 'a cue on another phrase' : 'no cue',
            'where the gold speaker is': whereIs(text, goldSpeaker, outer),
            'what the gold speaker is': speakerKind(g.speaker ?? ''),
            ...(cue ? { 'pattern that chose': patternOf(prediction.suggestionReason) } : {}),
          },
          text: context(text, goldSpan),
          detail: `gold “${g.speaker}”, predicted ${cue ? `“${cue.text}”` : 'none'} (${prediction.suggestionReason})`,
        });
      }
    }
    const entity = g.speaker ? idOf.get(g.speaker.trim()) : undefined;
    if (entity) {
      counts.entityTotal++;
      const right = prediction.suggestedSpeaker === entity;
      if (right) counts.entityCorrect++;
      if (prediction.suggestedSpeaker && prediction.confidence >= CONFIDENT) {
        counts.confident++;
        if (right) counts.confidentCorrect++;
      }
      if (prediction.suggestedSpeaker) {
        const key = `${patternOf(prediction.suggestionReason)}${prediction.confidence >= CONFIDENT ? ' (Fix All)' : ''}`;
        const tally = counts.suggestionsByPattern.get(key) ?? { right: 0, total: 0 };
        tally.total++;
        if (right) tally.right++;
        counts.suggestionsByPattern.set(key, tally);
      }
      if (!right) {
        const why = !cue
          ? 'no cue'
          : !cueRight
            ? 'a cue on another phrase'
            : prediction.suggestedSpeaker
              ? 'the right cue, another entity'
              : 'the right cue, no entity';
        misses.push({
          file: name,
          kind: 'wrong entity',
          categories: { why },
          text: context(text, goldSpan),
          detail: `gold ${entity}, suggested ${prediction.suggestedSpeaker ?? 'none'} (${prediction.suggestionReason})`,
        });
      }
    }
  });
  const matchedPredictions = new Set(matched.values());
  predictedScored.forEach((p, pi) => {
    if (matchedPredictions.has(pi)) return;
    const span = predictedSpans[pi];
    const why =
      gold.quotes.length === 0
        ? 'in a file whose gold has no quote'
        : goldSpans.some((g) => overlap(g, span) > 0)
          ? 'overlaps a gold quote by less than half'
          : 'no gold quote there';
    misses.push({
      file: name,
      kind: 'spurious',
      categories: { why, 'rule that made it speech': ruleOf(p.reason) },
      text: context(text, span),
      detail: p.reason,
    });
  });
}

function length(span: Span): number {
  return span.end - span.start;
}

/** A rule's reason with the words it quotes left out, so that one rule is one category. */
function ruleOf(reason: string): string {
  // Not [^”]*: from every unclosed “ that would read to the end, quadratic in all.
  return reason.replace(/“[^“”]*”/gu, '“…”');
}

/** The cue pattern named in a suggestion's reason, in brackets, or the reason itself. */
function patternOf(reason: string): string {
  const inBrackets = /\(([^()]*)\)/u.exec(reason);
  return inBrackets ? inBrackets[1] : ruleOf(reason);
}

/**
 * Where a gold speaker stands from its quote: in the quote's sentence, in another sentence of
 * its paragraph, or in another paragraph (judged by the text between them).
 */
function whereIs(text: string, speaker: Span, quote: Span): string {
  if (overlap(speaker, quote) > 0) return 'inside the quote';
  const between =
    speaker.end <= quote.start ? text.slice(speaker.end, quote.start) : text.slice(quote.end, speaker.start);
  if (between.includes('\n')) return 'in another paragraph';
  if (/[.!?][“”"»«’]?\s+(?!\p{Ll})/u.test(between)) return 'in another sentence';
  return "in the quote's sentence";
}

const DETERMINERS = new Set(
  "der die das des dem den ein eine einer eines einem einen the a an le la les un une des l’ l'".split(' '),
);

/** What a gold speaker string is: a pronoun, a description ("der Sprecher") or a name. */
function speakerKind(speaker: string): string {
  const words = speaker.trim().split(/\s+/u);
  const first = words[0]?.toLowerCase() ?? '';
  if (words.length === 1 && PRONOUNS.has(first)) return 'a pronoun';
  if (DETERMINERS.has(first) || /^\p{Ll}/u.test(speaker.trim())) return 'a description';
  return 'a name';
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
  const showAt = args.indexOf('--show');
  const show = showAt >= 0 ? args[showAt + 1] : undefined;
  if (showAt >= 0 && !show) throw new Error('--show needs a category, for example --show "no cue"');
  const given = args.find((arg, i) => !arg.startsWith('--') && (showAt < 0 || i !== showAt + 1));
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
  console.log('');
  for (const { subset, counts } of totals) {
    if (counts.entityTotal === 0) continue;
    console.log(
      `${subset}: Fix All (confidence ${CONFIDENT} or more) is right on ${ratio(counts.confidentCorrect, counts.confident)} ` +
        `(${counts.confidentCorrect}/${counts.confident}) of the quotes it would attribute, and covers ` +
        `${ratio(counts.confidentCorrect, counts.entityTotal)} (${counts.confidentCorrect}/${counts.entityTotal}) of those with a gold entity.`,
    );
    // Which patterns are sure enough for Fix All: a threshold is judged pattern by pattern.
    const patterns = [...counts.suggestionsByPattern].sort((a, b) => b[1].total - a[1].total);
    console.log(
      `  suggestions by pattern, right/made: ${patterns.map(([pattern, { right, total }]) => `${pattern} ${right}/${total}`).join(' · ')}`,
    );
  }
  for (const { subset, misses } of allMisses) {
    if (misses.length === 0) continue;
    console.log(`\n${subset}: ${misses.length} errors, counted by category`);
    for (const kind of MISS_KINDS) {
      const ofKind = misses.filter((miss) => miss.kind === kind);
      if (ofKind.length === 0) continue;
      console.log(`  ${kind} (${ofKind.length})`);
      for (const dimension of DIMENSIONS[kind]) {
        const tally = new Map<string, number>();
        for (const miss of ofKind) {
          const category = miss.categories[dimension];
          if (category !== undefined) tally.set(category, (tally.get(category) ?? 0) + 1);
        }
        if (tally.size === 0) continue;
        const sorted = [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        const listed = verbose || show ? sorted : sorted.slice(0, 8);
        const rest = sorted.length - listed.length;
        console.log(
          `    ${dimension}: ${listed.map(([category, n]) => `${category} ${n}`).join(' · ')}${rest > 0 ? ` · ${rest} more` : ''}`,
        );
      }
    }
  }
  // The development split is there to see whether what was learnt carries over: its figures
  // are read, its articles not, so its errors are counted but not shown.
  if (path.basename(directory) === 'dev' && !verbose && !show) {
    console.log(
      '\nExamples are not shown for the development split (read its figures); --show or --verbose shows them.',
    );
    return 0;
  }
  for (const { subset, misses } of allMisses) {
    const examples = misses.filter((miss) =>
      show ? Object.values(miss.categories).some((category) => category.includes(show)) || miss.kind === show : true,
    );
    if (examples.length === 0) continue;
    const shown = verbose || show ? Infinity : 3;
    console.log(
      `\n${subset}: ${show ? `the ${examples.length} errors of “${show}”` : `examples, the first ${shown} of each kind`}`,
    );
    for (const kind of MISS_KINDS) {
      const ofKind = examples.filter((miss) => miss.kind === kind);
      if (ofKind.length === 0) continue;
      console.log(`  ${kind} (${ofKind.length}):`);
      for (const miss of ofKind.slice(0, shown)) {
        console.log(
          `    ${miss.file}: ${miss.text}\n      ${miss.detail}\n      [${Object.values(miss.categories).join(' · ')}]`,
        );
      }
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
