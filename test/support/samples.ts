/**
 * The samples (samples/) as test input, and a way to mark a span or a cursor inside one without
 * copying it.
 */

import * as fs from 'node:fs';
import { repoPath } from './repo';

/** The text of a file in samples/. */
export function sample(name: string): string {
  return fs.readFileSync(repoPath(`samples/${name}`), 'utf8');
}

export const KIM_ARTICLE = sample('kim-putin.txt');
export const KIM_SIDECAR = sample('kim-putin.ann.yaml');

/**
 * Puts markup (`⟦ ⟧`, `$0`, see markup.ts) into a long text such as a sample: `snippet` is a
 * piece of the text with markers added, and must occur exactly once once the markers are taken
 * out.
 */
export function mark(text: string, snippet: string): string {
  const plain = snippet.replace(/⟦|⟧|\$0/gu, '');
  const at = text.indexOf(plain);
  if (at < 0 || text.indexOf(plain, at + 1) >= 0) {
    throw new Error(`Fixture error: '${plain}' must occur exactly once in the text.`);
  }
  return text.slice(0, at) + snippet + text.slice(at + plain.length);
}

/** A text with one change, which must happen exactly once. */
export function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`Fixture error: '${search}' not unique.`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}
