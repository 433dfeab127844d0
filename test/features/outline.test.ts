/**
 * The outline (document symbols), in process, on the German sample: the sidecar's entities and
 * quote entries, and the article's quotes grouped by speaker. The handler's wiring is tested
 * over stdio in test/lsp/navigation.test.ts.
 */

import * as assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-protocol/node';
import { documentSymbols } from '../../server/src/features/navigation';
import { NAME, rangeIn, TEXT, textAt } from '../support/kimSample';
import { analysePair } from '../support/pair';
import { parseSidecarYaml } from '../support/sidecarYaml';

const PAIR = analysePair({ article: TEXT.article, sidecar: TEXT.sidecar, articleName: NAME.article });
const KIM_SIDECAR = TEXT.sidecar;

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

describe('outline', () => {
  it('the sidecar: its entities, then its quote entries', () => {
    const symbols = documentSymbols(PAIR.result, 'sidecar');
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

  it('the article: its quotes grouped by speaker, then the unattributed ones and the terms', () => {
    const symbols = documentSymbols(PAIR.result, 'article');
    assertNested(symbols);
    const outline = symbols.map((group) => ({
      group: `${group.name} (${group.detail})`,
      quotes: (group.children ?? []).map((quote) => `${textAt('article', quote.range).slice(0, 20)}… ${quote.detail}`),
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
