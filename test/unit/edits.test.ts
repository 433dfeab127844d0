/**
 * The sidecar edit engine: every edit changes only the region it must, and keeps comments, key
 * order, quoting, flow or block style, indentation, blank lines, line endings and a byte order
 * mark everywhere else byte for byte.
 *
 * The table gives exact expected outputs for hand-picked sidecars, each in a file named after
 * its case under test/fixtures/edits/ (`UPDATE_FIXTURES=1` rewrites them, see
 * test/support/expectedFiles.ts); the property tests generate sidecars with odd formatting and
 * check that every kind of edit yields valid YAML with the new content, and that the edits are
 * the only change.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Lexer, parse, parseDocument } from 'yaml';
import {
  addAlias,
  addEntity,
  addQuoteEntry,
  applyEdits,
  parseSidecar,
  removeAlias,
  removeEntity,
  removeQuoteEntry,
  removeQuoteField,
  renameEntity,
  replaceKey,
  replaceValue,
  yamlScalar,
  type NewEntity,
  type NewQuoteEntry,
  type TextEdit,
} from '../../server/src/core';
import { ExpectedFiles, fileNameOf, uniqueFileNames } from '../support/expectedFiles';

/** Joins lines with LF; CRLF cases convert the result. */
function lines(...parts: string[]): string {
  return parts.join('\n');
}

function crlf(text: string): string {
  return text.replace(/\n/gu, '\r\n');
}

