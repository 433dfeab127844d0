/**
 * The whole analysis of an article with its sidecar: speech or term, attribution through quote
 * entries, speaker cues and suggestions, and the diagnostics in both files.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, CONFIDENT } from '../../server/src/core';
import { ANALYSIS_CASES, sidecarOf, type AnalysisCase } from '../support/analysisCases';

function check(testCase: AnalysisCase): void {
  const analysis = analyze({ article: testCase.article, sidecar: sidecarOf(testCase) });
  const quotes = analysis.quotes.filter((quote) => quote.depth === 0);
  const actual = quotes.map((quote, i) => {
    const expected = testCase.expect[i] ?? { text: '', kind: 'term' };
    return {
      text: quote.text.startsWith(expected.text) ? expected.text : quote.text,
      kind: quote.kind,
      ...('suggested' in expected ? { suggested: quote.suggestion.entity } : {}),
      ...('cue' in expected ? { cue: quote.suggestion.cue?.text ?? null } : {}),
      ...('speaker' in expected ? { speaker: quote.speaker } : {}),
      ...('confident' in expected ? { confident: quote.suggestion.confidence >= CONFIDENT } : {}),
    };
  });
  const explanation = quotes.map((q) => `${q.kindReason}; ${q.suggestion.reason}`).join('\n');
  assert.deepEqual(actual, testCase.expect, explanation);
  if (testCase.articleCodes) {
    assert.deepEqual(
      analysis.articleDiagnostics.map((d) => d.code),
      testCase.articleCodes,
    );
  }
  if (testCase.sidecarCodes) {
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code).filter((code) => code !== 'unused-alias'),
      testCase.sidecarCodes,
      analysis.sidecarDiagnostics.map((d) => d.message).join('\n'),
    );
  }
}

describe('analyze', () => {
  for (const testCase of ANALYSIS_CASES) it(`${testCase.language}: ${testCase.name}`, () => check(testCase));

  it('leaves the closest passage of a quote that is not found to be asked for', () => {
    const analysis = analyze({
      article: '„Wir kommen morgen früh an“, sagte Putin.',
      sidecar:
        'version: 1\nentities:\n  putin: {type: person, name: Putin}\nquotes:\n  - {text: Wir komen morgen frü, speaker: putin}\n',
    });
    const diagnostic = analysis.sidecarDiagnostics.find((d) => d.code === 'quote-not-found')!;
    assert.equal(diagnostic.message, "No quote or passage in the article reads 'Wir komen morgen frü'.");
    assert.deepEqual(diagnostic.data, {});
    // closestPassage.test.ts finds it.
  });

  it('finds an entry outside quotation marks wherever folding makes its words match', () => {
    const sidecar = (text: string): string =>
      `version: 1\nquotes:\n  - {text: ${JSON.stringify(text)}, anonymous: x}\n`;
    const declared = (article: string, text: string) => {
      const analysis = analyze({ article, sidecar: sidecar(text), settings: { language: 'de' } });
      const passage = analysis.entryMatches[0].passage;
      return passage ? article.slice(passage.start, passage.end) : analysis.entryMatches[0].status;
    };
    // White space and apostrophes fold alike; a soft hyphen inside a word is dropped.
    assert.equal(
      declared('Er meinte, man\u00a0werde   das l’Etat nennen.', "man werde das l'Etat"),
      'man\u00a0werde   das l’Etat',
    );
    assert.equal(
      declared('Er meinte, man wer\u00adde das nennen.', 'man werde das nennen'),
      'man wer\u00adde das nennen',
    );
    // Words that are there, but not in this order, or one that is nowhere.
    assert.equal(declared('Er meinte, das werde man nennen.', 'man werde das nennen'), 'not-found');
    assert.equal(declared('Er meinte, man werde das nennen.', 'man wérde das nennen'), 'not-found');
  });

  it('entries with the same words: each picks its quote by occurrence, and the closest quote opens with them', () => {
    const analysis = analyze({
      article:
        '„Wir haben nichts zu verbergen“, sagte Anna. „Wir haben nichts gesehen“, sagte Bert. „Wir haben nichts gehört“, so Anna.\n',
      sidecar: [
        'version: 1',
        'language: de',
        'entities:',
        '  anna: {type: person, name: Anna}',
        '  bert: {type: person, name: Bert}',
        'quotes:',
        '  - {text: Wir haben nichts, occurrence: 3, speaker: anna}',
        '  - {text: Wir haben nichts, occurrence: 2, speaker: bert}',
        '  - {text: Wir haben nichts, speaker: anna}',
        '  - {text: Wir haben nichts, occurrence: 4, speaker: bert}',
        '  - {text: Wir haben, speaker: bert}',
        // Ends inside a word: the first quote that opens with it, even so, is the closest.
        '  - {text: Wir haben nichts ge, speaker: bert}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(analysis.entryMatches, [
      { entry: 0, status: 'matched', quote: 2, candidates: 3 },
      { entry: 1, status: 'matched', quote: 1, candidates: 3 },
      { entry: 2, status: 'ambiguous', quote: 0, candidates: 3 },
      { entry: 3, status: 'not-found', quote: -1, candidates: 3 },
      { entry: 4, status: 'not-found', quote: -1, candidates: 0, tooShort: true, closest: { start: 1, end: 30 } },
      { entry: 5, status: 'not-found', quote: -1, candidates: 0, tooShort: true, closest: { start: 46, end: 70 } },
    ]);
    assert.deepEqual(
      analysis.quotes.map((quote) => quote.speaker),
      ['anna', 'bert', 'anna'],
    );
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code),
      ['ambiguous-quote', 'quote-not-found', 'quote-not-found', 'quote-not-found'],
    );
  });

  it('gives the unattributed-quote data the command line and quick fixes need', () => {
    const article = '„Wir kommen morgen früh an“, sagte Putin.';
    const analysis = analyze({
      article,
      sidecar: 'version: 1\nlanguage: de\nentities:\n  putin: {type: person, name: Wladimir Putin, aliases: [Putin]}\n',
    });
    const [diagnostic] = analysis.articleDiagnostics;
    assert.equal(diagnostic.code, 'unattributed-quote');
    assert.match(diagnostic.message, /Suggested speaker: Wladimir Putin/u);
    assert.deepEqual(diagnostic.data, {
      quote: { start: 1, end: 26, text: 'Wir kommen morgen früh an' },
      suggestedSpeaker: 'putin',
      speakerCue: { start: 35, end: 40, text: 'Putin' },
      confidence: 0.9,
    });
  });

  it('counts mentions and quotes per entity and reports unused aliases', () => {
    const analysis = analyze({
      article: 'Putin traf Peskow. „Wir kommen morgen früh an“, sagte Putin.',
      sidecar:
        'version: 1\nentities:\n  putin: {type: person, name: Putin, aliases: [Staatschef]}\n  peskow: {type: person, name: Peskow}\nquotes:\n  - {text: Wir kommen morgen, speaker: putin}\n',
    });
    assert.equal(analysis.entityStats.get('putin')!.mentions, 2);
    assert.deepEqual(analysis.entityStats.get('putin')!.quotes, [0]);
    assert.equal(analysis.entityStats.get('peskow')!.mentions, 1);
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code),
      ['unused-alias'],
    );
  });

  it('chooses the language: sidecar, then settings, then a guess', () => {
    const german = 'Der Präsident sagte, dass die Region für das Land wichtig ist und nicht vergessen wird.';
    assert.equal(analyze({ article: german, sidecar: 'language: fr' }).languageSource, 'sidecar');
    assert.equal(analyze({ article: german, sidecar: '', settings: { language: 'en' } }).language, 'en');
    assert.equal(analyze({ article: german, sidecar: '' }).language, 'de');
    assert.equal(analyze({ article: german, sidecar: '', language: 'fr' }).language, 'fr');
  });

  it('refuses an article over the size limit with one diagnostic', () => {
    const analysis = analyze({ article: 'x'.repeat(2000), sidecar: '', settings: { maxFileSize: 1000 } });
    assert.equal(analysis.articleAnalysed, false);
    assert.deepEqual(
      analysis.articleDiagnostics.map((d) => d.code),
      ['file-too-large'],
    );
  });

  it('turns off unattributed-quote diagnostics with the setting', () => {
    const analysis = analyze({
      article: '„Wir kommen morgen früh an“, sagte Putin.',
      sidecar: '',
      settings: { unattributedSeverity: 'off' },
    });
    assert.deepEqual(analysis.articleDiagnostics, []);
  });

  it('makes short quotes terms with speechMinWords', () => {
    const analysis = analyze({
      article: '„Nein“, sagte Putin.',
      sidecar: '',
      settings: { speechMinWords: 2 },
    });
    assert.equal(analysis.quotes[0].kind, 'term');
  });

  it('analyses a sidecar without an article', () => {
    const analysis = analyze({ article: undefined, sidecar: 'version: 1\nentities:\n  x: {type: person}\n' });
    assert.equal(analysis.articleAnalysed, false);
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code),
      ['schema'],
    );
  });

  it('attributes by opening words exactly the quotes that begin with them', () => {
    // Few words, so that many quotes begin alike and entries fit several quotes, and up to two
    // dozen of them, so that openings run past every length the index hashes; the attributed
    // quote must be the first that begins with the entry's words at a word boundary.
    const word = fc.constantFrom('Wir', 'sind', 'da', 'Da', 'sind,', 'Wirsing');
    const quote = fc.array(word, { minLength: 1, maxLength: 24 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(quote, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        (texts, picks) => {
          const article = texts.map((text) => `Er sagte: „${text}“`).join('\n\n');
          const entries = picks.map(([q, n]) => {
            const words = texts[q % texts.length].split(' ');
            return words.slice(0, 1 + (n % words.length)).join(' ');
          });
          const sidecar = `quotes:\n${entries.map((text) => `  - text: ${JSON.stringify(text)}\n    anonymous: x`).join('\n')}\n`;
          const analysis = analyze({ article, sidecar, settings: { language: 'de' } });
          entries.forEach((text, e) => {
            const fits = texts.flatMap((quoteText, q) => {
              if (!quoteText.startsWith(text)) return [];
              const whole = quoteText.length === text.length;
              if (!whole && /[\p{L}]/u.test(quoteText[text.length])) return [];
              return whole || text.split(' ').length >= 3 ? [q] : [];
            });
            const match = analysis.entryMatches[e];
            if (fits.length === 0 || match.status === 'duplicate') return;
            assert.equal(match.quote, fits[0], `entry '${text}' in ${JSON.stringify(texts)}`);
            assert.equal(match.candidates, fits.length);
          });
        },
      ),
      { seed: 17, numRuns: 500 },
    );
  });
});
