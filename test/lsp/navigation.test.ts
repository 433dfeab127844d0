/**
 * Navigation through the protocol, on the German sample: go to definition and find references
 * between the article and its sidecar, rename of entity ids (in the sidecar only), the outline
 * of both files, completion in the sidecar and the counts in the code lenses. Positions are
 * given in fixture markup (test/support/markup.ts) inside a piece of the sample, which must
 * occur once in it: `$0` is the cursor, `⟦ ⟧` the expected range.
 */

import * as assert from 'node:assert/strict';
import {
  CompletionItemKind,
  ErrorCodes,
  ResponseError,
  SymbolKind,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { offsetAt, positionAt, rangeOf, type LspClient } from '../support/lspClient';
import { parseMarkup } from '../support/markup';
import { applyTextEdits, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';
import {
  assertCommentsKept,
  KIM_ARTICLE,
  KIM_SIDECAR,
  mark,
  parseSidecarYaml,
  withSession,
  shareServer,
  type Session,
} from './fixtures';

type Side = 'article' | 'sidecar';

const SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];
const TEXT: Record<Side, string> = { article: KIM_ARTICLE, sidecar: KIM_SIDECAR };
const NAME: Record<Side, string> = { article: 'kim-putin.txt', sidecar: 'kim-putin.ann.yaml' };

/** The cursor marked with `$0` in a piece of a file. */
function cursorIn(side: Side, snippet: string): number {
  const { cursor } = parseMarkup(mark(TEXT[side], snippet));
  if (cursor < 0) throw new Error(`Fixture error: no $0 in '${snippet}'.`);
  return cursor;
}

/** The range marked with `⟦ ⟧` in a piece of a file. */
function rangeIn(side: Side, snippet: string): Range {
  const { spans } = parseMarkup(mark(TEXT[side], snippet));
  return rangeOf(TEXT[side], spans[0].start, spans[0].end);
}

function textAt(side: Side, range: Range): string {
  return TEXT[side].slice(offsetAt(TEXT[side], range.start), offsetAt(TEXT[side], range.end));
}

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

/** A location as `side: text` (the trimmed line, in the sidecar), for readable comparisons. */
function describeLocation(uris: Record<Side, string>, location: Location): string {
  const side: Side = location.uri === uris.article ? 'article' : 'sidecar';
  assert.equal(location.uri, uris[side], `a location in another file: ${location.uri}`);
  if (side === 'article') return `article: ${textAt(side, location.range)}`;
  const line = TEXT.sidecar.split('\n')[location.range.start.line].trim();
  return `sidecar: ${textAt(side, location.range)} (${line})`;
}

// Go to definition.

interface DefinitionCase {
  name: string;
  from: Side;
  at: string;
  /** Where the definition is: a file and a piece of it with the range marked; null for none. */
  expect: { in: Side; range: string } | null;
}

const DEFINITIONS: DefinitionCase[] = [
  {
    name: 'a mention by alias → the entity id in the sidecar',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    expect: { in: 'sidecar', range: '  ⟦peskow⟧:\n' },
  },
  {
    name: 'an inflected mention → the entity id',
    from: 'article',
    at: 'Es ist Ki$0ms erste Reise',
    expect: { in: 'sidecar', range: '  ⟦kim-jong-un⟧:\n' },
  },
  {
    name: 'a mention inside an attributed quote → its own entity, not the quote',
    from: 'article',
    at: '„eine direkte Priorität für Russ$0land',
    expect: { in: 'sidecar', range: '  ⟦russland⟧:\n' },
  },
  {
    name: 'an attributed quote → its quote entry',
    from: 'article',
    at: '„muss nicht$0 nur',
    expect: { in: 'sidecar', range: '  - text: ⟦muss nicht nur über die Erschließung⟧\n' },
  },
  {
    name: 'the opening mark of an attributed quote → its quote entry',
    from: 'article',
    at: 'Umweltthemen ein. $0„Was den Baikalsee',
    expect: { in: 'sidecar', range: '  - text: ⟦Was den Baikalsee und andere⟧\n' },
  },
  { name: 'an unattributed quote → nothing', from: 'article', at: '„Das ist nat$0ürlich', expect: null },
  { name: 'a plain word → nothing', from: 'article', at: 'des Tref$0fens von', expect: null },
  {
    name: 'speaker: in the sidecar → the entity',
    from: 'sidecar',
    at: 'Erschließung\n    speaker: pu$0tin',
    expect: { in: 'sidecar', range: '  ⟦putin⟧:\n    type: person\n    name: Wladimir' },
  },
  {
    name: 'via: in the sidecar → the outlet',
    from: 'sidecar',
    at: 'via: ta$0ss\n  - text: muss',
    expect: { in: 'sidecar', range: '  ⟦tass⟧:\n' },
  },
  {
    name: 'a quote entry’s text → the quote in the article',
    from: 'sidecar',
    at: 'text: muss nicht$0 nur',
    expect: { in: 'article', range: '„⟦muss nicht nur über die Erschließung von Bodenschätzen gesprochen werden⟧“' },
  },
  {
    name: 'an entity id → itself',
    from: 'sidecar',
    at: '  pes$0kow:\n',
    expect: { in: 'sidecar', range: '  ⟦peskow⟧:\n' },
  },
  { name: 'a name in the sidecar → nothing', from: 'sidecar', at: 'name: Wladi$0mir Putin', expect: null },
  { name: 'a comment → nothing', from: 'sidecar', at: '# Annota$0tions for', expect: null },
];

// Find references.

interface ReferencesCase {
  name: string;
  from: Side;
  at: string;
  includeDeclaration: boolean;
  expect: string[];
}

/** The twelve mentions of Putin in the German article, in text order. */
const PUTIN_MENTIONS = [
  'Präsidenten', // "mit dem russischen Präsidenten Wladimir Putin": alias, then the name
  'Wladimir Putin',
  'Wladimir Putin', // "Präsident Wladimir Putin": "Präsident" is no alias
  'Putin',
  'Putin',
  'Putin',
  'Putin',
  'Putin',
  'Putin',
  'Präsidenten',
  'Staatsoberhaupt',
  'Putin',
].map((text) => `article: ${text}`);
const PUTIN_SPEAKERS = Array<string>(3).fill('sidecar: putin (speaker: putin)');

const REFERENCES: ReferencesCase[] = [
  {
    name: 'from a mention, with the declaration: the id, then every mention',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    includeDeclaration: true,
    expect: ['sidecar: peskow (peskow:)', 'article: Kremlsprecher', 'article: Dimitri Peskow', 'article: Peskow'],
  },
  {
    name: 'from speaker: in the sidecar: the speaker: values and the mentions',
    from: 'sidecar',
    at: 'Erschließung\n    speaker: pu$0tin',
    includeDeclaration: false,
    expect: [...PUTIN_SPEAKERS, ...PUTIN_MENTIONS],
  },
  {
    name: 'from the entity id, with the declaration',
    from: 'sidecar',
    at: '  pu$0tin:\n',
    includeDeclaration: true,
    expect: ['sidecar: putin (putin:)', ...PUTIN_SPEAKERS, ...PUTIN_MENTIONS],
  },
  {
    name: 'from an attributed quote: its speaker’s references',
    from: 'article',
    at: '„Was den$0 Baikalsee',
    includeDeclaration: false,
    expect: [...PUTIN_SPEAKERS, ...PUTIN_MENTIONS],
  },
  {
    name: 'an outlet: its via: uses and its mention',
    from: 'sidecar',
    at: '  ta$0ss:\n',
    includeDeclaration: false,
    expect: ['sidecar: tass (via: tass)', 'sidecar: tass (via: tass)', 'article: Tass'],
  },
  {
    name: 'an entity of a custom type',
    from: 'article',
    at: 'Eastern Eco$0nomic Forum',
    includeDeclaration: true,
    expect: ['sidecar: eastern-economic-forum (eastern-economic-forum:)', 'article: Eastern Economic Forum'],
  },
  {
    name: 'an unattributed quote: none',
    from: 'article',
    at: '„Das ist nat$0ürlich',
    includeDeclaration: true,
    expect: [],
  },
  { name: 'a plain word: none', from: 'article', at: 'des Tref$0fens von', includeDeclaration: true, expect: [] },
];

// Prepare rename.

interface PrepareRenameCase {
  name: string;
  from: Side;
  at: string;
  /** The range that would be renamed, and the id offered; null when rename is refused. */
  expect: { range: string; placeholder: string } | null;
}

const PREPARE_RENAME: PrepareRenameCase[] = [
  { name: 'a plain word', from: 'article', at: 'des Tref$0fens von', expect: null },
  { name: 'an unattributed quote', from: 'article', at: '„Das ist nat$0ürlich', expect: null },
  { name: 'an attributed quote', from: 'article', at: '„muss nicht$0 nur', expect: null },
  {
    name: 'a mention: the mention, offering the id',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    expect: { range: '⟦Kremlsprecher⟧ Dimitri', placeholder: 'peskow' },
  },
  {
    name: 'an entity id in the sidecar',
    from: 'sidecar',
    at: '  pes$0kow:\n',
    expect: { range: '  ⟦peskow⟧:\n', placeholder: 'peskow' },
  },
  {
    name: 'a speaker: value',
    from: 'sidecar',
    at: 'Erschließung\n    speaker: pu$0tin',
    expect: { range: 'Erschließung\n    speaker: ⟦putin⟧', placeholder: 'putin' },
  },
  { name: 'a name in the sidecar', from: 'sidecar', at: 'name: Wladi$0mir Putin', expect: null },
  { name: 'a quote entry’s text', from: 'sidecar', at: 'text: muss nicht$0 nur', expect: null },
  { name: 'a key', from: 'sidecar', at: '  peskow:\n    ty$0pe: person', expect: null },
];

describe('LSP: definition and references', () => {
  shareServer();

  for (const c of DEFINITIONS) {
    it(`definition: ${c.name}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const uris = await openSample(session);
        const found = await session.client.request<Location | Location[] | null>(
          'textDocument/definition',
          positionParams(uris, c.from, c.at),
        );
        const location = Array.isArray(found) ? found : found ? [found] : [];
        assert.deepEqual(
          location,
          c.expect ? [{ uri: uris[c.expect.in], range: rangeIn(c.expect.in, c.expect.range) }] : [],
        );
      });
    });
  }

  for (const c of REFERENCES) {
    it(`references: ${c.name}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const uris = await openSample(session);
        const found = await session.client.request<Location[] | null>('textDocument/references', {
          ...positionParams(uris, c.from, c.at),
          context: { includeDeclaration: c.includeDeclaration },
        });
        assert.deepEqual(
          (found ?? []).map((location) => describeLocation(uris, location)),
          c.expect,
        );
      });
    });
  }

  it('references with only the article open: the sidecar’s locations are on disk', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session, ['article']);
      const found = await session.client.request<Location[]>('textDocument/references', {
        ...positionParams(uris, 'article', 'Kreml$0sprecher Dimitri'),
        context: { includeDeclaration: true },
      });
      assert.deepEqual(found[0], { uri: uris.sidecar, range: rangeIn('sidecar', '  ⟦peskow⟧:\n') });
      assert.equal(found.length, 4);
    });
  });
});

