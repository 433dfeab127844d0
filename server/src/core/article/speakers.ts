/**
 * Speaker cues: the words next to a quote that say who is speaking.
 *
 * News writing introduces quotes in a handful of ways, and the patterns below follow them:
 * a speech verb after the quote with its subject (`„…“, sagte Putin`, `"…," he said`,
 * `« … », a déclaré le ministre`), a source marker (`so Putin`, `according to Smith`,
 * `selon X`), or a subject and speech verb before it (`Putin sagte: „…“`). The subject is a
 * name, a pronoun or a description; the cue is the span that names it.
 */

import type { Token } from './context';
import type { LanguageProfile } from '../text/languages';
import { derivedPer } from '../text/memo';
import { lastOf, type Span } from '../text/text';

export type CueKind = 'name' | 'pronoun' | 'description';

export interface SpeakerCue {
  span: Span;
  text: string;
  kind: CueKind;
  /**
   * Which name in the cue is the speaker when it holds several: the last one in a subject
   * before its verb ("Trump campaign manager Kellyanne Conway said"), the first one in a
   * subject after its verb ("bezeichnete Santorum Romney als …").
   */
  head?: 'first' | 'last';
}

export interface CueMatch {
  cue: SpeakerCue;
  /** Which pattern found it, in words, for hovers and for the evaluation's error lists. */
  pattern: string;
  /** Whether the cue is attached to the quote (right after it, or introducing it). */
  adjacent: boolean;
  /** Whether a speech verb or source marker was part of the pattern. */
  strength: number;
  /** Names the speaker of a quote found to be speech, but is no evidence that it is. */
  namesOnly?: true;
}

/** Tells the cue finder which spans are mentions of people or organisations. */
export type SpeakerMentionTest = (span: Span) => boolean;

interface Subject {
  cue: SpeakerCue;
  /** Index of the first token after the subject. */
  next: number;
}

/** How many sentences back reported speech looks for who is reported. */
const REPORTED_SPEECH_SENTENCES = 3;
/** Words after a German noun that continue its description: "der Sprecher des Vereins". */
const GENITIVE_LINKS = new Set(['des', 'der', 'von', 'vom']);
const CONJUNCTIONS = new Set(['und', 'and', 'et', 'oder', 'or', 'ou', 'sowie']);
const FRENCH_AUXILIARIES = new Set(['a', 'avait', 'ont', 'avaient', 'aura', 'est', 'sont']);
/**
 * German auxiliaries and modals between a subject and a speech verb in a compound tense: „Der
 * Minister hat gesagt“, „Der Kaiser soll gesagt haben“. They are no part of the subject.
 */
const GERMAN_AUXILIARIES = new Set(
  (
    'hat haben habe hatte hatten hätte hätten ist sind sei seien war waren wäre wären wird werden werde wurde ' +
    'wurden würde würden soll sollen solle sollte sollten will wollen wolle wollte wollten kann können könne ' +
    'konnte konnten könnte könnten muss müssen müsse musste mussten müsste müssten darf dürfen dürfe durfte ' +
    'durften dürfte dürften mag möchte möchten'
  ).split(' '),
);
/** Articles that open a German genitive: „der Sprecher des Ministeriums“, „die Chefin der Bank“. */
const GERMAN_GENITIVE_ARTICLES = new Set(['des', 'der', 'eines', 'einer']);
const FRENCH_INVERSION = /^(.+?)-(?:t-)?(il|elle|ils|elles|on)$/u;
/** German pronouns that are objects, never subjects: „sagte ihm der Minister“. */
const GERMAN_OBJECT_PRONOUNS = new Set(['ihn', 'ihm', 'ihnen', 'mich', 'mir', 'dich', 'dir', 'uns', 'euch']);
/** Titles that end with a period but belong to the name after them. */
const NAME_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'st', 'm', 'mme']);

/**
 * A language's speech verbs by form, each with the particles it takes (undefined for none): one
 * table per language, which the cue reader and the classifier look words up in.
 */
export const speechVerbsByForm = derivedPer(
  (language: LanguageProfile): ReadonlyMap<string, readonly (string | undefined)[]> => {
    const forms = new Map<string, (string | undefined)[]>();
    for (const verb of language.speechVerbs) {
      const list = forms.get(verb.form) ?? [];
      list.push(verb.particle);
      forms.set(verb.form, list);
    }
    return forms;
  },
);

class CueReader {
  private readonly verbForms: ReadonlyMap<string, readonly (string | undefined)[]>;
  private readonly pronouns: Set<string>;
  private readonly determiners: Set<string>;
  private readonly particles: Set<string>;
  private readonly nonNameWords: Set<string>;
  private readonly verbAdverbs: Set<string>;

  constructor(
    private readonly language: LanguageProfile,
    private readonly isSpeakerMention: SpeakerMentionTest,
  ) {
    this.verbForms = speechVerbsByForm(language);
    this.pronouns = new Set([...language.personPronouns, ...language.groupPronouns]);
    this.determiners = new Set(language.determiners);
    this.particles = new Set(language.nameParticles);
    this.nonNameWords = new Set(language.nonNameWords);
    this.verbAdverbs = new Set(language.verbAdverbs);
  }

  /**
   * Whether `tokens[i]` is a speech verb; for separable verbs ("stellte … fest") the particle
   * must follow within the clause, before `clauseEnd`.
   */
  isSpeechVerb(tokens: readonly Token[], i: number, clauseEnd = tokens.length): boolean {
    const token = tokens[i];
    if (token?.kind !== 'word') return false;
    const particles = this.verbForms.get(token.lower);
    if (!particles) return false;
    // "his remarks", "Trump's claims", "the calls": after a determiner or a possessive, an
    // English speech verb is a noun.
    if (this.language.code === 'en' && i > 0 && isEnglishNounContext(tokens[i - 1])) return false;
    // "the United States", "Consumer Reports": a capitalised word after a capitalised one is
    // part of a name.
    if (this.language.code === 'en' && token.capitalised && i > 0 && tokens[i - 1].capitalised) return false;
    for (const particle of particles) {
      if (particle === undefined) return true;
      for (let j = i + 1; j < clauseEnd && j < tokens.length; j++) {
        if (tokens[j].kind !== 'word' && !gluedBetweenWords(tokens, j)) break;
        if (tokens[j].lower === particle) return true;
      }
    }
    return false;
  }

  /**
   * Whether `tokens[i]`, before a quote, is a speech verb whose particle may also follow the
   * quote: „Die Opposition warf der Regierung „Wortbruch“ vor.“
   */
  isSpeechVerbAround(tokens: readonly Token[], i: number, after: readonly Token[]): boolean {
    if (this.isSpeechVerb(tokens, i)) return true;
    const particles = tokens[i]?.kind === 'word' ? this.verbForms.get(tokens[i].lower) : undefined;
    if (!particles) return false;
    for (let j = 0; j < after.length && after[j].kind === 'word'; j++) {
      if (particles.includes(after[j].lower)) return true;
    }
    return false;
  }

  /** Length in tokens of a source marker ("so", "according to") at `tokens[i]`, or 0. */
  sourceMarkerAt(tokens: readonly Token[], i: number, markers: readonly string[]): number {
    const token = tokens[i];
    if (token?.kind !== 'word') return 0;
    // Only the markers that begin with this word are compared: this is asked at every word
    // near every quote, and most words begin none.
    const candidates = this.markersByFirstWord(markers).get(token.lower);
    if (!candidates) return 0;
    for (const parts of candidates) {
      let k = 1;
      while (k < parts.length && tokens[i + k]?.kind === 'word' && tokens[i + k].lower === parts[k]) k++;
      if (k === parts.length) return parts.length;
    }
    return 0;
  }

  /** Each list of markers split into words, grouped by their first word, in the list's order. */
  private markersByFirstWord(markers: readonly string[]): Map<string, string[][]> {
    let grouped = this.markerGroups.get(markers);
    if (!grouped) {
      grouped = new Map();
      for (const marker of markers) {
        const parts = marker.split(' ');
        const group = grouped.get(parts[0]);
        if (group) group.push(parts);
        else grouped.set(parts[0], [parts]);
      }
      this.markerGroups.set(markers, grouped);
    }
    return grouped;
  }

  private readonly markerGroups = new Map<readonly string[], Map<string, string[][]>>();

  private cue(tokens: readonly Token[], from: number, to: number, kind: CueKind, text: string): SpeakerCue {
    const span = { start: tokens[from].start, end: tokens[to].end };
    return { span, text: text.slice(span.start, span.end), kind };
  }

