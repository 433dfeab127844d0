/**
 * Go to definition and find references, in process, on the German sample: between the article
 * and its sidecar, from mentions, quotes, ids, `speaker:` and `via:`. Positions are given in
 * fixture markup inside a piece of the sample (test/support/kimSample.ts). The handlers' wiring
 * is tested over stdio in test/lsp/navigation.test.ts.
 */

import * as assert from 'node:assert/strict';
import { definition, references } from '../../server/src/features/navigation';
import { cursorIn, describeLocation, NAME, rangeIn, TEXT } from '../support/kimSample';
import { analysePair, type Side } from '../support/pair';

const PAIR = analysePair({ article: TEXT.article, sidecar: TEXT.sidecar, articleName: NAME.article });

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

/** The quotes of the German article attributed to Putin, whole, as references show them. */
const PUTIN_QUOTES = [
  '„eine direkte Priorität für Russland als Ganzes für das gesamte 21. Jahrhundert, weil es eine riesige Region ist, ' +
    'mit einer kleinen Bevölkerung, aber großem Potenzial. Natürlich ist dies ein strategisches Interesse für das Land“',
  '„muss nicht nur über die Erschließung von Bodenschätzen gesprochen werden“',
  '„Was den Baikalsee und andere besonders geschützte Gebiete betrifft, ist natürlich besondere Vorsicht geboten“',
];

/** The twelve mentions of Putin in the German article and his three quotes, in text order. */
const PUTIN_MENTIONS = [
  'Präsidenten', // "mit dem russischen Präsidenten Wladimir Putin": alias, then the name
  'Wladimir Putin',
  'Wladimir Putin', // "Präsident Wladimir Putin": "Präsident" is no alias
  'Putin',
  'Putin',
  'Putin',
  PUTIN_QUOTES[0],
  'Putin',
  PUTIN_QUOTES[1],
  'Putin',
  'Putin',
  PUTIN_QUOTES[2],
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
    name: 'from speaker: in the sidecar: the speaker: values, the mentions and the quotes',
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

describe('definition', () => {
  for (const c of DEFINITIONS) {
    it(c.name, () => {
      const found = definition(PAIR.result, PAIR.uris, c.from, cursorIn(c.from, c.at));
      assert.deepEqual(
        found,
        c.expect ? { uri: PAIR.uris[c.expect.in], range: rangeIn(c.expect.in, c.expect.range) } : null,
      );
    });
  }
});

describe('references', () => {
  for (const c of REFERENCES) {
    it(c.name, () => {
      const found = references(PAIR.result, PAIR.uris, c.from, cursorIn(c.from, c.at), c.includeDeclaration);
      assert.deepEqual(
        found.map((location) => describeLocation(PAIR.uris, location)),
        c.expect,
      );
    });
  }
});
