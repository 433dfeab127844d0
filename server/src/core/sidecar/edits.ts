/**
 * The sidecar edit engine: the text edits that quick fixes and commands write into a sidecar.
 *
 * The rule every function here keeps is that an edit never loses or mangles what is already in
 * the sidecar. Nothing is re-serialized: the yaml package parses the sidecar only to find where
 * things are and how they are written (indentation, flow or block style, quoting, blank lines,
 * line endings), and each function returns the few small insertions and deletions that make the
 * change. Comments, key order, quoting, blank lines, CRLF line endings and a byte order mark
 * outside those edits are therefore kept byte for byte.
 *
 * When the sidecar has a YAML syntax error, every function returns no edits at all: a broken
 * document has no reliable structure to find positions in, and an edit guessed into it could
 * make it worse or land inside a half-written value. The user fixes the syntax error first (the
 * checker reports it), and the quick fixes come back. Functions also return no edits when the
 * change makes no sense for the sidecar as it is (an entity that does not exist, a `quotes:`
 * that is not a list, a new id that is already taken).
 *
 * All offsets are UTF-16 code units into the source string, like the spans of the rest of the
 * engine.
 */

import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type CST,
  type Document,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ENTITY_KEYS, QUOTE_KEYS } from './sidecar';
import { derivedPer } from '../text/memo';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface NewQuoteEntry {
  text: string;
  speaker?: string;
  via?: string;
  anonymous?: string;
  kind?: 'term';
  occurrence?: number;
}

export interface NewEntity {
  id: string;
  type: string;
  name: string;
  aliases?: string[];
  description?: string;
}

// Scalars ------------------------------------------------------------------------------------

/**
 * Characters a plain or single-quoted scalar cannot hold safely: control characters (which
 * include tab, line breaks and NEL), lone surrogates, the Unicode line and paragraph separators
 * and the byte order mark and non-characters. Only double quotes can escape them.
 */
const NEEDS_ESCAPE = /[\p{Cc}\p{Cs}\u2028\u2029\ufeff\ufffe\uffff]/u;
/** Characters that give a plain scalar another meaning when they come first. */
const INDICATOR_FIRST = /^[-?:,[\]{}#&*!|>'"%@`]/u;
/** Words that some YAML reader takes for null or a boolean (YAML 1.2 core and YAML 1.1). */
const RESERVED_WORD =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|<<|=)$/u;
/**
 * Text that some YAML reader takes for a number or a date: decimal, octal, hexadecimal and
 * binary integers, floats with exponents, infinities and NaN, underscores and sexagesimal
 * numbers of YAML 1.1, and timestamps. Quoting a string that merely looks like one costs
 * nothing, and keeps `1984` an id rather than a number in every tool that reads the sidecar.
 */
const NUMBER_LIKE = [
  /^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$/u,
  /^[-+]?\.$/u,
  /^[-+]?0(?:b[01_]+|o?[0-7_]+|x[0-9a-fA-F_]+)$/u,
  /^[-+]?\.(?:inf|Inf|INF)$/u,
  /^\.(?:nan|NaN|NAN)$/u,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/u,
];
/** Characters that end or separate items in a flow collection (`[a, b]`, `{a: b}`). */
const FLOW_INDICATOR = /[,[\]{}:]/u;

const ESCAPES = new Map<number, string>([
  [0x00, '\\0'],
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0b, '\\v'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
  [0x1b, '\\e'],
  [0x22, '\\"'],
  [0x5c, '\\\\'],
  [0x85, '\\N'],
  [0x2028, '\\L'],
  [0x2029, '\\P'],
]);

/**
 * A string as a YAML scalar for block context: plain when a YAML 1.2 core-schema reader reads it
 * back as the same string (and no YAML 1.1 reader mistakes it for a number, a boolean or null),
 * double-quoted with escapes otherwise.
 */
export function yamlScalar(value: string): string {
  return isPlainSafe(value) ? value : doubleQuoted(value);
}

/** Like {@link yamlScalar}, for inside `[…]` or `{…}`, where commas, brackets and colons end a plain scalar. */
export function flowScalar(value: string): string {
  return isPlainSafe(value) && !FLOW_INDICATOR.test(value) ? value : doubleQuoted(value);
}

function isPlainSafe(value: string): boolean {
  if (value === '' || NEEDS_ESCAPE.test(value)) return false;
  // A plain scalar loses white space at either end; other tools trim no-break spaces too.
  if (/^\s|\s$/u.test(value)) return false;
  if (INDICATOR_FIRST.test(value) || value.startsWith('...')) return false;
  // `: ` would start a mapping, ` #` a comment, and a final `:` makes the scalar a key.
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  if (RESERVED_WORD.test(value)) return false;
  return !NUMBER_LIKE.some((pattern) => pattern.test(value));
}

function doubleQuoted(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const escape = ESCAPES.get(code);
    if (escape !== undefined) out += escape;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if ((code >= 0xd800 && code <= 0xdfff) || code === 0xfeff || code === 0xfffe || code === 0xffff) {
      out += `\\u${hex(code, 4)}`;
    } else out += char;
  }
  return `${out}"`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/gu, "''")}'`;
}

/**
 * A new value for an existing scalar, in the quote style the scalar was written in when that
 * style can hold the value: single quotes cannot escape anything, plain scalars have their
 * rules; double quotes can hold everything.
 */
function restyled(value: string, original: string, flow: boolean): string {
  if (original.startsWith("'") && !NEEDS_ESCAPE.test(value)) return singleQuoted(value);
  if (original.startsWith('"')) return doubleQuoted(value);
  return flow ? flowScalar(value) : yamlScalar(value);
}

// The source text ------------------------------------------------------------------------------

/** Line arithmetic on the source, aware of CRLF and of a byte order mark before the first line. */
class SourceText {
  /** The line break the file uses, for the lines an edit adds. */
  readonly eol: string;
  /** Where the first line starts: after a byte order mark, if there is one. */
  readonly first: number;

  constructor(readonly source: string) {
    const lf = source.indexOf('\n');
    this.eol = lf > 0 && source[lf - 1] === '\r' ? '\r\n' : '\n';
    this.first = source.startsWith('\uFEFF') ? 1 : 0;
  }

  lineStart(pos: number): number {
    const start = pos > 0 ? this.source.lastIndexOf('\n', pos - 1) + 1 : 0;
    return start === 0 && pos >= this.first ? this.first : start;
  }

  /** The end of the line `pos` is on, before its line break. */
  lineEnd(pos: number): number {
    const lf = this.source.indexOf('\n', pos);
    if (lf < 0) return this.source.length;
    return lf > pos && this.source[lf - 1] === '\r' ? lf - 1 : lf;
  }

  /** The start of the line after the one `pos` is on, or -1 on the last line. */
  nextLineStart(pos: number): number {
    const lf = this.source.indexOf('\n', pos);
    return lf < 0 ? -1 : lf + 1;
  }

  /** The start of the line before the one that starts at `lineStart`, or -1 on the first line. */
  previousLineStart(lineStart: number): number {
    return lineStart <= this.first ? -1 : this.lineStart(lineStart - 1);
  }

  column(pos: number): number {
    return pos - this.lineStart(pos);
  }