/** Finds `needle` in `source` (the `occurrence`-th time) and returns its span. */
function spanOf(source: string, needle: string, occurrence = 1): [number, number] {
  let at = -1;
  for (let count = 0; count < occurrence; count++) at = source.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in the source`);
  return [at, at + needle.length];
}

interface EditCase {
  name: string;
  input: string;
  edit: (source: string) => TextEdit[];
  /**
   * The function must return no edits. Otherwise the expected output is the file named after
   * the case under test/fixtures/edits/.
   */
  noEdits?: true;
}

const KIM_TAIL = lines(
  'version: 1',
  '',
  'entities:',
  '  putin:',
  '    type: person',
  '    name: Wladimir Putin',
  '',
  'quotes:',
  '  - text: Was den Baikalsee und andere',
  '    speaker: putin',
  '  - text: ewige Präsident',
  '    kind: term',
  '  # „Gleichzeitig soll es aber nicht darum gehen …“ is left for the reader to attribute.',
  '',
);

const cases: EditCase[] = [
  // addQuoteEntry -----------------------------------------------------------------------------
  {
    name: 'quote: appended before a comment at the list column that ends the list',
    input: KIM_TAIL,
    edit: (s) => addQuoteEntry(s, { text: 'Gleichzeitig soll es', speaker: 'putin' }),
  },
  {
    name: 'quote: a comment indented under the last entry stays with it',
    input: lines('quotes:', '  - text: a b c', '    speaker: x', '    # checked with x', '# end', ''),
    edit: (s) => addQuoteEntry(s, { text: 'd e f', speaker: 'yo' }),
  },
  {
    name: 'quote: every field, in the documented order, quoted where needed',
    input: lines('version: 1', 'quotes:', '- text: a', '  speaker: b', ''),
    edit: (s) =>
      addQuoteEntry(s, { text: 'Yes: we can', anonymous: '# aide', kind: 'term', via: 'tass', occurrence: 2 }),
  },
  {
    name: 'quote: entries separated by blank lines get a blank line too',
    input: lines('quotes:', '  - text: a', '    speaker: x', '', '  - text: b', '    speaker: yo', ''),
    edit: (s) => addQuoteEntry(s, { text: 'c', speaker: 'z' }),
  },
  {
    name: 'quote: a flow list gets a flow item',
    input: lines('version: 1', 'quotes: [{text: a, speaker: x}] # all of them', ''),
    edit: (s) => addQuoteEntry(s, { text: 'b, c', speaker: 'yo' }),
  },
  {
    name: 'quote: a multi-line flow list with a trailing comma and a comment keeps both',
    input: lines('quotes: [', '    {text: a, speaker: x},', '    {text: b, speaker: yo}, # last', ']', ''),
    edit: (s) => addQuoteEntry(s, { text: 'c', speaker: 'z' }),
  },
  {
    name: 'quote: flow mappings one per line are followed',
    input: lines('quotes:', '  - { text: a, speaker: x }', ''),
    edit: (s) => addQuoteEntry(s, { text: 'b', speaker: 'yo' }),
  },
  {
    name: 'quote: an empty quotes: with a comment becomes a block list',
    input: lines('version: 1', 'quotes: # none yet', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a b c', speaker: 'x' }),
  },
  {
    name: 'quote: quotes: [] becomes a block list, its comment kept',
    input: lines('version: 1', 'entities:', '    x: {type: person, name: X}', 'quotes: [] # later', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: quotes: ~ becomes a block list',
    input: lines('quotes: ~', 'version: 1', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a', kind: 'term' }),
  },
  {
    name: 'quote: a missing quotes: goes at the end, after a blank line like the other sections',
    input: lines(
      'version: 1',
      '',
      'entities:',
      '  x:',
      '    type: person',
      '    name: X # the name',
      '# end of entities',
    ),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: a missing quotes: without blank lines between sections, four-space indentation',
    input: lines('version: 1', 'entities:', '    x:', '        type: person', '        name: X', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: CRLF and a byte order mark are kept',
    input: '\uFEFF' + crlf(lines('version: 1', 'quotes:', '  - text: a', '    speaker: x', '')),
    edit: (s) => addQuoteEntry(s, { text: 'b', speaker: 'yo' }),
  },
  {
    name: 'quote: a trailing comment on the last line without a final line break',
    input: lines('quotes:', '  - text: a', '    speaker: x # said twice'),
    edit: (s) => addQuoteEntry(s, { text: 'b', speaker: 'yo' }),
  },
  {
    name: 'quote: a block scalar that keeps its final line breaks keeps them',
    input: lines('quotes:', '  - text: a', '    note: |+', '      kept', '', '', 'version: 1', ''),
    edit: (s) => addQuoteEntry(s, { text: 'b', speaker: 'yo' }),
  },
  {
    name: 'quote: an empty file becomes a sidecar',
    input: '',
    edit: (s) => addQuoteEntry(s, { text: 'yes', speaker: 'x' }),
  },
  {
    name: 'quote: a file of comments (CRLF) keeps them first',
    input: crlf(lines('# Annotations for a.txt', '# by the desk', '')),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: a document end marker stays last',
    input: lines('version: 1', '...', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: a comments-only file that ends its document stays one document',
    input: lines('# nothing yet', '...', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: a flow top level gets a flow key',
    input: '{version: 1, entities: {x: {type: person, name: X}}}\n',
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'quote: quotes that is not a list is left alone',
    input: lines('quotes: nothing', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a' }),
    noEdits: true,
  },

  // addEntity ---------------------------------------------------------------------------------
  {
    name: 'entity: block style at the indentation the entities use',
    input: lines(
      'entities:',
      '   a:    # three and five',
      '        type: person',
      '        name: A',
      '   # a comment between',
      '   b:',
      '        type: place',
      '        name: B',
      '        aliases: [Bee]',
      '',
      'quotes: []',
      '',
    ),
    edit: (s) => addEntity(s, { id: 'c', type: 'organization', name: 'C & Co', aliases: ['C', 'Co, Ltd'] }),
  },
  {
    name: 'entity: flow mappings one per line are followed',
    input: lines('entities:', '  a: {type: person, name: A}  # first', '  b: {type: place, name: B}', ''),
    edit: (s) => addEntity(s, { id: 'c', type: 'person', name: 'C: the third', description: 'x' }),
  },
  {
    name: 'entity: block aliases lists are followed',
    input: lines('entities:', '  a:', '    type: person', '    name: A', '    aliases:', '    - Ay', ''),
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B', aliases: ['Bee', 'true'] }),
  },
  {
    name: 'entity: a flow entities mapping gets a flow entry',
    input: lines('entities: {a: {type: person, name: A}}', ''),
    edit: (s) => addEntity(s, { id: 'b', type: 'place', name: 'B', aliases: ['Bee'] }),
  },
  {
    name: 'entity: a missing entities: goes before quotes: and the comments that introduce it',
    input: lines('version: 1', '', '# Who said what.', 'quotes:', '  - text: a', '    speaker: b', ''),
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B' }),
  },
  {
    name: 'entity: a missing entities: with no quotes goes at the end, CRLF, no final line break',
    input: crlf(lines('version: 1', 'language: de # German')),
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B' }),
  },
  {
    name: 'entity: an empty entities: {} becomes a block mapping',
    input: lines('version: 1', 'entities: {}', 'quotes:', '    - text: a', ''),
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B' }),
  },
  {
    name: 'entity: an empty entities: with comments under it',
    input: lines('entities:', '  # none yet', 'quotes: []', ''),
    edit: (s) => addEntity(s, { id: '1984', type: 'event', name: 'Nineteen' }),
  },
  {
    name: 'entity: an empty file becomes a sidecar',
    input: '\uFEFF',
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B' }),
  },
  {
    name: 'entity: quoted keys are found, an id that exists is not added twice',
    input: lines('entities:', '  "b": {type: person, name: B}', ''),
    edit: (s) => addEntity(s, { id: 'b', type: 'person', name: 'B' }),
    noEdits: true,
  },

  // addAlias ----------------------------------------------------------------------------------
  {
    name: 'alias: a flow list',
    input: lines('entities:', '  a:', '    type: person', '    name: A', '    aliases: [ Ay,  "Bee" ] # two', ''),
    edit: (s) => addAlias(s, 'a', 'Cee'),
  },
  {
    name: 'alias: an empty flow list',
    input: lines('entities:', '  a: {type: person, name: A, aliases: []}', ''),
    edit: (s) => addAlias(s, 'a', 'A, B'),
  },
  {
    name: 'alias: a multi-line flow list with a comment after the last item',
    input: lines('entities:', '  a:', '    name: A', '    aliases: [', '      Ay,', '      Bee # the B', '    ]', ''),
    edit: (s) => addAlias(s, 'a', 'Cee'),
  },
  {
    name: 'alias: a block list, CRLF',
    input: crlf(lines('entities:', '  a:', '    name: A', '    aliases:', '      -   Ay # one', '    note: n', '')),
    edit: (s) => addAlias(s, 'a', 'Bee'),
  },
  {
    name: 'alias: created after name:, past its trailing comment',
    input: lines('entities:', '  a:', '    type: person', "    name: 'A' # checked", '    wikidata: Q1', ''),
    edit: (s) => addAlias(s, 'a', "O'Hara"),
  },
  {
    name: 'alias: created in a flow entity',
    input: lines('entities:', '  a: {type: person, name: A, wikidata: Q1}', ''),
    edit: (s) => addAlias(s, 'a', 'Ay'),
  },
  {
    name: 'alias: an empty aliases: gets a flow list',
    input: lines('entities:', '  a:', '    name: A', '    aliases: # none', ''),
    edit: (s) => addAlias(s, 'a', 'Ay'),
  },
  {
    name: 'alias: an alias that is already there is not added again',
    input: lines('entities:', '  a: {name: A, aliases: [Ay]}', ''),
    edit: (s) => addAlias(s, 'a', 'Ay'),
    noEdits: true,
  },
  {
    name: 'alias: an unknown entity gets nothing',
    input: lines('entities:', '  a: {name: A}', ''),
    edit: (s) => addAlias(s, 'b', 'Bee'),
    noEdits: true,
  },

  // removeAlias -------------------------------------------------------------------------------
  {
    name: 'remove alias: the middle of a flow list',
    input: lines('entities:', '  a: {name: A, aliases: [Ay, Bee, Cee]}', ''),
    edit: (s) => removeAlias(s, 'a', 'Bee'),
  },
  {
    name: 'remove alias: the first of a flow list',
    input: lines('entities:', '  a: {name: A, aliases: ["Ay", Bee]}', ''),
    edit: (s) => removeAlias(s, 'a', 'Ay'),
  },
  {
    name: 'remove alias: the last of a flow list',
    input: lines('entities:', '  a:', '    aliases: [Ay, Bee] # both'),
    edit: (s) => removeAlias(s, 'a', 'Bee'),
  },
  {
    name: 'remove alias: the only one leaves []',
    input: lines('entities:', '  a:', '    aliases: [ Ay ]', ''),
    edit: (s) => removeAlias(s, 'a', 'Ay'),
  },
  {
    name: 'remove alias: a comment between flow items stays',
    input: lines('entities:', '  a:', '    aliases: [', '      Ay, # the A', '      Bee', '    ]', ''),
    edit: (s) => removeAlias(s, 'a', 'Ay'),
  },
  {
    name: 'remove alias: a line of a block list, CRLF',
    input: crlf(lines('entities:', '  a:', '    aliases:', '      - Ay', '      - Bee', '    name: A', '')),
    edit: (s) => removeAlias(s, 'a', 'Ay'),
  },
  {
    name: 'remove alias: the only item of a block list leaves aliases: [], its comment kept',
    input: lines('entities:', '  a:', '    aliases: # forms', '      - Ay # short', '    name: A', ''),
    edit: (s) => removeAlias(s, 'a', 'Ay'),
  },
  {
    name: 'remove alias: the last line of a file without a final line break',
    input: lines('entities:', '  a:', '    aliases:', '      - Ay', '      - Bee'),
    edit: (s) => removeAlias(s, 'a', 'Bee'),
  },
  {
    name: 'remove alias: an alias that is not there',
    input: lines('entities:', '  a: {aliases: [Ay]}', ''),
    edit: (s) => removeAlias(s, 'a', 'ay'),
    noEdits: true,
  },

  // removeEntity, removeQuoteEntry, removeQuoteField -------------------------------------------
  {
    name: 'remove entity: exactly its lines, with the comments on them; the comment above stays',
    input: lines(
      '# People.',
      'entities:',
      '  a:',
      '    type: person',
      '    name: A',
      '  # B is the one to go.',
      '  b: # the second',
      '    type: person',
      '    aliases: [Bee]',
      '    # an inner note goes with it',
      '  c: {type: place, name: C}',
      'quotes: []',
      '',
    ),
    edit: (s) => removeEntity(s, 'b'),
  },
  {
    name: 'remove entity: entities separated by blank lines keep one between them, CRLF',
    input: crlf(lines('entities:', '  a:', '    name: A', '', '  b:', '    name: B', '', '  c:', '    name: C', '')),
    edit: (s) => removeEntity(s, 'a'),
  },
  {
    name: 'remove entity: the last of a file without a final line break',
    input: lines('entities:', '  a:', '    name: A', '  b:', '    name: B'),
    edit: (s) => removeEntity(s, 'b'),
  },
  {
    name: 'remove entity: the only one leaves entities: {}',
    input: lines('version: 1', 'entities:', '  a:', '    name: A', '', 'quotes: []', ''),
    edit: (s) => removeEntity(s, 'a'),
  },
  {
    name: 'remove entity: from a flow mapping',
    input: lines('entities: {a: {name: A}, b: {name: B}}', ''),
    edit: (s) => removeEntity(s, 'a'),
  },
  {
    name: 'remove entity: an id that is not there',
    input: lines('entities:', '  a: {name: A}', ''),
    edit: (s) => removeEntity(s, 'b'),
    noEdits: true,
  },
  {
    name: 'remove quote entry: a block item, the comment on its line, its blank line',
    input: lines(
      'quotes:',
      '  - text: a b c',
      '    speaker: x',
      '',
      '  - text: d e f # goes with it',
      '    speaker: y',
      '',
      '  - text: g',
      '    kind: term',
      '',
    ),
    edit: (s) => removeQuoteEntry(s, 1),
  },
  {
    name: 'remove quote entry: a flow item',
    input: lines('quotes: [{text: a, speaker: x}, {text: b, speaker: y}] # two', ''),
    edit: (s) => removeQuoteEntry(s, 0),
  },
  {
    name: 'remove quote entry: an index out of range',
    input: lines('quotes:', '  - text: a', ''),
    edit: (s) => removeQuoteEntry(s, 1),
    noEdits: true,
  },
  {
    name: 'remove quote field: a via: line',
    input: lines('quotes:', '  - text: a', '    speaker: x', '    via: tass # the agency', '  - text: b', ''),
    edit: (s) => removeQuoteField(s, 0, 'via'),
  },
  {
    name: 'remove quote field: via: first, on the line of the dash',
    input: lines('quotes:', '  - via: tass', '    text: a', '    speaker: x', ''),
    edit: (s) => removeQuoteField(s, 0, 'via'),
  },
  {
    name: 'remove quote field: in a flow entry',
    input: lines('quotes:', '  - {text: a, speaker: x, via: tass}', ''),
    edit: (s) => removeQuoteField(s, 0, 'via'),
  },

  // replaceKey and replaceValue ---------------------------------------------------------------
  {
    name: 'key: alias: becomes aliases:',
    input: lines('entities:', '  a:', '    alias: [Ay] # typo', ''),
    edit: (s) => replaceKey(s, ...spanOf(s, 'alias'), 'aliases'),
  },
  {
    name: 'key: a quoted key stays quoted',
    input: lines('"versoin": 1', ''),
    edit: (s) => replaceKey(s, ...spanOf(s, '"versoin"'), 'version'),
  },
  {
    name: 'key: nothing when the mapping has the right key already (top level)',
    input: lines('version: 1', 'entites:', '  a: {type: person}', 'entities:', '  b: {type: person}', ''),
    edit: (s) => replaceKey(s, ...spanOf(s, 'entites'), 'entities'),
    noEdits: true,
  },
  {
    name: 'key: nothing when the entity has the right key already, in flow style too',
    input: lines('entities:', '  a: {descripton: x, description: y}', ''),
    edit: (s) => replaceKey(s, ...spanOf(s, 'descripton'), 'description'),
    noEdits: true,
  },
  {
    name: 'key: a key of the same name in another mapping does not stop it',
    input: lines('entities:', '  a:', '    descripton: x', '  b:', '    description: y', ''),
    edit: (s) => replaceKey(s, ...spanOf(s, 'descripton'), 'description'),
  },
  {
    name: 'value: plain stays plain',
    input: lines('quotes:', '  - {text: a, speaker: putn}', ''),
    edit: (s) => replaceValue(s, ...spanOf(s, 'putn'), 'putin'),
  },
  {
    name: 'value: plain becomes double-quoted when it must, in flow context for a comma',
    input: lines('quotes:', '  - {text: a, speaker: x}', '  - text: b', '    speaker: x', ''),
    edit: (s) => {
      const a = s.indexOf('text: a') + 'text: '.length;
      const b = s.indexOf('text: b') + 'text: '.length;
      return [...replaceValue(s, a, a + 1, 'a, b'), ...replaceValue(s, b, b + 1, 'no')];
    },
  },
  {
    name: 'value: single quotes are kept when they can hold the value',
    input: lines("name: 'Putin' # x", "other: 'a'", ''),
    edit: (s) => [
      ...replaceValue(s, ...spanOf(s, "'Putin'"), "O'Brien: #1"),
      ...replaceValue(s, ...spanOf(s, "'a'"), 'a\nb'),
    ],
  },
  {
    name: 'value: double quotes are kept',
    input: lines('name: "Putin"', ''),
    edit: (s) => replaceValue(s, ...spanOf(s, '"Putin"'), 'Wladimir Putin'),
  },
  {
    name: 'value: an empty value gets a space after the colon and before a comment',
    input: lines('quotes:', '  - text: a', '    speaker:', '    via:  # who?', ''),
    edit: (s) => {
      const speaker = s.indexOf('speaker:') + 'speaker:'.length;
      const via = s.indexOf('via:  ') + 'via:  '.length;
      return [...replaceValue(s, speaker, speaker, 'putin'), ...replaceValue(s, via, via, 'tass')];
    },
  },
  {
    name: 'value: a block scalar becomes a double-quoted one, the lines after it kept',
    input: lines('entities:', '  a:', '    description: |', '      one', '      two', '    name: A', ''),
    edit: (s) => replaceValue(s, ...spanOf(s, '|\n      one\n      two'), 'three'),
  },

  // renameEntity ------------------------------------------------------------------------------
  {
    name: 'rename: the key, in its quote style, and every speaker and via',
    input: lines(
      'entities:',
      "  'Putin': {type: person, name: Putin} # odd id",
      '  tass: {type: organization, name: Tass}',
      'quotes:',
      '  - text: a',
      '    speaker: Putin',
      '    via: "Putin"',
      '  - {text: b, speaker: tass, via: Putin}',
      '  - text: c',
      '    anonymous: Putin',
      '',
    ),
    edit: (s) => renameEntity(s, 'Putin', 'putin'),
  },
  {
    name: 'rename: not to an id that is taken',
    input: lines('entities:', '  a: {name: A}', '  b: {name: B}', ''),
    edit: (s) => renameEntity(s, 'a', 'b'),
    noEdits: true,
  },

  // Less common layouts -------------------------------------------------------------------------
  {
    name: 'flow top level: an empty quotes gets a flow list',
    input: '{version: 1, quotes: ~, entities: {}}\n',
    edit: (s) => addQuoteEntry(s, { text: 'a', speaker: 'x' }),
  },
  {
    name: 'flow top level: an empty entities gets a flow mapping',
    input: '{version: 1, entities: , quotes: []}\n',
    edit: (s) => addEntity(s, { id: 'x', type: 'person', name: 'X' }),
  },
  {
    name: 'flow top level: a missing entities goes before quotes',
    input: '{version: 1, quotes: []}',
    edit: (s) => addEntity(s, { id: 'x', type: 'person', name: 'X' }),
  },
  {
    name: 'entity: entities separated by blank lines, the last ending in a block scalar',
    input: lines('entities:', '  a:', '    name: A', '', '  b:', '    name: B', '    note: >', '      folded', '', ''),
    edit: (s) => addEntity(s, { id: 'c', type: 'person', name: 'C' }),
  },
  {
    name: 'quote: an indented top level (the whole file at column 2)',
    input: lines('  version: 1', '  entities:', '    a: {name: A}', ''),
    edit: (s) => addQuoteEntry(s, { text: 'q', speaker: 'a' }),
  },
  {
    name: 'quote: a tagged null is not touched',
    input: lines('quotes: !!null', ''),
    edit: (s) => addQuoteEntry(s, { text: 'a' }),
    noEdits: true,
  },
  {
    name: 'alias: an aliases value that is not a list is not touched',
    input: lines('entities:', '  a:', '    name: A', '    aliases: Ay', ''),
    edit: (s) => addAlias(s, 'a', 'Bee'),
    noEdits: true,
  },
  {
    name: 'value: a kept block scalar keeps the lines after it',
    input: lines('entities:', '  a:', '    note: |+', '      kept', '', '    name: A', ''),
    edit: (s) => replaceValue(s, ...spanOf(s, '|+'), 'one'),
  },
  {
    name: 'value: a range that is not a scalar gets nothing',
    input: lines('name: A # the name', ''),
    edit: (s) => replaceValue(s, ...spanOf(s, '# the name'), 'B'),
    noEdits: true,
  },
];

/** Broken YAML: every function returns no edits, so that nothing is written into it. */
const BROKEN = [
  lines('version: 1', 'entities:', '  a: {type: person, name: A', 'quotes:', '  - text: a', ''),
  lines('version: 1', 'quotes:', '  - text: "unterminated', ''),
  lines('entities:', '  a:', '    name: A', '   b: wrong indentation', ''),
  lines('version: 1', '---', 'version: 2', ''),
];

const EXPECTED = new ExpectedFiles('test/fixtures/edits');
const SUFFIX = '.expected.yaml';

/** Checks one edit against its expected output, and that the output is valid YAML. */
function check(testCase: EditCase): void {
  const edits = testCase.edit(testCase.input);
  if (testCase.noEdits) {
    assert.deepEqual(edits, []);
    return;
  }
  const output = applyEdits(testCase.input, edits);
  EXPECTED.check(fileNameOf(testCase.name, SUFFIX), output);
  assert.deepEqual(
    parseDocument(output).errors.map((error) => error.message),
    [],
  );
}

describe('sidecar edits', () => {
  describe('exact outputs', () => {
    for (const testCase of cases) it(testCase.name, () => check(testCase));

    it('every expected file belongs to a case', () => {
      const withOutput = cases.filter((testCase) => !testCase.noEdits).map((testCase) => testCase.name);
      EXPECTED.checkNoStrayFiles(uniqueFileNames(withOutput, SUFFIX));
    });
  });

  describe('broken YAML gets no edits', () => {
    const operations: [string, (source: string) => TextEdit[]][] = [
      ['addQuoteEntry', (s) => addQuoteEntry(s, { text: 'x', speaker: 'a' })],
      ['addEntity', (s) => addEntity(s, { id: 'z', type: 'person', name: 'Z' })],
      ['addAlias', (s) => addAlias(s, 'a', 'Ay')],
      ['removeAlias', (s) => removeAlias(s, 'a', 'A')],
      ['renameEntity', (s) => renameEntity(s, 'a', 'b')],
      ['replaceKey', (s) => replaceKey(s, 0, 7, 'version')],
      ['replaceValue', (s) => replaceValue(s, 9, 10, '2')],
    ];
    BROKEN.forEach((source, index) => {
      for (const [name, operation] of operations) {
        it(`${name} on broken sidecar ${index + 1}`, () => {
          assert.ok(parseDocument(source).errors.length > 0);
          assert.deepEqual(operation(source), []);
        });
      }
    });
  });

  describe('applyEdits', () => {
    it('sorts edits and keeps insertions at one place in their order', () => {
      const edits: TextEdit[] = [
        { start: 4, end: 5, newText: 'E' },
        { start: 0, end: 0, newText: '1' },
        { start: 0, end: 0, newText: '2' },
        { start: 2, end: 3, newText: '' },
      ];
      assert.equal(applyEdits('abcdef', edits), '12abdEf');
    });
    it('refuses overlapping edits and edits outside the source', () => {
      assert.throws(
        () =>
          applyEdits('abc', [
            { start: 0, end: 2, newText: '' },
            { start: 1, end: 3, newText: '' },
          ]),
        RangeError,
      );
      assert.throws(() => applyEdits('abc', [{ start: 2, end: 4, newText: '' }]), RangeError);
    });
  });

  describe('yamlScalar', () => {
    const examples: [string, string][] = [
      ['Putin', 'Putin'],
      ['Kim Jong Un', 'Kim Jong Un'],
      ["O'Brien", "O'Brien"],
      ['a: b', '"a: b"'],
      ['a #b', '"a #b"'],
      ['a#b', 'a#b'],
      ['yes', '"yes"'],
      ['~', '"~"'],
      ['1984', '"1984"'],
      ['1984 election', '1984 election'],
      ['- dash', '"- dash"'],
      [' lead', '" lead"'],
      ['', '""'],
      ['line\nbreak', '"line\\nbreak"'],
      ['say "hi"', 'say "hi"'],
      ['"hi"', '"\\"hi\\""'],
      ['tab\there', '"tab\\there"'],
      ['Präsident „ewig“', 'Präsident „ewig“'],
      ['y', '"y"'],
      ['2024-01-01', '"2024-01-01"'],
      ['12:30', '"12:30"'],
      ['colon:', '"colon:"'],
    ];
    for (const [value, expected] of examples) {
      it(`writes ${JSON.stringify(value)} as ${expected}`, () => assert.equal(yamlScalar(value), expected));
    }
  });
});

// Property tests -----------------------------------------------------------------------------

/** Fixed so that CI is deterministic; small enough that all properties together take well under 5 s. */
const RUNS: fc.Parameters<unknown> = { seed: 20_240_611, numRuns: 120 };

/** Values that are hard to write in YAML: indicators, look-alikes of other types, quotes, breaks. */
const TRICKY = [
  'Putin',
  'Kim Jong Un',
  "O'Brien",
  'a: b',
  'x #y',
  'a#b',
  'yes',
  'No',
  '~',
  'null',
  '1984',
  '3.14',
  '0x1F',
  '- dash',
  ' lead',
  'trail ',
  '„Präsident“',
  '«Le ministre»',
  'say "hi"',
  '[bracket]',
  '{brace}',
  'a, b',
  'Größe',
  '😀 emoji',
  '@handle',
  '%pct',
  '!bang',
  '&amp',
  '*star',
  '|pipe',
  '>gt',
  '`tick`',
  "'single'",
  '"double"',
  'colon:',
  'multi\nline',
  'tab\tin',
  '2024-01-01',
  '.inf',
  '<<',
  '...',
  '---',
];
const CHARS = [
  'a',
  'Z',
  ' ',
  ':',
  '#',
  '-',
  ',',
  '[',
  ']',
  '{',
  '}',
  "'",
  '"',
  '\\',
  'ä',
  '„',
  '“',
  '😀',
  '\n',
  '\r',
  '\t',
  '1',
  '.',
  '?',
  '!',
  '&',
  '*',
  '|',
  '>',
  '%',
  '@',
  '`',
  '~',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\u0000',
  '\ud800',
];
const ID_POOL = ['putin', 'kim-jong-un', 'tass', 'dpa', 'okafor', 'a1', 'x', 'e.u', '1984', 'true'];
const TYPES = ['person', 'place', 'organization', 'event'];

