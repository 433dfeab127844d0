/**
 * The sources report as HTML: one document for a file that a browser opens and prints (the
 * command line's `--format html`), and the same body for the editor's Sources panel, in the
 * editor's colours, with a choice of scope, tables sorted by a click on a column, and each
 * speaker's name a button that lists their quotes. Pure: text in, text out. Every text that
 * comes from the files (names, paths, attribute values, metadata) is escaped.
 */

import { cutToCodePoints } from '../text/text';
import type { Group, GroupValue, Report, SpeakerRow } from './report';

/** Which articles the panel's report covers. */
export type ReportScope = 'article' | 'folder' | 'workspace';

export const REPORT_SCOPES: readonly ReportScope[] = ['article', 'folder', 'workspace'];

/**
 * The most rows the panel shows of each long list (speakers, entities, articles): a newsroom's
 * archive has thousands, which the editor would re-render on every change; the command line's
 * report lists them all.
 */
export const PANEL_ROW_LIMIT = 500;

export type ReportHtmlOptions =
  | {
      title: string;
      /** A document of its own: no script, no resource from elsewhere, printable. */
      mode: 'file';
    }
  | {
      title: string;
      /** The body of the editor's webview, which posts what the user asks for to the extension. */
      mode: 'panel';
      /** The nonce of this rendering's style and script, and the webview's source for the CSP. */
      nonce: string;
      cspSource: string;
      scope: ReportScope;
      /** What the scope is: the article's or folder's path, or the workspace. */
      scopeLabel: string;
    };

/** Text made safe for an element's content or an attribute's value in double quotes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value of our own making (no quotes inside) for an attribute in double quotes. */
function attribute(value: string): string {
  return value.replace(/[&"<>]/gu, (c) => `&#${c.charCodeAt(0)};`);
}

function integer(n: number): string {
  return n.toLocaleString('en-US');
}

function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('en-US')}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${integer(n)} ${n === 1 ? one : many}`;
}

type Cell = { html: string; sort: string | number };

interface Column {
  label: string;
  numeric?: boolean;
}

/** A rendering's state: ids are numbered per document. */
class Writer {
  private nextId = 0;
  /** The most rows of a long list this rendering shows. */
  readonly rowLimit: number;
  constructor(readonly panel: boolean) {
    this.rowLimit = panel ? PANEL_ROW_LIMIT : Infinity;
  }

  id(prefix: string): string {
    return `${prefix}-${++this.nextId}`;
  }

  /**
   * A table; in the panel its column headers are buttons that sort it, and each cell carries the
   * value it sorts by.
   */
  table(caption: string, columns: Column[], rows: Cell[][], className = ''): string {
    const id = this.id('table');
    const head = columns
      .map((column, index) => {
        const label = escapeHtml(column.label);
        const cls = column.numeric ? ' class="num"' : '';
        if (!this.panel) return `<th scope="col"${cls}>${label}</th>`;
        return (
          `<th scope="col"${cls} aria-sort="none"><button type="button" class="sort" id="${id}-c${index}" ` +
          `data-column="${index}" data-numeric="${column.numeric ? 1 : 0}" ` +
          `title="Sort by ${label}">${label}<span class="arrow" aria-hidden="true"></span></button></th>`
        );
      })
      .join('');
    const body = rows
      .map(
        (row) =>
          '<tr>' +
          row
            .map((cell, index) => {
              const cls = columns[index]?.numeric ? ' class="num"' : '';
              const sort = this.panel ? ` data-sort="${escapeHtml(String(cell.sort))}"` : '';
              return `<td${cls}${sort}>${cell.html}</td>`;
            })
            .join('') +
          '</tr>',
      )
      .join('\n');
    const classes = ['data', className, this.panel ? 'sortable' : ''].filter(Boolean).join(' ');
    return (
      `<table class="${classes}" id="${id}"><caption>${escapeHtml(caption)}</caption>` +
      `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
    );
  }
}

function text(value: string): Cell {
  return { html: escapeHtml(value), sort: value.toLocaleLowerCase('en-US') };
}

function number(value: number, shown = integer(value)): Cell {
  return { html: shown, sort: value };
}

/** The CSP of a rendering: nothing from elsewhere; in the panel, only this rendering's style and script. */
function contentSecurityPolicy(options: ReportHtmlOptions): string {
  if (options.mode === 'file') return "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  const nonce = `'nonce-${options.nonce}'`;
  return `default-src 'none'; style-src ${options.cspSource} ${nonce}; script-src ${nonce}; img-src ${options.cspSource} data:`;
}

