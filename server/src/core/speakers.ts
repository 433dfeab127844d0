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
import type { LanguageProfile } from './languages';
import type { Span } from './text';

export type CueKind = 'name' | 'pronoun' | 'description';

export interface SpeakerCue {
  span: Span;
  text: string;
  kind: CueKind;
}

export interface CueMatch {
  cue: SpeakerCue;
  /** Which pattern found it, in words, for hovers and for the evaluation's error lists. */
  pattern: string;
  /** Whether the cue is attached to the quote (right after it, or introducing it). */
  adjacent: boolean;
  /** Whether a speech verb or source marker was part of the pattern. */
  strength: number;
}

/** Tells the cue finder which spans are mentions of people or organisations. */
export type SpeakerMentionTest = (span: Span) => boolean;

interface Subject {
  cue: SpeakerCue;
  /** Index of the first token after the subject. */
  next: number;
}

const CONJUNCTIONS = new Set(['und', 'and', 'et', 'oder', 'or', 'ou', 'sowie']);
const FRENCH_AUXILIARIES = new Set(['a', 'avait', 'ont', 'avaient', 'aura', 'est', 'sont']);
const FRENCH_INVERSION = /^(.+?)-(?:t-)?(il|elle|ils|elles|on)$/u;
/** Titles that end with a period but belong to the name after them. */
const NAME_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'st', 'm', 'mme']);

class CueReader {
  private readonly verbForms: Map<string, (string | undefined)[]>;
  private readonly pronouns: Set<string>;
  private readonly determiners: Set<string>;
  private readonly particles: Set<string>;
  private readonly nonNameWords: Set<string>;
  private readonly verbAdverbs: Set<string>;

  constructor(
    private readonly language: LanguageProfile,
    private readonly isSpeakerMention: SpeakerMentionTest,
  ) {
    this.verbForms = new Map();
    for (const verb of language.speechVerbs) {
      const list = this.verbForms.get(verb.form) ?? [];
      list.push(verb.particle);
      this.verbForms.set(verb.form, list);
    }
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
    for (const particle of particles) {
      if (particle === undefined) return true;
      for (let j = i + 1; j < clauseEnd && j < tokens.length; j++) {
        if (tokens[j].kind !== 'word') break;
        if (tokens[j].lower === particle) return true;
      }
    }
    return false;
  }

  /** Length in tokens of a source marker ("so", "according to") at `tokens[i]`, or 0. */
  sourceMarkerAt(tokens: readonly Token[], i: number, markers: readonly string[]): number {
    for (const marker of markers) {
      let parts = this.markerWords.get(marker);
      if (!parts) {
        parts = marker.split(' ');
        this.markerWords.set(marker, parts);
      }
      if (parts.every((part, k) => tokens[i + k]?.kind === 'word' && tokens[i + k].lower === part)) return parts.length;
    }
    return 0;
  }

  /** Multi-word markers ("according to") split into words once. */
  private readonly markerWords = new Map<string, string[]>();

