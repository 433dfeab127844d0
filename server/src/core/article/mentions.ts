/**
 * Mention matching: every place in the article where an entity's name or one of its aliases
 * appears, including inflected forms such as the German genitive "Putins" or English "Putin’s".
 */

import { PatternMatcher } from '../text/ahoCorasick';
import { FoldedText, foldPattern, foldTable, SKIP, SPACE } from '../text/fold';
import type { LanguageProfile } from '../text/languages';
import type { Entity } from '../sidecar/sidecar';
import {
  codePointAt,
  codePointBefore,
  commonPrefixLength,
  commonSuffixLength,
  isWordChar,
  lowerBound,
  type Span,
} from '../text/text';
import { derivedPer } from '../text/memo';

export interface Mention {
  span: Span;
  text: string;
  entity: string;
  type: string;
  /** Which surface form matched: the name or an alias (its index in `aliases`). */
  form: 'name' | number;
  /** The ending after the form, such as `s` in "Putins"; empty when uninflected. */
  suffix: string;
}

export interface MentionOptions {
  inflection: boolean;
}

interface SurfaceForm {
  /**
   * The entity's id, type and case-sensitivity, copied here: every mention reads them, and one
   * object is one load. Nothing else of the entity is kept, so that compiled forms depend
   * only on what `sameNames` compares.
   */
  entityId: string;
  entityType: string;
  caseSensitive: boolean;
  form: 'name' | number;
  endsInSibilant: boolean;
  /** The entity's place in the sidecar, which breaks ties between equal matches. */
  order: number;
}

/** One search of a text: the text, and what the search reads beside it. */
interface Search {
  text: string;
  language: LanguageProfile;
  options: MentionOptions;
  suffixStarts: Uint8Array;
  longestSuffix: number;
  /** For each layer, the forms that start at a place. */
  starts: FormsAt[];
}

/** One set of compiled forms as a matcher searches it. */
interface Layer {
  compiled: CompiledForms;
  ignoreCase: boolean;
  /** Added to the forms' order: a base's entities come after the matcher's own. */
  orderOffset: number;
  /** Entities whose forms are passed over (a base's entities that the matcher's own shadow). */
  hidden?: ReadonlySet<string>;
}

interface CompiledForms {
  matcher: PatternMatcher;
  forms: SurfaceForm[];
  /** The fold table its forms were folded with, and the article is read with. */
  fold: Int32Array;
}

// What the search for mentions knows of a code unit, as bits (numbers rather than an enum:
// they are combined and compared as numbers).
/** Folds to a unit that some name or alias begins with. */
const UNIT_BEGINS = 1;
/** Folds to a word character. */
const UNIT_WORD = 2;
/** Set in every learnt entry. */
const UNIT_KNOWN = 4;
/** Folds to a unit of its own in every layer: neither dropped nor white space, which runs collapse. */
const UNIT_FOLDED = 8;
/**
 * Not learnt yet. It has the bit of units that begin a form, so that the search tells the
 * units it can pass over (most of them) with one test, and learns a unit when it first fails.
 */
const UNIT_UNKNOWN = UNIT_BEGINS;

/**
 * Whether two lists of entities are alike in all that a matcher reads of them: each entity's id,
 * type, case-sensitivity, name and aliases, in order. Alike lists compile to the same forms, so
 * a list parsed anew after an edit that changed none of these (a description, a note, a Wikidata
 * id: most keystrokes in a registry) can take the forms compiled for the one before. One pass
 * that stops at the first difference, with nothing made: for 10,000 people, a small part of
 * what compiling them costs.
 */
export function sameNames(a: readonly Entity[], b: readonly Entity[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.id !== y.id || x.type !== y.type || x.caseSensitive !== y.caseSensitive) return false;
    if (x.name?.text !== y.name?.text || x.aliases.length !== y.aliases.length) return false;
    for (let k = 0; k < x.aliases.length; k++) if (x.aliases[k].text !== y.aliases[k].text) return false;
  }
  return true;
}

