/**
 * The sources report as text: a table for a terminal, CSV of the speakers for a spreadsheet,
 * the Report as JSON, and one JSON line per quote (JSON Lines) for a database. Pure functions of
 * the report or of the records; the command line writes what they return.
 */

import { compareCodeUnits, cutToCodePoints } from '../text/text';
import type { ArticleRecord, QuoteRecord } from './record';
import type { Group, Report } from './report';

export interface TableOptions {
  /**
   * Applied to every text that comes from a file (names, paths, values, problems) before it is
   * shown: the command line makes control characters visible with it. The identity by default.
   */
  escape?: (text: string) => string;
  /** How many speakers, and how many entities mentioned but never quoted, the table lists. */
  top?: number;
}

const DEFAULT_TOP = 20;
/** A cell is cut to this many characters, so that one long name does not widen a whole table. */
const MAX_CELL = 48;

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const widthOf = (text: string): number => [...text].length;

/**
 * Rows under a header, columns separated by two spaces; the columns whose `numeric` flag is set
 * are aligned right. Every line is indented by two spaces; trailing spaces are dropped.
 */
function grid(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string[] {
  const widths = header.map((title, column) => Math.max(widthOf(title), ...rows.map((row) => widthOf(row[column]))));
  const line = (cells: readonly string[]): string =>
    '  ' +
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column] - widthOf(cell));
        return numeric[column] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The report for a terminal: totals, top speakers, the entities never quoted, the groups, the articles left out. */
export function formatTable(report: Report, options: TableOptions = {}): string {
  const escape = options.escape ?? ((text: string) => text);
  const show = (text: string): string => cutToCodePoints(escape(text), MAX_CELL);
  const top = options.top ?? DEFAULT_TOP;
  const { totals } = report;
  const out: string[] = [];

  const states = [`${totals.annotated} annotated`, `${totals.notAnnotated} not annotated`, `${totals.broken} broken`];
  out.push(`Sources report: ${plural(totals.articles, 'article')} (${states.join(', ')})`, '');
  const ofQuotes = (n: number): string => (totals.quotes === 0 ? '' : percent(n / totals.quotes));
  out.push(
    ...grid(
      ['', 'count', 'share'],
      [
        ['quotes of speech', String(totals.quotes), ''],
        ['  attributed', String(totals.attributed), ofQuotes(totals.attributed)],
        ['  anonymous', String(totals.anonymous), ofQuotes(totals.anonymous)],
        ['  unattributed', String(totals.unattributed), ofQuotes(totals.unattributed)],
        ['  via an outlet', String(totals.via), ofQuotes(totals.via)],
        ['words quoted', String(totals.words), ''],
        ['terms', String(totals.terms), ''],
        ['speakers', String(totals.speakers), ''],
        ['mentioned, never quoted', String(totals.mentionedNotQuoted), ''],
        [
          'articles quoting only anonymous sources',
          String(totals.onlyAnonymousArticles),
          totals.onlyAnonymousArticles === 0 && totals.onlyAnonymousShare === 0
            ? ''
            : percent(totals.onlyAnonymousShare),
        ],
      ],
      [false, true, true],
    ),
  );

  out.push('', report.speakers.length > top ? `Top ${top} speakers of ${report.speakers.length}` : 'Speakers');
  if (report.speakers.length === 0) out.push('  (no quote is attributed to a speaker)');
  else {
    const rows = report.speakers.slice(0, top).map((speaker, i) => [
      String(i + 1),
      show(speaker.name),
      show(speaker.type),
      String(speaker.quotes),
      String(speaker.words),
      String(speaker.articles),
      show(
        Object.entries(speaker.attributes)
          .sort(([a], [b]) => compareCodeUnits(a, b))
          .map(([key, value]) => `${key}=${value}`)
          .join(', '),
      ),
    ]);
    out.push(
      ...grid(['#', 'speaker', 'type', 'quotes', 'words', 'articles', 'attributes'], rows, [
        true,
        false,
        false,
        true,
        true,
        true,
        false,
      ]),
    );
  }

  const neverQuoted = report.mentioned.filter((row) => row.mentionedIn > 0 && row.quotedIn === 0);
  out.push('', `Mentioned but not quoted: ${neverQuoted.length}`);
  if (neverQuoted.length > 0) {
    out.push(
      ...grid(
        ['name', 'type', 'articles'],
        neverQuoted.slice(0, top).map((row) => [show(row.name), show(row.type), String(row.mentionedIn)]),
        [false, false, true],
      ),
    );
    if (neverQuoted.length > top) out.push(`  … and ${neverQuoted.length - top} more (see --format json)`);
  }

  for (const group of report.groups) out.push('', ...groupTable(group, show));

  const listed = (status: 'not-annotated' | 'broken', title: string): void => {
    const rows = report.articles.filter((article) => article.status === status);
    if (rows.length === 0) return;
    out.push('', `${title} (${rows.length})`);
    for (const row of rows) {
      out.push(`  ${escape(row.article)}${row.problem === null ? '' : `: ${escape(row.problem)}`}`);
    }
  };
  listed('not-annotated', 'Not annotated');
  listed('broken', 'Could not be read');

  if (report.warnings.length > 0) {
    out.push('', 'Warnings');
    for (const warning of report.warnings) out.push(`  ${escape(warning)}`);
  }
  return out.join('\n') + '\n';
}

