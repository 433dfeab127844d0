/**
 * Completion in the sidecar: entity ids after `speaker:` and `via:`, entity types after
 * `type:`, and the keys that fit where the cursor is, each with a line of documentation.
 */

import type { Analysis } from '../analyze';
import { ENTITY_KEYS, QUOTE_KEYS, TOP_LEVEL_KEYS, WELL_KNOWN_TYPES, type Entity } from '../sidecar/sidecar';
import { foldForSearch } from '../text/text';

export interface CompletionItem {
  label: string;
  kind: 'entity' | 'type' | 'key' | 'value';
  detail: string;
  documentation: string;
  /** Text to insert, when it differs from the label (keys get their colon). */
  insertText?: string;
}

const KEY_DOCS: Record<string, string> = {
  version: 'The sidecar format version: 1.',
  language: 'The article’s language (de, en or fr): which quotation marks and speech verbs apply.',
  article: 'The annotated article, relative to this file, when it is not named like the sidecar.',
  meta: 'The article’s metadata for grouping in reports: outlet, published, author, or any key with a text value.',
  attributes: 'Facts of your own for grouping in reports, such as gender, role or party: keys with text values.',
  entities: 'The people, places and organizations the article names, by id.',
  quotes: 'Who said each quote: entries naming a quote by its opening words and its speaker.',
  type: 'person, place, organization, or a word of your own.',
  name: 'The entity’s full name, as the article writes it.',
  aliases: 'Further forms of the name found in the text, such as a surname or a title.',
  description: 'Who or what it is, in a few words, shown in the hover card.',
  wikidata: 'The Wikidata id, Q followed by digits.',
  links: 'Web addresses about the entity, shown in the hover card.',
  coordinates: 'For places: [latitude, longitude].',
  caseSensitive: 'false to find the name in any capitalisation; names match exactly by default.',
  note: 'A note for the team; shown in the hover card.',
  text: 'The quote’s words, or at least its first three words, as in the article.',
  speaker: 'The id of the entity who said it.',
  via: 'The id of the outlet the quote was taken from.',
  kind: 'speech (the default) or term: a title, name or scare quote that needs no speaker.',
  anonymous: 'An unnamed source, described: “a spokesman for the ministry”.',
  occurrence: 'Which of several quotes with the same words is meant: 1, 2, …',
};

const TYPE_DOCS: Record<string, string> = {
  person: 'A person: can be quoted, gets a hover card.',
  place: 'A place: gets coordinates and a map link; cannot speak.',
  organization: 'An organization: can be quoted (a statement, a spokesperson).',
  document: 'A document or other written source: a treaty, a statement, a ruling, a report. Can be quoted.',
};

interface Line {
  indent: number;
  text: string;
}

/** The key a line defines (`  name: …` → name, `- text: …` → text), if any. */
function keyOf(line: string): string | undefined {
  return /^\s*(?:-\s+)?([\w.-]+|"[^"]*"|'[^']*')\s*:(?:\s|$)/u.exec(line)?.[1]?.replace(/^["']|["']$/gu, '');
}

/**
 * The chain of keys that encloses a new line indented by `indent`: read upwards, each line
 * with a smaller indentation is a parent.
 */
function parentKeys(lines: readonly Line[], indent: number, dashed: boolean): { keys: string[]; inSequence: boolean } {
  const keys: string[] = [];
  let limit = indent;
  let inSequence = dashed;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (!line.text.trim() || line.text.trimStart().startsWith('#')) continue;
    const itemIndent = /^\s*-\s+/u.exec(line.text)?.[0].length;
    // A sequence item's keys sit at the column after its dash.
    if (itemIndent !== undefined && itemIndent <= limit && line.indent < limit) {
      if (itemIndent === limit) inSequence = true;
      limit = line.indent;
      if (itemIndent === indent) continue;
    }
    if (line.indent < limit) {
      const key = keyOf(line.text);
      if (key) keys.unshift(key);
      limit = line.indent;
    }
  }
  return { keys, inSequence };
}

/**
 * Below a registry of thousands of people, the entities offered after `speaker:` are at most
 * this many: those whose id, name or an alias contains the words typed, the article's own
 * first. The editor asks again as more is typed.
 */
export const MAX_ENTITY_COMPLETIONS = 500;

function entityChoices(entities: readonly Entity[], typed: string, analysis: Analysis | undefined): Entity[] {
  if (entities.length <= MAX_ENTITY_COMPLETIONS) return entities.slice();
  const wanted = foldForSearch(typed);
  const matches = (entity: Entity): boolean =>
    [entity.id, entity.name?.text ?? '', ...entity.aliases.map((alias) => alias.text)].some((form) =>
      foldForSearch(form).includes(wanted),
    );
  const named = (entity: Entity): boolean => analysis?.entityStats.has(entity.id) === true;
  const found = entities.filter(matches);
  return [...found.filter(named), ...found.filter((entity) => !named(entity))].slice(0, MAX_ENTITY_COMPLETIONS);
}

