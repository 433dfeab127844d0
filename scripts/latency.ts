/**
 * How long a keystroke takes to reach the editor as diagnostics, measured from a real LSP
 * client: the bundled server `dist/server.js --stdio`, started with the V8 flags the VS Code
 * client gives it, and the test client of test/support/lspClient.ts talking to it as VS Code
 * does. Two generated German articles are typed into, one after the other: one of 50 KB with
 * 300 entities, and the 1 MB article of `npm run bench` with its 2,000 entities.
 *
 * Each keystroke is one incremental `didChange`, sent at a typist's pace once the server has
 * answered the one before. A round of keystrokes around one attributed quote types outside the
 * quotes, inside the quote after the words its sidecar entry gives, inside those words (which
 * breaks the entry's match: the quote is unattributed and the entry matches nothing), outside
 * again while it is broken, and then deletes all of it, which mends the entry. A keystroke is
 * answered when the diagnostics of its version are published, or, when its diagnostics are
 * those published already (the server then publishes nothing), when the server announces the
 * end of its refresh. After each keystroke the full semantic tokens are requested, as VS Code
 * does when the server asks it to repaint.
 *
 * The script reports; it judges nothing and always stops by itself. It prints medians and 90th
 * percentiles: single keystrokes on a busy machine vary a lot. It touches no network; the
 * articles are written to a temporary folder that it removes.
 *
 * Run with `npm run bench:latency`; `-- --server-flag FLAG` starts the server with a Node.js flag
 * too (say `--cpu-prof`, whose profile lands in the current folder), and may be repeated.
 */

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../server/src/core';
import { LspClient, makeTempDir, removeTempDir, writeFiles } from '../test/support/lspClient';
import { valuesOf } from './arguments';
import { generate, generateEntities, Random } from './generator';
import { machineLine } from './machine';
import { sleep } from './sleep';

const KB = 1024;
const MB = 1024 * KB;

/**
 * The least time from one keystroke to the next: a quick typist's pace, which leaves the server
 * the idle moments it has between real keystrokes (when it collects a large analysis's garbage).
 */
const KEYSTROKE_INTERVAL_MS = 150;
/** Rounds that are not timed, so that the server's code is compiled for this input first. */
const WARM_UP_ROUNDS = 2;
/** Timed rounds, each around another quote, spread over the article. */
const ROUNDS = 10;
/** How long one answer may take before the script gives up (the server hangs, say). */
const TIMEOUT_MS = 60_000;

interface Article {
  label: string;
  name: string;
  text: string;
  sidecar: string;
}

function articles(): Article[] {
  const entities = generateEntities(new Random(2000));
  // The same seeds as `npm run bench`, whose 1 MB article this is.
  const small = generate(50 * KB, entities.slice(0, 300), 0x5eed);
  const large = generate(1 * MB, entities, 0x5eed + 1);
  return [
    { label: '50 KB, 300 entities', name: 'small', text: small.article, sidecar: small.sidecar },
    { label: '1 MB, 2,000 entities', name: 'large', text: large.article, sidecar: large.sidecar },
  ];
}

/** One keystroke: a character typed at an offset, or the one at an offset deleted. */
interface Keystroke {
  at: number;
  insert?: string;
  /** What it does, for the table. */
  kind: 'outside quotes' | 'inside a quote' | 'breaks an entry' | 'while broken' | 'mends the entry';
}

/**
 * The keystrokes of a round around one attributed quote, each offset in the text as the
 * keystrokes before it left it, which is the original text again after the round.
 */
function round(text: string, quote: { outer: { start: number }; content: { start: number; end: number } }) {
  // The paragraph's first character, outside any quote; a letter in the quote's first word,
  // which the sidecar entry begins with; and its last word, beyond the entry's words.
  const paragraph = text.lastIndexOf('\n\n', quote.outer.start);
  const outside = paragraph < 0 ? 0 : paragraph + 2;
  const opening = quote.content.start + 1;
  const tail = quote.content.end - 1;
  const keystrokes: Keystroke[] = [
    { at: outside, insert: 'x', kind: 'outside quotes' },
    { at: outside, kind: 'outside quotes' },
    { at: tail, insert: 'x', kind: 'inside a quote' },
    { at: opening, insert: 'x', kind: 'breaks an entry' },
    { at: outside, insert: 'x', kind: 'while broken' },
    { at: outside, kind: 'while broken' },
    { at: opening, kind: 'mends the entry' },
    { at: tail, kind: 'inside a quote' },
  ];
  return keystrokes;
}

/** Attributed quotes spread evenly over the article, one per round. */
function quotesFor(article: Article, count: number) {
  const analysis = analyze({ article: article.text, sidecar: article.sidecar, settings: { maxFileSize: 64 * MB } });
  const attributed = analysis.quotes.filter(
    (quote) => quote.depth === 0 && quote.entry !== undefined && quote.content.end - quote.content.start > 20,
  );
  if (attributed.length < count) throw new Error(`${article.label}: only ${attributed.length} attributed quotes.`);
  return Array.from({ length: count }, (_, i) => attributed[Math.floor(((i + 0.5) * attributed.length) / count)]);
}