  line(lineStart: number): string {
    return this.source.slice(lineStart, this.lineEnd(lineStart));
  }

  isBlank(lineStart: number): boolean {
    return /^[ \t]*$/u.test(this.line(lineStart));
  }

  isComment(lineStart: number): boolean {
    return /^[ \t]*#/u.test(this.line(lineStart));
  }

  indentation(lineStart: number): number {
    return /^ */u.exec(this.line(lineStart))![0].length;
  }

  /** Whether a blank line comes before the line of `pos`, looking past comment lines. */
  blankLineBefore(pos: number): boolean {
    let line = this.previousLineStart(this.lineStart(pos));
    while (line >= 0 && this.isComment(line)) line = this.previousLineStart(line);
    return line >= 0 && this.isBlank(line);
  }
}

function spaces(count: number): string {
  return ' '.repeat(Math.max(0, count));
}

// The parsed sidecar ---------------------------------------------------------------------------

interface Parsed {
  text: SourceText;
  document: Document.Parsed;
  /** The top-level mapping; null for an empty sidecar (or one with only comments). */
  root: YAMLMap | null;
}

/**
 * The sidecar an edit is computed on: its text, or a parse of it whose YAML document is reused
 * (the analysis's `parsedSidecar`, so that the quick fixes of one request parse the text once).
 */
export type SidecarSource = string | { readonly source: string; readonly document: Document.Parsed };

const EDIT_PARSE_OPTIONS = { keepSourceTokens: true, uniqueKeys: false, strict: true, prettyErrors: false } as const;

/**
 * A sidecar text whose YAML is parsed once, on the first edit computed on it, for callers that
 * compute several edits on one text without an analysis's parse at hand.
 */
export function parsedOnce(source: string): SidecarSource {
  let document: Document.Parsed | undefined;
  return {
    source,
    get document() {
      return (document ??= parseDocument(source, EDIT_PARSE_OPTIONS));
    },
  };
}

/**
 * What parse() makes of a parsed sidecar the caller holds: the line index and the root, worked
 * out once per object however many edits are computed on it.
 */
const parseOfParsed = derivedPer((sidecar: Exclude<SidecarSource, string>) =>
  parseDocumentOf(sidecar.source, sidecar.document),
);

/** Parses the sidecar; undefined when it has a syntax error or is not a mapping at the top. */
function parse(sidecar: SidecarSource): Parsed | undefined {
  if (typeof sidecar === 'string') return parseDocumentOf(sidecar, parseDocument(sidecar, EDIT_PARSE_OPTIONS));
  return parseOfParsed(sidecar);
}

function parseDocumentOf(source: string, document: Document.Parsed): Parsed | undefined {
  if (document.errors.length > 0) return undefined;
  const text = new SourceText(source);
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null && isEmptySource(text, contents))) {
    return { text, document, root: null };
  }
  return isMap(contents) ? { text, document, root: contents } : undefined;
}

type Range = [number, number, number];

function rangeOf(node: unknown): Range | undefined {
  return (node as { range?: Range | null } | null | undefined)?.range ?? undefined;
}

/** Where an item of a collection starts: a node's range, or a pair's key (or value). */
function itemStart(item: unknown): number {
  if (isPair(item)) return rangeOf(item.key)?.[0] ?? rangeOf(item.value)?.[0] ?? 0;
  return rangeOf(item)?.[0] ?? 0;
}

/** Where an item of a flow collection ends: after its value. */
function itemEnd(item: unknown): number {
  if (isPair(item)) return Math.max(rangeOf(item.key)?.[1] ?? 0, rangeOf(item.value)?.[1] ?? 0);
  return rangeOf(item)?.[1] ?? 0;
}

/** A key as the sidecar reader sees it: strings, and numbers written out. */
function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
}

/** The first pair with this key: the one the sidecar reader uses when a key is repeated. */
function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyText(pair.key) === key);
}

function isEmptySource(text: SourceText, node: Scalar): boolean {
  const range = rangeOf(node);
  return !range || range[0] === range[1] || text.source.slice(range[0], range[1]).trim() === '';
}

/** `key:` with nothing after it, or `key: ~` / `key: null` without a tag or anchor. */
function isNullValue(value: unknown): value is Scalar | null {
  if (value === null || value === undefined) return true;
  return isScalar(value) && value.value === null && !value.tag && !value.anchor;
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}

/** The offset of the colon after a block key, found by skipping the spaces after the key. */
function colonAfter(text: SourceText, key: unknown): number | undefined {
  let pos = rangeOf(key)?.[1];
  if (pos === undefined) return undefined;
  while (text.source[pos] === ' ' || text.source[pos] === '\t') pos++;
  return text.source[pos] === ':' ? pos : undefined;
}

/** The offsets of the `-` indicators of a block sequence, one for each item. */
function dashOffsets(text: SourceText, seq: YAMLSeq): number[] {
  const token = seq.srcToken;
  if (token?.type === 'block-seq') {
    const offsets: number[] = [];
    for (const item of token.items) {
      const indicator = item.start.find((part) => part.type === 'seq-item-ind');
      if (indicator) offsets.push(indicator.offset);
    }
    if (offsets.length === seq.items.length) return offsets;
  }
  // Without source tokens, the indicator is the `-` before the item, past spaces.
  return seq.items.map((item) => {
    let pos = itemStart(item) - 1;
    while (pos > 0 && text.source[pos] !== '-') pos--;
    return pos;
  });
}

/**
 * Where the content of a node ends: its last scalar or flow collection, walking into block
 * collections. `keep` says the last scalar is a block scalar that keeps its final line breaks
 * (`|+`), whose content therefore includes the blank lines after it.
 */
function contentEnd(text: SourceText, node: unknown): { end: number; keep: boolean } {
  if (isPair(node)) {
    const keyEnd = rangeOf(node.key)?.[1] ?? 0;
    const value = node.value;
    // `key:` with nothing after it: the empty value's range can reach over the comments below.
    if (value === null || (isScalar(value) && value.value === null && isEmptySource(text, value))) {
      const colon = colonAfter(text, node.key);
      return { end: colon === undefined ? keyEnd : colon + 1, keep: false };
    }
    return contentEnd(text, value);
  }
  if ((isBlockMap(node) || isBlockSeq(node)) && node.items.length > 0) {
    return contentEnd(text, node.items[node.items.length - 1]);
  }
  const range = rangeOf(node) ?? [0, 0, 0];
  const token = (node as { srcToken?: CST.Token }).srcToken;
  const keep =
    token?.type === 'block-scalar' &&
    token.props.some((part) => part.type === 'block-scalar-header' && /\+/u.test(part.source));
  if (keep) return { end: range[1], keep };
  // Block collections and block scalars end after their last line break; find the last character.
  let end = range[1];
  while (end > range[0] && /[ \t\r\n]/u.test(text.source[end - 1] ?? '')) end--;
  return { end, keep };
}

/** Where lines that follow a node go, and whether that place is the start of a line. */
interface Anchor {
  at: number;
  lineStart: boolean;
  /** The anchor follows a block scalar that keeps its final line breaks (`|+`). */
  keep?: boolean;
}

