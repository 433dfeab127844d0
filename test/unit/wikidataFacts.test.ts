/**
 * The facts kept offline (core/wikidata/facts.ts): facts from `wbgetentities` entities (the
 * fixtures of test/fixtures/wikidata/), the file `wikidata.ann.json` read and written, the
 * choice of a candidate for `link`, and what a hover card shows.
 */

import * as assert from 'node:assert/strict';
import {
  autoLinkChoice,
  candidateParts,
  candidateSummary,
  emptyWikidataFile,
  factLines,
  factsFromEntity,
  formatFactDate,
  kindFits,
  labelsFromEntity,
  mergeFacts,
  parseWikidataFile,
  pruneFacts,
  serializeWikidataFile,
  type ByLanguage,
  type EntityFacts,
} from '../../server/src/core';
import { fixtureEntities, fixtureEntity } from '../support/wikidataServer';

const RETRIEVED = '2024-05-01T12:00:00Z';

function facts(id: string): EntityFacts {
  const made = factsFromEntity(fixtureEntity(id), RETRIEVED);
  assert.ok(made, `no facts for ${id}`);
  return made;
}

/** The labels of every fixture item, as `fetchLabels` gives them. */
function allLabels(): Record<string, ByLanguage<string>> {
  const labels: Record<string, ByLanguage<string>> = {};
  for (const [id, entity] of fixtureEntities()) labels[id] = labelsFromEntity(entity);
  return labels;
}

