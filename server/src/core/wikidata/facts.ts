/**
 * Wikidata facts kept offline: the model and the file format of `wikidata.ann.json`, the facts
 * read from a `wbgetentities` entity, the choice of a candidate for `link`, and the facts a hover
 * card shows.
 *
 * Everything here is pure: the requests are made by `server/src/wikidata.ts` (and only when the
 * user runs `link` or `refresh`, or the editor's Link command); hover cards, completion and the
 * index read the file this module parses and never touch the network.
 *
 * The file is JSON written by the command line and meant to be committed with the annotations:
 * `serializeWikidataFile` writes it in one deterministic order (ids by number, keys in a fixed
 * order, two-space indentation, a final line break), so that a refresh changes only the lines of
 * the facts that changed. `parseWikidataFile` reads what a colleague or a merge left: it never
 * throws, ignores keys it does not know, and drops values of the wrong type with a problem each.
 *
 * Entities from Wikidata are simplified with `wikibase-sdk` (labels, claims by rank, dates with
 * their precision, sitelink URLs); what it cannot read is left out rather than thrown.
 */

import {
  getSitelinkUrl,
  simplifyAliases,
  simplifyDescriptions,
  simplifyLabels,
  simplifyPropertyClaims,
  simplifySitelinks,
} from 'wikibase-sdk';
import type { LanguageCode } from '../text/languages';
import { compareCodeUnits } from '../text/text';

/** The name of the file of kept facts, at the root of a workspace folder (or the folder `link` was given). */
export const WIKIDATA_FILE_NAME = 'wikidata.ann.json';

/** The languages whose labels, descriptions and aliases are kept: the languages of the articles. */
export const FACT_LANGUAGES: readonly LanguageCode[] = ['de', 'en', 'fr'];

/** The Wikipedias whose article titles are kept, one per language. */
export const WIKIPEDIA_SITES = ['dewiki', 'enwiki', 'frwiki'] as const;
export type WikipediaSite = (typeof WIKIPEDIA_SITES)[number];

/** A text per language, for the languages that have one. */
export type ByLanguage<T> = Partial<Record<LanguageCode, T>>;

/** The Wikidata properties the facts come from. */
export const WIKIDATA_PROPERTIES = {
  instanceOf: 'P31',
  born: 'P569',
  died: 'P570',
  positions: 'P39',
  occupations: 'P106',
  parties: 'P102',
  citizenship: 'P27',
  country: 'P17',
  coordinates: 'P625',
  image: 'P18',
} as const;

/** The item "human" (Q5): what a person is an instance of. */
export const HUMAN = 'Q5';

/** The facts kept for one Wikidata item. */
export interface EntityFacts {
  /** The item id, `Q` and digits. */
  id: string;
  /** When the facts were fetched: an ISO date and time (`2024-05-01T12:00:00Z`). */
  retrieved: string;
  labels: ByLanguage<string>;
  descriptions: ByLanguage<string>;
  aliases: ByLanguage<string[]>;
  /** P31, preferred statements first; item ids. */
  instanceOf: string[];
  /**
   * P569 and P570 as ISO dates with the precision Wikidata gives: `1952-10-07`, `1952-10` or
   * `1952` (`-44` for 44 BC).
   */
  born?: string;
  died?: string;
  /** P39 position held, P106 occupation, P102 party; item ids, preferred statements first. */
  positions: string[];
  occupations: string[];
  parties: string[];
  /** P27 country of citizenship, then P17 country; item ids. */
  countries: string[];
  /** P625: latitude and longitude in decimal degrees. */
  coordinates?: [number, number];
  /** The titles of the Wikipedia articles about the item. */
  sitelinks: Partial<Record<WikipediaSite, string>>;
  /** P18: the file name of the image on Wikimedia Commons (`Vladimir Putin 2021.jpg`). */
  image?: string;
}

/** The content of `wikidata.ann.json`. */
export interface WikidataFile {
  version: 1;
  /** The facts by item id. */
  entities: Record<string, EntityFacts>;
  /**
   * The labels of the items the facts refer to (instance of, positions, occupations, parties,
   * countries), by item id, so that a hover card can name them without a request.
   */
  labels: Record<string, ByLanguage<string>>;
}

