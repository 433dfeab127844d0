/**
 * A new sidecar for an article (the "create sidecar" command and "annotate" without a sidecar):
 * its name next to the article, and its text with the language guessed from the article. The
 * texts are kept whole under test/fixtures/skeleton/ (see test/support/expectedFiles.ts); the
 * request behind the command is tested over stdio in test/lsp/requests.test.ts.
 */

import * as assert from 'node:assert/strict';
import { sidecarPathFor, sidecarSkeleton } from '../../server/src/core';
import { ExpectedFiles, fileNameOf } from '../support/expectedFiles';
import { sample } from '../support/samples';

const EXPECTED = new ExpectedFiles('test/fixtures/skeleton');

const SKELETONS = [
  { article: 'kim-putin.txt', language: 'de', sidecar: 'kim-putin.ann.yaml' },
  { article: 'election-night.txt', language: 'en', sidecar: 'election-night.ann.yaml' },
  { article: 'port-strike.md', language: 'fr', sidecar: 'port-strike.ann.yaml' },
];

describe('sidecarSkeleton', () => {
  for (const { article, language, sidecar } of SKELETONS) {
    it(`for ${article}: language ${language}, next to the article`, () => {
      assert.equal(sidecarPathFor(`news/${article}`), `news/${sidecar}`);
      const text = sidecarSkeleton(article, sample(article), 'auto');
      EXPECTED.check(fileNameOf(article), text);
      assert.match(text, new RegExp(`^language: ${language}$`, 'mu'));
      assert.match(text, /^version: 1$/mu);
      assert.match(text, new RegExp(`^# Annotations for ${article.replace('.', '\\.')}`, 'u'));
    });
  }

  it('every expected file belongs to a case', () => {
    EXPECTED.checkNoStrayFiles(SKELETONS.map(({ article }) => fileNameOf(article)));
  });
});