function linesBefore(source: string, lineStart: number): Line[] {
  return source
    .slice(0, lineStart)
    .split(/\r?\n/u)
    .map((text) => ({ text, indent: /^\s*/u.exec(text)![0].length }));
}

/** Inside an entity's `attributes:` mapping. */
function isAttributes(keys: readonly string[]): boolean {
  return keys.length === 3 && keys[0] === 'entities' && keys[2] === 'attributes';
}

/** The attribute keys the entities the article sees use, most used first. */
function attributeKeys(entities: readonly Entity[]): CompletionItem[] {
  const counts = new Map<string, number>();
  for (const entity of entities)
    for (const key of Object.keys(entity.attributes ?? {})) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count]) => ({
      label: key,
      kind: 'key',
      detail: 'attribute',
      documentation: `Used by ${count} entit${count === 1 ? 'y' : 'ies'}.`,
      insertText: `${key}: `,
    }));
}

/** The values the entities the article sees give an attribute, most used first. */
function attributeValues(entities: readonly Entity[], key: string): CompletionItem[] {
  const counts = new Map<string, number>();
  for (const entity of entities) {
    const value = entity.attributes?.[key];
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, count]) => ({
      label: value,
      kind: 'value',
      detail: `${key}`,
      documentation: `Used by ${count} entit${count === 1 ? 'y' : 'ies'}.`,
    }));
}

export function sidecarCompletions(source: string, offset: number, analysis: Analysis | undefined): CompletionItem[] {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const prefix = source.slice(lineStart, offset);
  const ids = analysis?.entities.all() ?? [];

  const reference = /(?:^|[\s{,])(?:speaker|via)\s*:\s*([\w.-]*)$/u.exec(prefix);
  if (reference) {
    // Speakers are people, organizations and documents; places come last.
    const order = (type: string): number =>
      type === 'person' ? 0 : type === 'organization' ? 1 : type === 'document' ? 2 : type === 'place' ? 4 : 3;
    return entityChoices(ids, reference[1], analysis)
      .sort((a, b) => order(a.type) - order(b.type))
      .map((entity) => ({
        label: entity.id,
        kind: 'entity',
        detail: `${entity.name?.text ?? entity.id} · ${entity.type}`,
        documentation: entity.description ?? '',
      }));
  }
  if (/(?:^|[\s{,])type\s*:\s*[\w-]*$/u.test(prefix)) {
    const custom = [...new Set(ids.map((entity) => entity.type))].filter(
      (type) => !(WELL_KNOWN_TYPES as readonly string[]).includes(type) && type !== 'entity',
    );
    return [...WELL_KNOWN_TYPES, ...custom].map((type) => ({
      label: type,
      kind: 'type',
      detail: 'entity type',
      documentation: TYPE_DOCS[type] ?? 'A type of your own, used elsewhere in this sidecar.',
    }));
  }
  const attributeValue = /^(\s+)([\w.-]+)\s*:\s*([^#]*)$/u.exec(prefix);
  if (attributeValue) {
    const { keys } = parentKeys(linesBefore(source, lineStart), attributeValue[1].length, false);
    if (isAttributes(keys)) return attributeValues(ids, attributeValue[2]);
  }
  const keyPosition = /^(\s*)(-\s+)?[\w]*$/u.exec(prefix);
  if (!keyPosition) return [];
  const indent = keyPosition[1].length + (keyPosition[2]?.length ?? 0);
  const before = source
    .slice(0, lineStart)
    .split(/\r?\n/u)
    .map((text) => ({ text, indent: /^\s*/u.exec(text)![0].length }));
  const { keys, inSequence } = parentKeys(before, indent, keyPosition[2] !== undefined);
  if (isAttributes(keys)) return attributeKeys(ids);
  let candidates: readonly string[];
  if (keys.length === 0 && indent === 0) candidates = TOP_LEVEL_KEYS;
  else if (keys[0] === 'entities' && keys.length === 2) candidates = ENTITY_KEYS;
  else if (keys[0] === 'quotes' && keys.length === 1 && inSequence) candidates = QUOTE_KEYS;
  else return [];
  return candidates.map((key) => ({
    label: key,
    kind: 'key',
    detail: keys.length === 0 ? 'sidecar' : keys[0] === 'entities' ? 'entity' : 'quote entry',
    documentation: KEY_DOCS[key] ?? '',
    insertText: `${key}: `,
  }));
}
