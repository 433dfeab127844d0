/**
 * The extension's settings as the server uses them: one typed object per resource, read from
 * the client's `articleAnnotations.*` configuration and checked, so that a wrong value in
 * settings.json falls back to the default instead of breaking the analysis.
 */

import {
  DEFAULT_SETTINGS,
  DEFAULT_SIDECAR_SUFFIX,
  parseLanguageTag,
  type AnalysisSettings,
  type Severity,
} from './core';

export interface ServerSettings {
  analysis: AnalysisSettings;
  /** The suffix that names a sidecar: `NAME` + suffix annotates `NAME.txt`. */
  sidecarSuffix: string;
  /** Where and as whom `link`, `refresh` and the editor's Link command ask Wikidata. */
  wikidata: WikidataSettings;
  hover: HoverSettings;
  report: ReportSettings;
}

export interface WikidataSettings {
  /** `articleAnnotations.wikidata.endpoint`: the URL of the MediaWiki API (`…/w/api.php`). */
  endpoint: string;
  /** `articleAnnotations.wikidata.userAgent`: the User-Agent header of every request. */
  userAgent: string;
}

export interface HoverSettings {
  /** `articleAnnotations.hover.images`: show the Commons image of a linked entity (loaded by the editor). */
  images: boolean;
}

export interface ReportSettings {
  /** `articleAnnotations.report.groupBy`: the keys the Sources panel groups the quotes by (`--by` of the command line). */
  groupBy: string[];
}

export const DEFAULT_REPORT_GROUP_BY: readonly string[] = ['gender', 'published:month'];

/** The Wikidata API. */
export const DEFAULT_WIKIDATA_ENDPOINT = 'https://www.wikidata.org/w/api.php';

/**
 * The User-Agent the requests name themselves with, as Wikimedia's policy asks: the program, its
 * version and how to reach its makers. A user may name themselves instead (the setting).
 */
export const DEFAULT_WIKIDATA_USER_AGENT =
  'ArticleAnnotations/0.1.0 (https://github.com/article-annotations/article-annotations; contact via issues)';

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  analysis: DEFAULT_SETTINGS,
  sidecarSuffix: DEFAULT_SIDECAR_SUFFIX,
  wikidata: { endpoint: DEFAULT_WIKIDATA_ENDPOINT, userAgent: DEFAULT_WIKIDATA_USER_AGENT },
  hover: { images: false },
  report: { groupBy: [...DEFAULT_REPORT_GROUP_BY] },
};

/** Whether a text is a web address of the API: `http:` or `https:`, without user name or password. */
export function isEndpointUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Whether a text can be sent as a User-Agent: printable ASCII, not empty, not absurdly long. */
export function isUserAgent(text: string): boolean {
  return /^[\x20-\x7e]{1,400}$/u.test(text) && text.trim() !== '';
}

/** The levels of a severity setting: a diagnostic's severity, or none at all. */
export const SEVERITIES: readonly (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Reads the `articleAnnotations` section as the client sends it. */
export function readSettings(raw: unknown): ServerSettings {
  const section = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const language = typeof section.language === 'string' ? section.language : 'auto';
  const minWords = section.speechMinWords;
  const severity = section.unattributedSeverity;
  const maxFileSize = section.maxFileSize;
  const suffix = section.sidecarSuffix;
  const endpoint = setting(section, 'wikidata', 'endpoint');
  const userAgent = setting(section, 'wikidata', 'userAgent');
  const images = setting(section, 'hover', 'images');
  const groupBy = setting(section, 'report', 'groupBy');
  return {
    analysis: {
      language: language === 'auto' ? 'auto' : (parseLanguageTag(language) ?? 'auto'),
      speechMinWords:
        typeof minWords === 'number' && Number.isInteger(minWords) && minWords >= 0
          ? minWords
          : DEFAULT_SETTINGS.speechMinWords,
      unattributedSeverity: SEVERITIES.includes(severity as Severity)
        ? (severity as Severity | 'off')
        : DEFAULT_SETTINGS.unattributedSeverity,
      inflection: typeof section.inflection === 'boolean' ? section.inflection : DEFAULT_SETTINGS.inflection,
      maxFileSize:
        typeof maxFileSize === 'number' && maxFileSize > 0
          ? charactersOfMegabytes(maxFileSize)
          : DEFAULT_SETTINGS.maxFileSize,
    },
    sidecarSuffix:
      typeof suffix === 'string' && /^\.[^/\\]+$/u.test(suffix) && suffix.length > 1 ? suffix : DEFAULT_SIDECAR_SUFFIX,
    wikidata: {
      endpoint: typeof endpoint === 'string' && isEndpointUrl(endpoint) ? endpoint : DEFAULT_WIKIDATA_ENDPOINT,
      userAgent: typeof userAgent === 'string' && isUserAgent(userAgent) ? userAgent : DEFAULT_WIKIDATA_USER_AGENT,
    },
    hover: { images: typeof images === 'boolean' ? images : false },
    report: {
      groupBy:
        Array.isArray(groupBy) && groupBy.every((key) => typeof key === 'string')
          ? groupBy.map((key: string) => key.trim()).filter(Boolean)
          : [...DEFAULT_REPORT_GROUP_BY],
    },
  };
}

/**
 * A setting in a group, such as `wikidata.endpoint`: VS Code sends it nested
 * (`{wikidata: {endpoint}}`), a settings file may hold it as one dotted key.
 */
function setting(section: Record<string, unknown>, group: string, key: string): unknown {
  const nested = section[group];
  if (typeof nested === 'object' && nested !== null && key in nested) return (nested as Record<string, unknown>)[key];
  return section[`${group}.${key}`];
}

/**
 * The size limit in characters, which the engine counts, from megabytes of text, in which the
 * setting `maxFileSize` and the command line's `--max-file-size` give it.
 */
export function charactersOfMegabytes(megabytes: number): number {
  return Math.round(megabytes * 1024 * 1024);
}

/** A stable key for settings, so analyses cached under other settings are not reused. */
export function settingsKey(settings: ServerSettings): string {
  return JSON.stringify(settings);
}
