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
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  analysis: DEFAULT_SETTINGS,
  sidecarSuffix: DEFAULT_SIDECAR_SUFFIX,
};

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
  };
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
