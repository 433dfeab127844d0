/**
 * `link` and `refresh`, end to end: the bundled `dist/cli.js` runs as a child process in a fresh
 * temporary folder (a repository of its own) against the local stand-in of the Wikidata API
 * (test/support/wikidataServer.ts), which runs in this process; so the child is awaited, never
 * waited for synchronously. No test touches the internet.
 */

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseWikidataFile } from '../../server/src/core';
import { WikidataTestServer } from '../support/wikidataServer';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const REGISTRY = [
  'version: 1',
  'entities:',
  '  putin:',
  '    type: person',
  '    name: Wladimir Putin',
  '    aliases: [Putin]',
  '  bundestag:',
  '    type: organization',
  '    name: Bundestag',
  '',
].join('\n');

const ARTICLE = [
  'Die Gewerkschafterin Anna Berger sprach mit Jonas Falk in Lindau über Moskau.',
  '„Wir bleiben dran“, sagte Falk. Putin schwieg, der Bundestag auch.',
  '',
].join('\n');

const SIDECAR = [
  'version: 1',
  'language: de',
  '# Wer im Text vorkommt.',
  'entities:',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger',
  '  jonas-falk:',
  '    type: person',
  '    name: Jonas Falk # Betriebsrat',
  '    aliases: [Falk]',
  '  lindau:',
  '    type: place',
  '    name: Lindau',
  '  moskau: {type: place, name: Moskau, description: Russlands Hauptstadt}',
  '  niemand:',
  '    type: person',
  '    name: Niemand Bekannt',
  '  putin:',
  '    aliases: [Kremlchef]',
  '',
].join('\n');

/** The sidecar once linked: only the lines of the linked entities changed. */
const LINKED_SIDECAR = [
  'version: 1',
  'language: de',
  '# Wer im Text vorkommt.',
  'entities:',
  '  anna-berger:',
  '    type: person',
  '    name: Anna Berger',
  '  jonas-falk:',
  '    type: person',
  '    name: Jonas Falk # Betriebsrat',
  '    aliases: [Falk]',
  '    wikidata: Q90000003',
  '  lindau:',
  '    type: place',
  '    name: Lindau',
  '    description: Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern',
  '    wikidata: Q90000005',
  '    coordinates: [47.5458, 9.6839]',
  '  moskau: {type: place, name: Moskau, description: Russlands Hauptstadt, wikidata: Q649, coordinates: [55.7558, 37.6178]}',
  '  niemand:',
  '    type: person',
  '    name: Niemand Bekannt',
  '  putin:',
  '    aliases: [Kremlchef]',
  '',
].join('\n');

const LINKED_REGISTRY = [
  'version: 1',
  'entities:',
  '  putin:',
  '    type: person',
  '    name: Wladimir Putin',
  '    aliases: [Putin]',
  '    description: russischer Politiker, Präsident Russlands',
  '    wikidata: Q7747',
  '  bundestag:',
  '    type: organization',
  '    name: Bundestag',
  '    description: Parlament der Bundesrepublik Deutschland',
  '    wikidata: Q154797',
  '',
].join('\n');

/** A second article whose sidecar names Jonas Falk too: he is searched once. */
const SECOND_SIDECAR = 'version: 1\nlanguage: de\nentities:\n  falk:\n    type: person\n    name: Jonas Falk\n';

