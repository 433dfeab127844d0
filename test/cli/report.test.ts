/**
 * `article-annotations report` end to end: the bundled `dist/cli.js` runs as a child process
 * in a temporary copy of test/fixtures/report/ (so that `--out` can write there and no
 * settings of this repository apply), and the tests check the exit code, the outputs and the
 * exact figures of the fixture.
 *
 * The fixture `newsroom/`: a registry with attributes; `politics/budget.txt`, with a named
 * speaker of the registry, an anonymous source and a quote taken via an outlet, and `meta:` in
 * its sidecar; `politics/tram.md`, with front matter, a quote over two paragraphs, a sidecar
 * that extends a registry entity and defines a person of its own, and an unattributed quote;
 * `culture/concert.txt` without a sidecar; `culture/broken.ann.yaml` with a YAML syntax error.
 *
 * The tests build nothing themselves: `npm test` builds `dist/cli.js` before mocha runs.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/report');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Row {
  article: string;
  line: number;
  column: number;
  kind: string;
  speaker_key: string | null;
  speaker_name: string | null;
  speaker_attributes: Record<string, string> | null;
  anonymous: string | null;
  via: string | null;
  words: number;
  unattributed: boolean;
  meta: Record<string, string>;
}

interface ReportJson {
  totals: Record<string, number>;
  speakers: { key: string; name: string; quotes: number; words: number; articles: number; via: number }[];
  groups: { given: string; of: string; values: { value: string; speakers: number; quotes: number; words: number }[] }[];
  articles: { article: string; status: string; problem: string | null }[];
  warnings: string[];
}

/** The 1-based line and column of the first `needle` in a fixture file. */
function at(file: string, needle: string): [number, number] {
  const text = fs.readFileSync(path.join(FIXTURE, file), 'utf8');
  const lines = text.slice(0, text.indexOf(needle)).split('\n');
  return [lines.length, lines[lines.length - 1].length + 1];
}

