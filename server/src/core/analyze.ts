/**
 * The analysis of one article with its sidecar: everything the editor features and the
 * command line need, computed once per pair of versions.
 */

import { ClosestPassageSearch, matchQuoteEntries, MIN_OPENING_WORDS, type EntryMatch } from './article/attribution';
import { classifyQuote } from './article/classify';
import {
  colonIntroductionTokens,
  previousParagraphTokens,
  previousSentenceTokens,
  QuoteIndex,
  tokensAfter,
  tokensBefore,
  type Token,
} from './article/context';
import {
  capDiagnostics,
  compareDiagnostics,
  MAX_DIAGNOSTICS_PER_CODE,
  tooManyProblems,
  type CoreDiagnostic,
  type Severity,
} from './diagnostics';
import { detectLanguage, languageProfile, type LanguageCode, type LanguageProfile } from './text/languages';
import { markdownIgnoredSpans, type ArticleFormat } from './article/markdown';
import { MentionMatcher, sameNames, type Mention } from './article/mentions';
import {
  ambiguityChecksFor,
  separateAmbiguousMentions,
  type AmbiguityChecks,
  type AmbiguousName,
} from './article/ambiguousNames';
import { detectQuotes, paragraphBreaks, type DetectedQuote, type UnbalancedMark } from './article/quotes';
import { parseSidecar, type Entity, type ParsedSidecar, type QuoteEntry, type Sidecar } from './sidecar/sidecar';
import { createCueFinder, type CueMatch, type SpeakerCue } from './article/speakers';
import {
  abbreviate,
  contiguousCopy,
  isWhitespace,
  lastOf,
  LineIndex,
  lowerBound,
  pushAll,
  type Span,
} from './text/text';
import { derivedOnce, derivedPer, derivedPerLikeness } from './text/memo';
import { entityScope, type EntityScope, type RegistryChain } from './sidecar/registry';