describe('LSP: rename', () => {
  shareServer();

  for (const c of PREPARE_RENAME) {
    it(`prepareRename: ${c.name}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const uris = await openSample(session);
        const result = await session.client.request('textDocument/prepareRename', positionParams(uris, c.from, c.at));
        assert.deepEqual(
          result,
          c.expect ? { range: rangeIn(c.from, c.expect.range), placeholder: c.expect.placeholder } : null,
        );
      });
    });
  }

  interface RenameCase {
    name: string;
    from: Side;
    at: string;
    newName: string;
    /** The sidecar's lines that change, as they read after the rename. */
    changedLines: string[];
    /** Which side is open in the editor: both by default. */
    open?: Side[];
  }

  const RENAMES: RenameCase[] = [
    {
      name: 'from a mention in the article: the id key in the sidecar (the article is not touched)',
      from: 'article',
      at: 'Kreml$0sprecher Dimitri',
      newName: 'dimitri-peskow',
      changedLines: ['  dimitri-peskow:'],
    },
    {
      name: 'from speaker: the key and every speaker:',
      from: 'sidecar',
      at: 'Erschließung\n    speaker: pu$0tin',
      newName: 'wladimir-putin',
      changedLines: [
        '  wladimir-putin:',
        '    speaker: wladimir-putin',
        '    speaker: wladimir-putin',
        '    speaker: wladimir-putin',
      ],
    },
    {
      name: 'an outlet: the key and every via:',
      from: 'sidecar',
      at: '  ta$0ss:\n',
      newName: 'tass-agentur',
      changedLines: ['    via: tass-agentur', '    via: tass-agentur', '  tass-agentur:'].sort(),
    },
    {
      name: 'to an id YAML would read as a boolean: it is quoted everywhere',
      from: 'sidecar',
      at: '  ta$0ss:\n',
      newName: 'true',
      changedLines: ['    via: "true"', '    via: "true"', '  "true":'],
    },
    {
      name: 'to an id YAML would read as a number: it is quoted everywhere',
      from: 'article',
      at: 'Kreml$0sprecher Dimitri',
      newName: '1984',
      changedLines: ['  "1984":'],
    },
    {
      name: 'with only the article open: the sidecar on disk (version null)',
      from: 'article',
      at: 'Präsidenten Wladimir$0 Putin',
      newName: 'wladimir-putin',
      open: ['article'],
      changedLines: [
        '  wladimir-putin:',
        '    speaker: wladimir-putin',
        '    speaker: wladimir-putin',
        '    speaker: wladimir-putin',
      ],
    },
  ];

  for (const c of RENAMES) {
    it(`rename ${c.name}`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const { client } = session;
        const uris = await openSample(session, c.open);
        const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
          ...positionParams(uris, c.from, c.at),
          newName: c.newName,
        });
        assert.deepEqual(targetsOf(edit), [uris.sidecar], 'only the sidecar is renamed in');
        const [change] = textDocumentEditsOf(edit);
        assert.equal(change.textDocument.version, client.isOpen(uris.sidecar) ? client.versionOf(uris.sidecar) : null);
        const renamed = applyTextEdits(KIM_SIDECAR, change.edits);
        const before = KIM_SIDECAR.split('\n');
        const changed = renamed.split('\n').filter((line, i) => line !== before[i]);
        assert.equal(renamed.split('\n').length, before.length, 'no line added or removed');
        assert.deepEqual(changed.slice().sort(), c.changedLines.slice().sort());
        assertCommentsKept(KIM_SIDECAR, renamed, 'the rename');

        // Applied, the pair is as healthy as before: the quotes are still attributed.
        assert.deepEqual(client.applyWorkspaceEdit(edit), { applied: true });
        assert.equal(client.textOf(uris.article), KIM_ARTICLE);
        const parsed = parseSidecarYaml(client.textOf(uris.sidecar));
        assert.ok(parsed.entities[c.newName], `the entity is called ${c.newName} now`);
        await client.settle();
        assert.deepEqual(client.diagnosticsOf(uris.sidecar), []);
        assert.equal(client.diagnosticsOf(uris.article)?.length, 3);
      });
    });
  }

  const REFUSED = [
    { newName: 'kim-jong-un', message: /exists already/u },
    { newName: 'Wladimir Putin', message: /not a valid id/u },
    { newName: 'Putin', message: /not a valid id/u },
    { newName: '-putin', message: /not a valid id/u },
    { newName: '', message: /not a valid id/u },
    { newName: 'putin: x', message: /not a valid id/u },
  ];
  for (const { newName, message } of REFUSED) {
    it(`rename to ${JSON.stringify(newName)} is refused with an error`, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const uris = await openSample(session);
        await assert.rejects(
          session.client.request('textDocument/rename', {
            ...positionParams(uris, 'sidecar', '  pu$0tin:\n'),
            newName,
          }),
          (error: unknown) => {
            assert.ok(error instanceof ResponseError, String(error));
            assert.equal(error.code, ErrorCodes.InvalidParams);
            assert.match(error.message, message);
            return true;
          },
        );
      });
    });
  }
});

/** Every symbol's selection range lies in its range, and every child's range in its parent's. */
function assertNested(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  const within = (inner: Range, outer: Range): boolean =>
    (inner.start.line > outer.start.line ||
      (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
    (inner.end.line < outer.end.line ||
      (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));
  for (const symbol of symbols) {
    assert.ok(within(symbol.selectionRange, symbol.range), `the selection of ${symbol.name} is outside its range`);
    if (parent) assert.ok(within(symbol.range, parent.range), `${symbol.name} is outside ${parent.name}`);
    assertNested(symbol.children ?? [], symbol);
  }
}

describe('LSP: outline', () => {
  shareServer();

  it('the sidecar: its entities, then its quote entries', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      const symbols = await session.client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri: uris.sidecar },
      });
      assertNested(symbols);
      const entities = Object.keys(parseSidecarYaml(KIM_SIDECAR).entities);
      assert.deepEqual(
        symbols.map((symbol) => symbol.name),
        [
          ...entities,
          'eine direkte Priorität für Russland',
          'muss nicht nur über die Erschließung',
          'Was den Baikalsee und andere',
          'ewige Präsident',
        ],
      );
      const byName = new Map(symbols.map((symbol) => [symbol.name, symbol]));
      const putin = byName.get('putin')!;
      assert.equal(putin.kind, SymbolKind.Constant);
      assert.equal(putin.detail, 'Wladimir Putin · person · 12 mentions');
      assert.deepEqual(putin.selectionRange, rangeIn('sidecar', '  ⟦putin⟧:\n'));
      assert.equal(byName.get('moskau')!.kind, SymbolKind.Namespace);
      assert.equal(byName.get('tass')!.kind, SymbolKind.Class);
      assert.equal(byName.get('kim-il-sung')!.detail, 'Kim Il Sung · person · 1 mention');
      assert.deepEqual(
        symbols.slice(entities.length).map((symbol) => [symbol.detail, textAt('sidecar', symbol.selectionRange)]),
        [
          ['putin', 'eine direkte Priorität für Russland'],
          ['putin', 'muss nicht nur über die Erschließung'],
          ['putin', 'Was den Baikalsee und andere'],
          ['term', 'ewige Präsident'],
        ],
      );
    });
  });

  it('the article: its quotes grouped by speaker, then the unattributed ones and the terms', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const uris = await openSample(session);
      const symbols = await session.client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri: uris.article },
      });
      assertNested(symbols);
      const outline = symbols.map((group) => ({
        group: `${group.name} (${group.detail})`,
        quotes: (group.children ?? []).map(
          (quote) => `${textAt('article', quote.range).slice(0, 20)}… ${quote.detail}`,
        ),
      }));
      assert.deepEqual(outline, [
        {
          group: 'Wladimir Putin (person · 3 quotes)',
          quotes: ['„eine direkte Priori… ', '„muss nicht nur über… ', '„Was den Baikalsee u… '],
        },
        {
          group: 'Unattributed (needs a speaker · 3 quotes)',
          quotes: [
            '„notwendig, noch meh… suggested: putin',
            '„Gleichzeitig soll e… suggested: putin',
            '„Das ist natürlich m… suggested: putin',
          ],
        },
        { group: 'Terms (titles, names, scare quotes · 1 quote)', quotes: ['„ewige Präsident“… '] },
      ]);
      // A quote's range has its marks; what is selected is the words.
      const first = symbols[0].children![0];
      assert.equal(textAt('article', first.selectionRange).slice(0, 12), 'eine direkte');
    });
  });
});

// Completion.

interface CompletionCase {
  name: string;
  /** The sidecar with `$0` at the cursor. */
  sidecar: string;
  /** The labels offered, in order. */
  labels: string[];
  kind?: CompletionItemKind;
}

const GERMAN_IDS = Object.keys(parseSidecarYaml(KIM_SIDECAR).entities);
const GERMAN_PLACES = Object.entries(parseSidecarYaml(KIM_SIDECAR).entities)
  .filter(([, entity]) => entity.type === 'place')
  .map(([id]) => id);
/** Ids as `speaker:` and `via:` offer them: people, organizations, other types, places last. */
const SPEAKER_ORDER = [
  'putin',
  'kim-jong-un',
  'kim-il-sung',
  'kim-jong-il',
  'peskow',
  'tass',
  'dpa',
  'arbeiterpartei',
  'eastern-economic-forum',
  ...GERMAN_PLACES,
];
const NEW_ENTRY = '  - text: ewige Präsident\n    kind: term\n';

function sidecarWith(search: string, replacement: string): string {
  return mark(KIM_SIDECAR, search).replace(search, replacement);
}

const COMPLETIONS: CompletionCase[] = [
  {
    name: 'speaker: offers entity ids, people first',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: $0\n`),
    labels: SPEAKER_ORDER,
    kind: CompletionItemKind.Reference,
  },
  {
    name: 'speaker: with a word typed',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: pu$0\n`),
    labels: SPEAKER_ORDER,
  },
  {
    name: 'via: offers entity ids',
    sidecar: sidecarWith(
      NEW_ENTRY,
      `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: putin\n    via: $0\n`,
    ),
    labels: SPEAKER_ORDER,
  },
  {
    name: 'type: offers the well-known types and the sidecar’s own',
    sidecar: sidecarWith('  japan:\n    type: place\n', '  japan:\n    type: $0\n'),
    labels: ['person', 'place', 'organization', 'event'],
    kind: CompletionItemKind.EnumMember,
  },
  {
    name: 'a key in an entity',
    sidecar: sidecarWith('    wikidata: Q7747\n', '    wikidata: Q7747\n    $0\n'),
    labels: ['type', 'name', 'aliases', 'description', 'wikidata', 'links', 'coordinates', 'caseSensitive', 'note'],
    kind: CompletionItemKind.Property,
  },
  {
    name: 'a key in a quote entry',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    $0\n`),
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
    kind: CompletionItemKind.Property,
  },
  {
    name: 'a key of a new quote entry, after its dash',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - $0\n`),
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
  },
  {
    name: 'a top-level key',
    sidecar: sidecarWith('version: 1\n', '$0\nversion: 1\n'),
    labels: ['version', 'language', 'article', 'entities', 'quotes'],
    kind: CompletionItemKind.Property,
  },
  { name: 'nothing inside a name', sidecar: sidecarWith('name: Wladimir Putin', 'name: Wladi$0mir Putin'), labels: [] },
  { name: 'nothing in a comment', sidecar: sidecarWith('# Annotations for', '# Annota$0tions for'), labels: [] },
];

describe('LSP: completion in the sidecar', () => {
  shareServer();

  for (const c of COMPLETIONS) {
    it(c.name, async () => {
      await withSession({ samples: SAMPLES }, async (session) => {
        const { text, cursor } = parseMarkup(c.sidecar);
        const uri = session.open('kim-putin.ann.yaml', text);
        const result = await session.client.request<CompletionItem[] | CompletionList | null>(
          'textDocument/completion',
          { textDocument: { uri }, position: positionAt(text, cursor) },
        );
        const items = Array.isArray(result) ? result : (result?.items ?? []);
        assert.deepEqual(
          items.map((item) => item.label),
          c.labels,
        );
        for (const item of items) {
          if (c.kind !== undefined) assert.equal(item.kind, c.kind, item.label);
          if (item.kind === CompletionItemKind.Property) {
            // Keys come with their colon and a line of documentation.
            assert.equal(item.insertText, `${item.label}: `);
            assert.ok(item.documentation, `documentation for ${item.label}`);
          }
          if (item.kind === CompletionItemKind.Reference) assert.ok(GERMAN_IDS.includes(item.label));
        }
      });
    });
  }
});

// Code lenses.

/** A lens as `line: title`, with the references it shows, to compare readably. */
function lensTitles(lenses: CodeLens[]): string[] {
  return lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title ?? '(unresolved)'}`);
}

