/**
 * The server's commands in-process, against a host with no documents: arguments come from the
 * client and are checked before anything is looked up, and every refusal carries a reason.
 * The commands' edits are tested over stdio in test/lsp/commands.test.ts.
 */

import * as assert from 'node:assert/strict';
import { executeCommand, type CommandHost } from '../../server/src/features/commands';
import {
  ANNOTATE_COMMAND,
  ATTRIBUTE_COMMAND,
  CREATE_AND_ATTRIBUTE_COMMAND,
  DECLARE_QUOTE_COMMAND,
} from '../../server/src/protocol';
import { DEFAULT_SERVER_SETTINGS } from '../../server/src/settings';

function emptyHost(): CommandHost & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    analysisOf: () => Promise.resolve(undefined),
    sideOf: () => 'article',
    sidecarTargetOf: () => undefined,
    sidecarUnchanged: () => Promise.resolve(true),
    openText: () => undefined,
    pathOf: () => undefined,
    uriOf: (file) => `file://${file}`,
    exists: () => Promise.resolve(false),
    settingsFor: () => Promise.resolve(DEFAULT_SERVER_SETTINGS),
    canCreateFiles: true,
    applyEdit: (label) => {
      applied.push(label);
      return Promise.resolve({ applied: true });
    },
  };
}

describe('server commands', function () {
  it('refuses malformed arguments with a reason, and applies nothing', async () => {
    const host = emptyHost();
    const cases: [string, unknown, RegExp][] = [
      [ATTRIBUTE_COMMAND, undefined, /needs an article, a quote and a speaker/u],
      [ATTRIBUTE_COMMAND, 'putin', /needs an article/u],
      [ATTRIBUTE_COMMAND, { articleUri: 'file:///a.txt', quoteStart: '3', speaker: 'putin' }, /needs an article/u],
      [ANNOTATE_COMMAND, null, /needs a document, words and a type/u],
      [ANNOTATE_COMMAND, { uri: 'file:///a.txt', words: 'Putin', type: 'event' }, /needs a document/u],
      [ANNOTATE_COMMAND, { uri: 'file:///a.txt', words: 'Putin', type: 'person', entity: 7 }, /needs a document/u],
      [CREATE_AND_ATTRIBUTE_COMMAND, {}, /needs an article, a quote, a name and a type/u],
      [
        CREATE_AND_ATTRIBUTE_COMMAND,
        { articleUri: 'file:///a.txt', quoteStart: 0, quoteText: 'Ja', name: ' ', type: 'person' },
        /a name/u,
      ],
      [
        CREATE_AND_ATTRIBUTE_COMMAND,
        { articleUri: 'file:///a.txt', quoteStart: 0, quoteText: 'Ja', name: 'Kern', type: 'place' },
        /a type/u,
      ],
      [DECLARE_QUOTE_COMMAND, { uri: 'file:///a.txt', start: '0', end: 9 }, /needs an article and the selected words/u],
      [DECLARE_QUOTE_COMMAND, { uri: 'file:///a.txt', start: 0, end: 9, speaker: 3 }, /selected words/u],
      ['articleAnnotations.server.unknown', {}, /Unknown command/u],
    ];
    for (const [command, argument, reason] of cases) {
      const result = await executeCommand(host, command, argument);
      assert.equal(result.applied, false, `${command} ${JSON.stringify(argument)}`);
      assert.match(result.reason ?? '', reason);
    }
    assert.deepEqual(host.applied, []);
  });

  it('says why when the quote is gone or the article is not open', async () => {
    const host = emptyHost();
    const attributed = await executeCommand(host, ATTRIBUTE_COMMAND, {
      articleUri: 'file:///a.txt',
      quoteStart: 0,
      quoteText: 'Wir kommen',
      speaker: 'putin',
    });
    assert.match(attributed.reason ?? '', /no longer there/u);
    const annotated = await executeCommand(host, ANNOTATE_COMMAND, {
      uri: 'file:///a.txt',
      words: 'Putin',
      type: 'person',
    });
    assert.match(annotated.reason ?? '', /Save the article first/u);
    assert.deepEqual(host.applied, []);
  });
});
