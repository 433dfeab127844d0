/**
 * Quick fixes through the protocol: that the handler answers with the features' code actions
 * for the editor's diagnostics, that "fix all" is answered when asked for by its kind, and what
 * only the protocol decides: edits name the version of the open sidecar (null for a sidecar
 * only on disk, which the editor then opens), and an edit computed before the sidecar changed
 * is refused while a new one keeps the change. The test client applies workspace edits as an
 * editor would. What each fix offers and writes is tested in process, in
 * test/features/codeActions.test.ts.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CodeActionKind,
  CodeActionResolveRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { messageOf } from '../support/lspText';
import { documentChangesOf, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';
import {
  assertCommentsKept,
  codeActionsFor,
  KIM_SIDECAR,
  parseSidecarYaml,
  shareServer,
  showDiagnostics,
  withSession,
} from './fixtures';

const FIX_ALL = 'source.fixAll.articleAnnotations';
const GERMAN_SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as Command).command !== 'string';
}

/** The diagnostics of one code in a file, in document order. */
function ofCode(diagnostics: readonly Diagnostic[], code: string, message?: string): Diagnostic[] {
  return diagnostics
    .filter((d) => d.code === code && (message === undefined || messageOf(d).includes(message)))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const attributed = (text: string, speaker: string) => ({ text, speaker });

describe('LSP: quick fixes', () => {
  shareServer();

  it('only the article open: the sidecar on disk is edited (version null) and opened', async () => {
    await withSession({ samples: GERMAN_SAMPLES, initializationOptions: { speakerPicker: true } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.uri('kim-putin.ann.yaml');
      const before = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const [target] = ofCode(before, 'unattributed-quote', 'Das ist natürlich machbar');

      const actions = await codeActionsFor(client, article, [target]);
      assert.ok(actions.every(isCodeAction), 'only code actions, no bare commands');
      const quickFixes = actions.filter(isCodeAction).filter((action) => action.kind === CodeActionKind.QuickFix);
      assert.deepEqual(
        quickFixes.map((action) => [action.title, action.isPreferred === true]),
        [
          ['Attribute to Wladimir Putin', true],
          ['Attribute to…', false],
          ['Mark as anonymous source', false],
          ['Mark as term (not a quote)', false],
        ],
      );
      for (const action of quickFixes) {
        assert.deepEqual(action.diagnostics, [target], `'${action.title}' names the diagnostic it fixes`);
        if (!action.edit) continue;
        assert.deepEqual(targetsOf(action.edit), [sidecar], `'${action.title}' changes only the sidecar`);
        assert.equal(
          textDocumentEditsOf(action.edit)[0].textDocument.version,
          null,
          `the version of '${action.title}'`,
        );
      }
      const [chosen] = quickFixes;

      assert.deepEqual(client.applyWorkspaceEdit(chosen.edit!), { applied: true });
      assert.ok(client.isOpen(sidecar), 'the edited sidecar is open in the editor');
      const text = client.textOf(sidecar);
      assertCommentsKept(KIM_SIDECAR, text, 'the fix');
      const [parsedBefore, parsedAfter] = [parseSidecarYaml(KIM_SIDECAR), parseSidecarYaml(text)];
      assert.deepEqual(parsedAfter.quotes, [
        ...parsedBefore.quotes,
        attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
      ]);
      assert.deepEqual(parsedAfter.entities, parsedBefore.entities);
      // The server reads the edited buffer: the diagnostic goes, and none comes into the sidecar.
      await client.waitForDiagnostics(
        article,
        (d) => ofCode(d, 'unattributed-quote').length === 2 && !d.some((x) => messageOf(x).includes('Das ist')),
      );
      assert.deepEqual(showDiagnostics(await client.waitForDiagnostics(sidecar)), '');
    });
  });

  it('fix all is answered when asked for by its kind, in the article only', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const actions = (await codeActionsFor(client, article, [], ['source.fixAll'])).filter(isCodeAction);
      assert.deepEqual(
        actions.map((action) => [action.title, action.kind]),
        [['Attribute 2 quotes to their suggested speakers', FIX_ALL]],
      );
      assert.deepEqual(await codeActionsFor(client, article, [], [CodeActionKind.QuickFix]), []);
      assert.deepEqual(await codeActionsFor(client, sidecar, [], ['source.fixAll']), [], 'nothing in the sidecar');
    });
  });
});

