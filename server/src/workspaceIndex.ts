/**
 * The workspace index: every article, sidecar and registry under the workspace folders, read in
 * the background after start-up and kept current from file events and open documents. It keeps
 * a small summary per article (core/corpus/corpus.ts), never an analysis, so that an archive of
 * thousands of articles fits; the work is cut into slices, so that the editor's requests are
 * answered between them while the index is built.
 */

import * as path from 'node:path';
import {
  CorpusIndex,
  definedEntities,
  fileVocabulary,
  isMarkdownPath,
  mayNameItsArticle,
  notAnnotatedRecord,
  parseSidecar,
  roleOf,
  sidecarPathFor,
  summarize,
  unannotatedSummary,
  type ParsedSidecar,
  type Sidecar,
} from './core';
import {
  analyzeReads,
  articleForSidecar,
  diskAccessThrough,
  native,
  pairKeyOf,
  portable,
  promiseCalls,
  walkFiles,
  type FileAccess,
  type FileSystemCalls,
  type PairAnalysis,
  type ReadResult,
} from './files';
import type { ServerSettings } from './settings';
import { NODE_TIMERS, QuietTimer, type Timers } from './timers';
import type { ArticleWorkspace } from './workspace';

/** How long one slice of background work may run before the server answers what waits. */
const SLICE_MS = 8;
/**
 * How long the server stays quiet before the index takes in the open pairs analysed meanwhile:
 * a pause in typing, not every keystroke.
 */
export const TAKE_IN_AFTER_MS = 250;

/** What the index needs of the server. */
export interface IndexHost {
  workspace: ArticleWorkspace;
  settingsFor(file: string): Promise<ServerSettings>;
  /** Progress of the first build, shown by the editor; `report` takes a percentage. */
  beginProgress(title: string): Promise<{ report(percentage: number, message: string): void; done(): void }>;
  /** The index changed in a way that open documents show (hover counts, unused entities). */
  changed(): void;
  /**
   * The workspace has learnt the `article:` keys of every sidecar the build found: open
   * articles that such a sidecar names pair with it now.
   */
  paired(): void;
  log(error: unknown): void;
}

/** A piece of work on the queue: an article to read again, or to take out. */
interface Task {
  sidecar: string | undefined;
}

export class WorkspaceIndex {
  private readonly summaries = new CorpusIndex();
  /**
   * Open pairs analysed since the index last took them in, by pair, the latest last. Summarising
   * a long article for the index costs more than half as much as analysing it, so a keystroke
   * does not wait for it: the index takes them in when it is next read, or after a pause.
   */
  private readonly analysedPairs = new Map<string, { result: PairAnalysis; at: number }>();
  private readonly takeInTimer: QuietTimer;
  /** Articles to (re)index, with their sidecar when known. */
  private readonly queue = new Map<string, Task>();
  /** The sidecar each indexed article was paired with, and the article each sidecar annotates. */
  private readonly sidecarOf = new Map<string, string>();
  private readonly articleOf = new Map<string, string>();
  private draining: Promise<void> | undefined;
  private built = false;
  private generation = 0;
  /**
   * The sidecars the build has read to pair them, until their articles are indexed: each is
   * read once at start-up, with the limit and the folder it was read within.
   */
  private readonly sidecarReads = new Map<string, { read: ReadResult; limit: number; within: string | undefined }>();
  /** File events so far: a text read while one came in may be out of date, and is not kept. */
  private events = 0;
  /** Files on disk, read through the given calls (Node's promises; a test may count them). */
  private readonly disk: FileAccess;

  constructor(
    private readonly host: IndexHost,
    private readonly calls: FileSystemCalls = promiseCalls,
    timers: Timers = NODE_TIMERS,
  ) {
    this.disk = diskAccessThrough(calls);
    this.takeInTimer = new QuietTimer(TAKE_IN_AFTER_MS, () => this.takeInAnalysed(), timers);
  }

  /** What the index knows, with every open pair analysed so far taken in. */
  get corpus(): CorpusIndex {
    this.takeInAnalysed();
    return this.summaries;
  }

  /** Whether the first build has finished (and nothing waits in the queue). */
  get complete(): boolean {
    return this.built && this.queue.size === 0;
  }

