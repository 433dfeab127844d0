/**
 * The sidecar: parsing and validating `NAME.ann.yaml`.
 *
 * Parsing never throws. Every problem becomes a diagnostic on the exact range of the sidecar
 * where it is, and whatever can still be understood is kept, so that one typo does not switch
 * off highlighting for the whole article.
 */

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  YAMLParseError,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
} from 'yaml';
import type { CoreDiagnostic, DiagnosticCode, Severity } from '../diagnostics';
import { ENTITY_KEYS, QUOTE_KEYS, REGISTRY_KEYS, TOP_LEVEL_KEYS, TYPE_PATTERN, WIKIDATA_PATTERN } from './keys';
import { fastSpanOf, parseSimpleYaml, type FastParse } from './fastYaml';
import { MAX_BLOCK_INDENT, MAX_ENTITIES, MAX_FLOW_DEPTH, MAX_REGISTRY_ENTITIES } from './limits';
import { parseLanguageTag, type LanguageCode } from '../text/languages';
import { closestWord } from '../text/similarity';
import { lowerBound, type Span } from '../text/text';

export interface TextValue {
  text: string;
  span: Span;
}

export interface Entity {
  id: string;
  /** The id as written (the mapping key). */
  idSpan: Span;
  /** The whole entry: key and value. */
  span: Span;
  /** `person`, `place`, `organization` or a custom word. */
  type: string;
  name?: TextValue;
  aliases: TextValue[];
  description?: string;
  wikidata?: string;
  links: string[];
  coordinates?: [number, number];
  /** Whether names and aliases must match in case (the default). */
  caseSensitive: boolean;
  note?: string;
  /** Free facts for grouping (`gender: female`, `role: expert`, `party: SPD`), keys in order. */
  attributes?: Record<string, string>;
  /**
   * The registry file that defines the entity, as the caller named it; undefined for an
   * entity of the sidecar at hand (or of the registry at hand, when that is what was parsed).
   */
  origin?: string;
  /** Written without `type`: in a sidecar below a registry, it extends the registry's entity. */
  partial?: true;
  /** The registry entity that this sidecar entry extends (its names, type and facts included). */
  extends?: Entity;
}

export type QuoteEntryKind = 'speech' | 'term';

export interface QuoteEntry {
  /** Position in the `quotes:` list. */
  index: number;
  span: Span;
  text?: TextValue;
  kind: QuoteEntryKind;
  speaker?: TextValue;
  via?: TextValue;
  anonymous?: string;
  occurrence?: number;
  note?: string;
}

export interface Sidecar {
  version?: number;
  language?: LanguageCode;
  /** The `article:` key: a path relative to the sidecar's folder. */
  article?: TextValue;
  /** The article's metadata for grouping (`outlet`, `published`, `author`, any key). */
  meta?: Record<string, string>;
  entities: Entity[];
  entityById: Map<string, Entity>;
  quotes: QuoteEntry[];
}

export interface ParsedSidecar {
  /** The text that was parsed. */
  source: string;
  sidecar: Sidecar;
  diagnostics: CoreDiagnostic[];
  /**
   * The parsed YAML document, for edits that must keep comments and layout. When the fast path
   * read the sidecar, the yaml package parses it on first access (and only then).
   */
  readonly document: Document.Parsed;
}

/**
 * Reads a sidecar's YAML into the yaml package's nodes, or gives up (undefined) and leaves it to
 * the yaml package. Production passes the fast parser; tests pass one that always gives up, to
 * compare both paths (test/support/sidecarPaths.ts).
 */
export type FastYamlParser = (source: string, skip?: Span) => FastParse | undefined;

export { ENTITY_KEYS, QUOTE_KEYS, REGISTRY_KEYS, TOP_LEVEL_KEYS, WELL_KNOWN_TYPES } from './keys';
export { MAX_ENTITIES, MAX_REGISTRY_ENTITIES } from './limits';
export const SUPPORTED_VERSION = 1;

const ID_PATTERN = /^[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}\p{Mn}_.-]*$/u;
/**
 * Aliases (`*name`) are legitimate YAML, but each one makes the reader walk its anchored node
 * again: nested ones expand exponentially ("billion laughs"), and one large node referenced many
 * times multiplies the work and the diagnostics. Beyond this many nodes reached through aliases
 * the sidecar is refused. An honest sidecar reuses a few short lists a few times.
 */
export const MAX_EXPANDED_ALIAS_NODES = 1000;

/**
 * Latin letters that a slug spells otherwise than by dropping their accents: the German umlauts
 * and ß as German spells them without (Ä → ae, as in most German slug conventions), and letters
 * that Unicode does not decompose into a base letter and a mark (ł, ø, đ, æ, þ, ı, …). The
 * umlauts are spelt the German way whatever the article's language: an id names one entity in
 * every article, and a name such as Müller is German in an English article too.
 */
