/**
 * The sources report: who gets quoted, how often and at what length, across the articles of a
 * folder or an archive, grouped by what the annotators know of the speakers (their attributes)
 * and of the articles (their metadata). Computed from article records alone (record.ts), in one
 * pass over them; the command line and the editor's Sources panel show the same numbers.
 *
 * The shape of `Report` is the documented JSON of `article-annotations report --format json`
 * (docs/report.md): fields are added, never renamed or removed, within a `version`.
 */

import { compareCodeUnits } from '../text/text';
import type { ArticleRecord, ArticleStatus, QuoteRecord, ReportEntity } from './record';

export const REPORT_VERSION = 1;

/** A `--by` key as given, and what it was read as. */
export interface GroupKey {
  /** As given: `gender`, `outlet`, `published:month`, `entity.type`, `article.author`. */
  given: string;
  /** Whose key it is: the speaker entity's (an attribute, or `type`) or the article's (metadata). */
  of: 'entity' | 'article';
  key: string;
  /** Dates read by month (`2024-05`) or year (`2024`); values that are no date are `unknown`. */
  period: 'month' | 'year' | null;
}

export interface ReportOptions {
  /** The `--by` keys, in order. */
  by?: readonly string[];
}

/** What the quotes of annotated articles come to: of a whole report, or of one article. */
export interface QuoteCounts {
  /** Quotes of speech, and how they are attributed. */
  quotes: number;
  attributed: number;
  anonymous: number;
  unattributed: number;
  /** Quoted terms, names and titles (quotation marks that quote no one). */
  terms: number;
  /** Words in quotes of speech. */
  words: number;
}

export interface Totals extends QuoteCounts {
  /** Articles found, whatever their state. */
  articles: number;
  annotated: number;
  notAnnotated: number;
  broken: number;
  /** Quotes of speech taken via an outlet (`via:`). */
  via: number;
  /** Entities quoted at least once. */
  speakers: number;
  /** Entities mentioned at least once, and those of them never quoted. */
  mentioned: number;
  mentionedNotQuoted: number;
  /** The same for people (entities of type `person`): mentioned, quoted, mentioned but never quoted. */
  peopleMentioned: number;
  peopleQuoted: number;
  peopleMentionedNotQuoted: number;
  /** Anonymous quotes among the quotes of speech (0 when there are none). */
  anonymousShare: number;
  /** Articles whose attributed quotes are all anonymous, and their share of annotated articles with attributed quotes. */
  onlyAnonymousArticles: number;
  onlyAnonymousShare: number;
}

/** An article a speaker is quoted in, with its publication date when known. */
export interface ArticleRef {
  article: string;
  published: string | null;
}

export interface SpeakerRow {
  /** The entity's key across articles (ReportEntity.key) and its id. */
  key: string;
  id: string;
  name: string;
  type: string;
  registry: string | null;
  quotes: number;
  words: number;
  /** Articles quoting the entity, and those mentioning it. */
  articles: number;
  mentionedIn: number;
  /** Of the articles quoting it, the first and the last (by `published`, then by path). */
  first: ArticleRef;
  last: ArticleRef;
  /** Quotes taken via an outlet. */
  via: number;
  attributes: Record<string, string>;
}

export interface MentionRow {
  key: string;
  id: string;
  name: string;
  type: string;
  mentionedIn: number;
  quotedIn: number;
  quotes: number;
}

export interface GroupValue {
  value: string;
  /** Distinct speakers, quotes with a named speaker, and their words, with this value. */
  speakers: number;
  quotes: number;
  words: number;
  /** Shares of the totals over all values (0 to 1). */
  speakerShare: number;
  quoteShare: number;
  wordShare: number;
  /** For an article key: articles with this value, and their anonymous quotes. */
  articles: number;
  anonymous: number;
}

export interface Group extends GroupKey {
  values: GroupValue[];
}

export interface ArticleRow extends QuoteCounts {
  article: string;
  sidecar: string | null;
  status: ArticleStatus;
  problem: string | null;
  meta: Record<string, string>;
}

export interface Report {
  version: number;
  by: string[];
  totals: Totals;
  /** Speakers by quotes, then words, then name. */
  speakers: SpeakerRow[];
  /** Every entity mentioned or quoted: mentioned against quoted. */
  mentioned: MentionRow[];
  groups: Group[];
  /** Every article, by path. */
  articles: ArticleRow[];
  /** What the reader should know about the figures (a `--by` key nothing has, front matter unread). */
  warnings: string[];
}

export const UNKNOWN = 'unknown';