/**
 * A compiled set of surface forms, reusable across article versions as long as the entities
 * are the same, and across lists of entities that `sameNames` finds alike.
 */
export class MentionMatcher {
  private readonly sensitive: CompiledForms;
  private readonly insensitive: CompiledForms | undefined;
  /**
   * Every set of forms searched: this matcher's own, then its base's (a registry's, shared by
   * every article below it) with the ids this one shadows hidden.
   */
  private readonly layers: Layer[];
  /** Surface forms that more than one entity uses, for the `shared-alias` hint. */
  readonly sharedForms: { text: string; entities: string[] }[] = [];
  /** The length of the longest form, folded. */
  private readonly longest: number;
  /** Room for the forms that match at one place and where they end, reused by every search. */
  private readonly matchesAtStart: Int32Array;
  private readonly matchEnds: Int32Array;
  /**
   * What the search needs to know of each code unit (the `UNIT_` bits), learnt the first time the
   * unit is met: an article uses a few hundred units, and telling word characters takes a
   * regular expression.
   */
  private readonly unitKinds = new Uint8Array(65536).fill(UNIT_UNKNOWN);

  /**
   * Compiles `entities`. With a `base`, its forms are searched too, after these (they lose ties),
   * except those of the ids in `hidden`: a sidecar's entities over its registries'. The base's
   * compiled forms are shared, not compiled again.
   */
  constructor(entities: readonly Entity[], base?: MentionMatcher, hidden?: ReadonlySet<string>) {
    this.sensitive = compile(entities, false, this.sharedForms);
    this.insensitive = entities.some((e) => !e.caseSensitive) ? compile(entities, true, this.sharedForms) : undefined;
    this.layers = [{ compiled: this.sensitive, ignoreCase: false, orderOffset: 0 }];
    if (this.insensitive) this.layers.push({ compiled: this.insensitive, ignoreCase: true, orderOffset: 0 });
    for (const layer of base?.layers ?? []) {
      this.layers.push({
        ...layer,
        orderOffset: layer.orderOffset + entities.length,
        ...(hidden && hidden.size > 0 ? { hidden } : {}),
      });
    }
    let longest = 0;
    for (const layer of this.layers) longest = Math.max(longest, layer.compiled.matcher.longest);
    this.longest = longest;
    this.matchesAtStart = new Int32Array(longest);
    this.matchEnds = new Int32Array(longest);
  }

  /**
   * Finds the mentions in `text`, leftmost-longest: where forms overlap, the one that starts
   * first wins, and of those the longest ("Kim Il Sung" over "Kim"); between equally long ones,
   * the entity defined first.
   */
  find(text: string, language: LanguageProfile, options: MentionOptions): Mention[] {
    const mentions: Mention[] = [];
    this.scan(this.searchOf(text, language, options), 0, text.length, 0, mentions);
    return mentions;
  }

  /**
   * The mentions `find` gives for `text`, found again only around what changed since
   * `previous.text` (whose mentions `find` gave as `previous.mentions`, with the same language
   * and options): a keystroke in a long article costs the search of a few words, not of the
   * whole text. Undefined when this matcher cannot (its longest forms are searched in one pass
   * over the whole text): call `find` then.
   *
   * Each place a mention may start is decided by the text from the unit before it to a few
   * units after the longest form that could match there, read as folded; and by whether an
   * earlier mention covers it. So the mentions that start far enough before the change are
   * kept; the search starts again there and runs past the change until it meets a place that
   * neither the new search nor the old one had covered, from where the old mentions, moved by
   * the change in length, are what a search would find again.
   */
  findAfterEdit(
    previous: { text: string; mentions: readonly Mention[] },
    text: string,
    language: LanguageProfile,
    options: MentionOptions,
  ): Mention[] | undefined {
    if (this.layers.some((layer) => layer.compiled.matcher.longest > WALK_LIMIT)) return undefined;
    const old = previous.text;
    const prefix = commonPrefixLength(old, text);
    const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - prefix);
    const changedEnd = text.length - suffix;
    const shift = text.length - old.length;
    const search = this.searchOf(text, language, options);