/** A problem found in `wikidata.ann.json`: what is wrong, and where (a path such as `entities.Q7747.born`). */
export interface WikidataFileProblem {
  message: string;
  /** Where in the file, as keys joined with dots; empty for the file as a whole. */
  path: string;
  /** The offset in the text, when the JSON itself is broken. */
  offset?: number;
  /** The file is not used at all: it is not JSON, not an object, or of another version. */
  fatal?: true;
}

const ITEM_ID = /^Q[1-9][0-9]{0,11}$/u;
const ISO_DATE = /^-?[0-9]{1,6}(?:-[0-9]{2}(?:-[0-9]{2})?)?$/u;

/** Whether a text is a Wikidata item id (`Q7747`). */
export function isItemId(text: unknown): text is string {
  return typeof text === 'string' && ITEM_ID.test(text);
}

/** A file with no facts. */
export function emptyWikidataFile(): WikidataFile {
  return { version: 1, entities: {}, labels: {} };
}

// Reading the file ---------------------------------------------------------------------------

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads typed values out of untrusted JSON, recording a problem for each one of the wrong type. */
class Reader {
  readonly problems: WikidataFileProblem[] = [];

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  string(value: Json, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    this.problem(path, `${path} should be text; it is ignored.`);
    return undefined;
  }

  date(value: Json, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined || ISO_DATE.test(text)) return text;
    this.problem(path, `${path} should be a date such as 1952-10-07 or 1952; it is ignored.`);
    return undefined;
  }

  strings(value: Json, path: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(path, `${path} should be a list of texts; it is ignored.`);
      return [];
    }
    const kept = value.filter((item): item is string => typeof item === 'string');
    if (kept.length < value.length) this.problem(path, `${path} should hold only texts; the others are ignored.`);
    return kept;
  }

  itemIds(value: Json, path: string): string[] {
    const texts = this.strings(value, path);
    const kept = texts.filter(isItemId);
    if (kept.length < texts.length)
      this.problem(path, `${path} should hold only item ids (Q…); the others are ignored.`);
    return kept;
  }

  byLanguage<T>(value: Json, path: string, read: (item: Json, path: string) => T | undefined): ByLanguage<T> {
    const out: ByLanguage<T> = {};
    if (value === undefined) return out;
    if (!isObject(value)) {
      this.problem(path, `${path} should map languages to values; it is ignored.`);
      return out;
    }
    for (const language of FACT_LANGUAGES) {
      if (!(language in value)) continue;
      const item = read(value[language], `${path}.${language}`);
      if (item !== undefined) out[language] = item;
    }
    return out;
  }

  coordinates(value: Json, path: string): [number, number] | undefined {
    if (value === undefined) return undefined;
    if (isCoordinates(value)) return [value[0], value[1]];
    this.problem(path, `${path} should be [latitude, longitude]; it is ignored.`);
    return undefined;
  }
}

function isCoordinates(value: Json): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Math.abs(value[0]) <= 90 &&
    Math.abs(value[1]) <= 180
  );
}

function readFacts(reader: Reader, id: string, value: Json, path: string): EntityFacts | undefined {
  if (!isObject(value)) {
    reader.problem(path, `${path} should be an object of facts; it is ignored.`);
    return undefined;
  }
  if (value.id !== undefined && value.id !== id) {
    reader.problem(`${path}.id`, `${path}.id is ${JSON.stringify(value.id)}, not the key '${id}'; the key counts.`);
  }
  const facts: EntityFacts = {
    id,
    retrieved: reader.string(value.retrieved, `${path}.retrieved`) ?? '',
    labels: reader.byLanguage(value.labels, `${path}.labels`, (item, at) => reader.string(item, at)),
    descriptions: reader.byLanguage(value.descriptions, `${path}.descriptions`, (item, at) => reader.string(item, at)),
    aliases: reader.byLanguage(value.aliases, `${path}.aliases`, (item, at) => reader.strings(item, at)),
    instanceOf: reader.itemIds(value.instanceOf, `${path}.instanceOf`),
    positions: reader.itemIds(value.positions, `${path}.positions`),
    occupations: reader.itemIds(value.occupations, `${path}.occupations`),
    parties: reader.itemIds(value.parties, `${path}.parties`),
    countries: reader.itemIds(value.countries, `${path}.countries`),
    sitelinks: {},
  };
  const born = reader.date(value.born, `${path}.born`);
  if (born !== undefined) facts.born = born;
  const died = reader.date(value.died, `${path}.died`);
  if (died !== undefined) facts.died = died;
  const coordinates = reader.coordinates(value.coordinates, `${path}.coordinates`);
  if (coordinates) facts.coordinates = coordinates;
  const image = reader.string(value.image, `${path}.image`);
  if (image !== undefined) facts.image = image;
  if (value.sitelinks !== undefined) {
    if (!isObject(value.sitelinks)) reader.problem(`${path}.sitelinks`, `${path}.sitelinks should be an object.`);
    else {
      for (const site of WIKIPEDIA_SITES) {
        const title = reader.string(value.sitelinks[site], `${path}.sitelinks.${site}`);
        if (title !== undefined) facts.sitelinks[site] = title;
      }
    }
  }
  return facts;
}

