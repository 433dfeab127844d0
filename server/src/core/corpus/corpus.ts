/**
 * The corpus: what every article, sidecar and registry of a workspace says about each entity,
 * kept as small summaries rather than analyses, so that a newsroom's archive of thousands of
 * articles fits in memory and answers in milliseconds: workspace symbols, references across
 * articles, the files a rename touches, usage counts for hover cards, unused registry entities,
 * and the keys and values of `attributes:` and `meta:` that completion offers.
 *
 * An entity is known across files by its key: a registry entity by the registry's path and its
 * id (`/news/entities.ann.yaml#putin`), so that articles below one registry share it; a
 * sidecar's own entity by the sidecar's path and its id, as no other article sees it. A
 * sidecar entry that extends a registry entity is that entity.
 */

import type { Analysis } from '../analyze';
import { capDiagnostics, compareDiagnostics, type CoreDiagnostic } from '../diagnostics';
import type { Entity, ParsedSidecar } from '../sidecar/sidecar';
import { sidecarLinesOf } from '../analyze';
import type { KeyUsage, WorkspaceVocabulary } from '../ide/completion';
import { recordOf, type ArticleRecord } from '../report/record';
import { isMarkdownPath } from '../sidecar/pairing';
import { derivedPer } from '../text/memo';
import { abbreviate, foldForSearch, type Range } from '../text/text';

/** How an entity is known across files. */
export function entityKey(entity: Entity, sidecarFile: string): string {
  const origin = entity.origin ?? entity.extends?.origin;
  if (origin === undefined) return `${sidecarFile}#${entity.id}`;
  // An entry that extends a registry entity has its id.
  return registryKeyOf(entity.origin === undefined ? entity.extends! : entity);
}

/**
 * The key of a registry entity, made once: the summaries of thousands of articles name the same
 * entities, and share one string each rather than keeping a copy per article.
 */
const registryKeyOf = derivedPer((entity: Entity): string => `${entity.origin}#${entity.id}`);

/** The id of an entity key. */
export function idOfKey(key: string): string {
  return key.slice(key.lastIndexOf('#') + 1);
}

/** The file of an entity key (the registry or sidecar that defines it). */
export function fileOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('#'));
}

export interface CorpusQuote {
  range: Range;
  /** The quoted words, shortened. */
  text: string;
}

/**
 * Ranges packed four numbers to a range (start line, start character, end line, end character)
 * in one array. An index of thousands of articles keeps tens of thousands of ranges, and as
 * objects (a range and its two positions each) they were most of the server's heap, which every
 * full garbage collection walked while the editor waited.
 */
export type PackedRanges = number[];

