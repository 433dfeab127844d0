/**
 * A fast path for the YAML that sidecars are made of. It exists because shared entity registries
 * of thousands of people must parse in milliseconds while the user types, which the yaml
 * package cannot do for them.
 *
 * Sidecars use a small, regular part of YAML, and this module parses that part directly into the
 * yaml package's own node classes (YAMLMap, YAMLSeq, Pair, Scalar, Alias), with the same values,
 * styles, anchors and ranges the yaml package would give them, so that the sidecar walker runs
 * unchanged on either. Anchors on values of one line and aliases as values are in the subset:
 * sidecars share alias lists so, and a sidecar that fans one list out to many entities must be
 * refused (see checkAliases in sidecar.ts) in milliseconds, not after the yaml package's parse.
 *
 * The guiding rule is: when in doubt, give up. `parseSimpleYaml` returns undefined for anything
 * outside the subset, for anything that would be a YAML error (the yaml package must produce the
 * error message), and for anything whose interpretation is subtle (anchors on block collections
 * or keys, aliases as keys, tags, block scalars, multi-line scalars and flow collections, document
 * markers, explicit keys, tabs). The caller then parses with the yaml package, so giving up costs
 * time, never correctness.
 *
 * The ranges follow the yaml package's concrete syntax tree, whose rules for attaching
 * comments and blank lines to nodes decide where a node's range ends:
 *
 * - A scalar or flow collection ends after its line's trailing spaces, comment and line break,
 *   and also takes in the comment lines below it that are indented more than its collection
 *   (with the blank lines before them).
 * - Other comment lines become the start of the collection's next item. When the collection
 *   ends instead, they move up to the parent collection, unless one of them is indented at least
 *   as much as the collection (at indentation 0, they always move); comments that stay make the
 *   collection's range end where the next content begins.
 * - A key without a value on its line (`key:`) gets an empty scalar just after the colon and
 *   the spaces after it. Its range ends there too, unless a comment follows before the next
 *   content: then it ends where the tokens that the yaml package gives to that key end (the
 *   next content; or, when the next key of the same mapping follows, the end of the line before
 *   the second line break after the colon or after the last more-indented comment).
 */

import { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { ENTITY_KEYS, QUOTE_KEYS, QUOTE_KINDS, TOP_LEVEL_KEYS, WELL_KNOWN_TYPES } from './keys';
import { MAX_BLOCK_INDENT, MAX_FLOW_DEPTH } from './limits';
import { isDigit, lastOf, type Span } from '../text/text';

/** The result of the fast path: what the walker needs from a yaml Document. */
export interface FastParse {
  /** The root collection; null for a document of only comments and blank lines. */
  contents: YAMLMap | YAMLSeq | null;
}

/**
 * A node made here keeps its range in three numbers of its own: a range array per node would
 * be a large part of everything this parser allocates. Its `range` (the yaml package's
 * `[start, valueEnd, nodeEnd]`) is made from them on demand, by a getter on the prototype.
 */
export interface FastNode {
  rangeStart: number;
  rangeValueEnd: number;
  rangeEnd: number;
}

/** The span of a node made by this parser, or undefined for any other node. */
export function fastSpanOf(node: unknown): { start: number; end: number } | undefined {
  const fast = node as Partial<FastNode> | null;
  return fast && typeof fast.rangeStart === 'number' ? { start: fast.rangeStart, end: fast.rangeValueEnd! } : undefined;
}

function setRange(node: unknown, start: number, valueEnd: number, end: number): void {
  const fast = node as FastNode;
  fast.rangeStart = start;
  fast.rangeValueEnd = valueEnd;
  fast.rangeEnd = end;
}

/** A prototype for the nodes of one class: the class's template, with `range` read from the numbers. */
function fastPrototype<T extends object>(template: T): T {
  const prototype = Object.create(template) as T;
  Object.defineProperty(prototype, 'range', {
    get(this: FastNode): [number, number, number] {
      return [this.rangeStart, this.rangeValueEnd, this.rangeEnd];
    },
  });
  return prototype;
}

/*
 * The yaml package's constructors mark every node with `Object.defineProperty`, which is slow
 * enough to be most of this parser's time on a large sidecar. Nodes made here inherit
 * from one node of each class made by its constructor instead: they carry the same mark (the
 * type guards `isMap`, `isScalar` and the rest find it on the prototype chain), are instances of
 * the same classes, and cost one plain object each. Each node gets its own `value`, `key` or
 * `items`, so none is shared through the template.
 */
const SCALAR_TEMPLATE = fastPrototype(new Scalar(null));
const PAIR_TEMPLATE = new Pair(null);
const MAP_TEMPLATE = fastPrototype(new YAMLMap());
const SEQ_TEMPLATE = fastPrototype(new YAMLSeq());
const ALIAS_TEMPLATE = fastPrototype(new Alias('a'));
/**
 * The scalar styles, read once: the bundle reaches the yaml package's exports through a getter
 * each, and a large registry has hundreds of thousands of scalars.
 */
const PLAIN: Scalar.Type = Scalar.PLAIN;
const QUOTE_SINGLE: Scalar.Type = Scalar.QUOTE_SINGLE;
const QUOTE_DOUBLE: Scalar.Type = Scalar.QUOTE_DOUBLE;

function newScalar(value: unknown): Scalar {
  const node = Object.create(SCALAR_TEMPLATE) as Scalar;
  node.value = value;
  setRange(node, 0, 0, 0);
  return node;
}

function newPair(key: unknown, value: unknown): Pair {
  const node = Object.create(PAIR_TEMPLATE) as Pair;
  node.key = key;
  node.value = value;
  return node;
}

function newMap(): YAMLMap {
  const node = Object.create(MAP_TEMPLATE) as YAMLMap;
  node.items = [];
  setRange(node, 0, 0, 0);
  return node;
}

function newAlias(source: string, start: number, end: number): Alias {
  const node = Object.create(ALIAS_TEMPLATE) as Alias;
  node.source = source;
  setRange(node, start, end, end);
  return node;
}

function newSeq(): YAMLSeq {
  const node = Object.create(SEQ_TEMPLATE) as YAMLSeq;
  node.items = [];
  setRange(node, 0, 0, 0);
  return node;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const BOM = 0xfeff;
const EXCLAMATION = 33;
const AMPERSAND = 38;
const ASTERISK = 42;

/** A character of the anchor and alias names the fast path reads: letters, digits, `_` and `-`. */
function isNameChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 45
  );
}

