/**
 * The Sources panel's requests: the sources report over the articles of a scope (the document's
 * article, its folder and those below, or the workspace), from the records the workspace index
 * keeps, with the panel's page; and the quotes of one speaker in that scope, for the list the
 * panel opens. Paths are shown as the workspace names them.
 */

import * as path from 'node:path';
import {
  buildReport,
  PANEL_ROW_LIMIT,
  parseGroupKey,
  renderReportHtml,
  type ArticleRecord,
  type Report,
  type ReportScope,
} from '../core';
import type { ReportScopeParams, SourcesReport, SourcesReportParams, SpeakerQuotes } from '../protocol';

/** What the requests need of the server. */
export interface SourcesReportHost {
  /** The record of the article a document belongs to, from its current analysis; undefined for a file in no pair. */
  recordOf(uri: string): Promise<ArticleRecord | undefined>;
  /** The records the workspace index keeps, one per article, by the article's path. */
  indexedRecords(): Iterable<ArticleRecord>;
  /** Whether the index has read the whole workspace. */
  indexComplete: boolean;
  pathOf(uri: string): string | undefined;
  uriOf(file: string): string;
  /** A file's or folder's path in its workspace folder, `/`-separated; '' for a workspace folder itself. */
  displayPath(file: string): string;
  /** `articleAnnotations.report.groupBy` for a document. */
  groupBy(uri: string | null): Promise<string[]>;
}

export const SOURCES_REPORT_TITLE = 'Sources report';

interface Scoped {
  scope: ReportScope;
  label: string;
  records: ArticleRecord[];
}

/** The records of a scope, with the records' paths as the file system names them. */
async function recordsIn(host: SourcesReportHost, params: ReportScopeParams): Promise<Scoped> {
  const current = params.uri ? await host.recordOf(params.uri) : undefined;
  const file = current?.article ?? (params.uri ? host.pathOf(params.uri) : undefined);
  if (params.scope === 'article' && current) {
    return { scope: 'article', label: host.displayPath(current.article), records: [current] };
  }
  const folder = params.scope === 'folder' && file !== undefined ? path.dirname(file) : undefined;
  const prefix = folder === undefined ? undefined : folder.endsWith(path.sep) ? folder : folder + path.sep;
  const records: ArticleRecord[] = [];
  for (const record of host.indexedRecords()) {
    if (prefix !== undefined && !record.article.startsWith(prefix)) continue;
    // The open article's record is the one of what the editor shows now.
    if (current && record.article === current.article) continue;
    records.push(record);
  }
  if (current && (prefix === undefined || current.article.startsWith(prefix))) records.push(current);
  if (folder === undefined) return { scope: 'workspace', label: 'the workspace', records };
  const shown = host.displayPath(folder);
  return { scope: 'folder', label: shown ? `${shown}/` : 'the workspace folder', records };
}

/** The group keys that can be read; each that cannot is a warning of the report. */
function readableKeys(keys: readonly string[]): { by: string[]; warnings: string[] } {
  const by: string[] = [];
  const warnings: string[] = [];
  for (const key of keys) {
    try {
      parseGroupKey(key, []);
      by.push(key);
    } catch (error) {
      warnings.push(`articleAnnotations.report.groupBy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { by, warnings };
}

/** The report of a scope, with the Sources panel's page. */
export async function sourcesReport(host: SourcesReportHost, params: SourcesReportParams): Promise<SourcesReport> {
  const scoped = await recordsIn(host, params);
  const shown = scoped.records.map((record): ArticleRecord => ({
    ...record,
    article: host.displayPath(record.article),
    sidecar: record.sidecar === null ? null : host.displayPath(record.sidecar),
  }));
  const { by, warnings } = readableKeys(params.by ?? (await host.groupBy(params.uri)));
  const complete = scoped.scope === 'article' || host.indexComplete;
  if (!complete) warnings.unshift('The workspace is still being indexed: the figures will grow until it is done.');
  const built = buildReport(shown, { by });
  const report: Report = { ...built, warnings: [...warnings, ...built.warnings] };
  const html = renderReportHtml(report, {
    title: SOURCES_REPORT_TITLE,
    mode: 'panel',
    nonce: params.nonce,
    cspSource: params.cspSource,
    scope: scoped.scope,
    scopeLabel: scoped.label,
  });
  return { report: cutForPanel(report), html, scope: scoped.scope, scopeLabel: scoped.label, complete };
}

/**
 * The report as the panel's answer carries it: its long lists cut as the page cuts them, so that
 * the answer for an archive of thousands of articles stays small on every refresh.
 */
function cutForPanel(report: Report): Report {
  return {
    ...report,
    speakers: report.speakers.slice(0, PANEL_ROW_LIMIT),
    mentioned: report.mentioned.slice(0, PANEL_ROW_LIMIT),
    articles: report.articles.slice(0, PANEL_ROW_LIMIT),
  };
}

/** The quotes of a speaker in the articles of a scope, by article and then by position. */
export async function speakerQuotes(
  host: SourcesReportHost,
  params: ReportScopeParams & { speaker: string },
): Promise<SpeakerQuotes> {
  const { records } = await recordsIn(host, params);
  records.sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  let name: string | null = null;
  const quotes: SpeakerQuotes['quotes'] = [];
  for (const record of records) {
    if (record.status !== 'annotated') continue;
    const entity = Object.hasOwn(record.entities, params.speaker) ? record.entities[params.speaker] : undefined;
    if (!entity) continue;
    name ??= entity.name;
    for (const quote of record.quotes) {
      if (quote.kind !== 'speech' || quote.speaker !== params.speaker) continue;
      quotes.push({
        uri: host.uriOf(record.article),
        article: host.displayPath(record.article),
        range: {
          start: { line: quote.line, character: quote.character },
          end: { line: quote.endLine, character: quote.endCharacter },
        },
        text: quote.text,
      });
    }
  }
  return { name, quotes };
}