function pushRange(ranges: PackedRanges, range: Range): void {
  ranges.push(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The ranges of a packed list, as objects. */
export function unpackRanges(ranges: PackedRanges): Range[] {
  const unpacked: Range[] = [];
  for (let i = 0; i + 3 < ranges.length; i += 4) {
    unpacked.push({
      start: { line: ranges[i], character: ranges[i + 1] },
      end: { line: ranges[i + 2], character: ranges[i + 3] },
    });
  }
  return unpacked;
}

/** What the index keeps of one article and its sidecar. */
export interface ArticleSummary {
  article: string;
  sidecar: string | undefined;
  /** When the article was last changed (milliseconds since 1970), to show recent quotes first. */
  modified: number;
  /** The ranges of each entity's mentions in the article, by entity key. */
  mentions: Map<string, PackedRanges>;
  /** The quotes attributed to each entity, by entity key. */
  quotes: Map<string, CorpusQuote[]>;
  /** Where the sidecar names each entity (`speaker:`, `via:`, an entry's id), by entity key. */
  sidecarNames: Map<string, PackedRanges>;
  /** What the sources report needs of the article (core/report/record.ts), its quotes' words shortened. */
  record: ArticleRecord;
}

/**
 * How much of each quote's words the records of the index keep: the report counts words when
 * the record is made, and the editor shows a quote in a list, so a line's worth is enough.
 */
export const RECORD_TEXT_LENGTH = 160;

/** The report record of an analysed pair as the index keeps it, and as the Sources panel reads an open one. */
export function indexRecord(analysis: Analysis, article: string, sidecar: string | undefined): ArticleRecord {
  return recordOf({ analysis, article, sidecar, markdown: isMarkdownPath(article), maxTextLength: RECORD_TEXT_LENGTH });
}

/** A summary of an analysed pair; the analysis can be let go afterwards. */
export function summarize(
  analysis: Analysis,
  article: string,
  sidecar: string | undefined,
  modified: number,
): ArticleSummary {
  const file = sidecar ?? article;
  const keyOf = new Map<string, string | undefined>();
  const key = (id: string): string | undefined => {
    if (keyOf.has(id)) return keyOf.get(id);
    const entity = analysis.entities.get(id);
    const found = entity ? entityKey(entity, file) : undefined;
    keyOf.set(id, found);
    return found;
  };
  const listOf = <T>(map: Map<string, T[]>, id: string): T[] | undefined => {
    const k = key(id);
    if (k === undefined) return undefined;
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    return list;
  };
  const pushRangeOf = (map: Map<string, PackedRanges>, id: string, range: Range): void => {
    const list = listOf(map, id);
    if (list) pushRange(list, range);
  };
  const summary: ArticleSummary = {
    article,
    sidecar,
    modified,
    mentions: new Map(),
    quotes: new Map(),
    sidecarNames: new Map(),
    record: indexRecord(analysis, article, sidecar),
  };
  const lines = analysis.articleLines;
  for (const mention of analysis.mentions) pushRangeOf(summary.mentions, mention.entity, lines.rangeOf(mention.span));
  for (const quote of analysis.quotes) {
    if (!quote.speaker) continue;
    listOf(summary.quotes, quote.speaker)?.push({
      range: lines.rangeOf(quote.outer),
      text: abbreviate(quote.text, 120),
    });
  }
  const sidecarLines = analysis.sidecarLines;
  for (const entity of analysis.sidecar?.entities ?? [])
    pushRangeOf(summary.sidecarNames, entity.id, sidecarLines.rangeOf(entity.idSpan));
  for (const entry of analysis.sidecar?.quotes ?? []) {
    if (entry.speaker) pushRangeOf(summary.sidecarNames, entry.speaker.text, sidecarLines.rangeOf(entry.speaker.span));
    if (entry.via) pushRangeOf(summary.sidecarNames, entry.via.text, sidecarLines.rangeOf(entry.via.span));
  }
  return summary;
}

/**
 * The summary of an article that was not analysed (no sidecar, no registry above it): it names
 * no entity, and its record lists it for the sources report.
 */
export function unannotatedSummary(record: ArticleRecord, modified: number): ArticleSummary {
  return {
    article: record.article,
    sidecar: undefined,
    modified,
    mentions: new Map(),
    quotes: new Map(),
    sidecarNames: new Map(),
    record,
  };
}

/** An entity as workspace symbols list it. */
export interface DefinedEntity {
  key: string;
  id: string;
  type: string;
  name: string | undefined;
  aliases: string[];
  /** The file that defines it, and the range of its id there. */
  file: string;
  range: Range;
  /** Defined in a registry, rather than in an article's sidecar. */
  registry: boolean;
}

/** The entities a registry or sidecar defines (entries that extend a registry's are not new ones). */
export function definedEntities(parsed: ParsedSidecar, file: string, registry: boolean): DefinedEntity[] {
  const lines = sidecarLinesOf(parsed);
  const defined: DefinedEntity[] = [];
  for (const entity of parsed.sidecar.entities) {
    if (!registry && entity.partial) continue;
    defined.push({
      key: `${file}#${entity.id}`,
      id: entity.id,
      type: entity.type,
      name: entity.name?.text,
      aliases: entity.aliases.map((alias) => alias.text),
      file,
      range: lines.rangeOf(entity.idSpan),
      registry,
    });
  }
  return defined;
}

/**
 * The keys and values of `attributes:` (of every entity, entries that extend a registry's
 * included) and of `meta:` that a registry or sidecar writes, as key, value, key, value, …
 */
export interface FileVocabulary {
  attributes: string[];
  meta: string[];
}

const NO_VOCABULARY: FileVocabulary = { attributes: [], meta: [] };

/** The keys and values of `attributes:` and `meta:` a registry or sidecar writes. */
export function fileVocabulary(parsed: ParsedSidecar): FileVocabulary {
  const vocabulary: FileVocabulary = { attributes: [], meta: [] };
  for (const entity of parsed.sidecar.entities)
    for (const [key, value] of Object.entries(entity.attributes ?? {})) vocabulary.attributes.push(key, value);
  for (const [key, value] of Object.entries(parsed.sidecar.meta ?? {})) vocabulary.meta.push(key, value);
  return vocabulary;
}

interface Usage extends KeyUsage {
  values: Map<string, number>;
}

/** How often each key and value is used, kept as files are added and taken out. */
class KeyValueCounts {
  readonly byKey = new Map<string, Usage>();

  /** Adds (`step` 1) or takes out (`step` -1) the pairs of a file. */
  add(pairs: readonly string[], step: 1 | -1): void {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i];
      const value = pairs[i + 1];
      let usage = this.byKey.get(key);
      if (!usage) this.byKey.set(key, (usage = { count: 0, values: new Map() }));
      usage.count += step;
      const count = (usage.values.get(value) ?? 0) + step;
      if (count > 0) usage.values.set(value, count);
      else usage.values.delete(value);
      if (usage.count <= 0) this.byKey.delete(key);
    }
  }
}

