/**
 * Pairing articles with sidecars by name: `kim-putin.txt` is annotated by `kim-putin.ann.yaml`.
 *
 * These functions work on `/`-separated paths (file system paths or URI paths alike) and touch
 * no file system: callers check which candidates exist.
 */

import { articlePathProblem } from './sidecar';

export const DEFAULT_SIDECAR_SUFFIX = '.ann.yaml';
export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;

export type FileRole = 'article' | 'sidecar' | 'registry' | 'other';

/** A registry of entities shared by the articles below it is named `entities` + the sidecar suffix. */
export const REGISTRY_STEM = 'entities';

export function registryFileName(suffix = DEFAULT_SIDECAR_SUFFIX): string {
  return REGISTRY_STEM + suffix;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

export function roleOf(path: string, suffix = DEFAULT_SIDECAR_SUFFIX): FileRole {
  const name = baseName(path).toLowerCase();
  if (name === registryFileName(suffix).toLowerCase()) return 'registry';
  if (name.endsWith(suffix.toLowerCase()) && name.length > suffix.length) return 'sidecar';
  if (ARTICLE_EXTENSIONS.some((extension) => name.endsWith(extension) && name.length > extension.length)) {
    return 'article';
  }
  return 'other';
}

export function isMarkdownPath(path: string): boolean {
  const name = path.toLowerCase();
  return name.endsWith('.md') || name.endsWith('.markdown');
}

/** The sidecar that annotates the article at `articlePath` by naming convention. */
export function sidecarPathFor(articlePath: string, suffix = DEFAULT_SIDECAR_SUFFIX): string {
  const name = baseName(articlePath);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return directoryOf(articlePath) + stem + suffix;
}

/** The article paths a sidecar may annotate by naming convention, in order of preference. */
export function articleCandidatesFor(sidecarPath: string, suffix = DEFAULT_SIDECAR_SUFFIX): string[] {
  const name = baseName(sidecarPath);
  const stem = name.slice(0, name.length - suffix.length);
  return ARTICLE_EXTENSIONS.map((extension) => directoryOf(sidecarPath) + stem + extension);
}

/**
 * Whether a sidecar's text may name its article with an `article:` key (quoted or not): a cheap
 * test before parsing, so that only such sidecars are parsed to pair them.
 */
export function mayNameItsArticle(sidecarText: string): boolean {
  return /article["']?\s*:/u.test(sidecarText);
}

/**
 * Resolves a sidecar's `article:` key against the sidecar's folder. Returns undefined when the
 * path is not acceptable (absolute, or leaving the folder tree).
 */
export function resolveArticlePath(sidecarPath: string, relative: string): string | undefined {
  if (articlePathProblem(relative)) return undefined;
  const segments = directoryOf(sidecarPath).split('/');
  segments.pop(); // The empty segment after the trailing slash.
  for (const segment of relative.trim().split(/[/\\]/u)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/**
 * The registries that a file in `folder` sees, nearest first: `entities.ann.yaml` in the folder
 * and in each one above it, up to and including `root` (both `/`-separated, `folder` inside
 * `root`). A folder outside `root` sees only its own.
 */
export function registryPathsFor(folder: string, root: string, suffix = DEFAULT_SIDECAR_SUFFIX): string[] {
  const trim = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
  const top = trim(root);
  let current = trim(folder);
  const paths: string[] = [];
  const name = registryFileName(suffix);
  for (;;) {
    paths.push(current === '/' ? '/' + name : `${current}/${name}`);
    if (current === top || !(current.startsWith(top.endsWith('/') ? top : top + '/') || top === '')) break;
    const slash = current.lastIndexOf('/');
    if (slash < 0) break;
    current = slash === 0 ? '/' : current.slice(0, slash);
  }
  return paths;
}
