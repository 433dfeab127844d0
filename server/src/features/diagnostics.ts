/**
 * Engine diagnostics as LSP diagnostics: severity, `source`, `code` and a link to the code's
 * documentation, with the engine's `data` passed on for quick fixes; and which of them changed
 * since they were last published.
 */

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { documentationUrl, type CoreDiagnostic, type LineIndex, type Severity } from '../core';

export const DIAGNOSTIC_SOURCE = 'article-annotations';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: CoreDiagnostic, lines: LineIndex): Diagnostic {
  return {
    range: lines.rangeOf(diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    source: DIAGNOSTIC_SOURCE,
    code: diagnostic.code,
    codeDescription: { href: documentationUrl(diagnostic.code) },
    message: diagnostic.message,
    ...(diagnostic.data ? { data: diagnostic.data } : {}),
  };
}

/** An engine diagnostic to publish, with the line index of the text its span is in. */
export interface DiagnosticEntry {
  diagnostic: CoreDiagnostic;
  lines: LineIndex;
}

/**
 * What was last published for each document, so that only what changed is published again.
 * After a keystroke in a long article, most of its diagnostics and all of its sidecar's are
 * what they were, and publishing thousands again costs the server and the editor. Diagnostics
 * of a text that did not change are compared as the engine gives them; those of a changed
 * text, once converted, by their LSP ranges, which lines that were not edited keep.
 */
export class DiagnosticPublications {
  private readonly last = new Map<string, { entries: readonly DiagnosticEntry[]; published: Diagnostic[] }>();

  /** The LSP diagnostics to publish for `uri`, or undefined when they are those published last. */
  changed(uri: string, entries: readonly DiagnosticEntry[]): Diagnostic[] | undefined {
    const last = this.last.get(uri);
    if (last && sameEntries(last.entries, entries)) {
      last.entries = entries;
      return undefined;
    }
    const published = entries.map((entry) => toLspDiagnostic(entry.diagnostic, entry.lines));
    if (last && samePublished(last.published, published)) {
      this.last.set(uri, { entries, published: last.published });
      return undefined;
    }
    this.last.set(uri, { entries, published });
    return published;
  }

  /** The documents that have diagnostics published. */
  uris(): string[] {
    return [...this.last.keys()];
  }

  /** Forgets a document, once its diagnostics have been cleared. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

function sameEntries(a: readonly DiagnosticEntry[], b: readonly DiagnosticEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.lines !== y.lines) return false;
    const d = x.diagnostic;
    const e = y.diagnostic;
    if (d === e) continue;
    if (d.span.start !== e.span.start || d.span.end !== e.span.end) return false;
    if (d.code !== e.code || d.severity !== e.severity || d.message !== e.message || d.target !== e.target)
      return false;
    if (!sameData(d.data, e.data)) return false;
  }
  return true;
}

function samePublished(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    const r = x.range;
    const s = y.range;
    if (r.start.line !== s.start.line || r.start.character !== s.start.character) return false;
    if (r.end.line !== s.end.line || r.end.character !== s.end.character) return false;
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message) return false;
    if (!sameData(x.data, y.data)) return false;
  }
  return true;
}

/** Whether two values of a diagnostic's data (plain JSON) are equal. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && sameData(x[key], y[key]));
}
