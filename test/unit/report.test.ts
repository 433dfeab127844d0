/**
 * Report records, the report and its formats, in process: records are made from the articles of
 * test/fixtures/report/newsroom/ read and analysed as the command line does, and from records
 * written by hand for what the fixture does not show.
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  analyze,
  buildReport,
  CSV_COLUMNS,
  formatCsv,
  formatJsonl,
  formatTable,
  notAnnotatedRecord,
  quoteRows,
  recordOf,
  type ArticleRecord,
} from '../../server/src/core';
import { analyzePair, diskAccessThrough, findPairs, portable, synchronousCalls } from '../../server/src/files';
import { RegistryReader } from '../../server/src/registries';
import { terminalSafe } from '../../server/src/terminalText';

const NEWSROOM = path.resolve(__dirname, '../../../test/fixtures/report/newsroom');
const SETTINGS = { maxFileSize: 5 * 1024 * 1024 };
const SUFFIX = '.ann.yaml';

/** Paths as the records name them: relative to the fixture folder. */
const shown = (file: string): string => portable(path.relative(NEWSROOM, file));

async function newsroomRecords(): Promise<ArticleRecord[]> {
  const disk = diskAccessThrough(synchronousCalls);
  const reader = new RegistryReader(disk, synchronousCalls, shown);
  const { pairs } = await findPairs([NEWSROOM], SUFFIX, synchronousCalls);
  const records: ArticleRecord[] = [];
  for (const pair of pairs) {
    const { chain } = await reader.forPair(pair, SUFFIX, SETTINGS.maxFileSize);
    const result = await analyzePair(pair, SETTINGS, SUFFIX, undefined, disk, chain);
    records.push(
      recordOf({
        analysis: result.analysis,
        article: shown(result.article),
        sidecar: result.sidecar === undefined ? undefined : shown(result.sidecar),
        markdown: result.article.endsWith('.md'),
      }),
    );
  }
  records.push(notAnnotatedRecord({ article: 'culture/concert.txt', text: undefined, markdown: false }));
  return records;
}

/** A record written by hand: one speaker with an awkward name, an anonymous quote and a term. */
function handRecord(): ArticleRecord {
  return {
    article: 'desk/a.txt',
    sidecar: 'desk/a.ann.yaml',
    status: 'annotated',
    problem: null,
    meta: { outlet: 'Post, Evening', published: '2023-11-30' },
    metaProblem: null,
    quotes: [
      {
        line: 0,
        character: 1,
        offset: 1,
        endLine: 0,
        endCharacter: 14,
        kind: 'speech',
        speaker: 'x',
        anonymous: null,
        via: null,
        unattributed: false,
        words: 3,
        text: 'one two three',
      },
      {
        line: 2,
        character: 0,
        offset: 30,
        endLine: 2,
        endCharacter: 9,
        kind: 'speech',
        speaker: null,
        anonymous: 'an aide',
        via: null,
        unattributed: false,
        words: 2,
        text: 'four five',
      },
      {
        line: 3,
        character: 4,
        offset: 44,
        endLine: 3,
        endCharacter: 10,
        kind: 'term',
        speaker: null,
        anonymous: null,
        via: null,
        unattributed: false,
        words: 1,
        text: 'six',
      },
    ],
    mentioned: ['x'],
    entities: {
      x: {
        key: 'x',
        id: 'x',
        name: 'Said "Bo", Jr.\u001b[31m',
        type: 'person',
        registry: null,
        attributes: { party: 'Green' },
      },
    },
  };
}

describe('report records', function () {
  it('records the fixture: statuses, quotes, words over two paragraphs, meta', async function () {
    const records = await newsroomRecords();
    const byArticle = new Map(records.map((record) => [record.article, record]));
    assert.deepEqual([...byArticle.values()].map((record) => [record.article, record.status]).sort(), [
      ['culture/broken.txt', 'broken'],
      ['culture/concert.txt', 'not-annotated'],
      ['politics/budget.txt', 'annotated'],
      ['politics/tram.md', 'annotated'],
    ]);
    const tram = byArticle.get('politics/tram.md')!;
    assert.deepEqual(
      tram.quotes.map((quote) => [quote.speaker, quote.words, quote.line, quote.endLine]),
      [
        ['entities.ann.yaml#paul-kern', 27, 8, 10],
        ['entities.ann.yaml#anna-berg', 10, 12, 12],
        ['jo-lind', 8, 14, 14],
        [null, 2, 16, 16],
      ],
    );
    assert.deepEqual(tram.meta, { outlet: 'Bote', published: '2024-06-11', author: 'Lena Vogt' });
    assert.deepEqual(tram.entities['entities.ann.yaml#anna-berg'].attributes, { gender: 'female', role: 'minister' });
    assert.equal(byArticle.get('culture/broken.txt')!.quotes.length, 0);
    assert.match(byArticle.get('culture/broken.txt')!.problem ?? '', /Flow sequence/u);
  });

  it('makes a sidecar too large to analyse a broken article', function () {
    const sidecar = 'version: 1\nquotes:\n  - text: one two three\n    speaker: x\n';
    const analysis = analyze({
      article: '“one two three,” he said.',
      sidecar,
      settings: { maxFileSize: sidecar.length - 1 },
    });
    const record = recordOf({ analysis, article: 'a.txt', sidecar: 'a.ann.yaml', markdown: false });
    assert.equal(record.status, 'broken');
    assert.match(record.problem ?? '', /more than the limit/u);
  });
});