export interface AnalysisSettings {
  /** The language when the sidecar names none: a code, or `auto` to guess from the text. */
  language: LanguageCode | 'auto';
  /** Quotes with fewer words are never speech. */
  speechMinWords: number;
  /** Severity of `unattributed-quote`, or `off` to not report it. */
  unattributedSeverity: Severity | 'off';
  /** Match inflected forms of names (Putins, Putin’s). */
  inflection: boolean;
  /** Articles and sidecars longer than this many characters are not analysed. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  language: 'auto',
  speechMinWords: 1,
  unattributedSeverity: 'warning',
  inflection: true,
  maxFileSize: 5 * 1024 * 1024,
};

/** Suggestions at or above this confidence are applied by "fix all". */
export const CONFIDENT = 0.7;

export interface SpeakerSuggestion {
  /** The entity id suggested as speaker, or null when the cue names no known entity. */
  entity: string | null;
  cue: SpeakerCue | null;
  /** 0 to 1. */
  confidence: number;
  /** How the suggestion was found, in words. */
  reason: string;
}

export interface AnalyzedQuote {
  index: number;
  outer: Span;
  content: Span;
  /** The quoted words (the article text of `content`). */
  text: string;
  /** The words paragraph by paragraph, for a quote over several paragraphs; else `[content]`. */
  parts: Span[];
  open: string;
  close: string;
  closed: boolean;
  depth: number;
  parent: number;
  /** Declared by a sidecar entry where the article has no quotation marks. */
  declared: boolean;
  kind: 'speech' | 'term';
  kindReason: string;
  /** The quote entry that attributes it, if any. */
  entry?: number;
  speaker?: string;
  via?: string;
  anonymous?: string;
  /** Whether this quote needs an attribution and has none. */
  unattributed: boolean;
  suggestion: SpeakerSuggestion;
}

export interface EntityStats {
  mentions: number;
  /** Indexes of the quotes attributed to the entity as speaker. */
  quotes: number[];
  /** Indexes of the quotes taken via the entity as outlet. */
  via: number[];
  /** Mentions per alias (by index in `aliases`). */
  aliasMentions: number[];
}

export interface Analysis {
  language: LanguageCode;
  languageSource: 'sidecar' | 'settings' | 'detected' | 'default';
  /** False when the article was too large or absent, so only the sidecar was checked. */
  articleAnalysed: boolean;
  /** The article's text as analysed (empty when there is none). */
  article: string;
  sidecar: Sidecar | undefined;
  parsedSidecar: ParsedSidecar | undefined;
  /** Every entity the article sees: its sidecar's, and its registries'. Look ids up here. */
  entities: EntityScope;
  mentions: Mention[];
  quotes: AnalyzedQuote[];
  entryMatches: EntryMatch[];
  /**
   * Statistics of the sidecar's entities, and of the registry entities the article mentions or
   * quotes (a registry entity it does not is absent: read it as none).
   */
  entityStats: Map<string, EntityStats>;
  articleDiagnostics: CoreDiagnostic[];
  sidecarDiagnostics: CoreDiagnostic[];
  articleLines: LineIndex;
  sidecarLines: LineIndex;
  /**
   * The mentions as the matcher found them in the article (before Markdown's code and
   * ambiguous names are left out), with what found them: the next analysis of an edited
   * article searches again only around the edit when it has the same matcher.
   */
  mentionSearch?: MentionSearch;
}

/** One search of an article for mentions, and how it was made. */
export interface MentionSearch {
  matcher: MentionMatcher;
  language: LanguageCode;
  inflection: boolean;
  found: Mention[];
}

export interface AnalysisInput {
  /** The article text; undefined when the article is missing. */
  article: string | undefined;
  /** The sidecar text or an already parsed sidecar; undefined when there is none. */
  sidecar: string | ParsedSidecar | undefined;
  format?: ArticleFormat;
  settings?: Partial<AnalysisSettings>;
  /** A language that overrides even the sidecar's (the command line's `--language`). */
  language?: LanguageCode;
  /** The registries above the article, nearest first (see sidecar/registry.ts). */
  registries?: RegistryChain;
  /**
   * The analysis of an earlier version of the article, in the editor: what of it still holds
   * after the edit is taken from it rather than found again. The result is the same as without.
   */
  previous?: Analysis;
}

/** The diagnostic of a quotation mark without its partner. */
export function unbalancedMarkDiagnostic(mark: UnbalancedMark): CoreDiagnostic {
  return {
    target: 'article',
    span: mark.span,
    severity: 'hint',
    code: 'unbalanced-quote-mark',
    message:
      mark.problem === 'unclosed'
        ? `The quotation mark ${mark.mark} opens a quote that is not closed in its paragraph.`
        : `The quotation mark ${mark.mark} closes a quote that was never opened.`,
    data: { mark: mark.mark, problem: mark.problem },
  };
}

/** Analyses an article with its sidecar. Never throws on user input. */
export function analyze(input: AnalysisInput): Analysis {
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const sidecarText = typeof input.sidecar === 'string' ? input.sidecar : undefined;
  const sidecarDiagnostics: CoreDiagnostic[] = [];
  let parsed: ParsedSidecar | undefined;
  if (typeof input.sidecar === 'object') parsed = input.sidecar;
  else if (sidecarText !== undefined) {
    if (sidecarText.length > settings.maxFileSize) {
      sidecarDiagnostics.push(fileTooLarge('sidecar', sidecarText.length, settings.maxFileSize));
    } else {
      parsed = parseSidecar(sidecarText);
    }
  }
  const sidecar = parsed?.sidecar;
  const scope = entityScope(parsed, input.registries);
  pushAll(sidecarDiagnostics, scope.diagnostics);

  // One contiguous string, read faster than the parts the editor's edits leave (see contiguousCopy).
  const article = input.article === undefined ? '' : contiguousCopy(input.article);
  const articleDiagnostics: CoreDiagnostic[] = [];
  const { language, source: languageSource } = input.language
    ? { language: input.language, source: 'settings' as const }
    : chooseLanguage(sidecar, settings, article);
  const result: Analysis = {
    language,
    languageSource,
    articleAnalysed: false,
    article,
    sidecar,
    parsedSidecar: parsed,
    entities: scope,
    mentions: [],
    quotes: [],
    entryMatches: [],
    entityStats: new Map(),
    articleDiagnostics,
    sidecarDiagnostics,
    articleLines: new LineIndex(article),
    sidecarLines: parsed ? sidecarLinesOf(parsed) : new LineIndex(sidecarText ?? ''),
  };
  for (const entity of scope.local) result.entityStats.set(entity.id, emptyStats(entity));

  if (input.article === undefined) {
    // No article (a registry, or a sidecar whose article is missing): what the sidecar says on
    // its own still holds, such as a form two of its entities share.
    if (sidecar) pushAll(sidecarDiagnostics, sharedAliasDiagnostics(sidecar, matcherOf(sidecar.entities).sharedForms));
    return finish(result);
  }
  if (article.length > settings.maxFileSize) {
    articleDiagnostics.push(fileTooLarge('article', article.length, settings.maxFileSize));
    return finish(result);
  }
  result.articleAnalysed = true;

  const profile = languageProfile(language);
  const ignored = input.format === 'markdown' ? markdownIgnoredSpans(article) : [];

  // Mentions.
  const matcher = mentionMatcherFor(scope);
  const search = searchMentions(matcher, article, profile, settings.inflection, input.previous);
  result.mentionSearch = search;
  const found = withoutIgnored(search.found, ignored);
  const checkLists = [checksOf(scope.local), ...(scope.chain ? [chainChecksOf(scope.chain)] : [])];
  const separated = separateAmbiguousMentions(article, found, checkLists, profile);
  result.mentions = separated.mentions;
  countMentions(result.mentions, result.entityStats, scope);
  for (const name of separated.ambiguous) articleDiagnostics.push(ambiguousNameDiagnostic(name, scope));
  if (scope.chain) pushAll(articleDiagnostics, ambiguousMentionDiagnostics(result.mentions, scope));

  // Quotes, their attribution, and what they are.
  const breaks = paragraphBreaks(article);
  const detection = detectQuotes(article, profile, ignored, breaks);
  // Only the diagnostics shown are made, and one that counts the rest (as capDiagnostics would):
  // a hostile file has hundreds of thousands of unbalanced marks, and making, sorting and
  // dropping a diagnostic for each cost more than the rest of its analysis.
  const unbalanced = detection.unbalanced;
  const shown = Math.min(unbalanced.length, MAX_DIAGNOSTICS_PER_CODE);
  for (let i = 0; i < shown; i++) articleDiagnostics.push(unbalancedMarkDiagnostic(unbalanced[i]));
  if (unbalanced.length > shown) {
    articleDiagnostics.push(tooManyProblems(unbalancedMarkDiagnostic(unbalanced[shown]), unbalanced.length));
  }
  const attribution = attributeQuotes(article, detection.quotes, result.mentions, scope, profile, settings, breaks);
  result.entryMatches = attribution.entryMatches;
  result.quotes = attribution.quotes;
  // Indexed loops here and in `attributeQuotes`: these run once per analysis over thousands of
  // items, often before the engine optimises this long function, and a for-of loop then makes
  // an object per step.
  for (let i = 0; i < result.quotes.length; i++) {
    const quote = result.quotes[i];
    if (quote.speaker) statsOf(result.entityStats, quote.speaker, scope)?.quotes.push(quote.index);
    if (quote.via) statsOf(result.entityStats, quote.via, scope)?.via.push(quote.index);
    if (quote.unattributed && settings.unattributedSeverity !== 'off') {
      articleDiagnostics.push(unattributedDiagnostic(quote, scope, settings.unattributedSeverity));
    }
  }

  if (sidecar) {
    pushAll(sidecarDiagnostics, entryDiagnostics(article, sidecar, result.entryMatches));
    pushAll(sidecarDiagnostics, aliasDiagnostics(sidecar, result.entityStats, matcherOf(sidecar.entities).sharedForms));
  }
  return finish(result);
}

/**
 * The mentions of the article: those of the previous analysis, found again around the edit,
 * when the same matcher found them with the same language and endings; else a search of all.
 */
function searchMentions(
  matcher: MentionMatcher,
  article: string,
  profile: LanguageProfile,
  inflection: boolean,
  previous: Analysis | undefined,
): MentionSearch {
  const language = profile.code;
  const options = { inflection };
  const before = previous?.mentionSearch;
  const found =
    before && before.matcher === matcher && before.language === language && before.inflection === inflection
      ? matcher.findAfterEdit({ text: previous.article, mentions: before.found }, article, profile, options)
      : undefined;
  return { matcher, language, inflection, found: found ?? matcher.find(article, profile, options) };
}

/** The quotes of an article with what the sidecar and the sentences around them say of each. */
export interface QuoteAttribution {
  /** Each quote entry of the sidecar and the quote or passage it names, by entry index. */
  entryMatches: EntryMatch[];
  /** The detected quotes and the passages entries declare, in text order. */
  quotes: AnalyzedQuote[];
}

/**
 * The part of the analysis after mentions and quotes are found: the sidecar's quote entries
 * matched to the quotes, and each quote classified as speech or term, with its speaker or a
 * suggested one. `analyze` runs it once per analysis; it is exported so that the benchmark can
 * time it on its own, as it times the other parts.
 */
export function attributeQuotes(
  article: string,
  detected: readonly DetectedQuote[],
  mentions: readonly Mention[],
  scope: EntityScope,
  profile: LanguageProfile,
  settings: AnalysisSettings,
  breaks: readonly number[],
): QuoteAttribution {
  const sidecar = scope.sidecar;
  const entryMatches = matchQuoteEntries(article, detected, sidecar?.quotes ?? []);
  const declared = declaredQuotes(article, detected, entryMatches, sidecar);
  const merged = [...detected, ...declared.quotes].sort((a, b) => a.outer.start - b.outer.start || a.depth - b.depth);
  // Each quote's place in the merged list, by its `index` (detected quotes first, then declared
  // ones): an array rather than a map from quote objects, as there may be thousands.
  const renumber = new Int32Array(merged.length);
  merged.forEach((quote, i) => (renumber[quote.index] = i));
  // The attributing entry of each quote in the merged list, or -1.
  const entryOf = new Int32Array(merged.length).fill(-1);
  for (let i = 0; i < entryMatches.length; i++) {
    const match = entryMatches[i];
    if (match.status === 'not-found' || match.status === 'duplicate') continue;
    const quote = match.quote >= 0 ? detected[match.quote] : declared.byEntry.get(match.entry);
    if (quote) entryOf[renumber[quote.index]] = match.entry;
  }
  const quotes = analyzeQuotes(article, merged, renumber, entryOf, scope, mentions, profile, settings, breaks);
  return { entryMatches, quotes };
}

function emptyStats(entity: Entity): EntityStats {
  return { mentions: 0, quotes: [], via: [], aliasMentions: entity.aliases.map(() => 0) };
}

/**
 * An entity's statistics, made on first use for a registry entity: an article mentions a few
 * of a registry's thousands, and a map entry for each would cost more than the article.
 */
function statsOf(stats: Map<string, EntityStats>, id: string, scope: EntityScope): EntityStats | undefined {
  let found = stats.get(id);
  if (!found) {
    const entity = scope.get(id);
    if (!entity) return undefined;
    found = emptyStats(entity);
    stats.set(id, found);
  }
  return found;
}

/** Counts the mentions of each entity, and of each of its aliases. */
function countMentions(mentions: readonly Mention[], stats: Map<string, EntityStats>, scope: EntityScope): void {
  for (let i = 0; i < mentions.length; i++) {
    const mention = mentions[i];
    const entityStats = stats.get(mention.entity) ?? statsOf(stats, mention.entity, scope)!;
    entityStats.mentions++;
    if (typeof mention.form === 'number') entityStats.aliasMentions[mention.form]++;
  }
}

/**
 * What is derived from the names of a list of entities, or of a chain of registries: one object
 * for all lists (chains) alike in names, filled as its parts are first asked for. A list parsed
 * anew with the same names (a registry or sidecar after a keystroke in a description or a quote
 * entry) takes what was derived for the list before, instead of compiling its names again.
 */
interface DerivedFromNames {
  matcher?: MentionMatcher;
  checks?: AmbiguityChecks;
}

/** Lists alike in names share one `DerivedFromNames`; each list is compared once, when first seen. */
const namesOfList = derivedPerLikeness(sameNames, (): DerivedFromNames => ({}), 3);

/**
 * A chain's names, as what its files' lists share (`namesOfList`; undefined for a file that
 * could not be read): chains alike here are alike in their merged entities' names too, as
 * merging reads ids only. Small, so that the chains kept for comparison keep no parse alive.
 */
const chainNamesKeyOf = derivedPer((chain: RegistryChain): (DerivedFromNames | undefined)[] =>
  chain.files.map((file) => (file.parsed ? namesOfList(file.parsed.sidecar.entities) : undefined)),
);

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

const namesOfChainKey = derivedPerLikeness(sameItems, (): DerivedFromNames => ({}));

function namesOfChain(chain: RegistryChain): DerivedFromNames {
  return namesOfChainKey(chainNamesKeyOf(chain));
}

/**
 * One matcher for every empty list: a sidecar without entities of its own (its articles name
 * the registry's) has a new empty list with each parse, and a matcher's tables, a few hundred
 * kilobytes whatever it holds, made for each of the thousands of articles the workspace index
 * reads, kept the collector busy.
 */
const emptyMatcher = derivedOnce(() => new MentionMatcher([]));

/**
 * The compiled names and aliases of a list of entities, built once per list and its alikes:
 * while only the article changes, every analysis reuses them.
 */
function matcherOf(entities: readonly Entity[]): MentionMatcher {
  if (entities.length === 0) return emptyMatcher();
  const derived = namesOfList(entities);
  return (derived.matcher ??= new MentionMatcher(entities));
}

/** The compiled names of a chain's entities, which every article below its registries shares. */
function chainMatcherOf(chain: RegistryChain): MentionMatcher {
  if (chain.entities.length === 0) return emptyMatcher();
  const derived = namesOfChain(chain);
  return (derived.matcher ??= new MentionMatcher(chain.entities));
}

/** What is checked of a list's people for names inside longer ones (see ambiguousNames.ts). */
function checksOf(entities: readonly Entity[]): AmbiguityChecks {
  if (entities.length === 0) return NO_CHECKS;
  const derived = namesOfList(entities);
  return (derived.checks ??= ambiguityChecksFor(entities));
}

const NO_CHECKS: AmbiguityChecks = new Map();

/** What is checked of a chain's people, likewise. */
function chainChecksOf(chain: RegistryChain): AmbiguityChecks {
  const derived = namesOfChain(chain);
  return (derived.checks ??= ambiguityChecksFor(chain.entities));
}
const layeredMatcherOf = derivedPer(
  (scope: EntityScope) => new MentionMatcher(scope.local, chainMatcherOf(scope.chain!), scope.shadowed),
);

/** The matcher that finds the mentions of the entities `scope` sees. */
export function mentionMatcherFor(scope: EntityScope): MentionMatcher {
  if (!scope.chain || scope.chain.entities.length === 0) return matcherOf(scope.local);
  return scope.local.length === 0 ? chainMatcherOf(scope.chain) : layeredMatcherOf(scope);
}

/**
 * Mentions of a registry entity through a name or alias that another registry entity shares:
 * the first defined takes them, and the article is told which two the words could name.
 */
function ambiguousMentionDiagnostics(mentions: readonly Mention[], scope: EntityScope): CoreDiagnostic[] {
  const shared = sharedFormsOf(scope.chain!);
  if (shared.size === 0) return [];
  const diagnostics: CoreDiagnostic[] = [];
  for (const mention of mentions) {
    const entity = scope.get(mention.entity);
    if (!entity || entity.origin === undefined) continue;
    const text = mention.form === 'name' ? entity.name?.text : entity.aliases[mention.form]?.text;
    const others = text === undefined ? undefined : shared.get(`${entity.id}\u0000${text}`);
    if (!others) continue;
    const other = scope.get(others[0]);
    diagnostics.push({
      target: 'article',
      span: mention.span,
      severity: 'information',
      code: 'ambiguous-mention',
      message:
        `'${abbreviate(mention.text, 60)}' names both ${entity.name?.text ?? entity.id} (${entity.id}) and ` +
        `${other?.name?.text ?? others[0]} (${others[0]}) of the registry; it is counted as ${entity.id}. ` +
        `Give one of them a longer alias, or extend the right one in this article's sidecar.`,
      data: { entity: entity.id, others, form: text },
    });
  }
  return diagnostics;
}

/** The forms registry entities share, by owner and form: `owner\0text` → the other ids. */
function sharedFormsOf(chain: RegistryChain): Map<string, string[]> {
  return sharedFormsOfMatcher(chainMatcherOf(chain));
}

/** Per matcher, which chains whose names did not change share. */
const sharedFormsOfMatcher = derivedPer((matcher: MentionMatcher): Map<string, string[]> => {
  const shared = new Map<string, string[]>();
  for (const form of matcher.sharedForms) {
    shared.set(`${form.entities[0]}\u0000${form.text}`, form.entities.slice(1));
  }
  return shared;
});

/** The line index of a parsed sidecar, likewise built once and reused while only the article changes. */
export const sidecarLinesOf = derivedPer((parsed: ParsedSidecar) => new LineIndex(parsed.source));

function finish(result: Analysis): Analysis {
  result.articleDiagnostics = capDiagnostics(result.articleDiagnostics.sort(compareDiagnostics));
  result.sidecarDiagnostics = capDiagnostics(result.sidecarDiagnostics.sort(compareDiagnostics));
  return result;
}

/** The one diagnostic for a file over the size limit, which is not analysed. */
export function fileTooLarge(target: 'article' | 'sidecar', length: number, limit: number): CoreDiagnostic {
  const megabytes = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  return {
    target,
    span: { start: 0, end: 0 },
    severity: 'warning',
    code: 'file-too-large',
    message: `This ${target} is ${megabytes(length)} MB of text, more than the limit of ${megabytes(limit)} MB (setting articleAnnotations.maxFileSize); it is not analysed.`,
    data: { length, limit },
  };
}

function chooseLanguage(
  sidecar: Sidecar | undefined,
  settings: AnalysisSettings,
  article: string,
): { language: LanguageCode; source: Analysis['languageSource'] } {
  if (sidecar?.language) return { language: sidecar.language, source: 'sidecar' };
  if (settings.language !== 'auto') return { language: settings.language, source: 'settings' };
  const detected = detectLanguage(article);
  return detected ? { language: detected, source: 'detected' } : { language: 'en', source: 'default' };
}

function withoutIgnored(mentions: Mention[], ignored: readonly Span[]): Mention[] {
  if (ignored.length === 0) return mentions;
  let k = 0;
  return mentions.filter((mention) => {
    while (k < ignored.length && ignored[k].end <= mention.span.start) k++;
    return !(k < ignored.length && ignored[k].start < mention.span.end);
  });
}

/** Quotes that sidecar entries declare on passages without quotation marks. */
function declaredQuotes(
  article: string,
  detected: readonly DetectedQuote[],
  matches: readonly EntryMatch[],
  sidecar: Sidecar | undefined,
): { quotes: DetectedQuote[]; byEntry: Map<number, DetectedQuote> } {
  const declared: { entry: number; passage: Span }[] = [];
  for (const match of matches) {
    if (!match.passage || match.status === 'not-found' || match.status === 'duplicate') continue;
    declared.push({ entry: match.entry, passage: match.passage });
  }
  declared.sort((a, b) => a.passage.start - b.passage.start);
  const quotes: DetectedQuote[] = [];
  const byEntry = new Map<number, DetectedQuote>();
  for (let i = 0; i < declared.length; i++) {
    const { entry, passage } = declared[i];
    // The entry may give only the opening words; the passage then runs to the sentence end, but
    // not into the next passage or quote, which would paint and count the same words twice.
    const next = Math.min(
      i + 1 < declared.length ? declared[i + 1].passage.start : Infinity,
      nextQuoteStart(detected, passage.end),
    );
    const extended = extendToSentenceEnd(article, passage, sidecar?.quotes[entry]?.text?.text ?? '');
    let end = Math.max(passage.end, Math.min(extended.end, next));
    while (end > passage.end && isWhitespace(article.charCodeAt(end - 1))) end--;
    const span = { start: passage.start, end };
    const quote: DetectedQuote = {
      index: detected.length + quotes.length,
      outer: span,
      content: span,
      open: '',
      close: '',
      depth: 0,
      parent: -1,
      reopenedAt: [],
      parts: [span],
    };
    quotes.push(quote);
    byEntry.set(entry, quote);
  }
  return { quotes, byEntry };
}

/** Where the first detected quote at or after `offset` opens (they are in text order). */
function nextQuoteStart(detected: readonly DetectedQuote[], offset: number): number {
  const index = lowerBound(detected.length, (i) => detected[i].outer.start < offset);
  return index < detected.length ? detected[index].outer.start : Infinity;
}

function extendToSentenceEnd(article: string, passage: Span, entryText: string): Span {
  if (/[.!?…]\s*$/u.test(entryText)) return passage;
  const rest = article.slice(passage.end, passage.end + 1000);
  const end = /[.!?…](?=\s|$)|\n\s*\n/u.exec(rest);
  return { start: passage.start, end: end ? passage.end + end.index + (end[0].startsWith('\n') ? 0 : 1) : passage.end };
}

/** Is `span` a mention of an entity that can speak (anything but a place)? */
function speakerMentionTest(mentions: readonly Mention[]): (span: Span) => boolean {
  return (span) => mentionsIn(mentions, span).some((mention) => mention.type !== 'place');
}

/** The mentions overlapping `span`, by binary search. */
function mentionsIn(mentions: readonly Mention[], span: Span): Mention[] {
  const found: Mention[] = [];
  for (
    let i = lastMentionBefore(mentions, span.start) + 1;
    i < mentions.length && mentions[i].span.start < span.end;
    i++
  )
    found.push(mentions[i]);
  return found;
}

/** Index of the last mention that ends at or before `offset`, or -1. */
function lastMentionBefore(mentions: readonly Mention[], offset: number): number {
  return lowerBound(mentions.length, (i) => mentions[i].span.end <= offset) - 1;
}

/** What a quote entry says of its quote, with its references resolved. */
interface ResolvedEntry {
  /** The speaker and the outlet, when they are entities of the sidecar. */
  speaker: string | undefined;
  via: string | undefined;
  /** The suggestion for the quote it attributes: the speaker it names, for certain. */
  suggestion: SpeakerSuggestion;
}

/**
 * The sidecar's quote entries resolved, once per parsed sidecar: while only the article changes,
 * every analysis reads them, and looking thousands of ids up by name each time was most of
 * the work of reading an attributed quote. The quotes that name one speaker share one
 * suggestion, as it says the same for each; nothing changes a suggestion.
 */
const resolvedEntriesOf = derivedPer(resolveEntries);

function resolveEntries(scope: EntityScope): ResolvedEntry[] {
  const suggestions = new Map<string | null, SpeakerSuggestion>();
  const resolved = (scope.sidecar?.quotes ?? []).map((entry) => {
    const speaker = entry.speaker && scope.has(entry.speaker.text) ? entry.speaker.text : undefined;
    const via = entry.via && scope.has(entry.via.text) ? entry.via.text : undefined;
    const key = speaker ?? null;
    let suggestion = suggestions.get(key);
    if (!suggestion) {
      suggestion = { entity: key, cue: null, confidence: 1, reason: 'attributed in the sidecar' };
      suggestions.set(key, suggestion);
    }
    return { speaker, via, suggestion };
  });
  return resolved;
}

function analyzeQuotes(
  article: string,
  quotes: readonly DetectedQuote[],
  renumber: Int32Array,
  entryOf: Int32Array,
  scope: EntityScope,
  mentions: readonly Mention[],
  profile: LanguageProfile,
  settings: AnalysisSettings,
  breaks: readonly number[],
): AnalyzedQuote[] {
  const sidecar = scope.sidecar;
  const quoteIndex = new QuoteIndex(article, quotes);
  const findCue = createCueFinder(profile, speakerMentionTest(mentions));
  const earlier = (sentenceStart: number): Token[] => previousSentenceTokens(article, sentenceStart, quoteIndex);
  // Which mentions stand inside quotes, worked out when a pronoun is first resolved: a pass over
  // every mention that articles without such cues never need.
  let insideQuotes: Uint8Array | undefined;
  const insideQuote = (): Uint8Array => (insideQuotes ??= mentionsInsideQuotes(mentions, quotes));
  const results: AnalyzedQuote[] = [];
  const resolved = sidecar ? resolvedEntriesOf(scope) : [];
  let paragraph = 0;
  let previousInParagraph: AnalyzedQuote | undefined;
  let lastOfPreviousParagraph: AnalyzedQuote | undefined;
  // The speaker cue of the last quote found to be a term, which a later quote of its sentence
  // may share (see sentenceCue below).
  let termCue: { start: number; cue: CueMatch } | undefined;

  for (let q = 0; q < quotes.length; q++) {
    const quote = quotes[q];
    const index = renumber[quote.index];
    const parent = quote.parent >= 0 ? renumber[quote.parent] : -1;
    let quoteParagraph = paragraph;
    while (quoteParagraph < breaks.length && breaks[quoteParagraph] < quote.outer.start) quoteParagraph++;
    if (quoteParagraph !== paragraph) {
      // Only the paragraph right before can hand its speaker on.
      lastOfPreviousParagraph = quoteParagraph === paragraph + 1 ? previousInParagraph : undefined;
      previousInParagraph = undefined;
      paragraph = quoteParagraph;
    }

    const entryIndex = entryOf[index] >= 0 ? entryOf[index] : undefined;
    const entry = entryIndex !== undefined ? sidecar?.quotes[entryIndex] : undefined;
    const entryResolved = entryIndex !== undefined ? resolved[entryIndex] : undefined;
    const speaker = entryResolved?.speaker;
    const via = entryResolved?.via;
    let kind: AnalyzedQuote['kind'];
    let kindReason: string;
    let suggestion: SpeakerSuggestion;
    if (entry) {
      // The sidecar has the last word on what a quote is and who said it, so the sentence
      // around it need not be read.
      kind = entry.kind === 'term' ? 'term' : 'speech';
      kindReason = kind === 'term' ? 'marked as a term in the sidecar' : 'attributed in the sidecar';
      suggestion = entryResolved!.suggestion;
    } else {
      let before = tokensBefore(article, quote.outer.start, quoteIndex).reverse();
      if (before.length === 0) before = colonIntroductionTokens(article, quote.outer.start, quoteIndex);
      const after = tokensAfter(article, quote.outer.end, quoteIndex);
      const previous = before.length === 0 ? previousSentenceTokens(article, quote.outer.start, quoteIndex) : undefined;
      const cue = quote.depth === 0 ? findCue(article, before, after, quote, previous, earlier) : undefined;
      const classification = classifyQuote(
        article,
        quote,
        before,
        after,
        cue,
        profile,
        settings,
        previousInParagraph !== undefined,
      );
      kind = classification.kind;
      kindReason = classification.reason;
      // Reported speech names its speaker sentences back, read only for a quote of speech, and
      // not past a person its own sentence names before it (see suggestSpeaker).
      const namedInSentence =
        !cue && profile.code === 'de' && before.length > 0
          ? personNamedSince(mentions, insideQuote, before[0].start, quote.outer.start)
          : undefined;
      const reportedCue =
        !cue && !namedInSentence && kind === 'speech' && quote.depth === 0
          ? findCue.reportedSpeaker(article, before, after, quote, earlier)
          : undefined;
      // A quote alone at the head of its paragraph, after a paragraph without quotes, goes on
      // with whoever that paragraph ended on (English; read only once nothing nearer names one).
      const lastSpoke = lastOfPreviousParagraph?.speaker ?? lastOfPreviousParagraph?.suggestion.cue;
      const paragraphCue =
        profile.code === 'en' &&
        !cue &&
        !reportedCue &&
        quote.depth === 0 &&
        before.length === 0 &&
        !previousInParagraph &&
        !lastSpoke
          ? findCue.previousParagraph(article, previousParagraphTokens(article, quote.outer.start, quoteIndex))
          : undefined;
      // A name quoted in a sentence that reports speech („erklärte der Eigentümer, das die
      // „Ruhr Nachrichten“ verlegende Medienhaus, dass das Blatt in einer „schwierigen Lage“
      // stecke“) leaves its speaker cue to the quote of speech after it in the sentence; seen
      // only a few times in the training split, so below Fix All.
      const termBefore = termCue;
      const sentenceCue =
        !cue &&
        !namedInSentence &&
        !reportedCue &&
        !paragraphCue &&
        kind === 'speech' &&
        termBefore &&
        before.some((token) => token.kind === 'quote' && token.start === termBefore.start)
          ? {
              ...termBefore.cue,
              adjacent: false,
              strength: Math.min(termBefore.cue.strength, 0.6),
              pattern: 'speaker of a name quoted earlier in the sentence',
            }
          : undefined;
      if (kind === 'term' && quote.depth === 0 && cue && !cue.namesOnly && cue.cue.kind !== 'pronoun') {
        termCue = { start: quote.outer.start, cue };
      }
      suggestion = suggestSpeaker(
        quote,
        cue ?? reportedCue ?? paragraphCue ?? sentenceCue,
        namedInSentence,
        mentions,
        insideQuote,
        previousInParagraph,
        lastOfPreviousParagraph,
        article,
        breaks,
        paragraph,
        profile.code,
      );
    }
    const analyzed: AnalyzedQuote = {
      index,
      outer: quote.outer,
      content: quote.content,
      text: article.slice(quote.content.start, quote.content.end),
      parts: quote.parts,
      open: quote.open,
      close: quote.close,
      closed: quote.close !== '' || quote.open === '',
      depth: quote.depth,
      parent,
      declared: quote.open === '' && quote.close === '',
      kind,
      kindReason,
      unattributed: false,
      suggestion,
    };
    // Set one by one rather than spread from small objects: this runs for every quote.
    if (entryIndex !== undefined) analyzed.entry = entryIndex;
    if (speaker) analyzed.speaker = speaker;
    if (via) analyzed.via = via;
    if (entry?.anonymous !== undefined) analyzed.anonymous = entry.anonymous;
    const insideSpeech = parent >= 0 && results[parent]?.kind === 'speech';
    analyzed.unattributed = kind === 'speech' && entry === undefined && !insideSpeech;
    results.push(analyzed);
    if (kind === 'speech' && quote.depth === 0) previousInParagraph = analyzed;
  }
  return results;
}

/**
 * Marks mentions that stand inside a quote (1) or not (0): people quoted talking about others.
 * One byte per mention, as an article may have tens of thousands.
 */
function mentionsInsideQuotes(mentions: readonly Mention[], quotes: readonly DetectedQuote[]): Uint8Array {
  const inside = new Uint8Array(mentions.length);
  // Quotes come in order of their start, nested ones after the quote they are in: only the
  // top-level ones are needed, and they do not overlap.
  let q = 0;
  for (let i = 0; i < mentions.length; i++) {
    const start = mentions[i].span.start;
    while (q < quotes.length && (quotes[q].depth !== 0 || quotes[q].outer.end <= start)) q++;
    if (q < quotes.length && quotes[q].outer.start <= start) inside[i] = 1;
  }
  return inside;
}

function suggestSpeaker(
  quote: DetectedQuote,
  cue: CueMatch | undefined,
  /** In German, the first person the quote's sentence names before it (`personNamedSince`). */
  namedInSentence: Mention | undefined,
  mentions: readonly Mention[],
  insideQuote: () => Uint8Array,
  previousInParagraph: AnalyzedQuote | undefined,
  lastOfPreviousParagraph: AnalyzedQuote | undefined,
  article: string,
  breaks: readonly number[],
  paragraph: number,
  language: LanguageCode,
): SpeakerSuggestion {
  if (cue) {
    const strength = cue.strength;
    if (cue.cue.kind === 'pronoun') {
      const group = !['er', 'he', 'il', 'elle', 'she'].includes(cue.cue.text.toLowerCase());
      const referent = resolvePronoun(mentions, insideQuote(), Math.min(cue.cue.span.start, quote.outer.start), group);
      return {
        entity: referent?.entity ?? null,
        cue: cue.cue,
        confidence: referent ? pronounConfidence(strength, language) : round(strength * 0.5),
        reason: referent
          ? `“${cue.cue.text}” (${cue.pattern}) refers to ${referent.text}, the last one named before`
          : `“${cue.cue.text}” (${cue.pattern}), but no one named before it`,
      };
    }
    const named = mentionsIn(mentions, cue.cue.span).filter((mention) => mention.type !== 'place');
    const people = named.filter((mention) => mention.type === 'person');
    const pick = (list: Mention[]): Mention | undefined => (cue.cue.head === 'first' ? list[0] : lastOf(list));
    const chosen = pick(people) ?? pick(named);
    if (chosen) {
      const direct = cue.cue.kind === 'name' || chosen.type === 'person';
      return {
        entity: chosen.entity,
        cue: cue.cue,
        confidence: round(direct ? strength : strength * 0.6),
        reason: `named by “${cue.cue.text}” (${cue.pattern})`,
      };
    }
    return {
      entity: null,
      cue: cue.cue,
      confidence: round(strength * 0.5),
      reason: `“${cue.cue.text}” (${cue.pattern}) is not in the sidecar`,
    };
  }
  // No cue, in German: a person the quote's own sentence names before it is likelier to have
  // said it than whoever spoke before in the paragraph („…, dass Mindermann das Mädchen gefragt
  // habe, was sie „anhabe““).
  if (namedInSentence) {
    const pattern = 'a person named earlier in the sentence';
    return {
      entity: namedInSentence.entity,
      cue: { span: namedInSentence.span, text: namedInSentence.text, kind: 'name' },
      confidence: 0.5,
      reason: `named by “${namedInSentence.text}” (${pattern})`,
    };
  }
  // No cue: a quote that continues a speaker's words in the same paragraph is theirs.
  const previous = previousInParagraph;
  const previousSpeaker = previous ? (previous.speaker ?? previous.suggestion.entity) : null;
  if (previous && (previousSpeaker || previous.suggestion.cue)) {
    // In English news a quote series in one paragraph is one speaker's (98 % on the training
    // split, 74 % in German): as sure as the quote it continues, short of an attached cue.
    const previousConfidence = previous.speaker ? 1 : previous.suggestion.confidence;
    return {
      entity: previousSpeaker ?? null,
      cue: previous.suggestion.cue,
      confidence: language === 'en' ? Math.min(previousConfidence, 0.75) : 0.6,
      reason: 'continues the previous quote in the paragraph',
    };
  }
  // A paragraph that opens with a quote often continues the previous paragraph's speaker.
  const paragraphStart = paragraph > 0 ? breaks[paragraph - 1] : 0;
  const opensParagraph = article.slice(paragraphStart, quote.outer.start).trim() === '';
  const last = lastOfPreviousParagraph;
  const lastSpeaker = last ? (last.speaker ?? last.suggestion.entity) : null;
  if (opensParagraph && last && (lastSpeaker || last.suggestion.cue)) {
    return {
      entity: lastSpeaker ?? null,
      cue: last.suggestion.cue,
      confidence: 0.45,
      reason: 'opens a paragraph after a quote by the same speaker',
    };
  }
  return { entity: null, cue: null, confidence: 0, reason: 'no speaker named nearby' };
}

/**
 * How sure a speaker found through a pronoun is. In English the last person named before "he"
 * or "she" is the speaker about three times in four (measured on the training split, on the
 * quotes whose gold speaker is the pronoun and is named in a nearby quote), too few for Fix
 * All, which applies suggestions without asking: such a suggestion stays just below it.
 */
function pronounConfidence(strength: number, language: LanguageCode): number {
  const confidence = round(strength * 0.85);
  return language === 'en' ? Math.min(confidence, PRONOUN_CONFIDENCE_EN) : confidence;
}

const PRONOUN_CONFIDENCE_EN = 0.65;

/** The first person named from `start` to `end`, outside quotes: in German usually the subject. */
function personNamedSince(
  mentions: readonly Mention[],
  insideQuote: () => Uint8Array,
  start: number,
  end: number,
): Mention | undefined {
  let found: Mention | undefined;
  const inside = insideQuote();
  for (let i = lastMentionBefore(mentions, end); i >= 0 && mentions[i].span.start >= start; i--) {
    if (mentions[i].type === 'person' && !inside[i]) found = mentions[i];
  }
  return found;
}

function resolvePronoun(
  mentions: readonly Mention[],
  insideQuote: Uint8Array,
  offset: number,
  group: boolean,
): Mention | undefined {
  // Look back over at most a few dozen mentions: pronouns refer to someone recent.
  for (let i = lastMentionBefore(mentions, offset), steps = 0; i >= 0 && steps < 50; i--, steps++) {
    const mention = mentions[i];
    if (insideQuote[i]) continue;
    if (mention.type === 'person' || (group && mention.type === 'organization')) return mention;
  }
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function entityName(scope: EntityScope, id: string | null): string | undefined {
  if (!id) return undefined;
  const entity: Entity | undefined = scope.get(id);
  return entity?.name?.text ?? id;
}

/** The hint on a longer name whose shorter form names an entity: the mention is not counted. */
function ambiguousNameDiagnostic(name: AmbiguousName, scope: EntityScope): CoreDiagnostic {
  const entityShown = entityName(scope, name.entity);
  return {
    target: 'article',
    span: name.span,
    severity: 'information',
    code: 'ambiguous-name',
    message: `'${abbreviate(name.name, 60)}' is not counted as ${entityShown}: '${name.form}' is part of a longer name that is not one of theirs. Create the person, or add the name as an alias.`,
    data: { entity: name.entity, name: name.name, form: name.form },
  };
}

function unattributedDiagnostic(quote: AnalyzedQuote, scope: EntityScope, severity: Severity): CoreDiagnostic {
  const suggestion = quote.suggestion;
  const name = entityName(scope, suggestion.entity);
  const shown = `${quote.open}${abbreviate(quote.text, 60)}${quote.close}`;
  // An unclosed or shortened quote already ends in an ellipsis; a period after it is noise.
  let message = `Unattributed quote ${shown}${shown.endsWith('…') ? '' : '.'}`;
  if (name)
    message += ` Suggested speaker: ${name}${suggestion.cue ? ` (“${abbreviate(suggestion.cue.text, 40)}”)` : ''}.`;
  else if (suggestion.cue) message += ` Speaker cue: “${abbreviate(suggestion.cue.text, 40)}”, not in the sidecar.`;
  return {
    target: 'article',
    span: quote.outer,
    severity,
    code: 'unattributed-quote',
    message,
    data: {
      quote: { start: quote.content.start, end: quote.content.end, text: quote.text },
      suggestedSpeaker: suggestion.entity,
      speakerCue: suggestion.cue
        ? { start: suggestion.cue.span.start, end: suggestion.cue.span.end, text: suggestion.cue.text }
        : null,
      confidence: suggestion.confidence,
    },
  };
}

function entryDiagnostics(article: string, sidecar: Sidecar, matches: readonly EntryMatch[]): CoreDiagnostic[] {
  const diagnostics: CoreDiagnostic[] = [];
  for (const match of matches) {
    const entry = sidecar.quotes[match.entry];
    // Most entries match; only the others need their words shortened for a message.
    if (!entry?.text || match.status === 'matched') continue;
    const span = entry.text.span;
    const words = abbreviate(entry.text.text, 50);
    switch (match.status) {
      case 'not-found':
        diagnostics.push(notFoundDiagnostic(article, entry, match, match.closest));
        break;
      case 'ambiguous':
        diagnostics.push({
          target: 'sidecar',
          span,
          severity: 'warning',
          code: 'ambiguous-quote',
          message: `'${words}' matches ${match.candidates} quotes; the first is attributed. Add 'occurrence: N' to choose, or quote more words.`,
          data: { candidates: match.candidates },
        });
        break;
      case 'duplicate':
        diagnostics.push({
          target: 'sidecar',
          span,
          severity: 'warning',
          code: 'duplicate-quote',
          message: `This quote is already attributed by quote entry ${match.duplicateOf! + 1}; this entry is ignored.`,
          data: { duplicateOf: match.duplicateOf },
        });
        break;
    }
  }
  return diagnostics;
}

/**
 * The `quote-not-found` diagnostic of an entry that matches nothing. The analysis gives it
 * without the closest passage (see `ClosestPassageSearch`), except for an entry too short to
 * identify the quote it opens; `nameClosestPassages` gives it with.
 */
function notFoundDiagnostic(article: string, entry: QuoteEntry, match: EntryMatch, closest?: Span): CoreDiagnostic {
  const words = abbreviate(entry.text!.text, 50);
  let message: string;
  if (match.tooShort) {
    message = `'${words}' is too short to identify a quote: give at least ${MIN_OPENING_WORDS} words, or the whole quote.`;
  } else if (entry.occurrence !== undefined && match.candidates > 0) {
    message = `occurrence ${entry.occurrence}, but only ${match.candidates} quote${match.candidates === 1 ? '' : 's'} match '${words}'.`;
  } else {
    const shown = closest ? abbreviate(article.slice(closest.start, closest.end), 60) : undefined;
    message = `No quote or passage in the article reads '${words}'.` + (shown ? ` Closest: '${shown}'.` : '');
  }
  return {
    target: 'sidecar',
    span: entry.text!.span,
    severity: 'warning',
    code: 'quote-not-found',
    message,
    data: closest
      ? { closest: { start: closest.start, end: closest.end, text: article.slice(closest.start, closest.end) } }
      : {},
  };
}

/** A search for the closest passages of an analysis's entries; see `ClosestPassageSearch`. */
function closestPassageSearch(analysis: Analysis): ClosestPassageSearch {
  // The detected quotes, in text order: the ones the entries were compared with.
  const detected = analysis.quotes.filter((quote) => !quote.declared);
  return new ClosestPassageSearch(analysis.article, detected, analysis.sidecar?.quotes ?? [], analysis.entryMatches);
}

/**
 * The passage of the article closest to the words of quote entry `entry`, when the entry
 * matches nothing and a passage comes reasonably close. Worked out on demand, for the hover
 * and the re-anchoring quick fix: the analysis does not look for it.
 */
export function closestPassage(analysis: Analysis, entry: number): Span | undefined {
  return closestPassageSearch(analysis).closestTo(entry);
}

/**
 * The quote entry whose words a diagnostic stands on (`quote-not-found`, `ambiguous-quote`,
 * `duplicate-quote`), or -1.
 */
export function entryOfDiagnostic(analysis: Analysis, diagnostic: CoreDiagnostic): number {
  const { start, end } = diagnostic.span;
  return (analysis.sidecar?.quotes ?? []).findIndex(
    (entry) => entry.text?.span.start === start && entry.text.span.end === end,
  );
}

/**
 * `diagnostics` (of this analysis) with the closest passage named in each `quote-not-found`
 * message and in its data, for a report that cannot be hovered (the command line's). The
 * passages are looked for in the order of the entries, with one search's budget for all.
 */
export function nameClosestPassages(analysis: Analysis, diagnostics: readonly CoreDiagnostic[]): CoreDiagnostic[] {
  const sidecar = analysis.sidecar;
  const unmatched = new Map<string, number>();
  for (const match of analysis.entryMatches) {
    const span = sidecar?.quotes[match.entry]?.text?.span;
    if (match.status === 'not-found' && span) unmatched.set(`${span.start}:${span.end}`, match.entry);
  }
  if (!sidecar || unmatched.size === 0) return diagnostics.slice();
  const entryOf = new Map<CoreDiagnostic, number>();
  for (const diagnostic of diagnostics) {
    const entry = unmatched.get(`${diagnostic.span.start}:${diagnostic.span.end}`);
    if (diagnostic.code === 'quote-not-found' && diagnostic.target === 'sidecar' && entry !== undefined)
      entryOf.set(diagnostic, entry);
  }
  const search = closestPassageSearch(analysis);
  const closest = new Map<number, Span | undefined>();
  for (const entry of [...entryOf.values()].sort((a, b) => a - b)) closest.set(entry, search.closestTo(entry));
  return diagnostics.map((diagnostic) => {
    const entry = entryOf.get(diagnostic);
    if (entry === undefined) return diagnostic;
    const match = analysis.entryMatches[entry];
    const named = notFoundDiagnostic(analysis.article, sidecar.quotes[entry], match, closest.get(entry));
    return { ...diagnostic, message: named.message, data: named.data };
  });
}

/** An alias that gets an `unused-alias` hint when the article never mentions it. */
interface ReportableAlias {
  entity: string;
  index: number;
  text: string;
  span: Span;
  message: string;
}

/**
 * The aliases that can be reported as never mentioned, with their messages, found once per
 * parsed sidecar: which aliases those are depends on the sidecar alone, and while only the
 * article changes every analysis asks. Not reported: an alias equal to the entity's name or to
 * an alias before it (its mentions are counted there), and a form that another entity defined
 * earlier owns (its mentions are counted there; "never mentioned" would mislead).
 */
const reportableAliasesOf = derivedPer((sidecar: Sidecar): ReportableAlias[] => {
  // The forms entities share, as the sidecar's own matcher found them.
  const shared = matcherOf(sidecar.entities).sharedForms;
  const reportable: ReportableAlias[] = [];
  const ownedElsewhere = new Set<string>();
  for (const form of shared) for (const id of form.entities.slice(1)) ownedElsewhere.add(`${id}\u0000${form.text}`);
  for (const entity of sidecar.entities) {
    // Only the first of equal aliases can be reported: a set of those seen, since a search
    // back through the aliases for each one would take the square of their number.
    const seen = new Set<string>();
    entity.aliases.forEach((alias, i) => {
      const repeated = seen.has(alias.text);
      seen.add(alias.text);
      if (ownedElsewhere.size > 0 && ownedElsewhere.has(`${entity.id}\u0000${alias.text}`)) return;
      if (alias.text === entity.name?.text || repeated) return;
      reportable.push({
        entity: entity.id,
        index: i,
        text: alias.text,
        span: alias.span,
        message: `The alias '${alias.text}' of '${entity.id}' is never mentioned in the article.`,
      });
    });
  }
  return reportable;
});

function aliasDiagnostics(
  sidecar: Sidecar,
  stats: Map<string, EntityStats>,
  shared: readonly { text: string; entities: string[] }[],
): CoreDiagnostic[] {
  const diagnostics = sharedAliasDiagnostics(sidecar, shared);
  for (const alias of reportableAliasesOf(sidecar)) {
    if (stats.get(alias.entity)!.aliasMentions[alias.index] > 0) continue;
    diagnostics.push({
      target: 'sidecar',
      span: alias.span,
      severity: 'hint',
      code: 'unused-alias',
      message: alias.message,
      data: { entity: alias.entity, alias: alias.text, index: alias.index },
    });
  }
  return diagnostics;
}

/** The `shared-alias` notes: a form that a later entity shares with one defined before it. */
function sharedAliasDiagnostics(
  sidecar: Sidecar,
  shared: readonly { text: string; entities: string[] }[],
): CoreDiagnostic[] {
  const diagnostics: CoreDiagnostic[] = [];
  // The span of each alias text, first of equals, per entity: built when an entity shares a
  // form, once, rather than searched for each shared form (an entity may list thousands).
  const aliasSpans = new Map<string, Map<string, Span>>();
  const aliasSpanOf = (entity: Entity, text: string): Span | undefined => {
    let spans = aliasSpans.get(entity.id);
    if (!spans) {
      spans = new Map();
      for (const alias of entity.aliases) if (!spans.has(alias.text)) spans.set(alias.text, alias.span);
      aliasSpans.set(entity.id, spans);
    }
    return spans.get(text);
  };
  for (const form of shared) {
    for (const id of form.entities.slice(1)) {
      const entity = sidecar.entityById.get(id);
      const spanOfForm =
        entity?.name?.text === form.text ? entity.name.span : entity ? aliasSpanOf(entity, form.text) : undefined;
      diagnostics.push({
        target: 'sidecar',
        span: spanOfForm ?? entity?.idSpan ?? { start: 0, end: 0 },
        severity: 'information',
        code: 'shared-alias',
        message: `'${form.text}' also names '${form.entities[0]}', which is defined first and takes these mentions.`,
        // Not the whole list of entities sharing the form: with one diagnostic per entity, that
        // grows with the square of their number (a form shared by 10,000 entities meant 10^8 ids).
        data: { form: form.text, entity: id, owner: form.entities[0] },
      });
    }
  }
  return diagnostics;
}