/**
 * The place after a node for new lines: the end of its last line (after a comment there), and
 * past the comment lines below it that are indented more than `column`, which belong to it.
 * Blank lines and less indented comments stay after the new lines.
 */
function after(text: SourceText, node: unknown, column: number): Anchor {
  return afterEnd(text, contentEnd(text, node), column);
}

function afterEnd(text: SourceText, { end, keep }: { end: number; keep: boolean }, column: number): Anchor {
  if (keep && end > 0 && text.source[end - 1] === '\n') return { at: end, lineStart: true, keep };
  let at = text.lineEnd(end);
  for (;;) {
    const next = text.nextLineStart(at);
    if (next < 0 || next >= text.source.length || !text.isComment(next) || text.indentation(next) <= column) break;
    at = text.lineEnd(next);
  }
  return { at, lineStart: false, keep };
}

/**
 * An edit that puts lines at an anchor, with a blank line before them if asked. After a block
 * scalar that keeps its final line breaks (`|+`), a blank line would become part of its value,
 * so none is added there.
 */
function insertLines(text: SourceText, anchor: Anchor, lines: readonly string[], blank = false): TextEdit {
  const body = lines.join(text.eol);
  const gap = blank && !anchor.keep ? text.eol : '';
  const newText = anchor.lineStart ? gap + body + text.eol : text.eol + gap + body;
  return { start: anchor.at, end: anchor.at, newText };
}

// Style --------------------------------------------------------------------------------------

interface Style {
  /** Columns one nesting level adds in block mappings. */
  indent: number;
  /** Columns from a key to the `-` of its block list (0 for `key:\n- item`). */
  seqOffset: number;
  /** Columns from a `-` to the first key of a mapping item (`- text:` is 2). */
  itemOffset: number;
  /** Whether top-level sections (`entities:`, `quotes:`) are separated by blank lines. */
  blankSections: boolean;
  /** The column of the top-level keys. */
  rootColumn: number;
}

/** Reads the layout conventions of the sidecar from the first place in it that shows each one. */
function detectStyle(p: Parsed): Style {
  const { text, root } = p;
  let indent: number | undefined;
  let seqOffset: number | undefined;
  let itemOffset: number | undefined;
  const walk = (node: unknown): void => {
    if (isBlockMap(node)) {
      for (const pair of node.items) {
        const keyStart = rangeOf(pair.key)?.[0];
        const value = pair.value;
        if (keyStart !== undefined && isBlockMap(value) && value.items.length > 0) {
          const difference = text.column(itemStart(value.items[0])) - text.column(keyStart);
          if (difference > 0) indent ??= difference;
        }
        if (keyStart !== undefined && isBlockSeq(value) && value.items.length > 0) {
          const difference = text.column(dashOffsets(text, value)[0]) - text.column(keyStart);
          if (difference >= 0) seqOffset ??= difference;
        }
        walk(value);
      }
    } else if (isBlockSeq(node)) {
      const dashes = dashOffsets(text, node);
      node.items.forEach((item, index) => {
        const dash = dashes[index];
        if (isBlockMap(item) && item.items.length > 0) {
          const start = itemStart(item.items[0]);
          if (text.lineStart(start) === text.lineStart(dash) && start - dash >= 2) itemOffset ??= start - dash;
        }
        walk(item);
      });
    }
  };
  walk(root);
  indent ??= seqOffset !== undefined && seqOffset > 0 ? seqOffset : 2;
  let blankSections = true;
  let rootColumn = 0;
  if (root && !root.flow) {
    rootColumn = text.column(itemStart(root.items[0]));
    // The evidence: sections (keys with a block collection or an empty value) after the first key.
    const sections = root.items
      .slice(1)
      .filter((pair) => isBlockMap(pair.value) || isBlockSeq(pair.value) || isNullValue(pair.value));
    if (sections.length > 0) blankSections = sections.some((pair) => text.blankLineBefore(itemStart(pair)));
  }
  return { indent, seqOffset: seqOffset ?? indent, itemOffset: itemOffset ?? 2, blankSections, rootColumn };
}

// Flow collections ---------------------------------------------------------------------------

/**
 * Appends an item to a flow collection, `[a, b]` → `[a, b, c]`, copying the separator the
 * collection uses between its items (`, `, or a line break and the items' indentation), and
 * keeping a trailing comma last and a comment after the last item on its line.
 */
function appendToFlow(p: Parsed, node: YAMLMap | YAMLSeq, item: string): TextEdit[] {
  const { text } = p;
  const { source } = text;
  const range = rangeOf(node);
  if (!range) return [];
  const open = range[0];
  const close = range[1] - 1;
  if (!'[{'.includes(source[open] ?? 'x') || !']}'.includes(source[close] ?? 'x')) return [];
  const items = node.items as unknown[];
  if (items.length === 0) {
    const inner = source.slice(open + 1, close);
    if (/^[ \t]*$/u.test(inner)) return [{ start: close, end: close, newText: inner ? `${item} ` : item }];
    return [{ start: open + 1, end: open + 1, newText: item }];
  }
  const last = items[items.length - 1];
  const lastEnd = itemEnd(last);
  const lastStart = itemStart(last);
  const indentation = spaces(text.column(lastStart));
  let separator: string;
  if (items.length >= 2) {
    const gap = source.slice(itemEnd(items[items.length - 2]), lastStart);
    const comma = gap.indexOf(',');
    if (comma >= 0 && !gap.includes('#')) separator = `,${gap.slice(comma + 1)}`;
    else separator = gap.includes('\n') ? `,${text.eol}${indentation}` : ', ';
  } else {
    separator = source.slice(open + 1, lastStart).includes('\n') ? `,${text.eol}${indentation}` : ', ';
  }
  const multiLine = separator.includes('\n');
  // A trailing comma (`[a, b,]`) stays after the last item, which is then the new one.
  let pos = lastEnd;
  while (pos < close) {
    const char = source[pos];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') pos++;
    else if (char === '#') pos = text.lineEnd(pos);
    else break;
  }
  if (source[pos] === ',') {
    const at = multiLine ? text.lineEnd(pos) : pos + 1;
    return [{ start: at, end: at, newText: `${separator.slice(1)}${item},` }];
  }
  if (multiLine && /^[ \t]*#/u.test(source.slice(lastEnd, text.lineEnd(lastEnd)))) {
    // `b # note` on its own line: the comma goes before the comment, the new item on a new line.
    const at = text.lineEnd(lastEnd);
    return [
      { start: lastEnd, end: lastEnd, newText: ',' },
      { start: at, end: at, newText: separator.slice(1) + item },
    ];
  }
  return [{ start: lastEnd, end: lastEnd, newText: separator + item }];
}

/** Whether a flow collection is empty and holds nothing but spaces between its brackets. */
function isBareEmptyFlow(text: SourceText, node: YAMLMap | YAMLSeq): boolean {
  const range = rangeOf(node);
  return (
    node.items.length === 0 &&
    !node.tag &&
    !node.anchor &&
    range !== undefined &&
    /^[[{][ \t]*[\]}]$/u.test(text.source.slice(range[0], range[1]))
  );
}

/**
 * Edits that give a key with an empty value (`key:`, `key: ~`, `key: []`, `key: {}`) a block
 * collection: whatever was written after the colon goes (a comment after it stays), and the
 * lines follow the key's line.
 */