/** Text with at least one character that is not white space, as names and quote texts need. */
const textArb = fc
  .oneof(fc.constantFrom(...TRICKY), fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 10 }))
  .filter((text) => text.trim() !== '');

type ScalarStyle = 'plain' | 'single' | 'double';
const styleArb = fc.constantFrom<ScalarStyle>('plain', 'plain', 'single', 'double');

const entityArb = fc.record({
  type: fc.constantFrom(...TYPES),
  name: textArb,
  nameStyle: styleArb,
  idStyle: styleArb,
  aliases: fc.option(fc.uniqueArray(textArb, { maxLength: 3 }), { nil: undefined }),
  aliasLayout: fc.constantFrom('flow', 'block', 'multiline'),
  aliasStyle: styleArb,
  description: fc.option(textArb, { nil: undefined }),
  body: fc.constantFrom('block', 'block', 'flow'),
});

const quoteArb = fc.record({
  text: textArb,
  textStyle: styleArb,
  speaker: fc.option(fc.nat(5), { nil: undefined }),
  via: fc.option(fc.nat(5), { nil: undefined }),
  layout: fc.constantFrom('block', 'block', 'flow'),
  gap: fc.integer({ min: 1, max: 3 }),
});

const SECTION_STYLES = ['missing', 'null', 'tilde', 'emptyFlow', 'block', 'block', 'block', 'flow'] as const;

