/**
 * What the tests of quick fixes, commands and rename check of a sidecar after an edit: that it
 * is valid YAML, what it holds, and that every comment survived.
 */

import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';

/** A sidecar as the yaml package reads it, loosely typed for assertions. */
export interface SidecarYaml {
  entities: Record<string, Record<string, unknown>>;
  quotes: Record<string, unknown>[];
  [key: string]: unknown;
}

/** Parses a sidecar and fails on any YAML error: a quick fix must leave valid YAML. */
export function parseSidecarYaml(text: string): SidecarYaml {
  const document = parseDocument(text);
  assert.deepEqual(
    document.errors.map((error) => error.message),
    [],
    `the sidecar does not parse:\n${text}`,
  );
  const parsed = (document.toJS() ?? {}) as Partial<SidecarYaml>;
  return { ...parsed, entities: parsed.entities ?? {}, quotes: parsed.quotes ?? [] };
}

/**
 * The comments of a sidecar as an edit must keep them: whole comment lines byte for byte, and
 * a trailing comment from its `#` on (its line may change, as `quotes: []  # none yet` must
 * when the first entry is added).
 */
export function commentsOf(text: string): { text: string; whole: boolean }[] {
  const comments: { text: string; whole: boolean }[] = [];
  for (const line of text.split(/\r?\n/u)) {
    if (/^\s*#/u.test(line)) comments.push({ text: line, whole: true });
    else {
      const trailing = /\s(#.*)$/u.exec(line);
      if (trailing) comments.push({ text: trailing[1], whole: false });
    }
  }
  return comments;
}

/** Fails unless every comment of `before` is in `after`, unchanged and in the same order. */
export function assertCommentsKept(before: string, after: string, what: string): void {
  const lines = after.split(/\r?\n/u);
  let from = 0;
  for (const comment of commentsOf(before)) {
    const matches = (line: string): boolean => (comment.whole ? line === comment.text : line.endsWith(comment.text));
    let at = from;
    while (at < lines.length && !matches(lines[at])) at++;
    assert.ok(at < lines.length, `${what} lost or changed the comment ${JSON.stringify(comment.text)}:\n${after}`);
    from = at + 1;
  }
}
