/**
 * Speech or term: does a pair of quotation marks hold something someone said (which needs an
 * attribution), or a title, a name, a coined term or a scare quote (which does not)?
 *
 * The decision reads like an editor's: words attached to a speech verb or source are speech;
 * a phrase after "so-called" or "titled", or glued into a compound („Bild“-Zeitung), is a term;
 * a full sentence is speech; two or three words with no one saying them are a term.
 */

import type { Token } from './context';
import type { LanguageProfile } from '../text/languages';
import type { DetectedQuote } from './quotes';
import { speechVerbsByForm, type CueMatch } from './speakers';
import { countWords, lastOf } from '../text/text';
import { derivedPer } from '../text/memo';

export type QuoteKind = 'speech' | 'term';

export interface Classification {
  kind: QuoteKind;
  /** The rule that decided, in words. */
  reason: string;
}

export interface ClassificationOptions {
  /** Quotes with fewer words are terms whatever else holds. */
  speechMinWords: number;
}

/** Whether the content reads as a sentence or part of one: it has sentence punctuation. */
function hasSentencePunctuation(content: string): boolean {
  return /[.!?…;](?:\s|$)|[.,!?…]\s*$/u.test(content);
}

/** English and French titles capitalise most words: "The Art of the Deal". */
function looksLikeTitle(content: string, language: LanguageProfile): boolean {
  if (language.code === 'de') return false;
  const words = content.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (words.length === 0 || words.length > 8) return false;
  const significant = words.filter((word) => word.length > 3);
  return significant.length > 0 && significant.every((word) => /^[\p{Lu}\p{N}]/u.test(word));
}

/**
 * Definite articles: a name takes one ("die „Basler Nachrichten“"), while an indefinite one
 * introduces a characterisation, which is usually someone's word ("eine „Verhöhnung Polens“").
 * German folds the article into a preposition: vom „Queer Beograd Kollektiv“.
 */
const DEFINITE_ARTICLES = new Set([
  'der',
  'die',
  'das',
  'dem',
  'den',
  'des',
  'vom',
  'zum',
  'zur',
  'beim',
  'the',
  'le',
  'la',
  'les',
  'l’',
  "l'",
]);

/**
 * A name in quotation marks after an article, or after an article and an adjective: die
 * „Basler Nachrichten“, der „Spiegel“, the "Washington Post", la « Gazette », die sonntags
 * erscheinende „Rundschau am Sonntag“. Every word is capitalised or an abbreviation, or a
 * short word inside a name that begins and ends with capitals.
 */