const SLUG_LETTERS: Readonly<Partial<Record<string, string>>> = {
  Ä: 'ae',
  ä: 'ae',
  Ö: 'oe',
  ö: 'oe',
  Ü: 'ue',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  Æ: 'ae',
  æ: 'ae',
  Œ: 'oe',
  œ: 'oe',
  Ø: 'o',
  ø: 'o',
  Ł: 'l',
  ł: 'l',
  Ŀ: 'l',
  ŀ: 'l',
  Đ: 'd',
  đ: 'd',
  Ð: 'd',
  ð: 'd',
  Þ: 'th',
  þ: 'th',
  ı: 'i',
  Ħ: 'h',
  ħ: 'h',
  Ŧ: 't',
  ŧ: 't',
  Ŋ: 'ng',
  ŋ: 'ng',
  Ə: 'a',
  ə: 'a',
  ĸ: 'q',
  // The Catalan middle dot (l·l) joins letters of one word.
  '·': '',
};

/**
 * Turns an entity name into an id: lower case, words joined by `-`, Latin letters in ASCII
 * (umlauts and ß as German spells them without, other accents dropped). Accents are dropped
 * from Latin and Greek letters only: in other scripts a mark is part of the letter (Cyrillic й)
 * or a vowel sign, and stays.
 */
export function slugify(text: string): string {
  let spelt = '';
  for (const letter of text.normalize('NFC')) spelt += SLUG_LETTERS[letter] ?? letter;
  const slug = spelt
    .normalize('NFKD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}])\p{Mn}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Ll}\p{Lo}\p{Nd}\p{Mn}]+/gu, '-')
    .replace(/^[-\p{Mn}]+|-+$/gu, '');
  return slug || 'entity';
}

/**
 * A new id for an entity of this name, unique among the ids taken: the slug, or the slug with
 * the first free number (`putin`, `putin-2`, `putin-3`).
 */
export function uniqueId(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

class SidecarReader {
  readonly diagnostics: CoreDiagnostic[] = [];
  /** Anchored nodes by anchor name, in document order, to resolve aliases without a search. */
  private readonly anchors = new Map<string, YamlNode[]>();

  /** `parsed` is the root node of the parse: the yaml package's or the fast path's. */
  constructor(
    private readonly source: string,
    parsed: YamlNode | null,
  ) {
    // Most sidecars have no anchors; walking a large document only to find none is not free.
    if (!parsed || !source.includes('&')) return;
    visit(parsed, (_key, node) => {
      const anchor = (node as { anchor?: string } | null)?.anchor;
      if (anchor) {
        const list = this.anchors.get(anchor) ?? [];
        list.push(node as YamlNode);
        this.anchors.set(anchor, list);
      }
    });
  }

  report(span: Span, severity: Severity, code: DiagnosticCode, message: string, data?: Record<string, unknown>): void {
    this.diagnostics.push({
      target: 'sidecar',
      span: this.trim(span),
      severity,
      code,
      message,
      ...(data ? { data } : {}),
    });
  }

  /** Block collections end after their last line break; a range ends at the last character. */
  private trim(span: Span): Span {
    let end = span.end;
    while (end > span.start && /\s/u.test(this.source[end - 1] ?? '')) end--;
    return { start: span.start, end };
  }

  /** Follows a YAML alias (`*name`) to the latest node anchored with that name before it. */
  resolve(node: unknown): YamlNode | null {
    if (!isAlias(node)) return (node as YamlNode | null) ?? null;
    const at = spanOf(node).start;
    // The anchored nodes of one name are in document order: the last one that starts before.
    const candidates = this.anchors.get(node.source) ?? [];
    const after = lowerBound(candidates.length, (i) => spanOf(candidates[i]).start < at);
    return after > 0 ? candidates[after - 1] : null;
  }

  /**
   * A scalar as text: strings as they are, numbers written out; anything else is an error, shown
   * on the value or, when there is none, on `fallback` (a node, whose span is only worked out then).
   */
  text(node: unknown, what: string, fallback: unknown): TextValue | undefined {
    const value = this.resolve(node);
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) {
      return { text: String(value.value), span: spanOf(value) };
    }
    this.report(spanOf(value ?? fallback), 'error', 'schema', `${what} must be text.`);
    return undefined;
  }

  /**
   * Checks the keys of a mapping against the allowed ones, with a "did you mean". `where` (and
   * the `subject` it names, such as an entity id) place the mapping in messages; they are put
   * together, like the spans of the keys, only for a message, since most mappings have none.
   */
  checkKeys(
    pairs: readonly Pair[],
    allowed: readonly string[],
    where: string,
    subject?: string,
  ): Pair<Scalar<string>>[] {
    // One bit per allowed key (there are fewer than 31): a map per mapping would cost more
    // than the check, and a sidecar has thousands of mappings.
    let seen = 0;
    const result: Pair<Scalar<string>>[] = [];
    for (const pair of pairs) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(
          spanOf(key) ?? spanOf(pair.value),
          'error',
          'schema',
          `Keys ${placeOf(where, subject)} must be plain words.`,
        );
        continue;
      }
      const name = key.value;
      const index = allowed.indexOf(name);
      if (index < 0) {
        const suggestion = closestWord(name, allowed);
        this.report(
          spanOf(key),
          'warning',
          'unknown-key',
          `Unknown key '${name}' ${placeOf(where, subject)}.` +
            (suggestion ? ` Did you mean '${suggestion}'?` : ` Known keys: ${allowed.join(', ')}.`),
          suggestion ? { key: name, suggestion } : { key: name },
        );
        continue;
      }
      if (seen & (1 << index)) {
        this.report(
          spanOf(key),
          'error',
          'schema',
          `Key '${name}' appears twice ${placeOf(where, subject)}; the first one counts.`,
        );
        continue;
      }
      seen |= 1 << index;
      result.push(pair as Pair<Scalar<string>>);
    }
    return result;
  }
}