/** A place in a file of the corpus. */
export interface CorpusLocation {
  file: string;
  range: Range;
}

export interface EntityUsage {
  /** Articles that mention the entity. */
  mentionedIn: number;
  /** Articles that quote it. */
  quotedIn: number;
  /** The most recent quotes, newest article first. */
  recentQuotes: { article: string; modified: number; quote: CorpusQuote }[];
}

/** A match of a workspace symbol query. */
export interface SymbolMatch {
  entity: DefinedEntity;
  /** The name or alias that matched. */
  matched: string;
}

export class CorpusIndex {
  private readonly articles = new Map<string, ArticleSummary>();
  /** Entity key → the articles whose summary has it (mentions, quotes or sidecar names). */
  private readonly users = new Map<string, Set<string>>();
  private readonly entityFiles = new Map<string, DefinedEntity[]>();
  private readonly definitions = new Map<string, DefinedEntity>();
  private readonly vocabularies = new Map<string, FileVocabulary>();
  private readonly attributeCounts = new KeyValueCounts();
  private readonly metaCounts = new KeyValueCounts();

  /**
   * The keys and values of `attributes:` and `meta:` that the registries and sidecars use, with
   * how many entities (or sidecars) use each: kept up to date as files are set and removed, so
   * that completion reads it as it is.
   */
  readonly vocabulary: WorkspaceVocabulary = {
    attributes: this.attributeCounts.byKey,
    meta: this.metaCounts.byKey,
  };

  get articleCount(): number {
    return this.articles.size;
  }

  article(article: string): ArticleSummary | undefined {
    return this.articles.get(article);
  }

  setArticle(summary: ArticleSummary): void {
    this.removeArticle(summary.article);
    this.articles.set(summary.article, summary);
    for (const map of [summary.mentions, summary.quotes, summary.sidecarNames]) {
      for (const key of map.keys()) {
        let set = this.users.get(key);
        if (!set) this.users.set(key, (set = new Set()));
        set.add(summary.article);
      }
    }
  }

  removeArticle(article: string): void {
    const old = this.articles.get(article);
    if (!old) return;
    this.articles.delete(article);
    for (const map of [old.mentions, old.quotes, old.sidecarNames]) {
      for (const key of map.keys()) {
        const set = this.users.get(key);
        set?.delete(article);
        if (set?.size === 0) this.users.delete(key);
      }
    }
  }

  /** The articles whose summaries are in the index. */
  articlePaths(): IterableIterator<string> {
    return this.articles.keys();
  }

  /** The summaries of the index, each article's once. */
  summaries(): IterableIterator<ArticleSummary> {
    return this.articles.values();
  }

