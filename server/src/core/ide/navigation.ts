/**
 * Navigation between an article and its sidecar: where an entity is defined, where it is
 * mentioned, quoted and cited, the outline of both files, and the counts shown above them.
 */

import type { Analysis, AnalyzedQuote } from '../analyze';
import { articleTargetAt, sidecarTargetAt } from './lookup';
import type { Entity, Sidecar } from '../sidecar/sidecar';
import { abbreviate, type Span } from '../text/text';

/** A place in one of the two files of a pair, or in a registry above them. */
export interface PairLocation {
  target: 'article' | 'sidecar' | 'registry';
  span: Span;
  /** The registry's path (an entity's `origin`), for a place in a registry. */
  file?: string;
}

/** Where an entity is defined: the sidecar's entry, or the registry's that the article sees. */
export function definitionOf(entity: Entity): PairLocation {
  return entity.origin === undefined
    ? { target: 'sidecar', span: entity.idSpan }
    : { target: 'registry', file: entity.origin, span: entity.idSpan };
}

/** The entity an article or sidecar position refers to, if any. */
export function entityAt(analysis: Analysis, target: 'article' | 'sidecar', offset: number): Entity | undefined {
  if (target === 'article') {
    const found = articleTargetAt(analysis, offset);
    if (found?.kind === 'mention') return found.entity;
    if (found?.kind === 'quote' && found.quote.speaker) return analysis.entities.get(found.quote.speaker);
    return undefined;
  }
  const found = sidecarTargetAt(analysis, offset);
  if (found?.kind === 'entity') return found.entity;
  if (found?.kind === 'reference') return found.entity;
  return undefined;
}

/**
 * Go to definition: from a mention to its entity's entry, from a quote to the quote entry that
 * attributes it, from a `speaker:` or `via:` value to the entity.
 */
export function definitionAt(
  analysis: Analysis,
  target: 'article' | 'sidecar',
  offset: number,
): PairLocation | undefined {
  if (target === 'article') {
    const found = articleTargetAt(analysis, offset);
    if (found?.kind === 'mention' && found.entity) return definitionOf(found.entity);
    if (found?.kind === 'quote' && found.quote.entry !== undefined) {
      const entry = analysis.sidecar?.quotes[found.quote.entry];
      if (entry) return { target: 'sidecar', span: entry.text?.span ?? entry.span };
    }
    return undefined;
  }
  const found = sidecarTargetAt(analysis, offset);
  if (found?.kind === 'reference' && found.entity) return definitionOf(found.entity);
  // From an entry that extends a registry entity, to the registry's entry.
  if (found?.kind === 'entity' && found.entity.extends) return definitionOf(found.entity.extends);
  if (found?.kind === 'entity') return { target: 'sidecar', span: found.entity.idSpan };
  if (found?.kind === 'quote-entry' && found.quote) return { target: 'article', span: found.quote.content };
  return undefined;
}

/**
 * Every place an entity appears: its id in the sidecar (the declaration), the `speaker:` and
 * `via:` values that name it, and in the article its mentions and the quotes attributed to it,
 * in text order.
 */
export function referencesOf(analysis: Analysis, id: string, includeDeclaration: boolean): PairLocation[] {
  const entity = analysis.entities.get(id);
  if (!entity) return [];
  const locations: PairLocation[] = [];
  if (includeDeclaration) {
    locations.push(definitionOf(entity));
    if (entity.extends) locations.push(definitionOf(entity.extends));
  }
  for (const entry of analysis.sidecar?.quotes ?? []) {
    if (entry.speaker?.text === id) locations.push({ target: 'sidecar', span: entry.speaker.span });
    if (entry.via?.text === id) locations.push({ target: 'sidecar', span: entry.via.span });
  }
  const stats = analysis.entityStats.get(id);
  const quotes = (stats?.quotes ?? []).map((index) => analysis.quotes[index].outer);
  // The mentions and the quotes merged by position: both lists are in text order.
  let q = 0;
  for (const mention of analysis.mentions) {
    if (mention.entity !== id) continue;
    while (q < quotes.length && quotes[q].start <= mention.span.start) {
      locations.push({ target: 'article', span: quotes[q++] });
    }
    locations.push({ target: 'article', span: mention.span });
  }
  while (q < quotes.length) locations.push({ target: 'article', span: quotes[q++] });
  return locations;
}

/** Where every `speaker:`, `via:` and the key name an entity id, for renaming it. */
export function idOccurrences(analysis: Analysis, id: string): Span[] {
  return referencesOf(analysis, id, true)
    .filter((location) => location.target === 'sidecar')
    .map((location) => location.span);
}

export type OutlineKind = 'entity' | 'quote' | 'group';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** The entity type for entities, the quote kind for quotes. */
  type: string;
  span: Span;
  selection: Span;
  children: OutlineItem[];
}

function quoteName(quote: AnalyzedQuote): string {
  return `${quote.open}${abbreviate(quote.text, 50)}${quote.close}`;
}