/** Where a mapping is, for a message: "in entity 'putin'". */
function placeOf(where: string, subject: string | undefined): string {
  return subject === undefined ? where : `${where} '${subject}'`;
}

function spanOf(node: unknown): Span {
  const fast = fastSpanOf(node);
  if (fast) return fast;
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

function pairSpan(pair: Pair): Span {
  const key = spanOf(pair.key);
  const value = pair.value ? spanOf(pair.value) : key;
  return { start: key.start, end: Math.max(key.end, value.end) };
}

const YAML_OPTIONS = {
  // Duplicate ids are reported with their own code below, not as a generic YAML error.
  uniqueKeys: false,
  prettyErrors: false,
  keepSourceTokens: true,
  strict: true,
} as const;

/**
 * What a file of entities is: an article's sidecar, or a registry (`entities.ann.yaml`), which
 * holds only `version` and `entities`, in the same format, for every article below it.
 */
export type EntityFileKind = 'sidecar' | 'registry';

/** Parses and validates a sidecar, or a registry. Never throws. */
export function parseSidecar(source: string, kind: EntityFileKind = 'sidecar'): ParsedSidecar {
  return parseSidecarThrough(source, parseSimpleYaml, kind);
}

/**
 * Parses and validates a sidecar, with `fastParser` tried first. The fast path (see fastYaml.ts)
 * reads the YAML that sidecars are usually made of faster than the yaml package, into
 * the same nodes; anything else, and every YAML error, goes to the yaml package. Never throws.
 */
export function parseSidecarThrough(
  source: string,
  fastParser: FastYamlParser,
  kind: EntityFileKind = 'sidecar',
): ParsedSidecar {
  const limit = kind === 'registry' ? MAX_REGISTRY_ENTITIES : MAX_ENTITIES;
  const file = kind === 'registry' ? 'registry' : 'sidecar';
  // Past the limit, the rest of the entities is blanked out before parsing (see
  // entitiesPastLimit): what is parsed has the same length and offsets as the source. The fast
  // path passes over those lines without the blanked copy of the text, which is made only for
  // the yaml package.
  const pastLimit = entitiesPastLimit(source, limit);
  let blanked: string | undefined;
  const parsedText = (): string =>
    pastLimit
      ? (blanked ??= source.slice(0, pastLimit.cut.start) + blankLine(pastLimit.cut) + source.slice(pastLimit.cut.end))
      : source;
  let parsedDocument: Document.Parsed | undefined;
  const fullDocument = (): Document.Parsed => (parsedDocument ??= parseDocument(parsedText(), YAML_OPTIONS));
  // The fast path keeps to the nesting limits itself, so only what it leaves to the yaml
  // package needs the scan for deep nesting first.
  const fast = fastParser(source, pastLimit?.cut);
  if (!fast) {
    const tooDeep = excessiveNesting(parsedText());
    if (tooDeep) return refused(source, tooDeep);
  }
  const sidecar: Sidecar = { entities: [], entityById: new Map(), quotes: [] };
  const document = fast ? undefined : fullDocument();
  const contents = fast ? fast.contents : (document!.contents as YamlNode | null);
  const reader = new SidecarReader(source, contents);
  // The document is created lazily: most callers never need it, and on the fast path it would
  // cost the very parse that the fast path saves.
  const result = (): ParsedSidecar => ({
    source,
    sidecar,
    diagnostics: reader.diagnostics,
    get document() {
      return fullDocument();
    },
  });

  if (pastLimit) {
    reader.report(
      pastLimit.span,
      'warning',
      'too-many-entities',
      `This ${file} defines ${pastLimit.total.toLocaleString('en-US')} entities; only the first ` +
        `${limit.toLocaleString('en-US')} are read, and the rest from here on are not analysed.`,
      { total: pastLimit.total, limit },
    );
  }
  if (document) {
    for (const error of document.errors) {
      reader.report(yamlErrorSpan(error.pos, source), 'error', 'yaml-syntax', yamlMessage(error.message));
    }
  }
  const aliasProblem =
    (!document || document.errors.length === 0) && source.includes('*') ? checkAliases(contents, reader) : undefined;
  if (aliasProblem) {
    reader.report(aliasProblem.span, 'error', 'yaml-syntax', aliasProblem.message);
    if (aliasProblem.fatal) return result();
  }

  const root = reader.resolve(contents);
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    // An empty sidecar is a fresh one: nothing annotated yet, nothing wrong.
    return result();
  }
  if (!isMap(root)) {
    reader.report(
      spanOf(root),
      'error',
      'schema',
      kind === 'registry'
        ? 'A registry is a mapping with the keys version and entities.'
        : 'A sidecar is a mapping with the keys version, language, article, entities and quotes.',
    );
    return result();
  }

  let versionSeen = false;
  const keys = kind === 'registry' ? REGISTRY_KEYS : TOP_LEVEL_KEYS;
  const where = kind === 'registry' ? 'at the top level of a registry' : 'at the top level';
  for (const pair of reader.checkKeys(root.items, keys, where)) {
    switch (pair.key.value) {
      case 'version': {
        versionSeen = true;
        const value = reader.resolve(pair.value);
        if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value)) {
          sidecar.version = value.value;
          if (value.value !== SUPPORTED_VERSION) {
            reader.report(
              spanOf(value),
              'error',
              'unsupported-version',
              `Sidecar format version ${value.value} is not supported; this extension reads version ${SUPPORTED_VERSION}.`,
            );
          }
        } else {
          reader.report(spanOf(value ?? pair.key), 'error', 'schema', 'version must be a whole number (1).');
        }
        break;
      }
      case 'language': {
        const value = reader.text(pair.value, 'language', pair.key);
        if (!value) break;
        const code = parseLanguageTag(value.text);
        if (code) sidecar.language = code;
        else {
          reader.report(
            value.span,
            'warning',
            'unknown-language',
            `Unknown language '${value.text}': quotation rules exist for de, en and fr. The language setting applies instead, or the language is guessed from the article.`,
          );
        }
        break;
      }
      case 'article': {
        const value = reader.text(pair.value, 'article', pair.key);
        if (!value) break;
        const problem = articlePathProblem(value.text);
        if (problem) reader.report(value.span, 'error', 'invalid-article-path', problem);
        else sidecar.article = value;
        break;
      }
      case 'meta':
        sidecar.meta = readTextMap(reader, pair, 'meta');
        break;
      case 'entities':
        readEntities(reader, pair, sidecar);
        break;
      case 'quotes':
        readQuotes(reader, pair, sidecar);
        break;
    }
  }
  if (!versionSeen) {
    reader.report(
      { start: 0, end: 0 },
      'warning',
      'schema',
      `The ${file} has no version; add \`version: 1\` at the top.`,
    );
  }
  checkReferences(reader, sidecar);
  return result();
}