/** Reads a `--by` key; throws an Error with a message for the user when it cannot be read. */
export function parseGroupKey(given: string, records: readonly ArticleRecord[]): GroupKey {
  let rest = given.trim();
  let period: GroupKey['period'] = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    const suffix = rest.slice(colon + 1);
    if (suffix !== 'month' && suffix !== 'year') {
      throw new Error(`--by ${given}: after ':' comes month or year, not '${suffix}'.`);
    }
    period = suffix;
    rest = rest.slice(0, colon);
  }
  let of: GroupKey['of'] | undefined;
  if (rest.startsWith('entity.')) {
    of = 'entity';
    rest = rest.slice('entity.'.length);
  } else if (rest.startsWith('article.')) {
    of = 'article';
    rest = rest.slice('article.'.length);
  }
  if (!rest) throw new Error(`--by needs a key, such as gender, outlet or published:month.`);
  if (of === undefined) of = guessOwner(rest, records);
  return { given, of, key: rest, period };
}

/** An unprefixed key is the entities' when an entity has it (or it is `type`), else the articles'. */
function guessOwner(key: string, records: readonly ArticleRecord[]): GroupKey['of'] {
  if (key === 'type') return 'entity';
  let inArticles = false;
  for (const record of records) {
    for (const entity of Object.values(record.entities)) if (Object.hasOwn(entity.attributes, key)) return 'entity';
    if (Object.hasOwn(record.meta, key)) inArticles = true;
  }
  return inArticles ? 'article' : 'entity';
}

/** A date's month (`2024-05`) or year; undefined when the text does not begin with one. */
export function periodOf(text: string, period: 'month' | 'year'): string | undefined {
  const match = /^\s*(\d{4})(?:-(\d{2}))?/u.exec(text);
  if (!match) return undefined;
  if (period === 'year') return match[1];
  const month = Number(match[2]);
  return match[2] !== undefined && month >= 1 && month <= 12 ? `${match[1]}-${match[2]}` : undefined;
}

interface SpeakerTally {
  entity: ReportEntity;
  quotes: number;
  words: number;
  via: number;
  articles: Set<string>;
  first: ArticleRef | undefined;
  last: ArticleRef | undefined;
}

interface MentionTally {
  entity: ReportEntity;
  mentionedIn: number;
  quotedIn: number;
  quotes: number;
}

interface ValueTally {
  speakers: Set<string>;
  quotes: number;
  words: number;
  articles: number;
  anonymous: number;
}

