/**
 * Quick fixes and annotation commands: what each one writes into the sidecar. Every action is
 * a set of minimal text edits on the sidecar as it is now (see edits.ts); the article is never
 * changed.
 */

import { closestPassage, CONFIDENT, entryOfDiagnostic, type Analysis, type AnalyzedQuote } from '../analyze';
import { MIN_OPENING_WORDS } from '../article/attribution';
import type { CoreDiagnostic } from '../diagnostics';
import {
  addAlias,
  addEntity,
  addEntityEntry,
  addQuoteEntry,
  applyEdits,
  entityKeys,
  flowScalar,
  parsedOnce,
  removeAlias,
  removeEntity,
  removeQuoteEntry,
  removeQuoteField,
  replaceKey,
  replaceValue,
  yamlScalar,
  type NewQuoteEntry,
  type SidecarSource,
  type TextEdit,
} from '../sidecar/edits';
import { foldPattern } from '../text/fold';
import { uniqueId, type Entity, type QuoteEntry } from '../sidecar/sidecar';
import { mentionAt } from './lookup';
import { collapseWhitespace, countWords, isWhitespace, lowerBound, trimEndWhere, type Span } from '../text/text';
import { derivedPer } from '../text/memo';

export interface SidecarAction {
  title: string;
  /**
   * `quickfix` for fixes of a diagnostic; `source.fixAll` for the one-key first pass;
   * `refactor.rewrite` for the removals offered where the cursor is.
   */
  kind: 'quickfix' | 'source.fixAll' | 'refactor.rewrite';
  preferred: boolean;
  /** Edits on the sidecar text the analysis was computed from. */
  edits: TextEdit[];
  /** The diagnostic this action fixes. */
  diagnostic?: CoreDiagnostic;
  /** For "Remove entity": the id, so that a client can list the quotes naming it and ask first. */
  removesEntity?: string;
}

/** How many words a new quote entry gives at least, so that it stays unique as the text grows. */
const PREFERRED_OPENING_WORDS = 6;
/** Quotes up to this many words are written out whole, which reads better than a fragment. */
const WHOLE_QUOTE_WORDS = 10;

/**
 * The words a new quote entry names a quote by: its opening, long enough to match no other
 * quote (the whole quote up to ten words, else at least its first six), with `occurrence` when
 * the same words are quoted more than once.
 */
export function entryTextFor(
  analysis: Analysis,
  quote: AnalyzedQuote,
  /** Start from this many words instead of the default (re-anchoring keeps the user's length). */
  startWords?: number,
): { text: string; occurrence?: number } {
  const words = collapseWhitespace(quote.text).split(' ');
  const { folds, sorted } = foldedQuoteTexts(analysis);
  const minimum = Math.min(
    words.length,
    startWords !== undefined
      ? Math.max(startWords, MIN_OPENING_WORDS)
      : words.length <= WHOLE_QUOTE_WORDS
        ? words.length
        : Math.max(PREFERRED_OPENING_WORDS, MIN_OPENING_WORDS),
  );
  // Unique when no quote but this one begins with these words; more words begin fewer quotes,
  // so the fewest words that are unique are found by halving: a quote of thousands of words whose
  // every opening other quotes share (a text of repeated marks) would cost the square of its length.
  const opening = (count: number): string => words.slice(0, count).join(' ');
  const unique = (count: number): boolean => countWithPrefix(sorted, foldPattern(opening(count), false)) <= 1;
  if (unique(minimum)) return { text: trimOpening(opening(minimum), minimum === words.length) };
  if (unique(words.length)) {
    let low = minimum; // not unique
    let high = words.length; // unique
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (unique(middle)) high = middle;
      else low = middle;
    }
    return { text: trimOpening(opening(high), high === words.length) };
  }
  // The same words are quoted more than once: say which time.
  const folded = folds[quote.index];
  const same = analysis.quotes.filter((other) => folds[other.index].startsWith(folded));
  return { text: trimOpening(words.join(' '), true), occurrence: same.indexOf(quote) + 1 };
}

/**
 * Every quote's words, folded, once per analysis: "fix all" asks for the openings of all quotes,
 * and folding every other quote again for each would cost the square of their number.
 */
