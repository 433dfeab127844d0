/**
 * "Annotate Selection as Quote" in the engine: selected words without quotation marks become a
 * quote entry that lands on exactly that passage (with `occurrence` where the same words come
 * earlier), or a reason why not.
 */

import * as assert from 'node:assert/strict';
import { analyze, applyEdits, declaredQuoteEdits, type Analysis } from '../../server/src/core';

const SIDECAR = `# Tax story.
version: 1
language: de
entities:
  kern: {type: person, name: Anna Kern, aliases: [Kern]}
quotes: []
`;

const ARTICLE =
  'Am Montag hieß es, die Regierung werde die Steuern senken. Kern wiederholte am Dienstag, ' +
  'die Regierung werde die Steuern senken. Der „Plan für alle“ kommt später.\n';

function declare(article: string, words: string, nth: number, speaker?: string) {
  let start = -1;
  for (let i = 0; i < nth; i++) start = article.indexOf(words, start + 1);
  const analysis = analyze({ article, sidecar: SIDECAR });
  const reanalyse = (sidecar: string): Analysis => analyze({ article, sidecar });
  const result = declaredQuoteEdits(
    SIDECAR,
    analysis,
    { start, end: start + words.length },
    speaker ? { speaker } : { anonymous: '' },
    reanalyse,
  );
  return { result, start };
}

describe('declared quotes (Annotate Selection as Quote)', () => {
  it('the words said a second time get occurrence 2 and land on the selection, comments kept', () => {
    const words = 'die Regierung werde die Steuern senken';
    const { result, start } = declare(ARTICLE, words, 2, 'kern');
    assert.ok('edits' in result, 'reason' in result ? result.reason : '');
    const sidecar = applyEdits(SIDECAR, result.edits);
    assert.match(sidecar, /^# Tax story\./u);
    assert.match(sidecar, /occurrence: 2/u);
    const quote = analyze({ article: ARTICLE, sidecar }).quotes.find((q) => q.speaker === 'kern');
    assert.equal(quote?.content.start, start);
  });

  it('the first time needs no occurrence, and an anonymous source is written as one', () => {
    const { result } = declare(ARTICLE, 'die Regierung werde die Steuern senken', 1);
    assert.ok('edits' in result);
    const sidecar = applyEdits(SIDECAR, result.edits);
    assert.doesNotMatch(sidecar, /occurrence/u);
    assert.match(sidecar, /anonymous: ""|anonymous: ''/u);
  });

  it('refuses words in quotation marks and too few words, with a reason', () => {
    const inQuote = declare(ARTICLE, 'Plan für alle', 1, 'kern').result;
    assert.ok('reason' in inQuote && /quotation marks already/u.test(inQuote.reason));
    const short = declare(ARTICLE, 'Steuern senken', 1, 'kern').result;
    assert.ok('reason' in short && /at least/u.test(short.reason));
  });

  it('a passage declared by its opening words runs to its sentence end, but not into the next passage or quote', () => {
    const article =
      'Kern sagte, wir gehen bald und bleiben lange. Kern sagte, wir gehen heute und nannten das „einen Erfolg“ dort.\n';
    const sidecar = `${SIDECAR.replace('quotes: []', 'quotes:')}  - {text: wir gehen bald, speaker: kern}\n  - {text: bald und bleiben, speaker: kern}\n  - {text: wir gehen heute, speaker: kern}\n`;
    const analysis = analyze({ article, sidecar });
    assert.deepEqual(
      analysis.quotes.map((quote) => article.slice(quote.outer.start, quote.outer.end)),
      ['wir gehen bald', 'bald und bleiben lange.', 'wir gehen heute und nannten das', '„einen Erfolg“'],
    );
  });
});
