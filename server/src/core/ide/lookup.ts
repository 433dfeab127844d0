/**
 * What stands at a position: a mention, a quote, an entity id or a reference in the sidecar.
 * Hover, go to definition and the other navigation features all start here.
 */

import type { Analysis, AnalyzedQuote } from '../analyze';
import type { Mention } from '../article/mentions';
import type { Entity, QuoteEntry } from '../sidecar/sidecar';
import type { Span } from '../text/text';

export type ArticleTarget =
  { kind: 'mention'; mention: Mention; entity: Entity | undefined } | { kind: 'quote'; quote: AnalyzedQuote };

export type SidecarTarget =
  | { kind: 'entity'; entity: Entity; span: Span }
  | {
      kind: 'reference';
      entity: Entity | undefined;
      id: string;
      field: 'speaker' | 'via';
      entry: QuoteEntry;
      span: Span;
    }
  | { kind: 'quote-entry'; entry: QuoteEntry; quote: AnalyzedQuote | undefined; span: Span };

function contains(span: Span, offset: number): boolean {
  // The end counts too, so a cursor right after a name still finds it.
  return span.start <= offset && offset <= span.end;
}

/** Binary search for the first item whose span ends at or after `offset`. */
function firstEndingAtOrAfter<T>(items: readonly T[], offset: number, spanOf: (item: T) => Span): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spanOf(items[mid]).end < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function mentionAt(analysis: Analysis, offset: number): Mention | undefined {
  const i = firstEndingAtOrAfter(analysis.mentions, offset, (m) => m.span);
  const mention = analysis.mentions[i];
  return mention && contains(mention.span, offset) ? mention : undefined;
}

/** The innermost quote at `offset`. */
export function quoteAt(analysis: Analysis, offset: number): AnalyzedQuote | undefined {
  let found: AnalyzedQuote | undefined;
  for (const quote of analysis.quotes) {
    if (quote.outer.start > offset) break;
    if (contains(quote.outer, offset) && (!found || quote.depth >= found.depth)) found = quote;
  }
  return found;
}

/** A mention wins over the quote around it: the more specific thing under the cursor. */
export function articleTargetAt(analysis: Analysis, offset: number): ArticleTarget | undefined {
  const mention = mentionAt(analysis, offset);
  if (mention) return { kind: 'mention', mention, entity: analysis.entities.get(mention.entity) };
  const quote = quoteAt(analysis, offset);
  return quote ? { kind: 'quote', quote } : undefined;
}

export function sidecarTargetAt(analysis: Analysis, offset: number): SidecarTarget | undefined {
  const sidecar = analysis.sidecar;
  if (!sidecar) return undefined;
  for (const entity of sidecar.entities) {
    // The entity as the article sees it: an entry that extends a registry's, merged with it.
    if (contains(entity.idSpan, offset)) {
      return { kind: 'entity', entity: analysis.entities.get(entity.id) ?? entity, span: entity.idSpan };
    }
  }
  for (const entry of sidecar.quotes) {
    if (!contains(entry.span, offset)) continue;
    for (const field of ['speaker', 'via'] as const) {
      const reference = entry[field];
      if (reference && contains(reference.span, offset)) {
        return {
          kind: 'reference',
          entity: analysis.entities.get(reference.text),
          id: reference.text,
          field,
          entry,
          span: reference.span,
        };
      }
    }
    if (entry.text && contains(entry.text.span, offset)) {
      return { kind: 'quote-entry', entry, quote: quoteOfEntry(analysis, entry.index), span: entry.text.span };
    }
  }
  return undefined;
}

export function quoteOfEntry(analysis: Analysis, entry: number): AnalyzedQuote | undefined {
  return analysis.quotes.find((quote) => quote.entry === entry);
}

/** The facts an entity's card shows, as plain data. */
export interface EntityCard {
  id: string;
  name: string;
  type: string;
  description?: string;
  note?: string;
  aliases: string[];
  mentions: number;
  /** The quotes attributed to the entity, in text order. */
  quotes: AnalyzedQuote[];
  /** Quotes taken via the entity as the outlet. */
  via: AnalyzedQuote[];
  wikidataUrl?: string;
  wikidataId?: string;
  links: string[];
  coordinates?: [number, number];
  mapUrl?: string;
}

export function entityCard(analysis: Analysis, entity: Entity): EntityCard {
  const stats = analysis.entityStats.get(entity.id);
  const card: EntityCard = {
    id: entity.id,
    name: entity.name?.text ?? entity.id,
    type: entity.type,
    aliases: entity.aliases.map((alias) => alias.text),
    mentions: stats?.mentions ?? 0,
    quotes: (stats?.quotes ?? []).map((index) => analysis.quotes[index]),
    via: (stats?.via ?? []).map((index) => analysis.quotes[index]),
    links: entity.links,
  };
  if (entity.description) card.description = entity.description;
  if (entity.note) card.note = entity.note;
  if (entity.wikidata) {
    card.wikidataId = entity.wikidata;
    card.wikidataUrl = `https://www.wikidata.org/wiki/${entity.wikidata}`;
  }
  if (entity.coordinates) {
    const [latitude, longitude] = entity.coordinates;
    card.coordinates = entity.coordinates;
    card.mapUrl = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=12/${latitude}/${longitude}`;
  }
  return card;
}