const foldedQuoteTexts = derivedPer((analysis: Analysis): { folds: string[]; sorted: string[] } => {
  const folds = analysis.quotes.map((quote) => foldPattern(quote.text, false));
  return { folds, sorted: folds.slice().sort() };
});

/** How many of the sorted texts begin with `prefix`, by binary search. */
function countWithPrefix(sorted: readonly string[], prefix: string): number {
  const firstNotBelow = (value: string): number => lowerBound(sorted.length, (i) => sorted[i] < value);
  // Every text that begins with the prefix sorts between it and the prefix followed by the
  // highest code unit.
  return firstNotBelow(prefix + '\uffff') - firstNotBelow(prefix);
}

/** What an abbreviated opening may end in and should not: , ; : – — - */
const OPENING_END = new Set([44, 59, 58, 0x2013, 0x2014, 45]);

/** An opening ends at a word: drop a trailing comma or dash an abbreviated opening would keep. */
function trimOpening(opening: string, whole: boolean): string {
  // A loop rather than /[\s,;:–—-]+$/u, which backtracks quadratically on a long run of these.
  return whole ? opening : trimEndWhere(opening, (c) => isWhitespace(c) || OPENING_END.has(c));
}

/**
 * The sidecar to compute edits on: the analysis's own parse when it was made from this text, so
 * that the YAML is not parsed again; else the text, parsed once for all the edits on it.
 */
function editableSidecar(source: SidecarSource, analysis: Analysis | undefined): SidecarSource {
  if (typeof source !== 'string') return source;
  const parsed = analysis?.parsedSidecar;
  return parsed && parsed.source === source ? parsed : parsedOnce(source);
}

function speakerName(entity: Entity): string {
  return entity.name?.text ?? entity.id;
}

/** The people and organizations a quote could be attributed to, the suggested one first. */
export function speakerCandidates(analysis: Analysis, quote: AnalyzedQuote): Entity[] {
  // People speak, organizations through statements and spokespeople, and documents in their
  // words (a treaty, a ruling); places and events do not, so the lists stay short.
  const entities = analysis.entities
    .all()
    .filter((entity) => entity.type === 'person' || entity.type === 'organization' || entity.type === 'document');
  const suggested = quote.suggestion.entity;
  const rank = (entity: Entity): number =>
    entity.id === suggested ? 0 : entity.type === 'person' ? 1 : entity.type === 'organization' ? 2 : 3;
  // Within each type, the nearest named first: whoever the paragraph is about.
  const distance = new Map<string, number>();
  for (const mention of analysis.mentions) {
    const away = Math.abs(mention.span.start - quote.outer.start);
    if (away < (distance.get(mention.entity) ?? Infinity)) distance.set(mention.entity, away);
  }
  const far = (entity: Entity): number => distance.get(entity.id) ?? Infinity;
  return entities.slice().sort((a, b) => rank(a) - rank(b) || far(a) - far(b));
}

export function attributionEdits(
  source: SidecarSource,
  analysis: Analysis,
  quote: AnalyzedQuote,
  speaker: string,
): TextEdit[] {
  const { text, occurrence } = entryTextFor(analysis, quote);
  return addQuoteEntry(editableSidecar(source, analysis), { text, speaker, ...(occurrence ? { occurrence } : {}) });
}

/** "Mark as term": a quote entry saying that the quote is a title, a name or a scare quote. */
export function termEdits(source: SidecarSource, analysis: Analysis, quote: AnalyzedQuote): TextEdit[] {
  const { text, occurrence } = entryTextFor(analysis, quote);
  return addQuoteEntry(editableSidecar(source, analysis), {
    text,
    kind: 'term',
    ...(occurrence ? { occurrence } : {}),
  });
}

function quoteOfDiagnostic(analysis: Analysis, diagnostic: CoreDiagnostic): AnalyzedQuote | undefined {
  return analysis.quotes.find(
    (quote) =>
      quote.outer.start === diagnostic.span.start && quote.outer.end === diagnostic.span.end && quote.unattributed,
  );
}

/**
 * How many "Attribute to X" actions an editor without the speaker picker is offered besides the
 * suggested speaker's: the people, organizations and documents named nearest the quote first.
 */
export const MAX_CANDIDATE_ACTIONS = 20;

