/**
 * The passage closest to a quote entry that matches nothing, looked for on demand (the hover,
 * the re-anchoring quick fix, the command line's report) rather than by every analysis: on the
 * fixtures it is the passage the analysis used to name, and the command line's message still
 * names it.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  analyze,
  closestPassage,
  entryOfDiagnostic,
  nameClosestPassages,
  type Analysis,
  type CoreDiagnostic,
} from '../../server/src/core';
import { editDistance, OpeningDistance } from '../../server/src/core/text/similarity';
import { sidecarHover } from '../../server/src/features/hover';
import { ANALYSIS_CASES, sidecarOf } from '../support/analysisCases';

const SAMPLES = path.resolve(__dirname, '../../../samples');

function analysisCase(name: string): { article: string; sidecar: string } {
  const found = ANALYSIS_CASES.find((testCase) => testCase.name === name);
  if (!found) throw new Error(`Fixture error: no analysis case '${name}'.`);
  return { article: found.article, sidecar: sidecarOf(found) };
}

function kimWithTypo(): { article: string; sidecar: string } {
  const sidecar = fs.readFileSync(path.join(SAMPLES, 'kim-putin.ann.yaml'), 'utf8');
  const search = '  - text: muss nicht nur über die Erschließung\n';
  if (!sidecar.includes(search)) throw new Error(`Fixture error: '${search}' is not in the sample.`);
  return {
    article: fs.readFileSync(path.join(SAMPLES, 'kim-putin.txt'), 'utf8'),
    sidecar: sidecar.replace(search, '  - text: muss nicht nur über die Erschliessung\n'),
  };
}

interface Expected {
  name: string;
  input: () => { article: string; sidecar: string };
  /** The entry's message as the analysis gives it, without the closest passage. */
  message: string;
  /** The closest passage and the message the analysis gave before it stopped looking for it. */
  closest: { start: number; end: number; text: string };
  named: string;
}

const FIXTURES: Expected[] = [
  {
    name: 'a typo in an entry',
    input: () => analysisCase('quote not found names the closest passage'),
    message: "No quote or passage in the article reads 'Wir komen morgen frü'.",
    closest: { start: 1, end: 23, text: 'Wir kommen morgen früh' },
    named: "No quote or passage in the article reads 'Wir komen morgen frü'. Closest: 'Wir kommen morgen früh'.",
  },
  {
    name: 'an entry too short to identify the quote it opens',
    input: () => analysisCase('too few words to identify a quote'),
    message: "'Wir kommen' is too short to identify a quote: give at least 3 words, or the whole quote.",
    closest: { start: 1, end: 26, text: 'Wir kommen morgen früh an' },
    named: "'Wir kommen' is too short to identify a quote: give at least 3 words, or the whole quote.",
  },
  {
    name: 'a sample with a respelt word',
    input: kimWithTypo,
    message: "No quote or passage in the article reads 'muss nicht nur über die Erschliessung'.",
    closest: { start: 2721, end: 2761, text: 'muss nicht nur über die Erschließung von' },
    named:
      "No quote or passage in the article reads 'muss nicht nur über die Erschliessung'. Closest: 'muss nicht nur über die Erschließung von'.",
  },
  {
    name: 'a passage outside quotation marks that begins with an emoji',
    input: () => ({
      article: '😀he Merkel hat das gesagt, wirklich.',
      sidecar: 'version: 1\nquotes:\n  - text: Xhe Merkel hat das gesagt\n    anonymous: x\n',
    }),
    message: "No quote or passage in the article reads 'Xhe Merkel hat das gesagt'.",
    closest: { start: 0, end: 26, text: '😀he Merkel hat das gesagt' },
    named:
      "No quote or passage in the article reads 'Xhe Merkel hat das gesagt'. Closest: '😀he Merkel hat das gesagt'.",
  },
  {
    name: 'a passage outside quotation marks that ends with an emoji',
    input: () => ({
      article: 'Sie schrieb Wir schaffen das schon irgendwie😀. Dann ging sie.',
      sidecar: 'version: 1\nquotes:\n  - text: Wir schaffen das schon irgendwie😁\n    anonymous: x\n',
    }),
    message: "No quote or passage in the article reads 'Wir schaffen das schon irgendwie😁'.",
    closest: { start: 12, end: 46, text: 'Wir schaffen das schon irgendwie😀' },
    named:
      "No quote or passage in the article reads 'Wir schaffen das schon irgendwie😁'. Closest: 'Wir schaffen das schon irgendwie😀'.",
  },
];

function notFound(analysis: Analysis): CoreDiagnostic {
  const found = analysis.sidecarDiagnostics.filter((d) => d.code === 'quote-not-found');
  assert.equal(found.length, 1, analysis.sidecarDiagnostics.map((d) => d.message).join('\n'));
  return found[0];
}

