/**
 * The cap on diagnostics of one code per file: the first ones are kept in order, the rest are
 * counted in one `too-many-problems` diagnostic, and other codes are not touched.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  capDiagnostics,
  compareDiagnostics,
  detectQuotes,
  languageProfile,
  MAX_DIAGNOSTICS_PER_CODE,
  unbalancedMarkDiagnostic,
  type CoreDiagnostic,
  type DiagnosticCode,
  type Severity,
} from '../../server/src/core';

function diagnostic(code: DiagnosticCode, at: number, severity: Severity = 'warning'): CoreDiagnostic {
  return { target: 'sidecar', span: { start: at, end: at + 1 }, severity, code, message: `${code} at ${at}` };
}

describe('capDiagnostics', function () {
  it('keeps a list within the limit as it is', () => {
    const list = [diagnostic('unused-alias', 0), diagnostic('unused-alias', 2)];
    assert.equal(capDiagnostics(list, 2), list);
  });

  it('keeps the first of each code, and counts the rest at the first left out', () => {
    const list = [
      diagnostic('unused-alias', 0, 'hint'),
      diagnostic('schema', 1),
      diagnostic('unused-alias', 2, 'hint'),
      diagnostic('unused-alias', 3, 'hint'),
      diagnostic('schema', 4),
      diagnostic('unused-alias', 5, 'warning'),
    ];
    const capped = capDiagnostics(list, 2);
    assert.deepEqual(
      capped.map((d) => `${d.code}@${d.span.start}:${d.severity}`),
      [
        'unused-alias@0:hint',
        'schema@1:warning',
        'unused-alias@2:hint',
        'too-many-problems@3:warning',
        'schema@4:warning',
      ],
    );
    const summary = capped[3];
    assert.deepEqual(summary.data, { code: 'unused-alias', omitted: 2 });
    assert.equal(
      summary.message,
      "2 more 'unused-alias' problems from here on are not listed; this file has 4 in all, and only the first 2 are shown.",
    );
  });

  it('gives the analysis of a file with more unbalanced marks than shown what capping them all would', () => {
    // Unclosed marks reported at their paragraph's end and unopened ones in between: the
    // analysis makes only the diagnostics shown, in text order, and one that counts the rest.
    const paragraph = '„a “b ‚c ' + '» '.repeat(5) + '”x ';
    const article = Array.from({ length: 150 }, () => paragraph).join('\n\n');
    const marks = detectQuotes(article, languageProfile('de')).unbalanced;
    assert.ok(marks.length > MAX_DIAGNOSTICS_PER_CODE + 10, `${marks.length} marks`);
    const all = marks.map(unbalancedMarkDiagnostic);
    const analysis = analyze({ article, sidecar: 'version: 1\nlanguage: de\n' });
    const shown = analysis.articleDiagnostics.filter(
      (d) => d.code === 'unbalanced-quote-mark' || d.code === 'too-many-problems',
    );
    assert.deepEqual(shown, capDiagnostics(all.sort(compareDiagnostics)));
  });
});
