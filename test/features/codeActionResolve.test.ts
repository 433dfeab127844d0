/**
 * Code actions on a sidecar that is not open: the edit waits for codeAction/resolve and is made
 * only if the sidecar still has the text the edits were computed on.
 */

import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver/node';
import { resolveCodeAction, textHash, type DeferredSidecarEdit } from '../../server/src/features/codeActions';

const SIDECAR = 'version: 1\nquotes:\n';
const URI = 'file:///news/a.ann.yaml';

function deferred(text: string): CodeAction {
  const data: DeferredSidecarEdit = {
    sidecar: URI,
    hash: textHash(text),
    edits: [{ start: text.length, end: text.length, newText: '  - text: Ja\n    speaker: putin\n' }],
  };
  return { title: 'Attribute to Wladimir Putin', kind: 'quickfix', data };
}

describe('code action resolve', function () {
  it('makes the edit when the sidecar has the text it was computed on', () => {
    const { action, refusal } = resolveCodeAction(deferred(SIDECAR), { text: SIDECAR, version: null }, true);
    assert.equal(refusal, undefined);
    assert.deepEqual(action.edit, {
      documentChanges: [
        {
          textDocument: { uri: URI, version: null },
          edits: [
            {
              range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
              newText: '  - text: Ja\n    speaker: putin\n',
            },
          ],
        },
      ],
    });
  });

  it('names the version when the sidecar has been opened since, with the same text', () => {
    const { action } = resolveCodeAction(deferred(SIDECAR), { text: SIDECAR, version: 4 }, true);
    assert.equal(
      action.edit?.documentChanges?.[0] && 'textDocument' in action.edit.documentChanges[0]
        ? action.edit.documentChanges[0].textDocument.version
        : undefined,
      4,
    );
  });

  it('refuses, saying why, when the sidecar changed or is gone', () => {
    for (const current of [{ text: SIDECAR + '# note\n', version: null }, undefined]) {
      const { action, refusal } = resolveCodeAction(deferred(SIDECAR), current, true);
      assert.equal(action.edit, undefined);
      assert.match(refusal ?? '', /The sidecar changed since 'Attribute to Wladimir Putin' was offered/u);
    }
  });

  it('passes an action with an edit, or with data it did not make, through unchanged', () => {
    const withEdit: CodeAction = { title: 'x', edit: { changes: {} } };
    assert.equal(resolveCodeAction(withEdit, undefined, true).action, withEdit);
    const foreign: CodeAction = { title: 'y', data: { something: 1 } };
    assert.deepEqual(resolveCodeAction(foreign, undefined, true), { action: foreign });
  });
});
