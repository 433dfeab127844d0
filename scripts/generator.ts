/**
 * The synthetic German news articles and sidecars that the benchmarks measure (`npm run bench`
 * for the engine, `npm run bench:cli` for the command line), from a seeded pseudo-random
 * generator, so that every run and every process sees the same input.
 */

export const MB = 1024 * 1024;
export const ENTITY_COUNT = 2000;
/** Quotes per MB of article: 5,000 in the 1 MB article, scaled with the size for the others. */
export const QUOTES_PER_MB = 5000;

// A small, fast, seeded generator (mulberry32): Math.random cannot be seeded, and the same
// article on every run is what makes timings comparable.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

// Words for the synthetic text: German news vocabulary, so that language detection, speech
// verbs, abbreviations and the cue patterns see realistic input.

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ber',
  'ste',
  'an',
  'ru',
  'wen',
  'dor',
  'fal',
  'ti',
  'ne',
  'gra',
  'hol',
  'zin',
  'mar',
  'vel',
  'os',
  'tra',
  'bu',
  'schu',
  'len',
  'rei',
  'ko',
  'ha',
  'gen',
  'wi',
  'tz',
];
const PLACE_ENDINGS = ['stadt', 'dorf', 'berg', 'hausen', 'ingen', 'feld', 'au', 'heim'];
const ORGANIZATION_FORMS = ['{X} AG', 'Verband {X}', '{X}-Institut', 'Stiftung {X}', '{X} Werke', 'Partei {X}'];
const WEEKDAYS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];
const SPEECH_VERBS = ['sagte', 'erklärte', 'betonte', 'meinte', 'warnte', 'kritisierte', 'forderte'];
const NOUNS = [
  'Regierung',
  'Haushalt',
  'Verhandlungen',
  'Bürger',
  'Zukunft',
  'Entscheidung',
  'Preise',
  'Arbeitsplätze',
  'Region',
  'Energie',
  'Verkehr',
  'Schulen',
  'Gespräche',
  'Lösung',
  'Wirtschaft',
  'Menschen',
  'Jahr',
  'Woche',
  'Plan',
  'Kritik',
  'Mehrheit',
  'Opposition',
  'Stadt',
  'Gemeinde',
  'Projekt',
];
const WORDS = [
  'wir',
  'werden',
  'die',
  'das',
  'nicht',
  'mehr',
  'noch',
  'schon',
  'jetzt',
  'hier',
  'alle',
  'keine',
  'müssen',
  'können',
  'wollen',
  'sehr',
  'genau',
  'wieder',
  'gemeinsam',
  'schnell',
  'endlich',
  'vielleicht',
  'deutlich',
  'gut',
  'schwer',
  'lange',
  'für',
  'mit',
  'gegen',
  'über',
  'ohne',
  'und',
  'aber',
  'doch',
  'auch',
  'nur',
  'ganz',
  'viel',
  'weniger',
  'sicher',
  'klar',
  'offen',
  'fair',
  'besser',
  'größer',
  'stärker',
];
const TERMS = ['Zeitenwende', 'Doppelwumms', 'Wärmepumpe', 'Bürgergeld', 'Schuldenbremse', 'Klimageld'];

interface Person {
  id: string;
  first: string;
  last: string;
  type: 'person';
}

interface Other {
  id: string;
  name: string;
  type: 'place' | 'organization';
}

export type GeneratedEntity = (Person | Other) & { aliases: string[] };

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function syllableWord(random: Random, min: number, max: number): string {
  const count = min + random.int(max - min + 1);
  let word = '';
  for (let i = 0; i < count; i++) word += random.pick(SYLLABLES);
  return capitalise(word);
}

