/**
 * Where the repository is. Tests run compiled from `out/test/…`, so a path relative to a
 * compiled file's `__dirname` depends on how deep the file sits; files that tests read from
 * the repository (samples, expected outputs) are named from its root instead.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
}

export const REPO_ROOT = findRoot(__dirname);

/** The absolute path of a `/`-separated path relative to the repository root. */
export function repoPath(relative: string): string {
  return path.join(REPO_ROOT, ...relative.split('/'));
}
