/**
 * Hover cards: who or what an entity is, how often it is mentioned, what a person is quoted as
 * saying; on a quote, who said it or who probably did. All text from the sidecar and the
 * article is escaped (see markdownEscape.ts).
 */

import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import {
  abbreviate,
  articleTargetAt,
  closestPassage,
  entityCard,
  sidecarTargetAt,
  type Analysis,
  type AnalyzedQuote,
  type Entity,
  type EntityUsage,
  type Span,
} from '../core';
import { escapeMarkdown, safeLink } from './markdownEscape';

/** How many attributed quotes a card lists before it says "and N more". */
const QUOTES_SHOWN = 3;
/** How many aliases a card lists: a sidecar may give thousands, and a card must stay small. */
const ALIASES_SHOWN = 10;
/** How much of an id a card shows. */
const ID_SHOWN = 100;

const TYPE_LABEL: Record<string, string> = {
  person: 'person',
  place: 'place',
  organization: 'organization',
  document: 'document',
};

/**
 * An id as inline code. Code shows its text literally, but only within one paragraph: a blank
 * line in an id (a quoted YAML key or speaker can hold one) would end the code and let the rest
 * be read as Markdown and HTML. Ids go on one line, without the backticks that could end the
 * code early.
 */
function code(id: string): string {
  return `\`${abbreviate(id.replace(/`/gu, ''), ID_SHOWN)}\``;
}

function quoteLine(analysis: Analysis, quote: AnalyzedQuote): string {
  const position = analysis.articleLines.positionAt(quote.content.start);
  const open = quote.open || '“';
  const close = quote.close || (quote.open ? '' : '”');
  return `- ${escapeMarkdown(open + abbreviate(quote.text, 90) + close)} (line ${position.line + 1})`;
}

/** What the workspace index knows of entities, for the corpus line of a card. */
export interface CorpusView {
  /** The entity's use across the workspace, or undefined when the index has nothing on it. */
  usageOf(entity: Entity): EntityUsage | undefined;
  /** Whether the index is still being built (the counts may grow). */
  building: boolean;
  uriOf(file: string): string;
}

/** How many recent quotes from other articles a card lists. */
const CORPUS_QUOTES_SHOWN = 3;

function corpusLines(entity: Entity, corpus: CorpusView | undefined): string[] {
  const usage = corpus?.usageOf(entity);
  if (!corpus || !usage) return [];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    '',
    `In the workspace: mentioned in ${plural(usage.mentionedIn, 'article')} · quoted in ${usage.quotedIn}` +
      (corpus.building ? ' (still indexing)' : ''),
  ];
  if (usage.recentQuotes.length) {
    lines.push('');
    for (const { article, quote } of usage.recentQuotes.slice(0, CORPUS_QUOTES_SHOWN)) {
      const name = article.slice(Math.max(article.lastIndexOf('/'), article.lastIndexOf('\\')) + 1);
      const link = safeLink(name, `${corpus.uriOf(article)}#L${quote.range.start.line + 1}`, true);
      lines.push(`- ${escapeMarkdown('“' + abbreviate(quote.text, 90) + '”')} (${link})`);
    }
  }
  return lines;
}

