/**
 * The German sample (kim-putin.txt and its sidecar) as the navigation tests use it: positions
 * and ranges given in fixture markup inside a piece of either file, which must occur once in
 * it (`$0` is the cursor, `⟦ ⟧` the expected range), and locations shown as the text they cover.
 */

import * as assert from 'node:assert/strict';
import type { Location, Range } from 'vscode-languageserver-protocol/node';
import { offsetAt, rangeOf } from './lspText';
import { parseMarkup } from './markup';
import type { Side } from './pair';
import { KIM_ARTICLE, KIM_SIDECAR, mark } from './samples';

export const TEXT: Record<Side, string> = { article: KIM_ARTICLE, sidecar: KIM_SIDECAR };
export const NAME: Record<Side, string> = { article: 'kim-putin.txt', sidecar: 'kim-putin.ann.yaml' };

/** The cursor marked with `$0` in a piece of a file. */
export function cursorIn(side: Side, snippet: string): number {
  const { cursor } = parseMarkup(mark(TEXT[side], snippet));
  if (cursor < 0) throw new Error(`Fixture error: no $0 in '${snippet}'.`);
  return cursor;
}

/** The range marked with `⟦ ⟧` in a piece of a file. */
export function rangeIn(side: Side, snippet: string): Range {
  const { spans } = parseMarkup(mark(TEXT[side], snippet));
  return rangeOf(TEXT[side], spans[0].start, spans[0].end);
}

export function textAt(side: Side, range: Range): string {
  return TEXT[side].slice(offsetAt(TEXT[side], range.start), offsetAt(TEXT[side], range.end));
}

/** A location as `side: text` (the trimmed line, in the sidecar), for readable comparisons. */
export function describeLocation(uris: Record<Side, string>, location: Location): string {
  const side: Side = location.uri === uris.article ? 'article' : 'sidecar';
  assert.equal(location.uri, uris[side], `a location in another file: ${location.uri}`);
  if (side === 'article') return `article: ${textAt(side, location.range)}`;
  const line = TEXT.sidecar.split('\n')[location.range.start.line].trim();
  return `sidecar: ${textAt(side, location.range)} (${line})`;
}
