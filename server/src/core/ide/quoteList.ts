/**
 * The article's quotes for the editor's Quotes view: the unattributed ones first (they are the
 * work to do), then the anonymous sources, then each speaker in order of appearance, and the
 * terms last. Each quote says who said it or who probably did, so that the view can offer to
 * accept the suggestion without asking the server again.
 */

import type { Analysis, AnalyzedQuote } from '../analyze';
import { abbreviate, type Span } from '../text/text';

export type QuoteGroupKind = 'unattributed' | 'anonymous' | 'speaker' | 'term';

/** An entity as a quote names it: its id and the name to show. */
export interface NamedEntity {
  id: string;
  name: string;
}

export interface QuoteListItem {
  /** The quote with its quotation marks. */
  span: Span;
  /** The quoted words. */
  content: Span;
  /** The quoted words in full: the server's commands find the quote by them. */
  text: string;
  /** The quote shortened for a list, with its marks: „Das ist natürlich machbar, …“. */
  label: string;
  kind: 'speech' | 'term';
  unattributed: boolean;
  /** The speaker the sidecar names, if any. */
  speaker?: NamedEntity;
  /** The description of an anonymous source (may be empty), when the quote is marked so. */
  anonymous?: string;
  /** The speaker the sentence suggests, for a quote without attribution: a known entity only. */
  suggestion?: NamedEntity;
}

export interface QuoteGroup {
  kind: QuoteGroupKind;
  /** "Unattributed", "Anonymous sources", the speaker's name, "Terms". */
  name: string;
  /** The speaker, for a group of kind `speaker`. */
  speaker?: NamedEntity;
  quotes: QuoteListItem[];
}

/** How long a quote's label may be, in characters, before it is shortened. */
const LABEL_LENGTH = 60;

function named(analysis: Analysis, id: string): NamedEntity {
  return { id, name: analysis.entities.get(id)?.name?.text ?? id };
}

function itemOf(analysis: Analysis, quote: AnalyzedQuote): QuoteListItem {
  const suggested = quote.unattributed ? quote.suggestion.entity : null;
  return {
    span: quote.outer,
    content: quote.content,
    text: quote.text,
    label: `${quote.open}${abbreviate(quote.text, LABEL_LENGTH)}${quote.close}`,
    kind: quote.kind,
    unattributed: quote.unattributed,
    ...(quote.speaker ? { speaker: named(analysis, quote.speaker) } : {}),
    ...(quote.anonymous !== undefined ? { anonymous: quote.anonymous } : {}),
    // A suggestion is offered only for an entity of the sidecar, which the quote can be attributed to.
    ...(suggested && analysis.entities.has(suggested) ? { suggestion: named(analysis, suggested) } : {}),
  };
}

/**
 * The article's quotes in groups, in article order within each group. Quotes inside quotes are
 * left out, as in the outline, unless one of them needs an attribution: every quote the
 * Problems panel reports is in the list.
 */
export function quoteGroups(analysis: Analysis): QuoteGroup[] {
  const unattributed: QuoteGroup = { kind: 'unattributed', name: 'Unattributed', quotes: [] };
  const anonymous: QuoteGroup = { kind: 'anonymous', name: 'Anonymous sources', quotes: [] };
  const terms: QuoteGroup = { kind: 'term', name: 'Terms', quotes: [] };
  const speakers = new Map<string, QuoteGroup>();
  for (const quote of analysis.quotes) {
    if (quote.depth > 0 && !quote.unattributed) continue;
    const item = itemOf(analysis, quote);
    if (quote.kind === 'term') terms.quotes.push(item);
    else if (quote.speaker) {
      let group = speakers.get(quote.speaker);
      if (!group) {
        const speaker = named(analysis, quote.speaker);
        group = { kind: 'speaker', name: speaker.name, speaker, quotes: [] };
        speakers.set(quote.speaker, group);
      }
      group.quotes.push(item);
    } else if (quote.anonymous !== undefined) anonymous.quotes.push(item);
    // Speech without a speaker: unattributed, or an entry that names none (only an outlet, say).
    else unattributed.quotes.push(item);
  }
  return [unattributed, anonymous, ...speakers.values(), terms].filter((group) => group.quotes.length > 0);
}