describe('LSP: quick fixes and sidecar versions', () => {
  shareServer();

  it('edits name the version of the open sidecar they were computed for', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      // Two edits that change nothing for the article: the sidecar is at version 3.
      client.replace(sidecar, 'version: 1\n', '# edited\nversion: 1\n');
      client.replace(sidecar, '# edited\n', '# edited twice\n');
      assert.equal(client.versionOf(sidecar), 3);
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      await client.settle();
      const actions = (await codeActionsFor(client, article, diagnostics)).filter(isCodeAction);
      assert.ok(actions.length > 3);
      for (const action of actions) {
        if (!action.edit) continue;
        for (const change of documentChangesOf(action.edit)) {
          assert.ok('textDocument' in change, 'only text edits');
          assert.deepEqual(change.textDocument, { uri: sidecar, version: 3 }, action.title);
        }
      }
    });
  });

  it('an edit computed before the sidecar changed is refused, and a new one keeps the change', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const [target] = ofCode(diagnostics, 'unattributed-quote', 'Das ist natürlich machbar');

      // The request goes out, then the reporter types into the sidecar before the answer is in.
      const pending = codeActionsFor(client, article, [target]);
      const typed = '  - text: ewige Präsident\n    kind: term\n    note: checked by the desk\n';
      client.replace(sidecar, '  - text: ewige Präsident\n    kind: term\n', typed);
      const stale = (await pending).filter(isCodeAction)[0];
      assert.equal(stale.title, 'Attribute to Wladimir Putin');
      assert.deepEqual(textDocumentEditsOf(stale.edit!)[0].textDocument, { uri: sidecar, version: 1 });
      const refused = client.applyWorkspaceEdit(stale.edit!);
      assert.equal(refused.applied, false, 'the editor refuses an edit for an old version');
      assert.ok(client.textOf(sidecar).includes(typed));

      // Asked again, the server computes on the new text: the typed note stays.
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const fresh = (await codeActionsFor(client, article, [target])).filter(isCodeAction)[0];
      assert.deepEqual(textDocumentEditsOf(fresh.edit!)[0].textDocument, { uri: sidecar, version: 2 });
      assert.deepEqual(client.applyWorkspaceEdit(fresh.edit!), { applied: true });
      const text = client.textOf(sidecar);
      assert.ok(text.includes(typed), `the typed note was clobbered:\n${text}`);
      const quotes = parseSidecarYaml(text).quotes;
      assert.deepEqual(quotes.at(-2), { text: 'ewige Präsident', kind: 'term', note: 'checked by the desk' });
      assert.deepEqual(quotes.at(-1), attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'));
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 2);
    });
  });

  it('a closed sidecar changed on disk after the fix was offered: resolving refuses, saying why', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const [target] = ofCode(diagnostics, 'unattributed-quote', 'Das ist natürlich machbar');
      const offered = (await codeActionsFor(client, article, [target], undefined, { resolve: false })).filter(
        isCodeAction,
      );
      const attribute = offered.find((action) => action.title === 'Attribute to Wladimir Putin')!;
      assert.equal(attribute.edit, undefined, 'the edit of a closed sidecar waits for resolve');

      // Another program rewrites the sidecar, and no watcher has said so yet.
      const changed = KIM_SIDECAR + '# checked by the desk\n';
      fs.writeFileSync(session.file('kim-putin.ann.yaml'), changed);
      const mark = client.problems.length;
      const resolved = await client.request<CodeAction>(CodeActionResolveRequest.method, attribute);
      assert.equal(resolved.edit, undefined, 'no edit for a text it was not computed on');
      const warnings = client.problems.splice(mark);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].message, /The sidecar changed since 'Attribute to Wladimir Putin' was offered/u);
      assert.equal(fs.readFileSync(session.file('kim-putin.ann.yaml'), 'utf8'), changed);

      // Offered again, the fix is computed on the new text and resolves to an edit of it.
      const fresh = (await codeActionsFor(client, article, [target])).filter(isCodeAction);
      const edit = fresh.find((action) => action.title === 'Attribute to Wladimir Putin')!.edit!;
      assert.equal(textDocumentEditsOf(edit)[0].textDocument.version, null);
      assert.deepEqual(client.applyWorkspaceEdit(edit), { applied: true });
      const quotes = parseSidecarYaml(client.textOf(session.uri('kim-putin.ann.yaml'))).quotes;
      assert.deepEqual(quotes.at(-1), attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'));
      assert.ok(client.textOf(session.uri('kim-putin.ann.yaml')).includes('# checked by the desk'));
    });
  });
});
