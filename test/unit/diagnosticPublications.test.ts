/**
 * Which diagnostics the server publishes again: only those of a document whose diagnostics
 * changed as the editor sees them (ranges, severity, code, message, data).
 */

import * as assert from 'node:assert/strict';
import { LineIndex, type CoreDiagnostic } from '../../server/src/core';
import { DiagnosticPublications, type DiagnosticEntry } from '../../server/src/features/diagnostics';

const URI = 'file:///tmp/article.txt';

function diagnostic(start: number, end: number, message = 'A quote.', data?: Record<string, unknown>): CoreDiagnostic {
  return {
    target: 'article',
    span: { start, end },
    severity: 'warning',
    code: 'unattributed-quote',
    message,
    ...(data ? { data } : {}),
  };
}

function entries(lines: LineIndex, ...diagnostics: CoreDiagnostic[]): DiagnosticEntry[] {
  return diagnostics.map((d) => ({ diagnostic: d, lines }));
}

describe('diagnostic publications', () => {
  it('publishes the first time, and not again for the same diagnostics of the same text', () => {
    const publications = new DiagnosticPublications();
    const lines = new LineIndex('one\n„two“\nthree\n');
    const first = publications.changed(URI, entries(lines, diagnostic(4, 9, 'A quote.', { quote: { start: 5 } })));
    assert.deepEqual(first?.[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.equal(first?.[0].code, 'unattributed-quote');
    // New objects, as a new analysis makes them, but equal.
    assert.equal(
      publications.changed(URI, entries(lines, diagnostic(4, 9, 'A quote.', { quote: { start: 5 } }))),
      undefined,
    );
    assert.deepEqual(publications.uris(), [URI]);
  });

  it('does not publish again when an edit on another line moved only offsets', () => {
    const publications = new DiagnosticPublications();
    publications.changed(URI, entries(new LineIndex('one\n„two“\n'), diagnostic(4, 9)));
    const edited = new LineIndex('one more\n„two“\n');
    assert.equal(publications.changed(URI, entries(edited, diagnostic(9, 14))), undefined);
    // And the edited text is the one compared with from now on.
    assert.equal(publications.changed(URI, entries(edited, diagnostic(9, 14))), undefined);
  });

  it('publishes again when a range, a message or the data changed, or a diagnostic came or went', () => {
    const publications = new DiagnosticPublications();
    const lines = new LineIndex('„one“ „two“\n');
    publications.changed(URI, entries(lines, diagnostic(0, 5)));
    const moved = new LineIndex('x„one“ „two“\n');
    assert.equal(publications.changed(URI, entries(moved, diagnostic(1, 6)))?.[0].range.start.character, 1);
    assert.ok(publications.changed(URI, entries(moved, diagnostic(1, 6, 'Another.'))));
    assert.ok(publications.changed(URI, entries(moved, diagnostic(1, 6, 'Another.', { confidence: 0.5 }))));
    assert.ok(publications.changed(URI, entries(moved, diagnostic(1, 6, 'Another.', { confidence: 0.7 }))));
    assert.ok(
      publications.changed(URI, entries(moved, diagnostic(1, 6, 'Another.', { confidence: 0.7 }), diagnostic(7, 12))),
    );
    assert.deepEqual(publications.changed(URI, []), []);
    publications.forget(URI);
    assert.deepEqual(publications.uris(), []);
  });
});