describe('report command', function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
    fs.cpSync(FIXTURE, dir, { recursive: true });
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(...args: string[]): Run {
    const child = spawnSync(process.execPath, [CLI, 'report', ...args], { cwd: dir, encoding: 'utf8' });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  }

  function json(...args: string[]): ReportJson {
    const result = run(...args, '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as ReportJson;
  }

  function rows(...args: string[]): Row[] {
    const result = run(...args, '--format', 'jsonl');
    assert.equal(result.status, 0, result.stderr);
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row);
  }

  it('counts the totals and lists articles without a sidecar and broken ones', function () {
    const result = run('newsroom', '--format', 'json');
    assert.equal(result.status, 0);
    assert.match(result.stderr, /1 article could not be read/u);
    const report = JSON.parse(result.stdout) as ReportJson;
    assert.deepEqual(
      {
        articles: report.totals.articles,
        annotated: report.totals.annotated,
        notAnnotated: report.totals.notAnnotated,
        broken: report.totals.broken,
        quotes: report.totals.quotes,
        attributed: report.totals.attributed,
        anonymous: report.totals.anonymous,
        unattributed: report.totals.unattributed,
        via: report.totals.via,
        words: report.totals.words,
        speakers: report.totals.speakers,
        mentionedNotQuoted: report.totals.mentionedNotQuoted,
      },
      {
        articles: 4,
        annotated: 2,
        notAnnotated: 1,
        broken: 1,
        quotes: 7,
        attributed: 5,
        anonymous: 1,
        unattributed: 1,
        via: 1,
        words: 74,
        speakers: 3,
        mentionedNotQuoted: 1,
      },
    );
    assert.deepEqual(
      report.articles.map(({ article, status }) => [article, status]),
      [
        ['newsroom/culture/broken.txt', 'broken'],
        ['newsroom/culture/concert.txt', 'not-annotated'],
        ['newsroom/politics/budget.txt', 'annotated'],
        ['newsroom/politics/tram.md', 'annotated'],
      ],
    );
    assert.match(report.articles[0].problem ?? '', /Flow sequence/u);
  });

  it('counts the speakers, a quote over two paragraphs with all its words', function () {
    const report = json('newsroom');
    assert.deepEqual(
      report.speakers.map(({ key, name, quotes, words, articles, via }) => ({
        key,
        name,
        quotes,
        words,
        articles,
        via,
      })),
      [
        {
          key: 'newsroom/entities.ann.yaml#anna-berg',
          name: 'Anna Berg',
          quotes: 3,
          words: 28,
          articles: 2,
          via: 1,
        },
        { key: 'newsroom/entities.ann.yaml#paul-kern', name: 'Paul Kern', quotes: 1, words: 27, articles: 1, via: 0 },
        { key: 'jo-lind', name: 'Jo Lind', quotes: 1, words: 8, articles: 1, via: 0 },
      ],
    );
  });

  it('groups by gender, by outlet and by month', function () {
    const report = json('newsroom', '--by', 'gender', '--by', 'outlet', '--by', 'published:month');
    const values = (k: number) =>
      report.groups[k].values.map(({ value, speakers, quotes, words }) => [value, speakers, quotes, words]);
    assert.deepEqual(
      report.groups.map(({ given, of }) => [given, of]),
      [
        ['gender', 'entity'],
        ['outlet', 'article'],
        ['published:month', 'article'],
      ],
    );
    assert.deepEqual(values(0), [
      ['female', 2, 4, 36],
      ['male', 1, 1, 27],
    ]);
    // The front matter's outlet, and the sidecar's published over the front matter's.
    assert.deepEqual(values(1), [
      ['Bote', 3, 3, 45],
      ['Kurier', 1, 2, 18],
      ['unknown', 0, 0, 0],
    ]);
    assert.deepEqual(values(2), [
      ['2024-05', 1, 2, 18],
      ['2024-06', 3, 3, 45],
      ['unknown', 0, 0, 0],
    ]);
    assert.deepEqual(report.warnings, []);
  });

  it('writes one JSON line per quote', function () {
    const all = rows('newsroom');
    const budget = 'newsroom/politics/budget.txt';
    const tram = 'newsroom/politics/tram.md';
    assert.deepEqual(
      all.map((row) => [
        row.article,
        row.line,
        row.column,
        row.kind,
        row.speaker_name,
        row.anonymous,
        row.via,
        row.words,
      ]),
      [
        [budget, ...at(budget, 'We have found'), 'speech', 'Anna Berg', null, null, 11],
        [budget, ...at(budget, 'Nobody here'), 'speech', null, 'a council clerk', null, 9],
        [budget, ...at(budget, 'The harbour'), 'speech', 'Anna Berg', null, 'nordpresse', 7],
        [tram, ...at(tram, 'The first line'), 'speech', 'Paul Kern', null, null, 27],
        [tram, ...at(tram, 'It is the best'), 'speech', 'Anna Berg', null, null, 10],
        [tram, ...at(tram, 'I will believe'), 'speech', 'Jo Lind', null, null, 8],
        [tram, ...at(tram, 'tram now'), 'speech', null, null, null, 2],
      ],
    );
    // The sidecar that extends Anna Berg gives her another role in its article.
    assert.deepEqual(all[0].speaker_attributes, { gender: 'female', role: 'politician' });
    assert.deepEqual(all[4].speaker_attributes, { gender: 'female', role: 'minister' });
    assert.equal(all[6].unattributed, true);
    assert.deepEqual(all[3].meta, { outlet: 'Bote', published: '2024-06-11', author: 'Lena Vogt' });
    assert.deepEqual(all[0].meta, { outlet: 'Kurier', published: '2024-05-03' });
  });

  it('writes the speakers as CSV with a column per attribute', function () {
    const result = run('newsroom', '--format', 'csv');
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\r\n');
    assert.equal(
      lines[0],
      'key,id,name,type,registry,quotes,words,articles,mentioned_in,via,first_article,first_published,last_article,' +
        'last_published,attributes.gender,attributes.role',
    );
    assert.equal(
      lines[1],
      'newsroom/entities.ann.yaml#anna-berg,anna-berg,Anna Berg,person,newsroom/entities.ann.yaml,3,28,2,2,1,' +
        'newsroom/politics/budget.txt,2024-05-03,newsroom/politics/tram.md,2024-06-11,female,politician',
    );
    assert.equal(lines.length, 5);
  });

  it('shows a table with the key lines', function () {
    const result = run('newsroom', '--by', 'gender');
    assert.equal(result.status, 0);
    for (const line of [
      'Sources report: 4 articles (2 annotated, 1 not annotated, 1 broken)',
      '  quotes of speech                             7',
      '    anonymous                                  1  14.3%',
      '  1  Anna Berg  person       3     28         2  gender=female, role=politician',
      'Mentioned but not quoted: 1',
      'By gender (speaker gender)',
      '  female         2  66.7%       4  80.0%     36  57.1%',
      'Not annotated (1)',
      '  newsroom/culture/concert.txt',
      'Could not be read (1)',
    ]) {
      assert.ok(result.stdout.includes(line + '\n'), `missing line '${line}' in:\n${result.stdout}`);
    }
  });

  it('gives shards that together are the whole', function () {
    const whole = rows('newsroom');
    const first = rows('newsroom', '--shard', '1/2');
    const second = rows('newsroom', '--shard', '2/2');
    assert.ok(first.length > 0 && second.length > 0);
    const key = (row: Row) => `${row.article}:${row.line}:${row.column}`;
    assert.deepEqual([...first, ...second].map(key).sort(), whole.map(key).sort());
    const firstReport = json('newsroom', '--shard', '1/2');
    const secondReport = json('newsroom', '--shard', '2/2');
    assert.equal(firstReport.totals.articles + secondReport.totals.articles, 4);
  });

  it('gives the same report whatever the number of jobs', function () {
    const one = run('newsroom', '--by', 'gender', '--by', 'outlet', '--format', 'json', '--jobs', '1');
    const two = run('newsroom', '--by', 'gender', '--by', 'outlet', '--format', 'json', '--jobs', '2');
    assert.equal(one.status, 0);
    assert.equal(two.status, 0, two.stderr);
    assert.equal(two.stdout, one.stdout);
  });

  it('writes the report to --out', function () {
    const result = run('newsroom', '--format', 'json', '--out', 'out/report.json');
    assert.equal(result.status, 2, 'the folder out/ does not exist');
    assert.match(result.stderr, /--out out\/report\.json: its folder does not exist/u);
    const written = run('newsroom', '--format', 'json', '--out', 'report.json');
    assert.equal(written.status, 0);
    assert.equal(written.stdout, '');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportJson;
    assert.equal(report.totals.quotes, 7);
  });

  it('lists an article named directly without a sidecar', function () {
    const report = json('newsroom/culture/concert.txt', 'newsroom/politics/tram.md');
    assert.deepEqual(
      report.articles.map(({ article, status }) => [article, status]),
      [
        ['newsroom/culture/concert.txt', 'not-annotated'],
        ['newsroom/politics/tram.md', 'annotated'],
      ],
    );
  });

  it('warns about a --by key nothing has, and refuses a malformed one', function () {
    const unknown = run('newsroom', '--by', 'party', '--format', 'json');
    assert.equal(unknown.status, 0);
    assert.match(unknown.stderr, /warning: --by party: no speaker has the attribute 'party'/u);
    const malformed = run('newsroom', '--by', 'published:week');
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--by published:week: after ':' comes month or year/u);
  });

  it('writes one self-contained HTML page', function () {
    const result = run('newsroom', '--by', 'gender', '--format', 'html', '--out', 'sources.html');
    assert.equal(result.status, 0, result.stderr);
    const html = fs.readFileSync(path.join(dir, 'sources.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/u);
    assert.match(html, /<title>Sources report: newsroom<\/title>/u);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/u);
    assert.match(html, /<svg[^>]*role="img"/u);
    // The SVG namespace is a name, not an address fetched.
    const fetched = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    assert.doesNotMatch(fetched, /<script|<link|@import|https?:\/\//u, 'nothing from elsewhere, no script');
  });

  it('refuses a bad --shard and a missing path', function () {
    for (const shard of ['0/2', '3/2', '1', 'a/b']) {
      const result = run('newsroom', '--shard', shard);
      assert.equal(result.status, 2, shard);
      assert.match(result.stderr, /--shard takes I\/N/u);
    }
    const missing = run('nowhere');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /'nowhere' not found/u);
  });

  it('does not take --by, --out, --shard or --jobs with other commands', function () {
    const child = spawnSync(process.execPath, [CLI, 'check', 'newsroom', '--jobs', '2'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(child.status, 2);
    assert.match(child.stderr, /are for report/u);
  });
});