function fillEmptyBlock(p: Parsed, pair: Pair, lines: readonly string[]): TextEdit[] {
  const { text } = p;
  const colon = colonAfter(text, pair.key);
  if (colon === undefined) return [];
  const edits: TextEdit[] = [];
  const value = pair.value;
  const range = rangeOf(value);
  if (value !== null && range && !(isScalar(value) && isEmptySource(text, value))) {
    edits.push({ start: colon + 1, end: range[1], newText: '' });
  }
  const keyColumn = text.column(rangeOf(pair.key)![0]);
  edits.push(insertLines(text, afterEnd(text, { end: colon + 1, keep: false }, keyColumn), lines));
  return edits;
}

/**
 * The edit that gives a key with an empty value a flow value (`aliases: [C]`, or inside a flow
 * mapping `{quotes: [{…}]}`): `~` or `null` is replaced, an empty value is written after the
 * colon.
 */
function fillEmptyFlow(p: Parsed, pair: Pair, value: string): TextEdit[] {
  const { text } = p;
  const node = pair.value;
  const range = rangeOf(node);
  if (isScalar(node) && range && !isEmptySource(text, node))
    return [{ start: range[0], end: range[1], newText: value }];
  const colon = colonAfter(text, pair.key);
  return colon === undefined ? [] : [{ start: colon + 1, end: colon + 1, newText: ` ${value}` }];
}

// New top-level sections -----------------------------------------------------------------------

/** Where a document ends for appending: before a `...` marker after the content, if any. */
function documentEnd(p: Parsed): number {
  const { text } = p;
  const contentStart = p.root ? contentEnd(text, p.root).end : text.first;
  for (let line = text.lineStart(contentStart); line >= 0; line = text.nextLineStart(line)) {
    if (/^\.\.\.(?:[ \t]|$)/u.test(text.line(line))) return line;
  }
  return text.source.length;
}

/**
 * Appends a new top-level section at the end of the document, after its last line (comments
 * included), with a blank line before it when the file separates its sections that way.
 */
function appendSection(p: Parsed, lines: readonly string[], blank: boolean): TextEdit[] {
  const { text } = p;
  const limit = documentEnd(p);
  let end = limit;
  while (end > text.first && /[ \t\r\n]/u.test(text.source[end - 1])) end--;
  const last = p.root ? contentEnd(text, p.root) : { end: 0, keep: false };
  if (last.keep && last.end > end && text.source[last.end - 1] === '\n') {
    return [insertLines(text, { at: last.end, lineStart: true, keep: true }, lines, blank)];
  }
  if (end <= text.first) {
    // Nothing but blank lines: the section becomes the file's content.
    return [{ start: limit, end: limit, newText: lines.join(text.eol) + text.eol }];
  }
  const keep = last.keep && last.end >= end;
  return [insertLines(text, { at: text.lineEnd(end - 1), lineStart: false, keep }, lines, blank)];
}

/** Creates a sidecar in an empty (or comments-only) document: `version: 1` and the section. */
function createSidecar(p: Parsed, section: readonly string[]): TextEdit[] {
  return appendSection(p, ['version: 1', '', ...section], false);
}

// Quote entries ------------------------------------------------------------------------------

function quoteFields(entry: NewQuoteEntry, scalar: (value: string) => string): [string, string][] {
  const values: Record<string, string | undefined> = {
    text: entry.text,
    speaker: entry.speaker,
    via: entry.via,
    kind: entry.kind,
    anonymous: entry.anonymous,
  };
  const fields: [string, string][] = [];
  for (const key of QUOTE_KEYS) {
    if (key === 'occurrence') {
      if (entry.occurrence !== undefined && Number.isFinite(entry.occurrence)) {
        fields.push([key, String(entry.occurrence)]);
      }
      continue;
    }
    const value = values[key];
    if (value !== undefined) fields.push([key, scalar(value)]);
  }
  return fields;
}

function flowMapping(fields: readonly [string, string][], padded = false): string {
  const body = fields.map(([key, value]) => `${key}: ${value}`).join(', ');
  return padded ? `{ ${body} }` : `{${body}}`;
}

/** A quote entry as block lines: `- text: …` at `dash`, the other keys aligned with `text`. */
function blockQuoteItem(fields: readonly [string, string][], dash: number, content: number): string[] {
  const offset = Math.max(2, content - dash);
  return fields.map(
    ([key, value], index) =>
      (index === 0 ? `${spaces(dash)}-${spaces(offset - 1)}` : spaces(dash + offset)) + `${key}: ${value}`,
  );
}

/**
 * Appends a quote entry to `quotes:`. A block list gets a new `- text: …` item laid out like
 * the last one (same column for `-`, same column for the keys, a blank line before it when the
 * items are separated by blank lines; a `- {text: …}` item when the last item is written that
 * way). A flow list `[…]` gets a flow item. An empty `quotes:` (or `quotes: ~`, `quotes: []`)
 * becomes a block list. A missing `quotes:` is added at the end of the file.
 */
export function addQuoteEntry(sidecar: SidecarSource, entry: NewQuoteEntry): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text, root } = p;
  const style = detectStyle(p);
  const block = quoteFields(entry, yamlScalar);
  const flow = flowMapping(quoteFields(entry, flowScalar));
  const section = (column: number): string[] => [
    `${spaces(column)}quotes:`,
    ...blockQuoteItem(block, column + style.seqOffset, column + style.seqOffset + style.itemOffset),
  ];
  if (!root) return createSidecar(p, section(0));
  const pair = findPair(root, 'quotes');
  if (!pair) {
    if (root.flow) return appendToFlow(p, root, `quotes: [${flow}]`);
    return appendSection(p, section(style.rootColumn), style.blankSections);
  }
  const value = pair.value;
  const keyColumn = text.column(rangeOf(pair.key)![0]);
  const dash = keyColumn + style.seqOffset;
  const fresh = blockQuoteItem(block, dash, dash + style.itemOffset);
  if (isNullValue(value) && root.flow) return fillEmptyFlow(p, pair, `[${flow}]`);
  if (isNullValue(value) || (isSeq(value) && value.flow && !root.flow && isBareEmptyFlow(text, value))) {
    return fillEmptyBlock(p, pair, fresh);
  }
  if (!isSeq(value)) return [];
  if (value.flow) return appendToFlow(p, value, flow);
  const dashes = dashOffsets(text, value);
  const last = value.items[value.items.length - 1];
  const lastDash = dashes[dashes.length - 1];
  const dashColumn = text.column(lastDash);
  let lines: string[];
  if (isMap(last) && last.flow) {
    const start = itemStart(last);
    const gap = text.lineStart(start) === text.lineStart(lastDash) ? Math.max(2, start - lastDash) : 2;
    const padded = /^\{[ \t]/u.test(text.source.slice(start, start + 2));
    lines = [`${spaces(dashColumn)}-${spaces(gap - 1)}${flowMapping(quoteFields(entry, flowScalar), padded)}`];
  } else {
    // Copy the key column of the last mapping item; without one, `- ` as in the samples.
    let content = dashColumn + style.itemOffset;
    for (let index = value.items.length - 1; index >= 0; index--) {
      const item = value.items[index];
      if (isBlockMap(item) && item.items.length > 0) {
        content = dashColumn + (text.column(itemStart(item.items[0])) - text.column(dashes[index]));
        break;
      }
    }
    lines = blockQuoteItem(block, dashColumn, content);
  }
  const blank = value.items.length >= 2 && text.blankLineBefore(lastDash);
  return [insertLines(text, after(text, last, dashColumn), lines, blank)];
}

