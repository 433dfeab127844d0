/**
 * Mention matching: names and aliases as whole words, leftmost-longest, with inflections.
 * Fixtures mark each expected mention with ⟦ ⟧ and list the entity ids in order.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PatternMatcher } from '../../server/src/core/text/ahoCorasick';
import { FoldedText, foldPattern } from '../../server/src/core/text/fold';
import { languageProfile, MentionMatcher, parseSidecar, type LanguageCode } from '../../server/src/core';
import type { Entity } from '../../server/src/core/sidecar/sidecar';
import { codePointAt, codePointBefore, isWordChar } from '../../server/src/core/text/text';
import { parseMarkup, showSpans } from '../support/markup';

const SIDECAR = `
version: 1
entities:
  putin: {type: person, name: Wladimir Putin, aliases: [Putin, Staatsoberhaupt]}
  kim-jong-un: {type: person, name: Kim Jong Un, aliases: [Kim]}
  kim-il-sung: {type: person, name: Kim Il Sung}
  nordkorea: {type: place, name: Nordkorea}
  jones: {type: family, name: Jones}
  cgt: {type: organization, name: CGT, caseSensitive: false}
  u-s: {type: place, name: U.S.}
  tass: {type: organization, name: Tass}
  nbsp: {type: person, name: Jean-Marc Ayrault}
`;

interface MentionCase {
  name: string;
  language: LanguageCode;
  text: string;
  entities: string[];
  inflection?: boolean;
}

const cases: MentionCase[] = [
  { name: 'name and alias', language: 'de', text: '⟦Wladimir Putin⟧ traf ⟦Kim⟧.', entities: ['putin', 'kim-jong-un'] },
  {
    name: 'leftmost-longest',
    language: 'de',
    text: '⟦Kim Il Sung⟧ und ⟦Kim Jong Un⟧ und ⟦Kim⟧',
    entities: ['kim-il-sung', 'kim-jong-un', 'kim-jong-un'],
  },
  {
    name: 'whole words only',
    language: 'de',
    text: 'Kimberly und Putinismus, aber ⟦Kim⟧-Regime',
    entities: ['kim-jong-un'],
  },
  {
    name: 'German genitive',
    language: 'de',
    text: '⟦Putins⟧ Reise nach ⟦Nordkoreas⟧ Hauptstadt',
    entities: ['putin', 'nordkorea'],
  },
  {
    name: 'German genitive of a common noun',
    language: 'de',
    text: 'die Worte des ⟦Staatsoberhauptes⟧ und des ⟦Staatsoberhaupts⟧',
    entities: ['putin', 'putin'],
  },
  {
    name: 'English possessive',
    language: 'en',
    text: "⟦Putin's⟧ plan and ⟦Putin’s⟧ train",
    entities: ['putin', 'putin'],
  },
  { name: 'sibilant possessive', language: 'en', text: 'the ⟦Jones’⟧ garage', entities: ['jones'] },
  { name: 'no German genitive in English', language: 'en', text: 'Putins', entities: [] },
  { name: 'inflection off', language: 'de', text: 'Putins und ⟦Putin⟧', entities: ['putin'], inflection: false },
  { name: 'case-insensitive entity', language: 'fr', text: 'la ⟦cgt⟧ et la ⟦CGT⟧', entities: ['cgt', 'cgt'] },
  { name: 'case-sensitive by default', language: 'de', text: 'PUTIN und putin', entities: [] },
  { name: 'names across a line break', language: 'de', text: 'mit ⟦Kim Jong\nUn⟧ heute', entities: ['kim-jong-un'] },
  { name: 'no-break space inside a name', language: 'de', text: '⟦Kim\u00a0Jong\u00a0Un⟧', entities: ['kim-jong-un'] },
  { name: 'non-breaking hyphen', language: 'fr', text: '⟦Jean\u2011Marc Ayrault⟧', entities: ['nbsp'] },
  { name: 'soft hyphen inside a name', language: 'de', text: '⟦Nord\u00adkorea⟧', entities: ['nordkorea'] },
  { name: 'name ending in punctuation', language: 'en', text: 'the ⟦U.S.⟧ and the U.S.A', entities: ['u-s'] },
  { name: 'emoji around a name', language: 'de', text: '😀⟦Kim⟧😀 und 👩‍👩‍👧⟦Tass⟧', entities: ['kim-jong-un', 'tass'] },
  { name: 'combining mark after a name', language: 'de', text: 'Kim\u0301 ist kein Name', entities: [] },
  { name: 'CRLF text', language: 'de', text: 'Zeile\r\n⟦Putin⟧\r\n⟦Kim⟧', entities: ['putin', 'kim-jong-un'] },
  {
    name: 'invisible characters before a name',
    language: 'de',
    text: 'Vorwort\u200b⟦Putin⟧ und Ost\u00ad⟦Kim⟧, aber Vor\u00adKimchi',
    entities: ['putin', 'kim-jong-un'],
  },
  {
    name: 'French elision',
    language: 'fr',
    text: 'l’arrivée de ⟦Putin⟧ et d’⟦Kim⟧',
    entities: ['putin', 'kim-jong-un'],
  },
];

function check(testCase: MentionCase): void {
  const markup = parseMarkup(testCase.text);
  const { sidecar } = parseSidecar(SIDECAR);
  const matcher = new MentionMatcher(sidecar.entities);
  const mentions = matcher.find(markup.text, languageProfile(testCase.language), {
    inflection: testCase.inflection ?? true,
  });
  assert.equal(
    showSpans(
      markup.text,
      mentions.map((m) => m.span),
    ),
    showSpans(markup.text, markup.spans),
  );
  assert.deepEqual(
    mentions.map((m) => m.entity),
    testCase.entities,
  );
  for (const mention of mentions) assert.equal(markup.text.slice(mention.span.start, mention.span.end), mention.text);
}

describe('MentionMatcher', () => {
  for (const testCase of cases) it(`${testCase.language}: ${testCase.name}`, () => check(testCase));

  it('reports forms shared by two entities', () => {
    const { sidecar } = parseSidecar(`
entities:
  a: {type: person, name: Anna Schmidt, aliases: [Schmidt]}
  b: {type: person, name: Bernd Schmidt, aliases: [Schmidt]}
`);
    const matcher = new MentionMatcher(sidecar.entities);
    assert.deepEqual(matcher.sharedForms, [{ text: 'Schmidt', entities: ['a', 'b'] }]);
    const mentions = matcher.find('Schmidt sagte', languageProfile('de'), { inflection: true });
    assert.deepEqual(
      mentions.map((m) => m.entity),
      ['a'],
    );
  });

  it('of forms of one entity reaching equally far with their endings, takes the shorter', () => {
    // "Kurz" with the ending ’ and the alias "Kurz’" both cover "Kurz’": the name is found first
    // and kept, however the search orders its checks; a longer name of another entity wins.
    const { sidecar } = parseSidecar(`
entities:
  kurz: {type: person, name: Kurz, aliases: ["Kurz’", Ku]}
  rede: {type: person, name: "Kurz’ Rede"}
`);
    const matcher = new MentionMatcher(sidecar.entities);
    const found = (text: string): string[] =>
      matcher
        .find(text, languageProfile('de'), { inflection: true })
        .map((m) => `${m.entity}@${m.span.start}-${m.span.end}:${m.form}:${m.suffix}`);
    assert.deepEqual(found('Kurz’ Reden'), ['kurz@0-5:name:’']);
    assert.deepEqual(found('Kurzs Rede'), ['kurz@0-5:name:s']);
    assert.deepEqual(found('Kurz’ Rede war kurz.'), ['rede@0-10:name:']);
    assert.deepEqual(found('Ku Kurz’s'), ['kurz@0-2:1:', 'kurz@3-9:name:’s']);
  });

  it('costs no more per character with thousands of aliases', () => {
    const entities = Array.from(
      { length: 3000 },
      (_, i) => `  e${i}: {type: person, name: Name${i}x, aliases: [Al${i}y, Bz${i}q]}`,
    );
    const { sidecar } = parseSidecar(`entities:\n${entities.join('\n')}\n`);
    const matcher = new MentionMatcher(sidecar.entities);
    const text = 'Ein Satz ohne Namen, aber mit Name17x und Al2999y. '.repeat(20_000);
    const started = process.hrtime.bigint();
    const mentions = matcher.find(text, languageProfile('de'), { inflection: true });
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(mentions.length, 40_000);
    // A regular expression per alias would take many seconds here.
    assert.ok(milliseconds < 3000, `took ${milliseconds} ms`);
  });

  it('finds exactly the occurrences a naive search finds, for any patterns', () => {
    // A small alphabet makes patterns overlap, nest, repeat and share prefixes, which is where
    // a trie or its failure links go wrong; the wide characters exercise the root table.
    const unit = fc.constantFrom('a', 'b', 'c', 'é', '\u4e00', '\ud83d');
    const word = fc.array(unit, { minLength: 0, maxLength: 5 }).map((units) => units.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(unit, { maxLength: 60 }), (patterns, units) => {
        const text = units.join('');
        const found: string[] = [];
        new PatternMatcher(patterns).search(FoldedText.of(text, false), (pattern, start, end) =>
          found.push(`${pattern}@${start}-${end}`),
        );
        const expected: string[] = [];
        patterns.forEach((pattern, p) => {
          // Equal patterns are reported once, as the first of them.
          if (pattern === '' || patterns.indexOf(pattern) !== p) return;
          for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
            expected.push(`${p}@${at}-${at + pattern.length}`);
          }
        });
        assert.deepEqual([...found].sort(), expected.sort());
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('finds every pattern of a trie whose nodes have dozens of children', () => {
    // Every pair of letters, and some triples: the root and each node below it have 52
    // children, so the table of further children grows several times while the trie is built.
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const patterns: string[] = [];
    for (const a of letters) for (const b of letters) patterns.push(a + b);
    for (let i = 0; i < 3000; i++) patterns.push(letters[i % 52] + letters[(i * 7) % 52] + letters[(i * 13) % 52]);
    const text = [...patterns].reverse().join(' ');
    const found: string[] = [];
    new PatternMatcher(patterns).search(FoldedText.of(text, false), (pattern, start, end) =>
      found.push(`${pattern}@${start}-${end}`),
    );
    const expected: string[] = [];
    patterns.forEach((pattern, p) => {
      if (patterns.indexOf(pattern) !== p) return;
      for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
        expected.push(`${p}@${at}-${at + pattern.length}`);
      }
    });
    assert.deepEqual(found.sort(), expected.sort());
  });

  it('finds what a search over every position finds, leftmost-longest, for any names and text', () => {
    // The matcher only tries positions where no word character precedes; this compares it with
    // the plain way: every occurrence anywhere, kept when whole words, then chosen.
    const unit = fc.constantFrom('a', 'b', 'É', ' ', '-', '’', '\u00ad', '\u200b', '🙂', '\ud83d', '.');
    const name = fc.array(unit, { minLength: 1, maxLength: 4 }).map((units) => units.join(''));
    // Some names longer than the walk limit, which are found by the other way (one search
    // over the whole text); the text is made of pieces that include the names.
    const longName = name.map((text) => text.repeat(Math.ceil(65 / text.length)));
    const anyName = fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: longName });
    fc.assert(
      fc.property(
        fc
          .array(anyName, { minLength: 1, maxLength: 6 })
          .chain((names) =>
            fc.tuple(fc.constant(names), fc.array(fc.oneof(unit, fc.constantFrom(...names)), { maxLength: 30 })),
          ),
        ([names, pieces]) => {
          const text = pieces.join('');
          const yaml = names.map((n, i) => `  e${i}: {type: person, name: ${JSON.stringify(n)}}`).join('\n');
          const { sidecar } = parseSidecar(`entities:\n${yaml}\n`);
          const matcher = new MentionMatcher(sidecar.entities);
          const found = matcher
            .find(text, languageProfile('de'), { inflection: false })
            .map((m) => `${m.entity}@${m.span.start}-${m.span.end}`);
          assert.deepEqual(found, mentionsFoundEverywhere(text, sidecar.entities));
        },
      ),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('finds the same in long texts of short words, and with case-insensitive names', () => {
    // Many places to try, dropped and collapsed units between them, and a second trie walked
    // with the lower-cased fold: compared with a search over every position of the folded text.
    const unit = fc.constantFrom('a', 'É', 'é', ' ', '  ', '\n', '-', '’', '\u00ad', '\u200b', '🙂', '.');
    const name = fc.array(fc.constantFrom('a', 'É', 'é', ' ', '’', '\u00ad'), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.array(unit, { maxLength: 300 }),
        (names, units) => {
          const text = units.join('');
          const yaml = names
            .map(
              ([n, sensitive], i) =>
                `  e${i}: {type: person, name: ${JSON.stringify(n.join(''))}, caseSensitive: ${sensitive}}`,
            )
            .join('\n');
          const { sidecar } = parseSidecar(`entities:\n${yaml}\n`);
          const found = new MentionMatcher(sidecar.entities)
            .find(text, languageProfile('de'), { inflection: false })
            .map((m) => `${m.entity}@${m.span.start}-${m.span.end}`);
          assert.deepEqual(found, mentionsFoundEverywhere(text, sidecar.entities));
        },
      ),
      { seed: 21, numRuns: 500 },
    );
  });

  it('finds after an edit what a search of the whole edited text finds', () => {
    // Names of several words, with endings, case-insensitive ones, and long ones that are found
    // in one pass over the whole text; texts with runs of white space and units that folding
    // drops, which stretch a mention over more of the text than its form; and any edit.
    const unit = fc.constantFrom('a', 'b', 'É', 'é', 's', ' ', '   ', '\n\n', '-', '’', "'", '\u00ad', '🙂', '.');
    const word = fc.array(fc.constantFrom('a', 'b', 'É', 'é', 's'), { minLength: 1, maxLength: 3 });
    const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.map((w) => w.join('')).join(' '));
    const longName = name.map((text) => text.repeat(Math.ceil(65 / text.length)));
    const anyName = fc.oneof({ weight: 6, arbitrary: name }, { weight: 1, arbitrary: longName });
    const piece = (names: string[]) => fc.oneof(unit, fc.constantFrom(...names));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyName, fc.boolean()), { minLength: 1, maxLength: 5 }).chain((names) => {
          const forms = names.map(([n]) => n);
          return fc.tuple(
            fc.constant(names),
            fc.array(piece(forms), { maxLength: 60 }),
            fc.nat(),
            fc.nat({ max: 20 }),
            fc.array(piece(forms), { maxLength: 6 }),
            fc.boolean(),
            fc.constantFrom<LanguageCode>('de', 'en'),
          );
        }),
        ([names, pieces, at, removed, inserted, inflection, language]) => {
          const yaml = names
            .map(
              ([n, sensitive], i) => `  e${i}: {type: person, name: ${JSON.stringify(n)}, caseSensitive: ${sensitive}}`,
            )
            .join('\n');
          const { sidecar } = parseSidecar(`entities:\n${yaml}\n`);
          const matcher = new MentionMatcher(sidecar.entities);
          const profile = languageProfile(language);
          const options = { inflection };
          const before = pieces.join('');
          const start = before.length === 0 ? 0 : at % (before.length + 1);
          const after = before.slice(0, start) + inserted.join('') + before.slice(start + removed);
          const previous = { text: before, mentions: matcher.find(before, profile, options) };
          const again = matcher.findAfterEdit(previous, after, profile, options);
          if (again === undefined) {
            assert.ok(
              names.some(([n]) => n.length > 64),
              'only long forms are searched over the whole text',
            );
            return;
          }
          assert.deepEqual(again, matcher.find(after, profile, options));
        },
      ),
      { seed: 34, numRuns: 3000 },
    );
  });

  it('tells word characters as isWordChar does, for every unit of the Basic Multilingual Plane', () => {
    // The search learns of each unit the first time it meets it; here it meets them all, each
    // before a name: the name is a mention exactly when the unit is no word character.
    let text = '';
    const expected: number[] = [];
    for (let unit = 0; unit < 65536; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      text += String.fromCharCode(unit);
      if (!isWordChar(unit)) expected.push(text.length);
      text += 'x ';
    }
    const { sidecar } = parseSidecar('entities:\n  x: {type: person, name: x}\n');
    const found = new MentionMatcher(sidecar.entities).find(text, languageProfile('de'), { inflection: false });
    assert.deepEqual(
      found.map((mention) => mention.span.start),
      expected,
    );
  });

  it('folds a pattern as it folds an article, trimmed, whether or not the text needs folding', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '  ', '\t', '\n', '\u00a0', '’', '–', '\u00ad', 'É', 'İ', '🙂', '"');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), fc.boolean(), (units, ignoreCase) => {
        const text = units.join('');
        const folded = FoldedText.of(text, ignoreCase);
        const expected = folded.slice(0, folded.length).replace(/^ | $/gu, '');
        assert.equal(foldPattern(text, ignoreCase), expected);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });
});

/**
 * The mentions of the entities' names by the plain way, for comparison with the matcher: every
 * occurrence anywhere in the folded text (lower-cased too, for names that ignore case), kept when
 * it is whole words, then chosen leftmost-longest, the entity defined first among equals.
 */
function mentionsFoundEverywhere(text: string, entities: readonly Entity[]): string[] {
  const raw: { entity: number; start: number; end: number }[] = [];
  for (const ignoreCase of [false, true]) {
    const folded = FoldedText.of(text, ignoreCase);
    const patterns = entities.map((entity) =>
      entity.caseSensitive === ignoreCase ? '' : foldPattern(entity.name?.text ?? '', ignoreCase),
    );
    new PatternMatcher(patterns).search(folded, (pattern, start, end) => {
      const span = folded.originalSpan(start, end);
      // Whole words, as the matcher defines them.
      if (isWordChar(codePointBefore(text, span.start)) || isWordChar(codePointAt(text, span.end))) return;
      // Equal patterns are reported as the first; the entity defined first takes the mention.
      raw.push({ entity: pattern, start: span.start, end: span.end });
    });
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end || a.entity - b.entity);
  const expected: string[] = [];
  let coveredUntil = 0;
  for (const match of raw) {
    if (match.start < coveredUntil) continue;
    expected.push(`${entities[match.entity].id}@${match.start}-${match.end}`);
    coveredUntil = match.end;
  }
  return expected;
}