/**
 * The quick fixes for one diagnostic. `perCandidate` lists "Attribute to X" for every person
 * and organization (for editors without a picker); otherwise only the suggested speaker gets
 * its own action, and the client offers the rest through a picker.
 */
export function quickFixes(
  source: string,
  analysis: Analysis,
  diagnostic: CoreDiagnostic,
  perCandidate: boolean,
): SidecarAction[] {
  const fix = (title: string, edits: TextEdit[], preferred = false): SidecarAction => ({
    title,
    kind: 'quickfix',
    preferred,
    edits,
    diagnostic,
  });
  const editable = editableSidecar(source, analysis);
  const data = diagnostic.data ?? {};
  /** "Change to 'x'", for a diagnostic whose data suggests the right key or value. */
  const changeToSuggestion = (replace: typeof replaceKey): SidecarAction[] => {
    const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
    if (!suggestion) return [];
    return [
      fix(`Change to '${suggestion}'`, replace(editable, diagnostic.span.start, diagnostic.span.end, suggestion), true),
    ];
  };
  switch (diagnostic.code) {
    case 'unattributed-quote': {
      const quote = quoteOfDiagnostic(analysis, diagnostic);
      if (!quote) return [];
      const actions: SidecarAction[] = [];
      const suggested = quote.suggestion.entity ? analysis.entities.get(quote.suggestion.entity) : undefined;
      if (suggested) {
        actions.push(
          fix(
            `Attribute to ${speakerName(suggested)}`,
            attributionEdits(editable, analysis, quote, suggested.id),
            true,
          ),
        );
      }
      if (perCandidate) {
        // The nearest few, not every one of thousands: a menu that long helps no one, and each
        // action's edit is worked out on the whole sidecar.
        const candidates = speakerCandidates(analysis, quote).filter((entity) => entity !== suggested);
        for (const entity of candidates.slice(0, MAX_CANDIDATE_ACTIONS)) {
          actions.push(
            fix(`Attribute to ${speakerName(entity)}`, attributionEdits(editable, analysis, quote, entity.id)),
          );
        }
      }
      // A speaker the cue names but the sidecar does not have yet: created and attributed at once.
      const named = !suggested ? nameInCue(quote) : undefined;
      if (named && !namesAnEntity(analysis, named)) {
        for (const type of ['person', 'organization'] as const) {
          const edits = createAndAttributeEdits(editable, analysis, quote, named, type);
          if (edits.length > 0) actions.push(fix(`Create ${type} '${named}' and attribute`, edits, type === 'person'));
        }
      }
      const { text, occurrence } = entryTextFor(analysis, quote);
      const at = occurrence ? { occurrence } : {};
      // A description the sentence gives ("a spokesman for the ministry") describes the source.
      const cue = quote.suggestion.cue;
      const description = cue && cue.kind === 'description' && !quote.suggestion.entity ? cue.text : '';
      actions.push(fix('Mark as anonymous source', addQuoteEntry(editable, { text, anonymous: description, ...at })));
      actions.push(fix('Mark as term (not a quote)', termEdits(editable, analysis, quote)));
      return actions;
    }
    case 'unknown-speaker': {
      const id = typeof data.id === 'string' ? data.id : undefined;
      if (!id || analysis.entities.has(id)) return [];
      const actions: SidecarAction[] = [];
      if (typeof data.suggestion === 'string') {
        actions.push(
          fix(
            `Change to '${data.suggestion}'`,
            replaceValue(editable, diagnostic.span.start, diagnostic.span.end, data.suggestion),
            true,
          ),
        );
      }
      const name = id
        .split(/[-_.]/u)
        .filter(Boolean)
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join(' ');
      const type = data.field === 'via' ? 'organization' : 'person';
      actions.push(fix(`Create ${type} '${id}'`, addEntity(editable, { id, type, name }), actions.length === 0));
      return actions;
    }
    case 'quote-not-found': {
      // The closest passage is looked for now, not by the analysis: see ClosestPassageSearch.
      const entry = entryOfDiagnostic(analysis, diagnostic);
      const span = entry >= 0 ? closestPassage(analysis, entry) : undefined;
      if (!span || span.end <= span.start) return [];
      const closest = { start: span.start, text: analysis.article.slice(span.start, span.end) };
      // Anchored to a detected quote, the entry takes that quote's unique opening, so that the
      // new text cannot match a second quote with the same words.
      const quote = analysis.quotes.find(
        (candidate) =>
          candidate.depth === 0 && candidate.content.start <= closest.start && closest.start < candidate.content.end,
      );
      const userWords = countWords(sourceSlice(source, diagnostic.span));
      const anchored = quote ? entryTextFor(analysis, quote, userWords) : undefined;
      if (anchored && !anchored.occurrence) {
        return [
          fix(
            'Re-anchor to the closest passage',
            replaceValue(editable, diagnostic.span.start, diagnostic.span.end, anchored.text),
            true,
          ),
        ];
      }
      const words = collapseWhitespace(closest.text).split(' ');
      const opening = words
        .slice(0, Math.max(PREFERRED_OPENING_WORDS, countWords(sourceSlice(source, diagnostic.span))))
        .join(' ');
      return [
        fix(
          'Re-anchor to the closest passage',
          replaceValue(
            editable,
            diagnostic.span.start,
            diagnostic.span.end,
            trimOpening(opening, opening.length >= closest.text.length),
          ),
          true,
        ),
      ];
    }
    case 'unknown-key':
      return changeToSuggestion(replaceKey);
    case 'unused-alias': {
      const entity = typeof data.entity === 'string' ? data.entity : undefined;
      const alias = typeof data.alias === 'string' ? data.alias : undefined;
      return entity && alias ? [fix(`Remove alias '${alias}'`, removeAlias(editable, entity, alias), true)] : [];
    }
    case 'invalid-wikidata':
      return changeToSuggestion(replaceValue);
    case 'ambiguous-name': {
      const entity = typeof data.entity === 'string' ? analysis.entities.get(data.entity) : undefined;
      const name = typeof data.name === 'string' ? data.name : undefined;
      if (!entity || !name) return [];
      return [
        fix(
          `Create ${entity.type} '${name}'`,
          addEntity(editable, { id: uniqueId(name, entityKeys(editable)), type: entity.type, name }),
        ),
        fix(`Add '${name}' as alias of '${speakerName(entity)}'`, addAlias(editable, entity.id, name)),
      ];
    }
    default:
      return [];
  }
}

