/**
 * The server's view of the workspace: which article goes with which sidecar, their current
 * texts (an open editor's buffer, unsaved edits included, or else the file on disk), and one
 * cached analysis per pair of versions that every feature shares.
 */

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  mayNameItsArticle,
  registryChain,
  registryPathsFor,
  roleOf,
  sidecarPathFor,
  type ParsedSidecar,
  type RegistryChain,
  type RegistryFile,
  type Sidecar,
} from './core';
import {
  analyzeReads,
  articleForSidecar,
  diskAccessThrough,
  isInside,
  native,
  parseRead,
  portable,
  promiseCalls,
  repositoryRoot,
  type FileAccess,
  type FileSystemCalls,
  type PairAnalysis,
  type ReadResult,
} from './files';
import { checkRegistry, registryOf, type RegistryRead } from './registries';
import { NEXT_TURN, type Yield } from './refreshScheduler';
import { settingsKey, type ServerSettings } from './settings';

/**
 * Where a document stands in its pair. A registry (`entities.ann.yaml`) is a pair of its own:
 * it is its sidecar and its article, and has no article text.
 */
export interface Pair {
  article: string;
  sidecar: string;
  registry?: true;
  /**
   * The article has no sidecar yet (`sidecar` is where it would be), but a registry lies above
   * it: its mentions are highlighted and hovered, and it is not checked until it has one.
   */
  sidecarMissing?: true;
}

/**
 * Pairs of at least this many characters (article and sidecar together) are parsed and analysed
 * each after a turn of the event loop: such a step takes tens of milliseconds, and the requests
 * already read meanwhile (a hover in another file) are answered first.
 */
export const LARGE_PAIR_CHARS = 100_000;
/**
 * How many turns of the event loop a large pair waits before each long step: the connection
 * handles one message a turn, and a request read with the change, or just after it, is a few
 * messages back.
 */
export const LARGE_PAIR_TURNS = 3;

interface DiskEntry {
  result: Promise<ReadResult>;
  revision: number;
}

/** The length of a text read, 0 for one that could not be. */
function lengthOf(read: ReadResult | undefined): number {
  return read?.ok ? read.text.length : 0;
}

export class ArticleWorkspace {
  /** Open documents by file path. */
  private readonly open = new Map<string, TextDocument>();
  /**
   * When each open document was opened, counted over all openings. Versions start again at 1
   * when a document is closed and opened again, so a version alone does not name a text.
   */
  private readonly openings = new Map<string, number>();
  private openCount = 0;
  /** Files read from disk, until a watcher says they changed. */
  private readonly disk = new Map<string, DiskEntry>();
  private diskRevision = 0;
  /**
   * Each sidecar's parse and each pair's analysis, by the versions they read, with the texts
   * they read: a new version with the same text (a file opened as it is on disk, or closed
   * after it was saved) takes them over rather than parsing and analysing the text again.
   */
  private readonly parsed = new Map<string, ReadUnderVersion & { parsed: ParsedSidecar | undefined }>();
  private readonly analyses = new Map<
    string,
    { key: string; content: string; sources: readonly unknown[] | undefined; result: PairAnalysis }
  >();
  /** Analyses under way, by pair: a request for the same versions waits for the one running. */
  private readonly analysing = new Map<string, { key: string; result: Promise<PairAnalysis> }>();
  /** The versions of the open documents each analysis read. */
  private readonly versionsRead = new WeakMap<PairAnalysis, { article?: number; sidecar?: number }>();
  /** The workspace folders: a file in one is read only if it really lies in it (no link out). */
  private folders: string[] = [];
  /** Articles named by a sidecar's `article:` key, and the sidecar that names them. */
  private readonly explicitSidecars = new Map<string, string>();
  /**
   * The registries each folder sees, kept while none of them changes: every article of a
   * folder shares one chain, and the engine keeps the registries' compiled names per chain.
   */
  private readonly chains = new Map<string, { key: string; chain: RegistryChain }>();
  /**
   * The chains by what they hold (the registries, their versions and how messages name them),
   * with how many folders use each: folders that see the same registries by the same relative
   * path (the many folders of an archive at one depth below its registry) share one chain, so
   * that its entities and compiled names are made once for all of them, not once per folder.
   */
  private readonly chainsByKey = new Map<string, { chain: RegistryChain; folders: number }>();

  /** Files on disk, read through the given calls (Node's promises; a test may count them). */
  private readonly files: FileAccess;

