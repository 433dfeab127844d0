/**
 * The Quotes view's requests: the article's quotes grouped as the engine groups them
 * (core/ide/quoteList.ts), with offsets converted to ranges in the article; and the speakers to
 * pick from for one of them.
 */

import { quoteGroups, speakerCandidates, type QuoteListItem } from '../core';
import type { PairAnalysis } from '../files';
import type { PickSpeakerArguments, QuoteArguments, QuoteItem, QuoteList } from '../protocol';
import { entityChoiceOf } from './codeActions';

export function quoteList(result: PairAnalysis, articleUri: string): QuoteList {
  const { analysis } = result;
  const lines = analysis.articleLines;
  const toItem = (quote: QuoteListItem): QuoteItem => ({
    range: lines.rangeOf(quote.span),
    selection: lines.rangeOf(quote.content),
    start: quote.span.start,
    text: quote.text,
    label: quote.label,
    term: quote.kind === 'term',
    unattributed: quote.unattributed,
    ...(quote.speaker ? { speaker: quote.speaker } : {}),
    ...(quote.anonymous !== undefined ? { anonymous: quote.anonymous } : {}),
    ...(quote.suggestion ? { suggestion: quote.suggestion } : {}),
  });
  return {
    article: articleUri,
    groups: quoteGroups(analysis).map((group) => ({
      kind: group.kind,
      name: group.name,
      ...(group.speaker ? { speaker: group.speaker } : {}),
      quotes: group.quotes.map(toItem),
    })),
  };
}

/** The picker's arguments for an unattributed quote of the list, as the "Attribute to…" quick fix has them. */
export function speakerChoices(result: PairAnalysis, { articleUri, quoteStart, quoteText }: QuoteArguments) {
  const quote = result.analysis.quotes.find(
    (candidate) => candidate.unattributed && candidate.outer.start === quoteStart && candidate.text === quoteText,
  );
  if (!quote) return null;
  const candidates = speakerCandidates(result.analysis, quote).map(entityChoiceOf);
  return { articleUri, quoteStart, quoteText, candidates } satisfies PickSpeakerArguments;
}
