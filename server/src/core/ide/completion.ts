/**
 * Completion in the sidecar: entity ids after `speaker:` and `via:`, entity types after
 * `type:`, the keys that fit where the cursor is, each with a line of documentation, and the
 * keys and values of `attributes:` and `meta:` already used by the entities the article sees
 * and across the workspace.
 */

import type { Analysis } from '../analyze';
import { ENTITY_KEYS, QUOTE_KEYS, TOP_LEVEL_KEYS, WELL_KNOWN_TYPES, type Entity } from '../sidecar/sidecar';
import { compareCodeUnits, foldForSearch } from '../text/text';

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

/** Inside the sidecar's `meta:` mapping. */
function isMeta(keys: readonly string[]): boolean {
  return keys.length === 1 && keys[0] === 'meta';
}

/** How often a key of `attributes:` or `meta:` is used, and each value it is given. */
export interface KeyUsage {
  /** How many entities (or sidecars) give the key a value. */
  count: number;
  /** How many give it each value. */
  values: ReadonlyMap<string, number>;
}

/**
 * The keys and values of `attributes:` and `meta:` used across the workspace, which completion
 * offers besides those of the entities the article sees. The language server keeps it in its
 * workspace index (core/corpus/corpus.ts).
 */
export interface WorkspaceVocabulary {
  /** The attributes of the entities every sidecar and registry defines, by key; counts are entities. */
  attributes: ReadonlyMap<string, KeyUsage>;
  /** The `meta:` of every sidecar, by key; counts are sidecars. */
  meta: ReadonlyMap<string, KeyUsage>;
}

/**
 * At most this many keys or values of `attributes:` and `meta:` are offered: with more, those
 * containing the words typed, most used first. The editor asks again as more is typed.
 */
export const MAX_VOCABULARY_COMPLETIONS = 200;

/** The well-known keys of `meta:`, offered even where no sidecar uses them yet. */
const META_DOCS: Record<string, string> = {
  outlet: 'The newspaper, site or agency that published the article.',
  published: 'When the article was published, such as 2026-12-07.',
  author: 'Who wrote the article.',
};
const META_KEYS = Object.keys(META_DOCS);

interface Term {
  label: string;
  /** Uses by the entities the article sees. */
  local: number;
  /** Uses across the workspace. */
  workspace: number;
}

/**
 * Local and workspace counts merged, most used first and local ones first on ties, then the
 * `preferred` labels in their order. The workspace's counts include the sidecar and registries
 * at hand (as last indexed), so a label counts as the larger of the two rather than their sum.
 * Beyond the bound, only labels containing `typed` are kept.
 */
function rankTerms(
  local: ReadonlyMap<string, number>,
  workspace: Iterable<[string, number]>,
  typed: string,
  exclude: ReadonlySet<string>,
  preferred: readonly string[] = [],
): { terms: Term[]; incomplete: boolean } {
  const byLabel = new Map<string, Term>();
  for (const [label, count] of local) byLabel.set(label, { label, local: count, workspace: 0 });
  for (const [label, count] of workspace) {
    const term = byLabel.get(label);
    if (term) term.workspace = count;
    else byLabel.set(label, { label, local: 0, workspace: count });
  }
  for (const label of preferred) if (!byLabel.has(label)) byLabel.set(label, { label, local: 0, workspace: 0 });
  let terms = [...byLabel.values()].filter((term) => !exclude.has(term.label));
  const incomplete = terms.length > MAX_VOCABULARY_COMPLETIONS;
  if (incomplete) {
    const wanted = foldForSearch(typed.trim());
    terms = terms.filter((term) => foldForSearch(term.label).includes(wanted));
  }
  const rank = (label: string): number => {
    const at = preferred.indexOf(label);
    return at < 0 ? preferred.length : at;
  };
  terms.sort(
    (a, b) =>
      Math.max(b.local, b.workspace) - Math.max(a.local, a.workspace) ||
      Number(b.local > 0) - Number(a.local > 0) ||
      rank(a.label) - rank(b.label) ||
      compareCodeUnits(a.label, b.label),
  );
  return { terms: terms.slice(0, MAX_VOCABULARY_COMPLETIONS), incomplete };
}

/** "Used by 3 entities.", or "… in the workspace." where the workspace uses it more. */
function usedBy(term: Term, one: string, many: string): string {
  const count = Math.max(term.local, term.workspace);
  if (count === 0) return '';
  const where = term.workspace > term.local ? ' in the workspace' : '';
  return `Used by ${count} ${count === 1 ? one : many}${where}.`;
}

