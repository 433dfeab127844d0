/**
 * Reading articles and sidecars from disk, for the command line and for files the editor has
 * not opened. Every way a file can be unusable becomes a reason, never an exception.
 */

import { promises as fs, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  articleCandidatesFor,
  isMarkdownPath,
  parseSidecar,
  resolveArticlePath,
  roleOf,
  sidecarPathFor,
  type Analysis,
  type AnalysisSettings,
  fileTooLarge,
  type CoreDiagnostic,
  type LanguageCode,
  type ParsedSidecar,
  type RegistryChain,
  type Sidecar,
} from './core';

export type ReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      missing: boolean;
      directory: boolean;
      reason: string;
      tooLarge?: number;
      /** The file is a symbolic link, or lies in a linked folder, that leads outside the boundary. */
      outside?: boolean;
    };

/**
 * The file-system calls that reading and finding files make. The language server waits for
 * Node's promises, so that it can answer the editor meanwhile; the command line has nothing to
 * do meanwhile and makes the synchronous calls, each of which would otherwise be a round trip
 * to another thread (and a wait for it, on a busy machine). One implementation serves both,
 * since `await` takes a value as well as a promise.
 */
export interface FileSystemCalls {
  stat(file: string): Stats | Promise<Stats>;
  readFile(file: string): Uint8Array | Promise<Uint8Array>;
  readdir(directory: string): Dirent[] | Promise<Dirent[]>;
  realpath(file: string): string | Promise<string>;
}

export const promiseCalls: FileSystemCalls = {
  stat: (file) => fs.stat(file),
  readFile: (file) => fs.readFile(file),
  readdir: (directory) => fs.readdir(directory, { withFileTypes: true }),
  realpath: (file) => fs.realpath(file),
};

export const synchronousCalls: FileSystemCalls = {
  stat: (file) => statSync(file),
  readFile: (file) => readFileSync(file),
  readdir: (directory) => readdirSync(directory, { withFileTypes: true }),
  realpath: (file) => realpathSync(file),
};

/**
 * Reads a UTF-8 text file. A byte order mark is dropped, as editors do. With `within`, a file
 * whose real location (symbolic links followed) is outside that folder is not read: a link in
 * a shared folder must not make the checker print a file from elsewhere on the machine.
 */
