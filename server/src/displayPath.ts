/**
 * How the command line names files: relative to the current folder when inside it, else as
 * given, `/`-separated. The report's worker threads name files the same way: they share the
 * process's current folder.
 */

import * as path from 'node:path';

/**
 * Paths as shown, by the path as found. A pair's diagnostics name two files at most, and a large
 * article can have thousands: each path is worked out once, not once per diagnostic. The command
 * line never changes its folder, so a path shows the same for the whole run.
 */
const displayPaths = new Map<string, string>();

export function displayPath(file: string): string {
  let shown = displayPaths.get(file);
  if (shown === undefined) {
    const relative = path.relative(process.cwd(), file);
    shown = (relative && !relative.startsWith('..') ? relative : file).split(path.sep).join('/');
    displayPaths.set(file, shown);
  }
  return shown;
}