const modelArb = fc.record({
  crlf: fc.boolean(),
  bom: fc.boolean(),
  indent: fc.integer({ min: 1, max: 5 }),
  seqIndented: fc.boolean(),
  blank: fc.boolean(),
  finalNewline: fc.boolean(),
  header: fc.nat(2),
  version: fc.boolean(),
  language: fc.boolean(),
  entitiesFirst: fc.boolean(),
  ids: fc.uniqueArray(fc.constantFrom(...ID_POOL), { maxLength: 4 }),
  entities: fc.array(entityArb, { minLength: 4, maxLength: 4 }),
  entitiesStyle: fc.constantFrom(...SECTION_STYLES),
  quotes: fc.array(quoteArb, { maxLength: 4 }),
  quotesStyle: fc.constantFrom(...SECTION_STYLES),
  trailer: fc.boolean(),
  noise: fc.array(fc.nat(99), { minLength: 64, maxLength: 64 }),
});

type Model = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

interface Generated {
  source: string;
  /** Every comment written, each unique. */
  comments: string[];
  /** The entity ids in the sidecar. */
  ids: string[];
}

function canSingleQuote(value: string): boolean {
  return !/[\p{Cc}\p{Cs}\u2028\u2029\ufeff\ufffe\uffff]/u.test(value);
}

