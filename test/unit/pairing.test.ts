/**
 * Pairing sidecars with articles (core/sidecar/pairing.ts): the cheap test, shared by the
 * start-up walk and the file watcher, for a sidecar that names its article with a key.
 */

import * as assert from 'node:assert/strict';
import { mayNameItsArticle } from '../../server/src/core';

describe('sidecars that may name their article', () => {
  it('are told by an `article:` key, quoted or not, wherever it stands', () => {
    assert.ok(mayNameItsArticle('version: 1\narticle: ../texte/a.txt\n'));
    assert.ok(mayNameItsArticle('{"version": 1, "article": "a.txt"}'));
    assert.ok(mayNameItsArticle("'article' : a.txt"));
    assert.ok(!mayNameItsArticle('version: 1\nentities:\n  a: {type: person, name: Articles}\n'));
  });
});
