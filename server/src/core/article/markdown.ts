/**
 * Markdown articles: the parts that are not prose. Quotation marks and names inside front
 * matter, code, HTML comments and link targets are not quotes or mentions.
 */

import type { Span } from '../text/text';

export type ArticleFormat = 'plaintext' | 'markdown';

/**
 * The front matter of a Markdown text: a block between two `---` lines at the very start (the
 * second may be `...`). `end` is where the prose begins; `body` spans the YAML between the lines.
 */
export function frontMatterOf(text: string): { end: number; body: Span } | undefined {
  const match = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/u.exec(text);
  if (!match) return undefined;
  const start = match[1].length;
  return { end: match[0].length, body: { start, end: start + match[2].length } };
}

/** Returns the non-prose spans of a Markdown text, sorted and non-overlapping. */
export function markdownIgnoredSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  const frontMatter = frontMatterOf(text);
  if (frontMatter) {
    spans.push({ start: 0, end: frontMatter.end });
    i = frontMatter.end;
  }
  let lineStart = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*(?:\n|$)/u.exec(text.slice(i, i + 200));
      if (fence) {
        const marker = fence[1];
        const end = findFenceEnd(text, i + fence[0].length, marker);
        spans.push({ start: i, end });
        i = end;
        lineStart = true;
        continue;
      }
    }
    lineStart = c === 10 || c === 13;
    if (c === 96 /* ` */) {
      let run = 1;
      while (text.charCodeAt(i + run) === 96) run++;
      const close = findBacktickRun(text, i + run, run);
      if (close >= 0) {
        spans.push({ start: i, end: close + run });
        i = close + run;
        continue;
      }
      i += run;
      continue;
    }
    if (c === 60 /* < */ && text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      const stop = end < 0 ? text.length : end + 3;
      spans.push({ start: i, end: stop });
      i = stop;
      continue;
    }
    if (c === 60 /* < */) {
      const autolink = /^<[a-z][a-z0-9+.-]*:[^\s<>]*>/iu.exec(text.slice(i, i + 2000));
      if (autolink) {
        spans.push({ start: i, end: i + autolink[0].length });
        i += autolink[0].length;
        continue;
      }
    }
    if (c === 93 /* ] */ && text.charCodeAt(i + 1) === 40 /* ( */) {
      const end = findLinkDestinationEnd(text, i + 2);
      if (end >= 0) {
        spans.push({ start: i + 1, end: end + 1 });
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return spans;
}

function findFenceEnd(text: string, from: number, marker: string): number {
  let i = from;
  while (i < text.length) {
    const lineEnd = text.indexOf('\n', i);
    const line = text.slice(i, lineEnd < 0 ? text.length : lineEnd);
    const trimmed = line.replace(/^ {0,3}/u, '').trimEnd();
    if (trimmed.startsWith(marker[0].repeat(marker.length)) && /^[`~]+$/u.test(trimmed)) {
      return lineEnd < 0 ? text.length : lineEnd + 1;
    }
    if (lineEnd < 0) return text.length;
    i = lineEnd + 1;
  }
  return text.length;
}

/** The start of a closing run of exactly `run` backticks within the paragraph, or -1. */
function findBacktickRun(text: string, from: number, run: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 && /^\n[ \t]*(?:\r?\n)/u.test(text.slice(i, i + 40))) return -1;
    if (c !== 96) continue;
    let length = 1;
    while (text.charCodeAt(i + length) === 96) length++;
    if (length === run) return i;
    i += length - 1;
  }
  return -1;
}

/** The offset of the `)` that ends a link destination starting at `from`, or -1. */
function findLinkDestinationEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length && i < from + 2000; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return -1;
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
