/**
 * Entity highlighting as semantic tokens: every mention coloured by its entity's type, and
 * every quote by what it is (speech or term, attributed or not).
 */

import type { SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Analysis, LineIndex, Mention, Span } from '../core';

// New types go at the end: a client's theme rules name the types, older clients their indices.
export const TOKEN_TYPES = ['person', 'place', 'organization', 'entity', 'speech', 'term', 'document'] as const;
export const TOKEN_MODIFIERS = ['speaker', 'unlinked', 'attributed', 'unattributed'] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

const TYPE_INDEX = Object.fromEntries(TOKEN_TYPES.map((type, i) => [type, i])) as Record<TokenType, number>;
const BIT = Object.fromEntries(TOKEN_MODIFIERS.map((modifier, i) => [modifier, 1 << i])) as Record<
  TokenModifier,
  number
>;

/** A token's type and modifiers in one number: the type's index, and the modifier bits above it. */
function kind(type: TokenType, bits: number): number {
  return TYPE_INDEX[type] | (bits << 8);
}

/**
 * The tokens of an article, in text order, as numbers in typed arrays: a long article has tens
 * of thousands, and the editor asks for all of them again after every keystroke.
 */
export interface TokenList {
  starts: Int32Array;
  ends: Int32Array;
  /** See `kind`. */
  kinds: Int32Array;
  length: number;
}

function typeOfEntity(type: string): TokenType {
  return type === 'person' || type === 'place' || type === 'organization' || type === 'document' ? type : 'entity';
}

/**
 * The tokens of an article, flattened so that none overlap (LSP tokens may not): mentions
 * inside a quote cut the quote's token into pieces around them. With `within`, only the tokens
 * that overlap it.
 */
export function articleTokens(analysis: Analysis, within?: Span): TokenList {
  const { mentions, quotes } = analysis;
  // Room for every mention, and for every top-level quote cut into pieces around its mentions.
  let capacity = mentions.length;
  for (const quote of quotes) if (quote.depth === 0) capacity++;
  capacity += mentions.length;
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  const tokenKinds = new Int32Array(capacity);
  let length = 0;
  const push = (start: number, end: number, tokenKind: number): void => {
    if (within && (end <= within.start || start >= within.end)) return;
    starts[length] = start;
    ends[length] = end;
    tokenKinds[length] = tokenKind;
    length++;
  };
  // The kind of each entity's mentions, worked out once per entity.
  const kinds = new Map<string, number>();
  const pushMention = (mention: Mention): void => {
    let mentionKind = kinds.get(mention.entity);
    if (mentionKind === undefined) {
      const entity = analysis.entities.get(mention.entity);
      let bits = 0;
      if ((analysis.entityStats.get(mention.entity)?.quotes.length ?? 0) > 0) bits |= BIT.speaker;
      if (!entity?.wikidata) bits |= BIT.unlinked;
      mentionKind = kind(typeOfEntity(mention.type), bits);
      kinds.set(mention.entity, mentionKind);
    }
    push(mention.span.start, mention.span.end, mentionKind);
  };
  let m = 0;
  /** Where the last quote painted ends: a passage a sidecar entry declares may overlap another. */
  let painted = 0;
  // Only the outermost quotes are painted; a nested quote is part of its parent's words.
  for (const quote of quotes) {
    if (quote.depth > 0 || quote.outer.end <= painted) continue;
    const quoteKind =
      quote.kind === 'speech'
        ? kind('speech', quote.entry !== undefined ? BIT.attributed : BIT.unattributed)
        : kind('term', 0);
    while (m < mentions.length && mentions[m].span.end <= quote.outer.start) pushMention(mentions[m++]);
    let cursor = Math.max(quote.outer.start, painted);
    while (m < mentions.length && mentions[m].span.start < quote.outer.end) {
      const mention = mentions[m++];
      if (mention.span.start > cursor) push(cursor, mention.span.start, quoteKind);
      pushMention(mention);
      cursor = Math.max(cursor, mention.span.end);
    }
    if (cursor < quote.outer.end) push(cursor, quote.outer.end, quoteKind);
    painted = quote.outer.end;
  }
  while (m < mentions.length) pushMention(mentions[m++]);
  return { starts, ends, kinds: tokenKinds, length };
}

/**
 * Encodes tokens in the LSP's relative format. Tokens that span lines are split per line,
 * since clients need not support multi-line tokens; for a range request (`within`), only the
 * pieces that overlap the range are kept, as the whole tokens were chosen.
 */
export function encodeTokens(tokens: TokenList, analysis: Analysis, within?: Span): number[] {
  const lines = analysis.articleLines;
  // A plain array, filled by `push`: the protocol's JSON is written from it, and an array made
  // at its full length, or from a typed array, serialises several times slower.
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  const push = (line: number, character: number, length: number, tokenKind: number): void => {
    if (length <= 0) return;
    data.push(
      line - previousLine,
      line === previousLine ? character - previousCharacter : character,
      length,
      tokenKind & 0xff,
      tokenKind >>> 8,
    );
    previousLine = line;
    previousCharacter = character;
  };
  const walker = new LineWalker(lines);
  for (let i = 0; i < tokens.length; i++) {
    const tokenKind = tokens.kinds[i];
    const startLine = walker.lineOf(tokens.starts[i]);
    const startCharacter = tokens.starts[i] - walker.lineStart;
    const endLine = walker.lineOf(tokens.ends[i]);
    const endCharacter = tokens.ends[i] - walker.lineStart;
    if (startLine === endLine) {
      push(startLine, startCharacter, endCharacter - startCharacter, tokenKind);
      continue;
    }
    for (let line = startLine; line <= endLine; line++) {
      const lineStart = lines.offsetAt({ line, character: 0 });
      const from = line === startLine ? startCharacter : 0;
      const to = line === endLine ? endCharacter : lines.lineEndWithoutBreak(line) - lineStart;
      if (within && (lineStart + to <= within.start || lineStart + from >= within.end)) continue;
      push(line, from, to - from, tokenKind);
    }
  }
  return data;
}

/**
 * The lines of offsets that mostly come in increasing order, as tokens' do, found by stepping
 * on from the line of the offset before rather than by a search for each.
 */
class LineWalker {
  private line = 0;
  /** Where the current line starts, and where the next one does (Infinity after the last). */
  lineStart = 0;
  private nextStart: number;

  constructor(private readonly lines: LineIndex) {
    this.nextStart = this.startOf(1);
  }

  private startOf(line: number): number {
    return line < this.lines.lineCount ? this.lines.offsetAt({ line, character: 0 }) : Infinity;
  }

  /** The line of `offset`; `lineStart` is then where that line starts. */
  lineOf(offset: number): number {
    if (offset < this.lineStart) {
      const position = this.lines.positionAt(offset);
      this.line = position.line;
      this.lineStart = offset - position.character;
      this.nextStart = this.startOf(position.line + 1);
    }
    while (offset >= this.nextStart) {
      this.line++;
      this.lineStart = this.nextStart;
      this.nextStart = this.startOf(this.line + 1);
    }
    return this.line;
  }
}