describe('sources report', function () {
  it('counts the fixture exactly, whatever the order of the records', async function () {
    const records = await newsroomRecords();
    const report = buildReport(records, { by: ['gender', 'outlet', 'published:month', 'type'] });
    assert.deepEqual(buildReport([...records].reverse(), { by: report.by }), report);
    const { totals } = report;
    assert.deepEqual(
      [totals.articles, totals.annotated, totals.notAnnotated, totals.broken],
      [4, 2, 1, 1],
      'articles by state',
    );
    assert.deepEqual(
      [totals.quotes, totals.attributed, totals.anonymous, totals.unattributed, totals.via, totals.words, totals.terms],
      [7, 5, 1, 1, 1, 74, 0],
      'quotes',
    );
    assert.deepEqual([totals.speakers, totals.mentioned, totals.mentionedNotQuoted], [3, 4, 1]);
    assert.deepEqual(
      report.speakers.map((row) => [
        row.name,
        row.quotes,
        row.words,
        row.articles,
        row.first.published,
        row.last.published,
      ]),
      [
        ['Anna Berg', 3, 28, 2, '2024-05-03', '2024-06-11'],
        ['Paul Kern', 1, 27, 1, '2024-06-11', '2024-06-11'],
        ['Jo Lind', 1, 8, 1, '2024-06-11', '2024-06-11'],
      ],
    );
    const values = report.groups.map((group) =>
      group.values.map((value) => [value.value, value.speakers, value.quotes, value.words, value.articles]),
    );
    assert.deepEqual(values[0], [
      ['female', 2, 4, 36, 2],
      ['male', 1, 1, 27, 1],
    ]);
    assert.deepEqual(values[1], [
      ['Bote', 3, 3, 45, 1],
      ['Kurier', 1, 2, 18, 1],
      ['unknown', 0, 0, 0, 1],
    ]);
    assert.deepEqual(values[2], [
      ['2024-05', 1, 2, 18, 1],
      ['2024-06', 3, 3, 45, 1],
      ['unknown', 0, 0, 0, 1],
    ]);
    assert.deepEqual(values[3], [['person', 3, 5, 63, 2]]);
    assert.deepEqual(
      report.mentioned.filter((row) => row.quotedIn === 0).map((row) => row.name),
      ['Nordpresse'],
    );
  });
});

describe('report formats', function () {
  it('writes CSV by RFC 4180 with a column per attribute key', function () {
    const report = buildReport([handRecord()]);
    const csv = formatCsv(report);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], [...CSV_COLUMNS, 'attributes.party'].join(','));
    assert.equal(
      lines[1],
      'x,x,"Said ""Bo"", Jr.\u001b[31m",person,,1,3,1,1,0,desk/a.txt,2023-11-30,desk/a.txt,2023-11-30,Green',
    );
    assert.equal(lines[2], '');
    assert.equal(lines.length, 3);
    assert.ok(formatCsv(report, { escape: terminalSafe }).includes('Jr.\\u{1b}[31m'));
  });

  it('keeps a name that a spreadsheet would run as a formula as text', function () {
    const record = handRecord();
    const entity = Object.values(record.entities)[0];
    record.entities[entity.key] = { ...entity, name: '=HYPERLINK("http://x","y")', attributes: { party: '@SUM(1)' } };
    const line = formatCsv(buildReport([record])).split('\r\n')[1];
    assert.ok(line.includes(`"'=HYPERLINK(""http://x"",""y"")"`), line);
    assert.ok(line.endsWith(",'@SUM(1)"), line);
  });

  it('writes a JSON line per quote, terms included', function () {
    const record = handRecord();
    const rows = quoteRows([record, notAnnotatedRecord({ article: 'desk/b.txt', text: undefined, markdown: false })]);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], {
      article: 'desk/a.txt',
      sidecar: 'desk/a.ann.yaml',
      line: 1,
      column: 2,
      offset: 1,
      end_line: 1,
      end_column: 15,
      kind: 'speech',
      speaker_id: 'x',
      speaker_key: 'x',
      speaker_name: 'Said "Bo", Jr.\u001b[31m',
      speaker_type: 'person',
      speaker_attributes: { party: 'Green' },
      anonymous: null,
      via: null,
      words: 3,
      text: 'one two three',
      unattributed: false,
      meta: { outlet: 'Post, Evening', published: '2023-11-30' },
    });
    assert.equal(rows[1].anonymous, 'an aide');
    assert.equal(rows[1].speaker_attributes, null);
    assert.equal(rows[2].kind, 'term');
    const jsonl = formatJsonl([record]);
    assert.equal(jsonl.split('\n').length, 4);
    assert.ok(jsonl.endsWith('}\n'));
    assert.ok(!jsonl.includes('\u001b'), 'JSON escapes control characters');
  });

  it('shows a table with control characters escaped', function () {
    const report = buildReport(
      [handRecord(), notAnnotatedRecord({ article: 'desk/\u001b]0;x.txt', text: undefined, markdown: false })],
      { by: ['party', 'nothing'] },
    );
    const table = formatTable(report, { escape: terminalSafe });
    const controls = [...table].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'));
    assert.deepEqual(controls, [], 'no control character but line feeds');
    for (const line of [
      'Sources report: 2 articles (1 annotated, 1 not annotated, 0 broken)',
      '  quotes of speech                             2',
      '    anonymous                                  1  50.0%',
      '  terms                                        1',
      '  1  Said "Bo", Jr.\\u{1b}[31m  person       1      3         1  party=Green',
      'By party (speaker party)',
      'Not annotated (1)',
      '  desk/\\u{1b}]0;x.txt',
      'Warnings',
      "  --by nothing: no speaker has the attribute 'nothing'; all are unknown.",
    ]) {
      assert.ok(table.includes(line + '\n'), `missing line '${line}' in:\n${table}`);
    }
  });
});