/** The article's outline: its quotes grouped by speaker, then the unattributed ones and terms. */
export function articleOutline(analysis: Analysis): OutlineItem[] {
  const groups = new Map<string, OutlineItem>();
  const group = (key: string, name: string, detail: string): OutlineItem => {
    let item = groups.get(key);
    if (!item) {
      item = {
        name,
        detail,
        kind: 'group',
        type: 'group',
        span: { start: 0, end: 0 },
        selection: { start: 0, end: 0 },
        children: [],
      };
      groups.set(key, item);
    }
    return item;
  };
  for (const quote of analysis.quotes) {
    if (quote.depth > 0) continue;
    let parent: OutlineItem;
    if (quote.kind === 'term') parent = group('\u0000term', 'Terms', 'titles, names, scare quotes');
    else if (quote.speaker) {
      const entity = analysis.entities.get(quote.speaker);
      parent = group(`speaker:${quote.speaker}`, entity?.name?.text ?? quote.speaker, entity?.type ?? '');
    } else if (quote.anonymous !== undefined) {
      parent = group('\u0000anonymous', 'Anonymous sources', '');
    } else parent = group('\u0000unattributed', 'Unattributed', 'needs a speaker');
    parent.children.push({
      name: quoteName(quote),
      detail:
        quote.kind === 'speech' && quote.unattributed && quote.suggestion.entity
          ? `suggested: ${quote.suggestion.entity}`
          : '',
      kind: 'quote',
      type: quote.kind,
      span: quote.outer,
      selection: quote.content,
      children: [],
    });
  }
  const items = [...groups.values()];
  for (const item of items) {
    item.span = { start: item.children[0].span.start, end: item.children[item.children.length - 1].span.end };
    item.selection = item.children[0].selection;
    item.detail = [item.detail, `${item.children.length} quote${item.children.length === 1 ? '' : 's'}`]
      .filter(Boolean)
      .join(' · ');
  }
  // Speakers first in order of appearance; the special groups after them.
  return items.sort((a, b) => {
    const special = (item: OutlineItem): number =>
      item.name === 'Unattributed' ? 1 : item.name === 'Anonymous sources' ? 2 : item.name === 'Terms' ? 3 : 0;
    return special(a) - special(b) || a.span.start - b.span.start;
  });
}

/** The sidecar's outline: its entities and its quote entries. */
export function sidecarOutline(analysis: Analysis): OutlineItem[] {
  const sidecar = analysis.sidecar;
  if (!sidecar) return [];
  const entities: OutlineItem[] = sidecar.entities.map((entity) => {
    const stats = analysis.entityStats.get(entity.id);
    return {
      name: entity.id,
      detail: `${entity.name?.text ?? ''} · ${entity.type} · ${plural(stats?.mentions ?? 0, 'mention')}`,
      kind: 'entity',
      type: entity.type,
      span: entity.span,
      selection: entity.idSpan,
      children: [],
    };
  });
  const quotes: OutlineItem[] = sidecar.quotes.map((entry) => ({
    name: abbreviate(entry.text?.text ?? '(no text)', 50),
    detail: entry.speaker?.text ?? (entry.anonymous !== undefined ? 'anonymous' : entry.kind === 'term' ? 'term' : ''),
    kind: 'quote',
    type: entry.kind,
    span: entry.span,
    selection: entry.text?.span ?? entry.span,
    children: [],
  }));
  return [...entities, ...quotes];
}

/** "1 mention", "2 mentions". */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface Lens {
  target: 'article' | 'sidecar';
  span: Span;
  title: string;
  /** For an entity's lens: the entity, whose references a click shows. */
  entity?: string;
}

/** "7 mentions · 3 quotes" above each entity, and "12 quotes · 3 unattributed" atop the article. */
export function codeLenses(analysis: Analysis): Lens[] {
  const lenses: Lens[] = [];
  for (const entity of analysis.sidecar?.entities ?? []) {
    const stats = analysis.entityStats.get(entity.id);
    const parts = [plural(stats?.mentions ?? 0, 'mention')];
    if (entity.type !== 'place' || (stats?.quotes.length ?? 0) > 0)
      parts.push(plural(stats?.quotes.length ?? 0, 'quote'));
    if ((stats?.via.length ?? 0) > 0) parts.push(`source of ${stats!.via.length}`);
    lenses.push({ target: 'sidecar', span: entity.idSpan, title: parts.join(' · '), entity: entity.id });
  }
  if (analysis.articleAnalysed) {
    const topLevel = analysis.quotes.filter((quote) => quote.depth === 0);
    const unattributed = analysis.quotes.filter((quote) => quote.unattributed).length;
    lenses.push({
      target: 'article',
      span: { start: 0, end: 0 },
      title: `${plural(topLevel.length, 'quote')} · ${unattributed} unattributed`,
    });
  }
  return lenses;
}

/**
 * Where a sidecar or registry writes an entity id: the entry's key and every `speaker:` and
 * `via:` naming it, in text order. Renaming across files edits these in each.
 */
export function idSpansIn(sidecar: Sidecar, id: string): Span[] {
  const spans: Span[] = [];
  const entity = sidecar.entityById.get(id);
  if (entity) spans.push(entity.idSpan);
  for (const entry of sidecar.quotes) {
    if (entry.speaker?.text === id) spans.push(entry.speaker.span);
    if (entry.via?.text === id) spans.push(entry.via.span);
  }
  return spans.sort((a, b) => a.start - b.start);
}
