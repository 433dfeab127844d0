/**
 * Navigation through the protocol, on the German sample: that each handler (definition,
 * references, prepare rename, rename, outline, completion, code lens) answers with what its
 * feature function computes, converted to the editor's positions; what the protocol adds
 * (versions of the open sidecar, a sidecar only on disk, refused renames as errors); and that
 * lenses are refreshed after an edit. What each feature finds is tested in process, in
 * test/features/ (navigation, rename, outline, completion, codeLenses).
 */

import * as assert from 'node:assert/strict';
import {
  CompletionItemKind,
  ErrorCodes,
  ResponseError,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import type { LspClient } from '../support/lspClient';
import { positionAt } from '../support/lspText';
import { cursorIn, describeLocation, NAME, rangeIn, TEXT } from '../support/kimSample';
import { parseMarkup } from '../support/markup';
import type { Side } from '../support/pair';
import { applyTextEdits, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';
import { KIM_SIDECAR, parseSidecarYaml, withSession, shareServer, type Session } from './fixtures';

const SAMPLES = [NAME.article, NAME.sidecar];
const NEW_ENTRY = '  - text: ewige Präsident\n    kind: term\n';

/** Opens the German sample (the sidecar too, unless told otherwise) and waits for its analysis. */
async function openSample(session: Session, sides: Side[] = ['article', 'sidecar']): Promise<Record<Side, string>> {
  for (const side of sides) session.open(NAME[side]);
  const uris = { article: session.uri(NAME.article), sidecar: session.uri(NAME.sidecar) };
  await session.client.waitForDiagnostics(uris.article, (d) => d.length === 3);
  return uris;
}

function positionParams(uris: Record<Side, string>, side: Side, snippet: string) {
  return { textDocument: { uri: uris[side] }, position: positionAt(TEXT[side], cursorIn(side, snippet)) };
}

describe('LSP: definition and references', () => {
  shareServer();

  it('definition: a mention by alias → the entity id in the sidecar', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      const found = await session.client.request<Location | Location[] | null>(
        'textDocument/definition',
        positionParams(uris, 'article', 'Kreml$0sprecher Dimitri'),
      );
      assert.deepEqual(found, { uri: uris.sidecar, range: rangeIn('sidecar', '  ⟦peskow⟧:\n') });
    });
  });

  for (const open of [['article', 'sidecar'], ['article']] as Side[][]) {
    const which = open.length === 2 ? 'both files open' : 'only the article open: the sidecar’s locations are on disk';
    it(`references with ${which}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const uris = await openSample(session, open);
        const found = await session.client.request<Location[]>('textDocument/references', {
          ...positionParams(uris, 'article', 'Kreml$0sprecher Dimitri'),
          context: { includeDeclaration: true },
        });
        assert.deepEqual(
          found.map((location) => describeLocation(uris, location)),
          ['sidecar: peskow (peskow:)', 'article: Kremlsprecher', 'article: Dimitri Peskow', 'article: Peskow'],
        );
      });
    });
  }
});

describe('LSP: rename', () => {
  shareServer();

  it('prepareRename: a mention, offering the id', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      const result = await session.client.request(
        'textDocument/prepareRename',
        positionParams(uris, 'article', 'Kreml$0sprecher Dimitri'),
      );
      assert.deepEqual(result, { range: rangeIn('article', '⟦Kremlsprecher⟧ Dimitri'), placeholder: 'peskow' });
    });
  });

  const RENAMED = [
    '  wladimir-putin:',
    '    speaker: wladimir-putin',
    '    speaker: wladimir-putin',
    '    speaker: wladimir-putin',
  ];

  for (const open of [['article', 'sidecar'], ['article']] as Side[][]) {
    const which = open.length === 2 ? 'the open sidecar (its version)' : 'the sidecar on disk (version null)';
    it(`rename in ${which}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const { client } = session;
        const uris = await openSample(session, open);
        const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
          ...positionParams(uris, 'article', 'Präsidenten Wladimir$0 Putin'),
          newName: 'wladimir-putin',
        });
        assert.deepEqual(targetsOf(edit), [uris.sidecar], 'only the sidecar is renamed in');
        const [change] = textDocumentEditsOf(edit);
        assert.equal(change.textDocument.version, client.isOpen(uris.sidecar) ? client.versionOf(uris.sidecar) : null);
        const before = KIM_SIDECAR.split('\n');
        const changed = applyTextEdits(KIM_SIDECAR, change.edits)
          .split('\n')
          .filter((line, i) => line !== before[i]);
        assert.deepEqual(changed, RENAMED);

        // Applied, the pair is as healthy as before: the quotes are still attributed.
        assert.deepEqual(client.applyWorkspaceEdit(edit), { applied: true });
        assert.equal(client.textOf(uris.article), TEXT.article);
        assert.ok(parseSidecarYaml(client.textOf(uris.sidecar)).entities['wladimir-putin']);
        await client.settle();
        assert.deepEqual(client.diagnosticsOf(uris.sidecar), []);
        assert.equal(client.diagnosticsOf(uris.article)?.length, 3);
      });
    });
  }

  it('a rename to an id that exists already is refused with an InvalidParams error', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      await assert.rejects(
        session.client.request('textDocument/rename', {
          ...positionParams(uris, 'sidecar', '  pu$0tin:\n'),
          newName: 'kim-jong-un',
        }),
        (error: unknown) => {
          assert.ok(error instanceof ResponseError, String(error));
          assert.equal(error.code, ErrorCodes.InvalidParams);
          assert.match(error.message, /exists already/u);
          return true;
        },
      );
    });
  });
});