describe('wikidata facts', () => {
  describe('factsFromEntity', () => {
    it('reads a person: labels, dates, statements by rank, countries, sitelinks and image', () => {
      assert.deepEqual(facts('Q7747'), {
        id: 'Q7747',
        retrieved: RETRIEVED,
        labels: { de: 'Wladimir Putin', en: 'Vladimir Putin', fr: 'Vladimir Poutine' },
        descriptions: {
          de: 'russischer Politiker, Präsident Russlands',
          en: 'President of Russia since 2012',
          fr: "homme d'État russe",
        },
        aliases: {
          de: ['Putin', 'Wladimir Wladimirowitsch Putin'],
          en: ['Putin', 'Vladimir Vladimirovich Putin'],
          fr: ['Poutine'],
        },
        instanceOf: ['Q5'],
        // The deprecated 1952-10-08 is ignored.
        born: '1952-10-07',
        // Preferred first; the deprecated Q90000099 is ignored.
        positions: ['Q218295', 'Q1531863'],
        occupations: ['Q82955'],
        // An "unknown value" statement has no item to name.
        parties: ['Q51570'],
        countries: ['Q159', 'Q15180'],
        sitelinks: { dewiki: 'Wladimir Putin', enwiki: 'Vladimir Putin', frwiki: 'Vladimir Poutine' },
        image: 'Vladimir Putin 17-11-2021 (cropped).jpg',
      });
    });

    it('reads a place: coordinates and P17 country', () => {
      const moscow = facts('Q649');
      assert.deepEqual(moscow.coordinates, [55.755833333333, 37.617777777778]);
      assert.deepEqual(moscow.countries, ['Q159']);
      assert.deepEqual(moscow.instanceOf, ['Q515', 'Q5119']);
    });

    it('keeps the precision of dates: a year, a month', () => {
      assert.equal(facts('Q90000002').born, '1981');
      const falk = facts('Q90000003');
      assert.equal(falk.born, '1965-03');
      assert.equal(falk.died, '2020');
      assert.deepEqual(falk.labels, { en: 'Jonas Falk' });
    });

    it('gives nothing for a missing entity or what is not an item, and never throws on malformed data', () => {
      assert.equal(factsFromEntity({ id: 'Q1', missing: true }, RETRIEVED), undefined);
      assert.equal(factsFromEntity({ id: 'P31' }, RETRIEVED), undefined);
      assert.equal(factsFromEntity('Q1', RETRIEVED), undefined);
      const odd = factsFromEntity(
        {
          id: 'Q1',
          labels: { de: null, en: { value: 42 }, fr: { language: 'fr', value: 'univers' } },
          aliases: { de: 'not a list' },
          claims: {
            P31: [{ mainsnak: { snaktype: 'value', datavalue: { type: 'nonsense', value: 1 } }, rank: 'normal' }],
            P569: 'not a list',
            P625: [{ mainsnak: { snaktype: 'value', datavalue: { type: 'globecoordinate', value: {} } } }],
            P18: [{ rank: 'normal' }],
          },
          sitelinks: { dewiki: { title: 7 } },
        },
        RETRIEVED,
      );
      assert.deepEqual(odd, {
        id: 'Q1',
        retrieved: RETRIEVED,
        labels: { fr: 'univers' },
        descriptions: {},
        aliases: {},
        instanceOf: [],
        positions: [],
        occupations: [],
        parties: [],
        countries: [],
        sitelinks: {},
      });
    });
  });

  describe('wikidata.ann.json', () => {
    const file = () =>
      mergeFacts(
        emptyWikidataFile(),
        [facts('Q7747'), facts('Q90000003'), facts('Q649'), facts('Q154797')],
        allLabels(),
      );

    it('round-trips, in a fixed order: ids by number, keys in order, lists on one line', () => {
      const text = serializeWikidataFile(file());
      const parsed = parseWikidataFile(text);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.file, file());
      assert.equal(serializeWikidataFile(parsed.file), text);
      assert.ok(text.endsWith('}\n'));
      const ids = [...text.matchAll(/^ {4}"(Q[0-9]+)": \{$/gmu)].map((match) => match[1]);
      assert.deepEqual(ids, ['Q649', 'Q7747', 'Q154797', 'Q90000003']);
      assert.match(text, /^ {6}"instanceOf": \["Q5"\],$/mu);
      assert.match(text, /^ {6}"coordinates": \[55\.755833333333, 37\.617777777778\],$/mu);
      assert.match(text, /^ {4}"Q5": \{ "de": "Mensch", "en": "human", "fr": "être humain" \},$/mu);
      const keys = [...text.matchAll(/^ {6}"([a-zA-Z]+)":/gmu)].map((match) => match[1]).slice(0, 13);
      assert.deepEqual(keys, [
        'id',
        'retrieved',
        'labels',
        'descriptions',
        'aliases',
        'instanceOf',
        'countries',
        'coordinates',
        'sitelinks',
        'image',
        'id',
        'retrieved',
        'labels',
      ]);
    });

    it('the same facts in another order give the same text', () => {
      const reversed = mergeFacts(
        emptyWikidataFile(),
        [facts('Q154797'), facts('Q649'), facts('Q90000003'), facts('Q7747')],
        allLabels(),
      );
      assert.equal(serializeWikidataFile(reversed), serializeWikidataFile(file()));
    });

    it('keeps only the labels that some facts refer to', () => {
      const merged = file();
      assert.ok(merged.labels.Q218295);
      assert.equal(merged.labels.Q90000099, undefined);
      assert.equal(merged.labels.Q33999, undefined, 'the actress is not in the file');
      const pruned = pruneFacts(merged, (id) => id !== 'Q7747');
      assert.equal(pruned.entities.Q7747, undefined);
      assert.equal(pruned.labels.Q218295, undefined, 'only Putin held that office');
      assert.ok(pruned.labels.Q159, 'Moscow is in Russia');
    });

    it('not JSON: one problem with the offset, and an empty file', () => {
      const { file: read, problems } = parseWikidataFile('{"version": 1, "entities": {');
      assert.deepEqual(read, emptyWikidataFile());
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /^The file is not valid JSON/u);
      assert.equal(problems[0].fatal, true, 'the file is not used');
    });

    it('unknown keys are ignored; values of the wrong type are dropped with a problem each', () => {
      const text = JSON.stringify({
        version: 1,
        comment: 'kept by hand',
        entities: {
          Q7747: {
            id: 'Q7747',
            retrieved: RETRIEVED,
            labels: { de: 'Wladimir Putin', es: 'Vladímir Putin' },
            born: 1952,
            positions: ['Q218295', 'president'],
            coordinates: [200, 10],
            future: true,
          },
          putin: { id: 'putin' },
        },
        labels: { Q218295: { de: 'Präsident', en: 7 } },
      });
      const { file: read, problems } = parseWikidataFile(text);
      assert.deepEqual(read.entities.Q7747.labels, { de: 'Wladimir Putin' });
      assert.equal(read.entities.Q7747.born, undefined);
      assert.deepEqual(read.entities.Q7747.positions, ['Q218295']);
      assert.equal(read.entities.Q7747.coordinates, undefined);
      assert.deepEqual(read.labels, { Q218295: { de: 'Präsident' } });
      assert.deepEqual(problems.map((problem) => problem.path).sort(), [
        'entities.Q7747.born',
        'entities.Q7747.coordinates',
        'entities.Q7747.positions',
        'entities.putin',
        'labels.Q218295.en',
      ]);
    });

    it('another version is ignored whole; a missing one is read as 1', () => {
      const other = parseWikidataFile('{"version": 2, "entities": {"Q1": {}}}');
      assert.deepEqual(other.file, emptyWikidataFile());
      assert.match(other.problems[0].message, /Version 2 is not supported/u);
      assert.equal(other.problems[0].fatal, true);
      const none = parseWikidataFile('{"entities": {"Q1": {"retrieved": "x"}}}');
      assert.ok(none.file.entities.Q1);
      assert.equal(none.problems[0].path, 'version');
      assert.equal(none.problems[0].fatal, undefined, 'read as version 1');
      const list = parseWikidataFile('[]');
      assert.deepEqual(list.file, emptyWikidataFile());
      assert.equal(list.problems[0].fatal, true);
    });
  });

  describe('choosing a candidate', () => {
    it('kindFits: a person is a human, a place has coordinates, anything else is not a human', () => {
      assert.ok(kindFits('person', facts('Q7747')));
      assert.ok(!kindFits('person', facts('Q649')));
      assert.ok(kindFits('place', facts('Q649')));
      assert.ok(!kindFits('place', facts('Q90000004')));
      assert.ok(kindFits('organization', facts('Q154797')));
      assert.ok(!kindFits('organization', facts('Q7747')));
      assert.ok(kindFits('Person', facts('Q7747')), 'types are read in lower case');
    });

    it('links the one candidate whose label or alias is the name and whose kind fits', () => {
      assert.equal(autoLinkChoice({ name: 'Wladimir Putin', type: 'person' }, [facts('Q7747')])?.id, 'Q7747');
      // The film is named Lindau but is no place; the town has Lindau as an alias.
      const lindau = [facts('Q90000004'), facts('Q90000005')];
      assert.equal(autoLinkChoice({ name: 'Lindau', type: 'place' }, lindau)?.id, 'Q90000005');
      assert.equal(autoLinkChoice({ name: 'Bundestag', type: 'organization' }, [facts('Q154797')])?.id, 'Q154797');
      assert.equal(autoLinkChoice({ name: 'Jonas Falk', type: 'person' }, [facts('Q90000003')])?.id, 'Q90000003');
    });

    it('links nothing when two fit, when none is named so, or when the kind does not fit', () => {
      const bergers = [facts('Q90000001'), facts('Q90000002')];
      assert.equal(autoLinkChoice({ name: 'Anna Berger', type: 'person' }, bergers), undefined);
      assert.equal(autoLinkChoice({ name: 'Putin', type: 'place' }, [facts('Q7747')]), undefined);
      assert.equal(autoLinkChoice({ name: 'W. Putin', type: 'person' }, [facts('Q7747')]), undefined);
      assert.equal(autoLinkChoice({ name: 'Anna Berger', type: 'person' }, []), undefined);
      // The same candidate twice is one candidate.
      assert.equal(autoLinkChoice({ name: 'Moskau', type: 'place' }, [facts('Q649'), facts('Q649')])?.id, 'Q649');
    });

    it('candidateSummary tells candidates apart: description, years or country, class', () => {
      const labels = allLabels();
      assert.equal(
        candidateSummary(facts('Q7747'), labels, 'de'),
        'Wladimir Putin — russischer Politiker, Präsident Russlands (1952–, Mensch)',
      );
      assert.equal(
        candidateSummary(facts('Q90000002'), labels, 'de'),
        'Anna Berger — österreichische Schauspielerin (1981–, Mensch)',
      );
      assert.equal(
        candidateSummary(facts('Q90000004'), labels, 'fr'),
        'Lindau — 2011 television film (Allemagne, film)',
      );
      assert.equal(
        candidateSummary(facts('Q90000003'), {}, 'de'),
        'Jonas Falk — German trade unionist (1965–2020, Q5)',
      );
    });

    it('candidateParts: the same, in parts, for a picker that shows them on lines of their own', () => {
      const labels = allLabels();
      assert.deepEqual(candidateParts(facts('Q7747'), labels, 'de'), {
        label: 'Wladimir Putin',
        description: 'russischer Politiker, Präsident Russlands',
        details: ['1952–', 'Mensch'],
      });
      assert.deepEqual(candidateParts(facts('Q90000004'), labels, 'fr'), {
        label: 'Lindau',
        description: '2011 television film',
        details: ['Allemagne', 'film'],
      });
      const bare = { ...facts('Q90000003'), labels: {}, descriptions: {}, instanceOf: [] };
      assert.deepEqual(candidateParts(bare, {}, 'de'), { label: 'Q90000003', details: ['1965–2020'] });
    });
  });

  describe('factLines', () => {
    it('a person in German: dates as German writes them, lists of labels, links', () => {
      const card = factLines(facts('Q7747'), allLabels(), 'de');
      assert.deepEqual(card.label, { text: 'Wladimir Putin', language: 'de' });
      assert.deepEqual(card.description, { text: 'russischer Politiker, Präsident Russlands', language: 'de' });
      assert.deepEqual(
        card.lines.map(({ kind, caption, text }) => [kind, caption, text]),
        [
          ['born', 'Geboren', '7. Oktober 1952'],
          ['positions', 'Ämter', 'Präsident der Russischen Föderation, Ministerpräsident Russlands'],
          ['occupations', 'Beruf', 'Politiker'],
          ['parties', 'Partei', 'Einiges Russland'],
          ['countries', 'Land', 'Russland, Sowjetunion'],
        ],
      );
      assert.deepEqual(card.links, [
        { kind: 'wikidata', title: 'Wikidata Q7747', url: 'https://www.wikidata.org/wiki/Q7747' },
        { kind: 'wikipedia', title: 'Wikipedia', url: 'https://de.wikipedia.org/wiki/Wladimir_Putin', language: 'de' },
        {
          kind: 'commons',
          title: 'Wikimedia Commons',
          url: 'https://commons.wikimedia.org/wiki/File:Vladimir_Putin_17-11-2021_%28cropped%29.jpg',
        },
      ]);
      assert.equal(
        card.image?.thumbnailUrl,
        'https://commons.wikimedia.org/wiki/Special:FilePath/Vladimir_Putin_17-11-2021_%28cropped%29.jpg?width=240',
      );
      assert.equal(card.retrieved, RETRIEVED);
    });

    it('without a German label: English, and the English Wikipedia', () => {
      const card = factLines(facts('Q90000003'), allLabels(), 'de');
      assert.deepEqual(card.label, { text: 'Jonas Falk', language: 'en' });
      assert.deepEqual(card.description, { text: 'German trade unionist', language: 'en' });
      assert.deepEqual(
        card.lines.map(({ kind, text }) => [kind, text]),
        [
          ['born', 'März 1965'],
          ['died', '2020'],
          ['occupations', 'trade unionist'],
          ['countries', 'Deutschland'],
        ],
      );
      assert.deepEqual(card.links[1], {
        kind: 'wikipedia',
        title: 'Wikipedia',
        url: 'https://en.wikipedia.org/wiki/Jonas_Falk',
        language: 'en',
      });
    });

    it('a place in French: what it is, coordinates and OpenStreetMap', () => {
      const card = factLines(facts('Q649'), allLabels(), 'fr');
      assert.deepEqual(
        card.lines.map(({ kind, caption, text }) => [kind, caption, text]),
        [
          ['instanceOf', 'Nature', 'ville, capitale'],
          ['countries', 'Pays', 'Russie'],
          ['coordinates', 'Coordonnées', '55.7558, 37.6178'],
        ],
      );
      assert.deepEqual(card.links[2], {
        kind: 'openstreetmap',
        title: 'OpenStreetMap',
        url: 'https://www.openstreetmap.org/?mlat=55.7558&mlon=37.6178#map=12/55.7558/37.6178',
      });
    });

    it('a long list shows three and counts the rest; an item without a label shows its id', () => {
      const many = { ...facts('Q7747'), positions: ['Q218295', 'Q1531863', 'Q1', 'Q2', 'Q3'] };
      const line = factLines(many, allLabels(), 'en').lines.find((item) => item.kind === 'positions');
      assert.equal(line?.text, 'President of Russia, Prime Minister of Russia, Q1 and 2 more');
      assert.deepEqual(line?.ids, ['Q218295', 'Q1531863', 'Q1']);
    });

    it('formatFactDate keeps the precision, in each language', () => {
      assert.equal(formatFactDate('1952-10-07', 'en'), '7 October 1952');
      assert.equal(formatFactDate('1952-10-01', 'fr'), '1er octobre 1952');
      assert.equal(formatFactDate('1952-10', 'fr'), 'octobre 1952');
      assert.equal(formatFactDate('1952', 'de'), '1952');
      assert.equal(formatFactDate('-44', 'de'), '44 v. Chr.');
      assert.equal(formatFactDate('-0044-03-15', 'en'), '15 March 44 BC');
      assert.equal(formatFactDate('not a date', 'en'), 'not a date');
    });
  });
});
