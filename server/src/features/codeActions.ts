/**
 * Quick fixes and commands as LSP code actions and workspace edits. The engine computes the
 * edits on the sidecar (core/ide/actions.ts); this file wraps them in edits that name the sidecar
 * version they were computed for, so that an editor refuses them once the sidecar changed.
 *
 * A sidecar that is not open has no version to name. Its actions carry the edits with a hash of
 * the text they were computed from instead, and the edit is made only when the editor resolves
 * the action (codeAction/resolve), if the sidecar still has that text.
 */

import { createHash } from 'node:crypto';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  fixAll,
  quickFixes,
  removalActions,
  speakerCandidates,
  unlinkedEntityAt,
  type AnalyzedQuote,
  type CoreDiagnostic,
  type Entity,
  LineIndex,
  type SidecarAction,
  type TextEdit,
} from '../core';
import type { PairAnalysis } from '../files';
import {
  CONFIRM_REMOVE_ENTITY_COMMAND,
  LINK_WIKIDATA_COMMAND,
  PICK_SPEAKER_COMMAND,
  PICK_WIKIDATA_COMMAND,
  type EntityChoice,
  type PickSpeakerArguments,
  type RemoveEntityArguments,
  type WikidataCandidatesParams,
} from '../protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.articleAnnotations`;

/** An entity as the client's pickers show it. */
export function entityChoiceOf(entity: Entity): EntityChoice {
  return {
    id: entity.id,
    name: entity.name?.text ?? entity.id,
    type: entity.type,
    description: entity.description ?? '',
  };
}

/** The sidecar a set of edits applies to, and the version they were computed against. */
export interface SidecarTarget {
  uri: string;
  /** The open document's version, or null when the edit was computed from the file on disk. */
  version: number | null;
  lines: LineIndex;
  /**
   * Whether the client takes versioned document changes. Editors that do not get the plain
   * form, without the version check.
   */
  documentChanges: boolean;
}

export function sidecarEdit(target: SidecarTarget, edits: readonly TextEdit[]): WorkspaceEdit {
  const textEdits = edits.map((edit) => ({
    range: { start: target.lines.positionAt(edit.start), end: target.lines.positionAt(edit.end) },
    newText: edit.newText,
  }));
  if (!target.documentChanges) return { changes: { [target.uri]: textEdits } };
  const change: TextDocumentEdit = { textDocument: { uri: target.uri, version: target.version }, edits: textEdits };
  return { documentChanges: [change] };
}

/** The engine diagnostic an editor's diagnostic stands for (matched by code and range). */
function coreDiagnosticOf(
  result: PairAnalysis,
  diagnostic: Diagnostic,
  side: 'article' | 'sidecar',
): CoreDiagnostic | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const lines = side === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
  const start = lines.offsetAt(diagnostic.range.start);
  const end = lines.offsetAt(diagnostic.range.end);
  const list = side === 'article' ? result.analysis.articleDiagnostics : result.analysis.sidecarDiagnostics;
  return list.find((core) => core.code === diagnostic.code && core.span.start === start && core.span.end === end);
}

/** What an action whose edit waits for resolve carries: the edits and what they were computed on. */
export interface DeferredSidecarEdit {
  sidecar: string;
  /** Hash of the sidecar text the edits were computed on. */
  hash: string;
  edits: TextEdit[];
}

/** A hash of a sidecar text, to tell whether it changed since an edit was computed on it. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function toCodeAction(
  action: SidecarAction,
  request: Pick<CodeActionRequest, 'target' | 'sidecarText' | 'resolveClosedEdits'>,
  diagnostic?: Diagnostic,
): CodeAction {
  const { target } = request;
  const deferred = target.version === null && request.resolveClosedEdits;
  const data: DeferredSidecarEdit | undefined = deferred
    ? { sidecar: target.uri, hash: textHash(request.sidecarText), edits: action.edits }
    : undefined;
  return {
    title: action.title,
    kind:
      action.kind === 'quickfix'
        ? CodeActionKind.QuickFix
        : action.kind === 'refactor.rewrite'
          ? CodeActionKind.RefactorRewrite
          : FIX_ALL_KIND,
    isPreferred: action.preferred,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    ...(data ? { data } : { edit: sidecarEdit(target, action.edits) }),
  };
}

function isDeferredEdit(data: unknown): data is DeferredSidecarEdit {
  const candidate = data as Partial<DeferredSidecarEdit> | null | undefined;
  return (
    typeof candidate?.sidecar === 'string' &&
    typeof candidate.hash === 'string' &&
    Array.isArray(candidate.edits) &&
    candidate.edits.every(
      (edit: Partial<TextEdit> | null) =>
        typeof edit?.start === 'number' && typeof edit.end === 'number' && typeof edit.newText === 'string',
    )
  );
}

/** The sidecar as it is when an action is resolved: its text, and its version if it is open. */
export interface CurrentSidecar {
  text: string;
  version: number | null;
}

/**
 * Resolves an action whose edit waits: the edit, when the sidecar still has the text the edits
 * were computed on; otherwise the action without an edit, and the reason to tell the user.
 */
export function resolveCodeAction(
  action: CodeAction,
  current: CurrentSidecar | undefined,
  documentChanges: boolean,
): { action: CodeAction; refusal?: string } {
  if (action.edit || !isDeferredEdit(action.data)) return { action };
  const { sidecar, hash, edits } = action.data;
  if (!current || textHash(current.text) !== hash) {
    return {
      action,
      refusal: `The sidecar changed since '${action.title}' was offered, so nothing was written. Ask for the fix again.`,
    };
  }
  const target: SidecarTarget = {
    uri: sidecar,
    version: current.version,
    lines: new LineIndex(current.text),
    documentChanges,
  };
  return { action: { ...action, edit: sidecarEdit(target, edits) } };
}