const FILE_COLOURS = `
:root { color-scheme: light; --fg: #1d1d1f; --bg: #fff; --muted: #5f6368; --line: #d0d4d9; --head: #f3f4f6;
  --bar: #2f6db5; --bar-unknown: #9aa0a6; --focus: #0b57d0; --link: #0b57d0; }
`;

const PANEL_COLOURS = `
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --line: var(--vscode-panel-border, var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.35)));
  --head: var(--vscode-editorWidget-background, transparent); --bar: var(--vscode-charts-blue);
  --bar-unknown: var(--vscode-charts-lines, #888); --focus: var(--vscode-focusBorder); --link: var(--vscode-textLink-foreground); }
`;

const PANEL_FONT = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
`;

const STYLE = `
body { color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 0.4rem; }
.subtitle, .note, caption { color: var(--muted); }
caption { text-align: left; font-size: 0.85em; padding: 0.2rem 0; caption-side: top; }
table { border-collapse: collapse; margin: 0.25rem 0 1rem; min-width: 20rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
thead th { background: var(--head); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.totals th { font-weight: normal; }
table.totals td { font-weight: 600; }
.attributes { color: var(--muted); font-size: 0.9em; }
.date { white-space: nowrap; }
.chart { display: block; max-width: 100%; height: auto; }
.chart text { fill: var(--fg); font-size: 12px; font-family: inherit; }
.chart .bar { fill: var(--bar); }
.chart .bar.unknown { fill: var(--bar-unknown); }
.chart .track { fill: var(--line); opacity: 0.35; }
ul.plain { padding-left: 1.2rem; }
.problem { color: var(--muted); }
button { font: inherit; color: inherit; }
button.sort { background: none; border: 0; padding: 0; cursor: pointer; font-weight: 600; text-align: inherit; }
button.sort .arrow::after { content: ""; margin-left: 0.3em; }
th[aria-sort="ascending"] button.sort .arrow::after { content: "▲"; }
th[aria-sort="descending"] button.sort .arrow::after { content: "▼"; }
button.speaker { background: none; border: 0; padding: 0; cursor: pointer; color: var(--link); text-decoration: underline; text-align: left; }
button:focus-visible, input:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
fieldset.scope { border: 1px solid var(--line); padding: 0.3rem 0.8rem 0.5rem; margin: 0.5rem 0; display: inline-block; }
fieldset.scope label { margin-right: 1rem; white-space: nowrap; }
.warnings li { margin: 0.2rem 0; }
`;

/** Printed: black on white, a page per section, no row cut in half, headers repeated on each page. */
const PRINT = `
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --line: #999; --head: #eee; --bar: #333; --bar-unknown: #888; }
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; background: #fff; }
  section.page { break-before: page; }
  h2, h3, caption { break-after: avoid; }
  table { break-inside: auto; }
  tr, .chart, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  fieldset.scope { display: none; }
}
`;

/** The chart of a group: one bar per value, as long as its share of the quotes. */
function groupChart(group: Group, writer: Writer): string {
  const id = writer.id('chart');
  const values = group.values;
  const labelWidth = 170;
  const barWidth = 330;
  const rowHeight = 26;
  const height = Math.max(1, values.length) * rowHeight + 8;
  const description = values
    .map((v) => `${v.value}: ${percent(v.quoteShare)} of quotes (${plural(v.quotes, 'quote')})`)
    .join('; ');
  const title = `Share of quotes by ${group.given}. ${description || 'No quotes.'}`;
  const bars = values
    .map((v, index) => {
      const y = index * rowHeight + 4;
      const width = Math.round(v.quoteShare * barWidth * 10) / 10;
      const cls = v.value === 'unknown' ? 'bar unknown' : 'bar';
      return (
        `<g><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(cutToCodePoints(v.value, 24))}</text>` +
        `<rect class="track" x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 8}"></rect>` +
        `<rect class="${cls}" x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 8}"></rect>` +
        `<text x="${labelWidth + barWidth + 8}" y="${y + 16}">${percent(v.quoteShare)} · ${plural(v.quotes, 'quote')}</text></g>`
      );
    })
    .join('');
  const width = labelWidth + barWidth + 170;
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title id="${id}">${escapeHtml(title)}</title>${bars}</svg>`
  );
}

function groupSection(group: Group, writer: Writer): string {
  const owner =
    group.of === 'entity' ? `the speakers’ ${group.key === 'type' ? 'type' : 'attribute'}` : 'the articles’ metadata';
  const period = group.period ? `, by ${group.period}` : '';
  const heading = `By ${group.given}`;
  const columns: Column[] = [
    { label: group.given },
    { label: 'Quotes', numeric: true },
    { label: 'Share of quotes', numeric: true },
    { label: 'Speakers', numeric: true },
    { label: 'Words', numeric: true },
    { label: 'Share of words', numeric: true },
    ...(group.of === 'article'
      ? [
          { label: 'Articles', numeric: true },
          { label: 'Anonymous quotes', numeric: true },
        ]
      : []),
  ];
  const rows = group.values.map((v: GroupValue): Cell[] => [
    text(v.value),
    number(v.quotes),
    number(v.quoteShare, percent(v.quoteShare)),
    number(v.speakers),
    number(v.words),
    number(v.wordShare, percent(v.wordShare)),
    ...(group.of === 'article' ? [number(v.articles), number(v.anonymous)] : []),
  ]);
  const body =
    group.values.length === 0
      ? '<p class="note">No quote in scope has a named speaker.</p>'
      : `${groupChart(group, writer)}\n${writer.table(`Quotes with a named speaker, by ${group.given}`, columns, rows)}`;
  return `<h3>${escapeHtml(heading)} <span class="note">(${escapeHtml(owner + period)})</span></h3>\n${body}`;
}

function attributesOf(row: SpeakerRow): string {
  return Object.entries(row.attributes)
    .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
    .join(', ');
}

function articleRef(ref: { article: string; published: string | null }): Cell {
  // A long path may break after a slash, rather than push the table past the page; a date never.
  const path = escapeHtml(ref.article).replace(/\//gu, '/<wbr>');
  const html = ref.published ? `${path} <span class="date">(${escapeHtml(ref.published)})</span>` : path;
  return { html, sort: `${ref.published ?? '9999'} ${ref.article}` };
}

/** The first rows of a list that the rendering shows, and a note on the rest. */
function shownOf<T>(rows: readonly T[], writer: Writer, what: string): { shown: readonly T[]; note: string } {
  if (rows.length <= writer.rowLimit) return { shown: rows, note: '' };
  return {
    shown: rows.slice(0, writer.rowLimit),
    note:
      `<p class="note">The first ${integer(writer.rowLimit)} ${what} of ${integer(rows.length)}; ` +
      '<code>article-annotations report --format html</code> lists them all.</p>',
  };
}

function speakersSection(report: Report, writer: Writer): string {
  if (report.speakers.length === 0) return '<p class="note">No quote in scope is attributed to a named speaker.</p>';
  const columns: Column[] = [
    { label: 'Name' },
    { label: 'Type' },
    { label: 'Quotes', numeric: true },
    { label: 'Words', numeric: true },
    { label: 'Articles', numeric: true },
    { label: 'First quoted in' },
    { label: 'Last quoted in' },
    { label: 'Attributes' },
  ];
  const { shown, note } = shownOf(report.speakers, writer, 'speakers, by quotes,');
  const rows = shown.map((row): Cell[] => {
    const name = escapeHtml(row.name);
    const nameHtml = writer.panel
      ? `<button type="button" class="speaker" data-speaker="${escapeHtml(row.key)}" title="Show the quotes of ${name}">${name}</button>`
      : name;
    return [
      { html: nameHtml, sort: row.name.toLocaleLowerCase('en-US') },
      text(row.type),
      number(row.quotes),
      number(row.words),
      number(row.articles),
      articleRef(row.first),
      articleRef(row.last),
      { html: `<span class="attributes">${attributesOf(row)}</span>`, sort: attributesOf(row) },
    ];
  });
  return writer.table('Speakers by quotes, then words', columns, rows, 'speakers') + note;
}

function mentionedSection(report: Report, writer: Writer): string {
  if (report.mentioned.length === 0) return '<p class="note">No annotated entity is mentioned in scope.</p>';
  const columns: Column[] = [
    { label: 'Name' },
    { label: 'Type' },
    { label: 'Mentioned in', numeric: true },
    { label: 'Quoted in', numeric: true },
    { label: 'Quotes', numeric: true },
  ];
  const { shown, note } = shownOf(report.mentioned, writer, 'entities, by the articles that mention them,');
  const rows = shown.map((row): Cell[] => [
    text(row.name),
    text(row.type),
    number(row.mentionedIn),
    number(row.quotedIn),
    number(row.quotes),
  ]);
  return (
    writer.table('Entities by the articles that mention them, against those that quote them', columns, rows) + note
  );
}

function totalsSection(report: Report): string {
  const t = report.totals;
  const rows: [string, string][] = [
    ['Articles', integer(t.articles)],
    ['Annotated', integer(t.annotated)],
    ['Not annotated', integer(t.notAnnotated)],
    ['Broken (sidecar or article unreadable)', integer(t.broken)],
    ['Quotes of speech', integer(t.quotes)],
    ['Attributed to a named speaker', integer(t.attributed)],
    ['From anonymous sources', `${integer(t.anonymous)} (${percent(t.anonymousShare)} of quotes)`],
    ['Unattributed', integer(t.unattributed)],
    ['Quoted terms, names and titles', integer(t.terms)],
    ['Words in quotes of speech', integer(t.words)],
    ['Speakers quoted', integer(t.speakers)],
    ['Entities mentioned but never quoted', `${integer(t.mentionedNotQuoted)} of ${integer(t.mentioned)}`],
    [
      'Articles quoting only anonymous sources',
      `${integer(t.onlyAnonymousArticles)} (${percent(t.onlyAnonymousShare)} of articles with attributed quotes)`,
    ],
  ];
  const body = rows.map(
    ([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${value}</td></tr>`,
  );
  return `<table class="totals"><caption>Totals</caption><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

function articlesSection(report: Report, writer: Writer): string {
  const allNotAnnotated = report.articles.filter((row) => row.status === 'not-annotated');
  const allBroken = report.articles.filter((row) => row.status === 'broken');
  const { shown: notAnnotated, note: notAnnotatedNote } = shownOf(allNotAnnotated, writer, 'articles');
  const { shown: broken, note: brokenNote } = shownOf(allBroken, writer, 'articles');
  const parts: string[] = [];
  parts.push(`<h3>Not annotated (${integer(allNotAnnotated.length)})</h3>`);
  parts.push(
    notAnnotated.length === 0
      ? '<p class="note">Every article has a sidecar.</p>'
      : `<ul class="plain">${notAnnotated.map((row) => `<li>${escapeHtml(row.article)}</li>`).join('')}</ul>`,
  );
  parts.push(notAnnotatedNote);
  parts.push(`<h3>Broken (${integer(allBroken.length)})</h3>`);
  parts.push(
    broken.length === 0
      ? '<p class="note">Every sidecar and article could be read.</p>'
      : `<ul class="plain">${broken
          .map(
            (row) =>
              `<li>${escapeHtml(row.article)}${row.problem ? ` <span class="problem">— ${escapeHtml(row.problem)}</span>` : ''}</li>`,
          )
          .join('')}</ul>`,
  );
  parts.push(brokenNote);
  return parts.filter(Boolean).join('\n');
}

function scopeChoice(scope: ReportScope, label: string): string {
  const names: Record<ReportScope, string> = { article: 'This article', folder: 'Its folder', workspace: 'Workspace' };
  const radios = REPORT_SCOPES.map(
    (value) =>
      `<label><input type="radio" name="scope" id="scope-${value}" value="${value}"${value === scope ? ' checked' : ''}> ${names[value]}</label>`,
  ).join('\n');
  return (
    `<fieldset class="scope"><legend>Scope</legend>\n${radios}\n</fieldset>` +
    `<p class="subtitle" id="scope-label">${escapeHtml(label)}</p>`
  );
}

/**
 * The webview's script: posts the scope chosen and the speaker whose quotes to show, sorts the
 * tables by the column whose header is pressed, and keeps the sort and the focus across the
 * renderings that follow (the extension replaces the page when the report changes).
 */
const PANEL_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const state = vscode.getState() || { sort: {} };
  if (!state.sort) state.sort = {};
  function save() { vscode.setState(state); }
  function focusOf(element) {
    if (element && element.dataset && element.dataset.speaker !== undefined) return { speaker: element.dataset.speaker };
    return element && element.id ? { id: element.id } : null;
  }
  function sort(table, column, direction) {
    const tbody = table.tBodies[0];
    const rows = Array.from(tbody.rows);
    const header = table.tHead.rows[0].cells[column];
    const numeric = header.querySelector('button').dataset.numeric === '1';
    const key = (row) => row.cells[column].dataset.sort || '';
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      return direction === 'ascending' ? order : -order;
    });
    for (const row of rows) tbody.appendChild(row);
    for (const cell of table.tHead.rows[0].cells) cell.setAttribute('aria-sort', 'none');
    header.setAttribute('aria-sort', direction);
  }
  document.querySelectorAll('input[name="scope"]').forEach((input) => {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.focus = { id: input.id };
      save();
      vscode.postMessage({ type: 'scope', scope: input.value });
    });
  });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    if (button.dataset.speaker !== undefined) {
      state.focus = focusOf(button);
      save();
      vscode.postMessage({ type: 'showQuotes', speaker: button.dataset.speaker });
    } else if (button.dataset.column !== undefined) {
      const table = button.closest('table');
      const column = Number(button.dataset.column);
      const current = button.closest('th').getAttribute('aria-sort');
      const numeric = button.dataset.numeric === '1';
      const direction =
        current === 'none' ? (numeric ? 'descending' : 'ascending') : current === 'ascending' ? 'descending' : 'ascending';
      sort(table, column, direction);
      state.sort[table.id] = { column, direction };
      state.focus = focusOf(button);
      save();
    }
  });
  document.addEventListener('focusin', (event) => {
    const focus = focusOf(event.target);
    if (focus) {
      state.focus = focus;
      save();
    }
  });
  for (const [id, order] of Object.entries(state.sort)) {
    const table = document.getElementById(id);
    if (table && table.tHead && table.tHead.rows[0].cells[order.column]) sort(table, order.column, order.direction);
  }
  const focus = state.focus;
  let target = null;
  if (focus && focus.id) target = document.getElementById(focus.id);
  else if (focus && focus.speaker !== undefined)
    target = Array.from(document.querySelectorAll('button.speaker')).find((b) => b.dataset.speaker === focus.speaker) || null;
  if (target) target.focus();
})();
`;

