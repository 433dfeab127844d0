/**
 * An article's metadata from its Markdown front matter (`outlet:`, `published:`, `author:`, any
 * key), for grouping in reports as the sidecar's `meta:` map is.
 */

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
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
  const document = parseDocument(text.slice(block.body.start, block.body.end), {
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
    if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') continue;
    const key = String(pair.key.value);
    if (key === '__proto__') continue;
    const value = pair.value;
    if (isScalar(value)) {
      if (value.value !== null && value.value !== undefined) meta[key] = String(value.value);
    } else if (isSeq(value)) {
      const items: string[] = [];
      for (const item of value.items) if (isScalar(item) && item.value !== null) items.push(String(item.value));
      if (items.length > 0) meta[key] = items.filter(Boolean).join(', ');
    }
  }
  return { meta };
}