/** Thrown to give up; one preallocated object, because giving up must not cost a stack trace. */
const BAIL: unknown = Object.freeze({ bail: true });

function bail(): never {
  throw BAIL;
}

/**
 * Characters that may not start a plain scalar here, or that start something this fast path
 * leaves to the yaml package: flow indicators, comments, anchors, aliases, tags, block scalars,
 * directives, reserved characters and quotes (quotes and brackets are handled before this
 * check where they are supported).
 */
export function isPlainStartRefused(code: number): boolean {
  switch (code) {
    case COMMA:
    case LEFT_BRACKET:
    case RIGHT_BRACKET:
    case LEFT_BRACE:
    case RIGHT_BRACE:
    case HASH:
    case 38: // & anchor
    case 42: // * alias
    case 33: // ! tag
    case 124: // | literal block scalar
    case 62: // > folded block scalar
    case DOUBLE_QUOTE:
    case SINGLE_QUOTE:
    case PERCENT:
    case 64: // @ reserved
    case 96: // ` reserved
    case 63: // ? explicit key, or a plain scalar that starts with it: rare, so not worth the risk
    case COLON:
      return true;
    default:
      return false;
  }
}

/**
 * The words sidecars repeat thousands of times (keys and entity types), by length. Plain
 * scalars with these texts reuse the constant instead of a new string: the same value with one
 * allocation fewer, and allocation is what a large sidecar's parse spends its time on.
 */
const COMMON_WORDS: string[][] = [];
for (const word of [...TOP_LEVEL_KEYS, ...ENTITY_KEYS, ...QUOTE_KEYS, ...WELL_KNOWN_TYPES, ...QUOTE_KINDS]) {
  (COMMON_WORDS[word.length] ??= []).push(word);
}

/** The text of `src` from `start` to `end`, as a common word's constant where it is one. */
function textOf(src: string, start: number, end: number): string {
  const words = COMMON_WORDS[end - start];
  if (words) {
    for (const word of words) if (src.startsWith(word, start)) return word;
  }
  return src.slice(start, end);
}

/**
 * Control characters, C1 controls and the Unicode line and paragraph separators: YAML refuses
 * some of them in scalars and reads others as line breaks, so neither fast reader takes them.
 */