  /** A subject that starts at `tokens[i]` and reads forwards. */
  subjectForward(tokens: readonly Token[], i: number, text: string): Subject | undefined {
    // "sagte dann Peskow", "said later Smith": step over an adverb or two.
    for (let skipped = 0; skipped < 2 && tokens[i]?.kind === 'word' && this.verbAdverbs.has(tokens[i].lower); skipped++)
      i++;
    const first = tokens[i];
    if (first?.kind !== 'word') return undefined;
    if (this.pronouns.has(first.lower)) {
      return { cue: this.cue(tokens, i, i, 'pronoun', text), next: i + 1 };
    }
    if (this.determiners.has(first.lower) || first.lower === 'l') {
      // "das Staatsoberhaupt", "ein Sprecher des Ministeriums", "the spokesman for the ministry".
      let end = i;
      let head = false;
      for (let j = i + 1; j < tokens.length && j <= i + 7; j++) {
        const token = tokens[j];
        if (token.kind !== 'word' && !(token.text === "'" || token.text === '’')) break;
        if (token.kind === 'word' && j > i + 1 && (CONJUNCTIONS.has(token.lower) || this.isSpeechVerb(tokens, j)))
          break;
        // German capitalises the noun: after it, only a name or a genitive continues the
        // description ("die Ministerin Anna Berg", "der Sprecher des Vereins"), not the
        // object or adjective that follows ("die Ministerin ihre Entscheidung").
        if (this.language.code === 'de' && head && !token.capitalised && !GENITIVE_LINKS.has(token.lower)) break;
        if (token.kind === 'word') end = j;
        if (token.capitalised) head = true;
      }
      if (end === i) return undefined;
      return { cue: this.cue(tokens, i, end, 'description', text), next: end + 1 };
    }
    // A title in lower case before a name: "says psychologist Vaile Wright".
    if (
      !first.capitalised &&
      !this.verbForms.has(first.lower) &&
      !this.language.prepositions.includes(first.lower) &&
      tokens[i + 1]?.capitalised &&
      !(this.language.code === 'en' && !isEnglishTitleWord(first.lower))
    ) {
      const name = this.subjectForward(tokens, i + 1, text);
      if (name?.cue.kind === 'name') {
        const span = { start: first.start, end: name.cue.span.end };
        return { cue: { span, text: text.slice(span.start, span.end), kind: 'description' }, next: name.next };
      }
    }
    if (first.capitalised || NAME_TITLES.has(first.lower)) {
      let end = i;
      for (let j = i + 1; j < tokens.length; j++) {
        const token = tokens[j];
        // "Mr. Kelly", "Charles E. Grassley": a period after a title or an initial stays in the name.
        if (token.kind === 'punct' && token.text === '.' && isTitleOrInitial(tokens[j - 1])) continue;
        if (token.kind !== 'word') break;
        if (token.capitalised) end = j;
        else if (!this.particles.has(token.lower) || !tokens[j + 1]?.capitalised) break;
        // An article is a particle only after another one („von der Leyen“), not after a name
        // („lobte Peskow den Plan“).
        else if (this.determiners.has(token.lower) && !this.particles.has(tokens[j - 1].lower)) break;
      }
      return { cue: { ...this.cue(tokens, i, end, 'name', text), head: 'first' }, next: end + 1 };
    }
    return undefined;
  }

  /** A subject that ends at `tokens[i]`, read backwards (tokens in text order). */
  subjectBackward(tokens: readonly Token[], i: number, text: string): Subject | undefined {
    let last = tokens[i];
    // "Mr. Kelly, a retired astronaut, said": step back over the appositive to the name.
    if (last?.kind === 'punct' && last.text === ',') {
      let j = i - 1;
      while (j >= 0 && j > i - 16 && !(tokens[j].kind === 'punct' && tokens[j].text === ',')) j--;
      if (j <= 0 || j <= i - 16) return undefined;
      const subject = this.subjectBackward(tokens, j - 1, text);
      return subject && subject.cue.kind !== 'description' ? { ...subject, next: i + 1 } : undefined;
    }
    // "Hilgen (SPD) heute sagte": step back over adverbs and a parenthesis to the subject, and
    // in German over the auxiliary of a compound tense („Der Minister hat gesagt“).
    while (
      last?.kind === 'word' &&
      (this.verbAdverbs.has(last.lower) || (this.language.code === 'de' && GERMAN_AUXILIARIES.has(last.lower))) &&
      i > 0
    )
      last = tokens[--i];
    if (last?.kind === 'punct' && last.text === ')') {
      let j = i - 1;
      while (j > 0 && j > i - 8 && tokens[j].text !== '(') j--;
      if (tokens[j]?.text === '(' && j > 0) {
        i = j - 1;
        last = tokens[i];
      }
    }
    // „Die „Süddeutsche Zeitung“ schreibt“: a publication named in quotes, after its article.
    if (last?.kind === 'quote') {
      const from = i > 0 && this.determiners.has(tokens[i - 1].lower) ? i - 1 : i;
      if (from > 0 && this.afterPreposition(tokens, from)) return undefined;
      const publication = this.quotedPublication(tokens, from, text, false);
      return publication ? { cue: publication, next: i + 1 } : undefined;
    }
    if (last?.kind !== 'word') return undefined;
    // A conjunction or an object ("dem Minister", "den Worten") is not a speaking subject.
    if (CONJUNCTIONS.has(last.lower) || this.language.objectDeterminers.includes(last.lower)) return undefined;
    if (this.pronouns.has(last.lower)) return { cue: this.cue(tokens, i, i, 'pronoun', text), next: i + 1 };
    if (last.capitalised) {
      let start = i;
      for (let j = i - 1; j >= 0; j--) {
        const token = tokens[j];
        if (token.kind === 'punct' && token.text === '.' && j > 0 && isTitleOrInitial(tokens[j - 1])) continue;
        if (token.kind !== 'word') break;
        // „Gegenüber NDR Info äußerte er sich“: a capitalised preposition opens no name.
        if (token.capitalised && this.language.prepositions.includes(token.lower)) {
          if (start === j + 1) return undefined;
          break;
        }
        if (token.capitalised && !this.determiners.has(token.lower) && !this.nonNameWords.has(token.lower)) start = j;
        else if (this.particles.has(token.lower) && j > 0 && tokens[j - 1].capitalised) continue;
        else break;
      }
      // „Der Sprecher des Ministeriums sagte“: a genitive is no subject, the noun it follows is.
      const head = this.language.code === 'de' ? this.genitiveHead(tokens, start) : undefined;
      if (head !== undefined) return { cue: this.cue(tokens, head, i, 'description', text), next: i + 1 };
      if (this.nonNameWords.has(last.lower)) return undefined;
      // "die Deutsche Presse-Agentur": a determiner right before the name belongs to it.
      if (start > 0 && this.determiners.has(tokens[start - 1].lower)) start--;
      if (this.afterPreposition(tokens, start)) return undefined;
      return { cue: this.cue(tokens, start, i, 'name', text), next: i + 1 };
    }
    // A lower-case noun: read back to its determiner ("the spokesman", "a White House aide").
    for (let j = i - 1; j >= 0 && j >= i - 6; j--) {
      const token = tokens[j];
      if (token.kind !== 'word') break;
      if (this.language.objectDeterminers.includes(token.lower)) return undefined;
      if (this.determiners.has(token.lower)) {
        if (this.afterPreposition(tokens, j)) return undefined;
        return { cue: this.cue(tokens, j, i, 'description', text), next: i + 1 };
      }
      if (this.isSpeechVerb(tokens, j) || CONJUNCTIONS.has(token.lower)) break;
    }
    return undefined;
  }

  /**
   * The source of impersonal speech at `tokens[verb]` ("„…“, heißt es in der Erklärung"): the
   * prepositional phrase after it. (The phrase before it, "In dem Antrag heißt es: „…“", was
   * tried and lost more than it won on the splits.)
   */
  impersonalSource(tokens: readonly Token[], verb: number, text: string): SpeakerCue | undefined {
    const pair = `${tokens[verb]?.lower} ${tokens[verb + 1]?.lower}`;
    if (!this.language.impersonalSpeech.includes(pair)) return undefined;
    let k = verb + 2;
    while (k < tokens.length && tokens[k].kind === 'word' && this.verbAdverbs.has(tokens[k].lower)) k++;
    if (tokens[k]?.kind === 'word' && this.language.prepositions.includes(tokens[k].lower)) {
      const source = this.subjectForward(tokens, k + 1, text);
      if (source) return source.cue;
    }
    return undefined;
  }

  /**
   * Where the German noun phrase starts whose genitive begins at `tokens[start - 1]` (an article
   * before the capitalised words from `start` on): „der Sprecher des Ministeriums“ → „der“. Its
   * head is a capitalised noun right before the article, after its own determiner and at most two
   * adjectives; undefined when the words before are no such phrase.
   */
  private genitiveHead(tokens: readonly Token[], start: number): number | undefined {
    const article = start - 1;
    if (article < 2 || !GERMAN_GENITIVE_ARTICLES.has(tokens[article].lower) || tokens[article].capitalised)
      return undefined;
    const noun = tokens[article - 1];
    if (noun.kind !== 'word' || !noun.capitalised || this.determiners.has(noun.lower)) return undefined;
    if (this.language.prepositions.includes(noun.lower)) return undefined;
    for (let j = article - 2; j >= 0 && j >= article - 4; j--) {
      const token = tokens[j];
      if (token.kind !== 'word') return undefined;
      if (this.determiners.has(token.lower)) {
        if (this.language.objectDeterminers.includes(token.lower) || this.afterPreposition(tokens, j)) return undefined;
        return j;
      }
      // Only adjectives, in lower case, stand between the determiner and its noun.
      if (token.capitalised) return undefined;
    }
    return undefined;
  }

  /** Whether the words from `tokens[start]` follow a preposition, which makes them no subject. */
  private afterPreposition(tokens: readonly Token[], start: number): boolean {
    const previous = tokens[start - 1];
    return previous?.kind === 'word' && this.language.prepositions.includes(previous.lower);
  }

  /** How likely a subject names the speaker: mentions and pronouns beat bare capitals. */
  score(subject: Subject | undefined): number {
    if (!subject) return 0;
    if (this.isSpeakerMention(subject.cue.span)) return 3;
    if (subject.cue.kind === 'pronoun') return 2.5;
    if (subject.cue.kind === 'description') return 2;
    // A capitalised word in German may be any noun; in English it is usually a name.
    return this.language.code === 'de' ? 1 : 1.5;
  }