  private cue(tokens: readonly Token[], from: number, to: number, kind: CueKind, text: string): SpeakerCue {
    const span = { start: tokens[from].span.start, end: tokens[to].span.end };
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
      for (let j = i + 1; j < tokens.length && j <= i + 7; j++) {
        const token = tokens[j];
        if (token.kind !== 'word' && !(token.text === "'" || token.text === '’')) break;
        if (token.kind === 'word' && j > i + 1 && (CONJUNCTIONS.has(token.lower) || this.isSpeechVerb(tokens, j)))
          break;
        if (token.kind === 'word') end = j;
      }
      if (end === i) return undefined;
      return { cue: this.cue(tokens, i, end, 'description', text), next: end + 1 };
    }
    if (first.capitalised || NAME_TITLES.has(first.lower)) {
      let end = i;
      for (let j = i + 1; j < tokens.length; j++) {
        const token = tokens[j];
        if (token.kind === 'punct' && token.text === '.' && NAME_TITLES.has(tokens[j - 1].lower)) continue;
        if (token.kind !== 'word') break;
        if (token.capitalised) end = j;
        else if (!this.particles.has(token.lower) || !tokens[j + 1]?.capitalised) break;
      }
      return { cue: this.cue(tokens, i, end, 'name', text), next: end + 1 };
    }
    return undefined;
  }

  /** A subject that ends at `tokens[i]`, read backwards (tokens in text order). */
  subjectBackward(tokens: readonly Token[], i: number, text: string): Subject | undefined {
    const last = tokens[i];
    if (last?.kind !== 'word') return undefined;
    if (this.pronouns.has(last.lower)) return { cue: this.cue(tokens, i, i, 'pronoun', text), next: i + 1 };
    if (last.capitalised) {
      let start = i;
      for (let j = i - 1; j >= 0; j--) {
        const token = tokens[j];
        if (token.kind === 'punct' && token.text === '.' && j > 0 && NAME_TITLES.has(tokens[j - 1].lower)) continue;
        if (token.kind !== 'word') break;
        if (token.capitalised && !this.determiners.has(token.lower) && !this.nonNameWords.has(token.lower)) start = j;
        else if (this.particles.has(token.lower) && j > 0 && tokens[j - 1].capitalised) continue;
        else break;
      }
      if (this.nonNameWords.has(last.lower)) return undefined;
      // "die Deutsche Presse-Agentur": a determiner right before the name belongs to it.
      if (start > 0 && this.determiners.has(tokens[start - 1].lower)) start--;
      return { cue: this.cue(tokens, start, i, 'name', text), next: i + 1 };
    }
    // A lower-case noun: read back to its determiner ("the spokesman", "a White House aide").
    for (let j = i - 1; j >= 0 && j >= i - 6; j--) {
      const token = tokens[j];
      if (token.kind !== 'word') break;
      if (this.determiners.has(token.lower)) return { cue: this.cue(tokens, j, i, 'description', text), next: i + 1 };
      if (this.isSpeechVerb(tokens, j) || CONJUNCTIONS.has(token.lower)) break;
    }
    return undefined;
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
    const pronounStart = token.span.end - match[2].length;
    const span = { start: pronounStart, end: token.span.end };
    return { cue: { span, text: text.slice(span.start, span.end), kind: 'pronoun' }, verb: match[1] };
  }

  /** Patterns after the quote, on tokens in text order starting right after the closing mark. */
  afterQuote(tokens: readonly Token[], text: string): CueMatch | undefined {
    let k = 0;
    // Step over a comma or dash, and over further quotes joined by "und": „A“ und „B“, sagte er.
    for (;;) {
      const token = tokens[k];
      if (!token) return undefined;
      if (token.kind === 'punct' && /^[,–—-]$/u.test(token.text)) k++;
      else if (token.kind === 'word' && CONJUNCTIONS.has(token.lower) && tokens[k + 1]?.kind === 'quote') k += 2;
      else break;
    }
    const inversion = this.frenchInversion(tokens, k, text);
    if (inversion) {
      const verbFollows = this.isSpeechVerb(tokens, k + 1) || this.verbForms.has(inversion.verb);
      if (verbFollows)
        return { cue: inversion.cue, pattern: 'verb and pronoun after the quote', adjacent: true, strength: 0.9 };
    }
    // Verb first: „…“, sagte Putin / "…," said Smith / « … », a déclaré le ministre.
    let verbAt = k;
    if (this.language.code === 'fr' && FRENCH_AUXILIARIES.has(tokens[k]?.lower ?? '')) verbAt = k + 1;
    if (this.isSpeechVerb(tokens, verbAt)) {
      const subject = this.subjectForward(tokens, verbAt + 1, text);
      if (subject) return { cue: subject.cue, pattern: 'speech verb after the quote', adjacent: true, strength: 0.9 };
    }
    // Subject first: "…," Smith said / "…," he told reporters.
    const subject = this.subjectForward(tokens, k, text);
    if (subject) {
      let verb = subject.next;
      if (this.language.code === 'fr' && FRENCH_AUXILIARIES.has(tokens[verb]?.lower ?? '')) verb++;
      if (this.isSpeechVerb(tokens, verb)) {
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
    }
    // Further on in the sentence: „…“ – das sagte Putin am Dienstag.
    for (let j = k; j < tokens.length && j < k + 8; j++) {
      if (tokens[j].kind === 'quote') break;
      if (!this.isSpeechVerb(tokens, j)) continue;
      const best = this.bestSubject(tokens, j, text);
      if (best) return { cue: best.cue, pattern: 'speech verb later in the sentence', adjacent: false, strength: 0.6 };
    }
    return undefined;
  }

  /** Patterns before the quote, on tokens in text order ending right before the opening mark. */
  beforeQuote(tokens: readonly Token[], text: string): CueMatch | undefined {
    const n = tokens.length;
    // Source marker right before: Laut Peskow „…“ / According to Smith, "…".
    for (let j = n - 1; j >= 0 && j >= n - 8; j--) {
      if (tokens[j].kind === 'quote') break;
      const marker = this.sourceMarkerAt(tokens, j, this.language.sourceMarkers);
      if (!marker || tokens[j].lower === 'so' || tokens[j].lower === 'wie') continue;
      const source = this.subjectForward(tokens, j + marker, text);
      if (source && this.score(source) >= 1.5) {
        const adjacent = source.next >= n - 1;
        return { cue: source.cue, pattern: 'source named before the quote', adjacent, strength: adjacent ? 0.85 : 0.6 };
      }
    }
    // A speech verb before the quote, nearest first: Putin sagte: „…“ / Dazu sagte Putin: „…“.
    for (let j = n - 1; j >= 0; j--) {
      if (tokens[j].kind === 'quote') break;
      if (!this.isSpeechVerb(tokens, j)) continue;
      const best = this.bestSubject(tokens, j, text);
      if (!best) continue;
      // Attached when only a few words (an object, "that", a colon) stand between.
      const gap = n - Math.max(best.next, j + 1);
      const adjacent = gap <= 3 || tokens[n - 1].text === ':';
      return {
        cue: best.cue,
        pattern: 'speaker and speech verb before the quote',
        adjacent,
        strength: adjacent ? 0.85 : 0.6,
      };
    }
    return undefined;
  }

  /** The better of the subject before a verb and the subject after it. */
  private bestSubject(tokens: readonly Token[], verb: number, text: string): Subject | undefined {
    const before = this.subjectBackward(tokens, verb - 1, text);
    const after = this.subjectForward(tokens, verb + 1, text);
    const scoreBefore = this.score(before);
    const scoreAfter = this.score(after);
    if (scoreBefore === 0 && scoreAfter === 0) return undefined;
    // English puts the subject first; German and French invert after a fronted phrase.
    const preferBefore = this.language.code === 'en' ? scoreBefore >= scoreAfter : scoreBefore > scoreAfter;
    return preferBefore ? before : after;
  }
}

/**
 * Builds the cue finder for one analysis (word lists are indexed once). It looks for a cue
 * right after the quote first, then before it, and prefers a cue attached to the quote.
 *
 * @param before the sentence's tokens before the opening mark, in text order
 * @param after the sentence's tokens after the closing mark, in text order
 */
export function createCueFinder(
  language: LanguageProfile,
  isSpeakerMention: SpeakerMentionTest,
): (text: string, before: readonly Token[], after: readonly Token[]) => CueMatch | undefined {
  const reader = new CueReader(language, isSpeakerMention);
  return (text, before, after) => {
    const afterMatch = reader.afterQuote(after, text);
    if (afterMatch?.adjacent) return afterMatch;
    const beforeMatch = reader.beforeQuote(before, text);
    if (beforeMatch?.adjacent) return beforeMatch;
    return afterMatch ?? beforeMatch;
  };
}