    // Back from the change: past what an ending and the unit after a mention may read, then past
    // enough folded units for the longest form and the unit a walk reads beyond it (white space
    // and units that folding drops count for nothing, so that the place found lies at least that
    // far back however the text folds).
    let restart = prefix - search.longestSuffix - 3;
    let units = 0;
    const needed = this.longest + 2;
    while (restart > 0 && units < needed) {
      restart--;
      if (this.kindOf(text.charCodeAt(restart)) & UNIT_FOLDED) units++;
    }
    restart = Math.max(0, restart);
    const mentionsBefore = previous.mentions;
    const kept = lowerBound(mentionsBefore.length, (k) => mentionsBefore[k].span.start < restart);
    const mentions = mentionsBefore.slice(0, kept);
    let coveredUntil = kept > 0 ? mentionsBefore[kept - 1].span.end : 0;

    // On past the change, up to a place where a mention may start that both searches reached
    // uncovered: from there on they decide alike, reading the same units.
    let from = restart;
    let until = Math.min(text.length, changedEnd + 2);
    let next = kept;
    for (;;) {
      coveredUntil = this.scan(search, from, until, coveredUntil, mentions);
      from = until;
      if (from >= text.length) return mentions;
      if (coveredUntil > from) {
        until = Math.min(text.length, coveredUntil);
        continue;
      }
      // The old mention that covers this place, if any (positions in the old text).
      const at = from - shift;
      while (next < mentionsBefore.length && mentionsBefore[next].span.end <= at) next++;
      const covering = mentionsBefore[next];
      if (covering && covering.span.start < at) {
        until = Math.min(text.length, covering.span.end + shift);
        continue;
      }
      break;
    }
    for (let k = next; k < mentionsBefore.length; k++) {
      const mention = mentionsBefore[k];
      // Written out rather than spread: thousands are moved on every keystroke.
      mentions.push(
        shift === 0
          ? mention
          : {
              span: { start: mention.span.start + shift, end: mention.span.end + shift },
              text: mention.text,
              entity: mention.entity,
              type: mention.type,
              form: mention.form,
              suffix: mention.suffix,
            },
      );
    }
    return mentions;
  }

  /** What one search of `text` reads beside the text: the ways to walk each layer's forms. */
  private searchOf(text: string, language: LanguageProfile, options: MentionOptions): Search {
    return {
      text,
      language,
      options,
      suffixStarts: suffixStartsOf(language),
      longestSuffix: options.inflection ? longestSuffixOf(language) : 0,
      starts: this.layers.map((layer) => formsStartingAt(layer.compiled.matcher, text, layer.ignoreCase)),
    };
  }

  /** The `UNIT_` bits of a code unit, learnt if they are not known yet. */
  private kindOf(unit: number): number {
    const kind = this.unitKinds[unit];
    return kind === UNIT_UNKNOWN ? this.learn(unit) : kind;
  }

  /**
   * Adds to `mentions` those that start in `[from, to)`, when mentions before `from` cover the
   * text up to `coveredUntil`; returns how far the mentions found then cover it.
   */
  private scan(search: Search, from: number, to: number, coveredUntil: number, mentions: Mention[]): number {
    const { text, language, options, suffixStarts, longestSuffix, starts } = search;
    const layers = this.layers;
    const kinds = this.unitKinds;
    // A mention starts only at a unit that some form begins with, and where no word character
    // precedes it (`accept` checks that again on the original text). The first is looked up for
    // every unit, which rules out nine in ten with one test and no state carried from one unit
    // to the next; only the few left are looked at more closely. The text is folded only where
    // a walk reads it.
    for (let i = from; i < to; i++) {
      let kind = kinds[text.charCodeAt(i)];
      if ((kind & UNIT_BEGINS) === 0) continue;
      if (kind === UNIT_UNKNOWN) {
        kind = this.learn(text.charCodeAt(i));
        if ((kind & UNIT_BEGINS) === 0) continue;
      }
      if (i < coveredUntil) continue;
      // The unit before, as folded: a word character if it folds to one (a unit that folding
      // drops, or white space it collapses, is none).
      if (i > 0) {
        let before = kinds[text.charCodeAt(i - 1)];
        if (before === UNIT_UNKNOWN) before = this.learn(text.charCodeAt(i - 1));
        if (before & UNIT_WORD) continue;
      }
      const start = i;
      // Of the forms that match here, the one reaching furthest (with its ending) wins, then
      // the entity defined first, then the form found first.
      let best: SurfaceForm | undefined;
      let bestOrder = 0;
      let bestEnd = -1;
      let bestSuffix = 0;
      for (let pass = 0; pass < layers.length; pass++) {
        const { compiled, orderOffset, hidden } = layers[pass];
        const count = starts[pass](start, compiled.fold, this.matchesAtStart, this.matchEnds);
        // Longest first: once a form is taken, shorter ones that cannot reach as far even with
        // the longest ending are not checked. Of equal reach and entity, the shorter form wins,
        // as it is found first.
        for (let m = count - 1; m >= 0; m--) {
          const end = this.matchEnds[m];
          if (end + longestSuffix < bestEnd) break;
          const form = compiled.forms[this.matchesAtStart[m]];
          if (hidden !== undefined && hidden.has(form.entityId)) continue;
          const suffixLength = this.accept(text, start, end, form, language, options, suffixStarts);
          if (suffixLength < 0) continue;
          const reach = end + suffixLength;
          const order = form.order + orderOffset;
          if (reach > bestEnd || (reach === bestEnd && order <= bestOrder)) {
            best = form;
            bestOrder = order;
            bestEnd = reach;
            bestSuffix = suffixLength;
          }
        }
      }
      if (!best) continue;
      // A string per mention. Sharing one string among the mentions of a form written alike
      // saved memory, but comparing each slice with the form's last text cost more than the
      // slice itself.
      mentions.push({
        span: { start, end: bestEnd },
        text: text.slice(start, bestEnd),
        entity: best.entityId,
        type: best.entityType,
        form: best.form,
        suffix: text.slice(bestEnd - bestSuffix, bestEnd),
      });
      coveredUntil = bestEnd;
    }
    return coveredUntil;
  }

  /** Learns what the search needs to know of code unit `unit`. */
  private learn(unit: number): number {
    const folded = this.sensitive.fold[unit];
    let kind = UNIT_KNOWN;
    // Halves of surrogate pairs count as no word character, so that the place after one is
    // always tried. Units that folding drops are none either: the units around them are not
    // neighbours in the folded text.
    if (folded > SPACE && (folded < 0xd800 || folded > 0xdfff) && isWordChar(folded)) kind |= UNIT_WORD;
    if (folded !== SKIP && this.layers.some((layer) => layer.compiled.matcher.beginsWith(layer.compiled.fold[unit]))) {
      kind |= UNIT_BEGINS;
    }
    if (this.layers.every((layer) => layer.compiled.fold[unit] !== SKIP && layer.compiled.fold[unit] !== SPACE)) {
      kind |= UNIT_FOLDED;
    }
    this.unitKinds[unit] = kind;
    return kind;
  }

  /**
   * Checks word boundaries around a raw match `[start, end)` of the original text and looks
   * for an inflection ending: the length of the ending (0 for none), or -1 when the match is
   * no mention.
   */
  private accept(
    text: string,
    start: number,
    end: number,
    form: SurfaceForm,
    language: LanguageProfile,
    options: MentionOptions,
    suffixStarts: Uint8Array,
  ): number {
    // Whole words only, whatever the form starts or ends with: "U.S." is not in "U.S.A".
    if (isWordChar(codePointBefore(text, start))) return -1;
    // Most mentions are followed by a space or a punctuation mark that begins no ending.
    if (suffixStarts[text.charCodeAt(end)] !== 1) return isWordChar(codePointAt(text, end)) ? -1 : 0;
    if (isWordChar(codePointAt(text, end))) {
      if (!options.inflection) return -1;
      const suffix = matchSuffix(text, end, language.nameSuffixes, !form.caseSensitive);
      return suffix ? suffix.length : -1;
    }
    if (!options.inflection) return 0;
    // Apostrophe endings start with a non-word character: "Putin’s", "Kurz’".
    const suffix =
      matchSuffix(text, end, language.nameSuffixes, !form.caseSensitive) ||
      (form.endsInSibilant ? matchSuffix(text, end, language.sibilantSuffixes, false) : '');
    return suffix.length;
  }
}

