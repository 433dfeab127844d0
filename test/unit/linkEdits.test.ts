/**
 * linkEdits: linking an entity to Wikidata writes `wikidata:` and, where the entity lacks them,
 * `description:` and `coordinates:`, where the format lists them, in the entity's own layout
 * (block or flow), and changes nothing else, comments, CRLF and byte order mark included.
 */

import * as assert from 'node:assert/strict';
import { applyEdits, linkEdits, parseSidecar, type EntityLink } from '../../server/src/core';

function lines(...parts: string[]): string {
  return parts.join('\n') + '\n';
}

interface LinkCase {
  name: string;
  input: string;
  entity: string;
  link: EntityLink;
  /** The sidecar after the edits; undefined when there must be none. */
  expected: string | undefined;
  kind?: 'sidecar' | 'registry';
}

const PUTIN: EntityLink = { wikidata: 'Q7747', description: 'russischer Politiker, Präsident Russlands' };
const MOSCOW: EntityLink = {
  wikidata: 'Q649',
  description: 'Hauptstadt Russlands',
  coordinates: [55.755833333333, 37.617777777778],
};

const cases: LinkCase[] = [
  {
    name: 'a block entity: the description after the aliases, the id after it',
    input: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    aliases: [Putin]',
      '  # Next: the Kremlin.',
      '  kreml:',
      '    type: organization',
      '    name: Kreml',
    ),
    entity: 'putin',
    link: PUTIN,
    expected: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    aliases: [Putin]',
      '    description: russischer Politiker, Präsident Russlands',
      '    wikidata: Q7747',
      '  # Next: the Kremlin.',
      '  kreml:',
      '    type: organization',
      '    name: Kreml',
    ),
  },
  {
    name: 'a description written already stays; the id follows it, above a note and its comment',
    input: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    description: Präsident # as of 2024',
      '      # checked by the desk',
      '    note: Lange Amtszeit.',
    ),
    entity: 'putin',
    link: PUTIN,
    expected: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    description: Präsident # as of 2024',
      '      # checked by the desk',
      '    wikidata: Q7747',
      '    note: Lange Amtszeit.',
    ),
  },
  {
    name: 'a place: coordinates after the links, rounded to four decimals',
    input: lines(
      'version: 1',
      'entities:',
      '    moskau:',
      '        type: place',
      '        name: Moskau',
      '        links:',
      '            - https://www.mos.ru/',
      'quotes: []',
    ),
    entity: 'moskau',
    link: MOSCOW,
    expected: lines(
      'version: 1',
      'entities:',
      '    moskau:',
      '        type: place',
      '        name: Moskau',
      '        description: Hauptstadt Russlands',
      '        wikidata: Q649',
      '        links:',
      '            - https://www.mos.ru/',
      '        coordinates: [55.7558, 37.6178]',
      'quotes: []',
    ),
  },
  {
    name: 'a flow entity: the new keys inside its braces',
    input: lines(
      'version: 1',
      'entities:',
      '  putin: {type: person, name: Wladimir Putin}',
      '  moskau: { type: place, name: Moskau, note: Hauptstadt }',
    ),
    entity: 'moskau',
    link: MOSCOW,
    expected: lines(
      'version: 1',
      'entities:',
      '  putin: {type: person, name: Wladimir Putin}',
      '  moskau: { type: place, name: Moskau, description: Hauptstadt Russlands, wikidata: Q649, coordinates: [55.7558, 37.6178], note: Hauptstadt }',
    ),
  },
  {
    name: 'a flow entity whose last key comes first in the format: appended',
    input: lines('version: 1', 'entities: {putin: {type: person, name: "Wladimir Putin"}}'),
    entity: 'putin',
    link: { wikidata: 'Q7747', description: 'Präsident: seit 2012' },
    expected: lines(
      'version: 1',
      'entities: {putin: {type: person, name: "Wladimir Putin", description: "Präsident: seit 2012", wikidata: Q7747}}',
    ),
  },
  {
    name: 'a wrong id is replaced in its quotes; an empty description is filled',
    input: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    description:',
      "    wikidata: 'https://www.wikidata.org/wiki/Q7747'",
    ),
    entity: 'putin',
    link: PUTIN,
    expected: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Wladimir Putin',
      '    description: russischer Politiker, Präsident Russlands',
      "    wikidata: 'Q7747'",
    ),
  },
  {
    name: 'a registry entity with block aliases, in CRLF, with a byte order mark',
    kind: 'registry',
    input:
      '\uFEFF' +
      lines(
        'version: 1',
        'entities:',
        '  lindau:',
        '    type: place',
        '    name: Lindau',
        '    aliases:',
        '      - Lindau (Bodensee)',
      ).replace(/\n/gu, '\r\n'),
    entity: 'lindau',
    link: { wikidata: 'Q90000005', coordinates: [47.5458, 9.6839] },
    expected:
      '\uFEFF' +
      lines(
        'version: 1',
        'entities:',
        '  lindau:',
        '    type: place',
        '    name: Lindau',
        '    aliases:',
        '      - Lindau (Bodensee)',
        '    wikidata: Q90000005',
        '    coordinates: [47.5458, 9.6839]',
      ).replace(/\n/gu, '\r\n'),
  },
  {
    name: 'keys in an order of their own: the id after the last key the format lists before it',
    input: lines('version: 1', 'entities:', '  dpa:', '    name: dpa', '    type: organization', '    note: Agentur'),
    entity: 'dpa',
    link: { wikidata: 'Q698346' },
    expected: lines(
      'version: 1',
      'entities:',
      '  dpa:',
      '    name: dpa',
      '    type: organization',
      '    wikidata: Q698346',
      '    note: Agentur',
    ),
  },
  {
    name: 'linked to this id already: no edits',
    input: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Putin',
      '    description: x',
      '    wikidata: Q7747',
    ),
    entity: 'putin',
    link: PUTIN,
    expected: undefined,
  },
  {
    name: 'no such entity: no edits',
    input: lines('version: 1', 'entities:', '  putin:', '    type: person', '    name: Putin'),
    entity: 'merkel',
    link: PUTIN,
    expected: undefined,
  },
  {
    name: 'a YAML error: no edits',
    input: lines('version: 1', 'entities:', '  putin:', '    type: person', '    name: [Putin'),
    entity: 'putin',
    link: PUTIN,
    expected: undefined,
  },
  {
    name: 'a wikidata key holding a list: no edits, nothing lost',
    input: lines(
      'version: 1',
      'entities:',
      '  putin:',
      '    type: person',
      '    name: Putin',
      '    wikidata: [Q1, Q2]',
    ),
    entity: 'putin',
    link: PUTIN,
    expected: undefined,
  },
];

describe('linkEdits', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const source = testCase.input.replace(/^\uFEFF/u, '');
      const bom = testCase.input.startsWith('\uFEFF') ? '\uFEFF' : '';
      const edits = linkEdits(source, testCase.entity, testCase.link);
      if (testCase.expected === undefined) {
        assert.deepEqual(edits, []);
        return;
      }
      const output = bom + applyEdits(source, edits);
      assert.equal(output, testCase.expected);
      const parsed = parseSidecar(output.replace(/^\uFEFF/u, ''), testCase.kind ?? 'sidecar');
      assert.deepEqual(
        parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
        [],
      );
      const entity = parsed.sidecar.entityById.get(testCase.entity);
      assert.equal(entity?.wikidata, testCase.link.wikidata);
    });
  }

  it('works on the analysis parse as on the text', () => {
    const source = cases[0].input;
    const parsed = parseSidecar(source);
    assert.deepEqual(linkEdits(parsed, 'putin', PUTIN), linkEdits(source, 'putin', PUTIN));
  });
});
