/**
 * Registries (`entities.ann.yaml`) on disk, for the command line: the ones a pair sees, read
 * with the same care as its files, parsed once and merged into one chain per set of files; the
 * problems of a registry itself; and which of its entities no article uses.
 */

import * as path from 'node:path';
import {
  analyze,
  LineIndex,
  parseSidecar,
  registryChain,
  registryPathsFor,
  type Analysis,
  type AnalysisSettings,
  type CoreDiagnostic,
  type ParsedSidecar,
  type RegistryChain,
} from './core';
import {
  isInside,
  native,
  portable,
  repositoryRoot,
  type FileAccess,
  type FilePair,
  type FileSystemCalls,
  type ReadResult,
} from './files';

/** A registry as read: its text parsed, or why its entities cannot be used. */
export interface RegistryRead {
  /** The file, as the pair's paths name it (relative when they are). */
  file: string;
  /** How messages and the entities' `origin` name it. */
  name: string;
  read: ReadResult;
  parsed: ParsedSidecar | undefined;
  /** Why its entities cannot be used, when they cannot. */
  unreadable: string | undefined;
  /** The limit it was read under, in characters. */
  maxFileSize: number;
}

/** A registry from what reading it gave: parsed, or why its entities cannot be used. */
export function registryOf(file: string, name: string, read: ReadResult, maxFileSize: number): RegistryRead {
  let parsed: ParsedSidecar | undefined;
  let unreadable: string | undefined;
  if (!read.ok) {
    unreadable = read.reason;
  } else if (read.text.length > maxFileSize) {
    unreadable =
      `it is ${megabytes(read.text.length)} MB of text, more than the limit of ${megabytes(maxFileSize)} MB ` +
      '(setting articleAnnotations.maxFileSize)';
  } else {
    parsed = parseSidecar(read.text, 'registry');
  }
  return { file, name, read, parsed, unreadable, maxFileSize };
}

/** The registries one pair sees, nearest first, and their chain (undefined when there are none). */
export interface PairRegistries {
  files: readonly RegistryRead[];
  chain: RegistryChain | undefined;
}

const megabytes = (n: number): string => (n / (1024 * 1024)).toFixed(1);

/**
 * Reads registries for a whole run: each file once (per folder it must lie in and size limit),
 * and one chain per set of registries, so that every pair that sees the same registries gets
 * the same chain object, whose compiled names the engine then builds once.
 */
export class RegistryReader {
  private readonly reads = new Map<string, RegistryRead>();
  private readonly chainsByFolder = new Map<string, PairRegistries>();
  private readonly chainsByFiles = new Map<string, PairRegistries>();
  private readonly roots = new Map<string, string>();

  constructor(
    private readonly access: FileAccess,
    private readonly calls: FileSystemCalls,
    /** How a registry is named in messages and in the `origin` of its entities. */
    private readonly nameOf: (file: string) => string = portable,
  ) {}

  /**
   * Reads a registry, only where it really lies in `within`. A missing file, or a folder by
   * that name, gives undefined: there is no registry there.
   */
  async read(file: string, maxFileSize: number, within: string | undefined): Promise<RegistryRead | undefined> {
    const key = `${path.resolve(file)}\u0000${within === undefined ? '' : path.resolve(within)}\u0000${maxFileSize}`;
    let registry = this.reads.get(key);
    if (!registry) {
      registry = registryOf(file, this.nameOf(file), await this.access.read(file, maxFileSize, within), maxFileSize);
      this.reads.set(key, registry);
    }
    return !registry.read.ok && (registry.read.missing || registry.read.directory) ? undefined : registry;
  }

