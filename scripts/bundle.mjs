// Bundles each side into one file with esbuild: the extension client, the language server and
// the command-line checker. Type checking is done separately by `tsc -b`. The two programs
// keep the `#!/usr/bin/env node` line of their source, so they run as `bin` commands.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

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
  { in: 'server/src/cli.ts', out: 'dist/cli.js' },
];

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