/** A value in the asked style when that style can hold it; double quotes (JSON) otherwise. */
function writeScalar(value: string, style: ScalarStyle, flow: boolean): string {
  const plain = yamlScalar(value) === value && !(flow && /[,[\]{}:#]/u.test(value));
  if (style === 'plain' && plain) return value;
  if (style === 'single' && canSingleQuote(value)) return `'${value.replace(/'/gu, "''")}'`;
  return JSON.stringify(value);
}

/** Renders a model as a sidecar with comments, odd indentation and mixed styles. */
function render(model: Model): Generated {
  const out: string[] = [];
  const comments: string[] = [];
  let cursor = 0;
  const roll = (sides: number): number => model.noise[cursor++ % model.noise.length] % sides;
  const comment = (): string => {
    const text = `# c${comments.length + 1}${['', ': a, [b] "q"', ' #x', ' — Präsident „ewig“'][roll(4)]}`;
    comments.push(text);
    return text;
  };
  const trail = (): string => (roll(4) === 0 ? `${' '.repeat(1 + roll(2))}${comment()}` : '');
  const line = (indent: number, text: string): void => void out.push(' '.repeat(indent) + text + trail());
  const commentLine = (): void => {
    if (roll(5) === 0) out.push(' '.repeat(roll(9)) + comment());
  };
  const blankLine = (): void => {
    if (roll(6) === 0) out.push('');
  };
  const w = model.indent;
  const ids = model.ids;
  const entities = ids.map((id, index) => ({ ...model.entities[index], id }));
  // Most references name an entity of the sidecar, so that renaming has references to change.
  const reference = (index: number | undefined): string | undefined =>
    index === undefined ? undefined : index < 4 && ids.length > 0 ? ids[index % ids.length] : `someone${index}`;
  const key = (name: string): string => (roll(5) === 0 ? `"${name}"` : name);

  const flowEntity = (entity: (typeof entities)[number]): string => {
    const fields = [`type: ${entity.type}`, `name: ${writeScalar(entity.name, entity.nameStyle, true)}`];
    if (entity.aliases) {
      fields.push(`aliases: [${entity.aliases.map((a) => writeScalar(a, entity.aliasStyle, true)).join(', ')}]`);
    }
    if (entity.description !== undefined) {
      fields.push(`description: ${writeScalar(entity.description, entity.nameStyle, true)}`);
    }
    const padded = roll(2) === 0;
    return padded ? `{ ${fields.join(', ')} }` : `{${fields.join(', ')}}`;
  };
  const flowQuote = (quote: Model['quotes'][number]): string => {
    const fields = [`text: ${writeScalar(quote.text, quote.textStyle, true)}`];
    const speaker = reference(quote.speaker);
    const via = reference(quote.via);
    if (speaker !== undefined) fields.push(`speaker: ${writeScalar(speaker, 'plain', true)}`);
    if (via !== undefined) fields.push(`via: ${writeScalar(via, 'plain', true)}`);
    return `{${fields.join(', ')}}`;
  };

  const renderEntities = (): void => {
    const style = model.entitiesStyle;
    if (style === 'missing') return;
    if (style === 'null' || (style === 'block' && entities.length === 0)) return line(0, `${key('entities')}:`);
    if (style === 'tilde') return line(0, `${key('entities')}: ~`);
    if (style === 'emptyFlow' || entities.length === 0) return line(0, `${key('entities')}: {}`);
    if (style === 'flow') {
      const items = entities.map((entity) => `${writeScalar(entity.id, entity.idStyle, true)}: ${flowEntity(entity)}`);
      return line(0, `${key('entities')}: {${items.join(', ')}}`);
    }
    line(0, `${key('entities')}:`);
    for (const entity of entities) {
      commentLine();
      blankLine();
      const id = writeScalar(entity.id, entity.idStyle, false);
      if (entity.body === 'flow') {
        line(w, `${id}: ${flowEntity(entity)}`);
        continue;
      }
      line(w, `${id}:`);
      commentLine();
      line(2 * w, `type: ${entity.type}`);
      line(2 * w, `name: ${writeScalar(entity.name, entity.nameStyle, false)}`);
      if (entity.aliases) {
        const aliases = entity.aliases;
        if (entity.aliasLayout === 'flow' || aliases.length === 0) {
          line(2 * w, `aliases: [${aliases.map((a) => writeScalar(a, entity.aliasStyle, true)).join(', ')}]`);
        } else if (entity.aliasLayout === 'block') {
          line(2 * w, 'aliases:');
          const dash = 2 * w + (model.seqIndented ? w : 0);
          for (const alias of aliases) {
            commentLine();
            line(dash, `- ${writeScalar(alias, entity.aliasStyle, false)}`);
          }
        } else {
          out.push(`${' '.repeat(2 * w)}aliases: [`);
          aliases.forEach((alias, index) => {
            const comma = index < aliases.length - 1 ? ',' : '';
            line(3 * w, writeScalar(alias, entity.aliasStyle, true) + comma);
          });
          out.push(`${' '.repeat((2 + roll(2)) * w)}]`);
        }
      }
      if (entity.description !== undefined && /^[A-Za-z](?:[A-Za-z ]*[A-Za-z])?$/u.test(entity.description)) {
        // A block scalar, so that appending after one is exercised too.
        out.push(`${' '.repeat(2 * w)}description: ${['|', '|-', '>', '|+'][roll(4)]}`);
        line(3 * w, entity.description);
      } else if (entity.description !== undefined) {
        line(2 * w, `description: ${writeScalar(entity.description, entity.nameStyle, false)}`);
      }
    }
    commentLine();
  };

  const renderQuotes = (): void => {
    const style = model.quotesStyle;
    const quotes = model.quotes;
    if (style === 'missing') return;
    if (style === 'null' || (style === 'block' && quotes.length === 0)) return line(0, `${key('quotes')}:`);
    if (style === 'tilde') return line(0, `${key('quotes')}: ~`);
    if (style === 'emptyFlow' || quotes.length === 0) return line(0, `${key('quotes')}: []`);
    if (style === 'flow') return line(0, `${key('quotes')}: [${quotes.map(flowQuote).join(', ')}]`);
    line(0, `${key('quotes')}:`);
    const dash = model.seqIndented ? w : 0;
    for (const quote of quotes) {
      commentLine();
      blankLine();
      const prefix = `-${' '.repeat(quote.gap)}`;
      if (quote.layout === 'flow') {
        line(dash, prefix + flowQuote(quote));
        continue;
      }
      line(dash, `${prefix}text: ${writeScalar(quote.text, quote.textStyle, false)}`);
      const speaker = reference(quote.speaker);
      const via = reference(quote.via);
      if (speaker !== undefined) line(dash + 1 + quote.gap, `speaker: ${writeScalar(speaker, 'plain', false)}`);
      if (via !== undefined) line(dash + 1 + quote.gap, `via: ${writeScalar(via, 'single', false)}`);
    }
    commentLine();
  };

  for (let index = 0; index < model.header; index++) out.push(comment());
  if (model.version) line(0, 'version: 1');
  if (model.language) line(0, 'language: de');
  for (const section of model.entitiesFirst ? [renderEntities, renderQuotes] : [renderQuotes, renderEntities]) {
    if (model.blank && out.length > 0) out.push('');
    if (roll(4) === 0) out.push(comment());
    section();
  }
  if (model.trailer) out.push(' '.repeat(roll(4)) + comment());
  let source = out.join('\n') + (model.finalNewline ? '\n' : '');
  if (model.crlf) source = crlf(source);
  if (model.bom) source = `\uFEFF${source}`;
  const present = ['block', 'flow'].includes(model.entitiesStyle) ? ids : [];
  return { source, comments, ids: present };
}

type Json = Record<string, unknown>;

function toJs(source: string): Json | null {
  const document = parseDocument(source, { uniqueKeys: false });
  assert.deepEqual(
    document.errors.map((error) => error.message),
    [],
    `not valid YAML:\n${source}`,
  );
  return document.toJS() as Json | null;
}

/** The edits are the only change: the text before, between and after them is the input's. */
function assertOnlyEdits(input: string, edits: readonly TextEdit[], output: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let inputPos = 0;
  let outputPos = 0;
  for (const edit of sorted) {
    const kept = input.slice(inputPos, edit.start);
    assert.equal(output.slice(outputPos, outputPos + kept.length), kept);
    outputPos += kept.length;
    assert.equal(output.slice(outputPos, outputPos + edit.newText.length), edit.newText);
    outputPos += edit.newText.length;
    inputPos = edit.end;
  }
  assert.equal(output.slice(outputPos), input.slice(inputPos));
}

/**
 * Applies `edits` to the generated sidecar and checks what every edit must keep: the text
 * outside the edits, every comment, the line endings and the byte order mark.
 */
function applyKeeping(generated: Generated, edits: readonly TextEdit[]): string {
  const input = generated.source;
  const output = applyEdits(input, edits);
  assertOnlyEdits(input, edits, output);
  for (const comment of generated.comments) {
    assert.equal(output.split(comment).length, input.split(comment).length, `comment lost: ${comment}`);
  }
  assert.equal(output.startsWith('\uFEFF'), input.startsWith('\uFEFF'));
  if (input.includes('\r\n')) assert.ok(!/[^\r]\n/u.test(output), 'a bare LF in a CRLF file');
  else assert.ok(!output.includes('\r\n'), 'a CRLF in an LF file');
  return output;
}

/** `value` without its undefined fields, as the edits' input types want optional fields. */
function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Deletions an addition may make: nothing, or an empty value (`[]`, `{}`, `~`) after a colon. */
function assertOnlyInsertions(input: string, edits: readonly TextEdit[]): void {
  for (const edit of edits) {
    assert.match(input.slice(edit.start, edit.end), /^(?:[ \t]*(?:\[[ \t]*\]|\{[ \t]*\}|~|null))?$/u);
  }
}

function entitiesOf(json: Json | null): Json {
  return (json?.entities as Json | null | undefined) ?? {};
}

function quotesOf(json: Json | null): Json[] {
  return (json?.quotes as Json[] | null | undefined) ?? [];
}

/** A model and the pieces the edit needs from it. */
const withSidecar = <T>(extra: fc.Arbitrary<T>) =>
  fc.tuple(modelArb, extra).map(([model, value]) => ({ generated: render(model), value }));

describe('sidecar edits: properties', () => {
  it('generated sidecars are valid YAML with their comments', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const generated = render(model);
        toJs(generated.source);
      }),
      RUNS,
    );
  });

  it('addQuoteEntry appends the entry and changes nothing else', () => {
    const entryArb = fc.record({
      text: textArb,
      speaker: fc.option(textArb, { nil: undefined }),
      via: fc.option(fc.constantFrom(...ID_POOL), { nil: undefined }),
      anonymous: fc.option(fc.oneof(textArb, fc.constant('')), { nil: undefined }),
      kind: fc.option(fc.constant('term' as const), { nil: undefined }),
      occurrence: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(withSidecar(entryArb), ({ generated, value }) => {
        const entry: NewQuoteEntry = definedFields(value);
        const before = toJs(generated.source);
        const edits = addQuoteEntry(generated.source, entry);
        assertOnlyInsertions(generated.source, edits);
        const output = applyKeeping(generated, edits);
        const after = toJs(output);
        const expected: Json = { ...(before ?? { version: 1 }), quotes: [...quotesOf(before), entry] };
        assert.deepStrictEqual(after, expected);
        const sidecar = parseSidecar(output).sidecar;
        const last = sidecar.quotes[sidecar.quotes.length - 1];
        assert.equal(sidecar.quotes.length, quotesOf(before).length + 1);
        assert.equal(last.text?.text, entry.text);
        assert.equal(last.speaker?.text, entry.speaker);
      }),
      RUNS,
    );
  });

  it('addEntity adds the entity and changes nothing else', () => {
    const entityArbNew = fc.record({
      id: fc.constantFrom('new-id', 'neu', 'z9', 'false', '2024'),
      type: fc.constantFrom(...TYPES),
      name: textArb,
      aliases: fc.option(fc.uniqueArray(textArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      description: fc.option(textArb, { nil: undefined }),
    });
    fc.assert(
      fc.property(withSidecar(entityArbNew), ({ generated, value }) => {
        const entity: NewEntity = definedFields(value);
        const before = toJs(generated.source);
        const edits = addEntity(generated.source, entity);
        assertOnlyInsertions(generated.source, edits);
        const output = applyKeeping(generated, edits);
        const { id, ...body } = entity;
        const expected: Json = { ...(before ?? { version: 1 }), entities: { ...entitiesOf(before), [id]: body } };
        assert.deepStrictEqual(toJs(output), expected);
        const parsed = parseSidecar(output).sidecar.entityById.get(id);
        assert.equal(parsed?.name?.text, entity.name);
        assert.deepEqual(
          parsed?.aliases.map((alias) => alias.text),
          entity.aliases ?? [],
        );
      }),
      RUNS,
    );
  });

  it('addAlias appends the alias and changes nothing else', () => {
    fc.assert(
      fc.property(withSidecar(fc.tuple(fc.nat(3), textArb)), ({ generated, value: [pick, alias] }) => {
        fc.pre(generated.ids.length > 0);
        const id = generated.ids[pick % generated.ids.length];
        const before = toJs(generated.source);
        const entity = entitiesOf(before)[id] as Json;
        const old = (entity.aliases as string[] | undefined) ?? [];
        fc.pre(!old.includes(alias));
        const edits = addAlias(generated.source, id, alias);
        assertOnlyInsertions(generated.source, edits);
        const output = applyKeeping(generated, edits);
        const expected = structuredClone(before)!;
        (entitiesOf(expected)[id] as Json).aliases = [...old, alias];
        assert.deepStrictEqual(toJs(output), expected);
        const parsed = parseSidecar(output).sidecar.entityById.get(id);
        assert.deepEqual(
          parsed?.aliases.map((item) => item.text),
          [...old, alias],
        );
      }),
      RUNS,
    );
  });

  it('removeAlias removes the alias, its separator and nothing else', () => {
    fc.assert(
      fc.property(withSidecar(fc.tuple(fc.nat(3), fc.nat(3))), ({ generated, value: [pick, which] }) => {
        const before = toJs(generated.source);
        const candidates = generated.ids.filter(
          (id) => ((entitiesOf(before)[id] as Json).aliases as string[] | undefined)?.length,
        );
        fc.pre(candidates.length > 0);
        const id = candidates[pick % candidates.length];
        const old = (entitiesOf(before)[id] as Json).aliases as string[];
        const alias = old[which % old.length];
        const edits = removeAlias(generated.source, id, alias);
        const output = applyKeeping(generated, edits);
        // What goes is the alias as written, separators, indentation and line breaks: no comment.
        const removed = edits.map((edit) => generated.source.slice(edit.start, edit.end)).join('');
        assert.ok(!removed.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/gu, '').includes('#') || alias.includes('#'));
        const expected = structuredClone(before)!;
        const remaining = [...old];
        remaining.splice(old.indexOf(alias), 1);
        (entitiesOf(expected)[id] as Json).aliases = remaining;
        assert.deepStrictEqual(toJs(output), expected);
        const parsed = parseSidecar(output).sidecar.entityById.get(id);
        assert.deepEqual(
          parsed?.aliases.map((item) => item.text),
          remaining,
        );
      }),
      RUNS,
    );
  });

  it('renameEntity renames the key and every reference, and changes nothing else', () => {
    fc.assert(
      fc.property(
        withSidecar(fc.tuple(fc.nat(3), fc.constantFrom('renamed', 'neu-2', '007'))),
        ({ generated, value }) => {
          fc.pre(generated.ids.length > 0);
          const [pick, newId] = value;
          const oldId = generated.ids[pick % generated.ids.length];
          const before = toJs(generated.source);
          const edits = renameEntity(generated.source, oldId, newId);
          const output = applyKeeping(generated, edits);
          const expected = structuredClone(before)!;
          const entities = entitiesOf(expected);
          entities[newId] = entities[oldId];
          delete entities[oldId];
          for (const quote of quotesOf(expected)) {
            if (quote.speaker === oldId) quote.speaker = newId;
            if (quote.via === oldId) quote.via = newId;
          }
          assert.deepStrictEqual(toJs(output), expected);
          assert.ok(parseSidecar(output).sidecar.entityById.has(newId));
        },
      ),
      RUNS,
    );
  });

  it('replaceValue and replaceKey change one scalar and nothing else', () => {
    fc.assert(
      fc.property(withSidecar(fc.tuple(fc.nat(3), textArb)), ({ generated, value: [pick, name] }) => {
        fc.pre(generated.ids.length > 0);
        const id = generated.ids[pick % generated.ids.length];
        const document = parseDocument(generated.source, { keepSourceTokens: true });
        const entities = document.get('entities', true) as { get(key: string, keep: true): unknown };
        const body = entities.get(id, true) as {
          items: { key: { value: string; range: number[] }; value: { range: number[] } }[];
        };
        const namePair = body.items.find((pair) => pair.key.value === 'name')!;
        const typePair = body.items.find((pair) => pair.key.value === 'type')!;
        const before = toJs(generated.source);

        const valueEdits = replaceValue(generated.source, namePair.value.range[0], namePair.value.range[1], name);
        const keyEdits = replaceKey(generated.source, typePair.key.range[0], typePair.key.range[1], 'note');
        const edits = [...valueEdits, ...keyEdits];
        const output = applyKeeping(generated, edits);
        for (const edit of edits) {
          const replaced = generated.source.slice(edit.start, edit.end);
          assert.ok(replaced === 'type' || edit.start === namePair.value.range[0], `replaced ${replaced}`);
        }
        const expected = structuredClone(before)!;
        const entity = entitiesOf(expected)[id] as Json;
        entity.name = name;
        entity.note = entity.type;
        delete entity.type;
        assert.deepStrictEqual(toJs(output), expected);
        assert.equal(parseSidecar(output).sidecar.entityById.get(id)?.name?.text, name);
      }),
      RUNS,
    );
  });

  it('every comment of the input is in the output, whatever the edit', () => {
    /** The comments as the YAML lexer sees them: `#` inside block scalars and quotes is not one. */
    const commentsOf = (source: string): string[] => [...new Lexer().lex(source)].filter((t) => t.startsWith('#'));
    const count = (list: readonly string[], item: string): number => list.filter((x) => x === item).length;
    fc.assert(
      fc.property(withSidecar(fc.tuple(fc.nat(6), fc.nat(3), textArb)), ({ generated, value: [kind, pick, text] }) => {
        const source = generated.source;
        const json = toJs(source);
        const id = generated.ids[pick % Math.max(1, generated.ids.length)] ?? 'absent';
        const aliases = ((entitiesOf(json)[id] as Json | undefined)?.aliases as string[] | undefined) ?? [];
        const operations = [
          () => addQuoteEntry(source, { text, speaker: id }),
          () => addEntity(source, { id: 'new-id', type: 'person', name: text, aliases: [text] }),
          () => addAlias(source, id, text),
          () => removeAlias(source, id, aliases[pick % Math.max(1, aliases.length)] ?? text),
          () => renameEntity(source, id, 'renamed'),
          () => {
            const at = source.indexOf('name: ');
            return at < 0 ? [] : replaceValue(source, at + 'name: '.length, at + 'name: '.length, text);
          },
          () => {
            const at = source.indexOf('type');
            return at < 0 ? [] : replaceKey(source, at, at + 'type'.length, 'note');
          },
        ];
        const output = applyEdits(source, operations[kind]());
        toJs(output);
        const before = commentsOf(source);
        const after = commentsOf(output);
        for (const comment of new Set(before)) {
          assert.ok(count(after, comment) >= count(before, comment), `comment lost: ${comment}`);
        }
      }),
      RUNS,
    );
  });

  it('yamlScalar round-trips every string', () => {
    const anyText = fc.oneof(
      fc.constantFrom(...TRICKY, '', ' ', 'true', 'False', 'NULL', '-1', '+.5', '1e3', '0o17', '12:30', '? x', ': x'),
      fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const written = yamlScalar(text);
        assert.equal((parse(`k: ${written}`) as { k: unknown }).k, text, written);
        assert.equal((parse(`${written}: v`) as Record<string, unknown>)[text], 'v', written);
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });
});
