// Makes the V8 code cache of the command line, dist/cli-main.cache (see server/src/cliLauncher.ts),
// after scripts/bundle.mjs has written the bundle. V8 compiles a function only when it is first
// called, and a cache holds the functions compiled when it is made: so the bundle runs the commands
// a user runs on the repository's samples first, its output thrown away, and the cache is made
// afterwards. Run by bundle.mjs in a process of its own with Node's default flags, since V8 takes a
// cache only under the flags it was made with; the command line never writes it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';

const dist = path.resolve('dist');
const launcherFile = path.join(dist, 'cli.js');
const require = createRequire(launcherFile);
const { CACHE_FILE, compileMain, runMain } = require(launcherFile);

// Keep the bytecode of every function run until the cache is made; the flag goes back to its
// default before, since it is part of the flags the cache is made under.
setFlagsFromString('--no-flush-bytecode');
const script = compileMain(dist, undefined);
const module = { exports: {} };
const { main } = runMain(script, { exports: module.exports, require, module, filename: launcherFile, dirname: dist });

const samples = path.resolve('samples');
const runs = [
  ['check', samples],
  ['check', samples, '--format', 'json'],
  ['quotes', path.join(samples, 'kim-putin.txt')],
  ['mentions', path.join(samples, 'kim-putin.txt')],
];
const stdout = process.stdout.write;
const stderr = process.stderr.write;
try {
  process.stdout.write = process.stderr.write = () => true;
  for (const args of runs) await main(args);
} finally {
  process.stdout.write = stdout;
  process.stderr.write = stderr;
}
setFlagsFromString('--flush-bytecode');
const cacheFile = path.join(dist, CACHE_FILE);
writeFileSync(cacheFile, script.createCachedData());

// A fresh process with the defaults, as a user's, must take the cache.
const probe = spawnSync(
  process.execPath,
  [
    '-e',
    `const l = require(${JSON.stringify(launcherFile)});
     const fs = require('node:fs');
     const s = l.compileMain(${JSON.stringify(dist)}, fs.readFileSync(${JSON.stringify(cacheFile)}));
     process.exit(s.cachedDataRejected ? 1 : 0);`,
  ],
  { stdio: 'inherit' },
);
if (probe.status !== 0) {
  console.error(`codeCache: V8 refuses ${CACHE_FILE} in a fresh process; the command line would run without it.`);
  process.exit(1);
}
