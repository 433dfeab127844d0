/**
 * The workspace index at a newsroom's scale, measured from a real LSP client: the bundled
 * server `dist/server.js --stdio`, started with the V8 flags the VS Code client gives it, and
 * the test client of test/support/lspClient.ts, with a generated archive as workspace folder.
 *
 * The archive: a registry `entities.ann.yaml` of 10,000 people (names, aliases, descriptions,
 * Wikidata ids; about 1.6 MB) at the top, and 10,000 articles of about 5 KB in 100 folders of
 * 100, each naming eight people of the registry and quoting four, with a sidecar whose entries
 * name the speakers by the registry's ids. Every tenth article also names and quotes a person
 * the registry lacks, so that its sidecar has an unknown speaker until the registry gains her.
 *
 * What it measures, in order:
 *
 * 1. Start-up with one article opened at once: the time to the article's first diagnostics
 *    and to the end of the 'Indexing articles' progress, and while the index builds, every
 *    100 ms, a hover on a mention and an edit of the article (the time to the diagnostics of
 *    its version).
 * 2. After the build: the same hover and edit on a quiet server, `workspace/symbol` for a few
 *    queries, and references to a person across the archive.
 * 3. Closed articles' sidecars changed on disk (written, then `didChangeWatchedFiles`), one
 *    after the other: the time until `workspace/symbol` finds the entity one gained, or until
 *    references to a person of the open article find the quote another now gives her. The
 *    request is sent again as soon as it is answered, and the server reads the change between
 *    those requests.
 * 4. The registry opened; letters typed into a description, each timed to the end of the
 *    refresh it causes; then the registry edited (the missing person added): the time to the
 *    diagnostics of the open article's pair (its sidecar loses the unknown speaker), while
 *    closed articles wait; then saved (written, then `didChangeWatchedFiles`): hovers on her name every 100 ms,
 *    until her card counts every article that names her and the index has caught up.
 * 5. The server's memory (resident set of its process), sampled every 100 ms, and its peak.
 *
 * The script reports; it judges nothing, exits 0 unless it cannot run, and prints the
 * targets of issue #20 beside the figures for orientation. It touches no network; the archive
 * is written to a temporary folder that it removes.
 *
 * Run with `npm run bench:index`. Options: `--articles N` for a smaller archive (a quick look),
 * `--cpu-prof DIR` to have the server write a CPU profile into DIR when it exits.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import {
  fileUri,
  FileChangeType,
  LspClient,
  makeTempDir,
  messageOf,
  positionAt,
  removeTempDir,
} from '../test/support/lspClient';
import {
  generateNewsArticle,
  generateRegistryPeople,
  Random,
  registryYaml,
  type NamedPerson,
  type RegistryPerson,
} from './generator';
import { machineLine } from './machine';
import { sleep } from './sleep';

const KB = 1024;

const PEOPLE = 10_000;
const ARTICLE_SIZE = 5 * KB;
const ARTICLES_PER_FOLDER = 100;
/** People each article names, and how many of them it quotes (one quote each). */
const CAST = 8;
const QUOTES = 4;
/** A person the registry lacks at first, named and quoted in every tenth article. */
const NEWCOMER: NamedPerson = { id: 'henrike-probstmann', first: 'Henrike', last: 'Probstmann' };
const NEWCOMER_EVERY = 10;

/** How often a hover and an edit are sent while the server is busy. */
const SAMPLE_INTERVAL_MS = 100;
/** Hovers and edits on the quiet server after the build. */
const QUIET_SAMPLES = 30;
/** Keystrokes typed into a description of the open registry, each timed. */
const DESCRIPTION_KEYSTROKES = 10;
/** Runs of each `workspace/symbol` query, after two untimed ones. */
const SYMBOL_RUNS = 20;
/** Sidecars changed on disk one after the other, each timed: half by symbols, half by references. */
const SIDECAR_CHANGES = 20;
/** How long one step may take before the script gives up (the server hangs, say). */
const TIMEOUT_MS = 10 * 60_000;

interface Options {
  articles: number;
  cpuProfileDir: string | undefined;
}

function options(): Options {
  const args = process.argv.slice(2);
  const valueOf = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const articles = Number(valueOf('--articles') ?? 10_000);
  if (!Number.isInteger(articles) || articles < NEWCOMER_EVERY)
    throw new Error('--articles takes a number of 10 or more.');
  const cpuProfileDir = valueOf('--cpu-prof');
  return { articles, cpuProfileDir: cpuProfileDir ? path.resolve(cpuProfileDir) : undefined };
}

