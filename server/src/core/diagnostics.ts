/**
 * The problems the engine reports, with their stable codes. docs/diagnostics.md documents every
 * code; a code, once published, keeps its meaning.
 */

import type { Span } from './text/text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DIAGNOSTIC_CODES = [
  // In the article.
  'unattributed-quote',
  'unbalanced-quote-mark',
  // In the sidecar.
  'yaml-syntax',
  'schema',
  'unknown-key',
  'duplicate-id',
  'invalid-id',
  'unknown-speaker',
  'place-as-speaker',
  'quote-not-found',
  'ambiguous-quote',
  'duplicate-quote',
  'unused-alias',
  'shared-alias',
  'invalid-wikidata',
  'invalid-coordinates',
  'invalid-link',
  'unsupported-version',
  'unknown-language',
  'article-not-found',
  'invalid-article-path',
  'file-too-large',
  'unreadable-file',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Which file of the pair a diagnostic belongs to. */
export type DiagnosticTarget = 'article' | 'sidecar';

export interface CoreDiagnostic {
  target: DiagnosticTarget;
  span: Span;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Facts a quick fix needs (the suggested speaker, the closest passage, the unknown id). */
  data?: Record<string, unknown>;
}

/** Where the documentation of a code lives, for `codeDescription` links. */
export const DIAGNOSTICS_DOCUMENTATION_URL =
  'https://github.com/article-annotations/article-annotations/blob/main/docs/diagnostics.md';

export function documentationUrl(code: DiagnosticCode): string {
  return `${DIAGNOSTICS_DOCUMENTATION_URL}#${code}`;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Orders diagnostics by position, then by severity, for stable output. */
export function compareDiagnostics(a: CoreDiagnostic, b: CoreDiagnostic): number {
  return (
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    severityRank[a.severity] - severityRank[b.severity] ||
    a.code.localeCompare(b.code)
  );
}
