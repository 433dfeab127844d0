/**
 * The engine's layers, read from its imports: a module imports only from its own layer or the
 * ones below it (text → diagnostics → sidecar → wikidata → article → analyze → ide → report → corpus → index), and no chain
 * of imports, type-only ones included, runs in a circle. docs/architecture.md names the layers.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const coreRoot = path.resolve(__dirname, '../../../server/src/core');

/** Each layer by the path of its folder or file under core/, lowest first. */
const LAYERS = [
  'text/',
  'diagnostics.ts',
  'sidecar/',
  'wikidata/',
  'article/',
  'analyze.ts',
  'ide/',
  'report/',
  'corpus/',
  'index.ts',
];

function layerOf(file: string): number {
  const relative = path.relative(coreRoot, file).split(path.sep).join('/');
  const rank = LAYERS.findIndex((layer) => (layer.endsWith('/') ? relative.startsWith(layer) : relative === layer));
  if (rank < 0) throw new Error(`core/${relative} belongs to no layer: add it to a folder or to LAYERS`);
  return rank;
}

function sourcesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The core files a file imports or re-exports, resolved to paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']*)'/g)) {
    const base = path.resolve(path.dirname(file), match[1]);
    const candidates = [`${base}.ts`, path.join(base, 'index.ts')];
    const target = candidates.find((candidate) => fs.existsSync(candidate));
    if (!target) throw new Error(`${file} imports ${match[1]}, which is no file`);
    targets.push(target);
  }
  return targets;
}

describe('core layers', function () {
  const files = sourcesUnder(coreRoot);
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const name = (file: string) => path.relative(coreRoot, file).split(path.sep).join('/');

  it('imports run only down or sideways', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (layerOf(target) > layerOf(file)) upward.push(`${name(file)} → ${name(target)}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('no imports run in a circle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        circles.push([...trail.slice(trail.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(circles, []);
  });

  it('finds the imports it checks', () => {
    assert.ok(files.length > 20);
    assert.ok((graph.get(path.join(coreRoot, 'analyze.ts')) ?? []).length > 5);
  });
});