describe('closest passages', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.name}: found on demand, named in the command line's message`, () => {
      const analysis = analyze(fixture.input());
      const diagnostic = notFound(analysis);
      assert.equal(diagnostic.message, fixture.message);
      const entry = entryOfDiagnostic(analysis, diagnostic);
      assert.ok(entry >= 0);
      const span = closestPassage(analysis, entry);
      assert.deepEqual(span && { ...span, text: analysis.article.slice(span.start, span.end) }, fixture.closest);
      const [named] = nameClosestPassages(analysis, [diagnostic]);
      assert.equal(named.message, fixture.named);
      assert.deepEqual(named.data, { closest: fixture.closest });
    });
  }

  it('the hover on an unmatched entry shows the closest passage, or says that none comes close', () => {
    const input = analysisCase('quote not found names the closest passage');
    const analysis = analyze(input);
    const at = input.sidecar.indexOf('Wir komen');
    const hover = sidecarHover(analysis, at + 2);
    assert.equal(hover?.markdown, 'The closest passage, on line 1:\n\n“Wir kommen morgen früh”');
    assert.deepEqual(hover?.span, notFound(analysis).span);
    const far = analyze({ ...input, sidecar: input.sidecar.replace('Wir komen morgen frü', 'Völlig andere Worte') });
    assert.equal(sidecarHover(far, at + 2)?.markdown, 'No quote or passage in the article comes close to these words.');
  });

  it('none for an entry that matches, nor for words that nothing comes close to', () => {
    const analysis = analyze({
      article: '„Wir kommen morgen früh an“, sagte Putin.',
      sidecar:
        'version: 1\nquotes:\n  - {text: Wir kommen morgen früh, anonymous: x}\n  - {text: Völlig andere Worte hier, anonymous: x}\n',
    });
    assert.equal(analysis.entryMatches[0].status, 'matched');
    assert.equal(closestPassage(analysis, 0), undefined);
    assert.equal(analysis.entryMatches[1].status, 'not-found');
    assert.equal(closestPassage(analysis, 1), undefined);
    assert.equal(closestPassage(analysis, 7), undefined);
    const [named] = nameClosestPassages(analysis, [notFound(analysis)]);
    assert.equal(named.message, "No quote or passage in the article reads 'Völlig andere Worte hier'.");
  });

  it('the command line names passages in entry order, leaving other diagnostics as they are', () => {
    const analysis = analyze({
      article: '„Wir kommen morgen früh an“, sagte Putin. „Das war ein langer Tag“, sagte er.',
      sidecar:
        'version: 1\nentities:\n  putin: {type: person, name: Putin, aliases: [Wladimir]}\nquotes:\n' +
        '  - {text: Das war ein langr Tag, speaker: putin}\n  - {text: Wir komen morgen, speaker: putin}\n',
    });
    const named = nameClosestPassages(analysis, analysis.sidecarDiagnostics);
    assert.deepEqual(
      named.map((d) => d.message),
      [
        "The alias 'Wladimir' of 'putin' is never mentioned in the article.",
        "No quote or passage in the article reads 'Das war ein langr Tag'. Closest: 'Das war ein langer Tag'.",
        "No quote or passage in the article reads 'Wir komen morgen'. Closest: 'Wir kommen morgen'.",
      ],
    );
    assert.equal(named[0], analysis.sidecarDiagnostics[0]);
  });
});

describe('OpeningDistance', () => {
  it('gives the smaller of the two distances editDistance gives, capped past the limit', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ab', ' '), maxLength: 14 });
    fc.assert(
      fc.property(text, text, fc.nat(6), fc.nat(20), (pattern, opening, limit, cut) => {
        fc.pre(pattern.length > 0);
        const units = Uint16Array.from(opening, (c) => c.charCodeAt(0));
        const prefix = Math.min(opening.length, cut);
        const capped = (d: number): number => Math.min(d, limit + 1);
        const expected = Math.min(
          capped(editDistance(pattern, opening.slice(0, prefix), limit)),
          capped(editDistance(pattern, opening, limit)),
        );
        assert.equal(new OpeningDistance(pattern, limit).toOpening(units, units.length, prefix), expected);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('reuses its rows for openings of any length', () => {
    const distances = new OpeningDistance('Wir kommen', 4);
    const units = (text: string): Uint16Array => Uint16Array.from(text, (c) => c.charCodeAt(0));
    assert.equal(distances.toOpening(units('Wir komen'), 9, 9), 1);
    assert.equal(distances.toOpening(units('Wir kommen morgen früh'), 22, 10), 0);
    assert.equal(distances.toOpening(units('Wri'), 3, 3), 5);
    assert.equal(distances.toOpening(units(''), 0, 0), 5);
  });
});