function compareRefs(a: ArticleRef, b: ArticleRef): number {
  // Articles without a date sort after dated ones; then by path.
  if (a.published !== b.published) {
    if (a.published === null) return 1;
    if (b.published === null) return -1;
    return a.published < b.published ? -1 : 1;
  }
  return compareCodeUnits(a.article, b.article);
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** The report over the articles' records. Records may come in any order; the report is the same. */
export function buildReport(records: readonly ArticleRecord[], options: ReportOptions = {}): Report {
  const sortedRecords = [...records].sort((a, b) => compareCodeUnits(a.article, b.article));
  const warnings: string[] = [];
  const keys = (options.by ?? []).map((given) => parseGroupKey(given, sortedRecords));
  const totals: Totals = {
    articles: sortedRecords.length,
    annotated: 0,
    notAnnotated: 0,
    broken: 0,
    ...noQuotes(),
    via: 0,
    speakers: 0,
    mentioned: 0,
    mentionedNotQuoted: 0,
    peopleMentioned: 0,
    peopleQuoted: 0,
    peopleMentionedNotQuoted: 0,
    anonymousShare: 0,
    onlyAnonymousArticles: 0,
    onlyAnonymousShare: 0,
  };
  const speakers = new Map<string, SpeakerTally>();
  const mentions = new Map<string, MentionTally>();
  const groupTallies = keys.map(() => new Map<string, ValueTally>());
  const articles: ArticleRow[] = [];
  let articlesWithAttributed = 0;
  const keySeen = keys.map(() => false);
  const known = mergedEntities(sortedRecords);
  const entityOf = (key: string): ReportEntity => known.get(key)!;

  for (const record of sortedRecords) {
    const row: ArticleRow = {
      article: record.article,
      sidecar: record.sidecar,
      status: record.status,
      problem: record.problem,
      ...noQuotes(),
      meta: record.meta,
    };
    articles.push(row);
    if (record.metaProblem) warnings.push(`${record.article}: ${record.metaProblem}; its metadata is not used.`);
    if (record.status === 'broken') {
      totals.broken++;
      continue;
    }
    if (record.status === 'not-annotated') totals.notAnnotated++;
    else totals.annotated++;
    const published = Object.hasOwn(record.meta, 'published') ? record.meta.published : null;
    const ref: ArticleRef = { article: record.article, published };

    const quotedHere = new Set<string>();
    for (const quote of record.quotes) {
      if (quote.kind === 'term') {
        row.terms++;
        continue;
      }
      row.quotes++;
      row.words += quote.words;
      if (quote.speaker !== null) {
        row.attributed++;
        quotedHere.add(quote.speaker);
        const tally = speakerTally(speakers, entityOf(quote.speaker));
        tally.quotes++;
        tally.words += quote.words;
        if (quote.via !== null) tally.via++;
        if (!tally.articles.has(record.article)) {
          tally.articles.add(record.article);
          if (!tally.first || compareRefs(ref, tally.first) < 0) tally.first = ref;
          if (!tally.last || compareRefs(ref, tally.last) > 0) tally.last = ref;
        }
      } else if (quote.anonymous !== null) {
        row.anonymous++;
      } else if (quote.unattributed) {
        row.unattributed++;
      }
      if (quote.via !== null) totals.via++;
    }
    totals.quotes += row.quotes;
    totals.attributed += row.attributed;
    totals.anonymous += row.anonymous;
    totals.unattributed += row.unattributed;
    totals.terms += row.terms;
    totals.words += row.words;
    if (row.attributed + row.anonymous > 0) {
      articlesWithAttributed++;
      if (row.attributed === 0) totals.onlyAnonymousArticles++;
    }

    const mentionedHere = new Set(record.mentioned);
    for (const key of new Set([...record.mentioned, ...quotedHere])) {
      let tally = mentions.get(key);
      if (!tally) mentions.set(key, (tally = { entity: entityOf(key), mentionedIn: 0, quotedIn: 0, quotes: 0 }));
      if (mentionedHere.has(key)) tally.mentionedIn++;
      if (quotedHere.has(key)) tally.quotedIn++;
    }

    keys.forEach((key, k) => {
      const tallies = groupTallies[k];
      if (key.of === 'article') {
        const value = valueOf(record.meta, key);
        if (value !== UNKNOWN) keySeen[k] = true;
        const tally = valueTally(tallies, value);
        tally.articles++;
        tally.anonymous += row.anonymous;
        for (const quote of record.quotes) countQuote(tally, quote);
      } else {
        // An article counts once for each value its speakers have.
        const values = new Set<string>();
        for (const quote of record.quotes) {
          if (quote.kind !== 'speech' || quote.speaker === null) continue;
          const entity = entityOf(quote.speaker);
          const value = key.key === 'type' && !key.period ? entity.type : valueOf(entity.attributes, key);
          if (value !== UNKNOWN) keySeen[k] = true;
          countQuote(valueTally(tallies, value), quote);
          values.add(value);
        }
        for (const value of values) valueTally(tallies, value).articles++;
      }
    });
  }

  totals.speakers = speakers.size;
  for (const tally of mentions.values()) {
    const person = tally.entity.type === 'person';
    if (tally.mentionedIn > 0) {
      totals.mentioned++;
      if (person) totals.peopleMentioned++;
      if (tally.quotedIn === 0) {
        totals.mentionedNotQuoted++;
        if (person) totals.peopleMentionedNotQuoted++;
      }
    }
    if (person && tally.quotedIn > 0) totals.peopleQuoted++;
  }
  totals.anonymousShare = share(totals.anonymous, totals.quotes);
  totals.onlyAnonymousShare = share(totals.onlyAnonymousArticles, articlesWithAttributed);

  for (const tally of speakers.values()) {
    const mention = mentions.get(tally.entity.key);
    if (mention) mention.quotes = tally.quotes;
  }

  const speakerRows: SpeakerRow[] = [...speakers.values()]
    .map((tally) => ({
      key: tally.entity.key,
      id: tally.entity.id,
      name: tally.entity.name,
      type: tally.entity.type,
      registry: tally.entity.registry,
      quotes: tally.quotes,
      words: tally.words,
      articles: tally.articles.size,
      mentionedIn: mentions.get(tally.entity.key)?.mentionedIn ?? 0,
      first: tally.first!,
      last: tally.last!,
      via: tally.via,
      attributes: tally.entity.attributes,
    }))
    .sort(
      (a, b) =>
        b.quotes - a.quotes || b.words - a.words || compareCodeUnits(a.name, b.name) || compareCodeUnits(a.key, b.key),
    );

  const mentionRows: MentionRow[] = [...mentions.values()]
    .map((tally) => ({
      key: tally.entity.key,
      id: tally.entity.id,
      name: tally.entity.name,
      type: tally.entity.type,
      mentionedIn: tally.mentionedIn,
      quotedIn: tally.quotedIn,
      quotes: tally.quotes,
    }))
    .sort((a, b) => b.mentionedIn - a.mentionedIn || b.quotedIn - a.quotedIn || compareCodeUnits(a.name, b.name));

  const groups: Group[] = keys.map((key, k) => {
    if (!keySeen[k] && sortedRecords.length > 0) {
      const whose = key.of === 'entity' ? 'speaker has the attribute' : 'article has the metadata key';
      warnings.push(
        `--by ${key.given}: no ${whose} '${key.key}'${key.period ? ' as a date' : ''}; all are ${UNKNOWN}.`,
      );
    }
    const tallies = groupTallies[k];
    const speakerTotal = key.of === 'entity' ? speakers.size : unionSize(tallies);
    let quoteTotal = 0;
    let wordTotal = 0;
    for (const tally of tallies.values()) {
      quoteTotal += tally.quotes;
      wordTotal += tally.words;
    }
    const values = [...tallies.entries()].map(([value, tally]) => ({
      value,
      speakers: tally.speakers.size,
      quotes: tally.quotes,
      words: tally.words,
      speakerShare: share(tally.speakers.size, speakerTotal),
      quoteShare: share(tally.quotes, quoteTotal),
      wordShare: share(tally.words, wordTotal),
      articles: tally.articles,
      anonymous: tally.anonymous,
    }));
    values.sort((a, b) => {
      if ((a.value === UNKNOWN) !== (b.value === UNKNOWN)) return a.value === UNKNOWN ? 1 : -1;
      if (key.period) return compareCodeUnits(a.value, b.value);
      return b.quotes - a.quotes || b.speakers - a.speakers || compareCodeUnits(a.value, b.value);
    });
    return { ...key, values };
  });

  return {
    version: REPORT_VERSION,
    by: keys.map((key) => key.given),
    totals,
    speakers: speakerRows,
    mentioned: mentionRows,
    groups,
    articles,
    warnings,
  };
}

function noQuotes(): QuoteCounts {
  return { quotes: 0, attributed: 0, anonymous: 0, unattributed: 0, terms: 0, words: 0 };
}

function speakerTally(speakers: Map<string, SpeakerTally>, entity: ReportEntity): SpeakerTally {
  let tally = speakers.get(entity.key);
  if (!tally) {
    tally = { entity, quotes: 0, words: 0, via: 0, articles: new Set(), first: undefined, last: undefined };
    speakers.set(entity.key, tally);
  }
  return tally;
}

/**
 * Each entity's facts over all records. Sidecars without a registry may each know a little of
 * one person: the first article (by path) gives the name and type, and every attribute any
 * article gives is kept (the first article's value where two differ).
 */
function mergedEntities(records: readonly ArticleRecord[]): Map<string, ReportEntity> {
  const merged = new Map<string, ReportEntity>();
  for (const record of records) {
    if (record.status === 'broken') continue;
    for (const entity of Object.values(record.entities)) {
      const known = merged.get(entity.key);
      if (!known) merged.set(entity.key, entity);
      else if (Object.keys(entity.attributes).some((name) => !Object.hasOwn(known.attributes, name))) {
        merged.set(entity.key, { ...known, attributes: { ...known.attributes, ...missingOf(entity, known) } });
      }
    }
  }
  return merged;
}

function missingOf(entity: ReportEntity, known: ReportEntity): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entity.attributes).filter(([name]) => !Object.hasOwn(known.attributes, name)),
  );
}

function valueTally(tallies: Map<string, ValueTally>, value: string): ValueTally {
  let tally = tallies.get(value);
  if (!tally) tallies.set(value, (tally = { speakers: new Set(), quotes: 0, words: 0, articles: 0, anonymous: 0 }));
  return tally;
}

function countQuote(tally: ValueTally, quote: QuoteRecord): void {
  if (quote.kind !== 'speech' || quote.speaker === null) return;
  tally.speakers.add(quote.speaker);
  tally.quotes++;
  tally.words += quote.words;
}

function valueOf(map: Record<string, string>, key: GroupKey): string {
  if (!Object.hasOwn(map, key.key)) return UNKNOWN;
  const text = map[key.key].trim();
  if (!text) return UNKNOWN;
  return key.period ? (periodOf(text, key.period) ?? UNKNOWN) : text;
}

/** Distinct speakers over the values of an article key (a speaker quoted in two outlets is one). */
function unionSize(tallies: ReadonlyMap<string, ValueTally>): number {
  const all = new Set<string>();
  for (const tally of tallies.values()) for (const speaker of tally.speakers) all.add(speaker);
  return all.size;
}