export interface CodeActionRequest {
  result: PairAnalysis;
  side: 'article' | 'sidecar';
  sidecarText: string;
  target: SidecarTarget;
  diagnostics: readonly Diagnostic[];
  only: readonly string[] | undefined;
  /** Whether the client offers the speaker picker command (our VS Code client does). */
  pickerCommand: boolean;
  /**
   * Whether the client resolves an action's edit (codeAction/resolve): then the edits of a
   * sidecar that is not open wait for it, to be checked against the text they were computed on.
   */
  resolveClosedEdits?: boolean;
  articleUri: string;
  /** Where the cursor is (the start of the requested range) in the requesting file. */
  offset?: number;
  /**
   * Whether the client asks before removing an entity, listing the quotes that name it (our
   * VS Code client does): "Remove entity" then runs its command instead of carrying the edit.
   */
  confirmRemovals?: boolean;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * How many of a request's diagnostics get quick fixes. The editor sends every diagnostic in the
 * selection, and each fix reads the sidecar anew: a selection over the thousands of diagnostics
 * of a large sidecar kept the server busy far longer than anyone waits for a menu. A menu with
 * more fixes is no use anyway.
 */
const MAX_DIAGNOSTICS_FIXED = 20;

export function codeActions(request: CodeActionRequest): CodeAction[] {
  const { result, side, sidecarText } = request;
  const actions: CodeAction[] = [];
  if (wants(request.only, CodeActionKind.QuickFix)) {
    let fixed = 0;
    for (const diagnostic of request.diagnostics) {
      const core = coreDiagnosticOf(result, diagnostic, side);
      if (!core) continue;
      if (++fixed > MAX_DIAGNOSTICS_FIXED) break;
      // A fix that would change nothing is not offered: the edit engine returns no edits for a
      // sidecar with a YAML syntax error, and the user fixes that first.
      const fixes = quickFixes(sidecarText, result.analysis, core, !request.pickerCommand)
        .filter((action) => action.edits.length > 0)
        .map((action) => toCodeAction(action, request, diagnostic));
      if (core.code === 'unattributed-quote' && request.pickerCommand && fixes.length > 0) {
        const quote = result.analysis.quotes.find(
          (q) => q.outer.start === core.span.start && q.outer.end === core.span.end,
        );
        // The picker goes after the suggested speaker's action, before the two "Mark as" fixes.
        if (quote) fixes.splice(fixes.length - 2, 0, pickerAction(result, quote, request.articleUri, diagnostic));
      }
      actions.push(...fixes);
    }
  }
  if (request.offset !== undefined && wants(request.only, CodeActionKind.RefactorRewrite)) {
    const confirm = request.confirmRemovals === true;
    for (const action of removalActions(sidecarText, result.analysis, side, request.offset, !confirm)) {
      if (confirm && action.removesEntity !== undefined) {
        const argument: RemoveEntityArguments = { uri: request.articleUri, entity: action.removesEntity };
        actions.push({
          title: `${action.title}…`,
          kind: CodeActionKind.RefactorRewrite,
          command: { title: action.title, command: CONFIRM_REMOVE_ENTITY_COMMAND, arguments: [argument] },
        });
      } else if (action.edits.length > 0) actions.push(toCodeAction(action, request));
    }
  }
  // "Fix all" attributes every quote at once, which costs more than a light bulb should: it is
  // computed only when asked for by its kind (the editor's Fix All command, or on save).
  if (side === 'article' && request.only !== undefined && wants(request.only, FIX_ALL_KIND)) {
    const all = fixAll(sidecarText, result.analysis);
    if (all) actions.push(toCodeAction(all, request));
  }
  return actions;
}

/** "Attribute to…": the client shows every person and organization to choose from. */
function pickerAction(
  result: PairAnalysis,
  quote: AnalyzedQuote,
  articleUri: string,
  diagnostic: Diagnostic,
): CodeAction {
  const candidates = speakerCandidates(result.analysis, quote).map(entityChoiceOf);
  return {
    title: 'Attribute to…',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: {
      title: 'Attribute to…',
      command: PICK_SPEAKER_COMMAND,
      arguments: [
        { articleUri, quoteStart: quote.outer.start, quoteText: quote.text, candidates } satisfies PickSpeakerArguments,
      ],
    },
  };
}

/**
 * **Link to Wikidata…** on an entity without `wikidata:`, at its key in the sidecar or registry
 * or at a mention in the article. Offering it asks Wikidata nothing: our client's picker
 * searches when the user runs it; other editors run the server's command without an item,
 * which searches then and offers the candidates as the buttons of a message.
 */
export function wikidataLinkAction(
  result: PairAnalysis,
  side: 'article' | 'sidecar',
  offset: number,
  uri: string,
  only: readonly string[] | undefined,
  picker: boolean,
): CodeAction | undefined {
  if (!wants(only, CodeActionKind.RefactorRewrite)) return undefined;
  const target = unlinkedEntityAt(result.analysis, side, offset);
  if (!target) return undefined;
  const name = target.entity.name?.text;
  const argument: WikidataCandidatesParams = { uri, entity: target.entity.id, ...(name ? { name } : {}) };
  const command = picker ? PICK_WIKIDATA_COMMAND : LINK_WIKIDATA_COMMAND;
  return {
    title: 'Link to Wikidata…',
    kind: CodeActionKind.RefactorRewrite,
    command: { title: 'Link to Wikidata…', command, arguments: [argument] },
  };
}
