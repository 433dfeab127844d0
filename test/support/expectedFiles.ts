/**
 * Expected outputs kept in files under test/fixtures/: a long expected text (a sidecar after an
 * edit) reads as the file it is, and a change of behaviour shows as a change of those files in
 * review.
 *
 * `UPDATE_FIXTURES=1 npx mocha …` (or `npm test -- --update`) writes what the code produces
 * instead of comparing, and deletes the files no case names any more; `git diff test/fixtures`
 * then shows what changed. Otherwise a mismatch fails with a diff of the lines.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from './repo';

export const UPDATING = process.env.UPDATE_FIXTURES === '1' || process.argv.includes('--update');

const HOW_TO_UPDATE =
  'Run the test with UPDATE_FIXTURES=1 to write what the code produces, and review it with git diff.';

/** A file name for a case, from its name: lower-case ASCII words joined by dashes. */
export function fileNameOf(caseName: string, suffix = '.expected.ann.yaml'): string {
  const slug = caseName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .slice(0, 100)
    .replace(/^-+|-+$/gu, '');
  return slug + suffix;
}

/** The expected files of one test file: a folder under the repository root. */
export class ExpectedFiles {
  private readonly dir: string;

  /** `folder` is relative to the repository root, such as `test/fixtures/edits`. */
  constructor(readonly folder: string) {
    this.dir = repoPath(folder);
  }

  /**
   * Fails unless `actual` is the text of the expected file `name` byte for byte (line endings
   * and a byte order mark included); writes it instead while updating.
   */
  check(name: string, actual: string): void {
    const file = path.join(this.dir, name);
    if (UPDATING) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
      if (current !== actual) {
        fs.mkdirSync(this.dir, { recursive: true });
        fs.writeFileSync(file, actual, 'utf8');
      }
      return;
    }
    if (!fs.existsSync(file)) assert.fail(`The expected file ${this.folder}/${name} does not exist. ${HOW_TO_UPDATE}`);
    const expected = fs.readFileSync(file, 'utf8');
    if (expected === actual) return;
    assert.fail(
      `The output differs from ${this.folder}/${name} (- expected, + actual):\n${lineDiff(expected, actual)}\n${HOW_TO_UPDATE}`,
    );
  }

  /**
   * Fails when the folder holds a file that none of `names` is (left behind by a case renamed
   * or removed); deletes such files while updating.
   */
  checkNoStrayFiles(names: Iterable<string>): void {
    const wanted = new Set(names);
    const present = fs.existsSync(this.dir) ? fs.readdirSync(this.dir) : [];
    const stray = present.filter((name) => !wanted.has(name));
    if (UPDATING) {
      for (const name of stray) fs.rmSync(path.join(this.dir, name));
      return;
    }
    assert.deepEqual(stray, [], `files in ${this.folder} that no case names. ${HOW_TO_UPDATE}`);
  }
}

/** Fails when two cases would share an expected file. */
export function uniqueFileNames(caseNames: readonly string[], suffix?: string): string[] {
  const names = caseNames.map((name) => fileNameOf(name, suffix));
  const seen = new Map<string, string>();
  names.forEach((name, i) => {
    const other = seen.get(name);
    if (other !== undefined) throw new Error(`Cases '${other}' and '${caseNames[i]}' share the file ${name}.`);
    seen.set(name, caseNames[i]);
  });
  return names;
}

/** A line as the diff shows it: carriage returns, byte order marks, tabs and trailing spaces made visible. */
function visible(line: string): string {
  return line
    .replace(/\r/gu, '␍')
    .replace(/\uFEFF/gu, '<BOM>')
    .replace(/\t/gu, '→')
    .replace(/ +$/u, (spaces) => '·'.repeat(spaces.length));
}

/** How many unchanged lines a diff shows around each change. */
const CONTEXT = 3;

/** A line diff of two texts (longest common subsequence), with a few unchanged lines around each change. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Common lines from (i, j) to the ends; the texts compared here are a few hundred lines at most.
  const common = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: { mark: ' ' | '-' | '+'; text: string; line: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push({ mark: ' ', text: a[i++], line: j++ + 1 });
    else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1]))
      lines.push({ mark: '-', text: a[i++], line: j + 1 });
    else lines.push({ mark: '+', text: b[j++], line: j });
  }
  const near = lines.map(() => false);
  lines.forEach((entry, k) => {
    if (entry.mark === ' ') return;
    for (let d = Math.max(0, k - CONTEXT); d <= Math.min(lines.length - 1, k + CONTEXT); d++) near[d] = true;
  });
  const out: string[] = [];
  lines.forEach((entry, k) => {
    if (!near[k]) return;
    if (k === 0 || !near[k - 1]) out.push(`@@ line ${entry.line} of the actual output @@`);
    out.push(`${entry.mark} ${visible(entry.text)}`);
  });
  return out.join('\n');
}
