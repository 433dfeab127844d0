/**
 * Completion in the sidecar: fixtures mark the cursor with `$0` and list the labels expected.
 */

import * as assert from 'node:assert/strict';
import { analyze, sidecarCompletions } from '../../server/src/core';
import { parseMarkup } from '../support/markup';

const ENTITIES =
  'entities:\n  putin: {type: person, name: Wladimir Putin}\n  tass: {type: organization, name: Tass}\n  moskau: {type: place, name: Moskau}\n  forum: {type: event, name: Forum}\n';

interface CompletionCase {
  name: string;
  sidecar: string;
  labels: string[];
}

const cases: CompletionCase[] = [
  {
    name: 'top-level keys in an empty file',
    sidecar: '$0',
    labels: ['version', 'language', 'article', 'meta', 'entities', 'quotes'],
  },
  {
    name: 'entity keys under an id',
    sidecar: 'version: 1\nentities:\n  putin:\n    type: person\n    $0',
    labels: [
      'type',
      'name',
      'aliases',
      'description',
      'wikidata',
      'links',
      'coordinates',
      'caseSensitive',
      'note',
      'attributes',
    ],
  },
  {
    name: 'quote keys after the dash',
    sidecar: `${ENTITIES}quotes:\n  - $0`,
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
  },
  {
    name: 'quote keys under an entry',
    sidecar: `${ENTITIES}quotes:\n  - text: Wir kommen morgen\n    $0`,
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
  },
  {
    name: 'entity ids after speaker, people first and places last',
    sidecar: `${ENTITIES}quotes:\n  - text: Wir kommen morgen\n    speaker: $0`,
    labels: ['putin', 'tass', 'forum', 'moskau'],
  },
  {
    name: 'entity ids after via',
    sidecar: `${ENTITIES}quotes:\n  - {text: a b c, via: ta$0`,
    labels: ['putin', 'tass', 'forum', 'moskau'],
  },
  {
    name: 'types, with the custom ones in use',
    sidecar: `${ENTITIES}  new-one:\n    type: $0`,
    labels: ['person', 'place', 'organization', 'document', 'event'],
  },
  {
    name: 'types in flow style',
    sidecar: 'entities:\n  x: {type: $0',
    labels: ['person', 'place', 'organization', 'document'],
  },
  { name: 'nothing inside a value', sidecar: 'entities:\n  x:\n    name: Wla$0', labels: [] },
  { name: 'nothing at an entity id position', sidecar: 'entities:\n  $0', labels: [] },
];

function check(testCase: CompletionCase): void {
  const markup = parseMarkup(testCase.sidecar);
  const analysis = analyze({ article: undefined, sidecar: markup.text });
  const items = sidecarCompletions(markup.text, markup.cursor, analysis);
  assert.deepEqual(
    items.map((item) => item.label),
    testCase.labels,
  );
  for (const item of items)
    assert.ok(item.kind === 'entity' || item.documentation.length > 0, `${item.label} has documentation`);
}

describe('sidecarCompletions', () => {
  for (const testCase of cases) it(testCase.name, () => check(testCase));
});