export function renderEntityCard(analysis: Analysis, entity: Entity, corpus?: CorpusView): string {
  const card = entityCard(analysis, entity);
  const lines: string[] = [];
  const type = TYPE_LABEL[card.type] ?? escapeMarkdown(card.type);
  lines.push(`**${escapeMarkdown(card.name)}** · ${type} · ${code(card.id)}`);
  if (card.description) lines.push('', escapeMarkdown(card.description));
  if (card.aliases.length) {
    const shown = card.aliases.slice(0, ALIASES_SHOWN).map((alias) => escapeMarkdown(alias, 100));
    const more = card.aliases.length - shown.length;
    lines.push('', `Also: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  // Counts in the article: a registry, or a sidecar whose article is missing, has none to count.
  if (analysis.articleAnalysed) {
    const counts = [`${card.mentions} mention${card.mentions === 1 ? '' : 's'}`];
    if (card.quotes.length || card.type === 'person')
      counts.push(`${card.quotes.length} quote${card.quotes.length === 1 ? '' : 's'}`);
    if (card.via.length) counts.push(`source of ${card.via.length}`);
    lines.push('', counts.join(' · '));
  }
  if (card.quotes.length) {
    lines.push('', 'Quoted as saying:', '');
    for (const quote of card.quotes.slice(0, QUOTES_SHOWN)) lines.push(quoteLine(analysis, quote));
    if (card.quotes.length > QUOTES_SHOWN) lines.push(`- and ${card.quotes.length - QUOTES_SHOWN} more`);
  }
  const links: string[] = [];
  if (card.wikidataUrl && card.wikidataId) links.push(safeLink(`Wikidata ${card.wikidataId}`, card.wikidataUrl));
  if (card.coordinates && card.mapUrl) {
    const [latitude, longitude] = card.coordinates;
    links.push(`${latitude}, ${longitude} (${safeLink('OpenStreetMap', card.mapUrl)})`);
  }
  for (const link of card.links.slice(0, 5)) links.push(safeLink(hostOf(link), link));
  if (links.length) lines.push('', links.join(' · '));
  if (card.note) lines.push('', `*Note:* ${escapeMarkdown(card.note)}`);
  lines.push(...corpusLines(entity, corpus));
  return lines.join('\n');
}

function hostOf(link: string): string {
  try {
    return new URL(link).host;
  } catch {
    return link;
  }
}

export function renderQuoteCard(analysis: Analysis, quote: AnalyzedQuote): string {
  const lines: string[] = [];
  if (quote.kind === 'term') {
    lines.push(`**Term**, not speech (${escapeMarkdown(quote.kindReason)}): needs no attribution.`);
    return lines.join('\n');
  }
  const speaker = quote.speaker ? analysis.entities.get(quote.speaker) : undefined;
  if (speaker) {
    lines.push(`**Quote** by ${escapeMarkdown(speaker.name?.text ?? speaker.id)}`);
    const via = quote.via ? analysis.entities.get(quote.via) : undefined;
    if (via) lines.push('', `Source: ${escapeMarkdown(via.name?.text ?? via.id)}`);
    lines.push('', '---', '', renderEntityCard(analysis, speaker));
    return lines.join('\n');
  }
  if (quote.anonymous !== undefined) {
    lines.push(`**Quote** by an anonymous source${quote.anonymous ? `: ${escapeMarkdown(quote.anonymous)}` : ''}`);
    return lines.join('\n');
  }
  lines.push('**No attribution**');
  const suggestion = quote.suggestion;
  const suggested = suggestion.entity ? analysis.entities.get(suggestion.entity) : undefined;
  if (suggested) {
    lines.push(
      '',
      `Suggested speaker: **${escapeMarkdown(suggested.name?.text ?? suggested.id)}** (${Math.round(
        suggestion.confidence * 100,
      )} %: ${escapeMarkdown(suggestion.reason)})`,
    );
  } else if (suggestion.cue) {
    lines.push('', `Speaker cue: “${escapeMarkdown(suggestion.cue.text, 100)}”, not in the sidecar.`);
  } else {
    lines.push('', 'No speaker is named nearby.');
  }
  return lines.join('\n');
}

export interface HoverResult {
  markdown: string;
  span: Span;
}

/** The hover for a position in an article. */
export function articleHover(analysis: Analysis, offset: number, corpus?: CorpusView): HoverResult | undefined {
  const target = articleTargetAt(analysis, offset);
  if (!target) return undefined;
  if (target.kind === 'mention') {
    return target.entity
      ? { markdown: renderEntityCard(analysis, target.entity, corpus), span: target.mention.span }
      : undefined;
  }
  return { markdown: renderQuoteCard(analysis, target.quote), span: target.quote.outer };
}

/** The hover for a position in a sidecar: entity ids, speakers and sources, quote entries. */
export function sidecarHover(analysis: Analysis, offset: number, corpus?: CorpusView): HoverResult | undefined {
  const target = sidecarTargetAt(analysis, offset);
  if (!target) return undefined;
  switch (target.kind) {
    case 'entity':
      return { markdown: renderEntityCard(analysis, target.entity, corpus), span: target.span };
    case 'reference':
      return target.entity
        ? { markdown: renderEntityCard(analysis, target.entity, corpus), span: target.span }
        : { markdown: `No entity has the id ${code(target.id)}.`, span: target.span };
    case 'quote-entry': {
      if (!target.quote) return unmatchedEntryHover(analysis, target.entry.index, target.span);
      const position = analysis.articleLines.positionAt(target.quote.content.start);
      return {
        markdown: `Attributes the quote on line ${position.line + 1}:\n\n${quoteLine(analysis, target.quote).slice(2)}`,
        span: target.span,
      };
    }
    default:
      return undefined;
  }
}

/**
 * The hover on the words of a quote entry that matches nothing: the passage that comes
 * closest, which the `quote-not-found` message in the editor does not name (it is looked for
 * only when asked, see the engine's ClosestPassageSearch).
 */
function unmatchedEntryHover(analysis: Analysis, entry: number, span: Span): HoverResult | undefined {
  if (analysis.entryMatches[entry]?.status !== 'not-found' || !analysis.articleAnalysed) return undefined;
  const closest = closestPassage(analysis, entry);
  if (!closest) return { markdown: 'No quote or passage in the article comes close to these words.', span };
  const position = analysis.articleLines.positionAt(closest.start);
  const text = escapeMarkdown(`“${abbreviate(analysis.article.slice(closest.start, closest.end), 90)}”`);
  return { markdown: `The closest passage, on line ${position.line + 1}:\n\n${text}`, span };
}

export function toLspHover(result: HoverResult | undefined, lines: Analysis['articleLines']): Hover | null {
  if (!result) return null;
  return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: lines.rangeOf(result.span) };
}
