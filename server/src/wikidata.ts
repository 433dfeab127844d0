/**
 * The Wikidata client: searching items by name and fetching their entities, for `link` and
 * `refresh` on the command line and for the editor's Link command. Nothing else makes requests,
 * and nothing makes them in the background: opening, hovering and checking read the facts kept
 * in `wikidata.ann.json` (core/wikidata/facts.ts).
 *
 * A good citizen of Wikimedia's servers: one request at a time, a User-Agent that names the
 * program and a contact (setting `articleAnnotations.wikidata.userAgent`), `maxlag=5` on every
 * request, retries with exponential backoff that wait as long as `Retry-After` asks on 429, 503
 * and maxlag answers, and a timeout. The API's address is a setting
 * (`articleAnnotations.wikidata.endpoint`, `--endpoint`), so that a mirror or a test server can
 * stand in. The request URLs are built with wikibase-sdk and sent with Node's own `fetch`; every
 * way a request can fail is a `WikidataError` with a message for the user.
 */

import { WBK } from 'wikibase-sdk';
import {
  FACT_LANGUAGES,
  factsFromEntity,
  isItemId,
  labelsFromEntity,
  type ByLanguage,
  type EntityFacts,
  type LanguageCode,
} from './core';
import { DEFAULT_WIKIDATA_ENDPOINT, DEFAULT_WIKIDATA_USER_AGENT } from './settings';

export interface WikidataOptions {
  /** The MediaWiki API, `https://www.wikidata.org/w/api.php` by default. */
  endpoint: string;
  /** The User-Agent header of every request. */
  userAgent: string;
  /** How long one request may take, headers and body, in milliseconds. */
  timeoutMs: number;
  /** How many times a request is tried again after a busy answer (429, 503, maxlag) or a timeout. */
  retries: number;
  /** The wait before the first retry when the answer names none; doubled for each retry after. */
  backoffMs: number;
  /** The longest wait before a retry; a server that asks for a longer one ends the run instead. */
  maxWaitMs: number;
  /** The most bytes one answer may have. */
  maxResponseBytes: number;
  /** The fetch to use: Node's own by default; tests inject one. */
  fetch?: typeof fetch;
  /** How to wait before a retry: a timer by default; tests inject one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
  /** The time now, in milliseconds, for a `Retry-After` given as a date. */
  now?: () => number;
}

export const DEFAULT_WIKIDATA_OPTIONS: WikidataOptions = {
  endpoint: DEFAULT_WIKIDATA_ENDPOINT,
  userAgent: DEFAULT_WIKIDATA_USER_AGENT,
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 2_000,
  maxWaitMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
};

/** The options with the defaults for what is not given. */
export function wikidataOptions(given: Partial<WikidataOptions> = {}): WikidataOptions {
  const options = { ...DEFAULT_WIKIDATA_OPTIONS };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  }
  return options;
}

/**
 * What went wrong: `network` (no connection: no network, a wrong address, refused), `timeout`,
 * `http` (an error status), `busy` (429, 503 or maxlag after every retry, or a wait asked for
 * that is longer than the longest one), `malformed` (not JSON, or too large), `api` (the API
 * refused the request, with its code), `usage` (an endpoint that is not a web address).
 */
export type WikidataErrorKind = 'network' | 'timeout' | 'http' | 'busy' | 'malformed' | 'api' | 'usage';

export class WikidataError extends Error {
  constructor(
    readonly kind: WikidataErrorKind,
    message: string,
    /** The HTTP status, or the API's error code. */
    readonly detail?: { status?: number; code?: string },
  ) {
    super(message);
    this.name = 'WikidataError';
  }
}

/** A search result: the item, its label and description in the language asked, and what matched. */
export interface SearchCandidate {
  id: string;
  label?: string;
  description?: string;
  /** What the search matched: a label or an alias, in which language, with which text. */
  match?: { type: string; language: string; text: string };
}

/** Only builds the query strings: the address they go to is the endpoint of the options. */
const urls = WBK({ instance: 'https://www.wikidata.org' });

/** The props `getEntities` asks for by default: all that facts are made of. */
export const FACT_PROPS = ['labels', 'descriptions', 'aliases', 'claims', 'sitelinks'] as const;