// Entities -----------------------------------------------------------------------------------

interface EntityLayout {
  /** Flow style for the whole entity: `id: {type: …, name: …}`. */
  flow: boolean;
  padded: boolean;
  keyColumn: number;
  bodyColumn: number;
  /** Block aliases (`aliases:` and `- A` lines) instead of `aliases: [A]`, and their offset. */
  blockAliases: boolean;
  aliasOffset: number;
}

function entityFields(entity: NewEntity, scalar: (value: string) => string): [string, string][] {
  const fields: [string, string][] = [
    ['type', scalar(entity.type)],
    ['name', scalar(entity.name)],
  ];
  if (entity.aliases && entity.aliases.length > 0) {
    fields.push(['aliases', `[${entity.aliases.map(flowScalar).join(', ')}]`]);
  }
  if (entity.description !== undefined) fields.push(['description', scalar(entity.description)]);
  return fields;
}

function flowEntity(entity: NewEntity, padded = false): string {
  return `${flowScalar(entity.id)}: ${flowMapping(entityFields(entity, flowScalar), padded)}`;
}

function entityLines(entity: NewEntity, layout: EntityLayout): string[] {
  if (layout.flow) {
    const body = flowMapping(entityFields(entity, flowScalar), layout.padded);
    return [`${spaces(layout.keyColumn)}${yamlScalar(entity.id)}: ${body}`];
  }
  const lines = [`${spaces(layout.keyColumn)}${yamlScalar(entity.id)}:`];
  for (const [key, value] of entityFields(entity, yamlScalar)) {
    if (key === 'aliases' && layout.blockAliases) {
      lines.push(`${spaces(layout.bodyColumn)}aliases:`);
      for (const alias of entity.aliases ?? []) {
        lines.push(`${spaces(layout.bodyColumn + layout.aliasOffset)}- ${yamlScalar(alias)}`);
      }
    } else lines.push(`${spaces(layout.bodyColumn)}${key}: ${value}`);
  }
  return lines;
}

/** How the existing entities are written: the last one with a body decides. */
function entityLayout(p: Parsed, entities: YAMLMap | null, keyColumn: number, style: Style): EntityLayout {
  const { text } = p;
  const layout: EntityLayout = {
    flow: false,
    padded: false,
    keyColumn,
    bodyColumn: keyColumn + style.indent,
    blockAliases: false,
    aliasOffset: style.seqOffset,
  };
  const pairs = entities?.items ?? [];
  for (let index = pairs.length - 1; index >= 0; index--) {
    const body = pairs[index].value;
    if (!isMap(body)) continue;
    const start = rangeOf(body)?.[0] ?? 0;
    if (body.flow) {
      layout.flow = true;
      layout.padded = /^\{[ \t]/u.test(text.source.slice(start, start + 2));
    } else if (body.items.length > 0) {
      layout.bodyColumn = text.column(itemStart(body.items[0]));
    }
    break;
  }
  // Aliases follow the last entity that has a list of them.
  for (let index = pairs.length - 1; index >= 0; index--) {
    const body = pairs[index].value;
    const aliases = isMap(body) ? findPair(body, 'aliases') : undefined;
    if (!aliases || !isSeq(aliases.value)) continue;
    if (!aliases.value.flow && aliases.value.items.length > 0) {
      layout.blockAliases = true;
      const dash = dashOffsets(text, aliases.value)[0];
      layout.aliasOffset = Math.max(0, text.column(dash) - text.column(itemStart(aliases)));
    }
    break;
  }
  return layout;
}

/**
 * Adds an entity to `entities:`, laid out like the existing ones: block bodies at their
 * indentation, or one flow mapping per line (`id: {type: …, name: …}`) when the last entity is
 * written that way; a flow `entities: {…}` gets a flow entry. A missing `entities:` is added
 * before `quotes:` (and the comments directly above it), or at the end of the file. Returns no
 * edits when the id is already taken.
 */
export function addEntity(sidecar: SidecarSource, entity: NewEntity): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text, root } = p;
  const style = detectStyle(p);
  const section = (column: number): string[] => [
    `${spaces(column)}entities:`,
    ...entityLines(entity, entityLayout(p, null, column + style.indent, style)),
  ];
  if (!root) return createSidecar(p, section(0));
  const pair = findPair(root, 'entities');
  if (!pair) {
    const quotes = findPair(root, 'quotes');
    if (root.flow) {
      const entry = `entities: {${flowEntity(entity)}}`;
      if (!quotes) return appendToFlow(p, root, entry);
      const at = itemStart(quotes);
      return [{ start: at, end: at, newText: `${entry}, ` }];
    }
    const lines = section(style.rootColumn);
    if (!quotes) return appendSection(p, lines, style.blankSections);
    // Before `quotes:` and the comment lines directly above it, which introduce it.
    let at = text.lineStart(itemStart(quotes));
    if (root.items[0] !== quotes) {
      for (let line = text.previousLineStart(at); line >= 0; line = text.previousLineStart(line)) {
        if (!text.isComment(line) || text.indentation(line) > style.rootColumn) break;
        at = line;
      }
    }
    return [insertLines(text, { at, lineStart: true }, style.blankSections ? [...lines, ''] : lines)];
  }
  const value = pair.value;
  const keyColumn = text.column(rangeOf(pair.key)![0]);
  if (isNullValue(value) && root.flow) return fillEmptyFlow(p, pair, `{${flowEntity(entity)}}`);
  if (isNullValue(value) || (isMap(value) && value.flow && !root.flow && isBareEmptyFlow(text, value))) {
    return fillEmptyBlock(p, pair, entityLines(entity, entityLayout(p, null, keyColumn + style.indent, style)));
  }
  if (!isMap(value)) return [];
  if (value.items.some((existing) => keyText(existing.key) === entity.id)) return [];
  if (value.flow) return appendToFlow(p, value, flowEntity(entity));
  const last = value.items[value.items.length - 1];
  const column = text.column(itemStart(last));
  const lines = entityLines(entity, entityLayout(p, value, column, style));
  const blank = value.items.length >= 2 && text.blankLineBefore(itemStart(last));
  return [insertLines(text, after(text, last, column), lines, blank)];
}

/**
 * Adds an entity written out already (an entry moved from a sidecar to a registry): `entry` is
 * its lines with the key at column 0, placed at the column of the entities there, after the last
 * one. A missing or empty `entities:` is filled. No edits when the id is taken, or when
 * `entities:` is a flow mapping (the lines are block YAML).
 */
