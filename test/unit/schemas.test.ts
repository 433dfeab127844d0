/**
 * The JSON Schemas that the YAML extension checks sidecars and registries with: they compile,
 * share one entity definition, know the keys the parser knows, accept every sample, and are
 * mapped to the right files in package.json.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { ENTITY_KEYS, REGISTRY_KEYS, TOP_LEVEL_KEYS } from '../../server/src/core/sidecar/keys';
import { repoPath } from '../support/repo';

interface Schema {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties?: Record<string, unknown> }>;
}

const SIDECAR = 'sidecar.schema.json';
const REGISTRY = 'registry.schema.json';

function schema(name: string): Schema {
  return JSON.parse(fs.readFileSync(repoPath(`schemas/${name}`), 'utf8')) as Schema;
}

/**
 * Both schemas under their file names, so that the registry's relative `$ref`s into the sidecar
 * schema resolve as the YAML extension resolves them, next to each other. The editor-only
 * keywords (markdownDescription, patternErrorMessage) and the `uri` format are not Ajv's.
 */
function validators(): { sidecar: ValidateFunction; registry: ValidateFunction } {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(schema(SIDECAR), SIDECAR).addSchema(schema(REGISTRY), REGISTRY);
  return { sidecar: ajv.getSchema(SIDECAR)!, registry: ajv.getSchema(REGISTRY)! };
}

function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** The `.ann.yaml` files under samples/, `/`-separated and relative to it. */
function sampleFiles(): string[] {
  return fs
    .readdirSync(repoPath('samples'), { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => file.endsWith('.ann.yaml'))
    .sort();
}

const isRegistry = (file: string): boolean => file === 'entities.ann.yaml' || file.endsWith('/entities.ann.yaml');

describe('JSON schemas', () => {
  it('are valid draft-07 schemas', () => {
    const ajv = new Ajv({ strict: false });
    for (const name of [SIDECAR, REGISTRY]) assert.equal(ajv.validateSchema(schema(name)), true, name);
    const { sidecar, registry } = validators();
    assert.equal(typeof sidecar, 'function');
    assert.equal(typeof registry, 'function');
  });

  it('know the keys the parser knows', () => {
    const sidecar = schema(SIDECAR);
    assert.deepEqual(Object.keys(sidecar.properties), [...TOP_LEVEL_KEYS]);
    assert.deepEqual(Object.keys(schema(REGISTRY).properties), [...REGISTRY_KEYS]);
    assert.deepEqual(Object.keys(sidecar.definitions.entity.properties ?? {}), [...ENTITY_KEYS]);
  });

  it('accept every sample, the registries included', () => {
    const { sidecar, registry } = validators();
    const files = sampleFiles();
    assert.ok(files.some(isRegistry), 'the samples have a registry');
    for (const file of files) {
      const value: unknown = parse(fs.readFileSync(repoPath(`samples/${file}`), 'utf8'));
      assert.deepEqual(errorsOf(isRegistry(file) ? registry : sidecar, value), [], file);
    }
  });

  it('let a sidecar entry without type extend a registry entity', () => {
    const { sidecar } = validators();
    assert.deepEqual(errorsOf(sidecar, { version: 1, entities: { putin: { aliases: ['Kremlchef'] } } }), []);
    assert.deepEqual(errorsOf(sidecar, { version: 1, entities: { putin: {} } }), []);
    // An entry with a type defines an entity of its own, which needs its name.
    assert.deepEqual(errorsOf(sidecar, { version: 1, entities: { putin: { type: 'person' } } }), [
      "/entities/putin must have required property 'name'",
      '/entities/putin must match "then" schema',
    ]);
    assert.deepEqual(errorsOf(sidecar, { version: 1, entities: { putin: { aliases: ['Putin'], age: 72 } } }), [
      '/entities/putin must NOT have additional properties',
    ]);
  });

  it('hold a registry to version and entities, each with type and name', () => {
    const { registry } = validators();
    const putin = { type: 'person', name: 'Wladimir Putin', aliases: ['Putin'], wikidata: 'Q7747' };
    assert.deepEqual(errorsOf(registry, { version: 1, entities: { putin } }), []);
    assert.deepEqual(errorsOf(registry, { version: 1, entities: null }), []);
    assert.deepEqual(errorsOf(registry, { version: 1, entities: { putin: { aliases: ['Putin'] } } }), [
      "/entities/putin must have required property 'type'",
      "/entities/putin must have required property 'name'",
    ]);
    assert.deepEqual(errorsOf(registry, { version: 1, language: 'de', entities: { putin } }), [
      ' must NOT have additional properties',
    ]);
    // The entity definition is the sidecar's: its keys, values and id rule.
    assert.deepEqual(errorsOf(registry, { version: 1, entities: { putin: { ...putin, wikidata: 'Putin' } } }), [
      '/entities/putin/wikidata must match pattern "^Q[1-9][0-9]*$"',
    ]);
    assert.equal(errorsOf(registry, { version: 1, entities: { 'Wladimir Putin': putin } }).length > 0, true);
  });

  it('are mapped to sidecars and registries by package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as {
      contributes: { yamlValidation: { fileMatch: string | string[]; url: string }[] };
    };
    const associations = manifest.contributes.yamlValidation;
    for (const { url } of associations) assert.ok(fs.existsSync(repoPath(url.replace(/^\.\//u, ''))), url);
    // As the YAML extension matches: each pattern against the whole path, `!` excludes, the last
    // pattern that matches decides.
    const schemasOf = (file: string): string[] =>
      associations
        .filter(({ fileMatch }) => {
          let matches = false;
          for (const pattern of typeof fileMatch === 'string' ? [fileMatch] : fileMatch) {
            const include = !pattern.startsWith('!');
            const glob = include ? pattern : pattern.slice(1);
            const source = glob.replace(/[.+^${}()|[\]\\]/gu, '\\$&').replace(/\*/gu, '[^/]*');
            if (new RegExp(`(^|/)${source}$`, 'u').test(file)) matches = include;
          }
          return matches;
        })
        .map(({ url }) => url);
    assert.deepEqual(schemasOf('/news/kim-putin.ann.yaml'), ['./schemas/sidecar.schema.json']);
    assert.deepEqual(schemasOf('/news/2026/my-entities.ann.yaml'), ['./schemas/sidecar.schema.json']);
    assert.deepEqual(schemasOf('/news/entities.ann.yaml'), ['./schemas/registry.schema.json']);
    assert.deepEqual(schemasOf('/news/2026/entities.ann.yaml'), ['./schemas/registry.schema.json']);
    assert.deepEqual(schemasOf('/news/notes.yaml'), []);
  });
});
