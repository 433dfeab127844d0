/**
 * Inputs that must take linear time: hostile.test.ts checks that 100,000 characters of each take
 * about four times as long as 25,000. Each case is measured by linearTimeRun.ts in a process of
 * its own, away from what the rest of the test suite leaves in the heap.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze, quickFixes, type Analysis } from '../../server/src/core';

export interface LinearCase {
  name: string;
  unit: string;
  language: string;
  /** Entities for the sidecar of an article of `length` characters, when the case is about names. */
  entities?: (length: number) => string;
  /** Quote entries for that sidecar, when the case is about attribution. */
  quotes?: (length: number) => string;
  /** An article of `length` characters, when repeating `unit` will not do. */
  article?: (length: number) => string;
  /** What an editor then asks of the analysis, timed with it (the quick fixes of its diagnostics). */
  followUp?: (analysis: Analysis, sidecar: string) => unknown;
}

export const LINEAR_CASES: LinearCase[] = [
  { name: 'German opening marks „', unit: '„', language: 'de' },
  { name: 'German single opening marks ‚', unit: '‚', language: 'de' },
  { name: 'French opening guillemets «', unit: '«', language: 'fr' },
  { name: 'French closing guillemets »', unit: '»', language: 'fr' },
  // Straight quotes pair up with each other: the most common mark, and the slowest case.
  { name: 'straight double quotes "', unit: '"', language: 'en' },
  { name: 'unpaired marks of every kind between words', unit: '„a «b ‹c »d ”e ', language: 'de' },
  // Many closed quotes: French ones are looked over for incises, which must not compare each
  // quote with all the others.
  { name: 'closed French quotes', unit: '« Oui, dit-il. » ', language: 'fr' },
  // A name that the text almost spells from every word on, as long as a fiftieth of the text:
  // walking the names from each word would cost the square of the length.
  {
    name: 'words that almost spell a long name',
    unit: 'a ',
    language: 'de',
    entities: (length) => `  long: {type: person, name: "${'a '.repeat(length / 100)}b"}\n`,
  },
  // An entity with as many aliases as half the text has characters, each twice, and another
  // that shares some: finding the repeated ones once took the square of their number.
  {
    name: 'words naming an entity with very many unused aliases',
    unit: 'X sagte. ',
    language: 'de',
    entities: (length) => {
      const aliases = (count: number, distinct: number): string =>
        Array.from({ length: count }, (_, i) => `a${i % distinct}`).join(', ');
      return (
        `  x:\n    type: person\n    name: X\n    aliases: [${aliases(length / 2, length / 4)}]\n` +
        `  y:\n    type: person\n    name: Y\n    aliases: [${aliases(length / 8, length / 8)}]\n`
      );
    },
  },
  // Short names inside longer names, before and after them: each mention looks at a few words.
  {
    name: 'short names inside longer capitalised names',
    unit: 'Michelle Anne Obama sagte, Kim Yo Jong Ri auch. ',
    language: 'de',
    entities: () =>
      '  obama: {type: person, name: Barack Obama, aliases: [Obama]}\n' +
      '  kim: {type: person, name: Kim Jong Un, aliases: [Kim]}\n',
  },
  // Quotes and quote entries that all begin with the same forty characters: entries are found
  // by hashes of their openings, which must tell them apart without comparing each with all.
  {
    name: 'quotes that begin alike, each with an entry',
    unit: '',
    language: 'de',
    article: (length) =>
      Array.from({ length: length / 50 }, (_, i) => `„Wir haben nichts zu verbergen, sagen ${10000 + i}.“\n\n`)
        .join('')
        .slice(0, length),
    quotes: (length) =>
      Array.from(
        { length: length / 50 },
        (_, i) => `  - text: "Wir haben nichts zu verbergen, sagen ${10000 + i}"\n    anonymous: x\n`,
      ).join(''),
  },
  // One entity's aliases referenced by many entities: the count of the nodes the aliases reach
  // stops at its limit, so the refusal costs the parse and no more, however far they would reach.
  {
    name: 'words naming an entity whose aliases many others reference',
    unit: 'Big sagte. ',
    language: 'de',
    entities: (length) =>
      `  big: &big {type: person, name: Big, aliases: [${Array.from({ length: length / 50 }, (_, i) => `a${i}`).join(', ')}]}\n` +
      Array.from({ length: length / 50 }, (_, i) => `  e${i}: *big\n`).join(''),
  },
  // One name shared by an entity for every two characters: grouping the entities that share a
  // form once searched a list per entity.
  {
    name: 'words naming one of very many entities that share that name',
    unit: 'Harper sagte. ',
    language: 'de',
    entities: (length) =>
      Array.from({ length: length / 2 }, (_, i) => `  e${i}: {type: person, name: Harper}\n`).join(''),
  },
  // The scan jumps from mark to mark; every paragraph break must not search the rest again.
  { name: 'units of short paragraphs without quotation marks', unit: 'Satz.\n\n', language: 'de' },
  // Marks that pair into a few quotes of thousands of words, each beginning like the others:
  // the quick fixes' entry text looked for the shortest opening no other quote shares word by
  // word, which took the square of the quote's length (a code action once ran for minutes).
  {
    name: 'quotes of repeated words and the quick fixes of their diagnostics',
    unit: '„a “b ',
    language: 'de',
    followUp: (analysis, sidecar) => {
      for (const diagnostic of analysis.articleDiagnostics) quickFixes(sidecar, analysis, diagnostic, false);
    },
  },
];

function marks(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** A full garbage collection, so that a measured run does not pay for the garbage of runs before it. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function processorTime(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The processor time in milliseconds of analysing the case at 25,000 and at 100,000 characters:
 * the fastest of five measurements each, taken in turns, after a warm-up.
 */
export function measureGrowth(testCase: LinearCase): { quarter: number; full: number } {
  const run = (length: number) => () => {
    const sidecar =
      `version: 1\nlanguage: ${testCase.language}\n` +
      (testCase.entities ? `entities:\n${testCase.entities(length)}` : '') +
      (testCase.quotes ? `quotes:\n${testCase.quotes(length)}` : '');
    const analysis = analyze({
      article: testCase.article ? testCase.article(length) : marks(testCase.unit, length),
      sidecar,
    });
    testCase.followUp?.(analysis, sidecar);
  };
  // Warm up, so that the first measurement does not include compiling the engine. A fast case is
  // repeated until a measurement takes long enough to rise above the timer's noise; how often is
  // judged on the fastest of a few runs after the warm-up, as one slowed by compiling or
  // collecting would make it too few.
  run(25_000)();
  const first = Math.min(...[0, 1, 2].map(() => processorTime(run(25_000))));
  const repeat = Math.max(1, Math.ceil(100 / Math.max(first, 1)));
  // Slow runs start each on a collected heap; fast ones, repeated many times, once per
  // measurement (a full collection per run would cost more than the runs).
  const measure = (length: number): number => {
    let total = 0;
    collectGarbage();
    for (let i = 0; i < repeat; i++) {
      if (repeat <= 8 && i > 0) collectGarbage();
      total += processorTime(run(length));
    }
    return total;
  };
  // The fastest of five measurements each, taken in turn: the least disturbed by garbage
  // collection and other processes; with fewer, a busy machine made linear cases fail.
  let [quarter, full] = [Infinity, Infinity];
  for (let i = 0; i < 5; i++) {
    quarter = Math.min(quarter, measure(25_000));
    full = Math.min(full, measure(100_000));
  }
  return { quarter, full };
}
