#!/usr/bin/env node
/**
 * The `article-annotations` command, as bundled into `dist/cli.js`: a small launcher that runs
 * the command line proper (cli.ts, bundled into `dist/cli-main.js`) with V8's code cache.
 *
 * A check runs once over cold code, and a good part of a short run went into compiling the
 * bundle: parsing its source and compiling each function to bytecode as it is first called. The
 * build (scripts/codeCache.mjs) runs the bundle on the repository's samples, so that the functions
 * a check calls are compiled, and writes their bytecode to `dist/cli-main.cache`; here V8 takes
 * them from that file instead of compiling them again. The command line never writes the cache:
 * it only reads it. When the file is missing, or V8 refuses it (another version of Node.js, or
 * other V8 flags, such as those of `--cpu-prof` or `--inspect`), the bundle is compiled as
 * usual, only more slowly.
 *
 * V8 takes a cache only under the flags it was made with. The build makes it under Node's
 * defaults, and the bundle sets the command line's V8 flags (cli.ts) once it has been compiled
 * and has loaded Node's own modules, whose caches are made under the defaults too. The worker
 * threads of `report` start when the flags are set, and compile the bundle without the cache.
 *
 * The bundle runs as this very module: `require`, `module`, `__filename` and `__dirname` are
 * this file's (both files lie in one folder), so `require.main === module` holds as for a
 * program started directly, and the worker threads of `report`, started from `__filename`, start
 * here too. Stack traces name `cli-main.js`, at its own lines.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** The bundle of cli.ts and its code cache, beside this file. */
export const MAIN_FILE = 'cli-main.js';
export const CACHE_FILE = 'cli-main.cache';

/** The arguments the bundle's code is called with, as Node.js calls a CommonJS module's. */
export interface ModuleScope {
  exports: unknown;
  require: NodeJS.Require;
  module: NodeJS.Module;
  filename: string;
  dirname: string;
}

/**
 * Compiles the bundle in `folder`, with the code cache when one is given and V8 takes it. The
 * source is wrapped as Node.js wraps a CommonJS module, on its first line, so that line numbers
 * stay those of the file.
 */
export function compileMain(folder: string, cachedData: Buffer | undefined): Script {
  const file = path.join(folder, MAIN_FILE);
  const source = readFileSync(file, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  return new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
}

/** Runs the compiled bundle with the module scope given; returns what it exports. */
export function runMain(script: Script, scope: ModuleScope): unknown {
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: NodeJS.Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(scope.exports, scope.exports, scope.require, scope.module, scope.filename, scope.dirname);
  return scope.module.exports;
}

/** The code cache beside this file; undefined when there is none. */
function readCache(folder: string): Buffer | undefined {
  try {
    return readFileSync(path.join(folder, CACHE_FILE));
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const script = compileMain(__dirname, readCache(__dirname));
  runMain(script, { exports: module.exports, require, module, filename: __filename, dirname: __dirname });
}
