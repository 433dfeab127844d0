/**
 * Features over the workspace index as LSP types: workspace symbols, references across
 * articles, renames across the registry and every sidecar that names an entity, moving an
 * entity to the registry, and the registry's lenses. The index (core/corpus/corpus.ts) decides;
 * these convert, and read the files they edit through the server's host.
 */

import {
  CodeActionKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type Location,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import * as path from 'node:path';
import {
  entityAt,
  entityKey,
  fileOfKey,
  idOfKey,
  idSpansIn,
  isValidId,
  LineIndex,
  ownEntityAt,
  parseSidecar,
  registryActions,
  registryFileName,
  roleOf,
  yamlScalar,
  type CorpusIndex,
  type Entity,
  type RegistryAction,
  type TextEdit as CoreTextEdit,
} from '../core';
import { portable, type PairAnalysis } from '../files';
import { SHOW_REFERENCES_COMMAND } from '../protocol';
import { RenameError } from './navigation';

const SYMBOL_KIND: Record<string, SymbolKind> = {
  person: SymbolKind.Constant,
  place: SymbolKind.Namespace,
  organization: SymbolKind.Class,
  document: SymbolKind.File,
};

/** Workspace symbols (Ctrl+T): entities by name and alias, with the file that defines them. */
export function workspaceSymbols(
  corpus: CorpusIndex,
  query: string,
  uriOf: (file: string) => string,
  relative: (file: string) => string,
): SymbolInformation[] {
  return corpus.symbols(query).map(({ entity, matched }) => {
    const name = entity.name ?? entity.id;
    const alias = matched !== name && matched !== entity.id ? `“${matched}” · ` : '';
    return {
      name,
      kind: SYMBOL_KIND[entity.type] ?? SymbolKind.Variable,
      location: { uri: uriOf(entity.file), range: entity.range },
      containerName: `${alias}${entity.id} · ${relative(entity.file)}`,
    };
  });
}

/** The key an entity at a position has across the workspace, if any. */
export function keyAt(result: PairAnalysis, side: 'article' | 'sidecar', offset: number): string | undefined {
  const entity = entityAt(result.analysis, side, offset);
  return entity ? keyOf(result, entity) : undefined;
}

export function keyOf(result: PairAnalysis, entity: Entity): string {
  return entityKey(entity, result.sidecar ?? result.article);
}

/** Whether an entity is shared by articles: defined in a registry (or a registry is what is open). */
export function isShared(result: PairAnalysis, key: string): boolean {
  return result.registry === true || fileOfKey(key) !== (result.sidecar ?? result.article);
}

/** References from the index, without the ones `known` already lists (the open pair's). */
export function corpusReferences(
  corpus: CorpusIndex,
  key: string,
  includeDeclaration: boolean,
  uriOf: (file: string) => string,
  known: readonly Location[],
): Location[] {
  const seen = new Set(known.map(locationKey));
  const locations = [...known];
  for (const { file, range } of corpus.references(key, includeDeclaration)) {
    const location = { uri: uriOf(file), range };
    const id = locationKey(location);
    if (seen.has(id)) continue;
    seen.add(id);
    locations.push(location);
  }
  return locations;
}

function locationKey(location: Location): string {
  const { start, end } = location.range;
  return `${location.uri}#${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** A file a rename edits, as it is now. */
export interface RenameTarget {
  file: string;
  uri: string;
  text: string;
  /** The open document's version, or null for a file only on disk. */
  version: number | null;
  registry: boolean;
}

/**
 * Renames a shared entity's id in the registry that defines it and in every sidecar that names
 * it, as one workspace edit: only the ids change, comments and layout stay.
 */
export function renameAcross(key: string, newId: string, targets: readonly RenameTarget[]): WorkspaceEdit {
  const id = idOfKey(key);
  if (!isValidId(newId))
    throw new RenameError(`'${newId}' is not a valid id: use lower-case letters, digits and dashes.`);
  const newText = yamlScalar(newId);
  const documentChanges: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[] = [];
  for (const target of targets) {
    const parsed = parseSidecar(target.text, target.registry ? 'registry' : 'sidecar');
    if (parsed.diagnostics.some((d) => d.code === 'yaml-syntax')) {
      throw new RenameError(`${target.file} has a YAML error; fix it before renaming '${id}'.`);
    }
    if (newId !== id && parsed.sidecar.entityById.has(newId)) {
      throw new RenameError(`An entity with the id '${newId}' exists already in ${target.file}.`);
    }
    const lines = new LineIndex(target.text);
    const edits = idSpansIn(parsed.sidecar, id).map((span) => ({ range: lines.rangeOf(span), newText }));
    if (edits.length) documentChanges.push({ textDocument: { uri: target.uri, version: target.version }, edits });
  }
  return { documentChanges };
}

/** A registry action as a code action: edits to the sidecar and to the registry, as one edit. */
export function registryCodeAction(
  action: RegistryAction,
  sidecar: { uri: string; version: number; lines: LineIndex },
  registry: { uri: string; version: number | null; source: string } | undefined,
): CodeAction {
  const changes: WorkspaceEdit['documentChanges'] = [
    {
      textDocument: { uri: sidecar.uri, version: sidecar.version },
      edits: action.sidecar.map((edit) => textEditOf(sidecar.lines, edit)),
    },
  ];
  if (action.registry && registry) {
    const lines = new LineIndex(registry.source);
    if (action.registry.create) changes.push({ kind: 'create', uri: registry.uri, options: { ignoreIfExists: false } });
    changes.push({
      textDocument: { uri: registry.uri, version: action.registry.create ? null : registry.version },
      edits: action.registry.edits.map((edit) => textEditOf(lines, edit)),
    });
  }
  return { title: action.title, kind: CodeActionKind.RefactorRewrite, edit: { documentChanges: changes } };
}

function textEditOf(lines: LineIndex, edit: CoreTextEdit): TextEdit {
  return { range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, newText: edit.newText };
}

/**
 * The lenses of an open registry: above each entity, how many articles of the workspace mention
 * and quote it; a click lists the places. A registry has no article of its own to count in.
 */
export function registryLenses(
  result: PairAnalysis,
  corpus: CorpusIndex,
  building: boolean,
  uriOf: (file: string) => string,
): CodeLens[] {
  const file = result.sidecar!;
  const lines = result.analysis.sidecarLines;
  const uri = uriOf(file);
  return (result.analysis.sidecar?.entities ?? []).map((entity) => {
    const key = `${file}#${entity.id}`;
    const usage = corpus.usage(key, 0);
    const range = lines.rangeOf(entity.idSpan);
    const articles = `${usage.mentionedIn} article${usage.mentionedIn === 1 ? '' : 's'}`;
    const title = `mentioned in ${articles} · quoted in ${usage.quotedIn}${building ? ' (indexing)' : ''}`;
    const locations = corpus
      .references(key, false)
      .map(({ file: at, range: where }) => ({ uri: uriOf(at), range: where }));
    return { range, command: { title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, range.start, locations] } };
  });
}

