/**
 * Entity attributes and article metadata, the facts reports group by: parsed on both parser
 * paths, merged into extending entries, offered by completion (with those the workspace uses)
 * and shown on hover cards.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  MAX_VOCABULARY_COMPLETIONS,
  parseSidecar,
  registryChain,
  sidecarCompletionList,
  sidecarCompletions,
  type KeyUsage,
  type WorkspaceVocabulary,
} from '../../server/src/core';
import { renderEntityCard } from '../../server/src/features/hover';
import { parseSidecarFast, parseSidecarWithYamlPackage } from '../support/sidecarPaths';

const SIDECAR = `version: 1
meta:
  outlet: Hamburger Abendblatt
  published: 2026-12-07
entities:
  albers:
    type: person
    name: Katrin Albers
    attributes: {gender: female, role: politician}
  kern:
    type: person
    name: Jonas Kern
    attributes:
      gender: male
      age: 54
      tags: [a, b]
`;

describe('attributes and meta', () => {
  it('are read as text on both parser paths; a list as a value is an error on it', () => {
    for (const parsed of [parseSidecarFast(SIDECAR), parseSidecarWithYamlPackage(SIDECAR)]) {
      assert.deepEqual(parsed.sidecar.meta, { outlet: 'Hamburger Abendblatt', published: '2026-12-07' });
      assert.deepEqual(
        parsed.sidecar.entities.map((entity) => entity.attributes),
        [
          { gender: 'female', role: 'politician' },
          { gender: 'male', age: '54' },
        ],
      );
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, d.message]),
        [['schema', "'tags' in attributes of entity 'kern' must be text."]],
      );
    }
  });

  it("a registry entity extended by a sidecar keeps its attributes under the sidecar's", () => {
    const registry =
      'version: 1\nentities:\n  albers:\n    type: person\n    name: Katrin Albers\n    attributes: {gender: female, role: politician}\n';
    const chain = registryChain([{ path: '/r/entities.ann.yaml', parsed: parseSidecar(registry, 'registry') }]);
    const analysis = analyze({
      article: 'Katrin Albers',
      sidecar: 'version: 1\nentities:\n  albers:\n    attributes: {role: senator}\n',
      registries: chain,
    });
    assert.deepEqual(analysis.entities.get('albers')?.attributes, { gender: 'female', role: 'senator' });
  });

  it('completion offers the keys and values the entities use, most used first', () => {
    const keysAt = `${SIDECAR}  neu:\n    type: person\n    name: Neu\n    attributes:\n      `;
    const analysis = analyze({ article: 'x', sidecar: keysAt });
    assert.deepEqual(
      sidecarCompletions(keysAt, keysAt.length, analysis).map((item) => [item.label, item.insertText]),
      [
        ['gender', 'gender: '],
        ['age', 'age: '],
        ['role', 'role: '],
      ],
    );
    const valueAt = `${keysAt}gender: `;
    assert.deepEqual(
      sidecarCompletions(valueAt, valueAt.length, analyze({ article: 'x', sidecar: valueAt })).map(
        (item) => item.label,
      ),
      ['female', 'male'],
    );
  });

  it('completion adds the keys and values the workspace uses: most used first, local ones first on ties', () => {
    const keysAt = `${SIDECAR}  neu:\n    type: person\n    name: Neu\n    attributes:\n      `;
    const workspace = vocabulary(
      { gender: { female: 3, male: 1, diverse: 1 }, party: { SPD: 2 }, role: { expert: 1 }, city: { Hamburg: 1 } },
      {},
    );
    const keys = sidecarCompletions(keysAt, keysAt.length, analyze({ article: 'x', sidecar: keysAt }), workspace);
    assert.deepEqual(
      keys.map((item) => [item.label, item.documentation]),
      [
        ['gender', 'Used by 5 entities in the workspace.'],
        ['party', 'Used by 2 entities in the workspace.'],
        ['age', 'Used by 1 entity.'],
        ['role', 'Used by 1 entity.'],
        ['city', 'Used by 1 entity in the workspace.'],
      ],
    );
    const valueAt = `${keysAt}gender: `;
    assert.deepEqual(
      sidecarCompletions(valueAt, valueAt.length, analyze({ article: 'x', sidecar: valueAt }), workspace).map(
        (item) => item.label,
      ),
      ['female', 'male', 'diverse'],
    );
  });

  it('completion leaves out the keys the mapping has already', () => {
    const sidecar = 'version: 1\nentities:\n  neu:\n    type: person\n    attributes:\n      role: expert\n      \n';
    const at = sidecar.length - 1;
    const workspace = vocabulary({ role: { expert: 4 }, gender: { female: 1 } }, {});
    assert.deepEqual(
      sidecarCompletions(sidecar, at, analyze({ article: 'x', sidecar }), workspace).map((item) => item.label),
      ['gender'],
    );
  });

  it('completion offers the well-known keys of meta, the workspace’s, and the values it gives them', () => {
    const empty = 'version: 1\nmeta:\n  ';
    const labels = (sidecar: string, workspace?: WorkspaceVocabulary): string[] =>
      sidecarCompletions(sidecar, sidecar.length, analyze({ article: 'x', sidecar }), workspace).map(
        (item) => item.label,
      );
    assert.deepEqual(labels(empty), ['outlet', 'published', 'author']);
    const workspace = vocabulary(
      {},
      {
        author: { 'Lena Vogt': 3, 'Jonas Kern': 1 },
        desk: { Politik: 2 },
        outlet: { 'Hamburger Abendblatt': 1 },
      },
    );
    assert.deepEqual(labels(empty, workspace), ['author', 'desk', 'outlet', 'published']);
    const items = sidecarCompletions(empty, empty.length, analyze({ article: 'x', sidecar: empty }), workspace);
    assert.equal(items[0].insertText, 'author: ');
    assert.match(items[0].documentation, /^Who wrote the article\. Used by 4 sidecars in the workspace\.$/u);
    assert.equal(items[1].documentation, 'Used by 2 sidecars in the workspace.');
    // A key the sidecar has is not offered again.
    assert.deepEqual(labels('version: 1\nmeta:\n  outlet: taz\n  ', workspace), ['author', 'desk', 'published']);
    assert.deepEqual(labels('version: 1\nmeta:\n  author: ', workspace), ['Lena Vogt', 'Jonas Kern']);
    assert.deepEqual(labels('version: 1\nmeta:\n  published: ', workspace), []);
    // Outside meta: and attributes:, the vocabulary offers nothing.
    assert.deepEqual(labels('version: 1\nentities:\n  x:\n    name: ', workspace), []);
  });

  it('completion offers at most a bounded number of values, then those containing the words typed', () => {
    const cities: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) cities[`Stadt ${i}`] = i % 7;
    const workspace = vocabulary({ city: cities }, {});
    const at = (typed: string) => {
      const sidecar = `version: 1\nentities:\n  neu:\n    attributes:\n      city: ${typed}`;
      return sidecarCompletionList(sidecar, sidecar.length, analyze({ article: 'x', sidecar }), workspace);
    };
    const all = at('');
    assert.equal(all.items.length, MAX_VOCABULARY_COMPLETIONS);
    assert.equal(all.incomplete, true);
    assert.ok(all.items.every((item, i) => i === 0 || cities[all.items[i - 1].label] >= cities[item.label]));
    // The value typed is no suggestion of its own.
    const typed = at('stadt 99');
    const expected = ['Stadt 99', ...Array.from({ length: 10 }, (_, i) => `Stadt 99${i}`)];
    expected.sort((a, b) => cities[b] - cities[a] || (a < b ? -1 : 1));
    assert.deepEqual(
      typed.items.map((item) => item.label),
      expected,
    );
    assert.equal(typed.incomplete, true);
    // Under the bound everything is offered, and the editor filters.
    assert.equal(sidecarCompletionList('version: 1\nmeta:\n  ', 19, undefined, workspace).incomplete, false);
  });

  it('hover cards show them, escaped', () => {
    const sidecar = SIDECAR.replace('role: politician', 'role: "*bold*"');
    const analysis = analyze({ article: 'Katrin Albers', sidecar });
    const card = renderEntityCard(analysis, analysis.entities.get('albers')!);
    assert.match(card, /gender: female · role: \\\*bold\\\*/u);
  });

  it('a key such as __proto__ is a key like any other', () => {
    const parsed = parseSidecar('version: 1\nmeta:\n  __proto__: x\n  outlet: y\n');
    assert.equal(Object.getPrototypeOf(parsed.sidecar.meta), Object.prototype);
    assert.deepEqual(Object.keys(parsed.sidecar.meta!), ['__proto__', 'outlet']);
  });
});

/** A workspace vocabulary from counts per value, key by key. */
function vocabulary(
  attributes: Record<string, Record<string, number>>,
  meta: Record<string, Record<string, number>>,
): WorkspaceVocabulary {
  const usage = (byKey: Record<string, Record<string, number>>): Map<string, KeyUsage> =>
    new Map(
      Object.entries(byKey).map(([key, values]) => [
        key,
        { count: Object.values(values).reduce((a, b) => a + b, 0), values: new Map(Object.entries(values)) },
      ]),
    );
  return { attributes: usage(attributes), meta: usage(meta) };
}