/**
 * Names up to this long are found by walking the trie from each place a word may begin, which
 * costs at most this many steps per place. Longer ones could make those walks cost the square
 * of the text's length ("a a a … b" over "a a a a …"), so then one Aho-Corasick pass over the
 * whole text finds the forms instead, in time linear in the text and the matches.
 */
const WALK_LIMIT = 64;

/**
 * A function that writes to `patterns` the patterns starting at original offset `start`,
 * shortest first, and to `ends` where each ends, and returns how many there are. It must be
 * asked about increasing offsets.
 */
type FormsAt = (start: number, fold: Int32Array, patterns: Int32Array, ends: Int32Array) => number;

function formsStartingAt(matcher: PatternMatcher, text: string, ignoreCase: boolean): FormsAt {
  if (matcher.longest <= WALK_LIMIT) {
    return (start, fold, patterns, ends) => matcher.patternsFrom(text, start, fold, patterns, ends);
  }
  const folded = FoldedText.of(text, ignoreCase);
  const starts: number[] = [];
  const found: number[] = [];
  const foundEnds: number[] = [];
  matcher.search(folded, (pattern, start, end) => {
    const span = folded.originalSpan(start, end);
    starts.push(span.start);
    found.push(pattern);
    foundEnds.push(span.end);
  });
  const order = Array.from(starts.keys()).sort(
    (a, b) => starts[a] - starts[b] || matcher.lengthOf(found[a]) - matcher.lengthOf(found[b]),
  );
  let next = 0;
  return (start, _fold, patterns, ends) => {
    while (next < order.length && starts[order[next]] < start) next++;
    let count = 0;
    for (; next < order.length && starts[order[next]] === start; next++) {
      patterns[count] = found[order[next]];
      ends[count++] = foundEnds[order[next]];
    }
    return count;
  };
}