/**
 * Reads `wikidata.ann.json`. Never throws: a text that is not JSON gives one problem (with its
 * offset when the parser names one) and an empty file; keys it does not know are ignored; a
 * value of the wrong type is dropped with a problem, and the rest of its entity is kept. A file
 * of another version is read as empty, since its meaning is unknown.
 */
export function parseWikidataFile(text: string): { file: WikidataFile; problems: WikidataFileProblem[] } {
  const reader = new Reader();
  const file = emptyWikidataFile();
  let json: Json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, '')) as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/u.exec(message);
    const problem: WikidataFileProblem = { path: '', message: `The file is not valid JSON: ${message}`, fatal: true };
    if (position) problem.offset = Number(position[1]);
    return { file, problems: [problem] };
  }
  if (!isObject(json)) {
    return {
      file,
      problems: [{ path: '', message: 'The file should hold a JSON object; it is ignored.', fatal: true }],
    };
  }
  if (json.version !== 1) {
    const problem =
      json.version === undefined
        ? { path: 'version', message: 'The file has no version; it is read as version 1.' }
        : {
            path: 'version',
            message: `Version ${JSON.stringify(json.version)} is not supported; the file is ignored.`,
            fatal: true as const,
          };
    if (json.version !== undefined) return { file, problems: [problem] };
    reader.problems.push(problem);
  }
  if (json.entities !== undefined) {
    if (!isObject(json.entities)) reader.problem('entities', 'entities should be an object; it is ignored.');
    else {
      for (const [id, value] of Object.entries(json.entities)) {
        if (!ITEM_ID.test(id)) {
          reader.problem(`entities.${id}`, `'${id}' is not a Wikidata item id; its facts are ignored.`);
          continue;
        }
        const facts = readFacts(reader, id, value, `entities.${id}`);
        if (facts) file.entities[id] = facts;
      }
    }
  }
  if (json.labels !== undefined) {
    if (!isObject(json.labels)) reader.problem('labels', 'labels should be an object; it is ignored.');
    else {
      for (const [id, value] of Object.entries(json.labels)) {
        if (!ITEM_ID.test(id)) {
          reader.problem(`labels.${id}`, `'${id}' is not a Wikidata item id; its labels are ignored.`);
          continue;
        }
        file.labels[id] = reader.byLanguage(value, `labels.${id}`, (item, at) => reader.string(item, at));
      }
    }
  }
  return { file, problems: reader.problems };
}

// Writing the file ---------------------------------------------------------------------------

/** Item ids by their number, so that Q9 comes before Q10. */
export function compareItemIds(a: string, b: string): number {
  const x = ITEM_ID.test(a) ? Number(a.slice(1)) : Number.POSITIVE_INFINITY;
  const y = ITEM_ID.test(b) ? Number(b.slice(1)) : Number.POSITIVE_INFINITY;
  return x - y || compareCodeUnits(a, b);
}

function sortedIds(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort(compareItemIds);
}

/** A value to print: objects are printed one key a line, unless marked inline. */
type Printable = string | number | Printable[] | PrintObject | InlineObject;
interface PrintObject {
  entries: [string, Printable][];
}
interface InlineObject {
  inline: [string, Printable][];
}

