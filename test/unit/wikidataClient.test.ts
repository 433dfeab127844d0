/**
 * The Wikidata client (server/src/wikidata.ts) against the local stand-in of the API
 * (test/support/wikidataServer.ts): what it sends, how it waits and tries again, and how each
 * failure becomes a WikidataError. The waits go through an injected sleep that only records
 * them, so no test waits for a retry; only the timeout case waits, for a tenth of a second.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DEFAULT_SERVER_SETTINGS, DEFAULT_WIKIDATA_USER_AGENT, readSettings } from '../../server/src/settings';
import {
  fetchFacts,
  fetchLabels,
  getEntities,
  retryAfterMs,
  searchEntities,
  WikidataError,
  wikidataOptions,
  type WikidataOptions,
} from '../../server/src/wikidata';
import { repoPath } from '../support/repo';
import { WikidataTestServer } from '../support/wikidataServer';

describe('wikidata client', function () {
  let server: WikidataTestServer;
  let waits: number[];

  beforeEach(async () => {
    server = await WikidataTestServer.start();
    waits = [];
  });
  afterEach(() => server.stop());

  const options = (overrides: Partial<WikidataOptions> = {}): WikidataOptions =>
    wikidataOptions({
      endpoint: overrides.endpoint ?? server.endpoint,
      userAgent: 'ArticleAnnotationsTests/1.0 (tests@example.org)',
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      ...overrides,
    });

  /** Asserts that a promise fails with a WikidataError of this kind, and returns it. */
  async function failure(promise: Promise<unknown>, kind: WikidataError['kind']): Promise<WikidataError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof WikidataError, `not a WikidataError: ${String(error)}`);
      assert.equal(error.kind, kind, error.message);
      return error;
    }
    assert.fail('the request did not fail');
  }

  it('searches with the User-Agent, maxlag and the language', async () => {
    const candidates = await searchEntities(options(), 'Anna Berger', 'de');
    assert.deepEqual(
      candidates.map(({ id, label, description }) => ({ id, label, description })),
      [
        { id: 'Q90000001', label: 'Anna Berger', description: 'deutsche Politikerin' },
        { id: 'Q90000002', label: 'Anna Berger', description: 'österreichische Schauspielerin' },
      ],
    );
    assert.deepEqual(candidates[0].match, { type: 'label', language: 'de', text: 'Anna Berger' });
    const [request] = server.requests;
    assert.equal(request.userAgent, 'ArticleAnnotationsTests/1.0 (tests@example.org)');
    assert.equal(request.url.pathname, '/w/api.php');
    const params = Object.fromEntries(request.url.searchParams);
    assert.equal(params.action, 'wbsearchentities');
    assert.equal(params.search, 'Anna Berger');
    assert.equal(params.language, 'de');
    assert.equal(params.maxlag, '5');
    assert.equal(params.format, 'json');
    assert.equal(params.formatversion, '2');
  });

  it('the default User-Agent names the project, its version and a contact', () => {
    const manifest = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as {
      version: string;
      repository: { url: string };
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    assert.ok(DEFAULT_WIKIDATA_USER_AGENT.startsWith(`ArticleAnnotations/${manifest.version} (`));
    assert.ok(DEFAULT_WIKIDATA_USER_AGENT.includes(manifest.repository.url));
    const setting = manifest.contributes.configuration.properties['articleAnnotations.wikidata.userAgent'];
    assert.equal(setting.default, DEFAULT_WIKIDATA_USER_AGENT);
  });

  it('fetches entities 50 ids a request, and leaves out the missing ones', async () => {
    const ids = ['Q7747', 'Q649', ...Array.from({ length: 110 }, (_, i) => `Q${80000000 + i}`)];
    const entities = await getEntities(options(), ids);
    assert.deepEqual([...entities.keys()].sort(), ['Q649', 'Q7747']);
    const requests = server.requestsOf('wbgetentities');
    assert.deepEqual(
      requests.map((request) => request.url.searchParams.get('ids')!.split('|').length),
      [50, 50, 12],
    );
    const params = requests[0].url.searchParams;
    assert.equal(params.get('languages'), 'de|en|fr');
    assert.equal(params.get('props'), 'labels|descriptions|aliases|claims|sitelinks');
    assert.equal(params.get('maxlag'), '5');
  });

  it('fetchFacts and fetchLabels: facts under the ids asked for, the missing named', async () => {
    const fetched = await fetchFacts(options(), ['Q7747', 'Q123456789'], '2024-05-01T12:00:00Z');
    assert.deepEqual(
      fetched.facts.map((facts) => [facts.id, facts.born]),
      [['Q7747', '1952-10-07']],
    );
    assert.deepEqual(fetched.missing, ['Q123456789']);
    const labels = await fetchLabels(options(), ['Q5', 'Q1306845']);
    assert.deepEqual(labels, {
      Q5: { de: 'Mensch', en: 'human', fr: 'être humain' },
      Q1306845: { en: 'trade unionist' },
    });
    assert.equal(server.requestsOf('wbgetentities')[1].url.searchParams.get('props'), 'labels');
  });

  it('429 with Retry-After in seconds: waits that long, then tries again', async () => {
    server.fail({ status: 429, retryAfter: '7' });
    const candidates = await searchEntities(options(), 'Moskau', 'de');
    assert.deepEqual(
      candidates.map((candidate) => candidate.id),
      ['Q649'],
    );
    assert.deepEqual(waits, [7000]);
    assert.equal(server.requests.length, 2);
  });

  it('Retry-After as an HTTP date: waits until then', async () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    server.fail({ status: 503, retryAfter: 'Wed, 21 Oct 2015 07:28:30 GMT' });
    await searchEntities(options({ now: () => now }), 'Moskau', 'de');
    assert.deepEqual(waits, [30000]);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0, 'a date past is no wait');
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  it('503 without Retry-After: exponential backoff', async () => {
    server.fail({ status: 503 }, { status: 503 });
    await searchEntities(options({ backoffMs: 1000 }), 'Moskau', 'de');
    assert.deepEqual(waits, [1000, 2000]);
  });

  it('maxlag is waited for as the answer asks, then tried again', async () => {
    server.fail({ apiError: 'maxlag', retryAfter: '5' });
    const entities = await getEntities(options(), ['Q649']);
    assert.ok(entities.has('Q649'));
    assert.deepEqual(waits, [5000]);
  });

  it('busy after every retry: a clear error that counts the tries', async () => {
    server.fail({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const error = await failure(searchEntities(options({ retries: 3, backoffMs: 10 }), 'Moskau', 'de'), 'busy');
    assert.match(
      error.message,
      /The Wikidata API at http:\/\/127\.0\.0\.1:\d+\/w\/api\.php is busy \(HTTP 503\); try again later \(4 tries\)\./u,
    );
    assert.equal(error.detail?.status, 503);
    assert.deepEqual(waits, [10, 20, 40]);
  });

  it('a Retry-After longer than the longest wait ends the run instead of waiting', async () => {
    server.fail({ status: 429, retryAfter: '3600' });
    const error = await failure(searchEntities(options(), 'Moskau', 'de'), 'busy');
    assert.match(error.message, /asks to wait 3600 s before the next request/u);
    assert.deepEqual(waits, []);
  });

  it('malformed JSON: an error, not tried again', async () => {
    server.fail({ malformed: true });
    const error = await failure(getEntities(options(), ['Q7747']), 'malformed');
    assert.match(error.message, /answered with something that is not JSON/u);
    assert.equal(server.requests.length, 1);
  });

  it('an answer slower than the timeout: a timeout error', async () => {
    server.fail({ delayMs: 10000 });
    const error = await failure(searchEntities(options({ timeoutMs: 100, retries: 0 }), 'Moskau', 'de'), 'timeout');
    assert.match(error.message, /did not answer within 0\.1 s/u);
  });

  it('a timeout is tried again', async () => {
    server.fail({ delayMs: 10000 });
    const candidates = await searchEntities(options({ timeoutMs: 100, retries: 1, backoffMs: 5 }), 'Moskau', 'de');
    assert.equal(candidates.length, 1);
    assert.deepEqual(waits, [5]);
  });

  it('no network (connection refused): a clear error at once, not tried again', async () => {
    const endpoint = server.endpoint;
    await server.stop();
    const error = await failure(searchEntities(options({ endpoint }), 'Moskau', 'de'), 'network');
    assert.match(
      error.message,
      /^Cannot reach the Wikidata API at http:\/\/127\.0\.0\.1:\d+\/w\/api\.php \(ECONNREFUSED\)/u,
    );
    assert.deepEqual(waits, []);
    server = await WikidataTestServer.start();
  });

  it('an API error and an HTTP error are reported with their code', async () => {
    server.fail({ apiError: 'badvalue' }, { status: 404 });
    const api = await failure(searchEntities(options(), 'Moskau', 'de'), 'api');
    assert.match(api.message, /refused the request: badvalue \(Simulated badvalue\)\./u);
    assert.equal(api.detail?.code, 'badvalue');
    const http = await failure(searchEntities(options(), 'Moskau', 'de'), 'http');
    assert.match(http.message, /answered HTTP 404/u);
  });

  it('an endpoint that is not a web address is a usage error, and nothing is sent', async () => {
    await failure(searchEntities(options({ endpoint: 'file:///etc/passwd' }), 'Moskau', 'de'), 'usage');
    await failure(searchEntities(options({ endpoint: 'not a url' }), 'Moskau', 'de'), 'usage');
    assert.equal(server.requests.length, 0);
  });

  it('an answer over the size limit is refused', async () => {
    const error = await failure(getEntities(options({ maxResponseBytes: 1000 }), ['Q7747']), 'malformed');
    assert.match(error.message, /more than 1000 bytes/u);
  });
});

describe('wikidata settings', () => {
  it('are read nested as VS Code sends them, or as dotted keys; bad values fall back to the defaults', () => {
    const nested = readSettings({
      wikidata: { endpoint: 'http://127.0.0.1:8080/w/api.php', userAgent: 'Desk/1.0 (desk@example.org)' },
      hover: { images: true },
    });
    assert.deepEqual(nested.wikidata, {
      endpoint: 'http://127.0.0.1:8080/w/api.php',
      userAgent: 'Desk/1.0 (desk@example.org)',
    });
    assert.equal(nested.hover.images, true);
    const dotted = readSettings({ 'wikidata.endpoint': 'https://mirror.example.org/api.php', 'hover.images': false });
    assert.equal(dotted.wikidata.endpoint, 'https://mirror.example.org/api.php');
    const bad = readSettings({
      wikidata: { endpoint: 'file:///etc/passwd', userAgent: 'line\nbreak' },
      hover: { images: 'yes' },
    });
    assert.deepEqual(bad.wikidata, DEFAULT_SERVER_SETTINGS.wikidata);
    assert.equal(bad.hover.images, false);
    assert.equal(DEFAULT_SERVER_SETTINGS.wikidata.endpoint, 'https://www.wikidata.org/w/api.php');
  });
});