  /** A registry or sidecar: the entities it defines, and the keys and values it writes. */
  setEntityFile(file: string, entities: DefinedEntity[], vocabulary: FileVocabulary = NO_VOCABULARY): void {
    this.removeEntityFile(file);
    this.entityFiles.set(file, entities);
    for (const entity of entities) this.definitions.set(entity.key, entity);
    if (vocabulary.attributes.length > 0 || vocabulary.meta.length > 0) {
      this.vocabularies.set(file, vocabulary);
      this.attributeCounts.add(vocabulary.attributes, 1);
      this.metaCounts.add(vocabulary.meta, 1);
    }
  }

  removeEntityFile(file: string): void {
    for (const entity of this.entityFiles.get(file) ?? []) this.definitions.delete(entity.key);
    this.entityFiles.delete(file);
    const vocabulary = this.vocabularies.get(file);
    if (vocabulary) {
      this.vocabularies.delete(file);
      this.attributeCounts.add(vocabulary.attributes, -1);
      this.metaCounts.add(vocabulary.meta, -1);
    }
  }

  definition(key: string): DefinedEntity | undefined {
    return this.definitions.get(key);
  }

  /** How many articles mention and quote an entity, and its latest quotes (outside `exclude`). */
  usage(key: string, recent = 3, exclude?: string): EntityUsage {
    let mentionedIn = 0;
    let quotedIn = 0;
    const quotes: EntityUsage['recentQuotes'] = [];
    for (const article of this.users.get(key) ?? []) {
      const summary = this.articles.get(article)!;
      if (summary.mentions.has(key)) mentionedIn++;
      const quoted = summary.quotes.get(key);
      if (quoted) {
        quotedIn++;
        // The article at hand lists its own quotes already.
        if (article !== exclude)
          for (const quote of quoted) quotes.push({ article, modified: summary.modified, quote });
      }
    }
    quotes.sort((a, b) => b.modified - a.modified || (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
    return { mentionedIn, quotedIn, recentQuotes: quotes.slice(0, recent) };
  }

  /**
   * Every place an entity appears in the corpus: its definition, then per article (in path
   * order) its mentions and quotes, and where the sidecar names it.
   */
  references(key: string, includeDeclaration: boolean): CorpusLocation[] {
    const locations: CorpusLocation[] = [];
    const definition = this.definitions.get(key);
    if (includeDeclaration && definition) locations.push({ file: definition.file, range: definition.range });
    const articles = [...(this.users.get(key) ?? [])].sort();
    for (const article of articles) {
      const summary = this.articles.get(article)!;
      const inArticle = [
        ...unpackRanges(summary.mentions.get(key) ?? []),
        ...(summary.quotes.get(key) ?? []).map((q) => q.range),
      ];
      inArticle.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
      for (const range of inArticle) locations.push({ file: article, range });
      if (summary.sidecar && (includeDeclaration || fileOfKey(key) !== summary.sidecar)) {
        for (const range of unpackRanges(summary.sidecarNames.get(key) ?? []))
          locations.push({ file: summary.sidecar, range });
      }
    }
    return locations;
  }

  /** The sidecars that name an entity (as speaker, via or an entry's id), for a rename. */
  sidecarsNaming(key: string): string[] {
    const sidecars = new Set<string>();
    for (const article of this.users.get(key) ?? []) {
      const summary = this.articles.get(article)!;
      if (summary.sidecar && summary.sidecarNames.has(key)) sidecars.add(summary.sidecar);
    }
    return [...sidecars].sort();
  }

  /** Whether any article mentions or quotes the entity, or any sidecar names it. */
  isUsed(key: string): boolean {
    return (this.users.get(key)?.size ?? 0) > 0;
  }

  /** The entities a registry or sidecar defines. */
  entitiesOf(file: string): readonly DefinedEntity[] {
    return this.entityFiles.get(file) ?? [];
  }

  /**
   * Entities whose id, name or an alias matches `query`: all its characters in order, case
   * and accents aside ("wputin" finds Wladimir Putin). Those whose name starts with the query
   * come first, then a word of it, then the rest; at most `limit`.
   */
  symbols(query: string, limit = 200): SymbolMatch[] {
    const wanted = foldForSearch(query.trim());
    const wantedMask = charMask(wanted);
    // The matches by rank; only the ranks that the limit reaches are sorted.
    const byRank: SymbolMatch[][] = [[], [], [], []];
    for (const entities of this.entityFiles.values()) {
      if (entities.length === 0) continue;
      const table = searchTableOf(entities);
      for (let e = 0; e < entities.length; e++) {
        // An entity whose forms lack a character of the query cannot match: most are passed
        // over here.
        if ((table.masks[e] & wantedMask) !== wantedMask) continue;
        const forms = table.forms[e];
        const folded = table.folded[e];
        let best = -1;
        let bestRank = -1;
        for (let i = 0; i < forms.length; i++) {
          const rank = matchRank(folded[i], wanted);
          if (rank >= 0 && (best < 0 || rank < bestRank)) {
            best = i;
            bestRank = rank;
          }
          if (rank === 0) break;
        }
        if (best >= 0) byRank[bestRank].push({ entity: entities[e], matched: forms[best] });
      }
    }
    const found: SymbolMatch[] = [];
    for (const matches of byRank) {
      if (found.length >= limit) break;
      matches.sort(
        (a, b) =>
          compareNames(a.entity.name ?? a.entity.id, b.entity.name ?? b.entity.id) ||
          (a.entity.file < b.entity.file ? -1 : 1),
      );
      for (const match of matches) {
        if (found.length >= limit) break;
        found.push(match);
      }
    }
    return found;
  }
}

/**
 * Names compared as `localeCompare` compares them, without looking the collation up each time.
 * The collator is made at the first comparison: making one loads the collation data, which a
 * program that only loads this module (the command line) need not wait for.
 */
let collator: Intl.Collator | undefined;
function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

/**
 * What a symbol query is matched against, per entity of a registry or sidecar: its name (or
 * id), aliases and id, the same folded, and which characters they hold. A registry of
 * thousands of entities was folded again on every keystroke of the query.
 */
const searchTableOf = derivedPer((entities: readonly DefinedEntity[]) => {
  const forms: string[][] = [];
  const folded: string[][] = [];
  const masks = new Int32Array(entities.length);
  entities.forEach((entity, e) => {
    forms.push([entity.name ?? entity.id, ...entity.aliases, entity.id]);
    folded.push(forms[e].map(foldForSearch));
    for (const form of folded[e]) masks[e] |= charMask(form);
  });
  return { forms, folded, masks };
});

/** A bit for each letter a to z a text holds, and six bits shared by every other character. */
function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    mask |= 1 << (code >= 97 && code <= 122 ? code - 97 : 26 + (code % 6));
  }
  return mask;
}

