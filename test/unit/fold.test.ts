/**
 * Folded text keeps the original offset of every folded unit as segments. For any text (emoji,
 * CRLF, BOM, soft hyphens, runs of white space), the offsets must be exactly those of the
 * units folding kept, and `foldedIndexAt` must invert them.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DROPPED_UNITS, FoldedText, foldPattern, foldRange, foldTable, SKIP } from '../../server/src/core/text/fold';

/** What folding does with one unit: keep it as itself or another unit, make it a space, or drop it. */
function foldClass(unit: string): 'space' | 'dropped' | 'kept' {
  // Between two letters a space survives folding, and a dropped unit leaves them adjacent.
  const between = foldPattern(`a${unit}b`, false);
  if (between === 'a b') return 'space';
  if (between === 'ab') return 'dropped';
  return 'kept';
}

const unit = fc.constantFrom(
  'a',
  'Z',
  'ä',
  '’',
  '–',
  ' ',
  '  ',
  '\t',
  '\r\n',
  '\n',
  '\u00a0',
  '\u202f',
  '\u00ad',
  '\u200b',
  '\ufeff',
  '🙂',
  '\ud83d',
  'e\u0301',
);

describe('FoldedText offsets', function () {
  it('keep the original offset of every folded unit, and find units by original offset', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.boolean(), (pieces, ignoreCase) => {
        const text = pieces.join('');
        const folded = FoldedText.of(text, ignoreCase);
        assert.equal(folded.originOf(folded.length), text.length);
        let previous = -1;
        let previousUnit = -1;
        for (let k = 0; k <= folded.length; k++) {
          const origin = folded.originOf(k);
          assert.ok(origin > previous, `offsets increase at ${k}`);
          // Every unit skipped between two kept ones was dropped: an invisible one, or white
          // space after white space that folding kept.
          for (let j = previous + 1; j < origin; j++) {
            const skipped = foldClass(text[j]);
            assert.ok(
              skipped === 'dropped' || (skipped === 'space' && previousUnit === 32),
              `unit ${j} (${text.charCodeAt(j).toString(16)}) was dropped`,
            );
          }
          if (k < folded.length) {
            const kept = foldClass(text[origin]);
            assert.notEqual(kept, 'dropped');
            if (kept === 'space') assert.equal(folded.units[k], 32);
            else assert.equal(folded.units[k], foldPattern(text[origin], ignoreCase).charCodeAt(0));
            previousUnit = folded.units[k];
          }
          previous = origin;
        }
        // The first folded unit at or after each original offset, against a scan.
        for (let offset = 0; offset <= text.length; offset++) {
          let expected = 0;
          while (expected < folded.length && folded.originOf(expected) < offset) expected++;
          assert.equal(folded.foldedIndexAt(offset), expected, `offset ${offset}`);
        }
        // Looked up again backwards, where the remembered segment does not help.
        for (let k = folded.length; k >= 0; k--) assert.equal(folded.foldedIndexAt(folded.originOf(k)), k);
      }),
      { seed: 17, numRuns: 3000 },
    );
  });

  it('reads back the same offsets however the lookups jump', () => {
    const text = 'Der  Satz\r\n\r\nmit\u00ad Trennung \ufeff und 🙂  Ende.  '.repeat(50);
    const folded = FoldedText.of(text, false);
    const inOrder = Array.from({ length: folded.length + 1 }, (_, k) => folded.originOf(k));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: folded.length }), { maxLength: 200 }), (ks) => {
        for (const k of ks) assert.equal(folded.originOf(k), inOrder[k]);
      }),
      { seed: 19, numRuns: 200 },
    );
  });

  it('folds any range of a text as folding the whole text does, up to a limit', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.nat(), fc.nat(), fc.nat({ max: 50 }), (pieces, a, b, limit) => {
        const text = pieces.join('');
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const folded = FoldedText.of(text, false);
        const expected = [...folded.units.subarray(folded.foldedIndexAt(start), folded.foldedIndexAt(end))];
        // Into a larger array, which it must not write beyond the limit.
        const out = new Uint16Array(limit + 3).fill(7);
        const count = foldRange(text, start, end, out, limit);
        assert.deepEqual([...out.subarray(0, count)], expected.slice(0, limit));
        assert.deepEqual([...out.subarray(count)], new Array(limit + 3 - count).fill(7));
      }),
      { seed: 23, numRuns: 3000 },
    );
  });

  it('folds on from where it stopped as folding in one go does', () => {
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }),
        fc.nat(),
        fc.nat({ max: 50 }),
        fc.nat({ max: 50 }),
        (pieces, a, first, more) => {
          const text = pieces.join('');
          const start = a % (text.length + 1);
          const limit = first + more;
          const whole = new Uint16Array(limit);
          const wholeCount = foldRange(text, start, text.length, whole, limit);
          const parts = new Uint16Array(limit);
          const cursor = { at: -1 };
          const firstCount = foldRange(text, start, text.length, parts, first, 0, cursor);
          const count = foldRange(text, cursor.at, text.length, parts, limit, firstCount, cursor);
          assert.equal(count, wholeCount);
          assert.deepEqual([...parts.subarray(0, count)], [...whole.subarray(0, wholeCount)]);
        },
      ),
      { seed: 29, numRuns: 3000 },
    );
  });
});

describe('dropped units', function () {
  it('DROPPED_UNITS names exactly the units folding drops', () => {
    const table = foldTable(false);
    const named: number[] = [];
    const dropped: number[] = [];
    for (let c = 0; c < 65536; c++) {
      if (DROPPED_UNITS.test(String.fromCharCode(c))) named.push(c);
      if (table[c] === SKIP) dropped.push(c);
    }
    assert.deepEqual(named, dropped);
  });
});