  /**
   * Indexes the workspace folders from scratch, in the background; resolves when done. The
   * folders are walked and each sidecar read once: the `article:` keys read on the way are the
   * workspace's too (see `IndexHost.paired`), and each text is kept until its article is indexed.
   */
  async build(folders: readonly string[]): Promise<void> {
    const generation = ++this.generation;
    this.built = false;
    const progress = await this.host.beginProgress('Indexing articles');
    try {
      const found = { articles: [] as string[], sidecars: [] as string[], registries: [] as string[] };
      // Sidecars that are symbolic links: not indexed, but their `article:` keys pair.
      const linked: string[] = [];
      for (const folder of folders) {
        const { sidecarSuffix } = await this.host.settingsFor(folder);
        await walkFiles(folder, this.calls, (full, entry) => {
          const role = roleOf(entry.name, sidecarSuffix);
          if (!entry.isFile()) {
            if (role === 'sidecar') linked.push(full);
            return;
          }
          if (role === 'article') found.articles.push(full);
          else if (role === 'sidecar') found.sidecars.push(full);
          else if (role === 'registry') found.registries.push(full);
        });
      }
      if (generation !== this.generation) return;
      const paired = new Set<string>();
      for (const sidecar of found.sidecars) {
        const settings = await this.host.settingsFor(sidecar);
        const named = await this.namingSidecar(sidecar, settings, true);
        if (named) await this.host.workspace.learnArticleKey(sidecar, named, settings.sidecarSuffix);
        const article = await articleForSidecar(sidecar, named, settings.sidecarSuffix, this.disk);
        paired.add(article);
        await this.enqueue(article, sidecar);
      }
      for (const sidecar of linked) {
        const settings = await this.host.settingsFor(sidecar);
        const named = await this.namingSidecar(sidecar, settings, false);
        if (named) await this.host.workspace.learnArticleKey(sidecar, named, settings.sidecarSuffix);
      }
      this.host.paired();
      for (const registry of found.registries) await this.indexEntityFile(registry, true);
      for (const article of found.articles) if (!paired.has(article)) this.queue.set(article, { sidecar: undefined });
      const total = this.queue.size;
      await this.drain((done) =>
        progress.report(total ? Math.floor((100 * done) / total) : 100, `${done} of ${total}`),
      );
      if (generation === this.generation) this.built = true;
    } finally {
      // What the queue no longer asks for (an article another event took out meanwhile).
      if (generation === this.generation) this.sidecarReads.clear();
      progress.done();
      this.host.changed();
    }
  }

  /** A file changed on disk, or was created or deleted. */
  async fileChanged(file: string, deleted: boolean): Promise<void> {
    // A text the build read is out of date now.
    this.events++;
    this.sidecarReads.delete(file);
    if (!this.built && !this.draining) return;
    const settings = await this.host.settingsFor(file);
    const role = roleOf(portable(file), settings.sidecarSuffix);
    if (deleted && role === 'other') {
      // A folder: everything indexed under it goes.
      const prefix = file.endsWith(path.sep) ? file : file + path.sep;
      for (const article of [...this.corpus.articlePaths()]) if (article.startsWith(prefix)) this.forget(article);
      this.host.changed();
      return;
    }
    if (role === 'registry') {
      if (deleted) this.forgetEntities(file);
      else await this.indexEntityFile(file, true);
      // Every article below it sees other entities now; open ones are analysed again at once
      // by the server, the rest here in the background.
      const below = path.dirname(file) + path.sep;
      for (const article of this.corpus.articlePaths()) {
        if (article.startsWith(below)) this.queue.set(article, { sidecar: this.sidecarOf.get(article) });
      }
    } else if (role === 'sidecar') {
      const article = this.articleOf.get(file);
      if (deleted) {
        this.forgetEntities(file);
        if (article) this.queue.set(article, { sidecar: undefined });
      } else {
        const named = await this.namingSidecar(file, settings, false);
        const paired = await articleForSidecar(file, named, settings.sidecarSuffix, this.disk);
        if (article && article !== paired) this.queue.set(article, { sidecar: undefined });
        await this.enqueue(paired, file);
      }
    } else if (role === 'article') {
      if (deleted) this.forget(file);
      else this.queue.set(file, { sidecar: this.sidecarOf.get(file) });
    } else {
      return;
    }
    await this.drain();
    this.host.changed();
  }

  /**
   * An open pair was analysed: its summary replaces what the disk said, once the index takes it
   * in (every read of `corpus` does so first, so nothing reads an index behind the editor).
   */
  analysed(result: PairAnalysis): void {
    if (!this.inFolders(result.article)) return;
    const key = pairKeyOf(result);
    // The latest analysis of a pair goes last, as if each had been taken in at once.
    this.analysedPairs.delete(key);
    this.analysedPairs.set(key, { result, at: Date.now() });
    this.takeInTimer.schedule();
  }