function print(value: Printable, indent: string): string {
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => print(item, indent)).join(', ')}]`;
  if ('inline' in value) {
    return `{ ${value.inline.map(([key, item]) => `${JSON.stringify(key)}: ${print(item, indent)}`).join(', ')} }`;
  }
  if (value.entries.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = value.entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${print(item, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

function languageEntries<T>(values: ByLanguage<T>, convert: (value: T) => Printable): [string, Printable][] {
  const entries: [string, Printable][] = [];
  for (const language of FACT_LANGUAGES) {
    const value = values[language];
    if (value !== undefined) entries.push([language, convert(value)]);
  }
  return entries;
}

function factsEntries(facts: EntityFacts): [string, Printable][] {
  const entries: [string, Printable][] = [
    ['id', facts.id],
    ['retrieved', facts.retrieved],
  ];
  const add = (key: string, value: Printable | undefined, present = value !== undefined): void => {
    if (present && value !== undefined) entries.push([key, value]);
  };
  const texts = languageEntries(facts.labels, (text) => text);
  add('labels', { entries: texts }, texts.length > 0);
  const descriptions = languageEntries(facts.descriptions, (text) => text);
  add('descriptions', { entries: descriptions }, descriptions.length > 0);
  const aliases = languageEntries(facts.aliases, (list) => [...list]);
  add('aliases', { entries: aliases }, aliases.length > 0);
  add('instanceOf', [...facts.instanceOf], facts.instanceOf.length > 0);
  add('born', facts.born);
  add('died', facts.died);
  add('positions', [...facts.positions], facts.positions.length > 0);
  add('occupations', [...facts.occupations], facts.occupations.length > 0);
  add('parties', [...facts.parties], facts.parties.length > 0);
  add('countries', [...facts.countries], facts.countries.length > 0);
  add('coordinates', facts.coordinates ? [...facts.coordinates] : undefined);
  const sitelinks: [string, Printable][] = [];
  for (const site of WIKIPEDIA_SITES) {
    const title = facts.sitelinks[site];
    if (title !== undefined) sitelinks.push([site, title]);
  }
  add('sitelinks', { entries: sitelinks }, sitelinks.length > 0);
  add('image', facts.image);
  return entries;
}

/**
 * `wikidata.ann.json` as text, always the same for the same content: `version`, `entities` by
 * item number with their keys in a fixed order (empty lists and maps left out), then `labels`,
 * one item a line; two-space indentation and a final line break.
 */
export function serializeWikidataFile(file: WikidataFile): string {
  const entities: [string, Printable][] = sortedIds(file.entities).map((id) => [
    id,
    { entries: factsEntries(file.entities[id]) },
  ]);
  const labels: [string, Printable][] = [];
  for (const id of sortedIds(file.labels)) {
    const texts = languageEntries(file.labels[id], (text) => text);
    if (texts.length > 0) labels.push([id, { inline: texts }]);
  }
  const root: PrintObject = {
    entries: [
      ['version', 1],
      ['entities', { entries: entities }],
      ['labels', { entries: labels }],
    ],
  };
  return print(root, '') + '\n';
}

/** The items whose labels the facts refer to: instance of, positions, occupations, parties, countries. */
export function referencedIds(facts: EntityFacts): string[] {
  return [
    ...new Set([...facts.instanceOf, ...facts.positions, ...facts.occupations, ...facts.parties, ...facts.countries]),
  ];
}

/** The items a candidate summary names: its first class and its first country. */
export function summaryReferencedIds(facts: EntityFacts): string[] {
  return [facts.instanceOf[0], facts.countries[0]].filter((id): id is string => id !== undefined);
}

/**
 * The file with these facts added or replaced and these labels added, keeping only the labels
 * that some entity's facts still refer to. The file given is not changed.
 */
export function mergeFacts(
  file: WikidataFile,
  facts: readonly EntityFacts[],
  labels: Readonly<Record<string, ByLanguage<string>>> = {},
): WikidataFile {
  const entities = { ...file.entities };
  for (const item of facts) entities[item.id] = item;
  return withLabels(entities, { ...file.labels, ...labels });
}

/** The file without the facts of the ids `keep` refuses, and without labels nothing refers to any more. */
export function pruneFacts(file: WikidataFile, keep: (id: string) => boolean): WikidataFile {
  const entities: Record<string, EntityFacts> = {};
  for (const [id, facts] of Object.entries(file.entities)) if (keep(id)) entities[id] = facts;
  return withLabels(entities, file.labels);
}

function withLabels(
  entities: Record<string, EntityFacts>,
  labels: Readonly<Record<string, ByLanguage<string>>>,
): WikidataFile {
  const used = new Set(Object.values(entities).flatMap(referencedIds));
  const kept: Record<string, ByLanguage<string>> = {};
  for (const [id, texts] of Object.entries(labels)) if (used.has(id)) kept[id] = texts;
  return { version: 1, entities, labels: kept };
}

// Facts from a wbgetentities entity ------------------------------------------------------------

/** Runs a simplification of wikibase-sdk on untrusted data: what it cannot read counts as nothing. */
function attempt<T>(simplify: () => T, fallback: T): T {
  try {
    return simplify();
  } catch {
    return fallback;
  }
}

function texts(value: unknown): ByLanguage<string> {
  const out: ByLanguage<string> = {};
  if (!isObject(value)) return out;
  for (const language of FACT_LANGUAGES) {
    const text = value[language];
    if (typeof text === 'string' && text !== '') out[language] = text;
  }
  return out;
}

interface RankedValue {
  value: unknown;
  rank: unknown;
}

/**
 * The values of one property's statements: deprecated ones left out, preferred ones first, then
 * normal ones in their order. A statement wikibase-sdk cannot read is skipped.
 */
function claimValues(claims: Record<string, unknown>, property: string): unknown[] {
  const statements = claims[property];
  if (!Array.isArray(statements)) return [];
  const options = { keepNonDeprecated: true, keepRanks: true, timeConverter: 'simple-day' } as const;
  const simplified: RankedValue[] = [];
  for (const statement of statements) {
    const value = attempt(
      () => simplifyPropertyClaims([statement] as Parameters<typeof simplifyPropertyClaims>[0], options),
      [],
    )[0] as unknown;
    if (isObject(value) && value.value !== undefined && value.value !== null) {
      simplified.push({ value: value.value, rank: value.rank });
    }
  }
  const preferred = simplified.filter((item) => item.rank === 'preferred');
  const normal = simplified.filter((item) => item.rank !== 'preferred');
  return [...preferred, ...normal].map((item) => item.value);
}

function itemValues(claims: Record<string, unknown>, property: string): string[] {
  return [...new Set(claimValues(claims, property).filter(isItemId))];
}

function dateValue(claims: Record<string, unknown>, property: string): string | undefined {
  return claimValues(claims, property).find(
    (value): value is string => typeof value === 'string' && ISO_DATE.test(value),
  );
}

/**
 * The facts of an entity as `wbgetentities` returns it (props labels, descriptions, aliases,
 * claims and sitelinks; languages de, en and fr), fetched at `retrieved`. Undefined for what is
 * not an item: a missing entity, a property, anything malformed. Deprecated statements are
 * ignored and preferred ones come first; dates keep the precision Wikidata gives.
 */
export function factsFromEntity(raw: unknown, retrieved: string): EntityFacts | undefined {
  if (!isObject(raw) || !isItemId(raw.id) || raw.missing !== undefined) return undefined;
  const claims = isObject(raw.claims) ? raw.claims : {};
  type Labels = Parameters<typeof simplifyLabels>[0];
  type Aliases = Parameters<typeof simplifyAliases>[0];
  type Sitelinks = Parameters<typeof simplifySitelinks>[0];
  const labels = attempt(() => simplifyLabels((raw.labels ?? {}) as Labels), {});
  const descriptions = attempt(() => simplifyDescriptions((raw.descriptions ?? {}) as Labels), {});
  const rawAliases = attempt(() => simplifyAliases((raw.aliases ?? {}) as Aliases), {}) as Record<string, unknown>;
  const aliases: ByLanguage<string[]> = {};
  for (const language of FACT_LANGUAGES) {
    const list = rawAliases[language];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((alias): alias is string => typeof alias === 'string' && alias !== '');
    if (kept.length > 0) aliases[language] = kept;
  }
  const rawSitelinks = attempt(() => simplifySitelinks((raw.sitelinks ?? {}) as Sitelinks), {}) as Record<
    string,
    unknown
  >;
  const sitelinks: EntityFacts['sitelinks'] = {};
  for (const site of WIKIPEDIA_SITES) {
    const title = rawSitelinks[site];
    if (typeof title === 'string' && title !== '') sitelinks[site] = title;
  }
  const P = WIKIDATA_PROPERTIES;
  const facts: EntityFacts = {
    id: raw.id,
    retrieved,
    labels: texts(labels),
    descriptions: texts(descriptions),
    aliases,
    instanceOf: itemValues(claims, P.instanceOf),
    positions: itemValues(claims, P.positions),
    occupations: itemValues(claims, P.occupations),
    parties: itemValues(claims, P.parties),
    countries: [...new Set([...itemValues(claims, P.citizenship), ...itemValues(claims, P.country)])],
    sitelinks,
  };
  const born = dateValue(claims, P.born);
  if (born !== undefined) facts.born = born;
  const died = dateValue(claims, P.died);
  if (died !== undefined) facts.died = died;
  const coordinates = claimValues(claims, P.coordinates).find(isCoordinates);
  if (coordinates) facts.coordinates = [coordinates[0], coordinates[1]];
  const image = claimValues(claims, P.image).find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  if (image !== undefined) facts.image = image;
  return facts;
}

/** The labels of an entity in de, en and fr, for an item the facts refer to. */
export function labelsFromEntity(raw: unknown): ByLanguage<string> {
  if (!isObject(raw) || raw.missing !== undefined) return {};
  return texts(attempt(() => simplifyLabels((raw.labels ?? {}) as Parameters<typeof simplifyLabels>[0]), {}));
}

// Choosing a candidate -------------------------------------------------------------------------

/** An entity of a sidecar or registry, as far as linking it is concerned. */
export interface LinkableEntity {
  name: string;
  /** The entity's type: `person`, `place`, `organization`, or a word of the user's. */
  type: string;
}

/**
 * Whether an item's kind fits an entity's type: a person must be a human (instance of Q5), a
 * place must have coordinates, and anything else (an organization, a document, a type of the
 * user's) must not be a human.
 */
export function kindFits(type: string, facts: EntityFacts): boolean {
  const human = facts.instanceOf.includes(HUMAN);
  switch (type.toLowerCase()) {
    case 'person':
      return human;
    case 'place':
      return facts.coordinates !== undefined;
    default:
      return !human;
  }
}

function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Whether one of an item's labels or aliases (in de, en or fr) is the name, as written. */
export function nameMatches(name: string, facts: EntityFacts): boolean {
  const wanted = comparable(name);
  for (const language of FACT_LANGUAGES) {
    const label = facts.labels[language];
    if (label !== undefined && comparable(label) === wanted) return true;
    if ((facts.aliases[language] ?? []).some((alias) => comparable(alias) === wanted)) return true;
  }
  return false;
}

/**
 * The candidate to link an entity to without asking: the only one whose label or alias is the
 * entity's name and whose kind fits its type. Undefined when none or more than one does; a
 * person then decides among the candidates.
 */
export function autoLinkChoice(entity: LinkableEntity, candidates: readonly EntityFacts[]): EntityFacts | undefined {
  const fitting = new Map<string, EntityFacts>();
  for (const candidate of candidates) {
    if (nameMatches(entity.name, candidate) && kindFits(entity.type, candidate)) fitting.set(candidate.id, candidate);
  }
  return fitting.size === 1 ? [...fitting.values()][0] : undefined;
}

/** A text in a language, or in English, or in the other languages, with the language it is in. */
export interface LocalizedText {
  text: string;
  language: LanguageCode;
}

/** The text in the language, falling back to English, then to the other languages kept. */
export function localized(values: ByLanguage<string>, language: LanguageCode): LocalizedText | undefined {
  for (const candidate of [language, 'en', ...FACT_LANGUAGES] as LanguageCode[]) {
    const text = values[candidate];
    if (text !== undefined) return { text, language: candidate };
  }
  return undefined;
}

/** The label of an item the facts refer to, in the language (or English); its id when none is kept. */
export function labelOf(
  id: string,
  labels: Readonly<Record<string, ByLanguage<string>>>,
  language: LanguageCode,
): string {
  return localized(labels[id] ?? {}, language)?.text ?? id;
}

function year(date: string): string {
  const match = /^(-?)([0-9]+)/u.exec(date);
  if (!match) return date;
  return `${match[1]}${Number(match[2])}`;
}

/** What tells candidates apart, in parts: the label, the description, and the details. */
export interface CandidateParts {
  /** The label in the language (or English), else the id. */
  label: string;
  description?: string;
  /** The years of birth and death (`1952–`) or the country, then what the item is (`Mensch`). */
  details: string[];
}

/** What tells candidates apart, in parts, for a picker that shows them on lines of their own. */
export function candidateParts(
  facts: EntityFacts,
  labels: Readonly<Record<string, ByLanguage<string>>>,
  language: LanguageCode,
): CandidateParts {
  const label = localized(facts.labels, language)?.text ?? facts.id;
  const description = localized(facts.descriptions, language)?.text;
  const details: string[] = [];
  if (facts.born !== undefined || facts.died !== undefined) {
    details.push(
      `${facts.born !== undefined ? year(facts.born) : '?'}–${facts.died !== undefined ? year(facts.died) : ''}`,
    );
  } else if (facts.countries.length > 0) {
    details.push(labelOf(facts.countries[0], labels, language));
  }
  if (facts.instanceOf.length > 0) details.push(labelOf(facts.instanceOf[0], labels, language));
  return { label, ...(description ? { description } : {}), details };
}

/**
 * What tells candidates apart, in one line: the label, the description, the years of birth and
 * death (or the country), and what the item is. `Wladimir Putin — Präsident Russlands (1952–, Mensch)`.
 */
export function candidateSummary(
  facts: EntityFacts,
  labels: Readonly<Record<string, ByLanguage<string>>>,
  language: LanguageCode,
): string {
  const { label, description, details } = candidateParts(facts, labels, language);
  return `${label}${description ? ` — ${description}` : ''}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