/** The length of the longest inflection ending of `language`. */
function longestSuffixOf(language: LanguageProfile): number {
  let longest = 0;
  for (const suffix of language.nameSuffixes) longest = Math.max(longest, suffix.length);
  for (const suffix of language.sibilantSuffixes) longest = Math.max(longest, suffix.length);
  return longest;
}

/**
 * The code units an inflection ending of `language` can begin with, in either case and with
 * every apostrophe that `startsWithFolded` takes for another, as a table over all code units
 * (1 for such a unit): the unit after every candidate mention is looked up in it.
 */
const suffixStartsOf = derivedPer((language: LanguageProfile): Uint8Array => {
  const starts = new Uint8Array(65536);
  for (const suffix of [...language.nameSuffixes, ...language.sibilantSuffixes]) {
    const first = suffix.charCodeAt(0);
    starts[first] = 1;
    if (first >= 97 && first <= 122) starts[first - 32] = 1;
    if (isApostrophe(first)) for (const apostrophe of APOSTROPHES) starts[apostrophe] = 1;
  }
  return starts;
});

/** The first of `suffixes` found at `offset` that is followed by a word boundary. */
function matchSuffix(text: string, offset: number, suffixes: readonly string[], ignoreCase: boolean): string {
  for (const suffix of suffixes) {
    if (!startsWithFolded(text, offset, suffix, ignoreCase)) continue;
    if (isWordChar(codePointAt(text, offset + suffix.length))) continue;
    return text.slice(offset, offset + suffix.length);
  }
  return '';
}

