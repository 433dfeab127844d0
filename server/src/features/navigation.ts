/**
 * Navigation features as LSP types: definition, references, rename, outline, code lens and
 * completion. The engine (core/ide/navigation.ts, core/ide/completion.ts) decides; these functions
 * only convert offsets to positions and spans to locations.
 */

import {
  CompletionItemKind,
  CompletionList,
  type CodeLens,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Location,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  articleOutline,
  codeLenses,
  definitionAt,
  entityAt,
  idOccurrences,
  isValidId,
  referencesOf,
  sidecarCompletionList,
  sidecarLinesOf,
  sidecarOutline,
  yamlScalar,
  type CompletionItem as CoreCompletionItem,
  type OutlineItem,
  type PairLocation,
  type WorkspaceVocabulary,
} from '../core';
import type { PairAnalysis } from '../files';
import { SHOW_REFERENCES_COMMAND } from '../protocol';

/** Converts engine locations into LSP locations in the right file. */
export interface PairUris {
  article: string;
  sidecar: string | undefined;
  /** The URI of another file (a registry), as the client knows it. */
  uriOf(file: string): string;
}

export function toLocation(result: PairAnalysis, uris: PairUris, location: PairLocation): Location | undefined {
  if (location.target === 'registry') {
    const registry = result.analysis.entities.chain?.files.find((file) => file.path === location.file);
    if (!registry?.parsed) return undefined;
    return { uri: uris.uriOf(registry.path), range: sidecarLinesOf(registry.parsed).rangeOf(location.span) };
  }
  const lines = location.target === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
  const uri = location.target === 'article' ? uris.article : uris.sidecar;
  return uri ? { uri, range: lines.rangeOf(location.span) } : undefined;
}

export function definition(
  result: PairAnalysis,
  uris: PairUris,
  side: 'article' | 'sidecar',
  offset: number,
): Location | null {
  const found = definitionAt(result.analysis, side, offset);
  return (found && toLocation(result, uris, found)) ?? null;
}

export function references(
  result: PairAnalysis,
  uris: PairUris,
  side: 'article' | 'sidecar',
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const entity = entityAt(result.analysis, side, offset);
  if (!entity) return [];
  return referencesOf(result.analysis, entity.id, includeDeclaration)
    .map((location) => toLocation(result, uris, location))
    .filter((location): location is Location => location !== undefined);
}

/** Rename works on entity ids only: in the sidecar, or from a mention in the article. */
export function prepareRename(
  result: PairAnalysis,
  side: 'article' | 'sidecar',
  offset: number,
): { range: Location['range']; placeholder: string } | null {
  const entity = entityAt(result.analysis, side, offset);
  if (!entity) return null;
  const lines = side === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
  const span =
    side === 'sidecar'
      ? idOccurrences(result.analysis, entity.id).find((s) => s.start <= offset && offset <= s.end)
      : result.analysis.mentions.find((m) => m.span.start <= offset && offset <= m.span.end)?.span;
  return span ? { range: lines.rangeOf(span), placeholder: entity.id } : null;
}

export class RenameError extends Error {}

/** The edits that rename an entity id everywhere in the sidecar; the article is never touched. */
export function rename(
  result: PairAnalysis,
  uris: PairUris,
  side: 'article' | 'sidecar',
  offset: number,
  newId: string,
  sidecarVersion: number | null,
): WorkspaceEdit | null {
  const entity = entityAt(result.analysis, side, offset);
  if (!entity || !uris.sidecar) return null;
  if (!isValidId(newId))
    throw new RenameError(`'${newId}' is not a valid id: use lower-case letters, digits and dashes.`);
  if (newId !== entity.id && result.analysis.entities.has(newId)) {
    throw new RenameError(`An entity with the id '${newId}' exists already.`);
  }
  const lines = result.analysis.sidecarLines;
  // An id such as `true`, `null` or `1984` is quoted, or YAML would read a boolean, null or a
  // number back. The spans include the quotes of a quoted id, so the old quoting goes with it.
  const newText = yamlScalar(newId);
  const edits: TextEdit[] = idOccurrences(result.analysis, entity.id).map((span) => ({
    range: lines.rangeOf(span),
    newText,
  }));
  return { documentChanges: [{ textDocument: { uri: uris.sidecar, version: sidecarVersion }, edits }] };
}

const SYMBOL_KIND: Record<string, SymbolKind> = {
  person: SymbolKind.Constant,
  place: SymbolKind.Namespace,
  organization: SymbolKind.Class,
  speech: SymbolKind.String,
  term: SymbolKind.Key,
  group: SymbolKind.Object,
};

function toSymbol(item: OutlineItem, lines: PairAnalysis['analysis']['articleLines']): DocumentSymbol {
  return {
    name: item.name || '(empty)',
    detail: item.detail,
    kind: SYMBOL_KIND[item.type] ?? (item.kind === 'entity' ? SymbolKind.Variable : SymbolKind.String),
    range: lines.rangeOf(item.span),
    selectionRange: lines.rangeOf(item.selection),
    children: item.children.map((child) => toSymbol(child, lines)),
  };
}

export function documentSymbols(result: PairAnalysis, side: 'article' | 'sidecar'): DocumentSymbol[] {
  const { analysis } = result;
  return side === 'article'
    ? articleOutline(analysis).map((item) => toSymbol(item, analysis.articleLines))
    : sidecarOutline(analysis).map((item) => toSymbol(item, analysis.sidecarLines));
}

export function lenses(result: PairAnalysis, side: 'article' | 'sidecar', uris: PairUris): CodeLens[] {
  const { analysis } = result;
  return codeLenses(analysis)
    .filter((lens) => lens.target === side)
    .map((lens) => {
      const lines = side === 'article' ? analysis.articleLines : analysis.sidecarLines;
      const range = lines.rangeOf(lens.span);
      const locations = lens.entity
        ? referencesOf(analysis, lens.entity, false)
            .map((location) => toLocation(result, uris, location))
            .filter((location): location is Location => location !== undefined)
        : [];
      const uri = side === 'article' ? uris.article : uris.sidecar!;
      const lensWithCommand: CodeLens = {
        range,
        command: {
          title: lens.title,
          command: lens.entity ? SHOW_REFERENCES_COMMAND : '',
          arguments: lens.entity ? [uri, range.start, locations] : [],
        },
      };
      return lensWithCommand;
    });
}

/** Completion in the sidecar, with the keys and values of `attributes:` and `meta:` the workspace uses. */
export function completions(
  result: PairAnalysis | undefined,
  source: string,
  offset: number,
  vocabulary?: WorkspaceVocabulary,
): CompletionList {
  const { items, incomplete } = sidecarCompletionList(source, offset, result?.analysis, vocabulary);
  // With only some candidates offered, the editor asks again as more is typed.
  return CompletionList.create(items.map(completionItem), incomplete);
}

function completionItem(item: CoreCompletionItem): CompletionItem {
  return {
    label: item.label,
    kind:
      item.kind === 'entity'
        ? CompletionItemKind.Reference
        : item.kind === 'type' || item.kind === 'value'
          ? CompletionItemKind.EnumMember
          : CompletionItemKind.Property,
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.PlainText, value: item.documentation } : undefined,
    ...(item.insertText ? { insertText: item.insertText } : {}),
  };
}