interface Sample {
  kind: Keystroke['kind'];
  /** Keystroke to diagnostics, in milliseconds. */
  diagnostics: number;
  published: boolean;
  tokens: number;
}

/** Sends one keystroke and waits for its answer and its semantic tokens. */
async function keystroke(client: LspClient, uri: string, stroke: Keystroke): Promise<Omit<Sample, 'kind'>> {
  const refreshesBefore = client.analysisChangedAt.length;
  const sent = client.edit(uri, stroke.at, stroke.insert ? stroke.at : stroke.at + 1, stroke.insert ?? '');
  const version = client.versionOf(uri);
  // The server was idle when the keystroke was sent, so the next refresh to end is its own.
  const ended = await client.waitUntil(
    () => client.analysisChangedAt[refreshesBefore],
    TIMEOUT_MS,
    () => `the refresh after version ${version}`,
  );
  const publication = client.publicationRecordsOf(uri).find((record) => record.version === version);
  const tokensSent = performance.now();
  await client.request('textDocument/semanticTokens/full', { textDocument: { uri } }, TIMEOUT_MS);
  return {
    diagnostics: (publication?.at ?? ended) - sent,
    published: publication !== undefined,
    tokens: performance.now() - tokensSent,
  };
}

async function measure(client: LspClient, dir: string, article: Article): Promise<Sample[]> {
  const quotes = quotesFor(article, WARM_UP_ROUNDS + ROUNDS);
  const uri = client.open(path.join(dir, `${article.name}.txt`));
  await client.waitUntil(
    () => client.publicationRecordsOf(uri)[0],
    TIMEOUT_MS,
    () => `the first diagnostics of ${article.label}`,
  );
  await sleep(500);
  const samples: Sample[] = [];
  let last = 0;
  for (const [r, quote] of quotes.entries()) {
    for (const stroke of round(client.textOf(uri), quote)) {
      await sleep(last + KEYSTROKE_INTERVAL_MS - performance.now());
      last = performance.now();
      const sample = await keystroke(client, uri, stroke);
      if (r >= WARM_UP_ROUNDS) samples.push({ kind: stroke.kind, ...sample });
    }
  }
  if (client.textOf(uri) !== article.text) throw new Error(`${article.label}: the rounds did not restore the text.`);
  client.close(uri);
  return samples;
}

/** The value below which `share` of the sorted values lie (nearest rank). */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? NaN;
}

function line(label: string, values: readonly number[]): string {
  const p50 = percentile(values, 0.5).toFixed(1).padStart(7);
  const p90 = percentile(values, 0.9).toFixed(1).padStart(7);
  return `  ${label.padEnd(38)} ${String(values.length).padStart(4)} ${p50} ${p90}`;
}

function report(article: Article, samples: readonly Sample[]): void {
  console.log(`\n${article.label} (${article.text.length.toLocaleString('en-US')} characters):`);
  console.log(`  ${''.padEnd(38)} ${'n'.padStart(4)} ${'p50 ms'.padStart(7)} ${'p90 ms'.padStart(7)}`);
  console.log(
    line(
      'keystroke → diagnostics',
      samples.map((s) => s.diagnostics),
    ),
  );
  for (const kind of [...new Set(samples.map((s) => s.kind))]) {
    console.log(
      line(
        `  ${kind}`,
        samples.filter((s) => s.kind === kind).map((s) => s.diagnostics),
      ),
    );
  }
  const published = samples.filter((s) => s.published).length;
  console.log(`  (${published} of ${samples.length} keystrokes changed the published diagnostics)`);
  console.log(
    line(
      'semantic tokens (full)',
      samples.map((s) => s.tokens),
    ),
  );
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(
    `${ROUNDS} rounds of 8 keystrokes per article after ${WARM_UP_ROUNDS} untimed ones, ${KEYSTROKE_INTERVAL_MS} ms apart at least.`,
  );
  const inputs = articles();
  const dir = makeTempDir('article-annotations-latency-');
  let client: LspClient | undefined;
  try {
    writeFiles(
      dir,
      Object.fromEntries(
        inputs.flatMap((a) => [[`${a.name}.txt`, a.text] as const, [`${a.name}.ann.yaml`, a.sidecar] as const]),
      ),
    );
    client = await LspClient.start({ folders: [dir], execArgv: valuesOf(process.argv.slice(2), '--server-flag') });
    for (const article of inputs) report(article, await measure(client, dir, article));
    const errors = client.serverErrors();
    if (errors.length > 0) console.log(`\nThe server reported errors:\n${errors.join('\n')}`);
  } finally {
    await client?.shutdown();
    removeTempDir(dir);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:latency: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
