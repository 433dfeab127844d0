/**
 * The direct reader: a sidecar written in the plainest style, read line by line straight into
 * the sidecar model, without building YAML nodes first.
 *
 * Large sidecars are usually written by tools, and then in one plain style: top-level keys,
 * entities as block mappings whose lists are flow sequences on one line, quotes as a block
 * sequence of block mappings, scalars plain or quoted without escapes, no comments. For those,
 * reading the model directly takes a fraction of the time and memory that YAML nodes cost.
 *
 * The reader accepts only sidecars it reads exactly as `parseSidecar` would through YAML nodes,
 * and that have nothing to report: anything else (another style, a comment, a value of the
 * wrong type, an unknown key) makes it give up, and the sidecar is read the general way, which
 * also explains what is wrong. Every offset is a UTF-16 code unit, as everywhere in the core.
 */

import { isFlowIndicator, isPlainStartRefused, isRefusedInScalar, plainValue } from './fastYaml';
import { ENTITY_KEYS, QUOTE_KEYS, TOP_LEVEL_KEYS, TYPE_PATTERN, WIKIDATA_PATTERN } from './keys';
import { parseLanguageTag } from './languages';
import { MAX_BLOCK_INDENT } from './limits';
import type { Entity, QuoteEntry, Sidecar, TextValue } from './sidecar';

const NEWLINE = 10;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;

/** Thrown (as this one object) to give up; caught in `readPlainSidecar`. */
const GIVE_UP: unknown = Object.freeze({ giveUp: true });

function giveUp(): never {
  throw GIVE_UP;
}

/** What `parseSidecar` checks on values, passed in so that this module needs nothing from it. */
export interface PlainSidecarChecks {
  isValidId(id: string): boolean;
  isWebLink(text: string): boolean;
  articlePathProblem(path: string): string | undefined;
  supportedVersion: number;
}

/**
 * The sidecar model of `source` when it is written in the plain style and has nothing to
 * report, or undefined. The caller still checks references between entities and quotes.
 */
