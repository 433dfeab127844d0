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
  'ambiguous-name',
  'ambiguous-mention',
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
  'too-many-entities',
  'unreadable-file',
  'registry-entity-replaced',
  // In a registry.
  'unused-entity',
  // In either file.
  'too-many-problems',
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

/**
 * Diagnostics of one code shown per file, at most. Past it the editor and the terminal gain
 * nothing from more lines of the same problem, and a hostile file could make millions.
 */
export const MAX_DIAGNOSTICS_PER_CODE = 1000;

/**
 * The `too-many-problems` diagnostic that stands, at `first` (the first one left out), for the
 * diagnostics of its code past the first `limit` of `total`.
 */
export function tooManyProblems(
  first: CoreDiagnostic,
  total: number,
  limit = MAX_DIAGNOSTICS_PER_CODE,
): CoreDiagnostic {
  const omitted = total - limit;
  return {
    target: first.target,
    span: first.span,
    severity: first.severity,
    code: 'too-many-problems',
    message: `${withThousands(omitted)} more '${first.code}' problems from here on are not listed; this file has ${withThousands(total)} in all, and only the first ${withThousands(limit)} are shown.`,
    data: { code: first.code, omitted },
  };
}

/**
 * A file's diagnostics, sorted, with at most `limit` of each code: those past it are replaced by
 * one `too-many-problems` diagnostic, at the first one left out, that counts them. Its severity
 * is the highest of those it stands for.
 */
export function capDiagnostics(sorted: CoreDiagnostic[], limit = MAX_DIAGNOSTICS_PER_CODE): CoreDiagnostic[] {
  if (sorted.length <= limit) return sorted;
  const counts = new Map<DiagnosticCode, number>();
  for (const diagnostic of sorted) counts.set(diagnostic.code, (counts.get(diagnostic.code) ?? 0) + 1);
  if (![...counts.values()].some((count) => count > limit)) return sorted;
  const kept: CoreDiagnostic[] = [];
  const seen = new Map<DiagnosticCode, number>();
  const summaries = new Map<DiagnosticCode, CoreDiagnostic>();
  for (const diagnostic of sorted) {
    const index = (seen.get(diagnostic.code) ?? 0) + 1;
    seen.set(diagnostic.code, index);
    if (index <= limit) {
      kept.push(diagnostic);
      continue;
    }
    const summary = summaries.get(diagnostic.code);
    if (summary) {
      if (severityRank[diagnostic.severity] < severityRank[summary.severity]) summary.severity = diagnostic.severity;
      continue;
    }
    const created = tooManyProblems(diagnostic, counts.get(diagnostic.code)!, limit);
    summaries.set(diagnostic.code, created);
    kept.push(created);
  }
  return kept;
}

/** A count with commas between thousands (`12,345`), without loading the Intl data to say so. */
function withThousands(count: number): string {
  const digits = String(count);
  let text = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) text += ',';
    text += digits[i];
  }
  return text;
}
