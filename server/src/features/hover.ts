/**
 * Hover cards: who or what an entity is, how often it is mentioned, what a person is quoted as
 * saying, and for an entity linked to Wikidata the facts kept in `wikidata.ann.json`; on a
 * quote, who said it or who probably did. All text from the sidecar, the article and the facts
 * file is escaped, and only links the server builds are clickable (see markdownEscape.ts).
 */

import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import {
  abbreviate,
  articleTargetAt,
  closestPassage,
  entityCard,
  factLines,
  formatFactDate,
  sidecarTargetAt,
  WIKIDATA_FILE_NAME,
  type Analysis,
  type AnalyzedQuote,
  type Entity,
  type EntityUsage,
  type Span,
  type WikidataFile,
} from '../core';
import { escapeMarkdown, safeImage, safeLink } from './markdownEscape';

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

/** The facts kept for the workspace folder, for the facts of linked entities' cards. */
export interface FactsView {
  /** What `wikidata.ann.json` holds; undefined when there is no such file. */
  file: WikidataFile | undefined;
  /** Why the file cannot be used, for the cards of linked entities to say; undefined when it can. */
  unusable?: string;
  /** `articleAnnotations.hover.images`: show the item's Commons image, which the editor then loads. */
  images: boolean;
}

/** What a card shows of the facts kept about an entity: lines under the description, and links. */
interface FactsBlock {
  lines: string[];
  /** Whether the lines are facts (not a word on why there are none). */
  facts?: true;
  /** The Wikipedia article, in the article's language or else in English. */
  wikipedia?: string;
  /** Coordinates from Wikidata with their map link, for an entity that has none of its own. */
  place?: string;
  /** The image's page on Commons, when the image is not shown. */
  commons?: string;
  /** The Commons thumbnail, linked to its page, when the setting asks for it. */
  image?: string;
}

/**
 * The facts of a linked entity, in the article's language (English where none is kept): one
 * line each, and the date they were fetched; the Commons image when the setting asks for it.
 * The coordinates and links go into the card's line of links.
 */
function factsBlock(analysis: Analysis, entity: Entity, view: FactsView | undefined): FactsBlock | undefined {
  if (!view || entity.wikidata === undefined) return undefined;
  if (view.unusable) return { lines: ['', `*${escapeMarkdown(view.unusable, 300)}*`] };
  if (!view.file) return undefined;
  const kept = view.file.entities[entity.wikidata];
  if (!kept) {
    const missing = `${WIKIDATA_FILE_NAME} keeps no facts about ${entity.wikidata} yet.`;
    return { lines: ['', `*${escapeMarkdown(missing)}*`] };
  }
  const facts = factLines(kept, view.file.labels, analysis.language);
  const lines: string[] = [];
  if (!entity.description && facts.description) lines.push('', escapeMarkdown(facts.description.text));
  const shown = facts.lines.filter((line) => line.kind !== 'coordinates');
  // One fact a line: two spaces before a line break keep them in one paragraph.
  if (shown.length) {
    const text = shown.map((line) => `${escapeMarkdown(line.caption)}: ${escapeMarkdown(line.text, 300)}`);
    lines.push('', text.join('  \n'));
  }
  const retrieved = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/u.exec(facts.retrieved)?.[0];
  if (retrieved) lines.push('', `*From Wikidata, as of ${escapeMarkdown(formatFactDate(retrieved, 'en'))}*`);
  const block: FactsBlock = { lines, facts: true };
  if (view.images && facts.image) {
    const image = safeImage(facts.label?.text ?? entity.wikidata, facts.image.thumbnailUrl, facts.image.pageUrl);
    if (image) block.image = image;
  }
  for (const link of facts.links) {
    if (link.kind === 'wikipedia') {
      // The article's own language goes without saying; a fallback to English does not.
      const other = link.language !== undefined && link.language !== analysis.language;
      block.wikipedia = safeLink(other ? `Wikipedia (${link.language})` : link.title, link.url);
    } else if (link.kind === 'commons' && !block.image) {
      block.commons = safeLink(link.title, link.url);
    } else if (link.kind === 'openstreetmap' && !entity.coordinates) {
      const coordinates = facts.lines.find((line) => line.kind === 'coordinates');
      if (coordinates) block.place = `${escapeMarkdown(coordinates.text)} (${safeLink(link.title, link.url)})`;
    }
  }
  return block;
}

export function renderEntityCard(
  analysis: Analysis,
  entity: Entity,
  corpus?: CorpusView,
  factsView?: FactsView,
): string {
  const card = entityCard(analysis, entity);
  const facts = factsBlock(analysis, entity, factsView);
  const links: string[] = [];
  if (card.wikidataUrl && card.wikidataId) links.push(safeLink(`Wikidata ${card.wikidataId}`, card.wikidataUrl));
  if (facts?.wikipedia) links.push(facts.wikipedia);
  if (card.coordinates && card.mapUrl) {
    const [latitude, longitude] = card.coordinates;
    links.push(`${latitude}, ${longitude} (${safeLink('OpenStreetMap', card.mapUrl)})`);
  } else if (facts?.place) links.push(facts.place);
  if (facts?.commons) links.push(facts.commons);
  for (const link of card.links.slice(0, 5)) links.push(safeLink(hostOf(link), link));
  const linkLine = links.length ? ['', links.join(' · ')] : [];
  const lines: string[] = [];
  const type = TYPE_LABEL[card.type] ?? escapeMarkdown(card.type);
  lines.push(`**${escapeMarkdown(card.name)}** · ${type} · ${code(card.id)}`);
  if (card.description) lines.push('', escapeMarkdown(card.description));
  const attributes = Object.entries(entity.attributes ?? {});
  if (attributes.length) {
    lines.push(
      '',
      attributes.map(([key, value]) => `${escapeMarkdown(key, 40)}: ${escapeMarkdown(value, 100)}`).join(' · '),
    );
  }
  if (facts) lines.push(...facts.lines);
  // With facts, the links follow them, where a card of limited height still shows them;
  // without, they close the card's part about the entity.
  if (facts?.facts) lines.push(...linkLine);
  if (facts?.image) lines.push('', facts.image);
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
  if (!facts?.facts) lines.push(...linkLine);
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

export function renderQuoteCard(analysis: Analysis, quote: AnalyzedQuote, facts?: FactsView): string {
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
    lines.push('', '---', '', renderEntityCard(analysis, speaker, undefined, facts));
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
export function articleHover(
  analysis: Analysis,
  offset: number,
  corpus?: CorpusView,
  facts?: FactsView,
): HoverResult | undefined {
  const target = articleTargetAt(analysis, offset);
  if (!target) return undefined;
  if (target.kind === 'mention') {
    return target.entity
      ? { markdown: renderEntityCard(analysis, target.entity, corpus, facts), span: target.mention.span }
      : undefined;
  }
  return { markdown: renderQuoteCard(analysis, target.quote, facts), span: target.quote.outer };
}

/** The hover for a position in a sidecar: entity ids, speakers and sources, quote entries. */
export function sidecarHover(
  analysis: Analysis,
  offset: number,
  corpus?: CorpusView,
  facts?: FactsView,
): HoverResult | undefined {
  const target = sidecarTargetAt(analysis, offset);
  if (!target) return undefined;
  switch (target.kind) {
    case 'entity':
      return { markdown: renderEntityCard(analysis, target.entity, corpus, facts), span: target.span };
    case 'reference':
      return target.entity
        ? { markdown: renderEntityCard(analysis, target.entity, corpus, facts), span: target.span }
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