/**
 * Where a block-style `entities:` section goes past MAX_ENTITIES entries: the text with the
 * rest of the section blanked (a comment, so that offsets stay what they are), the first entry
 * left out, and how many there are in all. A flow-style section is left alone. Entries are the
 * lines at the section's indentation; the lines of an entry are indented deeper, as YAML
 * requires.
 */
function entitiesPastLimit(source: string, limit: number): { cut: Span; span: Span; total: number } | undefined {
  // Cheap first: too few lines for that many entries.
  if (source.length < limit * 8) return undefined;
  let inEntities = false;
  let indent = -1;
  let count = 0;
  let cutAt = -1;
  let cutEnd = -1;
  for (let line = 0; line < source.length;) {
    const newline = source.indexOf('\n', line);
    const end = newline < 0 ? source.length : newline;
    let i = line;
    while (i < end && source.charCodeAt(i) === 32) i++;
    const code = source.charCodeAt(i);
    const blank = i >= end || code === 35 /* # */ || (code === 13 && i === end - 1);
    if (!blank) {
      const column = i - line;
      if (column === 0) {
        if (inEntities && cutAt >= 0 && cutEnd < 0) cutEnd = line;
        inEntities = /^entities[ \t]*:[ \t]*(?:#.*)?\r?$/u.test(source.slice(line, end));
        indent = -1;
      } else if (inEntities) {
        if (indent < 0) indent = column;
        if (column === indent && code !== 45 /* - */) {
          count++;
          if (count === limit + 1) cutAt = line;
        }
      }
    }
    line = end + 1;
  }
  if (cutAt < 0) return undefined;
  if (cutEnd < 0) cutEnd = source.length;
  const firstLineEnd = source.indexOf('\n', cutAt);
  const span = { start: cutAt + indent, end: firstLineEnd < 0 ? source.length : firstLineEnd };
  return { cut: { start: cutAt, end: cutEnd }, span, total: count };
}

/**
 * What the cut part of entitiesPastLimit becomes: one comment line, which parsers pass over at
 * once (a line of spaces is read space by space), ending with its last line break, which keeps
 * the next key at the start of its line; no node is read from it, so its line count is no matter.
 */
function blankLine(cut: Span): string {
  return '#' + ' '.repeat(cut.end - cut.start - 2) + '\n';
}

/**
 * A sidecar nested too deeply to parse safely: one yaml-syntax error, nothing read. Its document
 * (for edits) is an empty one that carries the error, so that no edit is computed against it and
 * nothing parses the source after all.
 */
function refused(source: string, span: Span): ParsedSidecar {
  const message = `The sidecar nests collections more than ${MAX_FLOW_DEPTH} levels deep (or indents more than ${MAX_BLOCK_INDENT} columns); the sidecar is ignored.`;
  let document: Document.Parsed | undefined;
  return {
    source,
    sidecar: { entities: [], entityById: new Map(), quotes: [] },
    diagnostics: [{ target: 'sidecar', span, severity: 'error', code: 'yaml-syntax', message }],
    get document() {
      if (!document) {
        document = parseDocument('', YAML_OPTIONS);
        document.errors.push(new YAMLParseError([span.start, span.end], 'RESOURCE_EXHAUSTION', message));
      }
      return document;
    },
  };
}

/**
 * Where a sidecar first nests collections deeper than the limits, or undefined. Flow collections
 * (`[`, `{`) are counted outside comments and quoted scalars; block collections cost a column of
 * indentation or an indicator (`- `, `? `, `: `) per level, so deep ones are indented far. The
 * scan over-counts in odd places (brackets in plain text), never under-counts: it errs towards
 * refusing, and only text no honest sidecar has reaches the limits.
 */
export function excessiveNesting(source: string): Span | undefined {
  // Character codes, not one-character strings: this runs over every sidecar on every parse.
  const NEWLINE = 10;
  const RETURN = 13;
  const SPACE = 32;
  const TAB = 9;
  let flow = 0;
  let atLineStart = true;
  let indent = 0;
  // The last character that was not a space or tab (a newline at the start of a line): a
  // quotation mark starts a quoted scalar only where a scalar can start.
  let previous = NEWLINE;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === NEWLINE || c === RETURN) {
      atLineStart = true;
      indent = 0;
      previous = NEWLINE;
      continue;
    }
    if (atLineStart) {
      const next = source.charCodeAt(i + 1);
      if (c === SPACE || c === TAB) {
        indent++;
        continue;
      }
      // - ? : followed by white space: block indicators, which nest like indentation.
      if ((c === 45 || c === 63 || c === 58) && (next === SPACE || next === TAB)) {
        // Checked here too: a line may hold nothing but indicators (`- - - - …`) and still nest.
        if (++indent > MAX_BLOCK_INDENT) return { start: i, end: i + 1 };
        previous = c;
        continue;
      }
      atLineStart = false;
      if (indent > MAX_BLOCK_INDENT) return { start: i, end: i + 1 };
    }
    const before = source.charCodeAt(i - 1);
    if (c === 35 /* # */ && (before === SPACE || before === TAB || previous === NEWLINE)) {
      while (i + 1 < source.length && source.charCodeAt(i + 1) !== NEWLINE && source.charCodeAt(i + 1) !== RETURN) i++;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      // After an indicator, only with white space between: `a:'b` in a flow is a plain scalar.
      const separated = before === SPACE || before === TAB;
      const afterStructure = previous === NEWLINE || previous === 91 || previous === 123 || previous === 44;
      const afterIndicator = previous === 58 || previous === 45 || previous === 63;
      if (afterStructure || (afterIndicator && separated)) {
        i = quotedScalarEnd(source, i);
        previous = c;
        continue;
      }
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++flow > MAX_FLOW_DEPTH) return { start: i, end: i + 1 };
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0) {
      flow--;
    }
    if (c !== SPACE && c !== TAB) previous = c;
  }
  return undefined;
}