export function addEntityEntry(sidecar: SidecarSource, id: string, entry: readonly string[]): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text, root } = p;
  const style = detectStyle(p);
  const at = (column: number): string[] => entry.map((line) => (line === '' ? '' : spaces(column) + line));
  if (!root) return createSidecar(p, ['entities:', ...at(style.indent)]);
  if (root.flow) return [];
  const pair = findPair(root, 'entities');
  if (!pair)
    return appendSection(
      p,
      [`${spaces(style.rootColumn)}entities:`, ...at(style.rootColumn + style.indent)],
      style.blankSections,
    );
  const value = pair.value;
  const keyColumn = text.column(rangeOf(pair.key)![0]);
  if (isNullValue(value) || (isMap(value) && value.flow && isBareEmptyFlow(text, value))) {
    return fillEmptyBlock(p, pair, at(keyColumn + style.indent));
  }
  if (!isMap(value) || value.flow) return [];
  if (value.items.some((existing) => keyText(existing.key) === id)) return [];
  const last = value.items[value.items.length - 1];
  const column = text.column(itemStart(last));
  const blank = value.items.length >= 2 && text.blankLineBefore(itemStart(last));
  return [insertLines(text, after(text, last, column), at(column), blank)];
}

/** The entity with this id: the first, which is the one the sidecar reader uses. */
function findEntity(p: Parsed, id: string): { pair: Pair; entities: YAMLMap } | undefined {
  if (!p.root) return undefined;
  const entities = findPair(p.root, 'entities')?.value;
  if (!isMap(entities)) return undefined;
  const pair = findPair(entities, id);
  return pair ? { pair, entities } : undefined;
}

/**
 * Every key under `entities:` as written, the ones the sidecar reader ignores (a repeated id)
 * included: a new entity must not take any of them, or addEntity would refuse it.
 */
export function entityKeys(sidecar: SidecarSource): Set<string> {
  const keys = new Set<string>();
  const p = parse(sidecar);
  const entities = p?.root ? findPair(p.root, 'entities')?.value : undefined;
  if (!isMap(entities)) return keys;
  for (const pair of entities.items) {
    const key = keyText(pair.key);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

// Linking to Wikidata ------------------------------------------------------------------------

/** What linking an entity to Wikidata writes into it. */
export interface EntityLink {
  /** The item id, `Q` and digits: written as `wikidata:`, replacing a value there. */
  wikidata: string;
  /** The item's description in the article's language: written only where the entity has none. */
  description?: string;
  /** The item's coordinates, `[latitude, longitude]`: written only where the entity has none. */
  coordinates?: [number, number];
}

/** A coordinate as written into a sidecar: at most four decimals (about ten metres). */
function coordinateText(value: number): string {
  return String(Math.round(value * 10000) / 10000);
}

/**
 * Links an entity of a sidecar or registry to Wikidata: `wikidata: Q…` (replacing the value of
 * a `wikidata:` key the entity has), and the description and coordinates only where the entity
 * lacks them (no key, or a key with an empty value). New keys go where the format lists them,
 * after the last key that comes before them (`description` after `aliases` or `name`,
 * `wikidata` after `description`, `coordinates` after `links`), at the indentation of the
 * entity's keys, or into its flow mapping (`{type: person, name: …, wikidata: Q7747}`).
 * Comments and layout elsewhere stay byte for byte. No edits when the entity does not exist or
 * has no mapping, when the sidecar has a YAML error, or when everything is written already.
 */
export function linkEdits(sidecar: SidecarSource, entityId: string, link: EntityLink): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text } = p;
  const body = findEntity(p, entityId)?.pair.value;
  if (!isMap(body)) return [];
  const edits: TextEdit[] = [];
  const missing: { key: (typeof ENTITY_KEYS)[number]; block: string; flow: string }[] = [];
  // A `wikidata:` holding a list or a mapping cannot take the id without losing what it holds.
  let unwritable = false;
  const want = (key: (typeof ENTITY_KEYS)[number], block: string, flow: string, replace: boolean): void => {
    const pair = findPair(body, key);
    if (!pair) missing.push({ key, block, flow });
    else if (isNullValue(pair.value)) edits.push(...fillEmptyFlow(p, pair, body.flow ? flow : block));
    else if (!replace) return;
    else if (!isScalar(pair.value)) unwritable = true;
    else if (keyText(pair.value) !== block) {
      const range = rangeOf(pair.value)!;
      edits.push(...replaceScalar(p, range[0], range[1], block));
    }
  };
  if (link.description !== undefined && link.description.trim() !== '') {
    want('description', yamlScalar(link.description), flowScalar(link.description), false);
  }
  want('wikidata', link.wikidata, link.wikidata, true);
  if (link.coordinates) {
    const value = `[${link.coordinates.map(coordinateText).join(', ')}]`;
    want('coordinates', value, value, false);
  }
  if (unwritable) return [];
  if (missing.length === 0) return edits;
  // Each new key follows the last key of the entity that the format lists before it.
  const rank = (key: string | undefined): number => ENTITY_KEYS.indexOf(key as (typeof ENTITY_KEYS)[number]);
  const byAnchor = new Map<Pair | undefined, typeof missing>();
  for (const field of missing) {
    let anchor: Pair | undefined;
    for (const pair of body.items) {
      const known = rank(keyText(pair.key));
      if (known >= 0 && known < rank(field.key)) anchor = pair;
    }
    anchor ??= body.items[body.items.length - 1];
    const fields = byAnchor.get(anchor) ?? [];
    fields.push(field);
    byAnchor.set(anchor, fields);
  }
  for (const [anchor, fields] of byAnchor) {
    if (body.flow) {
      const items = fields.map(({ key, flow }) => `${key}: ${flow}`).join(', ');
      if (!anchor || anchor === body.items[body.items.length - 1]) edits.push(...appendToFlow(p, body, items));
      else {
        const at = itemEnd(anchor);
        edits.push({ start: at, end: at, newText: `, ${items}` });
      }
      continue;
    }
    if (!anchor) return [];
    const column = text.column(itemStart(anchor));
    const lines = fields.map(({ key, block }) => `${spaces(column)}${key}: ${block}`);
    edits.push(insertLines(text, after(text, anchor, column), lines));
  }
  return edits;
}

// Aliases ------------------------------------------------------------------------------------

/**
 * Adds an alias to an entity: `[A, B]` → `[A, B, C]` in the list's own spacing, a new `- C` line
 * in a block list, `aliases: [C]` after `name:` when the entity has no aliases yet. Returns no
 * edits when the entity does not exist, has no mapping body, or already has this alias.
 */
export function addAlias(sidecar: SidecarSource, entityId: string, alias: string): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text } = p;
  const found = findEntity(p, entityId);
  const body = found?.pair.value;
  if (!found || !isMap(body)) return [];
  const aliases = findPair(body, 'aliases');
  if (aliases) {
    const list = aliases.value;
    if (isNullValue(list)) return fillEmptyFlow(p, aliases, `[${flowScalar(alias)}]`);
    if (!isSeq(list)) return [];
    if (list.items.some((item) => keyText(item) === alias)) return [];
    if (list.flow) return appendToFlow(p, list, flowScalar(alias));
    const dashes = dashOffsets(text, list);
    const lastDash = dashes[dashes.length - 1];
    const last = list.items[list.items.length - 1];
    const start = itemStart(last);
    const gap = text.lineStart(start) === text.lineStart(lastDash) ? Math.max(2, start - lastDash) : 2;
    const column = text.column(lastDash);
    return [insertLines(text, after(text, last, column), [`${spaces(column)}-${spaces(gap - 1)}${yamlScalar(alias)}`])];
  }
  // No aliases yet: `aliases: [C]` after the name, or after the last key when there is no name.
  const anchorPair = findPair(body, 'name') ?? body.items[body.items.length - 1];
  const entry = `aliases: [${flowScalar(alias)}]`;
  if (body.flow) {
    if (!anchorPair) return appendToFlow(p, body, entry);
    const at = itemEnd(anchorPair);
    return [{ start: at, end: at, newText: `, ${entry}` }];
  }
  if (!anchorPair) return [];
  const column = text.column(itemStart(anchorPair));
  return [insertLines(text, after(text, anchorPair, column), [spaces(column) + entry])];
}