  /** A French inversion such as "dit-il" or "a-t-elle": the pronoun part as a cue. */
  frenchInversion(tokens: readonly Token[], i: number, text: string): { cue: SpeakerCue; verb: string } | undefined {
    const token = tokens[i];
    if (this.language.code !== 'fr' || token?.kind !== 'word') return undefined;
    const match = FRENCH_INVERSION.exec(token.lower);
    if (!match) return undefined;
    const pronounStart = token.end - match[2].length;
    const span = { start: pronounStart, end: token.end };
    return { cue: { span, text: text.slice(span.start, span.end), kind: 'pronoun' }, verb: match[1] };
  }

  /** Patterns after the quote, on tokens in text order starting right after the closing mark. */
  afterQuote(
    tokens: readonly Token[],
    text: string,
    quoteEndsSentence = false,
    /** Whether a later quote's speaker may be shared (not when reading for that later quote). */
    shareLater = true,
  ): CueMatch | undefined {
    let k = 0;
    // Step over a comma or dash, and over further quotes joined by "und": „A“ und „B“, sagte er.
    for (;;) {
      const token = tokens[k];
      if (!token) return undefined;
      if (token.kind === 'punct' && /^[,–—―-]$/u.test(token.text)) k++;
      else if (token.kind === 'word' && CONJUNCTIONS.has(token.lower) && tokens[k + 1]?.kind === 'quote') k += 2;
      else break;
    }
    // "…" ― Jane Doe: a name alone after a dash signs the quote (English).
    if (this.language.code === 'en' && k > 0 && /^[–—―-]$/u.test(tokens[k - 1].text) && tokens[k]?.capitalised) {
      const name = this.subjectForward(tokens, k, text);
      const end = name ? tokens[name.next] : undefined;
      if (name?.cue.kind === 'name' && (!end || end.kind === 'quote' || /^[.,]$/u.test(end.text)))
        return { cue: name.cue, pattern: 'name signing the quote after a dash', adjacent: true, strength: 0.8 };
    }
    const inversion = this.frenchInversion(tokens, k, text);
    // A verb inverted with its pronoun right after a quote ("dit-il", "pensait-elle",
    // "a-t-il ajouté") is the narrator naming the speaker, whatever the verb.
    if (inversion)
      return { cue: inversion.cue, pattern: 'verb and pronoun after the quote', adjacent: true, strength: 0.9 };
    // Verb first: „…“, sagte Putin / "…," said Smith / « … », a déclaré le ministre.
    let verbAt = k;
    if (this.language.code === 'fr' && FRENCH_AUXILIARIES.has(tokens[k]?.lower ?? '')) verbAt = k + 1;
    // „…“, so charakterisierte ihn der Gewerkschafter: „so“ before the verb points back at the quote.
    if (this.language.code === 'de' && tokens[k]?.lower === 'so' && this.isSpeechVerb(tokens, k + 1)) verbAt = k + 1;
    // "…," saying the city …: an English participle has no subject after it; its subject is
    // the sentence's, before the quote.
    const participle = this.language.code === 'en' && tokens[verbAt]?.lower.endsWith('ing');
    if (!participle && this.isSpeechVerb(tokens, verbAt)) {
      const source = this.impersonalSource(tokens, verbAt, text);
      if (source) return { cue: source, pattern: 'source of impersonal speech', adjacent: true, strength: 0.85 };
      // Over the object pronoun of a verb that characterises someone: „so nannte ihn der Trainer“.
      const object = GERMAN_OBJECT_PRONOUNS.has(tokens[verbAt + 1]?.lower ?? '') && this.language.code === 'de' ? 1 : 0;
      const subject = this.subjectForward(tokens, verbAt + 1 + object, text);
      // „…“, zitiert die Zeitung den Minister: whoever is quoted said it.
      const quoted =
        subject && this.language.quotingVerbs.includes(tokens[verbAt].lower)
          ? this.subjectForward(tokens, subject.next, text)
          : undefined;
      if (quoted && quoted.cue.kind !== 'pronoun')
        return { cue: quoted.cue, pattern: 'speech verb after the quote', adjacent: true, strength: 0.9 };
      if (subject && !introducesNext(tokens, subject.next))
        return { cue: subject.cue, pattern: 'speech verb after the quote', adjacent: true, strength: 0.9 };
      // „…“, schrieb „Die Zeit“ / schreibt die „Computerwoche“: a publication named in quotes.
      const publication = this.quotedPublication(tokens, verbAt + 1, text);
      if (!subject && publication)
        return { cue: publication, pattern: 'speech verb after the quote', adjacent: true, strength: 0.85 };
    }
    // Subject first: "…," Smith said / "…," he told reporters / "…," Chris Weston, an
    // analyst at IG, said.
    const subject = this.subjectForward(tokens, k, text);
    if (subject) {
      let verb = this.skipAppositive(tokens, subject.next);
      if (this.language.code === 'fr' && FRENCH_AUXILIARIES.has(tokens[verb]?.lower ?? '')) verb++;
      // After a quote that ended its sentence, "The council said the vote…" starts a new
      // statement, while "Molitor says." or "Smith said at a hearing" still attributes it.
      // German and French name a speaker after a quote with the verb first („…“, sagte er);
      // after a quote that ended its sentence, "Wörtlich bezeichnete Santorum…" is a new one.
      // "A puzzled host asked, "…"" after a quote that ended its sentence introduces the next.
      const newStatement =
        quoteEndsSentence &&
        (this.language.code !== 'en' ||
          this.startsClause(tokens[verb + 1]) ||
          (/^[,:]$/u.test(tokens[verb + 1]?.text ?? '') && tokens[verb + 2]?.kind === 'quote') ||
          !this.endsAttribution(tokens, verb));
      if (this.isSpeechVerb(tokens, verb) && !introducesNext(tokens, verb + 1) && !newStatement) {
        return { cue: subject.cue, pattern: 'subject and speech verb after the quote', adjacent: true, strength: 0.9 };
      }
      const post = this.sourceMarkerAt(tokens, subject.next, this.language.sourcePostMarkers);
      if (post) return { cue: subject.cue, pattern: 'source named after the quote', adjacent: true, strength: 0.85 };
    }
    // Source marker: „…“, so Putin / "…," according to Smith / « … », selon le ministre.
    const marker = this.sourceMarkerAt(tokens, k, this.language.sourceMarkers);
    if (marker) {
      const source = this.subjectForward(tokens, k + marker, text);
      if (source && this.score(source) >= 1.5) {
        return { cue: source.cue, pattern: 'source named after the quote', adjacent: true, strength: 0.85 };
      }
      // „…“, so die „Computerwoche“.
      const publication = source ? undefined : this.quotedPublication(tokens, k + marker, text);
      if (publication)
        return { cue: publication, pattern: 'source named after the quote', adjacent: true, strength: 0.85 };
    }
    // Further on in the sentence: „…“ – das sagte Putin am Dienstag. (Not after a quote that
    // ended its own sentence: the words after it are a sentence of their own.)
    for (let j = k; !quoteEndsSentence && j < tokens.length && j < k + 8; j++) {
      if (tokens[j].kind === 'quote') {
        const shared = shareLater ? this.laterQuoteSpeaker(tokens, j, text) : undefined;
        if (shared) return shared;
        break;
      }
      if (participle && j === k) continue;
      // "… an "artful smear" while Sanders suggests …": a clause of its own, with its own speaker.
      if (this.language.code === 'en' && ENGLISH_CLAUSE_OPENERS.has(tokens[j].lower)) break;
      // „…“ beenden, so Rice: a source marker after the rest of the clause.
      const later = tokens[j - 1]?.text === ',' ? this.sourceMarkerAt(tokens, j, this.language.sourceMarkers) : 0;
      const source = later && tokens[j].lower !== 'wie' ? this.subjectForward(tokens, j + later, text) : undefined;
      if (source && this.score(source) >= 1.5)
        return { cue: source.cue, pattern: 'source named later in the sentence', adjacent: false, strength: 0.6 };
      if (!this.isSpeechVerb(tokens, j)) continue;
      const best = this.bestSubject(tokens, j, text);
      if (best) return { cue: best.cue, pattern: 'speech verb later in the sentence', adjacent: false, strength: 0.6 };
    }
    return quoteEndsSentence ? undefined : this.closingInversion(tokens, k + 8, text);
  }

