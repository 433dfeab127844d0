/**
 * Moving a sidecar's entity into a registry, so that every article below it shares the entity,
 * and replacing a sidecar's entity by the registry entity it duplicates. Both are minimal
 * edits: the entry's own lines move as they are written (comments included), and only the ids
 * that must change do.
 */

import type { Analysis } from '../analyze';
import { addEntityEntry, removeEntity, yamlScalar, type TextEdit } from '../sidecar/edits';
import type { Entity } from '../sidecar/sidecar';
import { idSpansIn } from './navigation';
import { entityIdAt } from './wikidataLink';

/** Where a moved entity goes: the nearest registry, or a new one. */
export interface RegistryDestination {
  file: string;
  /** The registry's text now; undefined when it does not exist yet. */
  source: string | undefined;
  /** How titles name it, relative to the sidecar. */
  label: string;
}

export interface RegistryAction {
  title: string;
  /** Edits to the sidecar. */
  sidecar: TextEdit[];
  /** Edits to the registry, or the text of a new one (`create`). */
  registry?: { file: string; edits: TextEdit[]; create: boolean };
}

/**
 * The entity of the sidecar's own (not one that extends a registry's) whose key is at `offset`
 * of the sidecar, or that the mention at `offset` of the article names.
 */
export function ownEntityAt(analysis: Analysis, side: 'article' | 'sidecar', offset: number): Entity | undefined {
  const id = entityIdAt(analysis, side, offset);
  const entity = id === undefined ? undefined : analysis.sidecar?.entityById.get(id);
  return entity && !entity.partial ? entity : undefined;
}

/** The registry entity a sidecar entity duplicates: the same id, Wikidata id or name. */
export function registryTwin(analysis: Analysis, entity: Entity): Entity | undefined {
  const chain = analysis.entities.chain;
  if (!chain) return undefined;
  const same = chain.byId.get(entity.id);
  if (same) return same;
  return chain.entities.find(
    (candidate) =>
      (entity.wikidata !== undefined && candidate.wikidata === entity.wikidata) ||
      (entity.name !== undefined && candidate.name?.text === entity.name.text && candidate.type === entity.type),
  );
}

/** The actions for a sidecar entity: use the registry's twin, or move it to the registry. */
export function registryActions(
  analysis: Analysis,
  entity: Entity,
  destination: RegistryDestination | undefined,
): RegistryAction[] {
  const parsed = analysis.parsedSidecar;
  if (!parsed || parsed.diagnostics.some((d) => d.code === 'yaml-syntax')) return [];
  const source = parsed.source;
  const twin = registryTwin(analysis, entity);
  if (twin) {
    const edits = removeEntity(parsed, entity.id);
    if (edits.length === 0) return [];
    // The quote entries that name the sidecar's id name the registry's instead.
    if (twin.id !== entity.id) {
      const newText = yamlScalar(twin.id);
      for (const span of idSpansIn(parsed.sidecar, entity.id)) {
        if (span.start !== entity.idSpan.start) edits.push({ start: span.start, end: span.end, newText });
      }
    }
    const where = twin.origin ? ` (${labelOf(analysis, twin.origin)})` : '';
    return [{ title: `Use the registry's '${twin.id}'${where} instead of this entry`, sidecar: edits }];
  }
  if (!destination) return [];
  const lines = entryLines(source, entity);
  const registryEdits = addEntityEntry(destination.source ?? '', entity.id, lines);
  const sidecarEdits = removeEntity(parsed, entity.id);
  if (registryEdits.length === 0 || sidecarEdits.length === 0) return [];
  return [
    {
      title: `Move '${entity.id}' to the registry ${destination.label}`,
      sidecar: sidecarEdits,
      registry: { file: destination.file, edits: registryEdits, create: destination.source === undefined },
    },
  ];
}

function labelOf(analysis: Analysis, file: string): string {
  const registry = analysis.entities.chain?.files.find((candidate) => candidate.path === file);
  return registry?.label ?? file;
}

/**
 * An entity's entry as written, with its key at column 0: a block entry's lines (the comment
 * lines indented under it included), or a flow entry (`id: {…}`) as one line.
 */
export function entryLines(source: string, entity: Entity): string[] {
  const lineStart = source.lastIndexOf('\n', entity.idSpan.start - 1) + 1;
  const before = source.slice(lineStart, entity.idSpan.start);
  if (before.trim() !== '') {
    // In a flow mapping: the key and its value, on one line.
    const parts = source.slice(entity.idSpan.start, entity.span.end).split('\n');
    return [parts.map((part, i) => (i === 0 ? part.trimEnd() : part.trim())).join(' ')];
  }
  const column = before.length;
  let end = source.indexOf('\n', Math.max(entity.span.end - 1, entity.idSpan.end));
  if (end < 0) end = source.length;
  // Comment lines indented under the entry belong to it.
  for (;;) {
    const next = source.indexOf('\n', end + 1);
    const line = source.slice(end + 1, next < 0 ? source.length : next);
    const indentation = line.length - line.trimStart().length;
    if (!line.trimStart().startsWith('#') || indentation <= column) break;
    end = next < 0 ? source.length : next;
  }
  return source
    .slice(lineStart, end)
    .replace(/\r$/u, '')
    .split(/\r?\n/u)
    .map((line) => (line.slice(0, column).trim() === '' ? line.slice(column) : line.trimStart()));
}