/** How many entities the article sees give each key, or each value of `key`. */
function localAttributeCounts(entities: readonly Entity[], key?: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entity of entities) {
    if (!entity.attributes) continue;
    if (key === undefined) {
      for (const name of Object.keys(entity.attributes)) counts.set(name, (counts.get(name) ?? 0) + 1);
    } else {
      const value = entity.attributes[key];
      if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return counts;
}

function keyCounts(usage: ReadonlyMap<string, KeyUsage> | undefined): Iterable<[string, number]> {
  return [...(usage ?? [])].map(([key, { count }]) => [key, count]);
}

/**
 * The keys written on the other lines of the block mapping the cursor's line belongs to: a key
 * cannot be given twice.
 */
function siblingKeys(source: string, lineStart: number, indent: number): Set<string> {
  const lines = source.split(/\r?\n/u);
  const current = source.slice(0, lineStart).split(/\r?\n/u).length - 1;
  const keys = new Set<string>();
  for (const step of [-1, 1]) {
    for (let i = current + step; i >= 0 && i < lines.length; i += step) {
      const text = lines[i];
      if (!text.trim() || text.trimStart().startsWith('#')) continue;
      const lineIndent = /^\s*/u.exec(text)![0].length;
      if (lineIndent < indent) break;
      if (lineIndent > indent) continue;
      const key = keyOf(text);
      if (key !== undefined) keys.add(key);
    }
  }
  return keys;
}

/** The items completion offers, and whether they are only some of the candidates. */
export interface SidecarCompletions {
  items: CompletionItem[];
  /** Only some of the candidates are offered: the editor should ask again as more is typed. */
  incomplete: boolean;
}

/** The keys of an entity's `attributes:`, the entities the article sees and the workspace's. */
function attributeKeys(
  entities: readonly Entity[],
  workspace: WorkspaceVocabulary | undefined,
  typed: string,
  exclude: ReadonlySet<string>,
): SidecarCompletions {
  const { terms, incomplete } = rankTerms(
    localAttributeCounts(entities),
    keyCounts(workspace?.attributes),
    typed,
    exclude,
  );
  const items = terms.map((term): CompletionItem => ({
    label: term.label,
    kind: 'key',
    detail: 'attribute',
    documentation: usedBy(term, 'entity', 'entities'),
    insertText: `${term.label}: `,
  }));
  return { items, incomplete };
}

/**
 * The value written on the cursor's line (up to a comment), unquoted: counted among the uses
 * already, as the sidecar is parsed and indexed with it.
 */
function lineValue(source: string, lineStart: number): string {
  const end = source.indexOf('\n', lineStart);
  const line = source.slice(lineStart, end < 0 ? source.length : end);
  const value = /:\s*(.*?)\s*(?:\s#.*)?$/u.exec(line)?.[1] ?? '';
  return /^(["']).*\1$/u.test(value) ? value.slice(1, -1) : value;
}

/** The value on the cursor's line, when no other line uses it: it is no suggestion, only what is typed. */
function typedOnly(
  current: string,
  local: ReadonlyMap<string, number>,
  workspace: ReadonlyMap<string, number> | undefined,
): Set<string> {
  return (local.get(current) ?? 0) <= 1 && (workspace?.get(current) ?? 0) <= 1 ? new Set([current]) : new Set();
}

/** The values given to an attribute, by the entities the article sees and across the workspace. */
function attributeValues(
  entities: readonly Entity[],
  workspace: WorkspaceVocabulary | undefined,
  key: string,
  typed: string,
  current: string,
): SidecarCompletions {
  const local = localAttributeCounts(entities, key);
  const inWorkspace = workspace?.attributes.get(key)?.values;
  const { terms, incomplete } = rankTerms(local, inWorkspace ?? [], typed, typedOnly(current, local, inWorkspace));
  const items = terms.map((term): CompletionItem => ({
    label: term.label,
    kind: 'value',
    detail: key,
    documentation: usedBy(term, 'entity', 'entities'),
  }));
  return { items, incomplete };
}

/** The keys of `meta:`: the well-known ones and those the workspace's sidecars use. */
function metaKeys(
  workspace: WorkspaceVocabulary | undefined,
  typed: string,
  exclude: ReadonlySet<string>,
): SidecarCompletions {
  const { terms, incomplete } = rankTerms(new Map(), keyCounts(workspace?.meta), typed, exclude, META_KEYS);
  const items = terms.map((term): CompletionItem => ({
    label: term.label,
    kind: 'key',
    detail: 'meta',
    documentation:
      [META_DOCS[term.label], usedBy(term, 'sidecar', 'sidecars')].filter(Boolean).join(' ') ||
      'A key of your own for the article.',
    insertText: `${term.label}: `,
  }));
  return { items, incomplete };
}

/** The values the workspace's sidecars give a key of `meta:`. */
function metaValues(
  workspace: WorkspaceVocabulary | undefined,
  key: string,
  typed: string,
  current: string,
): SidecarCompletions {
  const inWorkspace = workspace?.meta.get(key)?.values;
  const { terms, incomplete } = rankTerms(
    new Map(),
    inWorkspace ?? [],
    typed,
    typedOnly(current, new Map(), inWorkspace),
  );
  const items = terms.map((term): CompletionItem => ({
    label: term.label,
    kind: 'value',
    detail: `meta ${key}`,
    documentation: usedBy(term, 'sidecar', 'sidecars'),
  }));
  return { items, incomplete };
}

/**
 * What completion offers at `offset` of a sidecar: entity ids, types, keys, and the keys and
 * values of `attributes:` and `meta:`, those the `workspace` uses included.
 */
export function sidecarCompletions(
  source: string,
  offset: number,
  analysis: Analysis | undefined,
  workspace?: WorkspaceVocabulary,
): CompletionItem[] {
  return sidecarCompletionList(source, offset, analysis, workspace).items;
}

/** As `sidecarCompletions`, and whether the items are only some of the candidates. */
export function sidecarCompletionList(
  source: string,
  offset: number,
  analysis: Analysis | undefined,
  workspace?: WorkspaceVocabulary,
): SidecarCompletions {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const prefix = source.slice(lineStart, offset);
  const ids = analysis?.entities.all() ?? [];

  const reference = /(?:^|[\s{,])(?:speaker|via)\s*:\s*([\w.-]*)$/u.exec(prefix);
  if (reference) {
    // Speakers are people, organizations and documents; places come last.
    const order = (type: string): number =>
      type === 'person' ? 0 : type === 'organization' ? 1 : type === 'document' ? 2 : type === 'place' ? 4 : 3;
    const items = entityChoices(ids, reference[1], analysis)
      .sort((a, b) => order(a.type) - order(b.type))
      .map((entity): CompletionItem => ({
        label: entity.id,
        kind: 'entity',
        detail: `${entity.name?.text ?? entity.id} · ${entity.type}`,
        documentation: entity.description ?? '',
      }));
    // Below a large registry only some entities are offered.
    return { items, incomplete: ids.length > MAX_ENTITY_COMPLETIONS };
  }
  if (/(?:^|[\s{,])type\s*:\s*[\w-]*$/u.test(prefix)) {
    const custom = [...new Set(ids.map((entity) => entity.type))].filter(
      (type) => !(WELL_KNOWN_TYPES as readonly string[]).includes(type) && type !== 'entity',
    );
    const items = [...WELL_KNOWN_TYPES, ...custom].map((type): CompletionItem => ({
      label: type,
      kind: 'type',
      detail: 'entity type',
      documentation: TYPE_DOCS[type] ?? 'A type of your own, used elsewhere in this sidecar.',
    }));
    return { items, incomplete: false };
  }
  const value = /^(\s+)([\w.-]+)\s*:\s*([^#]*)$/u.exec(prefix);
  if (value) {
    const { keys } = parentKeys(linesBefore(source, lineStart), value[1].length, false);
    const current = lineValue(source, lineStart);
    if (isAttributes(keys)) return attributeValues(ids, workspace, value[2], value[3], current);
    if (isMeta(keys)) return metaValues(workspace, value[2], value[3], current);
  }
  const none: SidecarCompletions = { items: [], incomplete: false };
  const keyPosition = /^(\s*)(-\s+)?([\w]*)$/u.exec(prefix);
  if (!keyPosition) return none;
  const indent = keyPosition[1].length + (keyPosition[2]?.length ?? 0);
  const { keys, inSequence } = parentKeys(linesBefore(source, lineStart), indent, keyPosition[2] !== undefined);
  if (keyPosition[2] === undefined) {
    if (isAttributes(keys))
      return attributeKeys(ids, workspace, keyPosition[3], siblingKeys(source, lineStart, indent));
    if (isMeta(keys)) return metaKeys(workspace, keyPosition[3], siblingKeys(source, lineStart, indent));
  }
  let candidates: readonly string[];
  if (keys.length === 0 && indent === 0) candidates = TOP_LEVEL_KEYS;
  else if (keys[0] === 'entities' && keys.length === 2) candidates = ENTITY_KEYS;
  else if (keys[0] === 'quotes' && keys.length === 1 && inSequence) candidates = QUOTE_KEYS;
  else return none;
  const items = candidates.map((key): CompletionItem => ({
    label: key,
    kind: 'key',
    detail: keys.length === 0 ? 'sidecar' : keys[0] === 'entities' ? 'entity' : 'quote entry',
    documentation: KEY_DOCS[key] ?? '',
    insertText: `${key}: `,
  }));
  return { items, incomplete: false };
}
