/**
 * Entity highlighting as semantic tokens: every mention coloured by its entity's type, and
 * every quote by what it is (speech or term, attributed or not).
 */

import type { SemanticTokensLegend } from 'vscode-languageserver/node';
import type { Analysis, Span } from '../core';

export const TOKEN_TYPES = ['person', 'place', 'organization', 'entity', 'speech', 'term'] as const;
export const TOKEN_MODIFIERS = ['speaker', 'unlinked', 'attributed', 'unattributed'] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

interface Token {
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const modifier of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
  return bits;
}

function typeOfEntity(type: string): TokenType {
  return type === 'person' || type === 'place' || type === 'organization' ? type : 'entity';
}

/**
 * The tokens of an article, flattened so that none overlap (LSP tokens may not): mentions
 * inside a quote cut the quote's token into pieces around them.
 */
export function articleTokens(analysis: Analysis, within?: Span): Token[] {
  const mentions: Token[] = analysis.mentions.map((mention) => {
    const entity = analysis.sidecar?.entityById.get(mention.entity);
    const modifiers: TokenModifier[] = [];
    if ((analysis.entityStats.get(mention.entity)?.quotes.length ?? 0) > 0) modifiers.push('speaker');
    if (!entity?.wikidata) modifiers.push('unlinked');
    return { span: mention.span, type: typeOfEntity(mention.type), modifiers };
  });
  const tokens: Token[] = [];
  let m = 0;
  // Only the outermost quotes are painted; a nested quote is part of its parent's words.
  for (const quote of analysis.quotes) {
    if (quote.depth > 0) continue;
    const type: TokenType = quote.kind === 'speech' ? 'speech' : 'term';
    const modifiers: TokenModifier[] =
      quote.kind === 'speech' ? [quote.entry !== undefined ? 'attributed' : 'unattributed'] : [];
    while (m < mentions.length && mentions[m].span.end <= quote.outer.start) tokens.push(mentions[m++]);
    let cursor = quote.outer.start;
    while (m < mentions.length && mentions[m].span.start < quote.outer.end) {
      const mention = mentions[m++];
      if (mention.span.start > cursor)
        tokens.push({ span: { start: cursor, end: mention.span.start }, type, modifiers });
      tokens.push(mention);
      cursor = Math.max(cursor, mention.span.end);
    }
    if (cursor < quote.outer.end) tokens.push({ span: { start: cursor, end: quote.outer.end }, type, modifiers });
  }
  while (m < mentions.length) tokens.push(mentions[m++]);
  return within ? tokens.filter((token) => token.span.end > within.start && token.span.start < within.end) : tokens;
}

/**
 * Encodes tokens in the LSP's relative format. Tokens that span lines are split per line,
 * since clients need not support multi-line tokens; for a range request (`within`), only the
 * pieces that overlap the range are kept, as the whole tokens were chosen.
 */
export function encodeTokens(tokens: readonly Token[], analysis: Analysis, within?: Span): number[] {
  const lines = analysis.articleLines;
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  const push = (line: number, character: number, length: number, type: TokenType, bits: number): void => {
    if (length <= 0) return;
    data.push(
      line - previousLine,
      line === previousLine ? character - previousCharacter : character,
      length,
      TOKEN_TYPES.indexOf(type),
      bits,
    );
    previousLine = line;
    previousCharacter = character;
  };
  for (const token of tokens) {
    const bits = modifierBits(token.modifiers);
    const start = lines.positionAt(token.span.start);
    const end = lines.positionAt(token.span.end);
    if (start.line === end.line) {
      push(start.line, start.character, end.character - start.character, token.type, bits);
      continue;
    }
    for (let line = start.line; line <= end.line; line++) {
      const lineStart = lines.offsetAt({ line, character: 0 });
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : lines.lineEndWithoutBreak(line) - lineStart;
      if (within && (lineStart + to <= within.start || lineStart + from >= within.end)) continue;
      push(line, from, to - from, token.type, bits);
    }
  }
  return data;
}