const USER_AGENT = 'ArticleAnnotationsTests/1.0 (tests@example.org)';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 20000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under a folder with its text: a run that must write nothing is compared before and after. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('command line: link and refresh (dist/cli.js)', function () {
  this.timeout(30000);
  let server: WikidataTestServer;
  let dir: string;

  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const cli = (...args: string[]) => runCli(dir, [...args, '--endpoint', server.endpoint, '--user-agent', USER_AGENT]);
  const context = (run: Run) => `\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`;

  before(() => assert.ok(fs.existsSync(CLI), `${CLI} does not exist; build with 'npm run build' first.`));

  beforeEach(async () => {
    server = await WikidataTestServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-link-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'texte'));
    fs.writeFileSync(path.join(dir, 'entities.ann.yaml'), REGISTRY);
    fs.writeFileSync(path.join(dir, 'texte', 'werk.txt'), ARTICLE);
    fs.writeFileSync(path.join(dir, 'texte', 'werk.ann.yaml'), SIDECAR);
    fs.writeFileSync(path.join(dir, 'texte', 'zwei.txt'), 'Jonas Falk sagte nichts.\n');
    fs.writeFileSync(path.join(dir, 'texte', 'zwei.ann.yaml'), SECOND_SIDECAR);
  });

  afterEach(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('link --dry-run lists what it would link and what is left to decide, and writes nothing', async () => {
    const before = snapshot(dir);
    const run = await cli('link', '--dry-run');
    assert.equal(run.code, 0, context(run));
    assert.deepEqual(snapshot(dir), before, 'a dry run wrote files');
    assert.equal(
      run.stdout,
      [
        'entities.ann.yaml:3:3: putin would be linked to Q7747: Wladimir Putin — russischer Politiker, Präsident Russlands (1952–, Mensch)',
        'entities.ann.yaml:7:3: bundestag would be linked to Q154797: Deutscher Bundestag — Parlament der Bundesrepublik Deutschland (Deutschland, Parlament)',
        'texte/werk.ann.yaml:5:3: anna-berger not linked: 2 candidates fit; pick one',
        '    Q90000001 Anna Berger — deutsche Politikerin (1970–, Mensch)',
        '    Q90000002 Anna Berger — österreichische Schauspielerin (1981–, Mensch)',
        'texte/werk.ann.yaml:8:3: jonas-falk would be linked to Q90000003: Jonas Falk — German trade unionist (1965–2020, Mensch)',
        'texte/werk.ann.yaml:12:3: lindau would be linked to Q90000005: Lindau (Bodensee) — Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern (Deutschland, Stadt)',
        'texte/werk.ann.yaml:15:3: moskau would be linked to Q649: Moskau — Hauptstadt Russlands (Russland, Stadt)',
        'texte/werk.ann.yaml:16:3: niemand not linked: no candidate found',
        'texte/zwei.ann.yaml:4:3: falk would be linked to Q90000003: Jonas Falk — German trade unionist (1965–2020, Mensch)',
        '',
      ].join('\n'),
    );
    assert.match(run.stderr, /^6 entities to link, 2 left to decide; nothing written \(--dry-run\)\.$/mu);
  });

  it('link writes minimal edits and wikidata.ann.json, and asks Wikidata as a good citizen', async () => {
    const run = await cli('link');
    assert.equal(run.code, 0, context(run));
    assert.equal(read('texte/werk.ann.yaml'), LINKED_SIDECAR);
    assert.equal(read('entities.ann.yaml'), LINKED_REGISTRY);
    assert.equal(
      read('texte/zwei.ann.yaml'),
      SECOND_SIDECAR.replace('Jonas Falk\n', 'Jonas Falk\n    wikidata: Q90000003\n'),
    );
    assert.equal(read('texte/werk.txt'), ARTICLE, 'the article is never edited');
    assert.match(run.stderr, /6 entities linked, 2 left to decide; wrote .*wikidata\.ann\.json\./u);

    const { file, problems } = parseWikidataFile(read('wikidata.ann.json'));
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(file.entities).sort(), ['Q154797', 'Q649', 'Q7747', 'Q90000003', 'Q90000005']);
    assert.match(file.entities.Q7747.retrieved, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
    assert.equal(file.entities.Q7747.born, '1952-10-07');
    assert.deepEqual(file.labels.Q218295, {
      de: 'Präsident der Russischen Föderation',
      en: 'President of Russia',
      fr: 'président de la fédération de Russie',
    });
    assert.equal(file.labels.Q33999, undefined, 'labels of candidates not linked are not kept');

    // One search per distinct name; the names of the entities, nothing else.
    const searched = server.requestsOf('wbsearchentities').map((request) => request.url.searchParams.get('search'));
    assert.deepEqual(searched.sort(), [
      'Anna Berger',
      'Bundestag',
      'Jonas Falk',
      'Jonas Falk',
      'Lindau',
      'Moskau',
      'Niemand Bekannt',
      'Niemand Bekannt',
      'Wladimir Putin',
    ]);
    // Jonas Falk has no German label: asked again in English. Niemand Bekannt: in English too.
    const falk = server.requestsOf('wbsearchentities').filter((r) => r.url.searchParams.get('search') === 'Jonas Falk');
    assert.deepEqual(
      falk.map((request) => request.url.searchParams.get('language')),
      ['de', 'en'],
    );
    for (const request of server.requests) {
      assert.equal(request.userAgent, USER_AGENT);
      assert.equal(request.url.searchParams.get('maxlag'), '5');
    }
  });

  it('link --format json: the linked, the ones to decide with their candidates, the files written', async () => {
    const run = await cli('link', '--format', 'json', 'texte');
    assert.equal(run.code, 0, context(run));
    const report = JSON.parse(run.stdout) as {
      command: string;
      dryRun: boolean;
      facts: string;
      linked: {
        file: string;
        line: number;
        column: number;
        entity: string;
        wikidata: string;
        description: string | null;
      }[];
      undecided: {
        entity: string;
        reason: string;
        candidates: { id: string; summary: string; nameMatches: boolean; kindFits: boolean }[];
      }[];
      written: string[];
    };
    assert.equal(report.command, 'link');
    assert.equal(report.dryRun, false);
    assert.equal(report.facts, 'texte/wikidata.ann.json', 'a new facts file goes into the folder given');
    assert.deepEqual(
      report.linked.map(({ entity, wikidata }) => [entity, wikidata]),
      [
        ['jonas-falk', 'Q90000003'],
        ['lindau', 'Q90000005'],
        ['moskau', 'Q649'],
        ['falk', 'Q90000003'],
      ],
    );
    assert.deepEqual(report.linked[1], {
      file: 'texte/werk.ann.yaml',
      line: 12,
      column: 3,
      entity: 'lindau',
      name: 'Lindau',
      type: 'place',
      wikidata: 'Q90000005',
      summary: 'Lindau (Bodensee) — Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern (Deutschland, Stadt)',
      description: 'Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern',
      coordinates: [47.5458, 9.6839],
    });
    assert.deepEqual(report.undecided, [
      {
        file: 'texte/werk.ann.yaml',
        line: 5,
        column: 3,
        entity: 'anna-berger',
        name: 'Anna Berger',
        type: 'person',
        reason: 'ambiguous',
        candidates: [
          {
            id: 'Q90000001',
            summary: 'Anna Berger — deutsche Politikerin (1970–, Mensch)',
            nameMatches: true,
            kindFits: true,
          },
          {
            id: 'Q90000002',
            summary: 'Anna Berger — österreichische Schauspielerin (1981–, Mensch)',
            nameMatches: true,
            kindFits: true,
          },
        ],
      },
      {
        file: 'texte/werk.ann.yaml',
        line: 16,
        column: 3,
        entity: 'niemand',
        name: 'Niemand Bekannt',
        type: 'person',
        reason: 'no-candidates',
        candidates: [],
      },
    ]);
    assert.deepEqual(report.written.sort(), ['texte/werk.ann.yaml', 'texte/wikidata.ann.json', 'texte/zwei.ann.yaml']);
    assert.equal(read('entities.ann.yaml'), REGISTRY, 'the registry above the folder given is not linked');
  });

  it('a second link finds the existing facts file above the folder given and adds to it', async () => {
    assert.equal((await cli('link', 'entities.ann.yaml')).code, 0);
    assert.ok(fs.existsSync(path.join(dir, 'wikidata.ann.json')));
    const run = await cli('link', 'texte');
    assert.equal(run.code, 0, context(run));
    assert.ok(!fs.existsSync(path.join(dir, 'texte', 'wikidata.ann.json')));
    const { file } = parseWikidataFile(read('wikidata.ann.json'));
    assert.deepEqual(Object.keys(file.entities).sort(), ['Q154797', 'Q649', 'Q7747', 'Q90000003', 'Q90000005']);
  });

  it('refresh fetches every linked entity again, and drops the facts nothing links any more', async () => {
    assert.equal((await cli('link')).code, 0);
    const facts = path.join(dir, 'wikidata.ann.json');
    const stale = read('wikidata.ann.json').replace(/"born": "1952-10-07"/u, '"born": "1900"');
    fs.writeFileSync(facts, stale);
    fs.writeFileSync(path.join(dir, 'entities.ann.yaml'), LINKED_REGISTRY.replace('    wikidata: Q154797\n', ''));
    const searches = server.requestsOf('wbsearchentities').length;
    const run = await cli('refresh', '--format', 'json');
    assert.equal(run.code, 0, context(run));
    assert.equal(server.requestsOf('wbsearchentities').length, searches, 'refresh searches nothing');
    const report = JSON.parse(run.stdout) as { refreshed: string[]; removed: string[]; written: string[] };
    assert.deepEqual(report.refreshed.sort(), ['Q649', 'Q7747', 'Q90000003', 'Q90000005']);
    assert.deepEqual(report.removed, ['Q154797']);
    assert.deepEqual(report.written, ['wikidata.ann.json']);
    const { file } = parseWikidataFile(read('wikidata.ann.json'));
    assert.equal(file.entities.Q7747.born, '1952-10-07');
    assert.equal(file.entities.Q154797, undefined);
    assert.equal(file.labels.Q35749, undefined, 'the parliament label went with the Bundestag');
  });

  it('refresh --dry-run writes nothing', async () => {
    assert.equal((await cli('link')).code, 0);
    const before = snapshot(dir);
    const run = await cli('refresh', '--dry-run');
    assert.equal(run.code, 0, context(run));
    assert.match(run.stderr, /5 linked entities refreshed; nothing written \(--dry-run\)\./u);
    assert.deepEqual(snapshot(dir), before);
  });

  it('Wikidata unreachable: a clear message, exit code 2, nothing written', async () => {
    const before = snapshot(dir);
    const endpoint = server.endpoint;
    await server.stop();
    const run = await runCli(dir, ['link', '--endpoint', endpoint]);
    assert.equal(run.code, 2, context(run));
    assert.match(
      run.stderr,
      /^article-annotations: Cannot reach the Wikidata API at http:\/\/127\.0\.0\.1:\d+\/w\/api\.php \(ECONNREFUSED\): is there a network connection, and is the address right\? Nothing was written\.$/mu,
    );
    assert.ok(!run.stderr.includes('    at '), 'a stack trace');
    assert.deepEqual(snapshot(dir), before);
    server = await WikidataTestServer.start();
  });

  it('a failure after some answers writes nothing either: malformed JSON halfway', async () => {
    const before = snapshot(dir);
    // The searches are answered; the first wbgetentities is not.
    server.failOn('wbgetentities', { malformed: true });
    const run = await cli('link');
    assert.equal(run.code, 2, context(run));
    assert.ok(server.requestsOf('wbsearchentities').length > 0);
    assert.match(run.stderr, /answered with something that is not JSON\. Nothing was written\./u);
    assert.deepEqual(snapshot(dir), before);
  });

  it('429 with Retry-After: 0 and a 503: waited for and tried again, then linked', async () => {
    server.fail({ status: 429, retryAfter: '0' });
    server.failOn('wbgetentities', { status: 503, retryAfter: '0' });
    const run = await cli('link', 'entities.ann.yaml');
    assert.equal(run.code, 0, context(run));
    assert.equal(read('entities.ann.yaml'), LINKED_REGISTRY);
  });

  it('a facts file that is not JSON stops the run before any request', async () => {
    fs.writeFileSync(path.join(dir, 'wikidata.ann.json'), '<<<<<<< HEAD\n{}\n');
    const before = snapshot(dir);
    const run = await cli('link');
    assert.equal(run.code, 2, context(run));
    assert.match(
      run.stderr,
      /wikidata\.ann\.json: The file is not valid JSON.* Fix or remove it, then run again\. Nothing was written\./u,
    );
    assert.equal(server.requests.length, 0);
    assert.deepEqual(snapshot(dir), before);
  });

  it('bad usage: options for other commands, an endpoint that is no web address', async () => {
    for (const args of [
      ['check', '--dry-run'],
      ['link', '--endpoint', 'ftp://example.org/api.php'],
      ['link', '--sidecar', 'x.ann.yaml'],
      ['refresh', '--format', 'sarif'],
    ]) {
      const run = await runCli(dir, args);
      assert.equal(run.code, 2, `${args.join(' ')}${context(run)}`);
      assert.match(run.stderr, /Run 'article-annotations --help' for usage\./u);
    }
    assert.equal(server.requests.length, 0);
  });
});