/**
 * Removes one alias (the first that is written exactly so) and its separator: the item and its
 * comma in a flow list, the `- C` line in a block list. Comments are never removed: a comment
 * on the removed line, or between flow items, stays where it was. When it was the only alias,
 * the entity is left with `aliases: []`.
 */
export function removeAlias(sidecar: SidecarSource, entityId: string, alias: string): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const { text } = p;
  const { source: src } = text;
  const body = findEntity(p, entityId)?.pair.value;
  if (!isMap(body)) return [];
  const aliases = findPair(body, 'aliases');
  const list = aliases?.value;
  if (!aliases || !isSeq(list)) return [];
  const index = list.items.findIndex((item) => isScalar(item) && keyText(item) === alias);
  if (index < 0) return [];
  const items = list.items;
  const end = itemEnd(items[index]);

  if (list.flow) return removeFlowItem(p, list, index);

  // A block list: the whole `- C` line goes, unless a comment shares it, which stays.
  const dash = dashOffsets(text, list)[index];
  const lineStart = text.lineStart(dash);
  const lineEnd = text.lineEnd(end);
  const comment = /^[ \t]*#/u.exec(src.slice(end, lineEnd)) ? src.indexOf('#', end) : -1;
  const edits: TextEdit[] = [];
  if (comment >= 0) edits.push({ start: dash, end: comment, newText: '' });
  else if (!/^[ \t]*$/u.test(src.slice(lineStart, dash))) edits.push({ start: dash, end, newText: '' });
  else {
    const next = text.nextLineStart(lineEnd);
    if (next >= 0) edits.push({ start: lineStart, end: next, newText: '' });
    else {
      // The last line of a file without a final line break: the line break before it goes instead.
      const previous = text.previousLineStart(lineStart);
      const from = previous >= 0 ? text.lineEnd(previous) : lineStart;
      edits.push({ start: from, end: lineEnd, newText: '' });
    }
  }
  if (items.length === 1) {
    const colon = colonAfter(text, aliases.key);
    if (colon === undefined) return [];
    edits.push({ start: colon + 1, end: colon + 1, newText: ' []' });
  }
  return edits;
}

/**
 * Removes item `index` of a flow collection and its separator: the item and its comma, `[]` or
 * `{}` when it was the only one. A comment between the items stays where it was.
 */
function removeFlowItem(p: Parsed, node: YAMLMap | YAMLSeq, index: number): TextEdit[] {
  const { source: src } = p.text;
  const items = node.items as unknown[];
  const range = rangeOf(node)!;
  const start = itemStart(items[index]);
  const end = itemEnd(items[index]);
  if (items.length === 1) {
    const inner = src.slice(range[0] + 1, range[1] - 1);
    if (!inner.includes('#')) return [{ start: range[0] + 1, end: range[1] - 1, newText: '' }];
    // A comment inside the brackets stays; the item and a comma after it go.
    const rest = /^[ \t]*,/u.exec(src.slice(end, range[1] - 1));
    return [{ start, end: end + (rest ? rest[0].length : 0), newText: '' }];
  }
  if (index < items.length - 1) {
    const next = itemStart(items[index + 1]);
    const gap = src.slice(end, next);
    if (!gap.includes('#')) return [{ start, end: next, newText: '' }];
    return [{ start, end: end + gap.indexOf(',') + 1, newText: '' }];
  }
  const previousEnd = itemEnd(items[index - 1]);
  const gap = src.slice(previousEnd, start);
  if (!gap.includes('#')) return [{ start: previousEnd, end, newText: '' }];
  const comma = previousEnd + gap.indexOf(',');
  return [
    { start: comma, end: comma + 1, newText: '' },
    { start, end, newText: '' },
  ];
}

/**
 * Removes item `index` of a collection: in a flow collection the item and its comma; in a block
 * collection exactly the lines of the item (from its key or `-` to its last line, with the
 * comment lines indented under it), and the blank lines after it where they separated it from
 * its neighbours. Comment lines above the item stay. When the item was the only one, the
 * collection is left empty, `[]` or `{}` after `parent`'s colon. Nothing when an item of a block
 * mapping shares its line with something before it (the first key of a list item, `- key:`).
 */
function removeCollectionItem(p: Parsed, parent: Pair, node: YAMLMap | YAMLSeq, index: number): TextEdit[] {
  if (node.flow) return removeFlowItem(p, node, index);
  const { text } = p;
  const items = node.items as unknown[];
  const item = items[index];
  const first = isSeq(node) ? dashOffsets(text, node)[index] : itemStart(item);
  const lineStart = text.lineStart(first);
  if (!/^[ \t]*$/u.test(text.source.slice(lineStart, first))) return [];
  const last = after(text, item, text.column(first));
  const edits: TextEdit[] = [];
  let next = text.nextLineStart(last.at);
  if (next < 0) {
    // The last line of a file without a final line break: the line break before it goes instead.
    const previous = text.previousLineStart(lineStart);
    edits.push({ start: previous >= 0 ? text.lineEnd(previous) : lineStart, end: last.at, newText: '' });
  } else {
    const previous = text.previousLineStart(lineStart);
    const separated = (previous >= 0 && text.isBlank(previous)) || (index === 0 && items.length > 1);
    if (separated) {
      while (next >= 0 && next < text.source.length && text.isBlank(next)) {
        const following = text.nextLineStart(next);
        if (following < 0) break;
        next = following;
      }
    }
    edits.push({ start: lineStart, end: next, newText: '' });
  }
  if (items.length === 1) {
    const colon = colonAfter(text, parent.key);
    if (colon === undefined) return [];
    edits.push({ start: colon + 1, end: colon + 1, newText: isSeq(node) ? ' []' : ' {}' });
  }
  return edits;
}

// Removing entities and quote entries --------------------------------------------------------

/**
 * Removes an entity from `entities:`: exactly its lines (its key, its body and the comments
 * indented under it), or its item in a flow mapping. Quote entries that name it are not touched
 * here (see `removeEntityEdits` in ide/actions.ts). No edits when there is no such entity.
 */
export function removeEntity(sidecar: SidecarSource, id: string): TextEdit[] {
  const p = parse(sidecar);
  if (!p?.root) return [];
  const entities = findPair(p.root, 'entities');
  if (!entities || !isMap(entities.value)) return [];
  const index = entities.value.items.findIndex((pair) => keyText(pair.key) === id);
  return index < 0 ? [] : removeCollectionItem(p, entities, entities.value, index);
}

