/**
 * An article's metadata from its Markdown front matter (`outlet:`, `published:`, `author:`, any
 * key), for grouping in reports as the sidecar's `meta:` map is.
 */

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { excessiveNesting } from '../sidecar/sidecar';
import { frontMatterOf } from './markdown';

/** Front matter longer than this is not read for metadata: metadata is a few lines. */
export const MAX_FRONT_MATTER = 64 * 1024;

export interface FrontMatterMeta {
  /** Keys to text, in order. Lists of scalars are joined with ", ". */
  meta: Record<string, string>;
  /** Why the front matter could not be read, when it could not. */
  problem?: string;
}

/**
 * The metadata of a Markdown article's front matter: each top-level key whose value is a scalar
 * or a list of scalars, as text (dates as written, since the YAML 1.2 core schema keeps them as
 * strings). Nested maps are skipped. Never throws.
 */
export function frontMatterMeta(text: string): FrontMatterMeta {
  const block = frontMatterOf(text);
  if (!block) return { meta: {} };
  if (block.body.end - block.body.start > MAX_FRONT_MATTER) {
    return { meta: {}, problem: `its front matter is longer than ${MAX_FRONT_MATTER / 1024} KB` };
  }
  const body = text.slice(block.body.start, block.body.end);
  // As for sidecars: the yaml package recurses once per level, and near the end of the stack
  // the process may abort rather than throw (see sidecar/limits.ts).
  if (excessiveNesting(body)) return { meta: {}, problem: 'its front matter nests too deeply to be read' };
  const document = parseDocument(body, {
    prettyErrors: false,
    uniqueKeys: false,
  });
  if (document.errors.length > 0) {
    return { meta: {}, problem: `its front matter is not valid YAML (${document.errors[0].message.split('\n')[0]})` };
  }
  const meta: Record<string, string> = {};
  const root = document.contents;
  if (root === null || root === undefined) return { meta };
  if (!isMap(root)) return { meta: {}, problem: 'its front matter is not a mapping of keys to values' };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? textOf(pair.key.value) : undefined;
    if (key === undefined || key === '__proto__') continue;
    const value = pair.value;
    if (isScalar(value)) {
      const text = textOf(value.value);
      if (text !== undefined) meta[key] = text;
    } else if (isSeq(value)) {
      const items: string[] = [];
      for (const item of value.items) {
        const text = isScalar(item) ? textOf(item.value) : undefined;
        if (text !== undefined) items.push(text);
      }
      if (items.length > 0) meta[key] = items.filter(Boolean).join(', ');
    }
  }
  return { meta };
}

/** A scalar's value as text: strings, numbers and booleans; undefined for null and anything else. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}
