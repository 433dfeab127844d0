/**
 * A stand-in for the Wikidata API on 127.0.0.1, so that no test touches the internet. It
 * answers `wbsearchentities` and `wbgetentities` in the real API's shape (formatversion 2) from
 * the fixtures in test/fixtures/wikidata/, each a `wbgetentities` answer written by hand for
 * these tests (the Anna Berger, Jonas Falk and Lindau items are invented, with ids beyond
 * Wikidata's range). It records every request, and can be told to answer the next requests
 * badly: 429 with `Retry-After`, 503, malformed JSON, a maxlag error, or slower than a timeout.
 *
 * The search matches the start of labels and aliases in the language asked, case-insensitively;
 * unlike the real API, it does not add the language's fallbacks, so that a test can see the
 * client ask again in English.
 */

import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { repoPath } from './repo';

type Json = Record<string, unknown>;

/** One bad answer, for the next request. */
export type Fault =
  | { status: 429 | 503 | 500 | 404; retryAfter?: string }
  | { malformed: true }
  | { apiError: string; retryAfter?: string }
  | { delayMs: number };

/** A request as the server saw it. */
export interface RecordedRequest {
  url: URL;
  action: string | null;
  userAgent: string | undefined;
}

/** Every fixture entity by id: the full items, and the label-only items they refer to. */
export function fixtureEntities(): Map<string, Json> {
  const folder = repoPath('test/fixtures/wikidata');
  const entities = new Map<string, Json>();
  for (const name of fs.readdirSync(folder).sort()) {
    if (!name.endsWith('.json')) continue;
    const answer = JSON.parse(fs.readFileSync(`${folder}/${name}`, 'utf8')) as { entities: Record<string, Json> };
    for (const [id, entity] of Object.entries(answer.entities)) entities.set(id, entity);
  }
  return entities;
}

/** The fixture entity as `wbgetentities` would answer for one id (all props, all languages). */
export function fixtureEntity(id: string): Json {
  const entity = fixtureEntities().get(id);
  if (!entity) throw new Error(`No fixture entity ${id}.`);
  return entity;
}

function terms(entity: Json, key: 'labels' | 'descriptions'): Record<string, { language: string; value: string }> {
  return (entity[key] ?? {}) as Record<string, { language: string; value: string }>;
}

function aliasTerms(entity: Json): Record<string, { language: string; value: string }[]> {
  return (entity.aliases ?? {}) as Record<string, { language: string; value: string }[]>;
}

export class WikidataTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly actionFaults = new Map<string, Fault[]>();
  private readonly entities = fixtureEntities();
  private readonly server = http.createServer((request, response) => this.answer(request, response));
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Starts a server on a free port of 127.0.0.1. */
  static async start(): Promise<WikidataTestServer> {
    const server = new WikidataTestServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The API's address: `http://127.0.0.1:PORT/w/api.php`. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/w/api.php`;
  }

  /** The next requests get these answers, one each, in order; then the fixtures again. */
  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** The next requests with this action get these answers, one each, before any given to `fail`. */
  failOn(action: 'wbsearchentities' | 'wbgetentities', ...faults: Fault[]): void {
    this.actionFaults.set(action, [...(this.actionFaults.get(action) ?? []), ...faults]);
  }

  /** The requests with this action. */
  requestsOf(action: 'wbsearchentities' | 'wbgetentities'): RecordedRequest[] {
    return this.requests.filter((request) => request.action === action);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ url, action: url.searchParams.get('action'), userAgent: request.headers['user-agent'] });
    const fault = this.actionFaults.get(url.searchParams.get('action') ?? '')?.shift() ?? this.faults.shift();
    if (fault && 'delayMs' in fault) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!response.destroyed) this.send(response, 200, this.body(url));
      }, fault.delayMs);
      this.timers.add(timer);
      return;
    }
    if (fault && 'status' in fault) {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      response.writeHead(fault.status, headers);
      response.end(`<html><body>HTTP ${fault.status}</body></html>`);
      return;
    }
    if (fault && 'malformed' in fault) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"entities": {"Q7747": {"id": "Q7747", "labels": ');
      return;
    }
    if (fault && 'apiError' in fault) {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      response.writeHead(200, headers);
      response.end(JSON.stringify({ error: { code: fault.apiError, info: `Simulated ${fault.apiError}` } }));
      return;
    }
    this.send(response, 200, this.body(url));
  }

  private send(response: http.ServerResponse, status: number, body: Json): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  private body(url: URL): Json {
    const params = url.searchParams;
    switch (params.get('action')) {
      case 'wbsearchentities':
        return this.search(
          params.get('search') ?? '',
          params.get('language') ?? 'en',
          Number(params.get('limit') ?? 7),
        );
      case 'wbgetentities':
        return this.getEntities(
          (params.get('ids') ?? '').split('|').filter(Boolean),
          params.get('languages')?.split('|'),
          params.get('props')?.split('|'),
        );
      default:
        return { error: { code: 'badvalue', info: `Unrecognized value for parameter "action".` } };
    }
  }

  private search(text: string, language: string, limit: number): Json {
    const wanted = text.toLowerCase();
    const results: Json[] = [];
    for (const [id, entity] of this.entities) {
      if (!entity.claims) continue; // The label-only items are not searched.
      const label = terms(entity, 'labels')[language]?.value;
      const aliases = (aliasTerms(entity)[language] ?? []).map((alias) => alias.value);
      const matched = [label, ...aliases].find(
        (candidate) => candidate !== undefined && candidate.toLowerCase().startsWith(wanted),
      );
      if (matched === undefined) continue;
      const description = terms(entity, 'descriptions')[language]?.value;
      results.push({
        id,
        title: id,
        pageid: Number(id.slice(1)),
        concepturi: `http://www.wikidata.org/entity/${id}`,
        repository: 'wikidata',
        url: `//www.wikidata.org/wiki/${id}`,
        display: {
          ...(label !== undefined ? { label: { value: label, language } } : {}),
          ...(description !== undefined ? { description: { value: description, language } } : {}),
        },
        ...(label !== undefined ? { label } : {}),
        ...(description !== undefined ? { description } : {}),
        match: { type: matched === label ? 'label' : 'alias', language, text: matched },
        ...(matched !== label ? { aliases: [matched] } : {}),
      });
    }
    return { searchinfo: { search: text }, search: results.slice(0, limit), success: 1 };
  }

  private getEntities(ids: string[], languages: string[] | undefined, props: string[] | undefined): Json {
    const entities: Record<string, Json> = {};
    for (const id of ids) {
      const entity = this.entities.get(id);
      if (!entity) {
        entities[id] = { id, missing: true };
        continue;
      }
      const out: Json = { type: 'item', id };
      for (const prop of props ?? ['labels', 'descriptions', 'aliases', 'claims', 'sitelinks']) {
        const value = entity[prop];
        if (value === undefined) continue;
        out[prop] =
          languages && ['labels', 'descriptions', 'aliases'].includes(prop)
            ? Object.fromEntries(Object.entries(value as Json).filter(([language]) => languages.includes(language)))
            : value;
      }
      entities[id] = out;
    }
    return { entities, success: 1 };
  }
}
