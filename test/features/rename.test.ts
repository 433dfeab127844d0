/**
 * Rename of entity ids, in process, on the German sample: where a rename may start and what it
 * offers, the edits (in the sidecar only, every occurrence of the id, quoted where YAML would
 * misread it), and the names refused. The handlers' wiring, the error the editor gets for a
 * refused name and a sidecar only on disk are tested over stdio in test/lsp/navigation.test.ts.
 */

import * as assert from 'node:assert/strict';
import { prepareRename, rename, RenameError } from '../../server/src/features/navigation';
import { cursorIn, NAME, rangeIn, TEXT } from '../support/kimSample';
import { analysePair, type Side } from '../support/pair';
import { assertCommentsKept, parseSidecarYaml } from '../support/sidecarYaml';
import { applyTextEdits, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';

const PAIR = analysePair({ article: TEXT.article, sidecar: TEXT.sidecar, articleName: NAME.article });

interface PrepareRenameCase {
  name: string;
  from: Side;
  at: string;
  /** The range that would be renamed, and the id offered; null when rename is refused. */
  expect: { range: string; placeholder: string } | null;
}

const PREPARE_RENAME: PrepareRenameCase[] = [
  { name: 'a plain word', from: 'article', at: 'des Tref$0fens von', expect: null },
  { name: 'an unattributed quote', from: 'article', at: '„Das ist nat$0ürlich', expect: null },
  { name: 'an attributed quote', from: 'article', at: '„muss nicht$0 nur', expect: null },
  {
    name: 'a mention: the mention, offering the id',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    expect: { range: '⟦Kremlsprecher⟧ Dimitri', placeholder: 'peskow' },
  },
  {
    name: 'an entity id in the sidecar',
    from: 'sidecar',
    at: '  pes$0kow:\n',
    expect: { range: '  ⟦peskow⟧:\n', placeholder: 'peskow' },
  },
  {
    name: 'a speaker: value',
    from: 'sidecar',
    at: 'Erschließung\n    speaker: pu$0tin',
    expect: { range: 'Erschließung\n    speaker: ⟦putin⟧', placeholder: 'putin' },
  },
  { name: 'a name in the sidecar', from: 'sidecar', at: 'name: Wladi$0mir Putin', expect: null },
  { name: 'a quote entry’s text', from: 'sidecar', at: 'text: muss nicht$0 nur', expect: null },
  { name: 'a key', from: 'sidecar', at: '  peskow:\n    ty$0pe: person', expect: null },
];

interface RenameCase {
  name: string;
  from: Side;
  at: string;
  newName: string;
  /** The sidecar's lines that change, as they read after the rename. */
  changedLines: string[];
}

const RENAMES: RenameCase[] = [
  {
    name: 'from a mention in the article: the id key in the sidecar (the article is not touched)',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    newName: 'dimitri-peskow',
    changedLines: ['  dimitri-peskow:'],
  },
  {
    name: 'from speaker: the key and every speaker:',
    from: 'sidecar',
    at: 'Erschließung\n    speaker: pu$0tin',
    newName: 'wladimir-putin',
    changedLines: [
      '  wladimir-putin:',
      '    speaker: wladimir-putin',
      '    speaker: wladimir-putin',
      '    speaker: wladimir-putin',
    ],
  },
  {
    name: 'an outlet: the key and every via:',
    from: 'sidecar',
    at: '  ta$0ss:\n',
    newName: 'tass-agentur',
    changedLines: ['    via: tass-agentur', '    via: tass-agentur', '  tass-agentur:'].sort(),
  },
  {
    name: 'to an id YAML would read as a boolean: it is quoted everywhere',
    from: 'sidecar',
    at: '  ta$0ss:\n',
    newName: 'true',
    changedLines: ['    via: "true"', '    via: "true"', '  "true":'],
  },
  {
    name: 'to an id YAML would read as a number: it is quoted everywhere',
    from: 'article',
    at: 'Kreml$0sprecher Dimitri',
    newName: '1984',
    changedLines: ['  "1984":'],
  },
];

const REFUSED = [
  { newName: 'kim-jong-un', message: /exists already/u },
  { newName: 'Wladimir Putin', message: /not a valid id/u },
  { newName: 'Putin', message: /not a valid id/u },
  { newName: '-putin', message: /not a valid id/u },
  { newName: '', message: /not a valid id/u },
  { newName: 'putin: x', message: /not a valid id/u },
];

describe('prepareRename', () => {
  for (const c of PREPARE_RENAME) {
    it(c.name, () => {
      assert.deepEqual(
        prepareRename(PAIR.result, c.from, cursorIn(c.from, c.at)),
        c.expect ? { range: rangeIn(c.from, c.expect.range), placeholder: c.expect.placeholder } : null,
      );
    });
  }
});

describe('rename', () => {
  for (const c of RENAMES) {
    it(c.name, () => {
      const edit = rename(PAIR.result, PAIR.uris, c.from, cursorIn(c.from, c.at), c.newName, 7);
      assert.ok(edit);
      assert.deepEqual(targetsOf(edit), [PAIR.uris.sidecar], 'only the sidecar is renamed in');
      const [change] = textDocumentEditsOf(edit);
      assert.equal(change.textDocument.version, 7, 'the version of the open sidecar');
      const renamed = applyTextEdits(TEXT.sidecar, change.edits);
      const before = TEXT.sidecar.split('\n');
      const changed = renamed.split('\n').filter((line, i) => line !== before[i]);
      assert.equal(renamed.split('\n').length, before.length, 'no line added or removed');
      assert.deepEqual(changed.slice().sort(), c.changedLines.slice().sort());
      assertCommentsKept(TEXT.sidecar, renamed, 'the rename');

      // Applied, the pair is as healthy as before: the quotes are still attributed.
      const parsed = parseSidecarYaml(renamed);
      assert.ok(parsed.entities[c.newName], `the entity is called ${c.newName} now`);
      const after = analysePair({ article: TEXT.article, sidecar: renamed, articleName: NAME.article });
      assert.deepEqual(after.diagnostics('sidecar'), []);
      assert.equal(after.diagnostics('article').length, 3);
    });
  }

  for (const { newName, message } of REFUSED) {
    it(`to ${JSON.stringify(newName)} is refused with an error`, () => {
      assert.throws(
        () => rename(PAIR.result, PAIR.uris, 'sidecar', cursorIn('sidecar', '  pu$0tin:\n'), newName, 1),
        (error: unknown) => {
          assert.ok(error instanceof RenameError, String(error));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
