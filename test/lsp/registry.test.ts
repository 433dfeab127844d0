/**
 * Registries and the workspace index through the protocol: sidecars see the entities of the
 * `entities.ann.yaml` above them, the index is built in the background with work-done progress,
 * and from it come workspace symbols, references across articles, renames across files, the
 * corpus line of hover cards, the registry's unused entities, and the keys and values of
 * `attributes:` and `meta:` completion offers from other sidecars. The rules are tested in
 * process (test/unit/registry.test.ts, test/unit/corpus.test.ts).
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  FileChangeType,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type Location,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { messageOf, positionAt } from '../support/lspText';
import { withSession } from './fixtures';

const ROOT_REGISTRY = `version: 1
entities:
  putin:
    type: person
    name: Wladimir Putin
    aliases: [Putin]
    description: Präsident Russlands
  peskow:
    type: person
    name: Dmitri Peskow
    aliases: [Peskow]
  kreml:
    type: organization
    name: Kreml
  nobody:
    type: person
    name: Niemand Unbekannt
`;

const FILES = {
  'entities.ann.yaml': ROOT_REGISTRY,
  'politik/a.txt': 'Putin sprach in Moskau. „Wir sind bereit“, sagte Putin.\n',
  'politik/a.ann.yaml': 'version: 1\nlanguage: de\nquotes:\n  - text: Wir sind bereit\n    speaker: putin\n',
  'politik/b.txt': 'Peskow widersprach. „Das stimmt nicht“, sagte Peskow über Putin.\n',
  'politik/b.ann.yaml': 'version: 1\nlanguage: de\nquotes:\n  - text: Das stimmt nicht\n    speaker: peskow\n',
  'politik/ausland/c.txt': 'Der Kreml schwieg. „Kein Kommentar“, hieß es aus dem Kreml. Putin reiste ab.\n',
  'politik/ausland/c.ann.yaml':
    '# Der Kreml als Quelle\nversion: 1\nlanguage: de\nquotes:\n  - text: Kein Kommentar\n    speaker: kreml\n',
};

function sorted(locations: Location[], dir: string): string[] {
  return locations
    .map(
      (l) =>
        `${decodeURIComponent(l.uri).replace(`file://${dir}/`, '')}:${l.range.start.line}:${l.range.start.character}`,
    )
    .sort();
}

describe('LSP: registries and the workspace index', () => {
  it('a sidecar names registry entities; the index answers symbols, references, hover and rename', async () => {
    await withSession({ files: FILES, workspaceFolder: true }, async (session) => {
      const { client, dir } = session;
      const article = session.open('politik/a.txt');
      const sidecar = session.uri('politik/a.ann.yaml');
      // No unknown speaker, no unattributed quote: putin is the registry's.
      await client.waitForDiagnostics(article, (d) => d.length === 0);
      await client.settle();
      assert.deepEqual(client.diagnosticsOf(sidecar) ?? [], []);
      await client.waitForProgressEnd('Indexing articles');

      // Ctrl+T.
      const symbols = await client.request<SymbolInformation[]>(WorkspaceSymbolRequest.method, { query: 'putin' });
      assert.deepEqual(
        symbols.map((s) => [
          s.name,
          s.containerName,
          decodeURIComponent(s.location.uri).endsWith('/entities.ann.yaml'),
        ]),
        [['Wladimir Putin', '“Putin” · putin · entities.ann.yaml', true]],
      );
      const byAlias = await client.request<SymbolInformation[]>(WorkspaceSymbolRequest.method, { query: 'pesk' });
      assert.deepEqual(
        byAlias.map((s) => s.name),
        ['Dmitri Peskow'],
      );

      // Go to definition from a mention: the registry's entry.
      const text = client.textOf(article);
      const at = { line: 0, character: text.indexOf('Putin') };
      const definition = await client.request<Location>(DefinitionRequest.method, {
        textDocument: { uri: article },
        position: at,
      });
      assert.deepEqual(sorted([definition], dir), ['entities.ann.yaml:2:2']);

      // References across the articles: mentions and quotes in each, and the sidecar's speaker.
      const references = await client.request<Location[]>(ReferencesRequest.method, {
        textDocument: { uri: article },
        position: at,
        context: { includeDeclaration: true },
      });
      assert.deepEqual(sorted(references, dir), [
        'entities.ann.yaml:2:2',
        'politik/a.ann.yaml:4:13',
        'politik/a.txt:0:0',
        'politik/a.txt:0:24',
        'politik/a.txt:0:49',
        'politik/ausland/c.txt:0:60',
        'politik/b.txt:0:58',
      ]);

      // The hover card counts the corpus and links the latest quotes.
      const hover = await client.hover(article, text.indexOf('Putin'));
      const markdown = (hover?.contents as { value: string }).value;
      assert.match(markdown, /In the workspace: mentioned in 3 articles · quoted in 1/u);
      assert.doesNotMatch(markdown, /“Wir sind bereit” \(/u, "the article's own quotes are not listed twice");
      const peskow = await client.hover(article, text.length); // nothing at the end
      assert.equal(peskow, null);

      // Rename across the registry and every sidecar that names the id.
      const edit = await client.request<WorkspaceEdit>(RenameRequest.method, {
        textDocument: { uri: article },
        position: at,
        newName: 'wladimir-putin',
      });
      client.applyWorkspaceEdit(edit);
      assert.deepEqual(
        (edit.documentChanges ?? []).map((change) =>
          'textDocument' in change ? decodeURIComponent(change.textDocument.uri).replace(`file://${dir}/`, '') : '',
        ),
        ['entities.ann.yaml', 'politik/a.ann.yaml'],
      );
      // The editor opens the files it edits: the ids changed there, nothing else.
      assert.equal(
        client.textOf(session.uri('entities.ann.yaml')),
        ROOT_REGISTRY.replace('  putin:', '  wladimir-putin:'),
      );
      assert.equal(client.textOf(sidecar), FILES['politik/a.ann.yaml'].replace('putin', 'wladimir-putin'));
      await client.settle();
      assert.deepEqual(client.diagnosticsOf(article), []);
      assert.deepEqual(client.diagnosticsOf(sidecar), []);
    });
  });

  it('an open registry: its problems, and the entities no article uses once the index is built', async () => {
    await withSession({ files: FILES, workspaceFolder: true }, async (session) => {
      const { client } = session;
      const registry = session.open('entities.ann.yaml');
      await client.waitForProgressEnd('Indexing articles');
      const diagnostics = await client.waitForDiagnostics(registry, (d) => d.length > 0);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, messageOf(d)]),
        [['unused-entity', 4, "'nobody' is defined here but no article under the workspace mentions or quotes it."]],
      );
      // Above each entity, its use in the workspace.
      const lenses = await client.request<CodeLens[]>(CodeLensRequest.method, { textDocument: { uri: registry } });
      assert.deepEqual(
        lenses.map((lens) => [lens.range.start.line, lens.command?.title]),
        [
          [2, 'mentioned in 3 articles · quoted in 1'],
          [7, 'mentioned in 1 article · quoted in 1'],
          [11, 'mentioned in 1 article · quoted in 1'],
          [14, 'mentioned in 0 articles · quoted in 0'],
        ],
      );
      // Hover on a registry entity counts its use.
      const hover = await client.hover(registry, client.textOf(registry).indexOf('kreml'));
      const card = (hover?.contents as { value: string }).value;
      assert.match(card, /mentioned in 1 article · quoted in 1/u);
      assert.doesNotMatch(card, /0 mentions/u, 'a registry has no article of its own to count in');
      // With a link to the article, at the quote's line.
      assert.match(card, /- “Kein Kommentar” \(\[c\\\.txt\]\(file:\/\/.*\/politik\/ausland\/c\.txt#L1\)\)/u);
    });
  });

  it('a registry with a YAML error is named; one deleted while open counts until it is closed', async () => {
    // No workspace folder: registries are looked for up to the folder that holds .git.
    await withSession({ files: { ...FILES, '.git/HEAD': 'ref: refs/heads/main\n' } }, async (session) => {
      const { client } = session;
      const sidecar = session.open('politik/b.ann.yaml');
      await client.waitForDiagnostics(sidecar, (d) => d.length === 0);
      // Broken while open: the buffer is the truth.
      const registry = session.open('entities.ann.yaml', ROOT_REGISTRY.replace('  peskow:', '  "peskow:'));
      const broken = await client.waitForDiagnostics(sidecar, (d) => d.length > 0);
      assert.match(
        messageOf(broken[0]),
        /No entity has the id 'peskow'\. The registry \.\.\/entities\.ann\.yaml cannot be read in full and may define it\./u,
      );
      // Deleted on disk while open: the editor's buffer still holds it, and counts until closed.
      fs.rmSync(session.file('entities.ann.yaml'));
      client.filesChanged([{ file: session.file('entities.ann.yaml'), type: FileChangeType.Deleted }]);
      await client.settle();
      assert.match(messageOf(client.diagnosticsOf(sidecar)![0]), /cannot be read in full/u);
      client.close(registry);
      const gone = await client.waitForDiagnostics(sidecar, (d) => d.length > 0 && !/registry/u.test(messageOf(d[0])));
      assert.deepEqual(
        gone.map((d) => d.code),
        ['unknown-speaker'],
      );
    });
  });

  it("every sidecar's own entities are symbols, and a sidecar changed on disk is indexed again", async () => {
    const files = {
      ...FILES,
      'politik/d.txt': 'Merz sprach.\n',
      'politik/d.ann.yaml': 'version: 1\nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\n',
      // A second sidecar for the same article, and one whose article is missing.
      'politik/zweit.ann.yaml':
        'version: 1\narticle: d.txt\nentities:\n  scholz:\n    type: person\n    name: Olaf Scholz\n',
      'politik/waise.ann.yaml': 'version: 1\nentities:\n  lindner:\n    type: person\n    name: Christian Lindner\n',
    };
    await withSession({ files, workspaceFolder: true }, async (session) => {
      const { client } = session;
      await client.waitForProgressEnd('Indexing articles');
      const names = async (query: string): Promise<string[]> =>
        (await client.request<SymbolInformation[]>(WorkspaceSymbolRequest.method, { query })).map((s) => s.name);
      assert.deepEqual(await names('merz'), ['Friedrich Merz']);
      assert.deepEqual(await names('scholz'), ['Olaf Scholz']);
      assert.deepEqual(await names('lindner'), ['Christian Lindner']);

      fs.writeFileSync(
        session.file('politik/b.ann.yaml'),
        files['politik/b.ann.yaml'].replace(
          'quotes:',
          'entities:\n  habeck:\n    type: person\n    name: Robert Habeck\nquotes:',
        ),
      );
      client.filesChanged([{ file: session.file('politik/b.ann.yaml'), type: FileChangeType.Changed }]);
      // The index catches up in the background; each round waits for a refresh of the server.
      let found: string[] = [];
      for (let round = 0; round < 50 && found.length === 0; round++) {
        await client.settle();
        found = await names('habeck');
      }
      assert.deepEqual(found, ['Robert Habeck']);
    });
  });

  it('completion offers the attribute and meta values other sidecars use, and follows their edits', async () => {
    const files = {
      ...FILES,
      'politik/a.ann.yaml': `version: 1\nmeta:\n  outlet: Hamburger Abendblatt\nentities:\n  albers:\n    type: person\n    name: Katrin Albers\n    attributes: {party: SPD}\n${FILES['politik/a.ann.yaml'].slice('version: 1\n'.length)}`,
    };
    await withSession({ files, workspaceFolder: true }, async (session) => {
      const { client } = session;
      await client.waitForProgressEnd('Indexing articles');
      const text =
        'version: 1\nmeta:\n  outlet: \nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\n    attributes:\n      party: \n';
      const uri = session.open('politik/b.ann.yaml', text);
      const labelsAt = async (after: string): Promise<string[]> => {
        const result = await client.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, {
          textDocument: { uri },
          position: positionAt(text, text.indexOf(after) + after.length),
        });
        return (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
      };
      assert.deepEqual(await labelsAt('outlet: '), ['Hamburger Abendblatt']);
      assert.deepEqual(await labelsAt('party: '), ['SPD']);

      // An edit in the other sidecar, open in the editor, is offered from then on.
      const other = session.open('politik/a.ann.yaml');
      client.replace(other, 'Hamburger Abendblatt', 'Die Zeit');
      let found: string[] = [];
      for (let round = 0; round < 50 && found[0] !== 'Die Zeit'; round++) {
        await client.settle();
        found = await labelsAt('outlet: ');
      }
      assert.deepEqual(found, ['Die Zeit']);
    });
  });

  it('Move to the registry, and Use the registry entity: one edit over both files', async () => {
    const sidecarText =
      'version: 1\nlanguage: de\nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\n  wp:\n    type: person\n    name: Wladimir Putin\nquotes:\n  - text: Wir sind bereit\n    speaker: wp\n';
    await withSession(
      { files: { ...FILES, 'politik/a.ann.yaml': sidecarText }, workspaceFolder: true },
      async (session) => {
        const { client } = session;
        const sidecar = session.open('politik/a.ann.yaml');
        await client.settle();
        const actionsAt = async (word: string): Promise<CodeAction[]> => {
          const line = sidecarText.split('\n').findIndex((l) => l.trim() === `${word}:`);
          const position = { line, character: 3 };
          return (
            (await client.request<CodeAction[]>(CodeActionRequest.method, {
              textDocument: { uri: sidecar },
              range: { start: position, end: position },
              context: { diagnostics: [] },
            })) ?? []
          ).filter((action) => /registry/u.test(action.title));
        };
        const [use] = await actionsAt('wp');
        assert.equal(use.title, "Use the registry's 'putin' (../entities.ann.yaml) instead of this entry");
        client.applyWorkspaceEdit(use.edit!);
        assert.equal(
          client.textOf(sidecar),
          sidecarText
            .replace('  wp:\n    type: person\n    name: Wladimir Putin\n', '')
            .replace('speaker: wp', 'speaker: putin'),
        );
        await client.settle();
        const [move] = await actionsAt('merz');
        assert.equal(move.title, "Move 'merz' to the registry ../entities.ann.yaml");
        client.applyWorkspaceEdit(move.edit!);
        assert.equal(
          client.textOf(session.uri('entities.ann.yaml')),
          ROOT_REGISTRY + '  merz:\n    type: person\n    name: Friedrich Merz\n',
        );
        assert.doesNotMatch(client.textOf(sidecar), /merz/u);
        await client.settle();
        assert.deepEqual(client.diagnosticsOf(sidecar), []);
      },
    );
  });

  it('a sidecar changed on disk updates symbols and references at once', async () => {
    await withSession({ files: FILES, workspaceFolder: true }, async (session) => {
      const { client } = session;
      const article = session.open('politik/a.txt');
      await client.waitForProgressEnd('Indexing articles');
      const symbolsOf = async (query: string): Promise<string[]> =>
        (await client.request<SymbolInformation[]>(WorkspaceSymbolRequest.method, { query })).map((s) => s.name);
      assert.deepEqual(await symbolsOf('Lawrow'), []);
      fs.writeFileSync(
        session.file('politik/b.ann.yaml'),
        'version: 1\nlanguage: de\nentities:\n  lawrow:\n    type: person\n    name: Sergej Lawrow\nquotes:\n  - text: Das stimmt nicht\n    speaker: putin\n',
      );
      client.filesChanged([{ file: session.file('politik/b.ann.yaml'), type: FileChangeType.Changed }]);
      const namedBy = async (): Promise<string[]> =>
        (
          await client.request<Location[]>(ReferencesRequest.method, {
            textDocument: { uri: article },
            position: { line: 0, character: 0 },
            context: { includeDeclaration: false },
          })
        )
          .filter((l) => l.uri.endsWith('.ann.yaml'))
          .map((l) => l.uri.slice(l.uri.lastIndexOf('/') + 1));
      // The index reads the files in the background: ask again after each refresh of the server.
      for (let round = 0; round < 50 && (await namedBy()).length < 2; round++) await client.settle();
      assert.deepEqual(await symbolsOf('Lawrow'), ['Sergej Lawrow']);
      assert.deepEqual(await namedBy(), ['a.ann.yaml', 'b.ann.yaml']);
    });
  });

  it('an article without a sidecar below a registry: its mentions, not its quotes', async () => {
    await withSession(
      { files: { ...FILES, 'politik/d.txt': '„Wir warten“, sagte Peskow. Putin schwieg.\n' }, workspaceFolder: true },
      async (session) => {
        const { client } = session;
        const article = session.open('politik/d.txt');
        await client.settle();
        assert.deepEqual(client.diagnosticsOf(article) ?? [], [], 'not checked before it has a sidecar');
        const tokens = await client.semanticTokens(article);
        assert.ok(tokens.length >= 2, 'the mentions of registry people are highlighted');
        const hover = await client.hover(article, client.textOf(article).indexOf('Putin'));
        assert.match((hover?.contents as { value: string }).value, /\*\*Wladimir Putin\*\*/u);
        const status = await client.request<{ sidecar: string | null; unattributed: number }>(
          'articleAnnotations/status',
          { uri: article },
        );
        assert.equal(status.sidecar, null);
      },
    );
  });

  it('a registry over the size limit is named as the command line names it, and not used', async () => {
    await withSession({ files: FILES, settings: { maxFileSize: 0.0002 } }, async (session) => {
      const { client } = session;
      const registry = session.open('entities.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(registry, (d) => d.length > 0);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity]),
        [['file-too-large', 2]],
      );
      assert.match(messageOf(diagnostics[0]), /^This registry is 0\.0 MB of text, more than the limit of 0\.0 MB/u);
    });
  });
});