export function readPlainSidecar(source: string, checks: PlainSidecarChecks): Sidecar | undefined {
  // Styles the reader does not take: carriage returns and tabs, a byte order mark, comments.
  // A `#` elsewhere (inside a word or a quoted text) is no comment, but giving up on any `#`
  // after a space or at a line start is simpler and costs only speed.
  if (source.includes('\r') || source.includes('\t') || source.includes('\ufeff') || mayHaveComment(source)) {
    return undefined;
  }
  try {
    return new PlainReader(source, checks).read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/**
 * Whether a `#` stands at a line start or after a space, where it may begin a comment. A search
 * for the character alone: most sidecars have none, and one search for one character is
 * cheaper than searches for each of the two-character sequences.
 */
function mayHaveComment(source: string): boolean {
  for (let at = source.indexOf('#'); at !== -1; at = source.indexOf('#', at + 1)) {
    const before = source.charCodeAt(at - 1);
    if (at === 0 || before === SPACE || before === NEWLINE) return true;
  }
  return false;
}

type Section = 'top' | 'entities' | 'quotes';

class PlainReader {
  private readonly sidecar: Sidecar = { entities: [], entityById: new Map(), quotes: [] };
  /** The end of the line being read, without the line break, and the start of the next. */
  private lineEnd = 0;
  private next = 0;
  /** Where a value read by `value` ended, and its span. */
  private valueSpan = { start: 0, end: 0 };

  constructor(
    private readonly src: string,
    private readonly checks: PlainSidecarChecks,
  ) {}

  read(): Sidecar {
    const src = this.src;
    let section: Section = 'top';
    let seenTop = 0;
    // Entities: the indentation of ids, and of the keys of the entity being read.
    let idIndent = -1;
    let keyIndent = -1;
    let entity: Entity | undefined;
    let entityKeys = 0;
    // Quotes: the indentation of the dashes, and of the keys of the entry being read.
    let dashIndent = -1;
    let entry: QuoteEntry | undefined;
    let entryKeys = 0;

    const finishEntity = (): void => {
      if (!entity) return;
      // Type and name are required; without them there is something to report.
      if (!(entityKeys & 1) || !(entityKeys & 2)) giveUp();
      this.sidecar.entities.push(entity);
      this.sidecar.entityById.set(entity.id, entity);
      entity = undefined;
    };
    const finishEntry = (): void => {
      if (!entry) return;
      if (!entry.text) giveUp();
      if (entry.speaker && entry.anonymous !== undefined) giveUp();
      if (!entry.speaker && entry.anonymous === undefined && entry.kind === 'speech') giveUp();
      entry = undefined;
    };

    for (let pos = 0; pos < src.length; pos = this.next) {
      const newline = src.indexOf('\n', pos);
      this.lineEnd = newline === -1 ? src.length : newline;
      this.next = newline === -1 ? src.length : newline + 1;
      let at = pos;
      while (at < this.lineEnd && src.charCodeAt(at) === SPACE) at++;
      if (at === this.lineEnd) continue; // A blank line.
      const indent = at - pos;
      if (indent > MAX_BLOCK_INDENT) giveUp();

      // A quote list may start at the left margin, under `quotes:`; its dashes are no top-level keys.
      const quoteAtMargin = section === 'quotes' && dashIndent <= 0 && this.isDash(at);
      if (indent === 0 && !quoteAtMargin) {
        finishEntity();
        finishEntry();
        const key = this.key(at, TOP_LEVEL_KEYS);
        const bit = 1 << key.index;
        if (seenTop & bit) giveUp();
        seenTop |= bit;
        section = 'top';
        this.topLevel(key.name, key.valueAt);
        if (key.name === 'entities' || key.name === 'quotes') {
          section = key.name;
          idIndent = keyIndent = dashIndent = -1;
        }
        continue;
      }

      if (section === 'entities') {
        if (idIndent === -1) idIndent = indent;
        if (indent === idIndent) {
          finishEntity();
          entity = this.entityHeader(at);
          entityKeys = 0;
          keyIndent = -1;
          continue;
        }
        if (!entity || indent < idIndent) giveUp();
        if (keyIndent === -1) keyIndent = indent;
        if (indent !== keyIndent) giveUp();
        entityKeys = this.entityField(entity, at, entityKeys);
        // The entity's span ends where its last line does, with the line break.
        entity.span.end = this.next;
        continue;
      }

      if (section === 'quotes') {
        if (dashIndent === -1) dashIndent = indent;
        let keyAt = at;
        if (indent === dashIndent && this.isDash(at)) {
          finishEntry();
          keyAt = at + 1;
          while (keyAt < this.lineEnd && src.charCodeAt(keyAt) === SPACE) keyAt++;
          if (keyAt === this.lineEnd) giveUp(); // An empty item, or a mapping on the next line.
          entry = { index: this.sidecar.quotes.length, span: { start: keyAt, end: this.next }, kind: 'speech' };
          this.sidecar.quotes.push(entry);
          entryKeys = 0;
          keyIndent = keyAt - pos;
        } else if (!entry || indent !== keyIndent) {
          giveUp();
        }
        entryKeys = this.quoteField(entry, keyAt, entryKeys);
        entry.span.end = this.next;
        continue;
      }
      giveUp(); // Indented content under a top-level key with a value.
    }
    finishEntity();
    finishEntry();
    // Without a version there is a warning to give.
    if (!(seenTop & 1)) giveUp();
    return this.sidecar;
  }

  private isDash(at: number): boolean {
    return this.src.charCodeAt(at) === DASH && this.src.charCodeAt(at + 1) === SPACE;
  }

  /**
   * A key from `allowed` at `at`, followed by a colon and a space or the line end; `valueAt`
   * is where its value starts, or -1 for none on this line.
   */
  private key(at: number, allowed: readonly string[]): { name: string; index: number; valueAt: number } {
    const src = this.src;
    const colon = src.indexOf(':', at);
    if (colon === -1 || colon >= this.lineEnd) giveUp();
    const name = src.slice(at, colon);
    const index = allowed.indexOf(name);
    if (index < 0) giveUp();
    let valueAt = colon + 1;
    if (valueAt < this.lineEnd && src.charCodeAt(valueAt) !== SPACE) giveUp();
    while (valueAt < this.lineEnd && src.charCodeAt(valueAt) === SPACE) valueAt++;
    return { name, index, valueAt: valueAt === this.lineEnd ? -1 : valueAt };
  }

  private topLevel(name: string, valueAt: number): void {
    const sidecar = this.sidecar;
    switch (name) {
      case 'entities':
      case 'quotes':
        // A value on the same line (a flow collection) is another style.
        if (valueAt !== -1) giveUp();
        return;
      case 'version': {
        const value = this.scalarValue(valueAt);
        if (value !== this.checks.supportedVersion) giveUp();
        sidecar.version = value;
        return;
      }
      case 'language': {
        const code = parseLanguageTag(this.text(valueAt).text);
        if (!code) giveUp();
        sidecar.language = code;
        return;
      }
      case 'article': {
        const value = this.text(valueAt);
        if (this.checks.articlePathProblem(value.text) !== undefined) giveUp();
        sidecar.article = value;
        return;
      }
    }
  }

  /** An entity id on its own line: `id:`, with the entity's keys on the lines below. */
  private entityHeader(at: number): Entity {
    const src = this.src;
    const colon = src.indexOf(':', at);
    if (colon === -1 || colon >= this.lineEnd) giveUp();
    for (let i = colon + 1; i < this.lineEnd; i++) if (src.charCodeAt(i) !== SPACE) giveUp();
    const id = src.slice(at, colon);
    // The id must read as the same text in YAML (not a number, say), be a valid id, and be new.
    if (!this.checks.isValidId(id) || plainValue(id) !== id || this.sidecar.entityById.has(id)) giveUp();
    const idSpan = { start: at, end: colon };
    return {
      id,
      idSpan,
      span: { start: at, end: this.next },
      type: 'entity',
      aliases: [],
      links: [],
      caseSensitive: true,
    };
  }

  /** One `key: value` line of an entity; returns the keys seen so far, one bit each. */
  private entityField(entity: Entity, at: number, seen: number): number {
    const key = this.key(at, ENTITY_KEYS);
    const bit = 1 << key.index;
    if (seen & bit || key.valueAt === -1) giveUp();
    switch (key.name as (typeof ENTITY_KEYS)[number]) {
      case 'type': {
        const value = this.text(key.valueAt);
        if (!TYPE_PATTERN.test(value.text)) giveUp();
        entity.type = value.text.toLowerCase();
        break;
      }
      case 'name': {
        const value = this.text(key.valueAt);
        if (!value.text.trim()) giveUp();
        entity.name = value;
        break;
      }
      case 'aliases':
        // Entries that are only white space are left out, as `parseSidecar` does, silently.
        entity.aliases = this.textList(key.valueAt).filter((alias) => alias.text.trim() !== '');
        break;
      case 'description':
        entity.description = this.text(key.valueAt).text;
        break;
      case 'note':
        entity.note = this.text(key.valueAt).text;
        break;
      case 'wikidata': {
        const normalised = this.text(key.valueAt).text.trim().toUpperCase();
        if (!WIKIDATA_PATTERN.test(normalised)) giveUp();
        entity.wikidata = normalised;
        break;
      }
      case 'links':
        for (const link of this.textList(key.valueAt)) {
          if (!link.text.trim()) continue;
          if (!this.checks.isWebLink(link.text)) giveUp();
          entity.links.push(link.text.trim());
        }
        break;
      case 'coordinates': {
        const values = this.list(key.valueAt, (start, end, quoted) =>
          quoted ? NaN : plainValue(this.src.slice(start, end)),
        );
        if (values.length !== 2) giveUp();
        const [latitude, longitude] = values;
        if (typeof latitude !== 'number' || typeof longitude !== 'number') giveUp();
        if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) giveUp();
        if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) giveUp();
        entity.coordinates = [latitude, longitude];
        break;
      }
      case 'caseSensitive': {
        const value = this.scalarValue(key.valueAt);
        if (typeof value !== 'boolean') giveUp();
        entity.caseSensitive = value;
        break;
      }
    }
    return seen | bit;
  }

  /** One `key: value` of a quote entry; returns the keys seen so far, one bit each. */
  private quoteField(entry: QuoteEntry, at: number, seen: number): number {
    const key = this.key(at, QUOTE_KEYS);
    const bit = 1 << key.index;
    if (seen & bit || key.valueAt === -1) giveUp();
    switch (key.name as (typeof QUOTE_KEYS)[number]) {
      case 'text': {
        const value = this.text(key.valueAt);
        if (!value.text.trim()) giveUp();
        entry.text = value;
        break;
      }
      case 'speaker':
        entry.speaker = this.text(key.valueAt);
        break;
      case 'via':
        entry.via = this.text(key.valueAt);
        break;
      case 'anonymous':
        entry.anonymous = this.text(key.valueAt).text;
        break;
      case 'note':
        entry.note = this.text(key.valueAt).text;
        break;
      case 'kind': {
        const kind = this.text(key.valueAt).text;
        if (kind !== 'speech' && kind !== 'term') giveUp();
        entry.kind = kind;
        break;
      }
      case 'occurrence': {
        const value = this.scalarValue(key.valueAt);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) giveUp();
        entry.occurrence = value;
        break;
      }
    }
    return seen | bit;
  }

  /** A scalar value at `at` that ends the line, as text: a string, or a number written out. */
  private text(at: number): TextValue {
    const value = this.scalar(at, this.lineEnd, false);
    if (value === undefined) giveUp();
    return value;
  }

  /** A plain scalar value at `at` that ends the line, resolved by the core schema. */
  private scalarValue(at: number): unknown {
    if (at === -1) giveUp();
    const src = this.src;
    const first = src.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE || first === LEFT_BRACKET) giveUp();
    const end = this.plainEnd(at, this.lineEnd, false);
    this.expectLineEnd(end);
    return plainValue(src.slice(at, end));
  }

  /**
   * A scalar (quoted or plain) at `at`, within `[at, limit)`: as text when it reads as text,
   * else undefined. In a flow sequence (`inFlow`) it ends at a comma or bracket; in block
   * context it must end the line. `valueSpan` is its span.
   */
  private scalar(at: number, limit: number, inFlow: boolean): TextValue | undefined {
    if (at === -1 || at >= limit) giveUp();
    const src = this.src;
    const first = src.charCodeAt(at);
    let text: string;
    let end: number;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const close = src.indexOf(first === DOUBLE_QUOTE ? '"' : "'", at + 1);
      if (close === -1 || close >= limit) giveUp();
      // Escapes, doubled single quotes and control characters are left to the general way. The
      // source is read rather than the slice: the source is one flat string, a slice of it is
      // read through a reference to it.
      for (let i = at + 1; i < close; i++) {
        const code = src.charCodeAt(i);
        if (code === BACKSLASH || isRefusedInScalar(code)) giveUp();
      }
      text = src.slice(at + 1, close);
      if (first === SINGLE_QUOTE && src.charCodeAt(close + 1) === SINGLE_QUOTE) giveUp();
      end = close + 1;
      this.valueSpan = { start: at, end };
    } else {
      if (first === LEFT_BRACKET) giveUp();
      end = this.plainEnd(at, limit, inFlow);
      const value = plainValue(src.slice(at, end));
      if (typeof value === 'number') text = String(value);
      else if (typeof value === 'string') text = value;
      else return undefined;
      this.valueSpan = { start: at, end };
    }
    if (!inFlow) this.expectLineEnd(end);
    return { text, span: this.valueSpan };
  }

  /**
   * The end of a plain scalar's text at `at` (without trailing spaces), giving up on whatever
   * the YAML rules would read otherwise: indicators at the start, `: ` inside, or in a flow
   * sequence any flow indicator.
   */
  private plainEnd(at: number, limit: number, inFlow: boolean): number {
    const src = this.src;
    const first = src.charCodeAt(at);
    if (isPlainStartRefused(first)) giveUp();
    if (first === DASH) {
      // A dash before a space is a sequence entry; in a flow sequence, before an indicator too.
      const next = at + 1 < limit ? src.charCodeAt(at + 1) : SPACE;
      if (next === SPACE || (inFlow && isFlowIndicator(next))) giveUp();
    }
    let textEnd = at;
    for (let i = at; i < limit; i++) {
      const code = src.charCodeAt(i);
      if (code === SPACE) continue;
      if (inFlow && (code === COMMA || code === RIGHT_BRACKET)) break;
      if (inFlow && isFlowIndicator(code)) giveUp(); // A bracket or brace inside an item.
      if (code === COLON) {
        // `: ` makes a mapping; in a flow sequence a colon before a comma or bracket does too.
        const following = i + 1 < limit ? src.charCodeAt(i + 1) : SPACE;
        if (following === SPACE || (inFlow && isFlowIndicator(following))) giveUp();
      }
      if (isRefusedInScalar(code)) giveUp();
      textEnd = i + 1;
    }
    return textEnd;
  }

  /** Only spaces may follow a value to the end of its line. */
  private expectLineEnd(end: number): void {
    for (let i = end; i < this.lineEnd; i++) if (this.src.charCodeAt(i) !== SPACE) giveUp();
  }

  /** A flow sequence of scalars that read as text, on one line. */
  private textList(at: number): TextValue[] {
    return this.list(at, (start, end, quoted) => {
      const value = this.scalar(start, end, true);
      if (value === undefined || (quoted && value.span.end !== end)) giveUp();
      return value;
    });
  }

  /**
   * A flow sequence `[a, "b", c]` at `at` that ends its line. `item` reads each item from its
   * start to the end of its text (before the spaces and the comma or bracket after it).
   */
  private list<T>(at: number, item: (start: number, end: number, quoted: boolean) => T): T[] {
    const src = this.src;
    if (at === -1 || src.charCodeAt(at) !== LEFT_BRACKET) giveUp();
    const items: T[] = [];
    let i = at + 1;
    while (i < this.lineEnd && src.charCodeAt(i) === SPACE) i++;
    if (src.charCodeAt(i) === RIGHT_BRACKET) {
      this.expectLineEnd(i + 1);
      return items;
    }
    for (;;) {
      if (i >= this.lineEnd) giveUp();
      const first = src.charCodeAt(i);
      const quoted = first === DOUBLE_QUOTE || first === SINGLE_QUOTE;
      let end: number;
      if (quoted) {
        const close = src.indexOf(first === DOUBLE_QUOTE ? '"' : "'", i + 1);
        if (close === -1 || close >= this.lineEnd) giveUp();
        end = close + 1;
      } else {
        end = this.plainEnd(i, this.lineEnd, true);
      }
      items.push(item(i, end, quoted));
      let after = end;
      while (after < this.lineEnd && src.charCodeAt(after) === SPACE) after++;
      const code = src.charCodeAt(after);
      if (code === RIGHT_BRACKET) {
        this.expectLineEnd(after + 1);
        return items;
      }
      if (code !== COMMA) giveUp();
      i = after + 1;
      while (i < this.lineEnd && src.charCodeAt(i) === SPACE) i++;
      // A comma before the bracket (`[a, ]`) is left to the general way.
      if (src.charCodeAt(i) === RIGHT_BRACKET) giveUp();
    }
  }
}