/** 2,000 entities with unique names and three aliases each, a third of each type. */
export function generateEntities(random: Random): GeneratedEntity[] {
  const entities: GeneratedEntity[] = [];
  const usedForms = new Set<string>();
  const unique = (forms: string[]): boolean => {
    if (forms.some((form) => usedForms.has(form)) || new Set(forms).size !== forms.length) return false;
    for (const form of forms) usedForms.add(form);
    return true;
  };
  for (let attempts = 0; entities.length < ENTITY_COUNT; attempts++) {
    // Names are drawn until they are unique; a generator that cannot find enough is a bug here.
    if (attempts > 100 * ENTITY_COUNT) throw new Error('Cannot generate enough unique entity names.');
    const n = entities.length;
    const kind = n % 3;
    if (kind === 0) {
      const first = syllableWord(random, 2, 2);
      const last = syllableWord(random, 2, 3);
      const aliases = [last, `${first.charAt(0)}. ${last}`, `Dr. ${last}`];
      if (!unique([`${first} ${last}`, ...aliases])) continue;
      entities.push({ id: `person-${n}`, first, last, type: 'person', aliases });
    } else if (kind === 1) {
      const name = syllableWord(random, 1, 2) + random.pick(PLACE_ENDINGS);
      const aliases = [name.toUpperCase(), `Stadt ${name}`, `${name}er Land`];
      if (!unique([name, ...aliases])) continue;
      entities.push({ id: `place-${n}`, name, type: 'place', aliases });
    } else {
      const core = syllableWord(random, 2, 3);
      const name = random.pick(ORGANIZATION_FORMS).replace('{X}', core);
      const aliases = [core, core.toUpperCase(), `die ${core}-Leute`];
      if (!unique([name, ...aliases])) continue;
      entities.push({ id: `organization-${n}`, name, type: 'organization', aliases });
    }
  }
  return entities;
}

function nameOf(entity: GeneratedEntity): string {
  return entity.type === 'person' ? `${entity.first} ${entity.last}` : entity.name;
}

export interface Generated {
  article: string;
  sidecar: string;
  quotes: number;
}

/** Quoted words: unique enough in their opening words that each entry finds its one quote. */
function quoteText(random: Random): string {
  const count = 7 + random.int(8);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(i % 4 === 3 ? random.pick(NOUNS) : random.pick(WORDS));
  words[0] = capitalise(words[0]);
  return words.join(' ') + random.pick(['.', '.', '!', '?']);
}

/**
 * An article of about `size` characters: paragraphs of narrative sentences naming entities,
 * quotes with speaker cues (all attributed by sidecar entries) and a few scare-quoted terms.
 */