/** The offset of the mark that ends a quoted scalar starting at `start`. */
function quotedScalarEnd(source: string, start: number): number {
  const quote = source.charCodeAt(start);
  for (let i = start + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (quote === 34 && c === 92 /* \\ */) i++;
    else if (c === quote) {
      // In single quotes, a doubled quotation mark is one that does not end the scalar.
      if (quote === 39 && source.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return source.length;
}

/**
 * Checks the sidecar's aliases before anything walks it: each must name an anchor set before it,
 * and all of them together may reach at most MAX_EXPANDED_ALIAS_NODES nodes, counted as the walk
 * would meet them (an alias inside an aliased node counts again each time). Sizes are counted
 * once per node, so the check is linear in the document however far the aliases would expand.
 */
function checkAliases(
  root: YamlNode | null,
  reader: SidecarReader,
): { span: Span; message: string; fatal: boolean } | undefined {
  const sizes = new Map<unknown, number>();
  const counting = new Set<unknown>();
  /** The nodes a walk through `node` meets, aliases followed; a node inside itself counts once. */
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = reader.resolve(node);
      return target === null || counting.has(target) ? 1 : sizeOf(target);
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    counting.add(node);
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        size += isPair(item) ? sizeOf(item.key) + (item.value === null ? 0 : sizeOf(item.value)) : sizeOf(item);
      }
    }
    counting.delete(node);
    sizes.set(node, size);
    return size;
  };
  let expanded = 0;
  let problem: { span: Span; message: string; fatal: boolean } | undefined;
  visit(root, {
    Alias(_key, node) {
      const span = spanOf(node);
      const target = reader.resolve(node);
      if (target === null) {
        problem ??= {
          span,
          message: `Unresolved alias (the anchor must be set before the alias): ${node.source}`,
          fatal: false,
        };
        return undefined;
      }
      expanded += sizeOf(target);
      if (expanded <= MAX_EXPANDED_ALIAS_NODES) return undefined;
      problem = {
        span,
        message: `The aliases in this sidecar reach more than ${MAX_EXPANDED_ALIAS_NODES} nodes (a YAML "billion laughs" or a large node referenced many times); the sidecar is ignored.`,
        fatal: true,
      };
      return visit.BREAK;
    },
  });
  return problem;
}

