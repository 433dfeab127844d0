/**
 * The summary behind the status bar item: "12 entities · 7 quotes · 3 unattributed".
 */

import type { PairAnalysis } from '../files';
import type { Status } from '../protocol';

export function statusOf(result: PairAnalysis, uris: { uriOf(file: string): string }): Status {
  const { analysis } = result;
  const topLevel = analysis.quotes.filter((quote) => quote.depth === 0);
  return {
    article: uris.uriOf(result.article),
    sidecar: result.sidecar ? uris.uriOf(result.sidecar) : null,
    entities: analysis.entities.all().length,
    mentions: analysis.mentions.length,
    quotes: topLevel.length,
    speech: topLevel.filter((quote) => quote.kind === 'speech').length,
    unattributed: analysis.quotes.filter((quote) => quote.unattributed).length,
    problems: result.diagnostics.filter((d) => d.diagnostic.severity === 'error' || d.diagnostic.severity === 'warning')
      .length,
  };
}