function groupTable(group: Group, show: (text: string) => string): string[] {
  const byArticle = group.of === 'article';
  const header = ['value', 'speakers', '%', 'quotes', '%', 'words', '%'];
  if (byArticle) header.push('articles', 'anonymous');
  const rows = group.values.map((value) => {
    const row = [
      show(value.value),
      String(value.speakers),
      percent(value.speakerShare),
      String(value.quotes),
      percent(value.quoteShare),
      String(value.words),
      percent(value.wordShare),
    ];
    if (byArticle) row.push(String(value.articles), String(value.anonymous));
    return row;
  });
  const whose = byArticle ? 'article' : 'speaker';
  const lines = [`By ${show(group.given)} (${whose} ${show(group.key)}${group.period ? `, by ${group.period}` : ''})`];
  if (rows.length === 0) return [...lines, '  (nothing to group)'];
  return [
    ...lines,
    ...grid(
      header,
      rows,
      header.map((_, column) => column > 0),
    ),
  ];
}

/** A field of RFC 4180: quoted when it holds a comma, a quotation mark or a line break. */
function csvField(text: string): string {
  // A spreadsheet runs a cell that begins with = + - @ as a formula: a name from a file must
  // stay text (the usual defence against CSV injection, an apostrophe in front).
  const safe = /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

/** The fixed columns of the CSV, before one column per attribute key (`attributes.KEY`). */
export const CSV_COLUMNS = [
  'key',
  'id',
  'name',
  'type',
  'registry',
  'quotes',
  'words',
  'articles',
  'mentioned_in',
  'via',
  'first_article',
  'first_published',
  'last_article',
  'last_published',
] as const;

/**
 * The speakers as CSV (RFC 4180, CRLF line ends, a header row): one row per speaker in the
 * report's order, with the columns of CSV_COLUMNS and then `attributes.KEY` for every attribute
 * key any speaker has, sorted; empty where a speaker lacks one. The totals, groups and articles
 * are in the JSON. `escape` is applied to each field (see TableOptions).
 */
export function formatCsv(report: Report, options: Pick<TableOptions, 'escape'> = {}): string {
  const escape = options.escape ?? ((text: string) => text);
  const keys = new Set<string>();
  for (const speaker of report.speakers) for (const key of Object.keys(speaker.attributes)) keys.add(key);
  const attributeKeys = [...keys].sort(compareCodeUnits);
  const lines = [[...CSV_COLUMNS, ...attributeKeys.map((key) => `attributes.${key}`)]];
  for (const speaker of report.speakers) {
    lines.push([
      speaker.key,
      speaker.id,
      speaker.name,
      speaker.type,
      speaker.registry ?? '',
      String(speaker.quotes),
      String(speaker.words),
      String(speaker.articles),
      String(speaker.mentionedIn),
      String(speaker.via),
      speaker.first.article,
      speaker.first.published ?? '',
      speaker.last.article,
      speaker.last.published ?? '',
      ...attributeKeys.map((key) => (Object.hasOwn(speaker.attributes, key) ? speaker.attributes[key] : '')),
    ]);
  }
  return lines.map((fields) => fields.map((field) => csvField(escape(field))).join(',') + '\r\n').join('');
}

/** The report as JSON, as docs/report.md describes it. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** One quote of an annotated article, as a line of `--format jsonl` shows it. */
export interface QuoteRow {
  article: string;
  sidecar: string | null;
  /** Where the quoted words begin: 1-based line and column (UTF-16), and the 0-based offset. */
  line: number;
  column: number;
  offset: number;
  /** Where they end: 1-based line and the column after the last quoted character. */
  end_line: number;
  end_column: number;
  kind: QuoteRecord['kind'];
  /** The speaker: null for all five when the quote has none. */
  speaker_id: string | null;
  speaker_key: string | null;
  speaker_name: string | null;
  speaker_type: string | null;
  /** The speaker's attributes; null when there is no speaker or it has none. */
  speaker_attributes: Record<string, string> | null;
  /** The description of an anonymous source; null when the source is named or not given. */
  anonymous: string | null;
  /** The id of the outlet the quote was taken from. */
  via: string | null;
  words: number;
  text: string;
  unattributed: boolean;
  /** The article's metadata (front matter, then the sidecar's `meta:`). */
  meta: Record<string, string>;
}

/**
 * Every quote of the annotated articles, article by article in the records' order, each in the
 * order of the article. A row depends on its own record only: the rows of records reported in
 * parts (`--shard`) are, put together, the rows of all.
 */
export function quoteRows(records: readonly ArticleRecord[]): QuoteRow[] {
  const rows: QuoteRow[] = [];
  for (const record of records) {
    if (record.status !== 'annotated') continue;
    for (const quote of record.quotes) {
      const speaker = quote.speaker === null ? undefined : record.entities[quote.speaker];
      const via = quote.via === null ? undefined : record.entities[quote.via];
      rows.push({
        article: record.article,
        sidecar: record.sidecar,
        line: quote.line + 1,
        column: quote.character + 1,
        offset: quote.offset,
        end_line: quote.endLine + 1,
        end_column: quote.endCharacter + 1,
        kind: quote.kind,
        speaker_id: speaker?.id ?? null,
        speaker_key: speaker?.key ?? null,
        speaker_name: speaker?.name ?? null,
        speaker_type: speaker?.type ?? null,
        speaker_attributes: speaker && Object.keys(speaker.attributes).length > 0 ? speaker.attributes : null,
        anonymous: quote.anonymous,
        via: via?.id ?? null,
        words: quote.words,
        text: quote.text,
        unattributed: quote.unattributed,
        meta: record.meta,
      });
    }
  }
  return rows;
}

/** The rows of quoteRows as JSON Lines: one object per line, each line ending in a line feed. */
export function formatJsonl(records: readonly ArticleRecord[]): string {
  return quoteRows(records)
    .map((row) => JSON.stringify(row) + '\n')
    .join('');
}