async function lensesOf(client: LspClient, uri: string): Promise<CodeLens[]> {
  return (await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
}

describe('LSP: code lenses', () => {
  shareServer();

  it('above each entity: its mentions, quotes and quotes taken from it; above the article: its quotes', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const uris = await openSample(session);
      const lenses = await lensesOf(client, uris.sidecar);
      const line = (id: string): number => rangeIn('sidecar', `  ⟦${id}⟧:\n`).start.line;
      const titles = new Map(lenses.map((lens) => [lens.range.start.line, lens.command?.title]));
      assert.equal(lenses.length, GERMAN_IDS.length, 'one lens per entity');
      // Putin: 2 × "Wladimir Putin", 7 × "Putin" alone, 2 × "Präsidenten", 1 × "Staatsoberhaupt";
      // three quote entries name him as the speaker.
      assert.equal(titles.get(line('putin')), '12 mentions · 3 quotes');
      assert.equal(titles.get(line('kim-jong-un')), '9 mentions · 0 quotes');
      assert.equal(titles.get(line('peskow')), '3 mentions · 0 quotes');
      // An outlet is the source of the two quotes taken via it; places cannot be quoted.
      assert.equal(titles.get(line('tass')), '1 mention · 0 quotes · source of 2');
      assert.equal(titles.get(line('russland')), '12 mentions');
      assert.equal(titles.get(line('eastern-economic-forum')), '1 mention · 0 quotes');

      // Each lens shows the entity's references, and its count agrees with find references.
      for (const lens of lenses) {
        const id = GERMAN_IDS.find((candidate) => line(candidate) === lens.range.start.line)!;
        assert.deepEqual(lens.range, rangeIn('sidecar', `  ⟦${id}⟧:\n`));
        assert.ok(lens.command, `the lens of ${id} has a command`);
        assert.equal(lens.command.command, 'articleAnnotations.showReferences');
        const [uri, position, locations] = lens.command.arguments as [string, unknown, Location[]];
        assert.equal(uri, uris.sidecar);
        assert.deepEqual(position, lens.range.start);
        const references = await client.request<Location[]>('textDocument/references', {
          textDocument: { uri: uris.sidecar },
          position: lens.range.start,
          context: { includeDeclaration: false },
        });
        assert.deepEqual(locations, references, id);
        const mentions = references.filter((location) => location.uri === uris.article).length;
        assert.match(lens.command.title, new RegExp(`^${mentions} mentions?\\b`, 'u'), id);
      }

      assert.deepEqual(lensTitles(await lensesOf(client, uris.article)), ['0: 7 quotes · 3 unattributed']);
    });
  });

  it('the lenses are refreshed when the article or the sidecar changes', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const uris = await openSample(session);
      const putinLine = rangeIn('sidecar', '  ⟦putin⟧:\n').start.line;
      const putinLens = async (): Promise<string | undefined> =>
        (await lensesOf(client, uris.sidecar)).find((lens) => lens.range.start.line === putinLine)?.command?.title;
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