  /** Summarises the open pairs analysed since the last take-in, in the order they came. */
  private takeInAnalysed(): void {
    if (this.analysedPairs.size === 0) return;
    this.takeInTimer.cancel();
    const analysed = [...this.analysedPairs.values()];
    this.analysedPairs.clear();
    for (const { result, at } of analysed) {
      try {
        this.takeIn(result, at);
      } catch (error) {
        this.host.log(error);
      }
    }
  }

  private takeIn(result: PairAnalysis, analysedAt: number): void {
    const parsed = result.analysis.parsedSidecar;
    if (result.registry) {
      if (parsed) this.entitiesChanged(result.sidecar!, parsed, true);
      return;
    }
    const summary = summarize(result.analysis, result.article, result.sidecar, analysedAt);
    this.corpus.setArticle(summary);
    if (result.sidecar) {
      this.pair(result.article, result.sidecar);
      if (parsed) this.entitiesChanged(result.sidecar, parsed, false);
    }
  }

  /**
   * Indexes the entities of a sidecar or registry parse, and the keys and values of its
   * `attributes:` and `meta:` that completion offers everywhere, unless this very parse is indexed
   * already: while only the article is typed in, its sidecar's parse stays the same.
   */
  private entitiesChanged(file: string, parsed: ParsedSidecar, registry: boolean): void {
    if (this.indexedParses.get(file) === parsed) return;
    this.indexedParses.set(file, parsed);
    this.corpus.setEntityFile(file, definedEntities(parsed, file, registry), fileVocabulary(parsed));
  }

  private readonly indexedParses = new Map<string, ParsedSidecar>();

  private forgetEntities(file: string): void {
    this.indexedParses.delete(file);
    this.corpus.removeEntityFile(file);
  }