// The archive.

interface ArticleFile {
  /** Path relative to the workspace folder, `/`-separated, without `.txt`. */
  name: string;
  cast: NamedPerson[];
}

interface Archive {
  people: RegistryPerson[];
  articles: ArticleFile[];
  /** How many articles name the newcomer. */
  newcomerArticles: number;
  bytes: number;
  registryBytes: number;
}

/**
 * The people of an article: a few are in many articles and most in few, as in a newsroom's
 * archive (the first of the registry most often), and every tenth article names the newcomer
 * and quotes her.
 */
function castOf(index: number, people: readonly RegistryPerson[], random: Random): NamedPerson[] {
  const cast: NamedPerson[] = [];
  const chosen = new Set<number>();
  while (cast.length < CAST) {
    const pick = Math.floor(people.length * random.next() ** 3);
    if (chosen.has(pick)) continue;
    chosen.add(pick);
    cast.push(people[pick]);
  }
  if (index % NEWCOMER_EVERY === 0) cast.splice(1, 0, NEWCOMER);
  return cast;
}

function writeArchive(dir: string, count: number): Archive {
  const random = new Random(0x1dec5);
  const people = generateRegistryPeople(PEOPLE, random);
  const registry = registryYaml(people);
  fs.writeFileSync(path.join(dir, 'entities.ann.yaml'), registry);
  const articles: ArticleFile[] = [];
  let bytes = registry.length;
  let newcomerArticles = 0;
  for (let i = 0; i < count; i++) {
    const folder = `ressort-${String(Math.floor(i / ARTICLES_PER_FOLDER)).padStart(3, '0')}`;
    if (i % ARTICLES_PER_FOLDER === 0) fs.mkdirSync(path.join(dir, folder));
    const name = `${folder}/artikel-${String(i).padStart(5, '0')}`;
    const cast = castOf(i, people, random);
    if (cast.includes(NEWCOMER)) newcomerArticles++;
    const { article, sidecar } = generateNewsArticle(ARTICLE_SIZE, cast, QUOTES, 0xa271c1e + i);
    fs.writeFileSync(path.join(dir, `${name}.txt`), article);
    fs.writeFileSync(path.join(dir, `${name}.ann.yaml`), sidecar);
    bytes += article.length + sidecar.length;
    articles.push({ name, cast });
  }
  return { people, articles, newcomerArticles, bytes, registryBytes: Buffer.byteLength(registry) };
}

// Measuring.

/** The value below which `share` of the values lie (nearest rank). */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? NaN;
}

/** The server's resident memory, sampled from outside: now, and the highest seen. */
class MemorySampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number | undefined) {}

  /** The resident set and the kernel's high-water mark, in bytes, from /proc (Linux); undefined elsewhere. */
  read(): { rss: number; hwm: number } | undefined {
    if (this.pid === undefined) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kilobytes = (match: RegExpExecArray | null): number => Number(match?.[1]) * KB;
      return {
        rss: kilobytes(/^VmRSS:\s*(\d+) kB/mu.exec(status)),
        hwm: kilobytes(/^VmHWM:\s*(\d+) kB/mu.exec(status)),
      };
    } catch {
      return undefined;
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      const now = this.read();
      if (now) this.peak = Math.max(this.peak, now.rss);
    }, 100);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const MB = 1024 * KB;

function megabytes(bytes: number | undefined): string {
  return bytes === undefined || !(bytes > 0) ? 'n/a' : `${(bytes / MB).toFixed(0)} MB`;
}

/** One row of the table: a series of timings, or a single one. */
interface Row {
  what: string;
  values: number[];
  target: string;
}

const rows: Row[] = [];
const notes: string[] = [];

function record(what: string, values: number[], target = ''): void {
  rows.push({ what, values, target });
}

