/**
 * Quick fixes and commands as LSP code actions and workspace edits. The engine computes the
 * edits on the sidecar (core/ide/actions.ts); this file wraps them in edits that name the sidecar
 * version they were computed for, so that an editor refuses them once the sidecar changed.
 */

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
  speakerCandidates,
  type AnalyzedQuote,
  type CoreDiagnostic,
  type LineIndex,
  type SidecarAction,
  type TextEdit,
} from '../core';
import type { PairAnalysis } from '../files';
import { PICK_SPEAKER_COMMAND, type PickSpeakerArguments } from '../protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.articleAnnotations`;

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

function toCodeAction(action: SidecarAction, target: SidecarTarget, diagnostic?: Diagnostic): CodeAction {
  return {
    title: action.title,
    kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : FIX_ALL_KIND,
    isPreferred: action.preferred,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    edit: sidecarEdit(target, action.edits),
  };
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
  articleUri: string;
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
  const { result, side, sidecarText, target } = request;
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
        .map((action) => toCodeAction(action, target, diagnostic));
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
  // "Fix all" attributes every quote at once, which costs more than a light bulb should: it is
  // computed only when asked for by its kind (the editor's Fix All command, or on save).
  if (side === 'article' && request.only !== undefined && wants(request.only, FIX_ALL_KIND)) {
    const all = fixAll(sidecarText, result.analysis);
    if (all) actions.push(toCodeAction(all, target));
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
  const candidates = speakerCandidates(result.analysis, quote).map((entity) => ({
    id: entity.id,
    name: entity.name?.text ?? entity.id,
    type: entity.type,
    description: entity.description ?? '',
  }));
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