export function generate(size: number, entities: readonly GeneratedEntity[], seed: number): Generated {
  const random = new Random(seed);
  const people = entities.filter((entity): entity is Person & { aliases: string[] } => entity.type === 'person');
  const places = entities.filter((entity) => entity.type === 'place');
  const organizations = entities.filter((entity) => entity.type === 'organization');
  const wantedQuotes = Math.round((size / MB) * QUOTES_PER_MB);
  // Spread the quotes evenly: one every `stride` characters of article.
  const stride = size / Math.max(1, wantedQuotes);

  const parts: string[] = [];
  const entries: string[] = [];
  let length = 0;
  let nextQuoteAt = stride / 2;
  let sentencesInParagraph = 0;
  const push = (text: string): void => {
    parts.push(text);
    length += text.length;
  };

  while (length < size) {
    if (length >= nextQuoteAt && entries.length < wantedQuotes) {
      nextQuoteAt += stride;
      const person = random.pick(people);
      const quote = quoteText(random);
      const verb = random.pick(SPEECH_VERBS);
      const form = random.int(4);
      const spoken = quote.replace(/[.!?]$/u, '');
      if (form === 0) push(`„${spoken}“, ${verb} ${person.first} ${person.last}. `);
      else if (form === 1) push(`${person.last} ${verb}: „${quote}“ `);
      else if (form === 2) push(`„${spoken}“, so ${person.last}. `);
      else push(`„${quote}“ Das ${verb} ${person.aliases[2]} am ${random.pick(WEEKDAYS)}. `);
      // Entries give the opening words, as journalists write them.
      const opening = spoken.split(' ').slice(0, 6).join(' ');
      entries.push(`  - text: ${JSON.stringify(opening)}\n    speaker: ${person.id}`);
    } else {
      const place = random.pick(places);
      const organization = random.pick(organizations);
      const person = random.pick(people);
      switch (random.int(5)) {
        case 0:
          push(`${nameOf(person)} besuchte am ${random.pick(WEEKDAYS)} ${nameOf(place)}. `);
          break;
        case 1:
          push(`Die ${nameOf(organization)} kritisierte die Pläne für ${random.pick(place.aliases)}. `);
          break;
        case 2:
          push(`Nach ${person.last}s Angaben sind die ${random.pick(NOUNS)} in ${nameOf(place)} gestiegen. `);
          break;
        case 3:
          push(`Der sogenannte „${random.pick(TERMS)}“ sei z. B. für die ${random.pick(NOUNS)} wichtig. `);
          break;
        default:
          push(
            `Die ${random.pick(NOUNS)} der ${random.pick(NOUNS)} wurde am ${random.int(28) + 1}. ${random.pick(WEEKDAYS)} vertagt. `,
          );
      }
    }
    if (++sentencesInParagraph >= 4 + random.int(4)) {
      parts[parts.length - 1] = parts[parts.length - 1].trimEnd();
      push('\n\n');
      sentencesInParagraph = 0;
    }
  }

  const sidecar = ['version: 1', 'language: de', 'entities:'];
  for (const entity of entities) {
    sidecar.push(
      `  ${entity.id}:`,
      `    type: ${entity.type}`,
      `    name: ${nameOf(entity)}`,
      `    aliases: [${entity.aliases.map((alias) => JSON.stringify(alias)).join(', ')}]`,
    );
  }
  sidecar.push('quotes:', ...entries);
  return { article: parts.join('').trimEnd() + '\n', sidecar: sidecar.join('\n') + '\n', quotes: entries.length };
}

// A newsroom's archive, for the benchmark of the workspace index (`npm run bench:index`): a
// registry of people shared by every article, and short articles that mention and quote some of
// them, with sidecars that only name the registry's ids.

/** A person of a generated registry. */
export interface RegistryPerson {
  id: string;
  first: string;
  last: string;
  aliases: string[];
  description: string;
  wikidata: string;
}

const ROLES = [
  'Bürgermeisterin von',
  'Bürgermeister von',
  'Abgeordnete aus',
  'Abgeordneter aus',
  'Landrätin des Kreises',
  'Landrat des Kreises',
  'Sprecherin der Initiative in',
  'Sprecher des Vereins in',
  'Unternehmerin aus',
  'Gewerkschafter aus',
];

function placeName(random: Random): string {
  return syllableWord(random, 1, 2) + random.pick(PLACE_ENDINGS);
}

/**
 * `count` people with unique names and two aliases each (the last name, and the first initial
 * with it), a description and a Wikidata-like id.
 */
export function generateRegistryPeople(count: number, random: Random): RegistryPerson[] {
  const people: RegistryPerson[] = [];
  const usedLast = new Set<string>();
  for (let attempts = 0; people.length < count; attempts++) {
    if (attempts > 100 * count) throw new Error('Cannot generate enough unique names.');
    const first = syllableWord(random, 2, 2);
    const last = syllableWord(random, 2, 4);
    // The last name alone is an alias, so it names one person only.
    if (usedLast.has(last)) continue;
    usedLast.add(last);
    const n = people.length;
    people.push({
      id: `person-${String(n).padStart(5, '0')}`,
      first,
      last,
      aliases: [last, `${first.charAt(0)}. ${last}`],
      description: `${random.pick(ROLES)} ${placeName(random)}`,
      wikidata: `Q${1_000_000 + n * 97 + random.int(97)}`,
    });
  }
  return people;
}

/**
 * A registry (`entities.ann.yaml`) of the people, in block style as a newsroom writes it; with
 * `attributesOf`, each person's `attributes:` (for the sources report).
 */