function table(): string {
  const header = ['measure', 'n', 'median ms', 'p90 ms', 'p99 ms', 'max ms', 'issue #20'];
  const body = rows.map(({ what, values, target }) =>
    values.length === 1
      ? [what, '1', values[0].toFixed(1), '', '', '', target]
      : [
          what,
          String(values.length),
          ...[0.5, 0.9, 0.99, 1].map((share) => (values.length ? percentile(values, share).toFixed(1) : 'n/a')),
          target,
        ],
  );
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]): string =>
    '| ' +
    cells.map((cell, i) => (i === 0 || i === 6 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ') +
    ' |';
  const rule =
    '|' +
    widths
      .map((width, i) => (i === 0 || i === 6 ? ':' : '-').padEnd(width + 1, '-') + (i === 0 || i === 6 ? '-' : ':'))
      .join('|') +
    '|';
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** The open article, with what the measurements hover on and type. */
class OpenArticle {
  /** Offsets inside the first full-name mention of each person of the cast. */
  readonly mentions: number[];
  private edits = 0;
  private hovers = 0;

  constructor(
    private readonly client: LspClient,
    readonly uri: string,
    readonly cast: readonly NamedPerson[],
  ) {
    const text = client.textOf(uri);
    // The newcomer is no entity until the registry gains her.
    this.mentions = cast
      .filter((person) => person !== NEWCOMER)
      .map((person) => {
        const at = text.indexOf(`${person.first} ${person.last}`);
        if (at < 0) throw new Error(`The open article does not name ${person.first} ${person.last}.`);
        return at + 1;
      });
  }

  /** Hovers on the next mention; returns the time to the answer. */
  async hover(): Promise<number> {
    const offset = this.mentions[this.hovers++ % this.mentions.length];
    const sent = performance.now();
    const answer = await this.client.hover(this.uri, offset);
    if (!answer) throw new Error('A hover on a mention had no answer.');
    return performance.now() - sent;
  }

  /**
   * Types into the article: a quote at its end whose number changes each time, so that its
   * `unattributed-quote` diagnostic changes and is published with the version. Returns the time
   * from the change to the publication of its version.
   */
  async edit(): Promise<number> {
    const number = ++this.edits;
    const text = this.client.textOf(this.uri);
    const marker = '„Messung Nummer ';
    const at = text.lastIndexOf(marker);
    const sent =
      at < 0
        ? this.client.edit(this.uri, text.length, text.length, `\n${marker}${number} läuft hier.“\n`)
        : this.client.edit(this.uri, at + marker.length, text.indexOf(' ', at + marker.length), String(number));
    const version = this.client.versionOf(this.uri);
    const published = await this.client.waitUntil(
      () => this.client.publicationRecordsOf(this.uri).find((record) => record.version === version),
      TIMEOUT_MS,
      () => `the diagnostics of version ${version}`,
    );
    return published.at - sent;
  }
}

/** Hovers and edits every `SAMPLE_INTERVAL_MS` until `done()`; the samples taken before it. */
async function sampleWhile(article: OpenArticle, done: () => boolean): Promise<{ hovers: number[]; edits: number[] }> {
  const hovers: number[] = [];
  const edits: number[] = [];
  const start = performance.now();
  while (!done()) {
    const tick = performance.now();
    if (tick - start > TIMEOUT_MS) throw new Error('Timed out waiting for the index.');
    const hover = await article.hover();
    if (!done()) hovers.push(hover);
    const edit = await article.edit();
    if (!done()) edits.push(edit);
    await sleep(tick + SAMPLE_INTERVAL_MS - performance.now());
  }
  return { hovers, edits };
}

/** Sends a request again and again until its answer satisfies `check`; the time from `since`. */
async function pollUntil<R>(
  send: () => Promise<R>,
  check: (answer: R) => boolean,
  since: number,
  what: string,
  intervalMs = 0,
): Promise<number> {
  for (;;) {
    const answer = await send();
    if (check(answer)) return performance.now() - since;
    if (performance.now() - since > TIMEOUT_MS) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(intervalMs);
  }
}

function references(client: LspClient, uri: string, offset: number): Promise<Location[] | null> {
  return client.request<Location[] | null>(
    'textDocument/references',
    { textDocument: { uri }, position: positionAt(client.textOf(uri), offset), context: { includeDeclaration: false } },
    TIMEOUT_MS,
  );
}

function symbols(client: LspClient, query: string): Promise<SymbolInformation[] | null> {
  return client.request<SymbolInformation[] | null>('workspace/symbol', { query }, TIMEOUT_MS);
}

async function timed<R>(work: () => Promise<R>): Promise<{ ms: number; answer: R }> {
  const start = performance.now();
  const answer = await work();
  return { ms: performance.now() - start, answer };
}

async function main(): Promise<void> {
  const { articles: articleCount, cpuProfileDir } = options();
  console.log(machineLine());
  const dir = makeTempDir('article-annotations-index-');
  let client: LspClient | undefined;
  let memory: MemorySampler | undefined;
  try {
    const generating = performance.now();
    const archive = writeArchive(dir, articleCount);
    console.log(
      `Archive: ${archive.articles.length.toLocaleString('en-US')} articles with sidecars in ` +
        `${Math.ceil(archive.articles.length / ARTICLES_PER_FOLDER)} folders, a registry of ` +
        `${archive.people.length.toLocaleString('en-US')} people (${(archive.registryBytes / MB).toFixed(2)} MB); ` +
        `${(archive.bytes / MB).toFixed(0)} MB in all, written in ${((performance.now() - generating) / 1000).toFixed(1)} s.`,
    );

    // 1. Start-up, with one article opened at once.
    // An article that names the newcomer, in the middle of the archive.
    const openIndex = Math.floor((archive.articles.length * 0.42) / NEWCOMER_EVERY) * NEWCOMER_EVERY;
    const opened = archive.articles[openIndex];
    const started = performance.now();
    client = await LspClient.start({
      folders: [dir],
      execArgv: cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [],
    });
    memory = new MemorySampler(client.pid);
    memory.start();
    const uri = client.open(path.join(dir, `${opened.name}.txt`));
    const article = new OpenArticle(client, uri, opened.cast);
    const live = client;
    let progressBegin: number | undefined;
    let indexed: number | undefined;
    void live
      .waitUntil(
        () => live.progress.find((p) => p.kind === 'begin' && p.title === 'Indexing articles'),
        TIMEOUT_MS,
        () => 'the indexing progress',
      )
      .then(
        () => (progressBegin = performance.now()),
        () => undefined,
      );
    void live.waitForProgressEnd('Indexing articles', TIMEOUT_MS).then(
      () => (indexed = performance.now()),
      () => undefined,
    );
    await client.waitUntil(
      () => live.publicationRecordsOf(uri)[0],
      TIMEOUT_MS,
      () => 'the first diagnostics of the open article',
    );
    const firstDiagnostics = performance.now() - started;
    const building = await sampleWhile(article, () => indexed !== undefined);
    const buildPeak = memory.peak;
    record('start → first diagnostics of the open article', [firstDiagnostics]);
    record('start → indexing progress begins', [(progressBegin ?? NaN) - started]);
    record('start → index complete (progress ends)', [indexed! - started], 'under 30 s');
    record('hover while the index builds', building.hovers, 'p99 under 50 ms');
    record('edit → diagnostics while the index builds', building.edits, 'p99 under 50 ms');

    // 2. After the build, on a quiet server.
    await sleep(1000);
    const afterBuild = memory.read();
    const quiet = { hovers: [] as number[], edits: [] as number[] };
    for (let i = 0; i < QUIET_SAMPLES; i++) {
      quiet.hovers.push(await article.hover());
      quiet.edits.push(await article.edit());
      await sleep(SAMPLE_INTERVAL_MS);
    }
    record('hover after the build', quiet.hovers);
    record('edit → diagnostics after the build', quiet.edits);

    const star = archive.people[0];
    const queries = [
      `${star.first} ${star.last}`,
      star.last.slice(0, 3).toLowerCase(),
      `${star.first.charAt(0)}${star.last.slice(0, 3)}`.toLowerCase(),
      'probst',
      'qxz',
    ];
    const symbolTimes: number[] = [];
    const symbolCounts: string[] = [];
    for (const query of queries) {
      await symbols(client, query);
      await symbols(client, query);
      let count = 0;
      for (let i = 0; i < SYMBOL_RUNS; i++) {
        const { ms, answer } = await timed(() => symbols(live, query));
        symbolTimes.push(ms);
        count = answer?.length ?? 0;
      }
      symbolCounts.push(`'${query}' ${count}`);
    }
    record(`workspace/symbol (${queries.length} queries)`, symbolTimes, 'under 20 ms');
    notes.push(`workspace/symbol results per query: ${symbolCounts.join(', ')}.`);

    // References to the open article's first person, from its mention.
    const referenceTimes: number[] = [];
    let referenceCount = 0;
    for (let i = 0; i < 10; i++) {
      const { ms, answer } = await timed(() => references(live, uri, article.mentions[0]));
      referenceTimes.push(ms);
      referenceCount = answer?.length ?? 0;
    }
    record('references to a person across the archive', referenceTimes);
    notes.push(
      `References to ${opened.cast[0].first} ${opened.cast[0].last}, the open article's first person: ` +
        `${referenceCount.toLocaleString('en-US')} places.`,
    );

    // 3. Closed articles' sidecars changed on disk: each gains an entity of its own, and its
    // first quote's speaker becomes a person of the open article.
    const symbolDelays: number[] = [];
    const referenceDelays: number[] = [];
    // The open article's least known person, whose references are few and quick to list.
    const speaker = opened.cast.filter((person) => person !== NEWCOMER).reduce((a, b) => (a.id > b.id ? a : b));
    const speakerAt = article.mentions[opened.cast.filter((person) => person !== NEWCOMER).indexOf(speaker)];
    for (let change = 0; change < SIDECAR_CHANGES; change++) {
      // Articles spread over the archive that do not name the speaker yet.
      let pick = openIndex + 1 + change * 997;
      while (archive.articles[pick % archive.articles.length].cast.includes(speaker)) pick++;
      const target = archive.articles[pick % archive.articles.length];
      const sidecarFile = path.join(dir, `${target.name}.ann.yaml`);
      const before = (await references(client, uri, speakerAt))?.length ?? 0;
      const name = `Leopoldine Neuzugang${change}`;
      const text = fs
        .readFileSync(sidecarFile, 'utf8')
        .replace('quotes:\n', `entities:\n  neuzugang-${change}:\n    type: person\n    name: ${name}\nquotes:\n`)
        .replace(/speaker: .*/u, `speaker: ${speaker.id}`);
      const since = performance.now();
      fs.writeFileSync(sidecarFile, text);
      client.filesChanged([{ file: sidecarFile, type: FileChangeType.Changed }]);
      // One kind of request at a time, sent again as soon as the last is answered: every
      // request the server answers before it has read the change delays the change.
      if (change % 2 === 0) {
        symbolDelays.push(
          await pollUntil(
            () => symbols(live, `neuzugang${change}`),
            (answer) => (answer ?? []).some((symbol) => symbol.name === name),
            since,
            `the symbol ${name}`,
          ),
        );
      } else {
        referenceDelays.push(
          await pollUntil(
            () => references(live, uri, speakerAt),
            (answer) => (answer?.length ?? 0) > before,
            since,
            `the references of ${speaker.id} in ${target.name}`,
          ),
        );
      }
      await sleep(200);
    }
    record('sidecar changed on disk → workspace/symbol', symbolDelays, 'under 50 ms');
    record('sidecar changed on disk → references', referenceDelays, 'under 50 ms');

    // 4. The registry opened, edited and saved.
    const registryFile = path.join(dir, 'entities.ann.yaml');
    const sidecarUri = fileUri(path.join(dir, `${opened.name}.ann.yaml`));
    const opening = performance.now();
    const registryUri = client.open(registryFile);
    await client.waitUntil(
      () => live.publicationRecordsOf(registryUri)[0],
      TIMEOUT_MS,
      () => 'the diagnostics of the registry',
    );
    record('open the registry → its diagnostics', [performance.now() - opening]);
    notes.push(
      `The registry's diagnostics: ${(client.diagnosticsOf(registryUri) ?? []).length.toLocaleString('en-US')} ` +
        '(unused-entity hints for the people no article names).',
    );
    await sleep(1000);
    const names = (diagnostics: Diagnostic[] | undefined): boolean =>
      (diagnostics ?? []).some((diagnostic) => messageOf(diagnostic).includes(NEWCOMER.id));
    if (!names(client.diagnosticsOf(sidecarUri)))
      notes.push('The open sidecar had no unknown-speaker diagnostic to lose.');
    // Keystrokes that change no name: letters typed into a description, each after the one
    // before was answered (the server ended the refresh it caused).
    const typed: number[] = [];
    for (let i = 0; i < DESCRIPTION_KEYSTROKES; i++) {
      const at = client.textOf(registryUri).indexOf('    description: ') + '    description: '.length;
      const refreshes = client.analysisChangedAt.length;
      const keystroke = client.edit(registryUri, at, at, 'x');
      await client.waitUntil(
        () => live.analysisChangedAt.slice(refreshes).find((at) => at > keystroke),
        TIMEOUT_MS,
        () => 'the end of the refresh after a keystroke in a description',
      );
      typed.push(live.analysisChangedAt.slice(refreshes).find((at) => at > keystroke)! - keystroke);
      await sleep(SAMPLE_INTERVAL_MS);
    }
    record('registry description typed → the refresh ends', typed);
    const registryText = client.textOf(registryUri);
    const refreshesBefore = client.analysisChangedAt.length;
    const edited = client.edit(
      registryUri,
      registryText.length,
      registryText.length,
      `  ${NEWCOMER.id}:\n    type: person\n    name: ${NEWCOMER.first} ${NEWCOMER.last}\n`,
    );
    await client.waitUntil(
      () => live.publicationRecordsOf(sidecarUri).find((record) => record.at > edited && !names(record.diagnostics)),
      TIMEOUT_MS,
      () => `the sidecar's diagnostics without ${NEWCOMER.id}`,
    );
    const publishedAt = live.publicationRecordsOf(sidecarUri).find((r) => r.at > edited && !names(r.diagnostics))!.at;
    record('registry edited → the open article’s diagnostics', [publishedAt - edited]);
    await client.waitUntil(
      () => live.analysisChangedAt[refreshesBefore],
      TIMEOUT_MS,
      () => 'the end of the refresh after the registry edit',
    );
    record('registry edited → the refresh ends', [live.analysisChangedAt[refreshesBefore] - edited]);
    const newcomerAt = client.textOf(uri).indexOf(`${NEWCOMER.first} ${NEWCOMER.last}`) + 1;
    const articlesNaming = (answer: Location[] | null): number =>
      new Set((answer ?? []).filter((location) => location.uri.endsWith('.txt')).map((location) => location.uri)).size;
    const beforeSave = articlesNaming(await references(client, uri, newcomerAt));
    notes.push(
      `References to the new registry entity before the registry is saved: ${beforeSave} article(s); ` +
        `${archive.newcomerArticles.toLocaleString('en-US')} name her.`,
    );

    // The index is followed by hovers on the newcomer, every 100 ms: the card counts the
    // articles that mention her, and says "still indexing" until the index has caught up.
    const saved = performance.now();
    fs.writeFileSync(registryFile, client.textOf(registryUri));
    client.filesChanged([{ file: registryFile, type: FileChangeType.Changed }]);
    const catchingUp: number[] = [];
    let allNamed: number | undefined;
    let caughtUp: number | undefined;
    while (caughtUp === undefined) {
      const tick = performance.now();
      const card = await client.hover(uri, newcomerAt);
      catchingUp.push(performance.now() - tick);
      const text = card && typeof card.contents === 'object' && 'value' in card.contents ? card.contents.value : '';
      const mentioned = Number(/mentioned in (\d+) article/u.exec(text)?.[1] ?? 0);
      if (allNamed === undefined && mentioned >= archive.newcomerArticles) allNamed = performance.now() - saved;
      if (allNamed !== undefined && !text.includes('still indexing')) caughtUp = performance.now() - saved;
      if (tick - saved > TIMEOUT_MS) throw new Error('Timed out waiting for the index to catch up with the registry.');
      await sleep(tick + SAMPLE_INTERVAL_MS - performance.now());
    }
    record('registry saved → every article naming the new entity', [allNamed!]);
    record('registry saved → index caught up', [caughtUp]);
    record('hover while the index catches up', catchingUp);

    memory.stop();
    const last = memory.read();
    notes.push(
      `Server memory (resident): peak while building ${megabytes(buildPeak)}, after the build ${megabytes(afterBuild?.rss)}, ` +
        `at the end ${megabytes(last?.rss)}, highest of the whole run ${megabytes(Math.max(memory.peak, last?.hwm ?? 0))} ` +
        '(issue #20: under 1 GB).',
    );

    console.log('');
    console.log(table());
    console.log('');
    for (const note of notes) console.log(note);
    const errors = client.serverErrors();
    if (errors.length > 0) console.log(`\nThe server reported errors:\n${errors.join('\n')}`);
  } finally {
    memory?.stop();
    await client?.shutdown(cpuProfileDir ? 60_000 : 3000);
    removeTempDir(dir);
  }
  if (cpuProfileDir) console.log(`The server's CPU profile is in ${cpuProfileDir}.`);
}

main().catch((error: unknown) => {
  console.error(`bench:index: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