// What a hover card shows ----------------------------------------------------------------------

/** The kinds of fact a hover card shows, in the order it shows them. */
export type FactKind =
  'instanceOf' | 'born' | 'died' | 'positions' | 'occupations' | 'parties' | 'countries' | 'coordinates';

/** One fact: a caption and a text, both in the article's language (English where none is kept). */
export interface FactLine {
  kind: FactKind;
  /** `Geboren`, `Born`, `Naissance`. */
  caption: string;
  /** `7. Oktober 1952`; for lists, the first three labels and how many more. */
  text: string;
  /** For lists of items: the ids shown, in order. */
  ids?: string[];
}

/** A link the card offers: built here from the facts, never taken from the file as a URL. */
export interface FactLink {
  kind: 'wikidata' | 'wikipedia' | 'openstreetmap' | 'commons';
  /** `Wikidata Q7747`, `Wikipedia`, `OpenStreetMap`, `Wikimedia Commons`. */
  title: string;
  url: string;
  /** The language of a Wikipedia article. */
  language?: LanguageCode;
}

/** The image of an item on Wikimedia Commons. */
export interface FactImage {
  /** The file name, as Wikidata gives it. */
  file: string;
  /** A thumbnail 240 pixels wide: `https://commons.wikimedia.org/wiki/Special:FilePath/…?width=240`. */
  thumbnailUrl: string;
  /** The file's page on Commons. */
  pageUrl: string;
}

