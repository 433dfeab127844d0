/**
 * Registries and the entities an article sees.
 *
 * A registry (`entities.ann.yaml`) defines entities in the sidecar's format for every article
 * in its folder and below. An article sees the entities of its sidecar and of each registry
 * from its own folder up to the workspace's; a nearer definition of an id wins. A sidecar entry
 * without `type` whose id a registry defines extends that entity for the article (more aliases,
 * a local description); an entry with a `type` replaces it.
 */

import type { CoreDiagnostic } from '../diagnostics';
import { derivedPerPair } from '../text/memo';
import type { Entity, ParsedSidecar, Sidecar } from './sidecar';

export interface RegistryFile {
  /** The file, as the caller names files: entities get it as their `origin`, messages show it. */
  path: string;
  /** How messages name it, relative to the file they appear in when the caller knows it. */
  label?: string;
  /** The parsed registry, or undefined when it could not be read. */
  parsed: ParsedSidecar | undefined;
  /** Why it could not be read. */
  unreadable?: string;
}

/** The registries a folder sees, nearest first, with their entities merged. */
export interface RegistryChain {
  files: readonly RegistryFile[];
  /** Each id's nearest definition, with `origin` set: nearest file first, in document order. */
  entities: readonly Entity[];
  byId: ReadonlyMap<string, Entity>;
  /** Registries that could not be read or have YAML errors, so that entities may be missing. */
  broken: readonly { path: string; label: string; reason: string }[];
}

/** Merges registries, nearest first. The caller keeps the chain while the files are unchanged. */
export function registryChain(files: readonly RegistryFile[]): RegistryChain {
  const entities: Entity[] = [];
  const byId = new Map<string, Entity>();
  const broken: { path: string; label: string; reason: string }[] = [];
  for (const file of files) {
    const label = file.label ?? file.path;
    if (!file.parsed) {
      broken.push({ path: file.path, label, reason: file.unreadable ?? 'it cannot be read' });
      continue;
    }
    const error = file.parsed.diagnostics.find((d) => d.code === 'yaml-syntax');
    if (error) broken.push({ path: file.path, label, reason: `it has a YAML error: ${error.message}` });
    for (const entity of file.parsed.sidecar.entities) {
      if (byId.has(entity.id)) continue;
      // A copy with its origin; `Object.assign` copies the same properties as a spread, in a
      // fraction of the time, which counts with every keystroke in a large registry.
      const visible: Entity = Object.assign({}, entity);
      visible.origin = file.path;
      entities.push(visible);
      byId.set(entity.id, visible);
    }
  }
  return { files, entities, byId, broken };
}

/** The entities an article sees: its sidecar's and its registries'. */
export interface EntityScope {
  /**
   * The sidecar's entities, in its order; an entry that extends a registry entity is merged
   * with it (its own aliases first, so that alias indexes agree with the sidecar's entry).
   */
  local: readonly Entity[];
  /** The sidecar whose entities these are, if there is one. */
  sidecar: Sidecar | undefined;
  chain: RegistryChain | undefined;
  /** Registry ids that the sidecar defines again, extending or replacing them. */
  shadowed: ReadonlySet<string>;
  /** The sidecar's diagnostics, with what the registries change about them. */
  diagnostics: CoreDiagnostic[];
  get(id: string): Entity | undefined;
  has(id: string): boolean;
  /** Every entity seen: the sidecar's, then the registries' that the sidecar does not shadow. */
  all(): readonly Entity[];
}

const NO_SIDECAR = {};
const NO_CHAIN = {};

/**
 * The scope of a parsed sidecar (or none) under a chain of registries (or none), built once per
 * pair: every article of a folder shares its chain, and while only the article changes every
 * analysis reuses it.
 */
export function entityScope(parsed: ParsedSidecar | undefined, chain: RegistryChain | undefined): EntityScope {
  return scopeOf(parsed ?? NO_SIDECAR, chain ?? NO_CHAIN);
}

const scopeOf = derivedPerPair((parsedKey: object, chainKey: object): EntityScope => {
  const parsed = parsedKey === NO_SIDECAR ? undefined : (parsedKey as ParsedSidecar);
  const chain = chainKey === NO_CHAIN ? undefined : (chainKey as RegistryChain);
  const sidecar = parsed?.sidecar;
  if (!chain || chain.entities.length + chain.broken.length === 0) return plainScope(sidecar, parsed, chain);
  return new LayeredScope(parsed, chain);
});

const EMPTY: readonly Entity[] = [];

/** A sidecar's own entities, no registry. */
function plainScope(
  sidecar: Sidecar | undefined,
  parsed: ParsedSidecar | undefined,
  chain: RegistryChain | undefined,
): EntityScope {
  const local = sidecar?.entities ?? EMPTY;
  return {
    local,
    sidecar,
    chain,
    shadowed: new Set(),
    diagnostics: parsed?.diagnostics ?? [],
    get: (id) => sidecar?.entityById.get(id),
    has: (id) => sidecar?.entityById.has(id) ?? false,
    all: () => local,
  };
}