/** Whether `text` at `offset` reads `expected`, treating ’ and ' as the same. */
function startsWithFolded(text: string, offset: number, expected: string, ignoreCase: boolean): boolean {
  if (offset + expected.length > text.length) return false;
  for (let i = 0; i < expected.length; i++) {
    let a = text.charCodeAt(offset + i);
    const b = expected.charCodeAt(i);
    // Suffixes are ASCII letters and apostrophes, so lower-casing ASCII is enough.
    if (ignoreCase && a >= 65 && a <= 90) a += 32;
    if (a !== b && !(isApostrophe(a) && isApostrophe(b))) return false;
  }
  return true;
}

const APOSTROPHES = [39, 0x2019, 0x02bc];

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x02bc;
}

function compile(
  entities: readonly Entity[],
  ignoreCase: boolean,
  shared: { text: string; entities: string[] }[],
): CompiledForms {
  // Every name and alias becomes a pattern, equal ones included: the matcher says which
  // pattern each equals first, which spares a map from folded names to their index.
  const patterns: string[] = [];
  const surfaces: string[] = [];
  const forms: SurfaceForm[] = [];
  for (let order = 0; order < entities.length; order++) {
    const entity = entities[order];
    if (entity.caseSensitive === ignoreCase) continue;
    // The name first (as index -1), then the aliases.
    for (let i = -1; i < entity.aliases.length; i++) {
      if (i < 0 && !entity.name) continue;
      const surface = i < 0 ? entity.name!.text : entity.aliases[i].text;
      const pattern = foldPattern(surface, ignoreCase);
      if (!pattern) continue;
      patterns.push(pattern);
      surfaces.push(surface);
      forms.push({
        entityId: entity.id,
        entityType: entity.type,
        caseSensitive: entity.caseSensitive,
        form: i < 0 ? 'name' : i,
        endsInSibilant: endsInSibilant(pattern),
        order,
      });
    }
  }
  const matcher = new PatternMatcher(patterns);
  const sharedByPattern = new Map<number, { text: string; entities: string[] }>();
  // The ids in each group, as a set: one form shared by many entities must not cost a list
  // search per entity.
  const idsByPattern = new Map<number, Set<string>>();
  for (let p = 0; p < patterns.length; p++) {
    const first = matcher.firstIndexOf[p];
    if (first === p) continue;
    // Where two entities share a form, the one defined first takes the mention and the
    // sidecar gets a hint; the same entity listing a form twice is simply redundant.
    const owner = forms[first].entityId;
    const entity = forms[p].entityId;
    if (owner === entity) continue;
    let group = sharedByPattern.get(first);
    let ids = idsByPattern.get(first);
    if (!group || !ids) {
      group = { text: surfaces[p], entities: [owner] };
      ids = new Set([owner]);
      sharedByPattern.set(first, group);
      idsByPattern.set(first, ids);
      shared.push(group);
    }
    if (!ids.has(entity)) {
      ids.add(entity);
      group.entities.push(entity);
    }
  }
  return { matcher, forms, fold: foldTable(ignoreCase) };
}

/**
 * Whether a folded form ends in s, x, z or ß (in either case, or as a long s), after which
 * some endings take an apostrophe only ("Kurz’").
 */
function endsInSibilant(pattern: string): boolean {
  switch (pattern.charCodeAt(pattern.length - 1)) {
    case 115: // s
    case 83:
    case 120: // x
    case 88:
    case 122: // z
    case 90:
    case 0xdf: // ß
    case 0x1e9e:
    case 0x17f: // ſ
      return true;
    default:
      return false;
  }
}
