/**
 * LSP values read the way an editor reads them, computed from the texts alone: positions and
 * ranges in UTF-16 code units with the editor's line breaks, decoded semantic tokens, and
 * diagnostics shown readably. Both the in-process feature tests and the tests over stdio use
 * these, so that an expected range never comes from the server's own line index.
 */

import type { Diagnostic, Position, Range, SemanticTokensLegend } from 'vscode-languageserver-protocol/node';

/** A semantic token decoded with the server's legend, with the text it covers. */
export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  text: string;
  type: string;
  modifiers: string[];
}

/** The lines of a text as an editor counts them: `\r\n`, `\n` and `\r` all end a line. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/u);
}

/** The LSP position (UTF-16 code units) of an offset. */
export function positionAt(text: string, offset: number): Position {
  const lines = linesOf(text.slice(0, offset));
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** The offset of an LSP position; a character past the line's end is clamped to it. */
export function offsetAt(text: string, position: Position): number {
  const pattern = /\r\n|\r|\n/gu;
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const match = pattern.exec(text);
    if (!match) return text.length;
    lineStart = match.index + match[0].length;
  }
  const next = pattern.exec(text);
  const lineEnd = next ? next.index : text.length;
  return Math.min(lineStart + position.character, lineEnd);
}

export function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

/** Decodes the relative token format of the LSP with a legend. */
export function decodeTokens(data: readonly number[], legend: SemanticTokensLegend, text: string): DecodedToken[] {
  if (data.length % 5 !== 0) throw new Error(`Token data of length ${data.length} is not a multiple of 5.`);
  const lines = linesOf(text);
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, typeIndex, bits] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const type = legend.tokenTypes[typeIndex];
    if (type === undefined) throw new Error(`Token ${i / 5} has type index ${typeIndex}, not in the legend.`);
    const modifiers = legend.tokenModifiers.filter((_modifier, bit) => (bits & (1 << bit)) !== 0);
    if (bits >>> legend.tokenModifiers.length !== 0) {
      throw new Error(`Token ${i / 5} has modifier bits ${bits.toString(2)} beyond the legend.`);
    }
    const lineText = lines[line] ?? '';
    tokens.push({ line, character, length, text: lineText.slice(character, character + length), type, modifiers });
  }
  return tokens;
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown there too). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Diagnostic codes in a stable order, to compare a publication with an expected list. */
export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

export function showDiagnostics(diagnostics: readonly Diagnostic[] | undefined): string {
  if (!diagnostics) return '(none published)';
  return diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${messageOf(d)}`)
    .join('\n');
}