/** The quote entry at `index` of `quotes:` (the sidecar reader's numbering), with the list. */
function findQuoteEntry(p: Parsed, index: number): { pair: Pair; list: YAMLSeq; entry: unknown } | undefined {
  if (!p.root) return undefined;
  const pair = findPair(p.root, 'quotes');
  const list = pair?.value;
  if (!pair || !isSeq(list) || !Number.isInteger(index) || index < 0 || index >= list.items.length) return undefined;
  return { pair, list, entry: list.items[index] };
}

/** Removes the quote entry at `index` of `quotes:`: its lines, or its item in a flow list. */
export function removeQuoteEntry(sidecar: SidecarSource, index: number): TextEdit[] {
  const p = parse(sidecar);
  const found = p && findQuoteEntry(p, index);
  return p && found ? removeCollectionItem(p, found.pair, found.list, index) : [];
}

/**
 * Removes one key (`via:`) from the quote entry at `index`, with its value: its line in a block
 * entry, up to the next key when it is the entry's first (`- via: x` → `- text: …`), its item in
 * a flow entry. Nothing when the entry has no such key or nothing else.
 */
export function removeQuoteField(sidecar: SidecarSource, index: number, key: string): TextEdit[] {
  const p = parse(sidecar);
  const found = p && findQuoteEntry(p, index);
  const entry = found?.entry;
  if (!p || !found || !isMap(entry) || entry.items.length < 2) return [];
  const at = entry.items.findIndex((pair) => keyText(pair.key) === key);
  if (at < 0) return [];
  if (entry.flow) return removeFlowItem(p, entry, at);
  const edits = removeCollectionItem(p, found.pair, entry, at);
  if (edits.length > 0 || at !== 0) return edits;
  // The entry's first key, on the line of its `-`: it goes up to where the next key starts,
  // unless a comment stands in between, which must stay.
  const start = itemStart(entry.items[0]);
  const end = itemStart(entry.items[1]);
  return p.text.source.slice(start, end).includes('#') ? [] : [{ start, end, newText: '' }];
}

// Keys, values and ids -------------------------------------------------------------------------

/** The scalar that starts at `start`, and whether it is inside a flow collection. */
function scalarAt(p: Parsed, start: number): { node: Scalar; flow: boolean } | undefined {
  let found: { node: Scalar; flow: boolean } | undefined;
  visit(p.document, {
    Scalar(_key, node, path) {
      if (rangeOf(node)?.[0] !== start) return undefined;
      found = { node, flow: path.some((ancestor) => (isMap(ancestor) || isSeq(ancestor)) && ancestor.flow === true) };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Replaces the scalar (a key or a value) that starts at `start`, whole, in the quote style it is
 * written in when that style can hold the new text. An empty value (`speaker:`) gets a space
 * after the colon, and a space before a comment that follows. No scalar there, no edit.
 */
function replaceScalar(p: Parsed, start: number, end: number, value: string): TextEdit[] {
  const { text } = p;
  const { source } = text;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= source.length)) {
    return [];
  }
  // Only a whole scalar is replaced, so that a wrong range can never cut into a comment or a key.
  const found = scalarAt(p, start);
  if (!found) return [];
  let to = rangeOf(found.node)![1];
  let newText: string;
  if (found.node.type === 'BLOCK_LITERAL' || found.node.type === 'BLOCK_FOLDED') {
    // A block scalar becomes a double-quoted one; the line breaks after its content stay.
    while (to > start && /[ \t\r\n]/u.test(source[to - 1])) to--;
    newText = doubleQuoted(value);
  } else {
    newText = restyled(value, source.slice(start, to), found.flow);
  }
  if (start === to) {
    if (start > 0 && !/[ \t\r\n[{,]/u.test(source[start - 1])) newText = ` ${newText}`;
    if (source[to] === '#') newText += ' ';
  }
  return source.slice(start, to) === newText ? [] : [{ start, end: to, newText }];
}

/**
 * Replaces a mapping key (`alias:` → `aliases:`), keeping its quote style when it can. Nothing,
 * when the mapping has the new key already: a second one would be a duplicate key, which the
 * sidecar reader refuses, and the misspelt key's contents must not be lost either.
 */
export function replaceKey(sidecar: SidecarSource, keyStart: number, keyEnd: number, newKey: string): TextEdit[] {
  const p = parse(sidecar);
  if (!p) return [];
  const siblings = keysBeside(p, keyStart);
  if (!siblings || siblings.includes(newKey)) return [];
  return replaceScalar(p, keyStart, keyEnd, newKey);
}

/** The other keys of the mapping whose key starts at `keyStart`; undefined when no key does. */
function keysBeside(p: Parsed, keyStart: number): (string | undefined)[] | undefined {
  let keys: (string | undefined)[] | undefined;
  visit(p.document, {
    Map(_key, map) {
      const own = map.items.findIndex((pair) => rangeOf(pair.key)?.[0] === keyStart);
      if (own < 0) return undefined;
      keys = map.items.filter((_pair, index) => index !== own).map((pair) => keyText(pair.key));
      return visit.BREAK;
    },
  });
  return keys;
}

/**
 * Replaces a scalar value, quoted as needed, keeping its quote style when it can hold the new
 * value. The new value is always a string: `2` is written `"2"`.
 */
export function replaceValue(
  sidecar: SidecarSource,
  valueStart: number,
  valueEnd: number,
  newValue: string,
): TextEdit[] {
  const p = parse(sidecar);
  return p ? replaceScalar(p, valueStart, valueEnd, newValue) : [];
}

/**
 * Renames an entity: its key in `entities:` and every `speaker:` and `via:` that refers to it.
 * Returns no edits when the entity does not exist or the new id is already taken.
 */
export function renameEntity(sidecar: SidecarSource, oldId: string, newId: string): TextEdit[] {
  const p = parse(sidecar);
  if (!p || oldId === newId) return [];
  const found = findEntity(p, oldId);
  if (!found || findPair(found.entities, newId)) return [];
  const keyRange = rangeOf(found.pair.key)!;
  const edits = replaceScalar(p, keyRange[0], keyRange[1], newId);
  const quotes = findPair(p.root!, 'quotes')?.value;
  if (isSeq(quotes)) {
    for (const entry of quotes.items) {
      if (!isMap(entry)) continue;
      for (const field of entry.items) {
        const key = keyText(field.key);
        if ((key !== 'speaker' && key !== 'via') || !isScalar(field.value) || keyText(field.value) !== oldId) continue;
        const range = rangeOf(field.value)!;
        edits.push(...replaceScalar(p, range[0], range[1], newId));
      }
    }
  }
  return edits;
}

// Applying edits -------------------------------------------------------------------------------

/**
 * Applies edits to a source. Edits are sorted by position (insertions at the same place keep
 * their order); overlapping edits or edits outside the source throw a RangeError, because
 * applying them would silently lose text.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order)
    .map(({ edit }) => edit);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    if (!(edit.start >= pos && edit.start <= edit.end && edit.end <= source.length)) {
      throw new RangeError(`Edit ${edit.start}–${edit.end} overlaps another edit or lies outside the source.`);
    }
    out += source.slice(pos, edit.start) + edit.newText;
    pos = edit.end;
  }
  return out + source.slice(pos);
}
