/**
 * Semantic tokens through the protocol: the legend the server announces, and that the full and
 * the range requests are answered with tokens the client decodes with it. Which text gets which
 * token is tested in process, in test/features/semanticTokens.test.ts.
 */

import * as assert from 'node:assert/strict';
import { KIM_ARTICLE, shareServer, withSession } from './fixtures';

describe('LSP: semantic tokens', () => {
  shareServer();

  it('the legend in the initialize result is the one the extension declares', async () => {
    await withSession({}, ({ client }) => {
      assert.deepEqual(client.legend, {
        tokenTypes: ['person', 'place', 'organization', 'entity', 'speech', 'term', 'document'],
        tokenModifiers: ['speaker', 'unlinked', 'attributed', 'unattributed'],
      });
      const provider = client.initializeResult.capabilities.semanticTokensProvider;
      assert.ok(provider && 'range' in provider && provider.range === true && provider.full === true);
    });
  });

  it('the German sample: all tokens, and those of a range', async () => {
    await withSession({ samples: ['kim-putin.txt', 'kim-putin.ann.yaml'] }, async (session) => {
      const { client } = session;
      const uri = session.open('kim-putin.txt');
      session.open('kim-putin.ann.yaml');
      const tokens = await client.semanticTokens(uri);
      assert.equal(tokens.length, 78);
      const term = tokens.find((token) => token.text === '„ewige Präsident“');
      assert.deepEqual(term && [term.type, term.modifiers], ['term', []]);
      const line = KIM_ARTICLE.split('\n').findIndex((text) => text.includes('„ewige Präsident“'));
      const range = await client.semanticTokensRange(uri, {
        start: { line, character: 0 },
        end: { line: line + 1, character: 0 },
      });
      assert.deepEqual(
        range,
        tokens.filter((token) => token.line === line),
      );
    });
  });
});
