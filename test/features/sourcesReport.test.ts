/**
 * The Sources panel's requests in process (server/src/features/sourcesReport.ts): which records
 * a scope takes, the open article's own record over the index's, paths as the workspace names
 * them, the warnings for a key that cannot be read and for an index still being built, and a
 * speaker's quotes.
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, notAnnotatedRecord, recordOf, type ArticleRecord } from '../../server/src/core';
import { sourcesReport, speakerQuotes, type SourcesReportHost } from '../../server/src/features/sourcesReport';

const ROOT = path.resolve('/w');
const file = (name: string): string => path.join(ROOT, ...name.split('/'));

function record(name: string, article: string, sidecar: string): ArticleRecord {
  return recordOf({
    analysis: analyze({ article, sidecar }),
    article: file(name),
    sidecar: file(name.replace(/\.txt$/u, '.ann.yaml')),
    markdown: false,
  });
}

const SIDECAR = (quote: string) =>
  `version: 1\nlanguage: de\nentities:\n  anna:\n    type: person\n    name: Anna Berg\n    aliases: [Berg]\n    attributes: {gender: female}\nquotes:\n  - text: ${quote}\n    speaker: anna\n`;

const INDEXED = [
  record('a/eins.txt', '„Wir fangen an“, sagte Berg.\n', SIDECAR('Wir fangen an')),
  record('a/b/zwei.txt', '„Es geht weiter“, sagte Berg.\n', SIDECAR('Es geht weiter')),
  record('c/drei.txt', '„Wir sind fertig“, sagte Berg.\n', SIDECAR('Wir sind fertig')),
  notAnnotatedRecord({ article: file('c/vier.txt'), text: 'Text.\n', markdown: false }),
];

function host(options: { current?: ArticleRecord; complete?: boolean } = {}): SourcesReportHost {
  return {
    recordOf: (uri) =>
      Promise.resolve(options.current && uri === `file://${options.current.article}` ? options.current : undefined),
    indexedRecords: () => INDEXED,
    indexComplete: options.complete ?? true,
    pathOf: (uri) => (uri.startsWith('file://') ? uri.slice('file://'.length) : undefined),
    uriOf: (name) => `file://${name}`,
    displayPath: (name) => path.relative(ROOT, name).split(path.sep).join('/'),
    groupBy: () => Promise.resolve(['gender', 'published:quarter']),
  };
}

const PANEL = { nonce: 'n', cspSource: 'src' };

describe('sources report requests', () => {
  it('takes the article, its folder and below, or the workspace', async () => {
    const current = record(
      'a/eins.txt',
      '„Wir fangen an“, sagte Berg. „Wir machen weiter“, sagte Berg.\n',
      SIDECAR('Wir fangen an'),
    );
    const uri = `file://${current.article}`;
    const articles = async (scope: 'article' | 'folder' | 'workspace') =>
      (await sourcesReport(host({ current }), { scope, uri, ...PANEL })).report.articles.map((row) => row.article);
    assert.deepEqual(await articles('article'), ['a/eins.txt']);
    assert.deepEqual(await articles('folder'), ['a/b/zwei.txt', 'a/eins.txt']);
    assert.deepEqual(await articles('workspace'), ['a/b/zwei.txt', 'a/eins.txt', 'c/drei.txt', 'c/vier.txt']);
    // The open article's record, with its second quote, stands for the index's.
    const folder = await sourcesReport(host({ current }), { scope: 'folder', uri, ...PANEL });
    assert.equal(folder.scopeLabel, 'a/');
    assert.equal(folder.report.totals.quotes, 3);
    assert.equal(folder.report.totals.unattributed, 1);
  });

  it('falls back to the workspace when no article is at hand', async () => {
    const result = await sourcesReport(host(), { scope: 'article', uri: null, ...PANEL });
    assert.equal(result.scope, 'workspace');
    assert.equal(result.scopeLabel, 'the workspace');
    assert.equal(result.report.totals.notAnnotated, 1);
  });

  it('warns of a group key it cannot read and of an index still being built', async () => {
    const result = await sourcesReport(host({ complete: false }), { scope: 'workspace', uri: null, ...PANEL });
    assert.equal(result.complete, false);
    assert.deepEqual(result.report.by, ['gender']);
    assert.match(result.report.warnings[0], /still being indexed/);
    assert.match(result.report.warnings[1], /^articleAnnotations\.report\.groupBy: --by published:quarter/);
    assert.ok(result.html.includes('still being indexed'));
  });

  it('lists a speaker’s quotes in the scope, by article', async () => {
    const found = await speakerQuotes(host(), { scope: 'workspace', uri: null, speaker: 'anna' });
    assert.equal(found.name, 'Anna Berg');
    assert.deepEqual(
      found.quotes.map((quote) => [quote.article, quote.text, quote.range.start.character, quote.range.end.character]),
      [
        ['a/b/zwei.txt', 'Es geht weiter', 1, 15],
        ['a/eins.txt', 'Wir fangen an', 1, 14],
        ['c/drei.txt', 'Wir sind fertig', 1, 16],
      ],
    );
    const none = await speakerQuotes(host(), { scope: 'workspace', uri: null, speaker: 'nobody' });
    assert.deepEqual(none, { name: null, quotes: [] });
  });
});