  /**
   * The registries a pair sees: `entities` + the suffix in the folder of its sidecar (of its
   * article when it has none) and in each folder above, up to its root. The root is the pair's
   * `root`, else the folder it was found in (`within`), else the repository the file lies in.
   * A registry in the folder checked, or in the pair's own folder, must really lie there; one
   * above must really lie in the root.
   */
  async forPair(pair: FilePair, suffix: string, maxFileSize: number): Promise<PairRegistries> {
    const given = path.dirname(pair.sidecar ?? pair.article!);
    const folder = path.resolve(given);
    const within = pair.within === undefined ? undefined : path.resolve(pair.within);
    const root = path.resolve(pair.root ?? pair.within ?? (await this.repositoryOf(folder)));
    const folderKey = [folder, root, within ?? '', suffix, maxFileSize].join('\u0000');
    const known = this.chainsByFolder.get(folderKey);
    if (known) return known;
    const files: RegistryRead[] = [];
    for (const candidate of registryPathsFor(portable(folder), portable(root), suffix).map(native)) {
      const directory = path.dirname(candidate);
      const boundary =
        within !== undefined && (directory === within || isInside(within, directory))
          ? within
          : directory === folder
            ? folder
            : root;
      // Named as the pair's own paths are: `news/entities.ann.yaml`, `../entities.ann.yaml`.
      const file = path.join(given, path.relative(folder, candidate));
      const registry = await this.read(file, maxFileSize, boundary);
      if (registry) files.push(registry);
    }
    const filesKey = files.map((file) => `${path.resolve(file.file)}\u0000${file.name}`).join('\n');
    let found = this.chainsByFiles.get(filesKey);
    if (!found) {
      const chain =
        files.length === 0
          ? undefined
          : registryChain(
              files.map((file) => ({
                path: file.name,
                parsed: file.parsed,
                ...(file.unreadable !== undefined ? { unreadable: file.unreadable } : {}),
              })),
            );
      found = { files, chain };
      this.chainsByFiles.set(filesKey, found);
    }
    this.chainsByFolder.set(folderKey, found);
    return found;
  }

  private async repositoryOf(folder: string): Promise<string> {
    let root = this.roots.get(folder);
    if (root === undefined) {
      root = await repositoryRoot(folder, this.calls);
      this.roots.set(folder, root);
    }
    return root;
  }
}

/** The problems of a registry itself, with the line index their positions are in. */
export interface RegistryCheck {
  diagnostics: CoreDiagnostic[];
  lines: LineIndex;
  /** The registry's analysis, without an article (of nothing when it cannot be used). */
  analysis: Analysis;
}

/**
 * The problems of a registry on its own: why it cannot be read, or what its parse finds (YAML,
 * schema, ids) and the forms two of its entities share, which the first defined takes. Nothing
 * about an article: a registry has none.
 */
export function checkRegistry(registry: RegistryRead, settings: Partial<AnalysisSettings>): RegistryCheck {
  const { read, parsed } = registry;
  if (!read.ok || !parsed) {
    const length = read.ok ? read.text.length : read.tooLarge;
    const diagnostic: CoreDiagnostic =
      length !== undefined
        ? {
            target: 'sidecar',
            span: { start: 0, end: 0 },
            severity: 'warning',
            code: 'file-too-large',
            message:
              `This registry is ${megabytes(length)} MB of text, more than the limit of ` +
              `${megabytes(registry.maxFileSize)} MB (setting articleAnnotations.maxFileSize); it is not used.`,
            data: { length, limit: registry.maxFileSize },
          }
        : {
            target: 'sidecar',
            span: { start: 0, end: 0 },
            severity: 'error',
            code: 'unreadable-file',
            message: `The registry cannot be read: ${registry.unreadable ?? 'it cannot be read'}.`,
          };
    const analysis = analyze({ article: undefined, sidecar: undefined, settings });
    return { diagnostics: [diagnostic], lines: new LineIndex(read.ok ? read.text : ''), analysis };
  }
  // No article: the analysis says what the registry says on its own, shared forms included.
  const analysis = analyze({ article: undefined, sidecar: parsed, settings });
  return { diagnostics: analysis.sidecarDiagnostics, lines: analysis.sidecarLines, analysis };
}

/**
 * Adds to `used` the registry entities an analysis uses, as ids by the registry's name: those
 * the article mentions, the speakers and outlets of its quotes and of its sidecar's quote
 * entries, and those the sidecar extends. An entity the sidecar replaces is not the registry's.
 */
export function collectRegistryUses(analysis: Analysis, used: Map<string, Set<string>>): void {
  const scope = analysis.entities;
  if (!scope.chain) return;
  const use = (id: string | undefined): void => {
    if (id === undefined) return;
    const entity = scope.get(id);
    const origin = entity?.origin ?? entity?.extends?.origin;
    if (origin === undefined) return;
    let ids = used.get(origin);
    if (!ids) {
      ids = new Set();
      used.set(origin, ids);
    }
    ids.add(id);
  };
  for (const [id, stats] of analysis.entityStats) {
    if (stats.mentions > 0 || stats.quotes.length > 0 || stats.via.length > 0) use(id);
  }
  for (const entity of scope.local) if (entity.extends) use(entity.id);
  for (const entry of scope.sidecar?.quotes ?? []) {
    use(entry.speaker?.text);
    use(entry.via?.text);
  }
}
