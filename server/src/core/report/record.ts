/**
 * What a sources report needs of one article: its quotes with their speakers, the entities it
 * mentions, and its metadata. A record is small and plain (it crosses from worker threads to the
 * command line, and the editor's workspace index keeps one per article), and is made once per
 * analysis; the report itself (report.ts) is computed from records alone.
 */

import type { Analysis } from '../analyze';
import { frontMatterMeta } from '../article/frontMatter';
import type { Entity } from '../sidecar/sidecar';
import { countWords } from '../text/text';

/** An entity as a report names it. */
export interface ReportEntity {
  /**
   * How the entity is known across articles: `REGISTRY#id` for a registry's entity (REGISTRY
   * being the registry's path as the caller names it), the bare id for a sidecar's own. Sidecars
   * without a registry that give one person the same id count that person once.
   */
  key: string;
  id: string;
  name: string;
  type: string;
  /** The registry that defines it; null for a sidecar's own entity. */
  registry: string | null;
  attributes: Record<string, string>;
}

export interface QuoteRecord {
  /** Where the quoted words begin: zero-based line and UTF-16 column, and the offset. */
  line: number;
  character: number;
  offset: number;
  /** The last line of the quote (a quote may run over several paragraphs). */
  endLine: number;
  kind: 'speech' | 'term';
  /** The speaker's entity key (see ReportEntity.key). */
  speaker: string | null;
  /** The description of an anonymous source (`anonymous: a senior official`). */
  anonymous: string | null;
  /** The entity key of the outlet the quote was taken from. */
  via: string | null;
  /** A quote of speech with neither a speaker nor an anonymous source. */
  unattributed: boolean;
  words: number;
  /** The quoted words, paragraphs joined by a space. */
  text: string;
}

export type ArticleStatus = 'annotated' | 'not-annotated' | 'broken';

export interface ArticleRecord {
  /** The article's path as the caller names it (`/`-separated). */
  article: string;
  sidecar: string | null;
  /**
   * `annotated` when the sidecar was read; `not-annotated` when there is none; `broken` when the
   * sidecar or the article could not be read or parsed (`problem` says why). Only an annotated
   * article's quotes and mentions are recorded: the others' attributions are unknown.
   */
  status: ArticleStatus;
  problem: string | null;
  /** Front matter, then the sidecar's `meta:` over it. */
  meta: Record<string, string>;
  /** Why metadata could not be read, when it could not (the front matter, for instance). */
  metaProblem: string | null;
  quotes: QuoteRecord[];
  /** The keys of the entities the article mentions, each once, in order of first mention. */
  mentioned: string[];
  /** Every entity the record names (mentioned, speaker or outlet), by key. */
  entities: Record<string, ReportEntity>;
}

/** The diagnostics after which a sidecar's attributions cannot be trusted to be complete. */
const BROKEN_CODES = new Set([
  'yaml-syntax',
  'unreadable-file',
  'file-too-large',
  'too-many-entities',
  'article-not-found',
  'invalid-article-path',
  'unsupported-version',
]);

export interface RecordInput {
  analysis: Analysis;
  /** The article's path as the report shows it. */
  article: string;
  /** The sidecar's path as the report shows it; undefined when there is none. */
  sidecar: string | undefined;
  /** Whether the article is Markdown (front matter is read then). */
  markdown: boolean;
  /**
   * Problems found outside the analysis that make the article broken (a file that could not be
   * read), as messages.
   */
  problems?: readonly string[];
}

/** The report record of an analysed article. */
export function recordOf(input: RecordInput): ArticleRecord {
  const { analysis } = input;
  const problems = [...(input.problems ?? [])];
  for (const diagnostic of [...analysis.sidecarDiagnostics, ...analysis.articleDiagnostics]) {
    // Not by severity: a file too large to analyse is a warning in the editor, yet none of its
    // quotes were attributed.
    if (BROKEN_CODES.has(diagnostic.code)) problems.push(diagnostic.message);
  }
  if (!analysis.articleAnalysed && problems.length === 0) problems.push('the article could not be analysed');
  const front = input.markdown && analysis.articleAnalysed ? frontMatterMeta(analysis.article) : { meta: {} };
  const meta: Record<string, string> = { ...front.meta, ...(analysis.sidecar?.meta ?? {}) };
  const record: ArticleRecord = {
    article: input.article,
    sidecar: input.sidecar ?? null,
    status: problems.length > 0 ? 'broken' : input.sidecar === undefined ? 'not-annotated' : 'annotated',
    problem: problems.length > 0 ? problems.join('; ') : null,
    meta,
    metaProblem: 'problem' in front && front.problem !== undefined ? front.problem : null,
    quotes: [],
    mentioned: [],
    entities: {},
  };
  // Without a sidecar nothing is attributed yet: the article is listed, its quotes not counted.
  if (record.status !== 'annotated') return record;
  const keys = new Map<string, string | null>();
  const keyOf = (id: string | undefined): string | null => {
    if (id === undefined) return null;
    let key = keys.get(id);
    if (key === undefined) {
      const entity = analysis.entities.get(id);
      key = entity ? addEntity(record, entity) : null;
      keys.set(id, key);
    }
    return key;
  };
  const mentioned = new Set<string>();
  for (const mention of analysis.mentions) {
    const key = keyOf(mention.entity);
    if (key !== null && !mentioned.has(key)) {
      mentioned.add(key);
      record.mentioned.push(key);
    }
  }
  const lines = analysis.articleLines;
  for (const quote of analysis.quotes) {
    // Words someone quotes inside their own quote are theirs, counted with it.
    const insideSpeech = quote.parent >= 0 && analysis.quotes[quote.parent]?.kind === 'speech';
    if (insideSpeech && quote.entry === undefined) continue;
    const start = lines.positionAt(quote.content.start);
    const text =
      quote.parts.length > 1
        ? quote.parts.map((part) => analysis.article.slice(part.start, part.end).trim()).join(' ')
        : quote.text;
    record.quotes.push({
      line: start.line,
      character: start.character,
      offset: quote.content.start,
      endLine: lines.positionAt(quote.content.end).line,
      kind: quote.kind,
      speaker: keyOf(quote.speaker),
      anonymous: quote.anonymous ?? null,
      via: keyOf(quote.via),
      unattributed: quote.kind === 'speech' && quote.speaker === undefined && quote.anonymous === undefined,
      words: countWords(text),
      text,
    });
  }
  return record;
}

/** The record of an article that no sidecar annotates: listed, not analysed. */
export function notAnnotatedRecord(article: string): ArticleRecord {
  return {
    article,
    sidecar: null,
    status: 'not-annotated',
    problem: null,
    meta: {},
    metaProblem: null,
    quotes: [],
    mentioned: [],
    entities: {},
  };
}

/**
 * Adds the facts of an entity to a record; returns its key. The article's scope has already
 * merged an entry that extends a registry entity with it: it is that entity, with the sidecar's
 * facts over the registry's.
 */
function addEntity(record: ArticleRecord, entity: Entity): string {
  const registry = entity.origin ?? entity.extends?.origin ?? null;
  const key = registry === null ? entity.id : `${registry}#${entity.id}`;
  if (!Object.hasOwn(record.entities, key)) {
    record.entities[key] = {
      key,
      id: entity.id,
      name: entity.name?.text ?? entity.id,
      type: entity.type,
      registry,
      attributes: { ...(entity.attributes ?? {}) },
    };
  }
  return key;
}