/** The request to send: the endpoint with the query of a URL that wikibase-sdk built. */
function requestUrl(endpoint: string, built: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new WikidataError('usage', `The Wikidata endpoint '${endpoint}' is not a web address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WikidataError('usage', `The Wikidata endpoint '${endpoint}' is not an http or https address.`);
  }
  for (const [key, value] of new URL(built).searchParams) url.searchParams.set(key, value);
  url.searchParams.set('format', 'json');
  url.searchParams.set('formatversion', '2');
  // Ask the servers to refuse when replication lags more than 5 s: they answer maxlag, and
  // the request waits and is tried again.
  url.searchParams.set('maxlag', '5');
  return url;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait a `Retry-After` header asks for, in milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^[0-9]+$/u.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why a fetch failed, as the system names it (`ECONNREFUSED`, `ENOTFOUND`), when it says. */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Connection failures that a retry may cure: the others mean no network or a wrong address. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** Reads a body up to the limit, as text. */
async function readBody(response: Response, limit: number, where: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || value === undefined) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new WikidataError('malformed', `${where} answered with more than ${limit} bytes; the answer is ignored.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Sends one API request and returns its JSON: tried again after a busy answer (429, 503, 502,
 * 504, maxlag), a timeout or a dropped connection, waiting as long as `Retry-After` asks, else
 * `backoffMs` doubled each time; never longer than `maxWaitMs`.
 */
async function apiRequest(options: WikidataOptions, built: string): Promise<Record<string, unknown>> {
  const url = requestUrl(options.endpoint, built);
  const api = `the Wikidata API at ${url.origin}${url.pathname}`;
  const where = `The${api.slice(3)}`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    let failure: WikidataError;
    let wait: number | undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await doFetch(url, {
        headers: { 'User-Agent': options.userAgent, Accept: 'application/json' },
        signal: controller.signal,
        redirect: 'follow',
      });
      const status = response.status;
      if ([429, 502, 503, 504].includes(status)) {
        await response.body?.cancel();
        failure = new WikidataError('busy', `${where} is busy (HTTP ${status}); try again later.`, { status });
        wait = retryAfterMs(response.headers.get('retry-after'), now());
      } else if (!response.ok) {
        await response.body?.cancel();
        throw new WikidataError('http', `${where} answered HTTP ${status} ${response.statusText}.`.trim(), {
          status,
        });
      } else {
        const text = await readBody(response, options.maxResponseBytes, where);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new WikidataError('malformed', `${where} answered with something that is not JSON.`);
        }
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
          throw new WikidataError('malformed', `${where} answered with JSON that is not an object.`);
        }
        const body = json as Record<string, unknown>;
        const error = body.error as { code?: unknown; info?: unknown } | undefined;
        if (error === undefined) return body;
        const code = typeof error.code === 'string' ? error.code : 'unknown';
        const info = typeof error.info === 'string' ? error.info : '';
        if (code !== 'maxlag') {
          throw new WikidataError('api', `${where} refused the request: ${code}${info ? ` (${info})` : ''}.`, { code });
        }
        failure = new WikidataError('busy', `${where} is lagging (maxlag); try again later.`, { code });
        wait = retryAfterMs(response.headers.get('retry-after'), now());
      }
    } catch (error) {
      if (error instanceof WikidataError) throw error;
      if (controller.signal.aborted) {
        failure = new WikidataError('timeout', `${where} did not answer within ${seconds(options.timeoutMs)}.`);
      } else {
        const code = causeCode(error);
        const cause = (error as { cause?: unknown } | undefined)?.cause;
        const reason =
          code ?? (cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error));
        failure = new WikidataError(
          'network',
          `Cannot reach ${api} (${reason}): ` + 'is there a network connection, and is the address right?',
          code === undefined ? undefined : { code },
        );
        if (code === undefined || !TRANSIENT_CODES.has(code)) throw failure;
      }
    } finally {
      clearTimeout(timer);
    }
    if (attempt >= options.retries) {
      if (options.retries > 0) {
        failure.message = failure.message.replace(/\.$/u, '') + ` (${attempt + 1} tries).`;
      }
      throw failure;
    }
    const delay = wait ?? options.backoffMs * 2 ** attempt;
    if (delay > options.maxWaitMs) {
      throw new WikidataError(
        'busy',
        `${where} asks to wait ${seconds(delay)} before the next request; try again later.`,
        failure.detail,
      );
    }
    await sleep(delay);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Searches items by label and alias (`wbsearchentities`) in a language, which the API extends
 * with its fallbacks (English, for German and French). At most `limit` candidates, in the
 * API's order.
 */