/** 0: starts with the query; 1: a word starts with it; 2: contains it; 3: has its characters in order; -1: no match. */
function matchRank(form: string, query: string): number {
  if (query === '') return 0;
  const at = form.indexOf(query);
  if (at === 0) return 0;
  if (at > 0) return /[\s\-.'’]/u.test(form[at - 1]) ? 1 : 2;
  if (query.length > form.length) return -1;
  let i = 0;
  let wanted = query.charCodeAt(0);
  for (let k = 0; k < form.length; k++) {
    if (form.charCodeAt(k) !== wanted) continue;
    if (++i === query.length) return 3;
    wanted = query.charCodeAt(i);
  }
  return -1;
}

/**
 * The `unused-entity` hints of a registry: its entities that `isUsed` says no article mentions
 * or quotes and no sidecar names or extends; `where` names the articles looked at ("the
 * workspace", a folder). Only meaningful once all of them are analysed.
 */
export function unusedEntityDiagnostics(
  parsed: ParsedSidecar,
  isUsed: (id: string) => boolean,
  where: string,
): CoreDiagnostic[] {
  const diagnostics: CoreDiagnostic[] = [];
  const seen = new Set<string>();
  for (const entity of parsed.sidecar.entities) {
    // A second definition of an id is a duplicate-id error already, and never seen.
    if (seen.has(entity.id)) continue;
    seen.add(entity.id);
    if (isUsed(entity.id)) continue;
    diagnostics.push({
      target: 'sidecar',
      span: entity.idSpan,
      severity: 'hint',
      code: 'unused-entity',
      message: `'${entity.id}' is defined here but no article under ${where} mentions or quotes it.`,
      data: { id: entity.id },
    });
  }
  return capDiagnostics(diagnostics.sort(compareDiagnostics));
}
