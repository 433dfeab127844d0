/**
 * What the "Annotate as …" picker offers for selected words (core/ide/picker.ts): the entity
 * the words name already, preselected so that Enter adds no duplicate, and the name a new
 * entity would get, without a possessive or genitive ending.
 */

import * as assert from 'node:assert/strict';
import { analyze, annotationChoices, type LanguageCode } from '../../server/src/core';

const SIDECAR = `version: 1
entities:
  putin: {type: person, name: Wladimir Putin}
  clinton: {type: person, name: Hillary Clinton, aliases: [Clinton]}
  tass: {type: organization, name: Tass}
`;

interface Case {
  name: string;
  language: LanguageCode;
  /** The article, with the selected words between ⟦ and ⟧. */
  article: string;
  type: 'person' | 'place' | 'organization' | 'document';
  expect: { name: string; existing?: { entity: string; how: 'mention' | 'surname' }; first?: string };
}

const CASES: Case[] = [
  {
    name: 'a surname of a person in the sidecar is preselected as their alias',
    language: 'de',
    article: 'Gestern sprach ⟦Putin⟧ in Moskau.',
    type: 'person',
    expect: { name: 'Putin', existing: { entity: 'putin', how: 'surname' }, first: 'putin' },
  },
  {
    name: 'a mention is there already: nothing to do',
    language: 'en',
    article: 'Yesterday ⟦Clinton⟧ spoke in Ohio.',
    type: 'person',
    expect: { name: 'Clinton', existing: { entity: 'clinton', how: 'mention' }, first: 'clinton' },
  },
  {
    name: 'a possessive is not part of a new name',
    language: 'en',
    article: 'It was ⟦Nadler’s⟧ plan.',
    type: 'person',
    expect: { name: 'Nadler' },
  },
  {
    name: 'an inflected mention is the entity, not a new one',
    language: 'en',
    article: 'It was ⟦Clinton’s⟧ plan.',
    type: 'person',
    expect: { name: 'Clinton', existing: { entity: 'clinton', how: 'mention' }, first: 'clinton' },
  },
  {
    name: 'a German genitive is stripped where the article has the name without it',
    language: 'de',
    article: 'Kern sagte das. ⟦Kerns⟧ Plan ist alt.',
    type: 'person',
    expect: { name: 'Kern' },
  },
  {
    name: 'a German name ending in s stays whole when the article never has it without',
    language: 'de',
    article: 'Das sagte ⟦Hans⟧ gestern.',
    type: 'person',
    expect: { name: 'Hans' },
  },
  {
    name: 'a surname is only matched among entities of the chosen type',
    language: 'de',
    article: 'Gestern sprach ⟦Putin⟧ in Moskau.',
    type: 'organization',
    expect: { name: 'Putin', first: 'tass' },
  },
];

describe('annotation picker choices', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const start = testCase.article.indexOf('⟦');
      const end = testCase.article.indexOf('⟧') - 1;
      const article = testCase.article.replace('⟦', '').replace('⟧', '');
      const analysis = analyze({ article, sidecar: `${SIDECAR}language: ${testCase.language}\n` });
      const choices = annotationChoices(analysis, { start, end }, testCase.type);
      assert.equal(choices.name, testCase.expect.name);
      assert.deepEqual(choices.existing, testCase.expect.existing);
      if (testCase.expect.first) assert.equal(choices.sameType[0]?.id, testCase.expect.first);
      // Only entities of the chosen type, besides the one the words name.
      for (const entity of choices.sameType) {
        assert.ok(entity.type === testCase.type || entity.id === choices.existing?.entity, entity.id);
      }
    });
  }
});
