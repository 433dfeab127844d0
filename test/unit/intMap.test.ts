/**
 * The integer map against JavaScript's own `Map`: any sequence of sets and gets, with keys
 * drawn so that they collide (few distinct ones, equal low bits, negative numbers, the
 * extremes of 32 bits), reads back the same.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntMap } from '../../server/src/core/text/intMap';

describe('IntMap', function () {
  it('reads back what a Map does, through growth and collisions', () => {
    const key = fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }).map((k) => k * 65536),
      fc.integer({ min: -2147483648, max: 2147483647 }),
      fc.constantFrom(0, -1, 2147483647, -2147483648),
    );
    const operation = fc.tuple(fc.boolean(), key, fc.nat({ max: 1_000_000 }));
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.array(operation, { maxLength: 400 }), (expected, operations) => {
        const map = new IntMap(expected);
        const reference = new Map<number, number>();
        for (const [isSet, k, value] of operations) {
          if (isSet) {
            map.set(k, value);
            reference.set(k, value);
          } else {
            assert.equal(map.get(k), reference.get(k) ?? -1);
          }
          assert.equal(map.size, reference.size);
        }
        for (const [k, value] of reference) assert.equal(map.get(k), value);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('holds a hundred thousand keys that differ only in their high bits', () => {
    const map = new IntMap();
    for (let i = 0; i < 100_000; i++) map.set(i << 12, i);
    assert.equal(map.size, 100_000);
    for (let i = 0; i < 100_000; i += 997) assert.equal(map.get(i << 12), i);
    assert.equal(map.get(7), -1);
  });
});
