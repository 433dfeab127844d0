/**
 * Hover through the protocol: that the server answers with the card the feature renders, in an
 * article and in a sidecar, with the range converted to the editor's positions. What the cards
 * say is tested in process, in test/features/hover.test.ts.
 */

import * as assert from 'node:assert/strict';
import { MarkupKind } from 'vscode-languageserver-protocol/node';
import { rangeOf } from '../support/lspText';
import { parseMarkup } from '../support/markup';
import { KIM_ARTICLE, KIM_SIDECAR, mark, shareServer, withSession } from './fixtures';

const CASES = [
  {
    name: 'a person in the article: the entity card',
    file: 'kim-putin.txt',
    marked: mark(KIM_ARTICLE, 'Präsident ⟦Wladimir Pu$0tin⟧ werde'),
  },
  {
    name: 'an entity id in the sidecar: the card',
    file: 'kim-putin.ann.yaml',
    marked: mark(KIM_SIDECAR, '  ⟦pu$0tin⟧:\n    type: person\n    name: Wladimir Putin'),
  },
];

describe('LSP: hover', () => {
  shareServer();

  for (const c of CASES) {
    it(c.name, async () => {
      await withSession({ samples: ['kim-putin.txt', 'kim-putin.ann.yaml'] }, async (session) => {
        session.open('kim-putin.txt');
        session.open('kim-putin.ann.yaml');
        const { text, cursor, spans } = parseMarkup(c.marked);
        const hover = await session.client.hover(session.uri(c.file), cursor);
        assert.ok(hover, 'expected a hover');
        const contents = hover.contents as { kind: string; value: string };
        assert.equal(contents.kind, MarkupKind.Markdown);
        for (const part of ['**Wladimir Putin**', 'person', '12 mentions', '(https://www.wikidata.org/wiki/Q7747)']) {
          assert.ok(contents.value.includes(part), `the card lacks ${JSON.stringify(part)}:\n${contents.value}`);
        }
        assert.deepEqual(hover.range, rangeOf(text, spans[0].start, spans[0].end), 'the hover range');
      });
    });
  }
});
