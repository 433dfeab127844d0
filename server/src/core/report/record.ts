/**
 * What a sources report needs of one article: its quotes with their speakers, the entities it
 * mentions, and its metadata. A record is small and plain (it crosses from worker threads to the
 * command line, and the editor's workspace index keeps one per article), and is made once per
 * analysis; the report itself (report.ts) is computed from records alone.
 */

import type { Analysis } from '../analyze';
import { frontMatterMeta, type FrontMatterMeta } from '../article/frontMatter';
import type { Entity } from '../sidecar/sidecar';
import { derivedPer } from '../text/memo';
import { abbreviate, countWords } from '../text/text';

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
  /** The last line of the quote (a quote may run over several paragraphs), and the character after its last word. */
  endLine: number;
  endCharacter: number;
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
  /** The quoted words, paragraphs joined by a space (shortened when `maxTextLength` says so). */
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
  /**
   * Shortens each quote's text to this many characters (with an ellipsis): for records kept by
   * the thousand, whose figures need the words counted but not the words themselves.
   */
  maxTextLength?: number;
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
  const front: FrontMatterMeta =
    input.markdown && analysis.articleAnalysed ? frontMatterMeta(analysis.article) : { meta: {} };
  const meta: Record<string, string> = { ...front.meta, ...(analysis.sidecar?.meta ?? {}) };
  const record: ArticleRecord = {
    article: input.article,
    sidecar: input.sidecar ?? null,
    status: problems.length > 0 ? 'broken' : input.sidecar === undefined ? 'not-annotated' : 'annotated',
    problem: problems.length > 0 ? problems.join('; ') : null,
    meta,
    metaProblem: front.problem ?? null,
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
    const end = lines.positionAt(quote.content.end);
    const text =
      quote.parts.length > 1
        ? quote.parts.map((part) => analysis.article.slice(part.start, part.end).trim()).join(' ')
        : quote.text;
    record.quotes.push({
      line: start.line,
      character: start.character,
      offset: quote.content.start,
      endLine: end.line,
      endCharacter: end.character,
      kind: quote.kind,
      speaker: keyOf(quote.speaker),
      anonymous: quote.anonymous ?? null,
      via: keyOf(quote.via),
      unattributed: quote.kind === 'speech' && quote.speaker === undefined && quote.anonymous === undefined,
      words: countWords(text),
      text: input.maxTextLength === undefined ? text : abbreviate(text, input.maxTextLength),
    });
  }
  return record;
}

/**
 * Adds the facts of an entity to a record; returns its key. The article's scope has already
 * merged an entry that extends a registry entity with it: it is that entity, with the sidecar's
 * facts over the registry's.
 */
function addEntity(record: ArticleRecord, entity: Entity): string {
  // A registry's own entity is the same for every article below it: one report entity serves them all.
  const reported =
    entity.origin !== undefined && entity.extends === undefined ? sharedEntityOf(entity) : entityOf(entity);
  if (!Object.hasOwn(record.entities, reported.key)) record.entities[reported.key] = reported;
  return reported.key;
}

function entityOf(entity: Entity): ReportEntity {
  const registry = entity.origin ?? entity.extends?.origin ?? null;
  return {
    key: registry === null ? entity.id : `${registry}#${entity.id}`,
    id: entity.id,
    name: entity.name?.text ?? entity.id,
    type: entity.type,
    registry,
    attributes: { ...(entity.attributes ?? {}) },
  };
}

/**
 * The report entity of a registry entity, made once while its parse lives: the workspace index
 * keeps a record per article, and thousands of them name the same people. Records never change
 * their entities, so sharing one is safe.
 */
const sharedEntityOf = derivedPer(entityOf);

export interface NotAnnotatedInput {
  /** The article's path as the report shows it. */
  article: string;
  /** Its text, when it was read; front matter gives a Markdown article's metadata. */
  text: string | undefined;
  markdown: boolean;
  /** Why it could not be read, when it could not: the article is broken then. */
  problem?: string;
}

/**
 * The record of an article that has no sidecar and was not analysed (no registry above it
 * either): listed as not annotated, with the metadata of its front matter, and nothing counted.
 */
export function notAnnotatedRecord(input: NotAnnotatedInput): ArticleRecord {
  const problem = input.problem ?? null;
  const front: FrontMatterMeta =
    input.markdown && input.text !== undefined && problem === null ? frontMatterMeta(input.text) : { meta: {} };
  return {
    article: input.article,
    sidecar: null,
    status: problem === null ? 'not-annotated' : 'broken',
    problem,
    meta: front.meta,
    metaProblem: front.problem ?? null,
    quotes: [],
    mentioned: [],
    entities: {},
  };
}
