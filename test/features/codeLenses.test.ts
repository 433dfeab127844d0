/**
 * Code lenses, in process, on the German sample: above each entity its mentions, quotes and
 * quotes taken from it, with the command that shows its references; above the article its
 * quotes. The handler's wiring and the refresh after an edit are tested over stdio in
 * test/lsp/navigation.test.ts.
 */

import * as assert from 'node:assert/strict';
import type { CodeLens, Location } from 'vscode-languageserver-protocol/node';
import { lenses, references } from '../../server/src/features/navigation';
import { offsetAt } from '../support/lspText';
import { NAME, rangeIn, TEXT } from '../support/kimSample';
import { analysePair } from '../support/pair';
import { parseSidecarYaml } from '../support/sidecarYaml';

const PAIR = analysePair({ article: TEXT.article, sidecar: TEXT.sidecar, articleName: NAME.article });
const GERMAN_IDS = Object.keys(parseSidecarYaml(TEXT.sidecar).entities);

/** A lens as `line: title`, to compare readably. */
function lensTitles(list: CodeLens[]): string[] {
  return list.map((lens) => `${lens.range.start.line}: ${lens.command?.title ?? '(unresolved)'}`);
}

describe('code lenses', () => {
  it('above each entity: its mentions, quotes and quotes taken from it; above the article: its quotes', () => {
    const sidecarLenses = lenses(PAIR.result, 'sidecar', PAIR.uris);
    const line = (id: string): number => rangeIn('sidecar', `  ⟦${id}⟧:\n`).start.line;
    const titles = new Map(sidecarLenses.map((lens) => [lens.range.start.line, lens.command?.title]));
    assert.equal(sidecarLenses.length, GERMAN_IDS.length, 'one lens per entity');
    // Putin: 2 × "Wladimir Putin", 7 × "Putin" alone, 2 × "Präsidenten", 1 × "Staatsoberhaupt";
    // three quote entries name him as the speaker.
    assert.equal(titles.get(line('putin')), '12 mentions · 3 quotes');
    assert.equal(titles.get(line('kim-jong-un')), '9 mentions · 0 quotes');
    assert.equal(titles.get(line('peskow')), '3 mentions · 0 quotes');
    // An outlet is the source of the two quotes taken via it; places cannot be quoted.
    assert.equal(titles.get(line('tass')), '1 mention · 0 quotes · source of 2');
    assert.equal(titles.get(line('russland')), '12 mentions');
    assert.equal(titles.get(line('eastern-economic-forum')), '1 mention · 0 quotes');

    // Each lens shows the entity's references, and its count agrees with find references.
    for (const lens of sidecarLenses) {
      const id = GERMAN_IDS.find((candidate) => line(candidate) === lens.range.start.line)!;
      assert.deepEqual(lens.range, rangeIn('sidecar', `  ⟦${id}⟧:\n`));
      assert.ok(lens.command, `the lens of ${id} has a command`);
      assert.equal(lens.command.command, 'articleAnnotations.showReferences');
      const [uri, position, locations] = lens.command.arguments as [string, unknown, Location[]];
      assert.equal(uri, PAIR.uris.sidecar);
      assert.deepEqual(position, lens.range.start);
      const found = references(PAIR.result, PAIR.uris, 'sidecar', offsetAt(TEXT.sidecar, lens.range.start), false);
      assert.deepEqual(locations, found, id);
      // In the article: the mentions and the quotes attributed to the entity.
      const inArticle = found.filter((location) => location.uri === PAIR.uris.article).length;
      const [mentions, quotes] = [/^(\d+) mentions?/u, /(\d+) quotes?/u].map((count) =>
        Number(count.exec(lens.command!.title)?.[1] ?? 0),
      );
      assert.equal(mentions + quotes, inArticle, id);
    }

    assert.deepEqual(lensTitles(lenses(PAIR.result, 'article', PAIR.uris)), ['0: 7 quotes · 3 unattributed']);
  });
});