function sourceSlice(source: string, span: Span): string {
  return source.slice(span.start, span.end);
}

/**
 * "Fix all": attributes every quote whose suggested speaker is confident, in one edit, for a
 * first pass over a new article.
 */
export function fixAll(source: string, analysis: Analysis): SidecarAction | undefined {
  const entries: NewQuoteEntry[] = [];
  for (const quote of analysis.quotes) {
    const speaker = quote.suggestion.entity;
    if (!quote.unattributed || !speaker || quote.suggestion.confidence < CONFIDENT) continue;
    if (analysis.entities.get(speaker)?.type === 'place') continue;
    const { text, occurrence } = entryTextFor(analysis, quote);
    entries.push({ text, speaker, ...(occurrence ? { occurrence } : {}) });
  }
  // No entries, or none that can be written (a sidecar with a YAML syntax error): nothing to offer.
  const edits = entries.length > 0 ? addQuoteEntries(editableSidecar(source, analysis), entries) : [];
  if (edits.length === 0) return undefined;
  return {
    title:
      entries.length === 1
        ? 'Attribute 1 quote to its suggested speaker'
        : `Attribute ${entries.length} quotes to their suggested speakers`,
    kind: 'source.fixAll',
    preferred: false,
    edits,
  };
}

/** Several new quote entries as one minimal edit. */
export function addQuoteEntries(sidecar: SidecarSource, entries: readonly NewQuoteEntry[]): TextEdit[] {
  if (entries.length === 0) return [];
  const source = typeof sidecar === 'string' ? sidecar : sidecar.source;
  // The first entry may create `quotes:` or fill an empty list; every later one is appended
  // after the one before in the same way. So the second entry's edit, computed once on the
  // text with the first, is the pattern for all the rest: each would insert at the same place
  // in that text, and in sequence they follow one another. Two parses instead of one per entry.
  const first = applyEdits(source, addQuoteEntry(sidecar, entries[0]));
  if (first === source) return [];
  let updated = first;
  if (entries.length > 1) {
    const firstParsed = parsedOnce(first);
    const rest = entries.slice(1).map((entry) => addQuoteEntry(firstParsed, entry));
    const insertion = rest[0][0];
    const sameInsertion = rest.every(
      (edits) => edits.length === 1 && edits[0].start === insertion?.start && edits[0].end === insertion.start,
    );
    if (sameInsertion && insertion) {
      const text = rest.map((edits) => edits[0].newText).join('');
      updated = first.slice(0, insertion.start) + text + first.slice(insertion.start);
    } else {
      for (const entry of entries.slice(1)) updated = applyEdits(updated, addQuoteEntry(updated, entry));
    }
  }
  return [differenceEdit(source, updated)];
}