export async function searchEntities(
  options: WikidataOptions,
  search: string,
  language: LanguageCode,
  limit = 7,
): Promise<SearchCandidate[]> {
  if (search.trim() === '') return [];
  const body = await apiRequest(options, urls.searchEntities({ search, language, uselang: language, limit }));
  const results = Array.isArray(body.search) ? (body.search as unknown[]) : [];
  const candidates: SearchCandidate[] = [];
  for (const result of results) {
    if (typeof result !== 'object' || result === null) continue;
    const item = result as Record<string, unknown>;
    if (!isItemId(item.id)) continue;
    const candidate: SearchCandidate = { id: item.id };
    const label = text(item.label);
    if (label !== undefined) candidate.label = label;
    const description = text(item.description);
    if (description !== undefined) candidate.description = description;
    const match = item.match as Record<string, unknown> | undefined;
    if (match && typeof match === 'object') {
      candidate.match = {
        type: text(match.type) ?? '',
        language: text(match.language) ?? '',
        text: text(match.text) ?? '',
      };
    }
    candidates.push(candidate);
    if (candidates.length >= limit) break;
  }
  return candidates;
}

/** An entity as fetched, by the id asked for. `redirectedTo` names the item a redirect led to. */
export interface FetchedEntity {
  raw: unknown;
  redirectedTo?: string;
}

/**
 * Fetches entities (`wbgetentities`), 50 ids a request, one request after the other. The
 * result maps each id asked for to its entity; an id that does not exist is left out, and an id
 * that redirects maps to the item it leads to.
 */
export async function getEntities(
  options: WikidataOptions,
  ids: readonly string[],
  languages: readonly LanguageCode[] = FACT_LANGUAGES,
  props: readonly string[] = FACT_PROPS,
): Promise<Map<string, FetchedEntity>> {
  const wanted = [...new Set(ids.filter(isItemId))];
  const found = new Map<string, FetchedEntity>();
  if (wanted.length === 0) return found;
  const batches = urls.getManyEntities({
    ids: wanted as `Q${number}`[],
    languages: [...languages],
    props: [...props] as Parameters<typeof urls.getManyEntities>[0]['props'],
  });
  for (const built of batches) {
    const body = await apiRequest(options, built);
    const entities = body.entities;
    if (typeof entities !== 'object' || entities === null) {
      throw new WikidataError('malformed', 'The Wikidata API answered without entities.');
    }
    for (const [key, raw] of Object.entries(entities as Record<string, unknown>)) {
      if (typeof raw !== 'object' || raw === null) continue;
      const entity = raw as Record<string, unknown>;
      if (entity.missing !== undefined) continue;
      const redirects = entity.redirects as { from?: unknown; to?: unknown } | undefined;
      if (redirects && isItemId(redirects.from) && isItemId(redirects.to)) {
        found.set(redirects.from, { raw, redirectedTo: redirects.to });
      } else if (isItemId(entity.id)) found.set(entity.id, { raw });
      else if (isItemId(key)) found.set(key, { raw });
    }
  }
  return found;
}

/** The facts of items, fetched now, and the ids that do not exist (any more). */
export interface FetchedFacts {
  facts: EntityFacts[];
  missing: string[];
  /** Ids that now redirect to another item: their facts are the other item's, kept under the old id. */
  redirects: { from: string; to: string }[];
}

/** The time for `retrieved`: an ISO date and time to the second. */
export function retrievedNow(now: () => number = Date.now): string {
  return new Date(now()).toISOString().replace(/\.[0-9]{3}Z$/u, 'Z');
}

/**
 * Fetches the facts of items: their entities, made into facts (core's `factsFromEntity`), each
 * under the id asked for.
 */
export async function fetchFacts(
  options: WikidataOptions,
  ids: readonly string[],
  retrieved: string = retrievedNow(options.now),
): Promise<FetchedFacts> {
  const wanted = [...new Set(ids.filter(isItemId))];
  const entities = await getEntities(options, wanted);
  const result: FetchedFacts = { facts: [], missing: [], redirects: [] };
  for (const id of wanted) {
    const entity = entities.get(id);
    const facts = entity && factsFromEntity(entity.raw, retrieved);
    if (!facts) {
      result.missing.push(id);
      continue;
    }
    if (entity.redirectedTo !== undefined) result.redirects.push({ from: id, to: entity.redirectedTo });
    result.facts.push({ ...facts, id });
  }
  return result;
}

/** The labels in de, en and fr of the items facts refer to, by id. */
export async function fetchLabels(
  options: WikidataOptions,
  ids: readonly string[],
): Promise<Record<string, ByLanguage<string>>> {
  const entities = await getEntities(options, ids, FACT_LANGUAGES, ['labels']);
  const labels: Record<string, ByLanguage<string>> = {};
  for (const [id, entity] of entities) labels[id] = labelsFromEntity(entity.raw);
  return labels;
}