/** What the corpus features need of the server: its index, its files as they are now, its settings. */
export interface CorpusFilesHost {
  corpus(): CorpusIndex;
  uriOf(file: string): string;
  /** The version of the open document at a URI; undefined when it is not open. */
  openVersion(uri: string): number | undefined;
  settingsOf(uri: string): Promise<{ suffix: string; maxFileSize: number }>;
  /** A file's text as it is now: the open buffer, or the file on disk. */
  currentText(file: string, maxFileSize: number): Promise<{ text: string; version: number | null } | undefined>;
  /** The workspace folder a file is in (or its own folder outside any). */
  folderFor(file: string): string;
  readonly canUseDocumentChanges: boolean;
  readonly canCreateFiles: boolean;
}

/** The registry that defines a shared entity and every sidecar that names it, as they are now. */
export async function renameTargets(host: CorpusFilesHost, key: string, result: PairAnalysis): Promise<RenameTarget[]> {
  const files = new Set([fileOfKey(key), ...host.corpus().sidecarsNaming(key)]);
  if (result.sidecar) files.add(result.sidecar);
  const targets: RenameTarget[] = [];
  for (const file of [...files].sort()) {
    const uri = host.uriOf(file);
    const settings = await host.settingsOf(uri);
    const current = await host.currentText(file, settings.maxFileSize);
    if (!current) continue;
    const registry = roleOf(portable(file), settings.suffix) === 'registry';
    targets.push({ file, uri, text: current.text, version: current.version, registry });
  }
  return targets;
}

/**
 * "Move to the registry" and "Use the registry's entity" on an entity of an open sidecar: the
 * registry edit is computed from its text as it is now, open or on disk.
 */
export async function sharingActions(
  host: CorpusFilesHost,
  result: PairAnalysis,
  side: 'article' | 'sidecar',
  offset: number,
  only: string[] | undefined,
): Promise<CodeAction[]> {
  if (result.registry || !result.sidecar || !host.canUseDocumentChanges) return [];
  if (only && !only.some((kind) => CodeActionKind.RefactorRewrite.startsWith(kind))) return [];
  const sidecarUri = host.uriOf(result.sidecar);
  const sidecarVersion = host.openVersion(sidecarUri);
  const entity = ownEntityAt(result.analysis, side, offset);
  if (!entity || sidecarVersion === undefined) return [];
  const settings = await host.settingsOf(sidecarUri);
  const nearest = result.analysis.entities.chain?.files[0]?.path;
  const file = nearest ?? path.join(host.folderFor(result.sidecar), registryFileName(settings.suffix));
  if (!nearest && !host.canCreateFiles) return [];
  const current = await host.currentText(file, settings.maxFileSize);
  if (nearest && !current) return [];
  const label = portable(path.relative(path.dirname(result.sidecar), file));
  const destination = { file, source: current?.text, label };
  const registry = { uri: host.uriOf(file), version: current?.version ?? null, source: current?.text ?? '' };
  const sidecarTarget = { uri: sidecarUri, version: sidecarVersion, lines: result.analysis.sidecarLines };
  return registryActions(result.analysis, entity, destination).map((action) =>
    registryCodeAction(action, sidecarTarget, registry),
  );
}
