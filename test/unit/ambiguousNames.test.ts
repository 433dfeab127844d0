/**
 * Short names inside longer ones: a person's alias that matches inside a longer capitalised
 * name ("Obama" in "Michelle Obama") gives no mention and an `ambiguous-name` diagnostic on the
 * longer name; titles, words that start a sentence and the entity's own names do not.
 */

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';

const SIDECAR = (language: string): string => `version: 1
language: ${language}
entities:
  barack-obama:
    type: person
    name: Barack Obama
    aliases: [Obama]
  hillary-clinton:
    type: person
    name: Hillary Clinton
    aliases: [Clinton]
  kim-jong-un:
    type: person
    name: Kim Jong Un
    aliases: [Kim]
  merkel:
    type: person
    name: Angela Merkel
    aliases: [Merkel]
  putin:
    type: person
    name: Wladimir Wladimirowitsch Putin
    aliases: [Putin]
  york:
    type: place
    name: York
`;

interface Case {
  language: 'de' | 'en';
  article: string;
  /** The mentions kept, as `text:entity`. */
  mentions: string[];
  /** The longer names reported. */
  ambiguous: string[];
}

const CASES: Case[] = [
  // Another person.
  { language: 'en', article: 'Michelle Obama spoke.', mentions: [], ambiguous: ['Michelle Obama'] },
  { language: 'en', article: 'Then Michelle Obama spoke.', mentions: [], ambiguous: ['Michelle Obama'] },
  { language: 'en', article: 'First Lady Michelle Obama', mentions: [], ambiguous: ['Michelle Obama'] },
  { language: 'en', article: "Bill Clinton's wife", mentions: [], ambiguous: ['Bill Clinton'] },
  { language: 'en', article: 'Kim Yo Jong said', mentions: [], ambiguous: ['Kim Yo Jong'] },
  { language: 'de', article: 'sagte Michelle Obama', mentions: [], ambiguous: ['Michelle Obama'] },
  { language: 'de', article: 'Kim Yo Jong sagte', mentions: [], ambiguous: ['Kim Yo Jong'] },
  // The same person.
  { language: 'en', article: 'Obama said.', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'en', article: "Obama's plan", mentions: ["Obama's:barack-obama"], ambiguous: [] },
  { language: 'en', article: 'President Obama spoke.', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'en', article: 'U.S. President Obama said.', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'en', article: 'Sen. Clinton', mentions: ['Clinton:hillary-clinton'], ambiguous: [] },
  { language: 'en', article: 'Even Obama agreed.', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'en', article: 'Barack H. Obama', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'en', article: 'Kim Jong-un said', mentions: ['Kim:kim-jong-un'], ambiguous: [] },
  { language: 'en', article: "Inside Harper's campaign, Obama", mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'de', article: 'Präsident Obama sagte', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'de', article: 'Kanzlerin Merkel sagte', mentions: ['Merkel:merkel'], ambiguous: [] },
  { language: 'de', article: 'Bundeskanzlerin Merkel', mentions: ['Merkel:merkel'], ambiguous: [] },
  { language: 'de', article: 'US-Präsident Obama', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'de', article: 'Auch Obama sagte', mentions: ['Obama:barack-obama'], ambiguous: [] },
  { language: 'de', article: 'Laut Merkel ist', mentions: ['Merkel:merkel'], ambiguous: [] },
  { language: 'de', article: 'der Machthaber Kim', mentions: ['Kim:kim-jong-un'], ambiguous: [] },
  { language: 'de', article: 'SPD Merkel', mentions: ['Merkel:merkel'], ambiguous: [] },
  // A word of the entity's own name.
  { language: 'de', article: 'Wladimir Putin sagte', mentions: ['Putin:putin'], ambiguous: [] },
  // A German genitive after a noun; an object after a name.
  { language: 'de', article: 'ein Sprecher Putins', mentions: ['Putins:putin'], ambiguous: [] },
  { language: 'de', article: 'dass Kim Raketen testen ließ', mentions: ['Kim:kim-jong-un'], ambiguous: [] },
  // Another entity's mention next to it; a place is not checked.
  {
    language: 'en',
    article: 'Angela Merkel Obama',
    mentions: ['Angela Merkel:merkel', 'Obama:barack-obama'],
    ambiguous: [],
  },
  { language: 'en', article: 'New York', mentions: ['York:york'], ambiguous: [] },
];

describe('ambiguous short names', () => {
  for (const c of CASES) {
    it(`${c.language}: ${c.article}`, () => {
      const analysis = analyze({ article: c.article, sidecar: SIDECAR(c.language) });
      assert.deepEqual(
        analysis.mentions.map((mention) => `${mention.text}:${mention.entity}`),
        c.mentions,
      );
      const reported = analysis.articleDiagnostics.filter((d) => d.code === 'ambiguous-name');
      assert.deepEqual(
        reported.map((d) => c.article.slice(d.span.start, d.span.end)),
        c.ambiguous,
      );
      for (const diagnostic of reported) assert.equal(diagnostic.severity, 'information');
    });
  }

  it('the mention is not counted, and the message names the entity and the form', () => {
    const analysis = analyze({ article: 'Obama und Michelle Obama lachten.', sidecar: SIDECAR('de') });
    assert.equal(analysis.entityStats.get('barack-obama')?.mentions, 1);
    const [diagnostic] = analysis.articleDiagnostics.filter((d) => d.code === 'ambiguous-name');
    assert.equal(
      diagnostic.message,
      "'Michelle Obama' is not counted as Barack Obama: 'Obama' is part of a longer name that is not one of theirs. Create the person, or add the name as an alias.",
    );
    assert.deepEqual(diagnostic.data, { entity: 'barack-obama', name: 'Michelle Obama', form: 'Obama' });
  });
});