function readEntities(reader: SidecarReader, pair: Pair<Scalar<string>>, sidecar: Sidecar): void {
  const value = reader.resolve(pair.value);
  if (value === null || (isScalar(value) && value.value === null)) return;
  if (!isMap(value)) {
    reader.report(
      spanOf(value),
      'error',
      'schema',
      'entities is a mapping from ids to entities, such as `putin: {type: person, name: Wladimir Putin}`.',
    );
    return;
  }
  for (const entry of value.items) {
    const key = entry.key;
    if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      reader.report(spanOf(key), 'error', 'invalid-id', 'An entity id must be a plain word such as `putin`.');
      continue;
    }
    const id = String(key.value);
    const idSpan = spanOf(key);
    if (!isValidId(id)) {
      reader.report(
        idSpan,
        'error',
        'invalid-id',
        `Entity id '${id}' is not a lower-case slug; try '${slugify(id)}'.`,
        { id, suggestion: slugify(id) },
      );
    }
    if (sidecar.entityById.has(id)) {
      reader.report(idSpan, 'error', 'duplicate-id', `Entity id '${id}' is already defined; this entry is ignored.`, {
        id,
      });
      continue;
    }
    const entity = readEntity(reader, id, idSpan, entry);
    if (entity) {
      sidecar.entities.push(entity);
      sidecar.entityById.set(id, entity);
    }
  }
}

function readEntity(reader: SidecarReader, id: string, idSpan: Span, entry: Pair): Entity | undefined {
  const body = reader.resolve(entry.value);
  const entity: Entity = {
    id,
    idSpan,
    span: pairSpan(entry),
    type: 'entity',
    aliases: [],
    links: [],
    caseSensitive: true,
  };
  if (!isMap(body)) {
    reader.report(
      body ? spanOf(body) : idSpan,
      'error',
      'schema',
      `Entity '${id}' needs a mapping with at least type and name.`,
    );
    return entity;
  }
  let typeSeen = false;
  let nameSeen = false;
  for (const pair of reader.checkKeys(body.items, ENTITY_KEYS, 'in entity', id)) {
    switch (pair.key.value as (typeof ENTITY_KEYS)[number]) {
      case 'type': {
        typeSeen = true;
        const value = reader.text(pair.value, 'type', pair.key);
        if (value && TYPE_PATTERN.test(value.text)) {
          entity.type = value.text.toLowerCase();
        } else if (value) {
          reader.report(
            value.span,
            'error',
            'schema',
            `type is one word: person, place, organization or a word of your own.`,
          );
        }
        break;
      }
      case 'name': {
        nameSeen = true;
        const value = reader.text(pair.value, 'name', pair.key);
        if (value && value.text.trim()) entity.name = value;
        else if (value) reader.report(value.span, 'error', 'schema', 'name must not be empty.');
        break;
      }
      case 'aliases':
        entity.aliases = readTextList(reader, pair, 'aliases');
        break;
      case 'description':
        entity.description = reader.text(pair.value, 'description', pair.key)?.text;
        break;
      case 'note':
        entity.note = reader.text(pair.value, 'note', pair.key)?.text;
        break;
      case 'wikidata': {
        const value = reader.text(pair.value, 'wikidata', pair.key);
        if (!value) break;
        const normalised = value.text.trim().toUpperCase();
        if (WIKIDATA_PATTERN.test(normalised)) entity.wikidata = normalised;
        else {
          const match = /(Q[1-9][0-9]*)\s*$/iu.exec(value.text);
          reader.report(
            value.span,
            'error',
            'invalid-wikidata',
            `'${value.text}' is not a Wikidata id; ids are Q followed by digits, such as Q7747.` +
              (match ? ` Did you mean '${match[1].toUpperCase()}'?` : ''),
            match ? { suggestion: match[1].toUpperCase() } : undefined,
          );
        }
        break;
      }
      case 'links':
        for (const link of readTextList(reader, pair, 'links')) {
          if (isWebLink(link.text)) entity.links.push(link.text.trim());
          else
            reader.report(
              link.span,
              'warning',
              'invalid-link',
              `'${link.text}' is not an http or https address; it is not shown.`,
            );
        }
        break;
      case 'coordinates':
        entity.coordinates = readCoordinates(reader, pair);
        break;
      case 'caseSensitive': {
        const value = reader.resolve(pair.value);
        if (isScalar(value) && typeof value.value === 'boolean') entity.caseSensitive = value.value;
        else reader.report(spanOf(value ?? pair.key), 'error', 'schema', 'caseSensitive is true or false.');
        break;
      }
      case 'attributes':
        entity.attributes = readTextMap(reader, pair, `attributes of entity '${id}'`);
        break;
    }
  }
  // Both are left out when a registry defines the id (the entry then extends that entity);
  // `missing` tells the scope of entities (registry.ts) which diagnostics those are.
  if (!typeSeen) {
    entity.partial = true;
    reader.report(idSpan, 'error', 'schema', `Entity '${id}' has no type; add one of person, place, organization.`, {
      id,
      missing: 'type',
    });
  }
  if (!nameSeen) {
    reader.report(idSpan, 'error', 'schema', `Entity '${id}' has no name.`, { id, missing: 'name' });
  }
  return entity;
}