describe('LSP: outline, completion and code lenses', () => {
  shareServer();

  it('outline: the sidecar’s entities and quote entries, the article’s quotes by speaker', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      const outline = async (side: Side): Promise<DocumentSymbol[]> =>
        session.client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uris[side] } });
      const sidecar = await outline('sidecar');
      assert.equal(sidecar.length, Object.keys(parseSidecarYaml(KIM_SIDECAR).entities).length + 4);
      assert.deepEqual(sidecar[0].selectionRange, rangeIn('sidecar', '  ⟦putin⟧:\n'));
      assert.deepEqual(
        (await outline('article')).map((group) => group.name),
        ['Wladimir Putin', 'Unattributed', 'Terms'],
      );
    });
  });

  it('completion: entity ids after speaker:', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const marked = KIM_SIDECAR.replace(
        NEW_ENTRY,
        `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: $0\n`,
      );
      const { text, cursor } = parseMarkup(marked);
      const uri = session.open(NAME.sidecar, text);
      const result = await session.client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri },
        position: positionAt(text, cursor),
      });
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      assert.deepEqual(
        items.slice(0, 2).map((item) => [item.label, item.kind]),
        [
          ['putin', CompletionItemKind.Reference],
          ['kim-jong-un', CompletionItemKind.Reference],
        ],
      );
    });
  });

  /** A lens as `line: title`, to compare readably. */
  function lensTitles(lenses: CodeLens[]): string[] {
    return lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title ?? '(unresolved)'}`);
  }

  async function lensesOf(client: LspClient, uri: string): Promise<CodeLens[]> {
    return (await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
  }

  it('code lenses are refreshed when the article or the sidecar changes', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const uris = await openSample(session);
      const putinLine = rangeIn('sidecar', '  ⟦putin⟧:\n').start.line;
      const putinLens = async (): Promise<string | undefined> =>
        (await lensesOf(client, uris.sidecar)).find((lens) => lens.range.start.line === putinLine)?.command?.title;
      assert.deepEqual(lensTitles(await lensesOf(client, uris.article)), ['0: 7 quotes · 3 unattributed']);
      assert.equal(await putinLens(), '12 mentions · 3 quotes');
      await client.settle();

      let refreshes = client.lensRefreshes;
      client.replace(uris.article, 'im Blick.', 'im Blick. „Wir kommen morgen früh an“, sagte Putin.');
      refreshes = await client.waitForLensRefresh(refreshes);
      assert.deepEqual(lensTitles(await lensesOf(client, uris.article)), ['0: 8 quotes · 4 unattributed']);
      assert.equal(await putinLens(), '13 mentions · 3 quotes');

      client.replace(uris.sidecar, NEW_ENTRY, `${NEW_ENTRY}  - text: Wir kommen morgen früh an\n    speaker: putin\n`);
      await client.waitForLensRefresh(refreshes);
      assert.deepEqual(lensTitles(await lensesOf(client, uris.article)), ['0: 8 quotes · 3 unattributed']);
      assert.equal(await putinLens(), '13 mentions · 4 quotes');
    });
  });
});