/** The report as an HTML document: a file of its own, or the Sources panel's page. */
export function renderReportHtml(report: Report, options: ReportHtmlOptions): string {
  const panel = options.mode === 'panel';
  const writer = new Writer(panel);
  const nonce = panel ? ` nonce="${attribute(options.nonce)}"` : '';
  const t = report.totals;
  const summary =
    `${plural(t.articles, 'article')}, ${plural(t.quotes, 'quote')} of speech, ` +
    `${plural(t.speakers, 'speaker')} quoted`;
  const sections: string[] = [];
  sections.push(`<section id="totals"><h2>Totals</h2>\n${totalsSection(report)}\n</section>`);
  if (report.groups.length > 0) {
    sections.push(
      `<section id="groups" class="page"><h2>Groups</h2>\n<p class="note">Shares are of the quotes with a named speaker.</p>\n` +
        `${report.groups.map((group) => groupSection(group, writer)).join('\n')}\n</section>`,
    );
  }
  sections.push(
    `<section id="speakers" class="page"><h2>Speakers</h2>\n${speakersSection(report, writer)}\n</section>`,
  );
  sections.push(
    `<section id="mentioned" class="page"><h2>Mentioned and quoted</h2>\n${mentionedSection(report, writer)}\n</section>`,
  );
  sections.push(
    `<section id="articles" class="page"><h2>Articles</h2>\n${articlesSection(report, writer)}\n</section>`,
  );
  if (report.warnings.length > 0) {
    sections.push(
      `<section id="warnings" class="warnings"><h2>Warnings</h2>\n<ul>${report.warnings
        .map((warning) => `<li>${escapeHtml(warning)}</li>`)
        .join('')}</ul>\n</section>`,
    );
  }
  const header =
    `<header><h1>${escapeHtml(options.title)}</h1>` +
    (panel ? scopeChoice(options.scope, options.scopeLabel) : '') +
    `<p class="subtitle">${summary}</p></header>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(options))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style${nonce}>${panel ? PANEL_COLOURS : FILE_COLOURS}${STYLE}${panel ? PANEL_FONT : ''}${PRINT}</style>`,
    '</head>',
    `<body class="${options.mode}">`,
    header,
    `<main>\n${sections.join('\n')}\n</main>`,
    panel ? `<script${nonce}>${PANEL_SCRIPT}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
