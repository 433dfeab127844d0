/**
 * Renaming a shared entity across files, and workspace symbols, as LSP types: the conversions
 * of server/src/features/corpus.ts over the engine's corpus index.
 */

import * as assert from 'node:assert/strict';
import { applyEdits, CorpusIndex, definedEntities, LineIndex, parseSidecar } from '../../server/src/core';
import { renameAcross, workspaceSymbols, type RenameTarget } from '../../server/src/features/corpus';
import { RenameError } from '../../server/src/features/navigation';

const REGISTRY = `# Personen der Redaktion
version: 1
entities:
  putin: # der Präsident
    type: person
    name: Wladimir Putin
    aliases: [Putin]
`;

function target(file: string, text: string, registry = false): RenameTarget {
  return { file, uri: `file://${file}`, text, version: null, registry };
}

/** Applies the LSP edits of one file to its text. */
function applied(text: string, edits: { range: { start: unknown; end: unknown }; newText: string }[]): string {
  const lines = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((edit) => ({
      start: lines.offsetAt(edit.range.start as never),
      end: lines.offsetAt(edit.range.end as never),
      newText: edit.newText,
    })),
  );
}

describe('renaming a registry entity across files', () => {
  const sidecars = Array.from({ length: 6 }, (_, i) =>
    target(
      `/w/${i}.ann.yaml`,
      i % 2 === 0
        ? `version: 1\nquotes:\n  - text: Satz ${i}\n    speaker: putin # bestätigt\n  - text: Noch ${i}\n    speaker: putin\n    via: putin\n`
        : `version: 1\nentities:\n  putin:\n    aliases: [Präsident]\nquotes:\n  - {text: Satz ${i}, speaker: putin}\n`,
    ),
  );

  it('changes the key and every speaker, via and extension, and nothing else', () => {
    const edit = renameAcross('/w/entities.ann.yaml#putin', 'wladimir-putin', [
      target('/w/entities.ann.yaml', REGISTRY, true),
      ...sidecars,
    ]);
    const changes = edit.documentChanges as unknown as { textDocument: { uri: string }; edits: never[] }[];
    assert.equal(changes.length, 7);
    assert.equal(applied(REGISTRY, changes[0].edits), REGISTRY.replace('  putin:', '  wladimir-putin:'));
    for (const [i, sidecar] of sidecars.entries()) {
      assert.equal(applied(sidecar.text, changes[i + 1].edits), sidecar.text.replaceAll('putin', 'wladimir-putin'));
    }
  });

  it('quotes an id YAML would read as something else', () => {
    const edit = renameAcross('/w/entities.ann.yaml#putin', 'true', [target('/w/entities.ann.yaml', REGISTRY, true)]);
    const [change] = edit.documentChanges as unknown as { edits: never[] }[];
    assert.match(applied(REGISTRY, change.edits), /^ {2}"true": # der Präsident$/mu);
  });

  it('is refused for an invalid id, an id taken, or a file with a YAML error', () => {
    const files = [target('/w/entities.ann.yaml', REGISTRY + '  wp:\n    type: person\n    name: W\n', true)];
    assert.throws(() => renameAcross('/w/entities.ann.yaml#putin', 'Putin', files), RenameError);
    assert.throws(
      () => renameAcross('/w/entities.ann.yaml#putin', 'wp', files),
      /An entity with the id 'wp' exists already in \/w\/entities\.ann\.yaml\./u,
    );
    assert.throws(
      () => renameAcross('/w/entities.ann.yaml#putin', 'x', [target('/w/a.ann.yaml', 'version: 1\nquotes: [\n')]),
      /\/w\/a\.ann\.yaml has a YAML error/u,
    );
  });
});

describe('workspace symbols', () => {
  it('name the entity, the alias that matched, its id and the file', () => {
    const corpus = new CorpusIndex();
    corpus.setEntityFile(
      '/w/entities.ann.yaml',
      definedEntities(parseSidecar(REGISTRY, 'registry'), '/w/entities.ann.yaml', true),
    );
    const symbols = workspaceSymbols(
      corpus,
      'put',
      (file) => `file://${file}`,
      (file) => file.slice(3),
    );
    assert.deepEqual(symbols, [
      {
        name: 'Wladimir Putin',
        kind: 14,
        location: {
          uri: 'file:///w/entities.ann.yaml',
          range: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } },
        },
        containerName: '“Putin” · putin · entities.ann.yaml',
      },
    ]);
  });
});