export function isRefusedInScalar(code: number): boolean {
  return code < SPACE || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

export function isFlowIndicator(code: number): boolean {
  return (
    code === COMMA || code === LEFT_BRACKET || code === RIGHT_BRACKET || code === LEFT_BRACE || code === RIGHT_BRACE
  );
}

// The YAML 1.2 core schema, exactly as the yaml package tests and resolves plain scalars, in
// the same order (its tags null, bool, int in octal, decimal and hex, and float as special
// values, with an exponent and plain).
const NULL_TEST = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_TEST = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_TEST = /^0o[0-7]+$/;
const INT_TEST = /^[-+]?[0-9]+$/;
const INT_HEX_TEST = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_TEST = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_TEST = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_TEST = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain scalar's text under the core schema: null, a boolean, a number or the text. */
export function plainValue(text: string): unknown {
  const first = text.charCodeAt(0);
  // Only text that starts with one of these characters can resolve to anything but a string,
  // which spares the regular expressions for almost all names, ids and quotes.
  if (text === '' || first === 126 /* ~ */ || first === 110 /* n */ || first === 78 /* N */) {
    if (NULL_TEST.test(text)) return null;
  } else if (first === 116 /* t */ || first === 84 /* T */ || first === 102 /* f */ || first === 70 /* F */) {
    if (BOOL_TEST.test(text)) return first === 116 || first === 84;
  } else if (isDigit(first) || first === 43 /* + */ || first === DASH || first === DOT) {
    if (INT_OCT_TEST.test(text)) return parseInt(text.substring(2), 8);
    if (INT_TEST.test(text)) return parseInt(text, 10);
    if (INT_HEX_TEST.test(text)) return parseInt(text.substring(2), 16);
    if (FLOAT_NAN_TEST.test(text)) {
      if (text.slice(-3).toLowerCase() === 'nan') return NaN;
      return text.charCodeAt(0) === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (FLOAT_EXP_TEST.test(text) || FLOAT_TEST.test(text)) return parseFloat(text);
  }
  return text;
}

/** A plain scalar with its value resolved by the core schema. */
function plainScalar(text: string, start: number, end: number): Scalar {
  const value = plainValue(text);
  const node = newScalar(value);
  if (typeof value === 'number') {
    // How the number was written, as the yaml package records it.
    if (INT_OCT_TEST.test(text)) node.format = 'OCT';
    else if (INT_HEX_TEST.test(text)) node.format = 'HEX';
    else if (!INT_TEST.test(text) && !FLOAT_NAN_TEST.test(text) && FLOAT_EXP_TEST.test(text)) node.format = 'EXP';
    else if (!INT_TEST.test(text) && !FLOAT_NAN_TEST.test(text) && FLOAT_TEST.test(text)) {
      const dot = text.indexOf('.');
      if (dot !== -1 && text.charCodeAt(text.length - 1) === 48 /* 0 */) node.minFractionDigits = text.length - dot - 1;
    }
  }
  node.type = PLAIN;
  node.source = text;
  setRange(node, start, end, end);
  return node;
}

function quotedScalar(text: string, type: Scalar.Type, start: number, end: number): Scalar {
  const node = newScalar(text);
  node.type = type;
  node.source = text;
  setRange(node, start, end, end);
  return node;
}

/** The escapes of double-quoted scalars that stand for one fixed character. */
function simpleEscape(code: number): string | undefined {
  switch (code) {
    case 48: // 0
      return '\0';
    case 97: // a
      return '\x07';
    case 98: // b
      return '\b';
    case 101: // e
      return '\x1b';
    case 102: // f
      return '\f';
    case 110: // n
      return '\n';
    case 114: // r
      return '\r';
    case 116: // t
      return '\t';
    case 118: // v
      return '\v';
    case 78: // N
      return '\u0085';
    case 95: // _
      return '\u00a0';
    case 76: // L
      return '\u2028';
    case 80: // P
      return '\u2029';
    case SPACE:
      return ' ';
    case DOUBLE_QUOTE:
      return '"';
    case 47: // /
      return '/';
    case BACKSLASH:
      return '\\';
    default:
      return undefined;
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** A block collection being read, with what the yaml package's parser would know about it. */
interface Frame {
  isMap: boolean;
  /** The column of its keys or dashes. */
  indent: number;
  node: YAMLMap | YAMLSeq;
  /** Where it starts: its first key or dash. */
  start: number;
  /** The last pair, while its value has not begun (`key:` and nothing after it yet). */
  openPair: Pair | null;
  /** Where the empty value of `openPair` is: after the colon and the spaces after it. */
  emptyAt: number;
  /** Whether the line of `openPair` ends in a comment. */
  keyLineComment: boolean;
  /**
   * The range of the last item's value while it can still take in more-indented comment
   * lines below it: a scalar's or flow collection's, null for nested block collections and
   * after a comment line that stops the taking in.
   */
  absorber: FastNode | null;
  /** The deepest indentation of the comment lines after the last item; -1 for none. */
  pendingComment: number;
}

/** A blank or comment line after a `key:` whose value has not begun. */
interface TriviaLine {
  indent: number;
  hasComment: boolean;
  /** The end of the line's spaces or comment, before its line break. */
  contentEnd: number;
}

class SimpleYamlParser {
  private readonly stack: Frame[] = [];
  private readonly spareFrames: Frame[] = [];
  /** The blank and comment lines after the open pair of the innermost frame. */
  private readonly sepLines: TriviaLine[] = [];
  private root: YAMLMap | YAMLSeq | null = null;
  /** Where the last scalar or flow collection read ends (scanners report through this). */
  private cursor = 0;
  /** How many flow collections the one being read is nested in, itself included. */
  private flowDepth = 0;
  /** The colon whose `: ` ended the last scan of a plain scalar in block context (a key), or -1. */
  private scanColon = -1;

  constructor(
    private readonly src: string,
    private readonly skip: Span | undefined,
  ) {}

  parse(): FastParse {
    const src = this.src;
    const length = src.length;
    // Tabs are indentation errors in some places and separation in others; a lone carriage
    // return is a line break for some purposes and not for others. Sidecars have neither.
    // (In the skipped lines too, which the yaml package would not see: giving up is safe.)
    if (src.includes('\t')) bail();
    for (let cr = src.indexOf('\r'); cr !== -1; cr = src.indexOf('\r', cr + 1)) {
      if (src.charCodeAt(cr + 1) !== LF) bail();
    }
    const pos0 = src.charCodeAt(0) === BOM ? 1 : 0;
    if (src.indexOf('\ufeff', pos0) !== -1) bail();
    let pos = pos0;

    while (pos < length) {
      if (this.skip && pos === this.skip.start) {
        // The skipped lines read as the one comment line at column 0 that blanks them.
        this.trivia(0, true, this.skip.end - 1, this.skip.end);
        pos = this.skip.end;
        continue;
      }
      const newline = src.indexOf('\n', pos);
      const next = newline === -1 ? length : newline + 1;
      const end = newline === -1 ? length : newline > pos && src.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      let at = pos;
      while (at < end && src.charCodeAt(at) === SPACE) at++;
      const indent = at - pos;
      if (at === end) {
        this.trivia(indent, false, end);
      } else {
        const code = src.charCodeAt(at);
        if (code === HASH) {
          this.trivia(indent, true, end, next);
        } else {
          // Directives and document markers.
          if (indent === 0 && (code === PERCENT || src.startsWith('---', at) || src.startsWith('...', at))) bail();
          // On the line of a byte order mark, the yaml package does not count the spaces or
          // the dash before the content as indentation.
          if (pos === 1 && pos0 === 1 && (indent > 0 || code === DASH)) bail();
          this.content(pos, at, end, next);
        }
      }
      pos = next;
    }
    while (this.stack.length > 0) this.pop(length, false);
    return { contents: this.root };
  }

  // Blank and comment lines.

  private trivia(indent: number, isComment: boolean, contentEnd: number, next = contentEnd): void {
    const top = lastOf(this.stack);
    if (!top) return; // Before the root: stream-level comments, part of no node.
    if (top.openPair) {
      this.sepLines.push({ indent, hasComment: isComment, contentEnd });
      return;
    }
    if (!isComment) return; // Blank lines alone change nothing.
    if (top.absorber && indent > top.indent) {
      // A comment indented more than the collection belongs to the value above it.
      top.absorber.rangeEnd = next;
    } else {
      top.absorber = null;
      if (indent > top.pendingComment) top.pendingComment = indent;
    }
  }

  // Content lines.

  private content(lineStart: number, at: number, end: number, next: number): void {
    const indent = at - lineStart;
    const dash = this.isDash(at, end);
    if (this.stack.length === 0) {
      // The first content: the root. (The root stays on the stack until the end of the text.)
      if (dash) {
        const frame = this.push(false, indent, at);
        this.root = frame.node;
        this.seqItem(frame, lineStart, at, end, next);
      } else {
        const frame = this.push(true, indent, at);
        this.root = frame.node;
        this.mapEntry(frame, lineStart, at, end, next);
      }
      return;
    }
    for (;;) {
      const top = lastOf(this.stack);
      if (!top) bail(); // Less indented than the root: an error.
      if (top.openPair) {
        if (indent > top.indent || (indent === top.indent && dash && top.isMap)) {
          // The value of `key:` is a block collection starting on this line; a sequence may
          // sit at the key's own indentation.
          const pair = top.openPair;
          top.openPair = null;
          this.sepLines.length = 0;
          const frame = this.push(!dash, indent, at);
          pair.value = frame.node;
          if (dash) this.seqItem(frame, lineStart, at, end, next);
          else this.mapEntry(frame, lineStart, at, end, next);
          return;
        }
        this.closeEmpty(top, indent === top.indent, at);
      }
      if (indent > top.indent) bail(); // A continuation line or an indentation error.
      if (indent === top.indent) {
        if (top.isMap) {
          if (dash) bail(); // A sequence after a key that already has a value.
          this.mapEntry(top, lineStart, at, end, next);
          return;
        }
        if (dash) {
          this.seqItem(top, lineStart, at, end, next);
          return;
        }
        // A key at the indentation of a sequence ends it; the key belongs to a mapping at
        // the same indentation (`key:` followed by the sequence), or it is an error.
      }
      this.pop(at, true);
    }
  }

  private isDash(at: number, end: number): boolean {
    if (this.src.charCodeAt(at) !== DASH) return false;
    if (at + 1 === end) bail(); // An empty sequence item.
    return this.src.charCodeAt(at + 1) === SPACE;
  }

  private push(isMap: boolean, indent: number, start: number): Frame {
    // Deeper than the limits, the sidecar is refused, and the caller's scan says so.
    if (indent > MAX_BLOCK_INDENT) bail();
    const node = isMap ? newMap() : newSeq();
    // Frames are recycled: a large sidecar opens thousands of collections, one or two deep.
    const frame = this.spareFrames.pop();
    if (!frame) {
      const fresh: Frame = {
        isMap,
        indent,
        node,
        start,
        openPair: null,
        emptyAt: 0,
        keyLineComment: false,
        absorber: null,
        pendingComment: -1,
      };
      this.stack.push(fresh);
      return fresh;
    }
    frame.isMap = isMap;
    frame.indent = indent;
    frame.node = node;
    frame.start = start;
    frame.openPair = null;
    frame.emptyAt = 0;
    frame.keyLineComment = false;
    frame.absorber = null;
    frame.pendingComment = -1;
    this.stack.push(frame);
    return frame;
  }

  /**
   * Ends the innermost collection at `end` (where the next content starts, or the end of the
   * text), moving its trailing comment lines to the parent or keeping them, as the yaml
   * package does.
   */
  private pop(end: number, beforeContent: boolean): void {
    const frame = this.stack.pop()!;
    if (frame.openPair) this.closeEmpty(frame, false, end);
    const items = frame.node.items;
    const last = items[items.length - 1] as Pair | Scalar | YAMLMap | YAMLSeq;
    const lastNode = frame.isMap ? ((last as Pair).value as Scalar) : (last as Scalar);
    const valueEnd = (lastNode as unknown as FastNode).rangeEnd;
    let nodeEnd = valueEnd;
    if (frame.pendingComment >= 0) {
      if (frame.indent === 0 || frame.pendingComment < frame.indent) {
        const parent = lastOf(this.stack);
        if (parent) parent.pendingComment = Math.max(parent.pendingComment, frame.pendingComment);
      } else {
        nodeEnd = end;
      }
    }
    setRange(frame.node, frame.start, valueEnd, nodeEnd);
    this.spareFrames.push(frame);
    if (beforeContent && this.stack.length === 0) bail(); // Content less indented than the root.
  }

  /**
   * Gives the open pair of `frame` its empty value. `split` tells whether the next content is
   * a key of the same mapping: then the yaml package gives the key only the blank and comment
   * lines up to the second line break after the last colon or more-indented comment, and the
   * rest to the next key.
   */
  private closeEmpty(frame: Frame, split: boolean, contentStart: number): void {
    const pair = frame.openPair!;
    const lines = this.sepLines;
    let keptEnd = contentStart;
    let keptLines = lines.length;
    if (split) {
      // Line 0 is the key's own line; its colon resets the count of line breaks.
      let reset = 0;
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].hasComment && lines[i].indent > frame.indent) reset = i + 1;
      }
      // Line breaks after the reset: the reset line's own, and one for each line after it.
      if (lines.length - reset >= 1) {
        keptLines = reset + 1;
        keptEnd = lines[reset].contentEnd;
      }
    }
    let hasComment = frame.keyLineComment;
    for (let i = 0; i < keptLines && !hasComment; i++) hasComment = lines[i].hasComment;
    const at = frame.emptyAt;
    const value = newScalar(null);
    value.type = PLAIN;
    value.source = '';
    setRange(value, at, at, hasComment ? keptEnd : at);
    pair.value = value;
    frame.openPair = null;
    lines.length = 0;
  }

  /** A `key: value` line (or the part after a dash) at `at`, read into the mapping `frame`. */
  private mapEntry(frame: Frame, lineStart: number, at: number, end: number, next: number): void {
    const key = this.key(at, end);
    if (!key) bail(); // Not a key: a plain line, a continuation or an error.
    const colon = this.cursor;
    // The yaml package refuses implicit keys more than 1024 characters before their colon.
    if (colon - lineStart > 1000) bail();
    frame.absorber = null;
    frame.pendingComment = -1;
    let valueAt = colon + 1;
    const src = this.src;
    while (valueAt < end && src.charCodeAt(valueAt) === SPACE) valueAt++;
    if (valueAt === end || src.charCodeAt(valueAt) === HASH) {
      const pair = newPair(key, null);
      frame.node.items.push(pair);
      frame.openPair = pair;
      frame.emptyAt = valueAt;
      frame.keyLineComment = valueAt < end;
      this.sepLines.length = 0;
      return;
    }
    const value = this.blockValue(valueAt, end, next);
    frame.node.items.push(newPair(key, value));
    frame.absorber = value as unknown as FastNode;
  }

  /** A sequence item at the dash `at`: a value, or a mapping whose first key is on this line. */
  private seqItem(frame: Frame, lineStart: number, at: number, end: number, next: number): void {
    const src = this.src;
    let itemAt = at + 1;
    while (itemAt < end && src.charCodeAt(itemAt) === SPACE) itemAt++;
    if (itemAt === end || src.charCodeAt(itemAt) === HASH) bail(); // An empty item.
    if (this.isDash(itemAt, end)) bail(); // A sequence in a sequence on one line.
    frame.absorber = null;
    frame.pendingComment = -1;
    if (this.looksLikeKey(itemAt, end)) {
      const map = this.push(true, itemAt - lineStart, itemAt);
      (frame.node as YAMLSeq).items.push(map.node);
      this.mapEntry(map, lineStart, itemAt, end, next);
      return;
    }
    const value = this.blockValue(itemAt, end, next);
    (frame.node as YAMLSeq).items.push(value);
    frame.absorber = value as unknown as FastNode;
  }

  /** Whether a key and `: ` start at `at`, so that a sequence item there is a mapping. */
  private looksLikeKey(at: number, end: number): boolean {
    const code = this.src.charCodeAt(at);
    if (code === LEFT_BRACKET || code === LEFT_BRACE || code === AMPERSAND || code === ASTERISK) return false;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      if (code === DOUBLE_QUOTE) this.doubleQuoted(at, end);
      else this.singleQuoted(at, end);
      let i = this.cursor;
      while (i < end && this.src.charCodeAt(i) === SPACE) i++;
      return i < end && this.src.charCodeAt(i) === COLON && (i + 1 === end || this.src.charCodeAt(i + 1) === SPACE);
    }
    this.plainBlock(at, end);
    return this.scanColon !== -1;
  }

  /** A key at `at` followed by `:` and a space or the line end; `cursor` is the colon. */
  private key(at: number, end: number): Scalar | undefined {
    const src = this.src;
    const code = src.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const node = code === DOUBLE_QUOTE ? this.doubleQuoted(at, end) : this.singleQuoted(at, end);
      let i = this.cursor;
      while (i < end && src.charCodeAt(i) === SPACE) i++;
      if (i === end || src.charCodeAt(i) !== COLON) return undefined;
      if (i + 1 < end && src.charCodeAt(i + 1) !== SPACE) return undefined;
      this.cursor = i;
      return node;
    }
    const textEnd = this.plainBlock(at, end);
    if (this.scanColon === -1) return undefined;
    const node = plainScalar(textOf(src, at, textEnd), at, textEnd);
    this.cursor = this.scanColon;
    return node;
  }

  /**
   * Scans a plain scalar in block context from `at`; returns the end of its text (without
   * trailing spaces). Sets `scanColon` to the colon when `: ` (or a colon at the line end)
   * ended it, and -1 when the line end or a comment did.
   */
  private plainBlock(at: number, end: number): number {
    const src = this.src;
    const first = src.charCodeAt(at);
    if (isPlainStartRefused(first)) bail();
    if (first === DASH && (at + 1 === end || src.charCodeAt(at + 1) === SPACE)) bail();
    let textEnd = at;
    this.scanColon = -1;
    for (let i = at; i < end; i++) {
      const code = src.charCodeAt(i);
      if (code === SPACE) continue;
      if (code === COLON && (i + 1 === end || src.charCodeAt(i + 1) === SPACE)) {
        this.scanColon = i;
        break;
      }
      if (code === HASH && src.charCodeAt(i - 1) === SPACE) break;
      if (isRefusedInScalar(code)) bail();
      textEnd = i + 1;
    }
    return textEnd;
  }

  // Anchors and aliases: an anchor (`&name`) on a value on its own line, and an alias (`*name`)
  // as a value, which is what sidecars share aliases with. An anchor on a block collection, on
  // a key or before another property is left to the yaml package.

  /** The end of the anchor or alias name after the sign at `at`; gives up on an unusual name. */
  private nameEnd(at: number, end: number): number {
    const src = this.src;
    let i = at + 1;
    while (i < end && isNameChar(src.charCodeAt(i))) i++;
    if (i === at + 1) bail();
    if (i < end && src.charCodeAt(i) !== SPACE && !isFlowIndicator(src.charCodeAt(i))) bail();
    return i;
  }

  /** The anchor at `at` and the value after it, which the anchor names; `cursor` is after it. */
  private anchored<T extends Scalar | YAMLMap | YAMLSeq>(at: number, end: number, value: (at: number) => T): T {
    const nameEnd = this.nameEnd(at, end);
    const valueAt = this.skipSpaces(nameEnd, end);
    // An anchor before the line's end (on a block collection) or before another property.
    if (valueAt === nameEnd || valueAt >= end) bail();
    const first = this.src.charCodeAt(valueAt);
    if (first === AMPERSAND || first === ASTERISK || first === EXCLAMATION || first === HASH) bail();
    const node = value(valueAt);
    node.anchor = this.src.slice(at + 1, nameEnd);
    return node;
  }

  /** The alias at `at`; `cursor` is after its name. */
  private alias(at: number, end: number): Alias {
    const nameEnd = this.nameEnd(at, end);
    this.cursor = nameEnd;
    return newAlias(this.src.slice(at + 1, nameEnd), at, nameEnd);
  }

  /**
   * A value after `key: ` or `- `: a flow collection, a quoted or a plain scalar, with the rest
   * of the line (spaces, a comment and the line break) in its range.
   */
  private blockValue(at: number, end: number, next: number): Scalar | YAMLMap | YAMLSeq | Alias {
    const src = this.src;
    const code = src.charCodeAt(at);
    if (code === AMPERSAND) return this.anchored(at, end, (valueAt) => this.blockValue(valueAt, end, next) as Scalar);
    let node: Scalar | YAMLMap | YAMLSeq | Alias;
    let valueEnd: number;
    if (code === ASTERISK) {
      node = this.alias(at, end);
      valueEnd = this.cursor;
    } else if (code === LEFT_BRACKET || code === LEFT_BRACE) {
      node = this.flowCollection(at, end);
      valueEnd = this.cursor;
    } else if (code === DOUBLE_QUOTE) {
      node = this.doubleQuoted(at, end);
      valueEnd = this.cursor;
    } else if (code === SINGLE_QUOTE) {
      node = this.singleQuoted(at, end);
      valueEnd = this.cursor;
    } else {
      valueEnd = this.plainBlock(at, end);
      // `key: a: b` is a mapping in a compact mapping: an error.
      if (this.scanColon !== -1) bail();
      node = plainScalar(textOf(src, at, valueEnd), at, valueEnd);
    }
    let i = valueEnd;
    while (i < end && src.charCodeAt(i) === SPACE) i++;
    // After the value only a comment may follow, separated by at least one space.
    if (i < end && (src.charCodeAt(i) !== HASH || i === valueEnd)) bail();
    // The value's own range already spans [at, valueEnd]; only its end moves.
    (node as unknown as FastNode).rangeEnd = next;
    return node;
  }

  // Flow collections, on one line.

  /** A flow collection at `at` that closes on the same line; `cursor` is after it. */
  private flowCollection(at: number, end: number): YAMLMap | YAMLSeq {
    if (++this.flowDepth > MAX_FLOW_DEPTH) bail();
    const src = this.src;
    const isMap = src.charCodeAt(at) === LEFT_BRACE;
    const close = isMap ? RIGHT_BRACE : RIGHT_BRACKET;
    const node = isMap ? newMap() : newSeq();
    node.flow = true;
    let i = this.skipSpaces(at + 1, end);
    if (i < end && src.charCodeAt(i) === close) {
      setRange(node, at, i + 1, i + 1);
      this.cursor = i + 1;
      this.flowDepth--;
      return node;
    }
    for (;;) {
      let value: Scalar | YAMLMap | YAMLSeq | Alias;
      if (isMap) {
        const key = this.flowScalar(i, end, true);
        const colon = this.skipSpaces(this.cursor, end);
        // Only `key: value`; `key:value` after a quoted key, `{key}` and `{key: }` are left to
        // the yaml package.
        if (colon >= end || src.charCodeAt(colon) !== COLON || src.charCodeAt(colon + 1) !== SPACE) bail();
        value = this.flowValue(this.skipSpaces(colon + 1, end), end);
        (node as YAMLMap).items.push(newPair(key, value));
      } else {
        value = this.flowValue(i, end);
        (node as YAMLSeq).items.push(value);
      }
      // The spaces after a value belong to it, up to the comma or the closing bracket.
      const after = this.skipSpaces(this.cursor, end);
      (value as unknown as FastNode).rangeEnd = after;
      if (after >= end) bail(); // The collection continues on the next line.
      const code = src.charCodeAt(after);
      if (code === close) {
        setRange(node, at, after + 1, after + 1);
        this.cursor = after + 1;
        this.flowDepth--;
        return node;
      }
      if (code !== COMMA) bail();
      i = this.skipSpaces(after + 1, end);
      // A trailing comma, or a collection that continues on the next line.
      if (i >= end || src.charCodeAt(i) === close || src.charCodeAt(i) === COMMA) bail();
    }
  }

  private flowValue(at: number, end: number): Scalar | YAMLMap | YAMLSeq | Alias {
    if (at >= end) bail();
    const code = this.src.charCodeAt(at);
    if (code === AMPERSAND) return this.anchored(at, end, (valueAt) => this.flowValue(valueAt, end) as Scalar);
    if (code === ASTERISK) return this.alias(at, end);
    if (code === LEFT_BRACKET || code === LEFT_BRACE) return this.flowCollection(at, end);
    return this.flowScalar(at, end, false);
  }

  /** A quoted or plain scalar inside a flow collection; `cursor` is after its text. */
  private flowScalar(at: number, end: number, isKey: boolean): Scalar {
    const src = this.src;
    if (at >= end) bail();
    const first = src.charCodeAt(at);
    if (first === DOUBLE_QUOTE) return this.doubleQuoted(at, end);
    if (first === SINGLE_QUOTE) return this.singleQuoted(at, end);
    if (isPlainStartRefused(first)) bail();
    if (first === DASH) {
      const second = src.charCodeAt(at + 1);
      if (at + 1 >= end || second === SPACE || isFlowIndicator(second)) bail();
    }
    let textEnd = at;
    let i = at;
    for (; i < end; i++) {
      const code = src.charCodeAt(i);
      if (code === SPACE) continue;
      if (isFlowIndicator(code)) break;
      if (code === COLON) {
        const following = i + 1 < end ? src.charCodeAt(i + 1) : SPACE;
        if (following === SPACE || isFlowIndicator(following)) {
          // A colon ends a key; after a value it would make a pair or an error.
          if (!isKey) bail();
          break;
        }
      }
      if (code === HASH && src.charCodeAt(i - 1) === SPACE) bail(); // A comment inside.
      if (isRefusedInScalar(code)) bail();
      textEnd = i + 1;
    }
    if (i >= end) bail(); // The line ended inside the collection.
    this.cursor = textEnd;
    return plainScalar(textOf(src, at, textEnd), at, textEnd);
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.src.charCodeAt(at) === SPACE) at++;
    return at;
  }

  // Quoted scalars, on one line.

  private singleQuoted(at: number, end: number): Scalar {
    const src = this.src;
    let text = '';
    let runStart = at + 1;
    for (let i = at + 1; i < end; i++) {
      if (src.charCodeAt(i) !== SINGLE_QUOTE) continue;
      if (src.charCodeAt(i + 1) === SINGLE_QUOTE && i + 1 < end) {
        text += src.slice(runStart, i + 1);
        runStart = i + 2;
        i++;
        continue;
      }
      text += src.slice(runStart, i);
      this.cursor = i + 1;
      return quotedScalar(text, QUOTE_SINGLE, at, i + 1);
    }
    return bail(); // Not closed on this line: a multi-line scalar or an error.
  }

  private doubleQuoted(at: number, end: number): Scalar {
    const src = this.src;
    let text = '';
    let runStart = at + 1;
    for (let i = at + 1; i < end; i++) {
      const code = src.charCodeAt(i);
      if (code === DOUBLE_QUOTE) {
        text += src.slice(runStart, i);
        this.cursor = i + 1;
        return quotedScalar(text, QUOTE_DOUBLE, at, i + 1);
      }
      if (code !== BACKSLASH) continue;
      text += src.slice(runStart, i);
      if (i + 1 >= end) bail(); // An escaped line break.
      const escape = src.charCodeAt(i + 1);
      const simple = simpleEscape(escape);
      if (simple !== undefined) {
        text += simple;
        i += 1;
      } else {
        const digits = escape === 120 /* x */ ? 2 : escape === 117 /* u */ ? 4 : escape === 85 /* U */ ? 8 : 0;
        if (digits === 0 || i + 1 + digits >= end) bail(); // Unknown, or cut short by the quote.
        let codePoint = 0;
        for (let d = i + 2; d < i + 2 + digits; d++) {
          const value = hexValue(src.charCodeAt(d));
          if (value < 0) bail();
          codePoint = codePoint * 16 + value;
        }
        if (codePoint > 0x10ffff) bail();
        text += String.fromCodePoint(codePoint);
        i += 1 + digits;
      }
      runStart = i + 1;
    }
    return bail(); // Not closed on this line: a multi-line scalar or an error.
  }
}

/**
 * Parses the common subset of YAML that sidecars use into yaml package nodes, exactly as the
 * yaml package would (YAML 1.2 core schema); undefined when the text is outside the subset, or
 * would be a YAML error, and the yaml package must parse it. Never throws. `skip` is read as one
 * comment line at column 0 (from a line's start to just after a line break): the entities past
 * the limit, which parseSidecarThrough would otherwise blank out in a copy of the whole text.
 */
export function parseSimpleYaml(source: string, skip?: Span): FastParse | undefined {
  try {
    return new SimpleYamlParser(source, skip).parse();
  } catch {
    // Giving up throws BAIL. Any other error would be a bug here, and must not break parsing
    // either: the yaml package is always there to fall back on.
    return undefined;
  }
}
