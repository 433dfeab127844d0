/**
 * Entity attributes and article metadata, the facts reports group by: parsed on both parser
 * paths, merged into extending entries, offered by completion and shown on hover cards.
 */

import * as assert from 'node:assert/strict';
import { analyze, parseSidecar, registryChain, sidecarCompletions } from '../../server/src/core';
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