/** What a hover card shows about a linked entity, as data: the editor renders (and escapes) it. */
export interface HoverFacts {
  id: string;
  label?: LocalizedText;
  description?: LocalizedText;
  lines: FactLine[];
  links: FactLink[];
  image?: FactImage;
  /** When the facts were fetched. */
  retrieved: string;
}

const CAPTIONS: Record<LanguageCode, Record<FactKind, string>> = {
  de: {
    instanceOf: 'Ist ein(e)',
    born: 'Geboren',
    died: 'Gestorben',
    positions: 'Ämter',
    occupations: 'Beruf',
    parties: 'Partei',
    countries: 'Land',
    coordinates: 'Koordinaten',
  },
  en: {
    instanceOf: 'Instance of',
    born: 'Born',
    died: 'Died',
    positions: 'Positions held',
    occupations: 'Occupation',
    parties: 'Party',
    countries: 'Country',
    coordinates: 'Coordinates',
  },
  fr: {
    instanceOf: 'Nature',
    born: 'Naissance',
    died: 'Décès',
    positions: 'Fonctions',
    occupations: 'Profession',
    parties: 'Parti',
    countries: 'Pays',
    coordinates: 'Coordonnées',
  },
};

const MONTHS: Record<LanguageCode, readonly string[]> = {
  de: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
};