export function registryYaml(
  people: readonly RegistryPerson[],
  attributesOf?: (person: RegistryPerson, index: number) => Record<string, string>,
): string {
  const lines = ['version: 1', 'entities:'];
  people.forEach((person, index) => {
    lines.push(
      `  ${person.id}:`,
      '    type: person',
      `    name: ${person.first} ${person.last}`,
      `    aliases: [${person.aliases.map((alias) => JSON.stringify(alias)).join(', ')}]`,
      `    description: ${person.description}`,
      `    wikidata: ${person.wikidata}`,
    );
    const attributes = attributesOf?.(person, index);
    if (attributes && Object.keys(attributes).length > 0) {
      lines.push('    attributes:', ...Object.entries(attributes).map(([key, value]) => `      ${key}: ${value}`));
    }
  });
  return lines.join('\n') + '\n';
}

/** Someone the articles name and quote, given by the caller and maybe not (yet) in the registry. */
export interface NamedPerson {
  id: string;
  first: string;
  last: string;
}

/**
 * A news article of about `size` characters naming `cast` (people of the registry, or others)
 * and quoting some of them, with its sidecar: one entry per quote, whose speaker is the
 * person's id, and no entities of its own. Every quote is attributed by its entry.
 */
export function generateNewsArticle(
  size: number,
  cast: readonly NamedPerson[],
  quotes: number,
  seed: number,
): { article: string; sidecar: string } {
  const random = new Random(seed);
  const parts: string[] = [];
  const entries: string[] = [];
  let length = 0;
  const push = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  // The people appear in turn, each first by full name; quotes come every few sentences, the
  // speakers taken in turn, so that every person is named and the first ones are quoted.
  let sentences = 0;
  let turn = 0;
  let quoted = 0;
  let sentencesInParagraph = 0;
  const sentencesPerQuote = Math.max(2, Math.floor(size / 150 / Math.max(1, quotes)));
  while (length < size || quoted < quotes || turn < cast.length) {
    const person = cast[turn % cast.length];
    const full = `${person.first} ${person.last}`;
    if (quoted < quotes && sentences % sentencesPerQuote === sentencesPerQuote - 1) {
      const speaker = cast[quoted % cast.length];
      const quote = quoteText(random);
      const spoken = quote.replace(/[.!?]$/u, '');
      const verb = random.pick(SPEECH_VERBS);
      if (random.int(2) === 0) push(`„${spoken}“, ${verb} ${speaker.first} ${speaker.last}. `);
      else push(`${speaker.last} ${verb}: „${quote}“ `);
      entries.push(`  - text: ${JSON.stringify(spoken.split(' ').slice(0, 6).join(' '))}\n    speaker: ${speaker.id}`);
      quoted++;
    } else {
      const named = turn < cast.length ? full : random.pick([full, person.last]);
      switch (random.int(4)) {
        case 0:
          push(`${named} besuchte am ${random.pick(WEEKDAYS)} ${placeName(random)}. `);
          break;
        case 1:
          push(`Nach Angaben von ${named} sind die ${random.pick(NOUNS)} in ${placeName(random)} gestiegen. `);
          break;
        case 2:
          push(`Die ${random.pick(NOUNS)} der ${random.pick(NOUNS)} wurde am ${random.int(28) + 1}. vertagt. `);
          break;
        default:
          push(`${named} kritisierte die Pläne der ${random.pick(NOUNS)} für ${placeName(random)}. `);
      }
      turn++;
    }
    sentences++;
    if (++sentencesInParagraph >= 4 + random.int(4)) {
      parts[parts.length - 1] = parts[parts.length - 1].trimEnd();
      push('\n\n');
      sentencesInParagraph = 0;
    }
  }
  const sidecar = ['version: 1', 'language: de', 'quotes:', ...entries];
  return { article: parts.join('').trimEnd() + '\n', sidecar: sidecar.join('\n') + '\n' };
}