  constructor(
    private readonly settingsFor: (uri: string) => Promise<ServerSettings>,
    private readonly calls: FileSystemCalls = promiseCalls,
    private readonly nextTurn: Yield = NEXT_TURN,
  ) {
    this.files = diskAccessThrough(calls);
  }

  /** The file path of a `file:` URI, or undefined for other schemes (untitled, virtual). */
  static pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }

  /** The URI to use for a path: an open document's own URI, so the client recognises it. */
  uriOf(file: string): string {
    return this.open.get(file)?.uri ?? pathToFileURL(file).href;
  }

  didOpen(document: TextDocument): void {
    const file = ArticleWorkspace.pathOf(document.uri);
    if (!file) return;
    // A client that opens a document without text (null, against the protocol) gets the file
    // on disk instead, rather than an analysis of nothing.
    if (!hasText(document)) {
      this.didClose(document);
      return;
    }
    this.open.set(file, document);
    this.openings.set(file, ++this.openCount);
  }

  didChange(document: TextDocument): void {
    const file = ArticleWorkspace.pathOf(document.uri);
    if (!file) return;
    if (hasText(document)) this.open.set(file, document);
    else this.didClose(document);
  }

  didClose(document: TextDocument): void {
    const file = ArticleWorkspace.pathOf(document.uri);
    if (!file) return;
    this.open.delete(file);
    this.openings.delete(file);
    // The buffer may have been discarded or saved: the disk is the truth again.
    this.disk.delete(file);
  }

  /**
   * A file or folder changed on disk (created, changed, deleted, renamed): forgets what was read
   * of it, and of every file under a deleted folder, at once, so that a refresh that starts after
   * the change reads it afresh. `learnChangedFile` then reads what it says of its article.
   */
  forgetDiskText(uri: string, deleted: boolean): void {
    const file = ArticleWorkspace.pathOf(uri);
    if (!file) return;
    this.disk.delete(file);
    if (deleted) {
      const prefix = file.endsWith(path.sep) ? file : file + path.sep;
      for (const cached of [...this.disk.keys()]) if (cached.startsWith(prefix)) this.disk.delete(cached);
    }
  }

  /** A sidecar that appears or changes is indexed, so that its `article:` key pairs it at once. */
  async learnChangedFile(uri: string, deleted: boolean): Promise<void> {
    const file = ArticleWorkspace.pathOf(uri);
    if (!file || deleted) return;
    const settings = await this.settingsFor(uri);
    if (roleOf(portable(file), settings.sidecarSuffix) === 'sidecar')
      await this.indexSidecar(file, settings.sidecarSuffix, settings.analysis.maxFileSize);
  }

  /**
   * A file's text as it is now: the open buffer with its version, or the disk read afresh (not
   * from the cache, which may not have heard of a change yet); undefined when it cannot be read.
   */
  async currentText(file: string, maxBytes: number): Promise<{ text: string; version: number | null } | undefined> {
    const document = this.open.get(file);
    if (document) return { text: document.getText(), version: document.version };
    const read = await this.files.read(file, maxBytes, this.folderOf(file));
    const cached = await this.disk.get(file)?.result;
    // The cache missed a change (no watcher, or its event is still on the way): drop it, so
    // that the next analysis reads the disk.
    if (cached && (!read.ok || !cached.ok || cached.text !== read.text)) this.disk.delete(file);
    return read.ok ? { text: read.text, version: null } : undefined;
  }

  /**
   * The open document of a URI, if it is open with text: one opened with `null` text (see
   * `didOpen`) is read from disk, and is not open here.
   */
  openDocument(uri: string): TextDocument | undefined {
    const file = ArticleWorkspace.pathOf(uri);
    return file === undefined ? undefined : this.open.get(file);
  }

  /** The text of an open document, by file path. */
  openText(file: string): string | undefined {
    return this.open.get(file)?.getText();
  }

  openDocuments(): TextDocument[] {
    return [...this.open.values()];
  }

  /** Whether the file is open in the editor (by its path). */
  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  /** Reads open buffers first, then the disk (once per revision). */
  private readonly access: FileAccess = {
    read: (file, maxBytes) => {
      const document = this.open.get(file);
      if (document) return Promise.resolve({ ok: true, text: document.getText() });
      return this.readDisk(file, maxBytes).result;
    },
    exists: async (file) => {
      if (this.open.has(file)) return true;
      const result = await this.readDisk(file, Number.MAX_SAFE_INTEGER).result;
      return result.ok || (!result.missing && !result.directory);
    },
  };

  private readDisk(file: string, maxBytes: number): DiskEntry {
    let entry = this.disk.get(file);
    if (!entry) {
      entry = {
        result: this.files.read(file, Math.max(maxBytes, 64 * 1024 * 1024), this.folderOf(file)),
        revision: ++this.diskRevision,
      };
      this.disk.set(file, entry);
    }
    return entry;
  }

  /**
   * The top folder of a file: the innermost workspace folder that holds it, or outside every
   * workspace folder the nearest folder above it that holds `.git` (else its own folder).
   * Registries are looked for up to it, and the facts of `wikidata.ann.json` kept at its root.
   */
  async rootOf(file: string): Promise<string> {
    return this.folderOf(file) ?? (await this.repositoryRoot(path.dirname(file)));
  }

  /**
   * A file as the analyses read it (the open buffer, else the disk, cached until a watcher says
   * it changed), with a key that names that text: the same key, the same text.
   */
  async readVersioned(file: string, maxBytes: number): Promise<{ read: ReadResult; version: string }> {
    const read = this.access.read(file, maxBytes);
    // The version of the text being read, taken before a change can come in meanwhile.
    const version = this.versionOf(file);
    return { read: await read, version };
  }

  /** The innermost workspace folder that holds `file` by its path, if any. */
  folderOf(file: string): string | undefined {
    let found: string | undefined;
    for (const folder of this.folders) {
      if (isInside(folder, file) && (!found || folder.length > found.length)) found = folder;
    }
    return found;
  }

  private versionOf(file: string): string {
    const document = this.open.get(file);
    if (document) return `open:${this.openings.get(file)}:${document.version}`;
    return `disk:${this.disk.get(file)?.revision ?? 'none'}`;
  }

  /** The pair a document belongs to, or undefined when it is neither article nor sidecar. */
  async pairOf(uri: string): Promise<{ pair: Pair; settings: ServerSettings } | undefined> {
    const file = ArticleWorkspace.pathOf(uri);
    if (!file) return undefined;
    const settings = await this.settingsFor(uri);
    const role = roleOf(portable(file), settings.sidecarSuffix);
    if (role === 'registry') return { pair: { article: file, sidecar: file, registry: true }, settings };
    if (role === 'sidecar') {
      const parsed = await this.parsedSidecar(file, settings);
      const article = await articleForSidecar(file, parsed?.sidecar, settings.sidecarSuffix, this.access);
      // Keep the index of `article:` keys current as the sidecar is edited.
      for (const [other, sidecar] of this.explicitSidecars) {
        if (sidecar === file && other !== article) this.explicitSidecars.delete(other);
      }
      if (parsed?.sidecar.article) this.explicitSidecars.set(article, file);
      return { pair: { article, sidecar: file }, settings };
    }
    if (role === 'article') {
      const explicit = this.explicitSidecars.get(file);
      if (explicit && (await this.stillNames(explicit, file, settings)))
        return { pair: { article: file, sidecar: explicit }, settings };
      const conventional = native(sidecarPathFor(portable(file), settings.sidecarSuffix));
      if (await this.access.exists(conventional)) return { pair: { article: file, sidecar: conventional }, settings };
      // An article without a sidecar gets nothing, no noise on every README, unless it lies
      // below a registry: then the entities it names are known.
      if (!(await this.registriesFor(file, settings))) return undefined;
      return { pair: { article: file, sidecar: conventional, sidecarMissing: true }, settings };
    }
    return undefined;
  }

  /**
   * Whether a sidecar, as it is now (edited in the editor or changed on disk since it was
   * indexed), still names the article with its `article:` key. The index is kept: a sidecar
   * that names the article again pairs again.
   */
  private async stillNames(sidecar: string, article: string, settings: ServerSettings): Promise<boolean> {
    if (!(await this.access.exists(sidecar))) return false;
    const parsed = await this.parsedSidecar(sidecar, settings);
    if (!parsed?.sidecar.article) return false;
    return (await articleForSidecar(sidecar, parsed.sidecar, settings.sidecarSuffix, this.access)) === article;
  }

  private async parsedSidecar(file: string, settings: ServerSettings): Promise<ParsedSidecar | undefined> {
    const limit = settings.analysis.maxFileSize;
    const reading = this.access.read(file, limit);
    const version = this.versionOf(file);
    const settingsRead = settingsKey(settings);
    const read = await reading;
    const text = textOf(read);
    const cached = this.parsed.get(file);
    if (holdsFor(cached, version, settingsRead, text)) return cached.parsed;
    const running = this.parsing.get(file);
    if (running?.version === version && running.settings === settingsRead) return running.result;
    const parsing = (async (): Promise<ParsedSidecar | undefined> => {
      // A large sidecar, opened or named by an article, waits a few turns, so that the requests
      // read meanwhile (a hover in another file) are answered before its parse.
      if (text !== undefined && text.length >= LARGE_PAIR_CHARS) await this.turns(LARGE_PAIR_TURNS);
      const parsed = parseRead(read, limit);
      this.parsed.set(file, { version, settings: settingsRead, text, parsed });
      return parsed;
    })();
    this.parsing.set(file, { version, settings: settingsRead, result: parsing });
    try {
      return await parsing;
    } finally {
      if (this.parsing.get(file)?.result === parsing) this.parsing.delete(file);
    }
  }

  /** Parses under way, by sidecar: a request for the same version waits for the one running. */
  private readonly parsing = new Map<
    string,
    { version: string; settings: string; result: Promise<ParsedSidecar | undefined> }
  >();

  /** A registry as it is now, read and parsed once per version; with why it cannot be used. */
  private async registryRead(file: string, settings: ServerSettings): Promise<RegistryRead> {
    const limit = settings.analysis.maxFileSize;
    const read = this.access.read(file, limit);
    const version = this.versionOf(file);
    const settingsRead = settingsKey(settings);
    const text = textOf(await read);
    const cached = this.registryReads.get(file);
    if (holdsFor(cached, version, settingsRead, text)) return cached.registry;
    const registry = registryOf(file, file, await read, limit);
    this.registryReads.set(file, { version, settings: settingsRead, text, registry });
    return registry;
  }

  private readonly registryReads = new Map<string, ReadUnderVersion & { registry: RegistryRead }>();

  /** A registry as a chain holds it. */
  private async registryFile(file: string, settings: ServerSettings): Promise<RegistryFile> {
    const { parsed, unreadable } = await this.registryRead(file, settings);
    return { path: file, parsed, ...(unreadable !== undefined ? { unreadable } : {}) };
  }

  /** A registry as every chain holds it: parsed once per version; undefined when it cannot be read. */
  async parsedRegistry(file: string, settings: ServerSettings): Promise<ParsedSidecar | undefined> {
    return (await this.registryFile(file, settings)).parsed;
  }

  /**
   * The registries a file's folder sees, nearest first: `entities.ann.yaml` there and in each
   * folder above, up to the workspace folder that holds the file (outside every workspace
   * folder, only its own folder's). The same chain object while none of them changes.
   */
  async registriesFor(file: string, settings: ServerSettings): Promise<RegistryChain | undefined> {
    const folder = path.dirname(file);
    const root = await this.rootOf(file);
    const candidates = registryPathsFor(portable(folder), portable(root), settings.sidecarSuffix).map(native);
    const files: RegistryFile[] = [];
    const versions: string[] = [];
    for (const candidate of candidates) {
      if (candidate === file || !(await this.access.exists(candidate))) continue;
      const registry = await this.registryFile(candidate, settings);
      const label = portable(path.relative(folder, candidate));
      files.push({ ...registry, label });
      versions.push(`${candidate}@${this.versionOf(candidate)}@${label}`);
    }
    if (files.length === 0) return undefined;
    const key = versions.join('|') + settingsKey(settings);
    const cached = this.chains.get(folder);
    if (cached?.key === key) return cached.chain;
    let shared = this.chainsByKey.get(key);
    if (!shared) {
      shared = { chain: registryChain(files), folders: 0 };
      this.chainsByKey.set(key, shared);
    }
    shared.folders++;
    const previous = cached && this.chainsByKey.get(cached.key);
    if (previous && --previous.folders === 0) this.chainsByKey.delete(cached.key);
    this.chains.set(folder, { key, chain: shared.chain });
    return shared.chain;
  }

  /** The analysis of the pair a document belongs to, computed once per pair of versions. */
  async analysisOf(uri: string): Promise<PairAnalysis | undefined> {
    const found = await this.pairOf(uri);
    if (!found) return undefined;
    const { pair, settings } = found;
    if (pair.registry) return this.registryAnalysis(pair.sidecar, settings);
    const limit = settings.analysis.maxFileSize;
    const reads = Promise.all([
      this.access.read(pair.article, limit),
      pair.sidecarMissing ? undefined : this.access.read(pair.sidecar, limit),
    ]);
    // The versions of the texts just read, taken before anything is awaited: open documents are
    // read at once, and a change that comes meanwhile must not be taken for the text read.
    const versionKey = `${this.versionOf(pair.article)}|${this.versionOf(pair.sidecar)}`;
    const versions = { article: this.open.get(pair.article)?.version, sidecar: this.open.get(pair.sidecar)?.version };
    const registries = await this.registriesFor(pair.article, settings);
    const content = `${settingsKey(settings)}|${this.chainKey(registries)}`;
    const key = `${versionKey}|${content}`;
    const [article, sidecar] = await reads;
    const cacheKey = `${pair.article}\u0000${pair.sidecar}${pair.sidecarMissing ? '\u0000missing' : ''}`;
    const entry = this.analyses.get(cacheKey);
    if (entry?.key === key) return entry.result;
    const sources = pairTexts(article, sidecar);
    if (entry && entry.content === content && sameSources(entry.sources, sources)) {
      return this.takeOver(cacheKey, entry, key, versions);
    }
    const running = this.analysing.get(cacheKey);
    if (running?.key === key) return running.result;
    const analysed = (async (): Promise<PairAnalysis> => {
      // A large pair waits a few turns before its analysis (and a large sidecar before its
      // parse), so that the requests read meanwhile go first; the versions were taken above,
      // and a change meanwhile is analysed after.
      const parsed = pair.sidecarMissing ? undefined : await this.parsedSidecar(pair.sidecar, settings);
      if (lengthOf(article) + lengthOf(sidecar) >= LARGE_PAIR_CHARS) await this.turns(LARGE_PAIR_TURNS);
      // The pair's analysis before this edit, from which the engine takes what still holds.
      const previous = this.analyses.get(cacheKey)?.result;
      const result = analyzeReads({
        articleFile: pair.article,
        article,
        sidecarFile: pair.sidecarMissing ? undefined : pair.sidecar,
        sidecar,
        parsed,
        // Not annotated yet: its quotes are not reported until it has a sidecar.
        settings: pair.sidecarMissing ? { ...settings.analysis, unattributedSeverity: 'off' } : settings.analysis,
        ...(registries ? { registries } : {}),
        ...(previous ? { previous: previous.analysis } : {}),
      });
      this.analyses.set(cacheKey, { key, content, sources, result });
      this.versionsRead.set(result, versions);
      return result;
    })();
    this.analysing.set(cacheKey, { key, result: analysed });
    try {
      return await analysed;
    } finally {
      if (this.analysing.get(cacheKey)?.result === analysed) this.analysing.delete(cacheKey);
    }
  }

  /** Lets the event loop turn `count` times. */
  async turns(count: number): Promise<void> {
    for (let turn = 0; turn < count; turn++) await this.nextTurn();
  }

  /**
   * For a file outside every workspace folder, the nearest folder above it that holds `.git`
   * (else its own), as the command line takes it: registries are looked for up to there.
   */
  private repositoryRoot(folder: string): Promise<string> {
    let root = this.repositoryRoots.get(folder);
    if (!root) {
      root = repositoryRoot(folder, this.calls);
      this.repositoryRoots.set(folder, root);
    }
    return root;
  }

  private readonly repositoryRoots = new Map<string, Promise<string>>();

  /** A key that changes when a chain is rebuilt (the identity of the chain object). */
  private chainKey(chain: RegistryChain | undefined): string {
    if (!chain) return '';
    let id = this.chainIds.get(chain);
    if (id === undefined) {
      id = ++this.chainCount;
      this.chainIds.set(chain, id);
    }
    return `chain:${id}`;
  }

  private readonly chainIds = new WeakMap<RegistryChain, number>();
  private chainCount = 0;

  /** A registry's own analysis: its entities checked as a sidecar's are, with no article. */
  private async registryAnalysis(file: string, settings: ServerSettings): Promise<PairAnalysis | undefined> {
    const registry = await this.registryRead(file, settings);
    const content = `registry|${settingsKey(settings)}`;
    const key = `${this.versionOf(file)}|${content}`;
    const cacheKey = `${file}\u0000${file}`;
    const version = this.open.get(file)?.version;
    const cached = this.analyses.get(cacheKey);
    if (cached?.key === key) return cached.result;
    // The registry read is taken over by a new version with the same text (see registryRead).
    if (cached && cached.content === content && sameSources(cached.sources, [registry])) {
      return this.takeOver(cacheKey, cached, key, { article: version, sidecar: version });
    }
    const { analysis, diagnostics } = checkRegistry(registry, settings.analysis);
    const result: PairAnalysis = {
      article: file,
      sidecar: file,
      analysis,
      diagnostics: diagnostics.map((diagnostic) => ({ file, diagnostic })),
      registry: true,
    };
    this.analyses.set(cacheKey, { key, content, sources: [registry], result });
    this.versionsRead.set(result, { article: version, sidecar: version });
    return result;
  }

  /**
   * An analysis taken over by new versions of the same texts: a copy, so that each is published
   * with the versions it stands for, and so that a refresh sees it as new.
   */
  private takeOver(
    cacheKey: string,
    entry: { content: string; sources: readonly unknown[] | undefined; result: PairAnalysis },
    key: string,
    versions: { article?: number; sidecar?: number },
  ): PairAnalysis {
    const result = { ...entry.result };
    this.analyses.set(cacheKey, { ...entry, key, result });
    this.versionsRead.set(result, versions);
    return result;
  }

  /**
   * The version of the open document whose text an analysis read for `file` (the article or
   * the sidecar of its pair), to publish its diagnostics with; undefined for a file read from
   * disk.
   */
  versionRead(result: PairAnalysis, file: string | undefined): number | undefined {
    const versions = this.versionsRead.get(result);
    if (!versions || file === undefined) return undefined;
    return file === result.article ? versions.article : file === result.sidecar ? versions.sidecar : undefined;
  }

  /** Forgets cached analyses, for example after the settings changed. */
  clearAnalyses(): void {
    this.analyses.clear();
    this.parsed.clear();
  }

  /**
   * Sets the workspace folders: a file in one is read only if it really lies in it, and the
   * innermost one that holds a file is where its registries are looked for up to.
   */
  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
  }

  /**
   * Learns the article a sidecar names with its `article:` key, so that opening that article
   * finds its sidecar. The workspace index reads every sidecar of the workspace folders at
   * start-up and hands each one with such a key here, so that the sidecars are walked to and
   * read once; sidecars without the key are found by name and need no index.
   */
  async learnArticleKey(sidecar: string, parsed: Sidecar, suffix: string): Promise<void> {
    if (!parsed.article) return;
    const article = await articleForSidecar(sidecar, parsed, suffix, this.access);
    this.explicitSidecars.set(article, sidecar);
  }

  /** Records the article a sidecar on disk names with its `article:` key, if it names one. */
  private async indexSidecar(sidecar: string, suffix: string, maxFileSize: number): Promise<void> {
    const read = await this.readDisk(sidecar, maxFileSize).result;
    if (!read.ok || !mayNameItsArticle(read.text)) return;
    const parsed = parseRead(read, maxFileSize);
    if (parsed) await this.learnArticleKey(sidecar, parsed.sidecar, suffix);
  }

  /** Whether a file exists, open in the editor or on disk. */
  exists(file: string): Promise<boolean> {
    return this.access.exists(file);
  }
}

