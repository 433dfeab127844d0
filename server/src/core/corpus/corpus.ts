/**
 * The corpus: what every article, sidecar and registry of a workspace says about each entity,
 * kept as small summaries rather than analyses, so that a newsroom's archive of thousands of
 * articles fits in memory and answers in milliseconds: workspace symbols, references across
 * articles, the files a rename touches, usage counts for hover cards, unused registry entities.
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
import { abbreviate, foldForSearch, type Range } from '../text/text';

/** How an entity is known across files. */
export function entityKey(entity: Entity, sidecarFile: string): string {
  const origin = entity.origin ?? entity.extends?.origin;
  return `${origin ?? sidecarFile}#${entity.id}`;
}

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

/** What the index keeps of one article and its sidecar. */
export interface ArticleSummary {
  article: string;
  sidecar: string | undefined;
  /** When the article was last changed (milliseconds since 1970), to show recent quotes first. */
  modified: number;
  /** The ranges of each entity's mentions in the article, by entity key. */
  mentions: Map<string, Range[]>;
  /** The quotes attributed to each entity, by entity key. */
  quotes: Map<string, CorpusQuote[]>;
  /** Where the sidecar names each entity (`speaker:`, `via:`, an entry's id), by entity key. */
  sidecarNames: Map<string, Range[]>;
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
  const push = <T>(map: Map<string, T[]>, id: string, item: T): void => {
    const k = key(id);
    if (k === undefined) return;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  };
  const summary: ArticleSummary = {
    article,
    sidecar,
    modified,
    mentions: new Map(),
    quotes: new Map(),
    sidecarNames: new Map(),
  };
  const lines = analysis.articleLines;
  for (const mention of analysis.mentions) push(summary.mentions, mention.entity, lines.rangeOf(mention.span));
  for (const quote of analysis.quotes) {
    if (!quote.speaker) continue;
    push(summary.quotes, quote.speaker, { range: lines.rangeOf(quote.outer), text: abbreviate(quote.text, 120) });
  }
  const sidecarLines = analysis.sidecarLines;
  for (const entity of analysis.sidecar?.entities ?? [])
    push(summary.sidecarNames, entity.id, sidecarLines.rangeOf(entity.idSpan));
  for (const entry of analysis.sidecar?.quotes ?? []) {
    if (entry.speaker) push(summary.sidecarNames, entry.speaker.text, sidecarLines.rangeOf(entry.speaker.span));
    if (entry.via) push(summary.sidecarNames, entry.via.text, sidecarLines.rangeOf(entry.via.span));
  }
  return summary;
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

  setEntityFile(file: string, entities: DefinedEntity[]): void {
    this.removeEntityFile(file);
    this.entityFiles.set(file, entities);
    for (const entity of entities) this.definitions.set(entity.key, entity);
  }

  removeEntityFile(file: string): void {
    for (const entity of this.entityFiles.get(file) ?? []) this.definitions.delete(entity.key);
    this.entityFiles.delete(file);
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
      const inArticle = [...(summary.mentions.get(key) ?? []), ...(summary.quotes.get(key) ?? []).map((q) => q.range)];
      inArticle.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
      for (const range of inArticle) locations.push({ file: article, range });
      if (summary.sidecar) {
        for (const range of summary.sidecarNames.get(key) ?? []) {
          if (includeDeclaration || fileOfKey(key) !== summary.sidecar)
            locations.push({ file: summary.sidecar, range });
        }
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
    const ranked: { match: SymbolMatch; rank: number }[] = [];
    for (const entities of this.entityFiles.values()) {
      for (const entity of entities) {
        let best: { matched: string; rank: number } | undefined;
        for (const form of [entity.name ?? entity.id, ...entity.aliases, entity.id]) {
          const rank = matchRank(foldForSearch(form), wanted);
          if (rank >= 0 && (!best || rank < best.rank)) best = { matched: form, rank };
          if (rank === 0) break;
        }
        if (best) ranked.push({ match: { entity, matched: best.matched }, rank: best.rank });
      }
    }
    ranked.sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.match.entity.name ?? a.match.entity.id).localeCompare(b.match.entity.name ?? b.match.entity.id) ||
        (a.match.entity.file < b.match.entity.file ? -1 : 1),
    );
    return ranked.slice(0, limit).map((entry) => entry.match);
  }
}

/** 0: starts with the query; 1: a word starts with it; 2: contains it; 3: has its characters in order; -1: no match. */
function matchRank(form: string, query: string): number {
  if (query === '') return 0;
  const at = form.indexOf(query);
  if (at === 0) return 0;
  if (at > 0) return /[\s\-.'’]/u.test(form[at - 1]) ? 1 : 2;
  let i = 0;
  for (let k = 0; k < form.length && i < query.length; k++) if (form[k] === query[i]) i++;
  return i === query.length ? 3 : -1;
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