  /**
   * Two quotes in one sentence with the speaker named once, after the second: „Die „…“ hätten
   * „…“, so Murtha.“ The later quote's own speaker, when one is attached right after it, said
   * both.
   */
  private laterQuoteSpeaker(tokens: readonly Token[], quote: number, text: string): CueMatch | undefined {
    // The later quote's words, without its closing marks, may end their sentence.
    let end = tokens[quote].end;
    while (end > tokens[quote].start && /[\s\p{Pf}\p{Pi}"'»«›‹]/u.test(text[end - 1])) end--;
    // Only the words an attribution after it can span, and no further sharing: a sentence of
    // many quotes must not be read once per quote to its end.
    const window = tokens.slice(quote + 1, quote + 1 + LATER_QUOTE_WINDOW);
    const shared = this.afterQuote(window, text, endsItsSentence(text.slice(tokens[quote].start, end)), false);
    if (!shared?.adjacent || shared.namesOnly) return undefined;
    return { cue: shared.cue, pattern: 'speaker of a later quote in the sentence', adjacent: false, strength: 0.6 };
  }

  /**
   * A German publication in quotation marks at `tokens[i]`, after its article or not. After a
   * verb it must end the phrase (`closed`): „schreibt die „Zeit“.“, not „nennt die „Zeit“ …“.
   */
  private quotedPublication(tokens: readonly Token[], i: number, text: string, closed = true): SpeakerCue | undefined {
    if (this.language.code !== 'de') return undefined;
    const start = this.determiners.has(tokens[i]?.lower ?? '') ? i + 1 : i;
    const quote = tokens[start];
    if (quote?.kind !== 'quote' || !/^\P{L}*\p{Lu}/u.test(quote.text)) return undefined;
    const end = tokens[start + 1];
    if (closed && end && end.kind !== 'punct' && !this.language.prepositions.includes(end.lower)) return undefined;
    const span = { start: tokens[i].start, end: quote.end };
    return { span, text: text.slice(span.start, span.end), kind: 'name' };
  }

  /**
   * An English sentence that goes on after a partial quote and ends by naming its source in
   * an inversion: ""…" if she did not win by more, said Jane Doe, an analyst at …".
   */
  private closingInversion(tokens: readonly Token[], from: number, text: string): CueMatch | undefined {
    if (this.language.code !== 'en') return undefined;
    for (let j = Math.max(from, 1); j < tokens.length; j++) {
      if (tokens[j].kind === 'quote') return undefined;
      if (tokens[j - 1].text !== ',' || !this.isSpeechVerb(tokens, j) || tokens[j].lower.endsWith('ing')) continue;
      const subject = this.subjectForward(tokens, j + 1, text);
      if (!subject || subject.cue.kind === 'pronoun') continue;
      const end = tokens[subject.next];
      if (end && !/^[.,]$/u.test(end.text)) continue;
      return { cue: subject.cue, pattern: 'speech verb later in the sentence', adjacent: false, strength: 0.6 };
    }
    return undefined;
  }

  /**
   * Whether an English sentence after a quote that ended its own says no more than who spoke:
   * "Smith said.", "Smith said on Tuesday.", "Smith told reporters." A verb with an object or
   * a clause ("He says referees are …", "Sanders called Trump a "…"") makes a statement of its own.
   */
  private endsAttribution(tokens: readonly Token[], verb: number): boolean {
    const next = tokens[verb + 1];
    if (!next || next.kind === 'punct') return true;
    if (next.kind === 'quote') return false;
    if (['told', 'tells', 'asked', 'asks'].includes(tokens[verb].lower)) return true;
    if (ENGLISH_FUNCTION_WORDS.has(next.lower) || this.nonNameWords.has(next.lower)) return true;
    return this.verbAdverbs.has(next.lower) || next.lower.endsWith('ly');
  }

  /** A source in brackets right after the quote: „…“ (Konrad-Adenauer-Stiftung). */
  bracketSource(tokens: readonly Token[], text: string): CueMatch | undefined {
    if (tokens[0]?.text !== '(' || !tokens[1]?.capitalised) return undefined;
    const source = this.subjectForward(tokens, 1, text);
    if (!source || tokens[source.next]?.text !== ')') return undefined;
    return { cue: source.cue, pattern: 'source in brackets after the quote', adjacent: true, strength: 0.8 };
  }

  /** Patterns before the quote, on tokens in text order ending right before the opening mark. */
  beforeQuote(tokens: readonly Token[], text: string, after: readonly Token[] = []): CueMatch | undefined {
    const n = tokens.length;
    // A quote in brackets after a name: „…, Mohammed ElBaradei („…“), und …“.
    // (Not after a name in quotation marks, which the brackets translate: „Cast Lead“ („…“).)
    if (tokens[n - 1]?.text === '(' && after[0]?.text === ')' && tokens[n - 2]?.kind !== 'quote') {
      const named = this.subjectBackward(tokens, n - 2, text);
      if (named?.cue.kind === 'name')
        return {
          cue: named.cue,
          pattern: 'a name before the quote in brackets',
          adjacent: true,
          strength: 0.8,
          namesOnly: true,
        };
    }
    // Source marker earlier in the sentence: Laut Peskow „…“ / According to Smith, "…" / laut
    // Klinikdirektor Prof. Dr. Matthias W. Beckmann „…“ (titles and initials are tokens too).
    for (let j = n - 1; j >= 0; j--) {
      if (tokens[j].kind === 'quote') break;
      const marker = this.sourceMarkerAt(tokens, j, this.language.sourceMarkers);
      if (!marker || tokens[j].lower === 'wie') continue;
      const source = this.subjectForward(tokens, j + marker, text);
      // „so“ is a source marker here only set off by commas, or before the colon that introduces
      // the quote: „…, so Gall, „…““, „…, so Elshorst weiter: „…““.
      if (
        tokens[j].lower === 'so' &&
        !(tokens[j - 1]?.text === ',' && source && this.endsSourceAside(tokens, source.next))
      )
        continue;
      if (source && this.score(source) >= 1.5) {
        const adjacent = source.next >= n - 1;
        return { cue: source.cue, pattern: 'source named before the quote', adjacent, strength: adjacent ? 0.85 : 0.6 };
      }
    }
    // A speech verb before the quote, nearest first: Putin sagte: „…“ / Dazu sagte Putin: „…“.
    for (let j = n - 1; j >= 0; j--) {
      if (tokens[j].kind === 'quote') break;
      if (!this.isSpeechVerbAround(tokens, j, after)) continue;
      const best = this.bestSubject(tokens, j, text);
      if (!best) continue;
      // Attached when only a few words (an object, "that", a colon) stand between.
      const gap = n - Math.max(best.next, j + 1);
      const adjacent = gap <= 3 || tokens[n - 1].text === ':';
      return {
        cue: best.cue,
        pattern: 'speaker and speech verb before the quote',
        adjacent,
        strength: adjacent ? 0.85 : this.sentenceSpeakerStrength,
      };
    }
    return (
      this.withTheWords(tokens, text, after) ??
      this.colonIntroduction(tokens, text) ??
      this.sentenceSubjectCue(tokens, text)
    );
  }

  /**
   * „Obama warb mit den Worten: „…““: whoever acts "with the words" says them, whatever the
   * verb; the subject opens the sentence, or follows its verb after another opening phrase.
   */
  private withTheWords(tokens: readonly Token[], text: string, after: readonly Token[]): CueMatch | undefined {
    const n = tokens.length;
    const end = tokens[n - 1]?.text === ':' ? n - 1 : n;
    const words = tokens.slice(Math.max(0, end - 3), end).map((token) => token.lower);
    if (!(words[2] === 'worten' && words[0] === 'mit' && (words[1] === 'den' || words[1] === 'folgenden')))
      return undefined;
    // „Mit den Worten „…“, richtete er den Blick nach vorn“: the words open the sentence, its
    // verb and subject follow the quote.
    const opensClause = end === 3 || tokens[end - 4]?.text === ':';
    if (opensClause && after[0]?.text === ',' && after[1]?.kind === 'word' && !after[1].capitalised) {
      const subject = this.subjectForward(after, 2, text);
      if (subject) return { cue: subject.cue, pattern: 'subject of „mit den Worten“', adjacent: true, strength: 0.75 };
    }
    const opening = this.subjectForward(tokens, 0, text);
    let subject = opening && !this.nonNameWords.has(tokens[0].lower) ? opening : undefined;
    if (!subject && tokens[1]?.kind === 'word') subject = this.subjectForward(tokens, 2, text);
    if (!subject || subject.next > end - 3) return undefined;
    return { cue: subject.cue, pattern: 'subject of „mit den Worten“', adjacent: true, strength: 0.75 };
  }

  /**
   * An English quote in a sentence with no speech verb, whose subject is a known speaker or a
   * pronoun ("Paul Ryan worried that the safety net was becoming "…""): the subject is the
   * likeliest speaker, likelier than the speaker of a quote before it. In German, the subject
   * that opens the sentence before its verb in second place, when it is a known speaker
   * („Rumsfeld attackierte den Iran als den „…““); a description, a pronoun or capitalised
   * words there are as often a thing („Sie müsse „…““ of a region, „Jegliche Verantwortung
   * weist Hartmann von sich“). A known speaker as the subject makes even a short fragment
   * speech: someone's word, reported („Peskow nannte die Pläne „überzogen““).
   */
  private sentenceSubjectCue(tokens: readonly Token[], text: string): CueMatch | undefined {
    if (this.language.code === 'de' && tokens.length > 0) {
      const subject = this.subjectForward(tokens, 0, text);
      const verb = subject ? tokens[subject.next] : undefined;
      if (!subject || this.nonNameWords.has(tokens[0].lower) || verb?.kind !== 'word' || verb.capitalised)
        return this.invertedPronoun(tokens, text);
      // A single capitalised word may be an adverb that opens the sentence: „Ursprünglich“.
      if (this.score(subject) < 3)
        return subject.next === 1 && this.score(subject) < 2 ? this.invertedPronoun(tokens, text) : undefined;
      return {
        cue: subject.cue,
        pattern: 'subject of the sentence with the quote',
        adjacent: false,
        // Not for Fix All: in the evaluation every person the sidecar knows is a speaker, so the
        // pattern looks surer there than in a sidecar that also lists the people talked about.
        strength: 0.5,
      };
    }
    if (this.language.code !== 'en' || tokens.length === 0) return undefined;
    const subject = this.sentenceSubject(tokens, tokens.length, text);
    if (!subject || this.score(subject) < 2.5) return undefined;
    return { cue: subject.cue, pattern: 'subject of the sentence with the quote', adjacent: false, strength: 0.5 };
  }

  /**
   * How sure a speaker and speech verb are that stand apart from the quote, earlier in its
   * sentence or in the sentence before: on the training splits a name found so was right 98.7 %
   * of the time in English and 96.8 % in German (61 of 63, with Fix All right on 99.3 % of what
   * it applies), so it is confident enough for Fix All; a pronoun (its referent guessed) is not.
   * French has no training split to show it.
   */
  private get sentenceSpeakerStrength(): number {
    return this.language.code === 'fr' ? 0.6 : 0.75;
  }

  /** The better of the subject before a verb and the subject after it. */
  private bestSubject(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    if (this.language.code === 'en') return this.englishSubject(tokens, verb, text);
    // "Trump denounced the deal and said, "…"": the subject of both verbs opens the sentence.
    const previous = verb > 0 ? tokens[verb - 1] : undefined;
    if (previous?.kind === 'word' && CONJUNCTIONS.has(previous.lower)) {
      const opening = this.subjectForward(tokens, 0, text);
      if (opening && this.score(opening) >= 2) return opening;
      // A phrase or clause opens the sentence, its subject stands after its verb: „In seiner
      // Erklärung lobte der Minister den Plan und nannte ihn „…““.
      const inverted = this.language.code === 'de' ? this.invertedSubject(tokens, text) : undefined;
      if (inverted && this.score(inverted) >= 2) return inverted;
    }
    const apposition = this.germanApposition(tokens, verb, text);
    if (apposition) return apposition;
    const before = this.subjectBackward(tokens, verb - 1, text);
    // „Ein Sender zitierte Papandreou mit den Worten: „…““: whoever is quoted is the speaker.
    if (this.language.quotingVerbs.includes(tokens[verb].lower) && before) {
      const quoted = this.subjectForward(tokens, verb + 1, text);
      if (quoted && quoted.cue.kind !== 'pronoun') return quoted;
    }
    let after = this.subjectForward(tokens, verb + 1, text);
    // An object after the verb ("sagte dem Minister") is not its subject.
    if (after && this.language.objectDeterminers.includes(tokens[verb + 1]?.lower ?? '')) after = undefined;
    // Nor is what a verb characterises, right before „als“ or the quote: „bezeichnete ihre
    // Investition als „strategisch““, „nannte den Auftrag „…““.
    if (after && this.language.characterisationVerbs.includes(tokens[verb].lower)) {
      // Over a phrase that goes on: „ihre Investition von 5,57 Prozent am Gesamtkapital als“.
      let next = after.next;
      // A determiner after no preposition opens the next phrase: „wies der Geschäftsführer alle
      // Vorwürfe als „…“ zurück“ has its subject right after the verb.
      const goesOn = (j: number): boolean =>
        tokens[j].lower !== 'als' &&
        (tokens[j].kind === 'word' || /^[\d.,%]+$/u.test(tokens[j].text)) &&
        !(
          (this.determiners.has(tokens[j].lower) || GERMAN_PHRASE_OPENERS.has(tokens[j].lower)) &&
          !this.afterPreposition(tokens, j)
        );
      while (next < tokens.length && next < after.next + 8 && goesOn(next)) next++;
      if (next === tokens.length || tokens[next].kind === 'quote' || tokens[next].lower === 'als') after = undefined;
    }
    const scoreBefore = this.score(before);
    const scoreAfter = this.score(after);
    if (scoreBefore < 2 && scoreAfter < 2) {
      // Neither neighbour is a convincing subject ("So wird er mit den Worten zitiert:"): the
      // clause's personal pronoun or named speaker is.
      const inClause = this.pronounOrSpeaker(tokens, 0, tokens.length, text);
      if (inClause) return inClause;
    }
    if (scoreBefore === 0 && scoreAfter === 0) return undefined;
    // German and French invert after a fronted phrase (English: see englishSubject). A German
    // verb stands second, so a subject that opens the sentence right before it is the subject
    // ("Der Trainer nannte die Absage einen „…“"), whatever follows the verb; but a single
    // capitalised word there may be an adverb ("Ähnlich äußerte sich der Präsident").
    const opensSentence =
      this.language.code === 'de' &&
      before !== undefined &&
      before.cue.span.start === tokens[0]?.start &&
      (scoreBefore >= 2 || /\s/u.test(before.cue.text));
    const preferBefore = opensSentence ? scoreBefore > 0 : scoreBefore > scoreAfter;
    return preferBefore ? before : after;
  }

  /**
   * „Ursprünglich wollte er „…““, „Seit 2013 vertritt er die These, dass …“: a personal pronoun
   * right after the verb in second place, behind a fronted word or phrase, is the main clause's
   * subject. It names who the quote is about as often as who said it, so it only names.
   */
  private invertedPronoun(tokens: readonly Token[], text: string): CueMatch | undefined {
    for (let j = 1; j < tokens.length && j < 6; j++) {
      const token = tokens[j];
      if (token.kind !== 'word') return undefined;
      if (!this.pronouns.has(token.lower) || !this.language.personPronouns.includes(token.lower)) continue;
      const verb = tokens[j - 1];
      if (verb.capitalised || this.determiners.has(verb.lower) || this.language.prepositions.includes(verb.lower))
        return undefined;
      // A speaker named between the pronoun and the quote is nearer to it („Zwar würde sie …,
      // zumal Verteidiger Beispiel betont hatte, der Angeklagte sei „…““).
      const named = tokens
        .slice(j + 1)
        .some((later) => later.capitalised && this.isSpeakerMention({ start: later.start, end: later.end }));
      if (named) return undefined;
      const cue = this.cue(tokens, j, j, 'pronoun', text);
      return {
        cue,
        pattern: 'subject of the sentence with the quote',
        adjacent: false,
        strength: 0.5,
        namesOnly: true,
      };
    }
    return undefined;
  }

  /**
   * A German subject in apposition that opens the sentence, right before its verb: „Der
   * Vorsitzende des Verbands, Michael Knipper, kritisierte die Entscheidung: „…““ or „Michael
   * Knipper, Vorsitzender des Verbands, sagte …“. The verb stands second, so the phrase after it
   * is its object, not its subject; the cue is the name.
   */
  private germanApposition(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    if (this.language.code !== 'de' || verb < 4 || tokens[verb - 1].text !== ',') return undefined;
    const first = this.subjectForward(tokens, 0, text);
    if (!first || this.nonNameWords.has(tokens[0].lower)) return undefined;
    // The first phrase may go on after its head: „Der Vorsitzende des Verbands in Deutschland,“.
    let comma = first.next;
    while (comma < verb - 1 && comma < first.next + 4 && tokens[comma].kind === 'word') comma++;
    if (tokens[comma]?.text !== ',') return undefined;
    const second = this.subjectForward(tokens, comma + 1, text);
    if (!second || second.next !== verb - 1) return undefined;
    const kinds = [first.cue.kind, second.cue.kind];
    if (!kinds.includes('name') || kinds.includes('pronoun')) return undefined;
    return first.cue.kind === 'name' ? first : second;
  }

  /**
   * The subject of an English speech verb. English puts it before the verb ("Smith said",
   * "Smith has also said", "Smith, who said"); the words after the verb are its object ("told
   * his supporters"), except in an inversion that opens a clause ("Said Smith:"). A participle
   * ("…, saying") and a verb without a subject of its own ("…, but told reporters") take the
   * subject of the verb before them in the sentence, or the sentence's.
   */
  private englishSubject(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    const participle = tokens[verb].lower.endsWith('ing');
    if (!participle) {
      const before = this.englishSubjectBefore(tokens, verb, text);
      if (before) return before;
      const after = this.subjectForward(tokens, verb + 1, text);
      const opensClause = verb === 0 || tokens[verb - 1].text === ',';
      const next = after ? tokens[after.next] : undefined;
      if (after?.cue.kind === 'name' && opensClause && (!next || next.text === ':' || next.text === ',')) return after;
    }
    for (let j = verb - 1; j >= 0; j--) {
      if (tokens[j].kind === 'quote') break;
      if (!this.isSpeechVerb(tokens, j) || tokens[j].lower.endsWith('ing')) continue;
      const earlier = this.englishSubjectBefore(tokens, j, text);
      if (earlier) return earlier;
    }
    const opening = this.sentenceSubject(tokens, verb, text);
    if (opening) return opening;
    return this.pronounOrSpeaker(tokens, 0, verb, text);
  }

  /** The subject right before an English verb, over auxiliaries, adverbs and "who". */
  private englishSubjectBefore(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    let end = verb - 1;
    while (end > 0 && tokens[end].kind === 'word' && ENGLISH_AUXILIARIES.has(tokens[end].lower)) end--;
    // "Trump, who has said": the relative pronoun stands for the name before it.
    let relative = false;
    if (tokens[end]?.lower === 'who' && end > 0) {
      end--;
      if (tokens[end].text === ',' && end > 0) end--;
      relative = true;
    }
    let found: Subject | undefined;
    // "Trump at the time said", "Clinton, during a town hall in Columbus, Ohio, said": the
    // words right before the verb may end a phrase that a preposition opens, whose object is
    // no subject; the subject stands before the phrase. "A spokesman for the ministry said",
    // "Jeffrey Lewis of the Middlebury Institute said": after "for" or "of" the phrase belongs
    // to the subject, which the cue then takes in whole.
    for (let hops = 0; hops < 4; hops++) {
      const before = this.subjectBackward(tokens, end, text);
      if (!before) return undefined;
      // "the person would", "his list by": a description ends with a noun, not a function word.
      if (before.cue.kind === 'description') {
        const last = tokens[before.next - 1];
        if (last && (ENGLISH_FUNCTION_WORDS.has(last.lower) || this.determiners.has(last.lower))) return undefined;
      }
      const subject: Subject = found
        ? {
            cue: {
              ...this.cueOver(before.cue.span.start, found.cue.span.end, text),
              kind: 'description',
              head: 'first',
            },
            next: found.next,
          }
        : before;
      let first = end;
      while (first > 0 && tokens[first - 1].end > before.cue.span.start) first--;
      const preposition = tokens[first - 1];
      // "an attack on Trump, who has said": whoever "who" stands for, after a preposition or not.
      if (relative || preposition?.kind !== 'word' || !ENGLISH_PHRASE_PREPOSITIONS.has(preposition.lower))
        return subject;
      found = preposition.lower === 'of' || preposition.lower === 'for' ? subject : undefined;
      end = first - 2;
      if (tokens[end]?.text === ',') end--;
    }
    return undefined;
  }

  private cueOver(start: number, end: number, text: string): SpeakerCue {
    return { span: { start, end }, text: text.slice(start, end), kind: 'description' };
  }

  /**
   * The subject that opens the sentence before `verb`, after a fronted phrase set off by a
   * comma ("In a statement, the senator …"), if it reads as a speaker.
   */
  private sentenceSubject(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    let start = 0;
    while (start < verb && tokens[start].kind !== 'word') start++;
    const first = tokens[start];
    if (first && ENGLISH_FUNCTION_WORDS.has(first.lower)) {
      let comma = start + 1;
      while (comma < verb && comma < start + 12 && tokens[comma].text !== ',') comma++;
      if (tokens[comma]?.text !== ',' || comma >= verb) return undefined;
      start = comma + 1;
    }
    const subject = this.subjectForward(tokens, start, text);
    if (!subject || subject.next > verb || this.score(subject) < 2) return undefined;
    return subject;
  }

  /** The first personal pronoun or mention of a speaker among `tokens[from..to)`. */
  private pronounOrSpeaker(
    tokens: readonly Token[],
    from: number,
    to: number,
    text: string,
    pronouns: readonly string[] = this.language.personPronouns,
    names = true,
  ): Subject | undefined {
    for (let j = from; j < to && j < tokens.length; j++) {
      const token = tokens[j];
      if (token.kind !== 'word') continue;
      if (pronouns.includes(token.lower)) return { cue: this.cue(tokens, j, j, 'pronoun', text), next: j + 1 };
      if (names && token.capitalised && this.isSpeakerMention({ start: token.start, end: token.end })) {
        const name = this.subjectForward(tokens, j, text);
        if (name) return name;
      }
    }
    return undefined;
  }

  /** Whether a word opens a clause of its own: a determiner, a pronoun or "that". */
  private startsClause(token: Token | undefined): boolean {
    if (token?.kind !== 'word') return false;
    return (
      this.determiners.has(token.lower) ||
      this.pronouns.has(token.lower) ||
      ['that', 'dass', 'que', 'it', 'es', 'this', 'there'].includes(token.lower)
    );
  }

  /** After a name, steps over an appositive set off by commas: ", chief strategist at IG,". */
  private skipAppositive(tokens: readonly Token[], i: number): number {
    // A party and state in brackets: "Rep. Emanuel Cleaver II (D-Mo.) said".
    if (tokens[i]?.text === '(') {
      let j = i + 1;
      while (j < tokens.length && j < i + 10 && tokens[j].text !== ')') j++;
      if (tokens[j]?.text === ')') i = j + 1;
    }
    if (tokens[i]?.kind !== 'punct' || tokens[i].text !== ',') return i;
    for (let j = i + 1; j < tokens.length && j < i + 16; j++) {
      if (tokens[j].kind === 'quote') break;
      if (tokens[j].kind === 'punct' && tokens[j].text === ',') {
        if (this.isSpeechVerb(tokens, j + 1)) return j + 1;
        break;
      }
    }
    // English appositives run longer and hold commas and quoted names of their own: "Harry
    // Bond, 30, of Raleigh, N.C., said", "Bill Eastland, wearing "Cruz" pins, said". The
    // comma and speech verb that end one are looked for as far as a sentence's subject goes.
    if (this.language.code !== 'en') return i;
    for (let j = i + 1; j < tokens.length && j < i + ENGLISH_APPOSITIVE_TOKENS; j++) {
      if (tokens[j].kind === 'punct' && /^[.;:!?]$/u.test(tokens[j].text) && !isTitleOrInitial(tokens[j - 1])) break;
      if (tokens[j].text === ',' && this.isSpeechVerb(tokens, j + 1)) return j + 1;
    }
    return i;
  }

  /**
   * A sentence introducing a quote with a colon but no speech verb ("Trump deflected with a
   * non sequitur: "…"") names its speaker as its subject.
   */
  colonIntroduction(tokens: readonly Token[], text: string): CueMatch | undefined {
    const last = lastOf(tokens)?.text;
    // "Grandi reacted skeptically to the deal, "…"": in English a comma introduces a quote as
    // a colon does, when the sentence's subject is a known speaker or a pronoun.
    if (last === ',' && this.language.code === 'en') {
      const subject = this.sentenceSubject(tokens, tokens.length - 1, text);
      if (!subject || this.score(subject) < 2.5) return undefined;
      const strength = this.sentenceSpeakerStrength;
      return { cue: subject.cue, pattern: 'subject of the sentence introducing the quote', adjacent: true, strength };
    }
    if (last !== ':') return undefined;
    let opening = this.subjectForward(tokens, 0, text);
    // „Den Unmut der CDU brachte …“: an object opens the sentence, not its subject.
    if (opening && this.language.objectDeterminers.includes(tokens[0].lower)) opening = undefined;
    let subject =
      this.score(opening) >= 2 ? opening : (this.nameBeforeColon(tokens, text) ?? this.invertedSubject(tokens, text));
    if (this.score(subject) < 3) subject = this.knownSpeakerBeforeColon(tokens, text) ?? subject;
    // „Die Anwendung der Richtlinie stellte der SPD-Vorsitzende Franz Beispiel in Frage:“: a
    // person with a full name right after the verb is the subject, not the thing before it.
    if (this.language.code === 'de' && subject === opening && opening && !endsInFullName(opening.cue.text)) {
      const verb = tokens[opening.next];
      const after =
        verb?.kind === 'word' && !verb.capitalised ? this.subjectForward(tokens, opening.next + 1, text) : undefined;
      if (after && after.cue.kind !== 'pronoun' && endsInFullName(after.cue.text)) subject = after;
    }
    if (!subject || this.score(subject) < 2) return undefined;
    return {
      cue: subject.cue,
      pattern: 'subject of the sentence introducing the quote',
      adjacent: true,
      strength: 0.7,
    };
  }

  /** Whether a source named after „so“ ends there: at a comma, or at a colon after an adverb or two. */
  private endsSourceAside(tokens: readonly Token[], i: number): boolean {
    for (let skipped = 0; skipped < 2 && tokens[i]?.kind === 'word' && this.verbAdverbs.has(tokens[i].lower); skipped++)
      i++;
    return tokens[i]?.text === ',' || (tokens[i]?.text === ':' && i === tokens.length - 1);
  }

  /**
   * A known German speaker in the clause before the colon, where the sentence does not open
   * with one: right before the colon („…, und der Ministerpräsident Jens Beispiel: „…““) or
   * right after a verb, the subject after a fronted object („Die Verantwortung für die Affäre
   * weist Hartmann von sich:“).
   */
  private knownSpeakerBeforeColon(tokens: readonly Token[], text: string): Subject | undefined {
    if (this.language.code !== 'de') return undefined;
    const colon = tokens.length - 1;
    const last = this.subjectBackward(tokens, colon - 1, text);
    if (last && this.score(last) >= 3) return last;
    // A full name closing a list or a clause before the colon: „…, und der Ministerpräsident
    // Jens Beispiel: „…““.
    if (last && last.cue.kind !== 'pronoun' && tokens[colon - 2]?.capitalised) {
      // The phrase runs back to the comma, „und“ or the sentence's start, in words only.
      let start = colon - 1;
      while (start > 0 && colon - start < 7 && tokens[start - 1].kind === 'word' && tokens[start - 1].lower !== 'und')
        start--;
      const before = tokens[start - 1];
      const bounded = !before || before.text === ',' || before.lower === 'und';
      if (bounded && (start === colon - 2 || this.determiners.has(tokens[start].lower))) {
        return { cue: this.cue(tokens, start, colon - 1, 'description', text), next: colon };
      }
    }
    for (let j = 1; j < colon - 1; j++) {
      const verb = tokens[j];
      if (tokens[j + 1].kind !== 'word' || !tokens[j + 1].capitalised) continue;
      if (verb.kind !== 'word' || verb.capitalised || this.determiners.has(verb.lower)) continue;
      if (this.language.prepositions.includes(verb.lower) || CONJUNCTIONS.has(verb.lower)) continue;
      const subject = this.subjectForward(tokens, j + 1, text);
      if (subject && this.score(subject) >= 3) return subject;
    }
    return undefined;
  }

  /**
   * The subject after a German verb in second place, after a fronted word or phrase: „Hier
   * sparte der Bundespräsident nicht mit Kritik:“, „Den Unmut brachte die Sprecherin zum
   * Ausdruck:“.
   */
  private invertedSubject(tokens: readonly Token[], text: string): Subject | undefined {
    if (this.language.code !== 'de' || tokens[0]?.kind !== 'word') return undefined;
    // The fronted part: an adverb („Hier“, „Dazu“) or an object („Den Unmut der CDU“).
    let verb: number;
    if (GERMAN_SUBORDINATORS.has(tokens[0].lower)) {
      // A clause of its own: „Nachdem die Liste bekannt wurde, veröffentlichte der Verfasser …“.
      verb = tokens.findIndex((token) => token.text === ',') + 1;
      if (verb === 0) return undefined;
    } else if (this.language.prepositions.includes(tokens[0].lower)) {
      // A phrase after a preposition: „Zu dem Vorfall veröffentlichte der Verfasser …“.
      const phrase = this.subjectForward(tokens, 1, text);
      if (!phrase) return undefined;
      verb = phrase.next;
      // The phrase may end in a name in quotation marks: „Unter dem Motto „…“ zogen die …“.
      if (tokens[verb]?.kind === 'quote') verb++;
    } else if (this.nonNameWords.has(tokens[0].lower) || this.verbAdverbs.has(tokens[0].lower)) verb = 1;
    else if (this.language.objectDeterminers.includes(tokens[0].lower)) {
      const object = this.subjectForward(tokens, 0, text);
      if (!object) return undefined;
      verb = object.next;
      // The object may go on with a phrase after a preposition: „Den Unmut der CDU über die
      // Äußerungen brachte die Sprecherin zum Ausdruck:“.
      for (let phrases = 0; phrases < 2 && this.language.prepositions.includes(tokens[verb]?.lower ?? ''); phrases++) {
        const phrase = this.subjectForward(tokens, verb + 1, text);
        if (!phrase) return undefined;
        verb = phrase.next;
      }
    } else return undefined;
    const finite = tokens[verb];
    if (finite?.kind !== 'word' || finite.capitalised || this.determiners.has(finite.lower)) return undefined;
    if (this.language.objectDeterminers.includes(tokens[verb + 1]?.lower ?? '')) return undefined;
    const subject = this.subjectForward(tokens, verb + 1, text);
    // „brachte die Sprecherin der Fraktion, Anna Beispiel, zum Ausdruck“: the name in apposition.
    const name =
      subject?.cue.kind === 'description' && tokens[subject.next]?.text === ','
        ? this.subjectForward(tokens, subject.next + 1, text)
        : undefined;
    if (!subject || name?.cue.kind !== 'name' || tokens[name.next]?.text !== ',') return subject;
    const span = { start: subject.cue.span.start, end: name.cue.span.end };
    return {
      cue: { span, text: text.slice(span.start, span.end), kind: 'description', head: 'last' },
      next: name.next,
    };
  }

  /**
   * A fragment with its verb after it, as German puts it at the end of a clause ("der die Wahl
   * als „Fest“ bezeichnete", "von Kennern als „Meilenstein“ gewertet"): the agent after „von“,
   * else the subject that opens the sentence.
   */
  verbAfterFragment(before: readonly Token[], after: readonly Token[], text: string): CueMatch | undefined {
    let verb = -1;
    for (let j = 0; j < after.length && j < 3 && after[j].kind === 'word'; j++) {
      if (this.isSpeechVerb(after, j) || this.language.characterisationVerbs.includes(after[j].lower)) verb = j;
    }
    if (verb < 0) return undefined;
    for (let j = before.length - 1; j >= 0; j--) {
      if (before[j].kind === 'quote') break;
      if (before[j].lower !== 'von' && before[j].lower !== 'vom') continue;
      const agent = this.subjectForward(before, j + 1, text);
      if (agent)
        return {
          cue: agent.cue,
          pattern: 'agent of a verb after the quote',
          adjacent: false,
          strength: 0.6,
          namesOnly: true,
        };
    }
    const opening = this.subjectForward(before, 0, text);
    if (opening && this.score(opening) >= 2)
      return {
        cue: opening.cue,
        pattern: 'subject of a verb after the quote',
        adjacent: false,
        strength: 0.6,
        namesOnly: true,
      };
    return undefined;
  }

  /**
   * The speaker of reported speech: a sentence in the subjunctive („Die Lage sei „ernst““)
   * goes on reporting whoever a sentence before it has speaking ("Der Minister sagte am
   * Montag, …"). Only a speech verb with a convincing subject counts.
   */
  reportingSentence(tokens: readonly Token[], text: string): CueMatch | undefined {
    const speaker = this.lastSpeaker(tokens, text, false).speaker ?? this.sourceOfSentence(tokens, text);
    return speaker
      ? {
          cue: speaker.cue,
          pattern: 'speaker of the reported speech',
          adjacent: false,
          strength: 0.45,
          namesOnly: true,
        }
      : undefined;
  }

  /**
   * The source a sentence names with a marker („Laut dem Bericht …“, „Nach Angaben der Polizei
   * …“, „…, so der Sprecher“), when it convincingly names one. „So“ and „wie“ count only after a
   * comma, where they cannot be an adverb or a comparison.
   */
  private sourceOfSentence(tokens: readonly Token[], text: string): Subject | undefined {
    for (let j = 0; j < tokens.length; j++) {
      const marker = this.sourceMarkerAt(tokens, j, this.language.sourceMarkers);
      if (!marker) continue;
      if ((tokens[j].lower === 'so' || tokens[j].lower === 'wie') && tokens[j - 1]?.text !== ',') continue;
      const source = this.subjectForward(tokens, j + marker, text);
      if (source && this.score(source) >= 2) return source;
    }
    return undefined;
  }

  /**
   * The subject of the last speech verb of a sentence that convincingly names a speaker; with
   * `stopAtQuote`, none after a quote in it, which the caller is told of.
   */
  private lastSpeaker(
    tokens: readonly Token[],
    text: string,
    stopAtQuote: boolean,
  ): { speaker?: Subject; quoteMet?: true } {
    for (let j = tokens.length - 1; j >= 0; j--) {
      if (stopAtQuote && tokens[j].kind === 'quote') return { quoteMet: true };
      if (!this.isSpeechVerb(tokens, j)) continue;
      const best = this.bestSubject(tokens, j, text);
      if (best && this.score(best) >= 2) return { speaker: best };
    }
    return {};
  }

  /** Whether the sentence around a quote is in reported speech (German subjunctive). */
  reportsSpeech(before: readonly Token[], after: readonly Token[]): boolean {
    const markers = this.language.reportedSpeechMarkers;
    if (markers.length === 0) return false;
    return (
      before.some((token) => markers.includes(token.lower)) || after.some((token) => markers.includes(token.lower))
    );
  }

  /**
   * An English name that alone introduces a quote after a dash or "from": "Polls were off -
   * Jane Doe: "…"", "More from Doe: "…"".
   */
  private nameBeforeColon(tokens: readonly Token[], text: string): Subject | undefined {
    if (this.language.code !== 'en') return undefined;
    const colon = tokens.length - 1;
    const name = this.subjectBackward(tokens, colon - 1, text);
    if (name?.cue.kind !== 'name') return undefined;
    let start = colon - 1;
    while (start > 0 && tokens[start - 1].end > name.cue.span.start) start--;
    const before = tokens[start - 1];
    if (before && !/^[–—―-]$/u.test(before.text) && before.lower !== 'from') return undefined;
    return name;
  }

  /**
   * A quote that opens a sentence after one in which someone speaks ("Weston said in an e-mail
   * to clients. "We have reached…"") continues that speaker's words.
   */
  previousSentence(tokens: readonly Token[], text: string): CueMatch | undefined {
    const { speaker, quoteMet } = this.lastSpeaker(tokens, text, true);
    if (quoteMet) return undefined;
    if (speaker) {
      const strength = this.sentenceSpeakerStrength;
      return { cue: speaker.cue, pattern: 'speaker of the sentence before', adjacent: false, strength };
    }
    // Without a speech verb, the person the sentence before is about ("Later he played the
    // outburst down. "…"") is the likeliest speaker: a pronoun first, since a sentence that
    // opens with a clause about others names its own subject with one ("Als Zeleny ihn
    // ansprach, reagierte er unwirsch").
    const subject =
      this.pronounOrSpeaker(tokens, 0, tokens.length, text, this.language.unambiguousPersonPronouns, false) ??
      this.pronounOrSpeaker(tokens, 0, tokens.length, text, [], true);
    return subject
      ? { cue: subject.cue, pattern: 'subject of the sentence before', adjacent: false, strength: 0.45 }
      : undefined;
  }
}

/** Words between an English subject and its verb: "has also said", "would later tell". */
const ENGLISH_AUXILIARIES = new Set(
  'has have had was is would will also later then again however once earlier repeatedly simply previously recently never often'.split(
    ' ',
  ),
);

/** English conjunctions that open a clause of its own after a quote: its speaker is not the quote's. */
const ENGLISH_CLAUSE_OPENERS = new Set('while when whereas after until because though although but'.split(' '));

/** How many tokens an English appositive after a name may run to before its speech verb. */
const ENGLISH_APPOSITIVE_TOKENS = 30;

/** English prepositions that open a phrase between a subject and its verb ("Trump at the time said"). */
const ENGLISH_PHRASE_PREPOSITIONS = new Set(
  'in at on during of for from with near inside outside throughout'.split(' '),
);

/** English prepositions, conjunctions and auxiliaries: no description of a speaker ends with one. */
const ENGLISH_FUNCTION_WORDS = new Set(
  (
    'by that as would will to for of in on at with is was be been has have had who which what when where if ' +
    'than then about into from because while after before during since but and or so after speaking asked ' +
    'although though despite like unlike over under'
  ).split(' '),
);

/** Possessive words before which a capitalised word ending in "'s" is no name: "It's", "That's". */
const ENGLISH_CONTRACTIONS = new Set(
  "it's it’s that's that’s he's he’s she's she’s what's what’s there's there’s here's here’s who's who’s let's let’s".split(
    ' ',
  ),
);

/** Whether an English word makes the word after it a noun: a determiner or a name's possessive. */
function isEnglishNounContext(token: Token): boolean {
  if (token.kind !== 'word') return false;
  if (ENGLISH_NOUN_DETERMINERS.has(token.lower)) return true;
  return (
    token.capitalised &&
    (token.lower.endsWith("'s") || token.lower.endsWith('’s')) &&
    !ENGLISH_CONTRACTIONS.has(token.lower)
  );
}

const ENGLISH_NOUN_DETERMINERS = new Set('the a an his her their its our my your'.split(' '));

/** Whether a lower-case English word may be a title before a name ("psychologist Vaile Wright"). */
function isEnglishTitleWord(word: string): boolean {
  return !ENGLISH_FUNCTION_WORDS.has(word) && !/(?:ed|ing|ly)$/u.test(word) && !ENGLISH_AUXILIARIES.has(word);
}

/** A title ("Mr", "Sen") or a single capital letter, which a period does not end a name after. */
function isTitleOrInitial(token: Token | undefined): boolean {
  return token !== undefined && (NAME_TITLES.has(token.lower) || (token.text.length === 1 && token.capitalised));
}

/** Whether a colon follows: the words before it introduce the next quote, not this one. */
function introducesNext(tokens: readonly Token[], i: number): boolean {
  return tokens[i]?.text === ':';
}

/**
 * Builds the cue finder for one analysis (word lists are indexed once). It looks for a cue
 * right after the quote first, then before it, and prefers a cue attached to the quote.
 *
 * @param before the sentence's tokens before the opening mark, in text order
 * @param after the sentence's tokens after the closing mark, in text order
 * @param previous the sentence before, for a quote that opens its sentence
 */
export type CueFinder = ((
  text: string,
  before: readonly Token[],
  after: readonly Token[],
  quote: { content: Span },
  previous?: readonly Token[],
  earlier?: (sentenceStart: number) => readonly Token[],
) => CueMatch | undefined) & {
  /**
   * For an English quote that opens a paragraph with no speaker of its own, after a paragraph
   * with no quote: whoever the last sentence of that paragraph has speaking ("Valastro told
   * the crowd he backs the governor.", then the quote). It only names the speaker.
   */
  previousParagraph(text: string, last: readonly Token[]): CueMatch | undefined;
  /**
   * For a German quote of speech in the subjunctive with no cue of its own: the speaker of
   * the last speech verb up to three sentences back in its paragraph. It only names the speaker.
   */
  reportedSpeaker(
    text: string,
    before: readonly Token[],
    after: readonly Token[],
    quote: { content: Span },
    earlier: (sentenceStart: number) => readonly Token[],
  ): CueMatch | undefined;
};

export function createCueFinder(language: LanguageProfile, isSpeakerMention: SpeakerMentionTest): CueFinder {
  const reader = new CueReader(language, isSpeakerMention);
  const previousParagraph = (text: string, last: readonly Token[]): CueMatch | undefined => {
    if (language.code !== 'en' || last.length === 0) return undefined;
    // Only a speech verb's subject: the person a paragraph is merely about speaks next less
    // often than not (3 in 10 on the training split).
    const found = reader.previousSentence(last, text);
    if (found?.pattern !== 'speaker of the sentence before') return undefined;
    return {
      cue: found.cue,
      pattern: 'speaker of the paragraph before',
      adjacent: false,
      strength: PREVIOUS_PARAGRAPH_STRENGTH,
      namesOnly: true,
    };
  };
  const find = (
    text: string,
    before: readonly Token[],
    after: readonly Token[],
    quote: { content: Span },
    previous?: readonly Token[],
    earlier?: (sentenceStart: number) => readonly Token[],
  ): CueMatch | undefined => {
    // A quote whose words end with a full stop ends its sentence: what follows is a new one.
    const content = text.slice(quote.content.start, quote.content.end).trimEnd();
    const endsSentence = endsItsSentence(content);
    // A source in brackets follows a statement; after a name, the brackets hold its
    // abbreviation or translation: die „Volksallianz für Demokratie“ (PAD).
    // In English, a line that a quote ends with a full stop is over: the next line, even
    // without a blank line between, opens a paragraph of its own ("“….”\nPriebus told Fox…").
    const lineEnds =
      endsSentence &&
      language.code === 'en' &&
      after.length > 0 &&
      /[\n\r\u2028\u2029]/u.test(text.slice(quote.content.end, after[0].start));
    const afterMatch = lineEnds
      ? undefined
      : ((/[.?!…]$/u.test(content) ? reader.bracketSource(after, text) : undefined) ??
        reader.afterQuote(after, text, endsSentence));
    if (afterMatch?.adjacent) return afterMatch;
    const beforeMatch = reader.beforeQuote(before, text, after);
    if (beforeMatch?.adjacent) return beforeMatch;
    const found =
      afterMatch ?? beforeMatch ?? (language.code === 'de' ? reader.verbAfterFragment(before, after, text) : undefined);
    if (found) return found;
    // The speaker of reported speech only names who speaks (it makes no quote speech), and
    // reading sentences back costs: it is looked for once the quote is known to be speech
    // (`reportedSpeaker`), unless the quote opens its sentence, where the sentence before
    // would otherwise be read for a cue that does count.
    if (earlier && reader.reportsSpeech(before, after)) {
      if (before.length > 0) return undefined;
      const reporting = reportedSpeaker(text, before, after, quote, earlier);
      if (reporting) return reporting;
    }
    if (before.length > 0 || !previous) return undefined;
    return reader.previousSentence(previous, text);
  };
  const reportedSpeaker = (
    text: string,
    before: readonly Token[],
    after: readonly Token[],
    quote: { content: Span },
    earlier: (sentenceStart: number) => readonly Token[],
  ): CueMatch | undefined => {
    if (!reader.reportsSpeech(before, after)) return undefined;
    let start = before[0]?.start ?? quote.content.start;
    for (let n = 0; n < REPORTED_SPEECH_SENTENCES; n++) {
      const sentence = earlier(start);
      if (sentence.length === 0) break;
      const reporting = reader.reportingSentence(sentence, text);
      if (reporting) return reporting;
      start = sentence[0].start;
    }
    return undefined;
  };
  return Object.assign(find, { previousParagraph, reportedSpeaker });
}

/**
 * Whether a quote's words end with a full stop, question or exclamation mark, not an ellipsis
 * of full stops, and so end their sentence: what follows the quote is a sentence of its own.
 */
function endsItsSentence(words: string): boolean {
  const trimmed = words.trimEnd();
  return /[.?!]$/u.test(trimmed) && !trimmed.endsWith('..');
}

/** A full stop or hyphen inside a word, as in a web address: „gegenüber space.com aus“. */
function gluedBetweenWords(tokens: readonly Token[], i: number): boolean {
  const [before, token, after] = [tokens[i - 1], tokens[i], tokens[i + 1]];
  return (
    token.kind === 'punct' &&
    (token.text === '.' || token.text === '-') &&
    before?.kind === 'word' &&
    after?.kind === 'word' &&
    before.end === token.start &&
    token.end === after.start
  );
}

/** How many words after a later quote of the sentence are read for its speaker. */
const LATER_QUOTE_WINDOW = 48;

/** Whether a phrase ends in a full name, two capitalised words: „der Vorsitzende Franz Beispiel“. */
function endsInFullName(phrase: string): boolean {
  const words = phrase.split(/\s+/u);
  const first = words[words.length - 2] ?? '';
  const last = words[words.length - 1] ?? '';
  return /^\p{Lu}[\p{L}.-]*$/u.test(first) && /^\p{Lu}[\p{L}-]+$/u.test(last);
}

/** German words besides the articles that open a noun phrase: „alle Vorwürfe“, „seine Pläne“. */
const GERMAN_PHRASE_OPENERS = new Set([
  'alle',
  'allen',
  'diese',
  'diesen',
  'dieses',
  'jede',
  'jeden',
  'keine',
  'keinen',
  'seine',
  'seinen',
  'ihre',
  'ihren',
  'unsere',
  'manche',
]);

/** German conjunctions that open a clause of its own, with its verb last, before the main clause. */
const GERMAN_SUBORDINATORS = new Set([
  'als',
  'nachdem',
  'weil',
  'da',
  'wenn',
  'während',
  'obwohl',
  'seit',
  'seitdem',
  'bevor',
  'sobald',
]);

/** How sure the speaker of the paragraph before a quote is: a guess, never one for Fix All. */
const PREVIOUS_PARAGRAPH_STRENGTH = 0.5;
