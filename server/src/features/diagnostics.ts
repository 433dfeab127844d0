/**
 * Engine diagnostics as LSP diagnostics: severity, `source`, `code` and a link to the code's
 * documentation, with the engine's `data` passed on for quick fixes.
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