/** Whether a document has text: a client may send `null` where the protocol wants a string. */
function hasText(document: TextDocument): boolean {
  return typeof (document.getText() as unknown) === 'string';
}

/** The texts a pair's analysis read, or undefined when a file could not be read (its diagnostic says why, which may change). */
function pairTexts(article: ReadResult, sidecar: ReadResult | undefined): readonly unknown[] | undefined {
  if (!article.ok || (sidecar && !sidecar.ok)) return undefined;
  return [article.text, sidecar?.text];
}

function textOf(read: ReadResult): string | undefined {
  return read.ok ? read.text : undefined;
}

/** What a file's parse was made from: the file's version, the settings, and its text (none if unreadable). */
interface ReadUnderVersion {
  version: string;
  settings: string;
  text: string | undefined;
}

/**
 * Whether a parse made earlier holds for the file as read now: the same version under the same
 * settings, or another version with the same text, which it then stands for.
 */
function holdsFor<T extends ReadUnderVersion>(
  cached: T | undefined,
  version: string,
  settings: string,
  text: string | undefined,
): cached is T {
  if (cached?.settings !== settings) return false;
  if (cached.version === version) return true;
  if (text === undefined || cached.text !== text) return false;
  cached.version = version;
  return true;
}

/** Whether an analysis read the same sources as now: texts equal, other values the same objects. */
function sameSources(before: readonly unknown[] | undefined, now: readonly unknown[] | undefined): boolean {
  return (
    before !== undefined &&
    now !== undefined &&
    before.length === now.length &&
    before.every((source, i) => source === now[i])
  );
}