export async function readTextFile(
  file: string,
  maxBytes: number,
  calls: FileSystemCalls = promiseCalls,
  within?: string,
): Promise<ReadResult> {
  let stat;
  try {
    stat = await calls.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    return { ok: false, missing, directory: false, reason: missing ? 'the file does not exist' : describe(error) };
  }
  if (stat.isDirectory()) return { ok: false, missing: false, directory: true, reason: 'it is a folder, not a file' };
  if (!stat.isFile()) return { ok: false, missing: false, directory: false, reason: 'it is not a regular file' };
  if (within !== undefined && !(await liesWithin(file, within, calls))) {
    return {
      ok: false,
      missing: false,
      directory: false,
      reason: 'a symbolic link leads outside the folder being checked',
      outside: true,
    };
  }
  if (stat.size > maxBytes * 4) {
    // Far beyond the character limit in any encoding: do not even read it.
    return {
      ok: false,
      missing: false,
      directory: false,
      reason: `it is too large (${stat.size} bytes)`,
      tooLarge: stat.size,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await calls.readFile(file);
  } catch (error) {
    return { ok: false, missing: false, directory: false, reason: describe(error) };
  }
  return decodeText(bytes);
}

/** Whether the real location of `file` is inside the real location of `folder`. */
async function liesWithin(file: string, folder: string, calls: FileSystemCalls): Promise<boolean> {
  try {
    return isInside(await calls.realpath(folder), await calls.realpath(file));
  } catch {
    return false;
  }
}

/** Whether the path `file` names something inside `folder` (by the paths alone, not the disk). */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Decodes UTF-8, refusing binary data and invalid byte sequences with a reason. */
export function decodeText(bytes: Uint8Array): ReadResult {
  if (bytes.includes(0)) {
    return { ok: false, missing: false, directory: false, reason: 'it is a binary file (it contains NUL bytes)' };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, missing: false, directory: false, reason: 'it is not valid UTF-8 text' };
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message ?? String(error);
}

export interface FilePair {
  /** The article; when undefined it is found from the sidecar (its `article:` key or its name). */
  article: string | undefined;
  sidecar: string | undefined;
  /** The folder both files must really lie in (the folder checked); no limit when undefined. */
  within?: string;
  /**
   * The top folder whose registries the pair sees (see registries.ts): for a file named
   * directly, the repository it lies in; else `within`, or the repository when that is undefined.
   */
  root?: string;
}

/**
 * How files are read: from disk for the command line; the language server reads open editor
 * buffers first, so that unsaved edits count.
 */
export interface FileAccess {
  /** Reads a file; with `within`, only if its real location is inside that folder. */
  read(file: string, maxBytes: number, within?: string): Promise<ReadResult>;
  exists(file: string): Promise<boolean>;
}

/** Files read from disk through the given calls. */
export function diskAccessThrough(calls: FileSystemCalls): FileAccess {
  return {
    read: (file, maxBytes, within) => readTextFile(file, maxBytes, calls, within),
    exists: async (file) => {
      try {
        return (await calls.stat(file)).isFile();
      } catch {
        return false;
      }
    },
  };
}

export const diskAccess: FileAccess = diskAccessThrough(promiseCalls);

/** Converts a native path to the `/`-separated form the core's pairing functions take. */
export function portable(file: string): string {
  return file.split(path.sep).join('/');
}

export function native(file: string): string {
  return file.split('/').join(path.sep);
}

/** The file a sidecar's `article:` key names, when it has one that is a valid path. */
function namedArticle(sidecarFile: string, sidecar: Sidecar | undefined): string | undefined {
  if (!sidecar?.article) return undefined;
  const resolved = resolveArticlePath(portable(sidecarFile), sidecar.article.text);
  return resolved === undefined ? undefined : native(resolved);
}

/**
 * Whether two paths name the same file, as far as the paths say: case-insensitively on the
 * systems whose file systems usually are.
 */
function sameFile(a: string, b: string): boolean {
  const [x, y] = [path.resolve(a), path.resolve(b)];
  return process.platform === 'win32' || process.platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/**
 * Whether a sidecar's `article:` key names the sidecar itself. The core cannot tell, since it
 * does not know the sidecar's name; such a key is refused like any other invalid path.
 */
function namesItself(sidecarFile: string, sidecar: Sidecar | undefined): boolean {
  const named = namedArticle(sidecarFile, sidecar);
  return named !== undefined && sameFile(named, sidecarFile);
}

/**
 * The article a sidecar annotates: its `article:` key, else the first existing candidate. A key
 * that names the sidecar itself counts as invalid: the naming convention applies instead.
 */
export async function articleForSidecar(
  sidecarFile: string,
  sidecar: Sidecar | undefined,
  suffix: string,
  access: FileAccess = diskAccess,
): Promise<string> {
  const named = namedArticle(sidecarFile, sidecar);
  if (named !== undefined && !sameFile(named, sidecarFile)) return named;
  const candidates = articleCandidatesFor(portable(sidecarFile), suffix).map(native);
  for (const candidate of candidates) if (await access.exists(candidate)) return candidate;
  return candidates[0];
}

export interface PairAnalysis {
  article: string;
  sidecar: string | undefined;
  /** A registry's own analysis: `article` and `sidecar` are both the registry, with no article text. */
  registry?: true;
  analysis: Analysis;
  /** Diagnostics with the file each belongs to, including the ones about unreadable files. */
  diagnostics: { file: string; diagnostic: CoreDiagnostic }[];
}

/** What names a pair in the server's maps: its article and its sidecar. */
export function pairKeyOf(pair: { article: string; sidecar: string | undefined }): string {
  return `${pair.article}\u0000${pair.sidecar ?? ''}`;
}

/** How many characters a pair's analysis read: its article and its sidecar. */
export function analysedCharsOf(result: PairAnalysis): number {
  return result.analysis.articleLines.textLength + result.analysis.sidecarLines.textLength;
}

export interface PairInput {
  articleFile: string;
  article: ReadResult;
  sidecarFile: string | undefined;
  sidecar: ReadResult | undefined;
  /** The sidecar already parsed (the server caches it per version). */
  parsed: ParsedSidecar | undefined;
  settings: Partial<AnalysisSettings> & { maxFileSize: number };
  language?: LanguageCode;
  /** The registries above the pair, nearest first. */
  registries?: RegistryChain;
  /** The pair's analysis before its latest edit, in the editor (see `AnalysisInput.previous`). */
  previous?: Analysis;
}

/** Analyses a pair whose files have been read; unusable files become diagnostics. */
export function analyzeReads(input: PairInput): PairAnalysis {
  const { articleFile, article, sidecarFile, sidecar, parsed } = input;
  const extra: { file: string; diagnostic: CoreDiagnostic }[] = [];
  const articleKey = parsed?.sidecar.article;
  const selfReference =
    sidecarFile !== undefined && articleKey !== undefined && namesItself(sidecarFile, parsed?.sidecar);
  if (selfReference) {
    extra.push({
      file: sidecarFile,
      diagnostic: {
        target: 'sidecar',
        span: articleKey.span,
        severity: 'error',
        code: 'invalid-article-path',
        message: `article '${articleKey.text.trim()}' names this sidecar itself, not an article.`,
      },
    });
  }
  // When the `article:` key was refused, its diagnostic says what is wrong; that the file the
  // naming convention gives instead does not exist either would be a second, confusing message
  // about a file the sidecar never named.
  const articleKeyRefused = selfReference || parsed?.diagnostics.some((d) => d.code === 'invalid-article-path');
  // A file far over the size limit is not even read; say so the way the engine would.
  if (sidecar && !sidecar.ok && sidecar.tooLarge !== undefined) {
    extra.push({
      file: sidecarFile!,
      diagnostic: fileTooLarge('sidecar', sidecar.tooLarge, input.settings.maxFileSize),
    });
  } else if (sidecar && !sidecar.ok) {
    extra.push({
      file: sidecarFile!,
      diagnostic: unreadable('sidecar', `The sidecar cannot be read: ${sidecar.reason}.`),
    });
  }
  if (!article.ok && article.tooLarge !== undefined) {
    extra.push({
      file: articleFile,
      diagnostic: fileTooLarge('article', article.tooLarge, input.settings.maxFileSize),
    });
  } else if (!article.ok && article.outside && sidecarFile && !selfReference && parsed?.sidecar.article) {
    // The `article:` key names a path inside the folder, but a link there leads out of it.
    const key = parsed.sidecar.article;
    extra.push({
      file: sidecarFile,
      diagnostic: {
        target: 'sidecar',
        span: key.span,
        severity: 'error',
        code: 'invalid-article-path',
        message: `article '${key.text.trim()}' leads outside the folder being checked through a symbolic link; it is not read.`,
      },
    });
  } else if (!article.ok && !(article.missing && articleKeyRefused)) {
    if (sidecarFile) {
      const relative = path.relative(path.dirname(sidecarFile), articleFile);
      const span = (!selfReference && parsed?.sidecar.article?.span) || { start: 0, end: 0 };
      extra.push({
        file: sidecarFile,
        diagnostic: article.missing
          ? {
              target: 'sidecar',
              span,
              severity: 'error',
              code: 'article-not-found',
              message: `The article '${relative}' does not exist.`,
              data: { article: relative },
            }
          : { ...unreadable('sidecar', `The article '${relative}' cannot be read: ${article.reason}.`), span },
      });
    } else {
      extra.push({
        file: articleFile,
        diagnostic: unreadable('article', `The article cannot be read: ${article.reason}.`),
      });
    }
  }
  const analysis = analyze({
    article: article.ok ? article.text : undefined,
    sidecar: parsed ?? (sidecar?.ok ? sidecar.text : undefined),
    format: isMarkdownPath(portable(articleFile)) ? 'markdown' : 'plaintext',
    settings: input.settings,
    ...(input.language ? { language: input.language } : {}),
    ...(input.registries ? { registries: input.registries } : {}),
    ...(input.previous ? { previous: input.previous } : {}),
  });
  const diagnostics = [
    ...extra,
    ...analysis.articleDiagnostics.map((diagnostic) => ({ file: articleFile, diagnostic })),
    ...analysis.sidecarDiagnostics.map((diagnostic) => ({ file: sidecarFile ?? articleFile, diagnostic })),
  ];
  return { article: articleFile, sidecar: sidecarFile, analysis, diagnostics };
}

/** Parses a sidecar that was read, unless it is over the size limit (the analysis says so). */
export function parseRead(read: ReadResult | undefined, maxFileSize: number): ParsedSidecar | undefined {
  return read?.ok && read.text.length <= maxFileSize ? parseSidecar(read.text) : undefined;
}

/** Reads and analyses a pair. */
export async function analyzePair(
  pair: FilePair,
  settings: Partial<AnalysisSettings> & { maxFileSize: number },
  suffix: string,
  language?: LanguageCode,
  access: FileAccess = diskAccess,
  registries?: RegistryChain,
): Promise<PairAnalysis> {
  const sidecar = pair.sidecar ? await access.read(pair.sidecar, settings.maxFileSize, pair.within) : undefined;
  const parsed = parseRead(sidecar, settings.maxFileSize);
  const articleFile = pair.article ?? (await articleForSidecar(pair.sidecar!, parsed?.sidecar, suffix, access));
  const article = await access.read(articleFile, settings.maxFileSize, pair.within);
  return analyzeReads({
    articleFile,
    article,
    sidecarFile: pair.sidecar,
    sidecar,
    parsed,
    settings,
    language,
    ...(registries ? { registries } : {}),
  });
}

function unreadable(target: 'article' | 'sidecar', message: string): CoreDiagnostic {
  return { target, span: { start: 0, end: 0 }, severity: 'error', code: 'unreadable-file', message };
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Calls `visit` for every entry under `directory` that is not a folder, in name order, folder
 * by folder. Symbolic links to folders are not followed, so a link loop cannot trap the walk;
 * the folders of version control and `node_modules` are passed over; an unreadable folder is
 * passed over too.
 */
export async function walkFiles(
  directory: string,
  calls: FileSystemCalls,
  visit: (full: string, entry: Dirent) => void,
): Promise<void> {
  let entries;
  try {
    entries = await calls.readdir(directory);
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (!entry.isDirectory()) visit(full, entry);
    else if (!SKIPPED_DIRECTORIES.has(entry.name)) await walkFiles(full, calls, visit);
  }
}

/**
 * The folder a workspace usually is: the nearest one, from `folder` up, that holds `.git` (a
 * folder, or the file of a work tree); `folder` itself when none does. Returned absolute.
 */
export async function repositoryRoot(folder: string, calls: FileSystemCalls = promiseCalls): Promise<string> {
  const start = path.resolve(folder);
  for (let current = start; ;) {
    try {
      await calls.stat(path.join(current, '.git'));
      return current;
    } catch {
      // Not here: one folder up.
    }
    const parent = path.dirname(current);
    if (parent === current) return start;
    current = parent;
  }
}

/** A registry that `check` checks on its own account, besides the ones pairs see. */
export interface FoundRegistry {
  file: string;
  /** The folder it must really lie in. */
  within: string;
  /** Found in a folder given, whose articles were all checked: its unused entities can be told. */
  wholeFolder: boolean;
}

/**
 * Finds the annotated articles under the given paths: every sidecar found in folders, and
 * every file named directly (a sidecar, or an article with a sidecar). Articles named directly
 * without a sidecar, and paths that do not exist, are returned separately; so are the
 * registries found in folders or named directly.
 */
export async function findPairs(
  inputs: readonly string[],
  suffix: string,
  calls: FileSystemCalls = promiseCalls,
): Promise<{ pairs: FilePair[]; unpaired: string[]; missing: string[]; registries: FoundRegistry[] }> {
  const access = diskAccessThrough(calls);
  const pairs = new Map<string, FilePair>();
  const registries = new Map<string, FoundRegistry>();
  const unpaired: string[] = [];
  const missing: string[] = [];
  // Any entry named as a sidecar or registry is checked: a link that leads outside the folder,
  // or a file that is not a regular one, is reported when it is read, not skipped in silence.
  const walk = (folder: string): Promise<void> =>
    walkFiles(folder, calls, (full, entry) => {
      const role = roleOf(entry.name, suffix);
      if (role === 'sidecar') {
        pairs.set(path.resolve(full), { article: undefined, sidecar: full, within: folder });
      } else if (role === 'registry') {
        registries.set(path.resolve(full), { file: full, within: folder, wholeFolder: true });
      }
    });
  for (const input of inputs) {
    let stat;
    try {
      stat = await calls.stat(input);
    } catch {
      missing.push(input);
      continue;
    }
    const within = path.dirname(input);
    const role = roleOf(portable(input), suffix);
    if (stat.isDirectory()) {
      await walk(input);
    } else if (role === 'registry') {
      if (!registries.has(path.resolve(input))) {
        registries.set(path.resolve(input), { file: input, within, wholeFolder: false });
      }
    } else if (role === 'sidecar') {
      const root = await repositoryRoot(within, calls);
      pairs.set(path.resolve(input), { article: undefined, sidecar: input, within, root });
    } else {
      const sidecar = native(sidecarPathFor(portable(input), suffix));
      if (await access.exists(sidecar)) {
        const root = await repositoryRoot(within, calls);
        pairs.set(path.resolve(sidecar), { article: input, sidecar, within, root });
      } else unpaired.push(input);
    }
  }
  return { pairs: [...pairs.values()], unpaired, missing, registries: [...registries.values()] };
}

/** What the command line found under the paths it was given, each with the settings it falls under. */
export interface FoundUnderSettings<R> {
  /** The paths given, in groups of those one settings file covers, with those settings. */
  groups: { run: R; inputs: string[] }[];
  /** Every pair found, once, with the settings of the first group that found it. */
  pairs: { pair: FilePair; run: R }[];
  /** Files named directly that have no sidecar. */
  unpaired: { file: string; run: R }[];
  /** Paths that do not exist. */
  missing: string[];
  /** Every registry found, once: as part of a folder given rather than named, where both. */
  registries: { registry: FoundRegistry; run: R }[];
}

/**
 * Finds the pairs and registries under the paths for the command line: the paths under one
 * settings file are searched together (as before there were settings), and a pair found under
 * two paths is taken once, with the settings of the first.
 */
export async function findPairsUnderSettings<R extends { suffix: string }>(
  inputs: readonly string[],
  settingsFor: (input: string) => Promise<{ file: string | undefined; run: R }>,
  calls: FileSystemCalls = promiseCalls,
): Promise<FoundUnderSettings<R>> {
  const groups = new Map<string | undefined, { run: R; inputs: string[] }>();
  for (const input of inputs) {
    const { file, run } = await settingsFor(input);
    const group = groups.get(file);
    if (group) group.inputs.push(input);
    else groups.set(file, { run, inputs: [input] });
  }
  const found: FoundUnderSettings<R> = {
    groups: [...groups.values()],
    pairs: [],
    unpaired: [],
    missing: [],
    registries: [],
  };
  const seen = new Set<string>();
  const registries = new Map<string, { registry: FoundRegistry; run: R }>();
  for (const { run, inputs: paths } of found.groups) {
    const inGroup = await findPairs(paths, run.suffix, calls);
    found.unpaired.push(...inGroup.unpaired.map((file) => ({ file, run })));
    found.missing.push(...inGroup.missing);
    for (const pair of inGroup.pairs) {
      const key = path.resolve(pair.sidecar ?? pair.article ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      found.pairs.push({ pair, run });
    }
    for (const registry of inGroup.registries) {
      const key = path.resolve(registry.file);
      const known = registries.get(key);
      if (!known || (registry.wholeFolder && !known.registry.wholeFolder)) registries.set(key, { registry, run });
    }
  }
  found.registries = [...registries.values()];
  return found;
}
