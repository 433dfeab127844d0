/**
 * The workspace's settings for the command line: the `articleAnnotations.*` keys of the
 * `.vscode/settings.json` that VS Code would read for a folder, turned into the typed settings
 * by the language server's own conversion (settings.ts), so that `check` and the Problems panel
 * agree. The language server gets its settings from the client instead.
 */

import * as path from 'node:path';
import { parse, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser';
import { readTextFile, type FileSystemCalls } from './files';
import { readSettings, type ServerSettings } from './settings';
import type { AnalysisSettings } from './core';

/** The settings a command-line run applies to the files under one path: the workspace's, then the options. */
export interface RunSettings {
  analysis: AnalysisSettings;
  suffix: string;
}

const SECTION = 'articleAnnotations';

/** A settings file is a page of keys: a far larger one is not read (in characters). */
const MAX_SETTINGS_SIZE = 1024 * 1024;

/**
 * The settings file that applies to a path: `.vscode/settings.json` in the path's folder (the
 * path itself, or the folder of a file), else in the nearest folder above that has one. The
 * search stops at the nearest folder holding `.git`, the repository a workspace folder usually
 * is, or at the root. A file that exists in any form counts as found, so that one that cannot be
 * read is reported rather than passed over for one further up.
 */
export async function findSettingsFile(start: string, calls: FileSystemCalls): Promise<string | undefined> {
  let folder = path.resolve(start);
  if (!(await isDirectory(folder, calls))) folder = path.dirname(folder);
  for (;;) {
    const file = path.join(folder, '.vscode', 'settings.json');
    if (await exists(file, calls)) return file;
    const parent = path.dirname(folder);
    if (parent === folder || (await exists(path.join(folder, '.git'), calls))) return undefined;
    folder = parent;
  }
}

async function exists(file: string, calls: FileSystemCalls): Promise<boolean> {
  try {
    await calls.stat(file);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(file: string, calls: FileSystemCalls): Promise<boolean> {
  try {
    return (await calls.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

export interface SettingsFileResult {
  settings: ServerSettings;
  /** Why the file was not used, when it was not: its settings are then the defaults. */
  problem?: string;
}

/**
 * Reads a settings file found by findSettingsFile. It is read only where it really lies in its
 * workspace folder (the folder holding `.vscode`), as the checker reads every file.
 */
export async function readSettingsFile(file: string, calls: FileSystemCalls): Promise<SettingsFileResult> {
  const workspaceFolder = path.dirname(path.dirname(file));
  const read = await readTextFile(file, MAX_SETTINGS_SIZE, calls, workspaceFolder);
  if (!read.ok) return { settings: readSettings({}), problem: `cannot be read: ${read.reason}` };
  const section = sectionOfSettings(read.text);
  if (typeof section === 'string') return { settings: readSettings({}), problem: section };
  return { settings: readSettings(section) };
}

/**
 * The `articleAnnotations` section of a settings.json text, as the client would send it to the
 * server; or why the text is not a settings file. The text is JSON with comments and trailing
 * commas, as VS Code reads it. Keys are written `articleAnnotations.language`, or nested in an
 * `articleAnnotations` object; other keys are not this program's and are ignored.
 */
export function sectionOfSettings(text: string): Record<string, unknown> | string {
  // An empty file, or one of comments only, is how VS Code creates and leaves it.
  if (stripComments(text).trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const before = text.slice(0, offset).split(/\r\n|\n|\r/u);
    const where = `${before.length}:${before[before.length - 1].length + 1}`;
    return `is not valid JSON at ${where} (${printParseErrorCode(error)})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'does not hold an object of settings';
  const settings = value as Record<string, unknown>;
  // No prototype: a key such as `__proto__` is then only a key that no setting has.
  const section = Object.create(null) as Record<string, unknown>;
  const nested = settings[SECTION];
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    for (const [key, setting] of Object.entries(nested)) section[key] = setting;
  }
  for (const [key, setting] of Object.entries(settings)) {
    if (key.startsWith(`${SECTION}.`)) section[key.slice(SECTION.length + 1)] = setting;
  }
  return section;
}
