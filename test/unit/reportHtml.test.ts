/**
 * The sources report as HTML (core/report/html.ts): a file of its own with no script and a
 * strict CSP, the Sources panel's page with its nonce, charts as accessible SVG beside tables of
 * the same numbers, and every text from the files escaped. Also the records the workspace index
 * keeps: quote texts shortened, quotes' end positions, articles without a sidecar.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  buildReport,
  escapeHtml,
  notAnnotatedRecord,
  PANEL_ROW_LIMIT,
  recordOf,
  renderReportHtml,
  type ArticleRecord,
  type Report,
} from '../../server/src/core';

const HOSTILE_NAME = `<script>alert("x")</script> O'Brien & Co`;
const ARTICLE = `Die Stadt plant neu.\n\n„Wir bauen die Brücke bis zum Sommer neu, und zwar ganz sicher“, sagte Brien am Montag.\n\n„Das kostet weniger“, sagte ein Beamter.\n`;
const SIDECAR = `version: 1
language: de
meta:
  published: 2024-05-03
  outlet: "<img src=x onerror=alert(1)>"
entities:
  brien:
    type: person
    name: '${HOSTILE_NAME.replace(/'/g, "''")}'
    aliases: [Brien]
    attributes:
      gender: "<b>female</b>"
quotes:
  - text: Wir bauen die Brücke
    speaker: brien
  - text: Das kostet weniger
    anonymous: ein Beamter
`;

function records(): ArticleRecord[] {
  const analysis = analyze({ article: ARTICLE, sidecar: SIDECAR });
  return [
    recordOf({ analysis, article: 'politik/<a>.txt', sidecar: 'politik/<a>.ann.yaml', markdown: false }),
    notAnnotatedRecord({ article: 'politik/"b".md', text: '---\noutlet: Zeitung\n---\nText.\n', markdown: true }),
    notAnnotatedRecord({ article: 'politik/c.txt', text: undefined, markdown: false, problem: 'EACCES <denied>' }),
  ];
}

function report(): Report {
  return buildReport(records(), { by: ['gender', 'published:month', 'outlet'] });
}

describe('sources report as HTML', () => {
  it('records the speaker, the anonymous source and the articles without a sidecar', () => {
    const built = report();
    assert.equal(built.totals.articles, 3);
    assert.equal(built.totals.annotated, 1);
    assert.equal(built.totals.notAnnotated, 1);
    assert.equal(built.totals.broken, 1);
    assert.equal(built.totals.attributed, 1);
    assert.equal(built.totals.anonymous, 1);
    assert.equal(built.speakers[0].name, HOSTILE_NAME);
    const unannotated = records()[1];
    assert.deepEqual(unannotated.meta, { outlet: 'Zeitung' });
  });

  it('escapes every text from the files', () => {
    const html = renderReportHtml(report(), { title: 'Report <of> "us"', mode: 'file' });
    assert.ok(!html.includes('<script>alert'), 'a speaker name became a script element');
    assert.ok(!html.includes('<img'), 'metadata became an element');
    assert.ok(!html.includes('<b>female'), 'an attribute value became an element');
    assert.ok(!html.includes('<a>.txt'), 'a path became an element');
    assert.ok(html.includes(escapeHtml(HOSTILE_NAME)));
    assert.ok(html.includes('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; O&#39;Brien &#38; Co'));
    assert.ok(html.includes('politik/&#34;b&#34;.md'));
    assert.ok(html.includes('EACCES &#60;denied&#62;'));
    assert.ok(html.includes('<title>Report &#60;of&#62; &#34;us&#34;</title>'));
  });

  it('writes a file of its own: no script, no resource from elsewhere, a strict CSP, print styles', () => {
    const html = renderReportHtml(report(), { title: 'Sources', mode: 'file' });
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('<meta charset="utf-8">'));
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      ),
    );
    assert.ok(!/<script/i.test(html), 'the file has a script');
    assert.ok(!/\b(?:src|href)=["']?(?:https?:)?\/\//i.test(html), 'the file loads something from elsewhere');
    assert.ok(!/@import|url\(/i.test(html), 'the styles load something');
    assert.ok(html.includes('@media print'));
    assert.ok(!html.includes('<button'), 'the file has buttons that do nothing');
    assert.ok(!html.includes('name="scope"'));
  });

  it('draws a chart per group as an image with a title, and the same numbers in a table', () => {
    const html = renderReportHtml(report(), { title: 'Sources', mode: 'file' });
    const charts = html.match(/<svg class="chart" role="img" aria-labelledby="(chart-\d+)"/g) ?? [];
    assert.equal(charts.length, 3);
    for (const chart of charts) {
      const id = /aria-labelledby="([^"]+)"/.exec(chart)![1];
      assert.ok(html.includes(`<title id="${id}">Share of quotes by `), `the chart ${id} has no title`);
    }
    // The speaker's gender, escaped, in the chart and in the table; the one quote is all of them.
    assert.ok(html.includes('&#60;b&#62;female&#60;/b&#62;: 100% of quotes (1 quote)'));
    assert.ok(html.includes('<caption>Quotes with a named speaker, by gender</caption>'));
    assert.ok(html.includes('2024-05'));
    assert.ok(html.includes('Articles quoting only anonymous sources'));
  });

  it('renders the panel with the nonce on its style and script, the CSP, the scope and sortable tables', () => {
    const html = renderReportHtml(report(), {
      title: 'Sources',
      mode: 'panel',
      nonce: 'abc123+/=',
      cspSource: 'https://webview.example',
      scope: 'folder',
      scopeLabel: 'politik/<x>/',
    });
    assert.ok(
      html.includes(
        `content="default-src 'none'; style-src https://webview.example 'nonce-abc123+/='; script-src 'nonce-abc123+/='; img-src https://webview.example data:"`,
      ),
    );
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123+/=">']);
    assert.ok(html.includes('<style nonce="abc123+/=">'));
    assert.ok(html.includes('acquireVsCodeApi()'));
    assert.ok(html.includes('var(--vscode-foreground)'));
    assert.ok(html.includes('var(--vscode-charts-blue)'));
    assert.ok(html.includes('<input type="radio" name="scope" id="scope-folder" value="folder" checked>'));
    assert.ok(html.includes('politik/&#60;x&#62;/'));
    assert.ok(html.includes('aria-sort="none"><button type="button" class="sort"'));
    // The speaker's key and name are escaped in the button that lists their quotes.
    assert.ok(
      html.includes(
        `<button type="button" class="speaker" data-speaker="brien" title="Show the quotes of ${escapeHtml(HOSTILE_NAME)}">`,
      ),
    );
    assert.ok(!/ style="/.test(html), 'a style attribute, which the CSP blocks');
  });

  it('shows the panel at most PANEL_ROW_LIMIT rows of a long list, and the file all of them', () => {
    const many = Array.from({ length: PANEL_ROW_LIMIT + 20 }, (_, i) =>
      notAnnotatedRecord({ article: `archiv/${String(i).padStart(4, '0')}.txt`, text: undefined, markdown: false }),
    );
    const built = buildReport(many);
    const panel = renderReportHtml(built, {
      title: 'Sources report',
      mode: 'panel',
      nonce: 'abc',
      cspSource: 'vscode-resource:',
      scope: 'workspace',
      scopeLabel: 'the workspace',
    });
    assert.equal(panel.match(/<li>archiv\//gu)?.length, PANEL_ROW_LIMIT);
    assert.match(panel, new RegExp(`The first ${PANEL_ROW_LIMIT} articles of ${PANEL_ROW_LIMIT + 20}`, 'u'));
    assert.match(panel, /Not annotated \(520\)/u);
    const file = renderReportHtml(built, { title: 'Sources report', mode: 'file' });
    assert.equal(file.match(/<li>archiv\//gu)?.length, PANEL_ROW_LIMIT + 20);
    assert.doesNotMatch(file, /The first/u);
  });

  it('says so when nothing is in scope', () => {
    const html = renderReportHtml(buildReport([]), { title: 'Sources', mode: 'file' });
    assert.ok(html.includes('No quote in scope is attributed to a named speaker.'));
    assert.ok(html.includes('0 articles'));
  });
});

describe('report records for the workspace index', () => {
  it('shortens the quotes’ words and keeps where each ends', () => {
    const analysis = analyze({ article: ARTICLE, sidecar: SIDECAR });
    const full = recordOf({ analysis, article: 'a.txt', sidecar: 'a.ann.yaml', markdown: false });
    const short = recordOf({ analysis, article: 'a.txt', sidecar: 'a.ann.yaml', markdown: false, maxTextLength: 20 });
    const quote = full.quotes[0];
    assert.ok(quote.text.startsWith('Wir bauen die Brücke bis zum Sommer neu'));
    assert.equal(short.quotes[0].text, 'Wir bauen die Brück…');
    assert.equal(short.quotes[0].words, quote.words);
    const lines = ARTICLE.split('\n');
    assert.equal(lines[quote.line].slice(quote.character, quote.endCharacter), quote.text);
    assert.equal(quote.endLine, quote.line);
  });

  it('lists an article without a sidecar as not annotated, or broken when it cannot be read', () => {
    const plain = notAnnotatedRecord({ article: 'x.txt', text: '---\na: b\n---\n', markdown: false });
    assert.equal(plain.status, 'not-annotated');
    assert.deepEqual(plain.meta, {});
    const unread = notAnnotatedRecord({ article: 'z.txt', text: undefined, markdown: false });
    assert.equal(unread.status, 'not-annotated');
    const broken = notAnnotatedRecord({
      article: 'y.md',
      text: undefined,
      markdown: true,
      problem: 'permission denied',
    });
    assert.equal(broken.status, 'broken');
    assert.equal(broken.problem, 'permission denied');
  });
});