function looksLikeName(content: string, before: readonly Token[]): boolean {
  const previous = lastOf(before);
  if (previous?.kind !== 'word') return false;
  const afterAdjective =
    !previous.capitalised && before.length >= 2 && DEFINITE_ARTICLES.has(before[before.length - 2].lower);
  if (!DEFINITE_ARTICLES.has(previous.lower) && !afterAdjective) return false;
  const words = content.match(/[\p{L}\p{N}][\p{L}\p{N}'’=-]*\.?/gu) ?? [];
  if (words.length === 0 || words.length > 6) return false;
  const capital = (word: string): boolean => /^[\p{Lu}\p{N}]/u.test(word);
  if (words.every(capital)) return words.length <= 4;
  const last = words[words.length - 1] ?? '';
  return capital(words[0] ?? '') && capital(last) && words.every((word) => capital(word) || word.length <= 4);
}

/**
 * A German name in apposition to the noun before it: die Enzyklika „Deus caritas est“, im
 * Fachmagazin „Public Library of Science“, die Modelle „Touareg“. The noun follows an article,
 * a contraction or an inflected adjective, and the quote opens with a capital and has no more
 * than six words and no punctuation: a quoted word someone said about a noun starts in lower
 * case („diese Zahlen „aus der Luft gegriffen““). In the training split (de-wikinews) this took
 * 11 false alarms, all names of things, for 1 quote (a slogan) given up.
 */
function nameAfterNoun(content: string, before: readonly Token[], language: LanguageProfile): boolean {
  if (language.code !== 'de') return false;
  const noun = before[before.length - 1];
  const leading = before[before.length - 2];
  if (noun?.kind !== 'word' || !noun.capitalised || leading?.kind !== 'word' || leading.capitalised) return false;
  // After a source marker the quote is the source's words („laut Zeugenaussagen „…““); after an
  // object's article, what a verb of saying said of that object („warf dem Gericht „Willkür“
  // vor“, „mit den Worten „…““).
  if (language.sourceMarkers.includes(leading.lower) || language.objectDeterminers.includes(leading.lower))
    return false;
  // An inflected adjective before the noun, not a speech verb that ends like one („sagte“).
  const inflected = /(?:e|en|er|es|em)$/u.test(leading.lower) && !speechVerbsByForm(language).has(leading.lower);
  if (!DEFINITE_ARTICLES.has(leading.lower) && !language.determiners.includes(leading.lower) && !inflected) {
    return false;
  }
  if (!/^[\p{Lu}\p{N}]/u.test(content) || /[.!?,;:]/u.test(content)) return false;
  return countWords(content) <= 6;
}

/**
 * Whether a verb of naming gives the quote as a name in its clause: before it (Damals hieß das
 * Lokal «Zur Schweizer Hütte», Dies nennt man einen „Aktiensplit“), right after it („Christoph
 * 29“ heißen wird, die sich selbst „…“ nennt) or after a comma and „so“ or „wie“ („Wikiasari“,
 * so heißt ein Projekt; „Uncle Ted“, wie der Senator genannt wurde). A clause with „es“ is
 * impersonal speech („…“, heißt es; wie es im Bericht heißt), not naming.
 */
function namedByVerb(before: readonly Token[], after: readonly Token[], language: LanguageProfile): boolean {
  if (language.namingVerbs.length === 0) return false;
  const names = (clause: readonly Token[], from: number, to: number): boolean => {
    let verb = false;
    let reflexiveVerb = false;
    let reflexive = false;
    for (const token of clause) {
      if (token.lower === 'es') return false;
      if (token.lower === 'sich' || token.lower === 'man') reflexive = true;
    }
    for (let i = from; i < Math.min(to, clause.length); i++) {
      if (language.namingVerbs.includes(clause[i].lower)) verb = true;
      if (language.namingWithReflexive.includes(clause[i].lower)) reflexiveVerb = true;
    }
    return verb || (reflexiveVerb && reflexive);
  };
  let start = before.length;
  while (start > 0 && before[start - 1].kind === 'word') start--;
  const clause = [...before.slice(start), ...clauseAfter(after)];
  // The clause's verbs before the quote, and the first word after it.
  if (names(clause, 0, before.length - start + 1)) return true;
  const introducer = after[1]?.lower;
  if (after[0]?.text !== ',' || (introducer !== 'so' && introducer !== 'wie')) return false;
  return names(clauseAfter(after.slice(2)), 0, 6);
}

/**
 * Whether the quote is the source a source marker or a quoting verb names: laut „Reuters“,
 * according to "Politico", zitiert „BBC News“ aus …, Laut einem Artikel von „BBC News“. Such a
 * quote is a name (in the training split, de-wikinews, nine such quotes, none a gold quote); the
 * words said are elsewhere in the sentence. „so“ and „wie“ are left out: „…, so „schütze sie
 * Gott““ quotes, and Sprüche wie „…“ gives examples.
 */
function namesSource(content: string, before: readonly Token[], language: LanguageProfile): boolean {
  if (!/^[\p{Lu}\p{N}]/u.test(content) || hasSentencePunctuation(content) || countWords(content) > 6) return false;
  const words: string[] = [];
  for (let i = before.length - 1; i >= 0 && words.length < 6; i--) {
    if (before[i].kind !== 'word') break;
    words.unshift(before[i].lower);
  }
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (language.quotingVerbs.includes(last)) return true;
  const markerEndsAt = (end: number): boolean =>
    sourceMarkerWordsOf(language).some(
      (parts) => end >= parts.length && parts.every((part, k) => words[end - parts.length + k] === part),
    );
  if (markerEndsAt(words.length)) return true;
  // Laut einem Artikel von „…“: the marker, a determiner, a noun and „von“ or a genitive.
  const noun = before[before.length - 2];
  return (
    words.length >= 3 &&
    ['von', 'des', 'der', 'of'].includes(last) &&
    noun?.kind === 'word' &&
    noun.capitalised &&
    language.determiners.includes(words[words.length - 3]) &&
    markerEndsAt(words.length - 3)
  );
}

/** A language's source markers as words, without „so“ and „wie“ (see namesSource). */
const sourceMarkerWordsOf = derivedPer((language: LanguageProfile): string[][] =>
  language.sourceMarkers.filter((marker) => marker !== 'so' && marker !== 'wie').map((marker) => marker.split(' ')),
);

/** Labels in brackets that announce words as said: (wörtlich: „…“), (Zitat: „…“). */
const VERBATIM_LABELS = new Set(['wörtlich', 'zitat', 'o-ton', 'originalton', 'verbatim', 'quote', 'textuellement']);

/**
 * Whether the colon before a quote ends a label in brackets: (kurz: „Fed“), (Motto: „…“), (etwa:
 * „Partei der Volksmacht“), [auf Deutsch: „…“]. What such a label introduces is a short form,
 * a motto or a translation, not someone's words: in the training split (de-wikinews) six false
 * alarms and no gold quote.
 */
function labelledInBrackets(before: readonly Token[]): boolean {
  let words = 0;
  for (let i = before.length - 2; i >= 0 && words <= 6; i--) {
    const token = before[i];
    if (token.kind === 'word') {
      if (VERBATIM_LABELS.has(token.lower)) return false;
      words++;
    } else if (token.text === '(' || token.text === '[') {
      return words > 0;
    } else if (token.text !== '.' && token.text !== '-') {
      return false;
    }
  }
  return false;
}

/** Whether the words include a first- or second-person word ("we", "ich", "vous"). */
function speaksInPerson(content: string, language: LanguageProfile): boolean {
  for (const match of content.matchAll(/[\p{L}][\p{L}'’]*/gu)) {
    const word = match[0];
    // "US" (the country) is not "us"; only the single letter "I" may be all capitals.
    if (word.length > 1 && word === word.toUpperCase()) continue;
    if (language.speakingPronouns.includes(word.toLowerCase())) return true;
  }
  return false;
}

/** A language's term markers, as a set, and those that can end a German compound. */
interface TermMarkers {
  words: Set<string>;
  compoundEnds: readonly string[];
}

const termMarkersOf = derivedPer((language: LanguageProfile): TermMarkers => ({
  words: new Set(language.termMarkers),
  compoundEnds: language.code === 'de' ? language.termMarkers.filter((word) => word.length >= 4) : [],
}));

/**
 * The first, in text order, of the last two words before a quote that is a term marker. Words
 * are looked up in a set, and compared with compound endings only when capitalised and long
 * enough to end in one: this runs for every quote without an entry.
 */
function termMarkerBefore(before: readonly Token[], language: LanguageProfile): Token | undefined {
  let last = -1;
  let secondLast = -1;
  for (let i = before.length - 1; i >= 0 && secondLast < 0; i--) {
    if (before[i].kind !== 'word') continue;
    if (last < 0) last = i;
    else secondLast = i;
  }
  const markers = termMarkersOf(language);
  // The word before the last marks the quote only through a word that leads to it ("Titel
  // des „…“", "so genannte „…“"), not through a name ("der Sender Roßmüller „…“") or a
  // characterising "als" ("die Aktion als „…“").
  const through = last >= 0 && !before[last].capitalised && before[last].lower !== 'als';
  if (secondLast >= 0 && through && isTermMarker(before[secondLast], markers)) return before[secondLast];
  if (last >= 0 && isTermMarker(before[last], markers)) return before[last];
  return undefined;
}

/** The shortest head of a German compound ending in a term marker (Sport-zeitung, ZDF-Sendung). */
const MIN_COMPOUND_HEAD = 4;

function isTermMarker(token: Token, { words, compoundEnds }: TermMarkers): boolean {
  if (words.has(token.lower)) return true;
  // German compounds end in the word that matters: Nachrichtenmagazin, ZDF-Sendung; and a
  // noun may stand in the genitive: des Fachmagazins „…“.
  if (!token.capitalised) return false;
  const lower = token.lower;
  const stem = lower.endsWith('es') ? lower.slice(0, -2) : lower.endsWith('s') ? lower.slice(0, -1) : lower;
  if (words.has(stem)) return true;
  // The head of a compound is a word of its own: Antwort and Reaktion are no compounds of Wort
  // and Aktion, and what follows them is what was said.
  for (const end of compoundEnds) {
    if (
      (lower.length >= end.length + MIN_COMPOUND_HEAD && lower.endsWith(end)) ||
      (stem.length >= end.length + MIN_COMPOUND_HEAD && stem.endsWith(end))
    )
      return true;
  }
  return false;
}

/** The words after a quote up to the end of its clause (a comma, a full stop, a quote). */
function clauseAfter(after: readonly Token[]): readonly Token[] {
  const end = after.findIndex((token) => token.kind !== 'word');
  return end < 0 ? after : after.slice(0, end);
}

/** Clause-final words ending in -e that are no present subjunctive. */
const NOT_SUBJUNCTIVE = new Set([
  'wurde',
  'alle',
  'zustande',
  'gerne',
  'heute',
  'ohne',
  'keine',
  'alleine',
  'ebenfalls',
]);

/**
 * Whether the clause after a German quote ends with a verb in the present subjunctive („…,
 * dass das Blatt in einer „schwierigen Lage“ stecke“): its third person ends in -e where the
 * indicative ends in -t, so any verb does, not only those in the list of markers.
 */
function subjunctiveEndsClause(after: readonly Token[], language: LanguageProfile): boolean {
  if (language.code !== 'de') return false;
  const clause = clauseAfter(after);
  const last = clause[clause.length - 1];
  if (!last || last.capitalised || last.lower.length < 4 || NOT_SUBJUNCTIVE.has(last.lower)) return false;
  return last.lower.endsWith('e') && !last.lower.endsWith('te');
}

export function classifyQuote(
  text: string,
  quote: DetectedQuote,
  before: readonly Token[],
  after: readonly Token[],
  cue: CueMatch | undefined,
  language: LanguageProfile,
  options: ClassificationOptions,
  /** Whether an earlier quote in the same paragraph is speech: this one may continue it. */
  continuesSpeech = false,
): Classification {
  const content = text.slice(quote.content.start, quote.content.end);
  const words = countWords(content);
  if (quote.depth > 0) return { kind: 'term', reason: 'inside another quote' };
  if (words === 0) return { kind: 'term', reason: 'no words' };
  if (words < options.speechMinWords) {
    return { kind: 'term', reason: `fewer than ${options.speechMinWords} words` };
  }
  // A term marker among the two words before: „sogenannte …“, the so-called "…", titled "…".
  const marker = termMarkerBefore(before, language);
  const markerIsCueVerb = marker !== undefined && cue?.adjacent === true && cue.strength >= 0.85 && words >= 4;
  // A colon introduces what someone says, whatever word stands before it.
  const introducedByColon = lastOf(before)?.text === ':';
  if (marker && !markerIsCueVerb && !introducedByColon) return { kind: 'term', reason: `after “${marker.text}”` };
  if (introducedByColon && labelledInBrackets(before)) return { kind: 'term', reason: 'after a label in brackets' };
  if (namesSource(content, before, language)) return { kind: 'term', reason: 'the source a marker names' };
  // Glued into a compound: „Bild“-Zeitung, "Brexit"-style.
  const next = after[0];
  if (
    next?.kind === 'punct' &&
    next.start === quote.outer.end &&
    /^[-‐‑]$/u.test(next.text) &&
    after[1]?.kind === 'word'
  ) {
    return { kind: 'term', reason: 'part of a compound word' };
  }
  if (!introducedByColon && nameAfterNoun(content, before, language))
    return { kind: 'term', reason: 'a name after a noun' };
  if (!introducedByColon && namedByVerb(before, after, language))
    return { kind: 'term', reason: 'named by a verb of naming' };
  const sentence = hasSentencePunctuation(content);
  // A capitalised phrase without sentence punctuation is a title even after "wrote" or "said".
  if (!sentence && looksLikeTitle(content, language)) return { kind: 'term', reason: 'capitalised like a title' };
  // American style puts the comma or full stop after a title inside its marks: on CNN's "State
  // of the Union," … A capitalised phrase so marked is still a title unless a speaker is attached.
  const unpunctuated = content.replace(/[.,]\s*$/u, '');
  if (
    sentence &&
    !cue?.adjacent &&
    !continuesSpeech &&
    unpunctuated !== content &&
    countWords(unpunctuated) >= 2 &&
    !hasSentencePunctuation(unpunctuated) &&
    looksLikeTitle(unpunctuated, language)
  ) {
    return { kind: 'term', reason: 'capitalised like a title' };
  }
  if (looksLikeName(content, before)) return { kind: 'term', reason: 'a name after an article' };
  if (cue?.adjacent && !cue.namesOnly) return { kind: 'speech', reason: `attached to a speaker (${cue.pattern})` };
  if (words >= 2 && speaksInPerson(content, language))
    return { kind: 'speech', reason: 'someone says “I”, “we” or “you”' };
  const previous = lastOf(before);
  if (previous?.text === ':' && words >= 2) return { kind: 'speech', reason: 'introduced by a colon' };
  if (sentence && words >= 3) return { kind: 'speech', reason: 'a sentence' };
  // A word or phrase quoted in a sentence that reports what someone said is usually that
  // person's own word, a partial quote: "Trump hammered the “disgusting” media".
  if (cue && !cue.namesOnly) return { kind: 'speech', reason: `in a sentence with a speaker (${cue.pattern})` };
  // In German reported speech ("Es sei zu früh, „Geschenke“ zu machen", "dass das Blatt in
  // einer „schwierigen Lage“ stecke") a quoted word is the speaker's own; but a lone noun there
  // is more often a coinage or a name the reporter marks (Bisher hätten „Hilfstrupps“ …, dass
  // sich „Hamish“ … befinde): 7 against 1 gold quote in the training split (de-wikinews).
  const reported = (token: Token): boolean => language.reportedSpeechMarkers.includes(token.lower);
  const loneNoun = words === 1 && /^\p{Lu}/u.test(content.trimStart());
  if (
    !loneNoun &&
    (before.some(reported) || clauseAfter(after).some(reported) || subjunctiveEndsClause(after, language))
  ) {
    return { kind: 'speech', reason: 'part of reported speech' };
  }
  // „bezeichnete den Plan als „unausgegoren““: a characterisation someone made.
  const characterises = (token: Token): boolean => language.characterisationVerbs.includes(token.lower);
  if (previous?.lower === 'als' && (before.some(characterises) || after.some(characterises))) {
    return { kind: 'speech', reason: 'a characterisation after “als”' };
  }
  if (words >= 3 && continuesSpeech) return { kind: 'speech', reason: 'continues a quote earlier in the paragraph' };
  if (words >= 8) return { kind: 'speech', reason: 'a long passage' };
  return { kind: 'term', reason: 'a short phrase with no speaker' };
}