const BEFORE_COMMON_ERA: Record<LanguageCode, string> = { de: 'v. Chr.', en: 'BC', fr: 'av. J.-C.' };
const MORE: Record<LanguageCode, (count: number) => string> = {
  de: (count) => `und ${count} weitere`,
  en: (count) => `and ${count} more`,
  fr: (count) => `et ${count} autres`,
};

/**
 * A date of the facts (`1952-10-07`, `1952-10`, `1952`, `-44`) as the language writes it:
 * `7. Oktober 1952`, `7 October 1952`, `1er octobre 1952`; `44 v. Chr.` for a year before the
 * common era. The precision is kept: a year stays a year.
 */
export function formatFactDate(date: string, language: LanguageCode): string {
  const match = /^(-?)([0-9]+)(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/u.exec(date);
  if (!match) return date;
  const [, minus, digits, monthText, dayText] = match;
  const yearText = String(Number(digits));
  const yearPart = minus ? `${yearText} ${BEFORE_COMMON_ERA[language]}` : yearText;
  const month = monthText === undefined ? 0 : Number(monthText);
  if (month < 1 || month > 12) return yearPart;
  const monthName = MONTHS[language][month - 1];
  const day = dayText === undefined ? 0 : Number(dayText);
  if (day < 1 || day > 31) return `${monthName} ${yearPart}`;
  if (language === 'de') return `${day}. ${monthName} ${yearPart}`;
  if (language === 'fr') return `${day === 1 ? '1er' : day} ${monthName} ${yearPart}`;
  return `${day} ${monthName} ${yearPart}`;
}

/** Encodes a title for a wiki URL: spaces as underscores, and every character that could end a link escaped. */
function encodeTitle(title: string): string {
  return encodeURIComponent(title.replace(/ /gu, '_')).replace(
    /[!'()*]/gu,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The Commons thumbnail and page of an image file. */
export function commonsImage(file: string, width = 240): FactImage {
  const name = encodeTitle(file.replace(/^File:/iu, ''));
  return {
    file,
    thumbnailUrl: `https://commons.wikimedia.org/wiki/Special:FilePath/${name}?width=${width}`,
    pageUrl: `https://commons.wikimedia.org/wiki/File:${name}`,
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * What a hover card shows about a linked entity, in the article's language, falling back to
 * English (then the other languages kept): its label and description, the facts as lines, and
 * the links, to Wikidata, to the Wikipedia article in the language (or English), to
 * OpenStreetMap for coordinates and to the image on Commons. Data only: the renderer escapes
 * the texts, which come from a file anyone may have written.
 */
export function factLines(
  facts: EntityFacts,
  labels: Readonly<Record<string, ByLanguage<string>>>,
  language: LanguageCode,
): HoverFacts {
  const captions = CAPTIONS[language];
  const lines: FactLine[] = [];
  const list = (kind: FactKind, ids: readonly string[]): void => {
    if (ids.length === 0) return;
    const shown = ids.slice(0, 3);
    let text = shown.map((id) => labelOf(id, labels, language)).join(', ');
    if (ids.length > shown.length) text += ` ${MORE[language](ids.length - shown.length)}`;
    lines.push({ kind, caption: captions[kind], text, ids: [...shown] });
  };
  // That a person is a human goes without saying.
  if (!(facts.instanceOf.length === 1 && facts.instanceOf[0] === HUMAN)) list('instanceOf', facts.instanceOf);
  if (facts.born !== undefined) {
    lines.push({ kind: 'born', caption: captions.born, text: formatFactDate(facts.born, language) });
  }
  if (facts.died !== undefined) {
    lines.push({ kind: 'died', caption: captions.died, text: formatFactDate(facts.died, language) });
  }
  list('positions', facts.positions);
  list('occupations', facts.occupations);
  list('parties', facts.parties);
  list('countries', facts.countries);
  const links: FactLink[] = [
    { kind: 'wikidata', title: `Wikidata ${facts.id}`, url: `https://www.wikidata.org/wiki/${facts.id}` },
  ];
  for (const candidate of [language, 'en'] as LanguageCode[]) {
    const title = facts.sitelinks[`${candidate}wiki`];
    if (title === undefined) continue;
    const url = attempt(() => getSitelinkUrl({ site: `${candidate}wiki`, title }), undefined);
    if (url !== undefined) links.push({ kind: 'wikipedia', title: 'Wikipedia', url, language: candidate });
    break;
  }
  if (facts.coordinates) {
    const [latitude, longitude] = facts.coordinates.map(round);
    lines.push({ kind: 'coordinates', caption: captions.coordinates, text: `${latitude}, ${longitude}` });
    links.push({
      kind: 'openstreetmap',
      title: 'OpenStreetMap',
      url: `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=12/${latitude}/${longitude}`,
    });
  }
  const hover: HoverFacts = { id: facts.id, lines, links, retrieved: facts.retrieved };
  const label = localized(facts.labels, language);
  if (label) hover.label = label;
  const description = localized(facts.descriptions, language);
  if (description) hover.description = description;
  if (facts.image !== undefined) {
    hover.image = commonsImage(facts.image);
    links.push({ kind: 'commons', title: 'Wikimedia Commons', url: hover.image.pageUrl });
  }
  return hover;
}
