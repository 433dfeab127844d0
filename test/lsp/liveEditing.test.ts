/**
 * Editing while the server watches: unsaved changes to the sidecar or the article change the
 * article's diagnostics and tokens, undo restores them, and quick typing settles on the last
 * version. How long that takes is measured by `npm run bench:latency`, not here.
 */

import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { messageOf } from '../support/lspClient';
import { withSession, shareServer } from './fixtures';

const SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

const ATTRIBUTION = '  - text: Das ist natürlich machbar\n    speaker: putin\n';
const TERM_ENTRY = '  - text: ewige Präsident\n    kind: term\n';
const NEW_QUOTE = ' „Wir kommen morgen früh an“, sagte Putin.';

const quoted = (text: string) => (diagnostics: Diagnostic[]) =>
  diagnostics.some((d) => d.code === 'unattributed-quote' && messageOf(d).includes(text));
const count = (n: number) => (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => d.code === 'unattributed-quote').length === n;

describe('LSP: live editing', () => {
  shareServer();

  it('an attribution typed into the sidecar clears the diagnostic; undo brings it back', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, (d) => count(3)(d) && quoted('Das ist natürlich machbar')(d));
      const refreshes = client.tokenRefreshes;

      client.replace(sidecar, TERM_ENTRY, TERM_ENTRY + ATTRIBUTION);
      await client.waitForDiagnostics(article, (d) => count(2)(d) && !quoted('Das ist natürlich machbar')(d));
      // The editor is asked to fetch tokens again, and the quote is painted as attributed now.
      await client.waitForTokenRefresh(refreshes);
      const tokens = await client.semanticTokens(article);
      const quote = tokens.find((token) => token.text.startsWith('„Das ist natürlich machbar'));
      assert.deepEqual(quote?.modifiers, ['attributed']);
      assert.deepEqual(client.diagnosticsOf(sidecar), []);

      client.replace(sidecar, ATTRIBUTION, '');
      await client.waitForDiagnostics(article, (d) => count(3)(d) && quoted('Das ist natürlich machbar')(d));
      const again = await client.semanticTokens(article);
      assert.deepEqual(again.find((token) => token.text.startsWith('„Das ist natürlich machbar'))?.modifiers, [
        'unattributed',
      ]);
    });
  });

  it('a quote typed into the article gets its diagnostic', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, count(3));
      client.replace(article, 'versprach er.', 'versprach er.' + NEW_QUOTE);
      const diagnostics = await client.waitForDiagnostics(
        article,
        (d) => count(4)(d) && quoted('Wir kommen morgen')(d),
      );
      const added = diagnostics.find((d) => messageOf(d).includes('Wir kommen morgen'))!;
      assert.equal((added.data as { suggestedSpeaker?: string }).suggestedSpeaker, 'putin');
      // The range is where the quote now is in the edited text.
      const line = client.textOf(article).split('\n')[added.range.start.line];
      assert.equal(line.slice(added.range.start.character, added.range.end.character), '„Wir kommen morgen früh an“');
    });
  });

  it('typing a quote one character at a time settles on the last version', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, count(3));
      const at = client.textOf(article).indexOf('versprach er.') + 'versprach er.'.length;
      for (let i = 0; i < NEW_QUOTE.length; i++) client.edit(article, at + i, at + i, NEW_QUOTE[i]);
      await client.waitForDiagnostics(article, (d) => count(4)(d) && quoted('Wir kommen morgen früh an')(d));
      await client.settle();
      assert.ok(count(4)(client.diagnosticsOf(article)!), 'a later, stale publication replaced the last one');
    });
  });

  it('rapid changes end with the diagnostics of the last version, published with that version', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, count(3));
      // Every change renames the words of an unattributed quote, so every version has
      // diagnostics of its own; they are sent without waiting, faster than the server refreshes.
      const words = 'Das ist natürlich machbar';
      let at = client.textOf(article).indexOf(words) + words.length;
      for (let i = 0; i < 30; i++) {
        const added = String.fromCharCode(0x61 + (i % 26));
        client.edit(article, at, at, added);
        at += added.length;
      }
      const last = client.versionOf(article);
      const typed = client.textOf(article).slice(at - 30, at);
      await client.waitForDiagnostics(article, quoted(typed));
      await client.settle();
      const records = client.publicationRecordsOf(article);
      assert.equal(records.at(-1)?.version, last);
      assert.ok(quoted(typed)(records.at(-1)!.diagnostics));
      // Versions only grow: no stale refresh published after a newer one.
      const versions = records.map((record) => record.version ?? 0);
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
      );
      // The server coalesced changes rather than publishing one version after another.
      assert.ok(records.length < 30, `${records.length} publications for 30 changes`);
    });
  });

  it('closing an edited sidecar without saving goes back to the file on disk', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, count(3));
      client.replace(sidecar, TERM_ENTRY, TERM_ENTRY + ATTRIBUTION);
      await client.waitForDiagnostics(article, count(2));
      client.close(sidecar);
      await client.waitForDiagnostics(article, count(3));
    });
  });

  it('closing the article and its sidecar clears their diagnostics', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, count(3));
      client.close(article);
      client.close(sidecar);
      await client.waitForDiagnostics(article, (d) => d.length === 0);
      await client.settle();
      assert.deepEqual(client.diagnosticsOf(sidecar), []);
    });
  });

  it('breaking the sidecar while typing and fixing it again', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, count(3));
      client.replace(sidecar, 'entities:\n', 'entities: [\n');
      await client.waitForDiagnostics(sidecar, (d) => d.some((diagnostic) => diagnostic.code === 'yaml-syntax'));
      // Hover and tokens keep answering while the sidecar is broken.
      await client.hover(article, client.textOf(article).indexOf('Putin'));
      await client.semanticTokens(article);
      client.replace(sidecar, 'entities: [\n', 'entities:\n');
      await client.waitForDiagnostics(sidecar, (d) => d.length === 0);
      await client.waitForDiagnostics(article, count(3));
    });
  });
});