/** One edit that turns `before` into `after`: everything between their common prefix and suffix. */
export function differenceEdit(before: string, after: string): TextEdit {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < limit - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start, end: before.length - suffix, newText: after.slice(start, after.length - suffix) };
}

/** Articles a name may carry in the cue ("die Deutsche Presse-Agentur"), not in the entity. */
const LEADING_ARTICLES = new Set(['der', 'die', 'das', 'the', 'le', 'la', 'les']);

/**
 * The name a quote's speaker cue gives, when it is one: the cue itself for a name, or the name
 * at the end of a description ("nurse Maria Okafor", "Bundestrainer Joachim Löw"), without a
 * leading article or a possessive ending.
 */
export function nameInCue(quote: AnalyzedQuote): string | undefined {
  const cue = quote.suggestion.cue;
  if (!cue || cue.kind === 'pronoun') return undefined;
  let words = collapseWhitespace(cue.text).split(' ').filter(Boolean);
  if (words.length > 1 && LEADING_ARTICLES.has(words[0].toLowerCase())) words = words.slice(1);
  if (cue.kind === 'description') {
    // Only the capitalised words after the last lower-case one, and at least two of them.
    let start = words.length;
    while (start > 0 && /^\p{Lu}/u.test(words[start - 1])) start--;
    if (words.length - start < 2) return undefined;
    words = words.slice(start);
  }
  const name = words.join(' ').replace(/[’']s?$/u, '');
  return /^\p{Lu}/u.test(name) ? name : undefined;
}

/** Whether an entity of the sidecar has `name` as its name or an alias (case aside). */
function namesAnEntity(analysis: Analysis, name: string): boolean {
  const wanted = name.toLowerCase();
  return analysis.entities
    .all()
    .some(
      (entity) =>
        entity.name?.text.toLowerCase() === wanted ||
        entity.aliases.some((alias) => alias.text.toLowerCase() === wanted),
    );
}

/** A new entity named `name` and the quote attributed to it, as one minimal edit. */
export function createAndAttributeEdits(
  sidecar: SidecarSource,
  analysis: Analysis,
  quote: AnalyzedQuote,
  name: string,
  type: 'person' | 'organization' | 'document',
): TextEdit[] {
  const source = typeof sidecar === 'string' ? sidecar : sidecar.source;
  const id = uniqueId(name, entityKeys(sidecar));
  const withEntity = applyEdits(source, addEntity(sidecar, { id, type, name }));
  if (withEntity === source) return [];
  const { text, occurrence } = entryTextFor(analysis, quote);
  const entry = { text, speaker: id, ...(occurrence ? { occurrence } : {}) };
  const withEntry = applyEdits(withEntity, addQuoteEntry(parsedOnce(withEntity), entry));
  return withEntry === withEntity ? [] : [differenceEdit(source, withEntry)];
}

/** Who a declared quote is attributed to: an entity, or an anonymous source. */
export type DeclaredAttribution = { speaker: string } | { anonymous: string };

/** The most occurrences "Annotate Selection as Quote" tries before it gives up. */
const MAX_OCCURRENCE_TRIES = 20;

/**
 * "Annotate Selection as Quote": a quote entry that declares the selected words a quote where
 * the article has no quotation marks (the third tier of matching, docs/sidecar-format.md). The
 * entry's words are the selection; `occurrence` is found by analysing the pair with the entry
 * until it lands on the selection, which the reader of a sidecar also does, so it cannot
 * disagree with the matching. Returns the edits, or why there are none.
 */
export function declaredQuoteEdits(
  source: string,
  analysis: Analysis,
  span: Span,
  attribution: DeclaredAttribution,
  reanalyse: (sidecar: string) => Analysis,
): { edits: TextEdit[] } | { reason: string } {
  const text = collapseWhitespace(analysis.article.slice(span.start, span.end)).trim();
  if (countWords(text) < MIN_OPENING_WORDS) {
    return { reason: `Select at least ${MIN_OPENING_WORDS} words of the statement.` };
  }
  const inQuote = analysis.quotes.find(
    (quote) => quote.depth === 0 && quote.outer.start < span.end && span.start < quote.outer.end,
  );
  if (inQuote) return { reason: 'These words are in quotation marks already: attribute that quote instead.' };
  const entries = analysis.sidecar?.quotes.length ?? 0;
  const editable = editableSidecar(source, analysis);
  for (let occurrence = 1; occurrence <= MAX_OCCURRENCE_TRIES; occurrence++) {
    const entry: NewQuoteEntry = { text, ...attribution, ...(occurrence > 1 ? { occurrence } : {}) };
    const edits = addQuoteEntry(editable, entry);
    if (edits.length === 0) return { reason: 'Nothing can be written into the sidecar: it has a YAML syntax error.' };
    const after = reanalyse(applyEdits(source, edits));
    const declared = after.quotes.find((quote) => quote.entry === entries);
    if (!declared) break;
    // Past the selection: an earlier occurrence would have been found first.
    if (declared.content.start > span.start) break;
    if (declared.content.start <= span.start && span.start < declared.content.end) return { edits };
  }
  return { reason: 'The selected words could not be told apart from the same words elsewhere in the article.' };
}

export type AnnotationType = 'person' | 'place' | 'organization' | 'document';

/**
 * "Annotate as person / place / organization": a new entity named by the selected words, or
 * the words as an alias of an existing entity.
 */
export function annotationEdits(
  source: string,
  analysis: Analysis | undefined,
  words: string,
  type: AnnotationType,
  existing?: string,
): TextEdit[] {
  const name = collapseWhitespace(words);
  if (!name) return [];
  const editable = editableSidecar(source, analysis);
  if (existing) {
    const aliasEdits = addAlias(editable, existing, name);
    if (aliasEdits.length > 0 || !analysis?.entities.chain?.byId.has(existing)) return aliasEdits;
    // A registry's entity that the sidecar has no entry for: an entry that extends it.
    return addEntityEntry(editable, existing, [`${yamlScalar(existing)}:`, `  aliases: [${flowScalar(name)}]`]);
  }
  // Every key as written, not only the entities the reader kept: addEntity refuses any taken key.
  return addEntity(editable, { id: uniqueId(name, entityKeys(editable)), type, name });
}

// Removing ---------------------------------------------------------------------------------------

/** What removing an entity takes with it: the quote entries that name it. */
export interface EntityRemoval {
  entity: Entity;
  /** Entries with `speaker:` this entity: removed with it, so their quotes are unattributed again. */
  speakerEntries: QuoteEntry[];
  /** Entries with `via:` this entity and another speaker: only their `via:` is removed. */
  viaEntries: QuoteEntry[];
}

export function entityRemoval(analysis: Analysis, id: string): EntityRemoval | undefined {
  const entity = analysis.entities.get(id);
  if (!entity) return undefined;
  const quotes = analysis.sidecar?.quotes ?? [];
  const speakerEntries = quotes.filter((entry) => entry.speaker?.text === id);
  const viaEntries = quotes.filter((entry) => entry.via?.text === id && entry.speaker?.text !== id);
  return { entity, speakerEntries, viaEntries };
}

/**
 * "Remove entity": the entity's lines, and with them every quote entry that names it as
 * speaker (an attribution to no one would be an error in the sidecar; its quote is reported as
 * unattributed again, and can be attributed anew) and every `via:` that names it as the outlet
 * (the speaker stays). One edit, from the first change to the last; none at all when any part
 * cannot be removed without touching a comment or another key, so that no entry is left naming
 * an entity that is gone.
 */
export function removeEntityEdits(source: string, analysis: Analysis, id: string): TextEdit[] {
  const removal = entityRemoval(analysis, id);
  if (!removal) return [];
  const editable = editableSidecar(source, analysis);
  let text = applyEdits(source, removeEntity(editable, id));
  if (text === source) return [];
  // From the last entry to the first, so that the numbers of the entries before stay right.
  const entries = [...removal.speakerEntries, ...removal.viaEntries].sort((a, b) => b.index - a.index);
  for (const entry of entries) {
    const edits =
      entry.speaker?.text === id ? removeQuoteEntry(text, entry.index) : removeQuoteField(text, entry.index, 'via');
    if (edits.length === 0) return [];
    text = applyEdits(text, edits);
  }
  return [differenceEdit(source, text)];
}

/** "Remove attribution": the quote entry, whole; its quote is reported as unattributed again. */
export function removeAttributionEdits(source: string, analysis: Analysis, entry: number): TextEdit[] {
  if (!analysis.sidecar?.quotes[entry]) return [];
  return removeQuoteEntry(editableSidecar(source, analysis), entry);
}

/** The title of "Remove attribution" for a quote entry. */
export function removeAttributionTitle(analysis: Analysis, entry: QuoteEntry): string {
  if (entry.kind === 'term' && !entry.speaker) return 'Remove the term entry';
  const speaker = entry.speaker ? analysis.entities.get(entry.speaker.text) : undefined;
  if (entry.speaker) return `Remove attribution to ${speaker ? speakerName(speaker) : entry.speaker.text}`;
  return entry.anonymous !== undefined ? 'Remove attribution to an anonymous source' : 'Remove the quote entry';
}

function removeEntityTitle(removal: EntityRemoval): string {
  const count = removal.speakerEntries.length;
  const quotes = count === 0 ? '' : ` and ${count === 1 ? 'the quote entry' : `${count} quote entries`} naming it`;
  return `Remove entity '${speakerName(removal.entity)}'${quotes}`;
}

/** What can be removed at an offset: the entity named there, and the quote entry of a quote. */
export interface RemovalTargets {
  entity?: string;
  entry?: QuoteEntry;
}

/**
 * What can be removed at an offset of either file: the entity of a mention in the article or of
 * an entity's key in the sidecar; the quote entry of the innermost attributed quote around the
 * offset in the article, or the quote entry around it in the sidecar.
 */
export function removalTargetsAt(analysis: Analysis, target: 'article' | 'sidecar', offset: number): RemovalTargets {
  const sidecar = analysis.sidecar;
  if (!sidecar) return {};
  const within = (span: Span): boolean => span.start <= offset && offset <= span.end;
  if (target === 'sidecar') {
    return {
      entity: sidecar.entities.find((candidate) => within(candidate.idSpan))?.id,
      entry: sidecar.quotes.find((candidate) => within(candidate.span)),
    };
  }
  let attributed: AnalyzedQuote | undefined;
  for (const quote of analysis.quotes) {
    if (quote.outer.start > offset) break;
    if (quote.entry !== undefined && within(quote.outer) && (!attributed || quote.depth >= attributed.depth)) {
      attributed = quote;
    }
  }
  return {
    entity: mentionAt(analysis, offset)?.entity,
    entry: attributed?.entry !== undefined ? sidecar.quotes[attributed.entry] : undefined,
  };
}

/**
 * The removals offered at an offset (see `removalTargetsAt`). `entityEdits: false` leaves the
 * edits of "Remove entity" out, for a client that asks the user first and then runs the command.
 */
export function removalActions(
  source: string,
  analysis: Analysis,
  target: 'article' | 'sidecar',
  offset: number,
  entityEdits = true,
): SidecarAction[] {
  const actions: SidecarAction[] = [];
  const { entity, entry } = removalTargetsAt(analysis, target, offset);
  const removal = entity !== undefined ? entityRemoval(analysis, entity) : undefined;
  if (removal) {
    actions.push({
      title: removeEntityTitle(removal),
      kind: 'refactor.rewrite',
      preferred: false,
      edits: entityEdits ? removeEntityEdits(source, analysis, removal.entity.id) : [],
      removesEntity: removal.entity.id,
    });
  }
  if (entry) {
    actions.push({
      title: removeAttributionTitle(analysis, entry),
      kind: 'refactor.rewrite',
      preferred: false,
      edits: removeAttributionEdits(source, analysis, entry.index),
    });
  }
  return actions;
}