class LayeredScope implements EntityScope {
  readonly local: Entity[] = [];
  readonly shadowed = new Set<string>();
  readonly diagnostics: CoreDiagnostic[];
  readonly sidecar: Sidecar | undefined;
  private readonly localById = new Map<string, Entity>();
  private everything: Entity[] | undefined;

  constructor(
    parsed: ParsedSidecar | undefined,
    readonly chain: RegistryChain,
  ) {
    this.sidecar = parsed?.sidecar;
    const replaced: Entity[] = [];
    for (const entity of parsed?.sidecar.entities ?? []) {
      const base = chain.byId.get(entity.id);
      let seen = entity;
      if (base) {
        this.shadowed.add(entity.id);
        if (entity.partial) seen = extended(entity, base);
        else replaced.push(entity);
      }
      this.local.push(seen);
      this.localById.set(seen.id, seen);
    }
    this.diagnostics = this.adjust(parsed?.diagnostics ?? [], replaced);
  }

  get(id: string): Entity | undefined {
    return this.localById.get(id) ?? (this.shadowed.has(id) ? undefined : this.chain.byId.get(id));
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  all(): readonly Entity[] {
    this.everything ??= [...this.local, ...this.chain.entities.filter((entity) => !this.shadowed.has(entity.id))];
    return this.everything;
  }

  /**
   * The sidecar's diagnostics as the registries change them: an entry that extends a registry
   * entity needs no type or name of its own, a reference to a registry id is no unknown one,
   * and an entry that replaces a registry entity is pointed out.
   */
  private adjust(diagnostics: readonly CoreDiagnostic[], replaced: Entity[]): CoreDiagnostic[] {
    const broken = this.chain.broken;
    const maybeIn =
      broken.length === 0
        ? ''
        : ` ${broken.map((file) => `The registry ${file.label}`).join(' and ')} cannot be read in full and may define it.`;
    const adjusted: CoreDiagnostic[] = [];
    for (const diagnostic of diagnostics) {
      const id = typeof diagnostic.data?.id === 'string' ? diagnostic.data.id : undefined;
      if (diagnostic.code === 'schema' && id !== undefined && diagnostic.data?.missing !== undefined) {
        if (this.chain.byId.has(id)) continue;
        if (diagnostic.data.missing === 'type' && maybeIn) {
          adjusted.push({ ...diagnostic, message: diagnostic.message + maybeIn });
          continue;
        }
      }
      if (diagnostic.code === 'unknown-speaker' && id !== undefined) {
        const entity = this.chain.byId.get(id);
        if (entity) {
          if (diagnostic.data?.field === 'speaker' && entity.type === 'place') {
            adjusted.push({
              ...diagnostic,
              severity: 'warning',
              code: 'place-as-speaker',
              message: `'${id}' is a place; a speaker is a person or an organization.`,
              data: { id },
            });
          }
          continue;
        }
        if (maybeIn) {
          adjusted.push({ ...diagnostic, message: diagnostic.message + maybeIn });
          continue;
        }
      }
      adjusted.push(diagnostic);
    }
    for (const entity of replaced) {
      const base = this.chain.byId.get(entity.id)!;
      const file = this.chain.files.find((candidate) => candidate.path === base.origin);
      adjusted.push({
        target: 'sidecar',
        span: entity.idSpan,
        severity: 'information',
        code: 'registry-entity-replaced',
        message:
          `'${entity.id}' is also defined in the registry ${file?.label ?? base.origin}; this entry replaces it ` +
          `for this article. Leave out \`type\` to extend the registry's entity instead.`,
        data: { id: entity.id, registry: base.origin },
      });
    }
    return adjusted;
  }
}

/** A sidecar entry without `type` merged with the registry entity it extends. */
function extended(local: Entity, base: Entity): Entity {
  const renamed = local.name && base.name && local.name.text !== base.name.text;
  return {
    ...base,
    id: local.id,
    idSpan: local.idSpan,
    span: local.span,
    origin: undefined,
    partial: undefined,
    extends: base,
    name: local.name ?? base.name,
    // The sidecar's own aliases first: their indexes are those of the sidecar's entry.
    aliases: [...local.aliases, ...(renamed ? [base.name!] : []), ...base.aliases],
    description: local.description ?? base.description,
    wikidata: local.wikidata ?? base.wikidata,
    links: [...local.links, ...base.links.filter((link) => !local.links.includes(link))],
    coordinates: local.coordinates ?? base.coordinates,
    caseSensitive: local.caseSensitive && base.caseSensitive,
    note: local.note ?? base.note,
    ...(local.attributes || base.attributes ? { attributes: { ...base.attributes, ...local.attributes } } : {}),
  };
}