  /** Runs the queue in slices, letting the server answer requests between them. */
  private drain(onProgress?: (done: number) => void): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      let done = 0;
      let sliceStart = Date.now();
      try {
        while (this.queue.size > 0) {
          const [article, task] = this.queue.entries().next().value as [string, Task];
          this.queue.delete(article);
          try {
            await this.indexArticle(article, task.sidecar);
          } catch (error) {
            this.host.log(error);
          }
          done++;
          if (Date.now() - sliceStart >= SLICE_MS) {
            onProgress?.(done);
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = Date.now();
          }
        }
        onProgress?.(done);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async indexArticle(article: string, sidecar: string | undefined): Promise<void> {
    const settings = await this.host.settingsFor(article);
    const limit = settings.analysis.maxFileSize;
    const within = this.folderOf(article);
    // An article without a sidecar of its own is indexed only below a registry: its mentions
    // are of entities every article shares.
    let sidecarFile = sidecar;
    if (!sidecarFile) {
      const conventional = native(sidecarPathFor(portable(article), settings.sidecarSuffix));
      if (await this.disk.exists(conventional)) sidecarFile = conventional;
    }
    // Both files, and when the article last changed, are read at once: each read takes a few
    // trips to Node's threads, and the server answers the requests that wait between two trips,
    // so that reads one after the other kept a change waiting behind as many requests.
    const [articleRead, sidecarRead, modified] = await Promise.all([
      this.read(article, limit, within),
      sidecarFile ? this.readSidecar(sidecarFile, limit, within) : undefined,
      // 0 for an article gone meanwhile: the next event takes it out.
      Promise.resolve()
        .then(() => this.calls.stat(article))
        .then(
          (stat) => stat.mtimeMs,
          () => 0,
        ),
    ]);
    if (!articleRead.ok && articleRead.missing) {
      this.forget(article);
      // A sidecar without its article still defines entities.
      if (sidecar) await this.indexEntityFile(sidecar, false);
      return;
    }
    const registries = await this.host.workspace.registriesFor(article, settings);
    if (!sidecarFile && !registries) {
      // Nothing to analyse: the article names no entity yet, and the sources report lists it
      // as not annotated.
      this.forget(article);
      const record = notAnnotatedRecord({
        article,
        text: articleRead.ok ? articleRead.text : undefined,
        markdown: isMarkdownPath(portable(article)),
        ...(articleRead.ok ? {} : { problem: articleRead.reason }),
      });
      this.corpus.setArticle(unannotatedSummary(record, modified));
      return;
    }
    const parsed = sidecarRead?.ok && sidecarRead.text.length <= limit ? parseSidecar(sidecarRead.text) : undefined;
    if (sidecarFile) {
      if (parsed) this.entitiesChanged(sidecarFile, parsed, false);
      else this.forgetEntities(sidecarFile);
    }
    const result = analyzeReads({
      articleFile: article,
      article: articleRead,
      sidecarFile,
      sidecar: sidecarRead,
      parsed,
      settings: { ...settings.analysis, unattributedSeverity: 'off' },
      ...(registries ? { registries } : {}),
    });
    this.corpus.setArticle(summarize(result.analysis, article, sidecarFile, modified));
    if (sidecarFile) this.pair(article, sidecarFile);
  }

  /**
   * Queues an article with the sidecar that annotates it. Its sidecar's entities are indexed
   * with it; a sidecar that another one naming the same article displaces has them indexed now.
   */
  private async enqueue(article: string, sidecar: string): Promise<void> {
    const displaced = this.queue.get(article)?.sidecar;
    this.queue.set(article, { sidecar });
    if (displaced && displaced !== sidecar) await this.indexEntityFile(displaced, false);
  }

  private pair(article: string, sidecar: string): void {
    const previous = this.sidecarOf.get(article);
    if (previous && previous !== sidecar) this.articleOf.delete(previous);
    this.sidecarOf.set(article, sidecar);
    this.articleOf.set(sidecar, article);
  }

  private forget(article: string): void {
    this.corpus.removeArticle(article);
    const sidecar = this.sidecarOf.get(article);
    if (sidecar) this.articleOf.delete(sidecar);
    this.sidecarOf.delete(article);
    this.queue.delete(article);
  }

  /**
   * Reads and indexes the entities a registry or sidecar defines. A registry is the workspace's
   * parse, which every article's chain of registries shares: a registry of thousands of
   * entities takes a while to parse, and the server answers nothing meanwhile.
   */
  private async indexEntityFile(file: string, registry: boolean): Promise<void> {
    const settings = await this.host.settingsFor(file);
    const parsed = registry
      ? await this.host.workspace.parsedRegistry(file, settings)
      : await this.parsedSidecar(file, settings);
    if (parsed) this.entitiesChanged(file, parsed, registry);
    else this.forgetEntities(file);
  }

  private async parsedSidecar(file: string, settings: ServerSettings): Promise<ParsedSidecar | undefined> {
    const read = await this.readSidecar(file, settings.analysis.maxFileSize, this.folderOf(file));
    return read.ok && read.text.length <= settings.analysis.maxFileSize ? parseSidecar(read.text) : undefined;
  }

  /**
   * The sidecar, parsed only if it may name its article with an `article:` key: the others
   * pair by name, and each is parsed when its article is indexed. With `keep`, the text is
   * kept for when its article is indexed.
   */
  private async namingSidecar(file: string, settings: ServerSettings, keep: boolean): Promise<Sidecar | undefined> {
    const limit = settings.analysis.maxFileSize;
    const within = this.folderOf(file);
    const events = this.events;
    const read = await this.read(file, limit, within);
    if (keep && events === this.events && this.host.workspace.openText(file) === undefined)
      this.sidecarReads.set(file, { read, limit, within });
    if (!read.ok || read.text.length > limit || !mayNameItsArticle(read.text)) return undefined;
    return parseSidecar(read.text).sidecar;
  }

  /**
   * A sidecar as `read` reads it, taken from what the build read if it read it the same way
   * (an open buffer's text comes first all the same).
   */
  private async readSidecar(file: string, limit: number, within: string | undefined): Promise<ReadResult> {
    const early = this.sidecarReads.get(file);
    this.sidecarReads.delete(file);
    if (early && early.limit === limit && early.within === within && this.host.workspace.openText(file) === undefined)
      return early.read;
    return this.read(file, limit, within);
  }

  /** An open buffer's text, or the file on disk (only where it really lies in its folder). */
  private async read(file: string, limit: number, within: string | undefined): Promise<ReadResult> {
    const open = this.host.workspace.openText(file);
    if (open !== undefined) return { ok: true, text: open };
    return this.disk.read(file, limit, within);
  }

  private folderOf(file: string): string | undefined {
    return this.host.workspace.folderOf(file);
  }

  private inFolders(file: string): boolean {
    return this.folderOf(file) !== undefined;
  }
}
