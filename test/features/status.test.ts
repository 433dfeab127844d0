/**
 * The summary behind the status bar item, in process: what `articleAnnotations/status` answers
 * for the German sample, as analysed and after an unsaved attribution in its sidecar. The
 * request is tested over stdio in test/lsp/requests.test.ts.
 */

import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { statusOf } from '../../server/src/features/status';
import type { Status } from '../../server/src/protocol';
import { analysePair, type Pair } from '../support/pair';
import { KIM_ARTICLE, KIM_SIDECAR, replaceOnce } from '../support/samples';

function statusOfPair(pair: Pair): Status {
  return statusOf(pair.result, { uriOf: (file) => pathToFileURL(file).href });
}

describe('status', () => {
  it('counts entities, mentions, quotes and problems of the German sample', () => {
    const pair = analysePair({ article: KIM_ARTICLE, sidecar: KIM_SIDECAR, articleName: 'kim-putin.txt' });
    const expected: Status = {
      article: pair.uris.article,
      sidecar: pair.uris.sidecar,
      entities: 21,
      mentions: 69,
      quotes: 7,
      speech: 6,
      unattributed: 3,
      problems: 3,
    };
    assert.deepEqual(statusOfPair(pair), expected);
  });

  it('an attribution added to the sidecar counts', () => {
    const sidecar = replaceOnce(
      KIM_SIDECAR,
      '    kind: term\n',
      '    kind: term\n  - text: Das ist natürlich machbar\n    speaker: putin\n',
    );
    const status = statusOfPair(analysePair({ article: KIM_ARTICLE, sidecar, articleName: 'kim-putin.txt' }));
    assert.equal(status.unattributed, 2);
    assert.equal(status.problems, 2);
  });
});
