// Bundles each side into one file with esbuild: the extension client, the language server and
// the command-line checker. Type checking is done separately by `tsc -b`. The two programs
// keep the `#!/usr/bin/env node` line of their source, so they run as `bin` commands. The
// command line is a small launcher (dist/cli.js) and the bundle it runs (dist/cli-main.js), whose
// V8 code cache scripts/codeCache.mjs then makes (dist/cli-main.cache).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's main file is a UMD module whose require calls esbuild cannot follow; its ES
  // module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const entries = [
  { in: 'client/src/extension.ts', out: 'dist/client.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'dist/server.js' },
  { in: 'server/src/cliLauncher.ts', out: 'dist/cli.js' },
  { in: 'server/src/cli.ts', out: 'dist/cli-main.js' },
];

// A cache made for an older bundle must never meet a newer one.
rmSync('dist/cli-main.cache', { force: true });

await Promise.all(
  entries
    .filter((entry) => existsSync(entry.in))
    .map((entry) =>
      build({
        ...common,
        entryPoints: [entry.in],
        outfile: entry.out,
        external: entry.external ?? [],
      }),
    ),
);

// In a process of its own with Node's default flags: V8 takes the cache only under the flags it
// was made with, and the command runs with the defaults.
const { NODE_OPTIONS: _, ...env } = process.env;
const cache = spawnSync(process.execPath, ['scripts/codeCache.mjs'], { stdio: 'inherit', env });
if (cache.status !== 0) process.exit(cache.status ?? 1);
