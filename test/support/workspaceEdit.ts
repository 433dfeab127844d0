/**
 * A tiny applier of LSP workspace edits, so that a test can do with an edit what an editor
 * does: refuse it when it names a document version that is no longer current, and otherwise
 * apply its text edits and resource operations. The test client (lspClient.ts) applies edits
 * with it both for `workspace/applyEdit` requests and for the edits of code actions.
 */

import type {
  CreateFile,
  DeleteFile,
  RenameFile,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { offsetAt } from './lspText';

/**
 * The text with the edits applied. Like an editor, it refuses edits whose ranges overlap, and
 * applies inserts at the same position in the order of the array, as the LSP specifies.
 */
export function applyTextEdits(text: string, edits: readonly TextDocumentEdit['edits'][number][]): string {
  const spans = edits
    .map((edit, index) => {
      // Snippet edits need a client that announced them; this one did not.
      if (!('newText' in edit)) throw new Error(`A snippet edit the client did not ask for: ${JSON.stringify(edit)}`);
      return {
        start: offsetAt(text, edit.range.start),
        end: offsetAt(text, edit.range.end),
        newText: edit.newText,
        index,
      };
    })
    .sort((a, b) => a.start - b.start || a.index - b.index);
  let result = '';
  let at = 0;
  for (const span of spans) {
    if (span.end < span.start) throw new Error(`An edit ends before it starts: ${JSON.stringify(edits[span.index])}`);
    if (span.start < at) throw new Error(`Edits overlap: ${JSON.stringify(edits)}`);
    result += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  return result + text.slice(at);
}

export type ResourceOperation = CreateFile | RenameFile | DeleteFile;

/** The changes of a workspace edit, in order; these tests expect `documentChanges`, never `changes`. */
export function documentChangesOf(edit: WorkspaceEdit): (TextDocumentEdit | ResourceOperation)[] {
  if (edit.changes) throw new Error('The server sent `changes`; it should send versioned `documentChanges`.');
  return edit.documentChanges ?? [];
}

export function isTextDocumentEdit(change: TextDocumentEdit | ResourceOperation): change is TextDocumentEdit {
  return !('kind' in change);
}

/** The text document edits of a workspace edit. */
export function textDocumentEditsOf(edit: WorkspaceEdit): TextDocumentEdit[] {
  return documentChangesOf(edit).filter(isTextDocumentEdit);
}

/** The URIs that a workspace edit changes, creates or deletes. */
export function targetsOf(edit: WorkspaceEdit): string[] {
  return documentChangesOf(edit).map((change) =>
    isTextDocumentEdit(change) ? change.textDocument.uri : change.kind === 'rename' ? change.newUri : change.uri,
  );
}