/**
 * A mapping of plain keys to text (`gender: female`, `published: 2026-12-07`): numbers and
 * booleans are read as written; a list or mapping as a value is an error on it. Keys repeated
 * count once, the first.
 */
function readTextMap(
  reader: SidecarReader,
  pair: Pair<Scalar<string>>,
  what: string,
): Record<string, string> | undefined {
  const value = reader.resolve(pair.value);
  if (value === null || (isScalar(value) && value.value === null)) return undefined;
  if (!isMap(value)) {
    reader.report(
      spanOf(value),
      'error',
      'schema',
      `${what} is a mapping of keys to text, such as \`gender: female\`.`,
    );
    return undefined;
  }
  // A Map, then own properties: a key such as `__proto__` is a key like any other.
  const map = new Map<string, string>();
  for (const item of value.items) {
    const key = reader.resolve(item.key);
    if (
      !isScalar(key) ||
      (typeof key.value !== 'string' && typeof key.value !== 'number') ||
      String(key.value).trim() === ''
    ) {
      reader.report(spanOf(key ?? item.value), 'error', 'schema', `Keys of ${what} must be plain words.`);
      continue;
    }
    const name = String(key.value);
    if (map.has(name)) {
      reader.report(spanOf(key), 'error', 'schema', `Key '${name}' appears twice in ${what}; the first one counts.`);
      continue;
    }
    const text = reader.resolve(item.value);
    const raw: unknown = isScalar(text) ? text.value : undefined;
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') map.set(name, String(raw));
    else reader.report(spanOf(text ?? item.key), 'error', 'schema', `'${name}' in ${what} must be text.`);
  }
  return Object.fromEntries(map);
}

function readTextList(reader: SidecarReader, pair: Pair<Scalar<string>>, what: string): TextValue[] {
  const value = reader.resolve(pair.value);
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (isScalar(value)) {
    // A single value where a list belongs is understood, but pointed out.
    const single = reader.text(value, what, pair.key);
    if (single) {
      reader.report(single.span, 'warning', 'schema', `${what} is a list; write [${single.text}].`);
      return [single];
    }
    return [];
  }
  if (!isSeq(value)) {
    reader.report(spanOf(value), 'error', 'schema', `${what} must be a list.`);
    return [];
  }
  const items: TextValue[] = [];
  for (const item of value.items) {
    const text = reader.text(item, `Each entry of ${what}`, value);
    if (text && text.text.trim()) items.push(text);
  }
  return items;
}

function readCoordinates(reader: SidecarReader, pair: Pair<Scalar<string>>): [number, number] | undefined {
  const value = reader.resolve(pair.value);
  const span = value ? spanOf(value) : spanOf(pair.key);
  if (!isSeq(value) || value.items.length !== 2) {
    reader.report(
      span,
      'error',
      'invalid-coordinates',
      'coordinates are [latitude, longitude], such as [43.1155, 131.8855].',
    );
    return undefined;
  }
  const numbers = value.items.map((item) => {
    const resolved = reader.resolve(item);
    return isScalar(resolved) && typeof resolved.value === 'number' ? resolved.value : NaN;
  });
  const [latitude, longitude] = numbers;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    reader.report(span, 'error', 'invalid-coordinates', 'coordinates must be two numbers: [latitude, longitude].');
    return undefined;
  }
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    const swapped = Math.abs(longitude) <= 90 && Math.abs(latitude) <= 180;
    reader.report(
      span,
      'error',
      'invalid-coordinates',
      `Latitude must lie between -90 and 90 and longitude between -180 and 180.` +
        (swapped ? ' Latitude and longitude may be swapped.' : ''),
    );
    return undefined;
  }
  return [latitude, longitude];
}

function readQuotes(reader: SidecarReader, pair: Pair<Scalar<string>>, sidecar: Sidecar): void {
  const value = reader.resolve(pair.value);
  if (value === null || (isScalar(value) && value.value === null)) return;
  if (!isSeq(value)) {
    reader.report(
      spanOf(value),
      'error',
      'schema',
      'quotes is a list of entries such as `- text: …` with `speaker: …`.',
    );
    return;
  }
  value.items.forEach((item, index) => {
    const body = reader.resolve(item);
    const span = body ? spanOf(body) : spanOf(value);
    const entry: QuoteEntry = { index, span, kind: 'speech' };
    sidecar.quotes.push(entry);
    if (!isMap(body)) {
      reader.report(
        span,
        'error',
        'schema',
        'Each quote entry is a mapping with text and speaker (or anonymous, or kind: term).',
      );
      return;
    }
    for (const field of reader.checkKeys(body.items, QUOTE_KEYS, 'in a quote entry')) {
      switch (field.key.value as (typeof QUOTE_KEYS)[number]) {
        case 'text': {
          const text = reader.text(field.value, 'text', field.key);
          if (text && text.text.trim()) entry.text = text;
          else if (text) reader.report(text.span, 'error', 'schema', 'text must not be empty.');
          break;
        }
        case 'speaker':
          entry.speaker = reader.text(field.value, 'speaker', field.key);
          break;
        case 'via':
          entry.via = reader.text(field.value, 'via', field.key);
          break;
        case 'anonymous': {
          // `anonymous:` with nothing after it is an unnamed source that is not described.
          const value = reader.resolve(field.value);
          entry.anonymous =
            value === null || (isScalar(value) && value.value === null)
              ? ''
              : reader.text(field.value, 'anonymous', field.key)?.text;
          break;
        }
        case 'note':
          entry.note = reader.text(field.value, 'note', field.key)?.text;
          break;
        case 'kind': {
          const kind = reader.text(field.value, 'kind', field.key);
          if (kind?.text === 'speech' || kind?.text === 'term') entry.kind = kind.text;
          else if (kind) reader.report(kind.span, 'error', 'schema', "kind is 'speech' or 'term'.");
          break;
        }
        case 'occurrence': {
          const occurrence = reader.resolve(field.value);
          if (isScalar(occurrence) && Number.isInteger(occurrence.value) && (occurrence.value as number) >= 1) {
            entry.occurrence = occurrence.value as number;
          } else {
            reader.report(spanOf(occurrence ?? field.key), 'error', 'schema', 'occurrence is a whole number from 1.');
          }
          break;
        }
      }
    }
    if (!entry.text) {
      reader.report(
        span,
        'error',
        'schema',
        'A quote entry needs text: the quote or its opening words as in the article.',
      );
    }
    if (entry.speaker && entry.anonymous !== undefined) {
      reader.report(span, 'warning', 'schema', 'A quote has either a speaker or an anonymous source, not both.');
    }
    if (!entry.speaker && entry.anonymous === undefined && entry.kind === 'speech' && entry.text) {
      reader.report(
        entry.text.span,
        'warning',
        'schema',
        'This quote entry names no speaker; add speaker, anonymous, or kind: term.',
      );
    }
  });
}

/** Checks that every `speaker` and `via` names an entity, and that speakers can speak. */
function checkReferences(reader: SidecarReader, sidecar: Sidecar): void {
  // The ids are listed only for a "did you mean", which most sidecars never need.
  let ids: string[] | undefined;
  const check = (reference: TextValue | undefined, field: 'speaker' | 'via'): void => {
    if (!reference) return;
    const entity = sidecar.entityById.get(reference.text);
    if (!entity) {
      const suggestion = closestWord(reference.text, (ids ??= sidecar.entities.map((known) => known.id)));
      reader.report(
        reference.span,
        'error',
        'unknown-speaker',
        `No entity has the id '${reference.text}'.` + (suggestion ? ` Did you mean '${suggestion}'?` : ''),
        { id: reference.text, field, ...(suggestion ? { suggestion } : {}) },
      );
    } else if (field === 'speaker' && entity.type === 'place') {
      reader.report(
        reference.span,
        'warning',
        'place-as-speaker',
        `'${reference.text}' is a place; a speaker is a person or an organization.`,
        { id: reference.text },
      );
    }
  };
  // Indexed loops: a sidecar may have thousands of entries, and this runs once per sidecar,
  // often before the engine optimises it, when a for-of loop makes an object per step. Each
  // field is read by its name: read by a name in a variable, from entries of several shapes,
  // the lookup was the slowest step.
  for (let e = 0; e < sidecar.quotes.length; e++) {
    const entry = sidecar.quotes[e];
    check(entry.speaker, 'speaker');
    check(entry.via, 'via');
  }
}

/** Why an `article:` path is not acceptable, or undefined when it is fine. */
export function articlePathProblem(path: string): string | undefined {
  const trimmed = path.trim();
  if (!trimmed) return 'article must name a file next to the sidecar.';
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//iu.test(trimmed) || /^(?:file|data|javascript|mailto):/iu.test(trimmed);
  const looksAbsolute = trimmed.startsWith('/') || trimmed.startsWith('\\') || /^[a-z]:[\\/]/iu.test(trimmed);
  if (looksLikeUrl || looksAbsolute) {
    return `article must be a path relative to the sidecar's folder, not '${trimmed}'.`;
  }
  let depth = 0;
  for (const segment of trimmed.split(/[/\\]/u)) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return `article '${trimmed}' points outside the sidecar's folder.`;
  }
  if (depth === 0) return `article '${trimmed}' names a folder, not a file.`;
  return undefined;
}

export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function yamlErrorSpan(pos: [number, number], source: string): Span {
  const start = Math.max(0, Math.min(pos[0], source.length));
  const end = Math.max(start, Math.min(pos[1], source.length));
  if (end > start) return { start, end };
  // An empty range is hard to see: mark the rest of its line, or the last line at the end.
  const lineEnd = source.indexOf('\n', start);
  if (lineEnd > start) return { start, end: lineEnd };
  const trimmedEnd = source.trimEnd().length;
  const lastLineStart = source.lastIndexOf('\n', trimmedEnd - 1) + 1;
  return trimmedEnd > lastLineStart ? { start: lastLineStart, end: trimmedEnd } : { start, end };
}

function yamlMessage(message: string): string {
  // The yaml package ends messages with a position we already convey through the range.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/u, '').trim();
}
