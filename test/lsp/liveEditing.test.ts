/**
 * Editing while the server watches: unsaved changes to the sidecar or the article change the
 * article's diagnostics and tokens, undo restores them, and quick typing settles on the last
 * version. Latencies are printed; the product aims at 200 ms, the tests allow 2000 ms so that
 * a busy machine does not fail them.
 */

import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { messageOf } from '../support/lspClient';
import { withSession, shareServer } from './fixtures';

const LATENCY_LIMIT_MS = 2000;
const SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

const ATTRIBUTION = '  - text: Das ist natürlich machbar\n    speaker: putin\n';
const TERM_ENTRY = '  - text: ewige Präsident\n    kind: term\n';
const NEW_QUOTE = ' „Wir kommen morgen früh an“, sagte Putin.';

const quoted = (text: string) => (diagnostics: Diagnostic[]) =>
  diagnostics.some((d) => d.code === 'unattributed-quote' && messageOf(d).includes(text));
const count = (n: number) => (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => d.code === 'unattributed-quote').length === n;

function report(what: string, milliseconds: number): void {
  console.log(`      latency: ${what}: ${milliseconds.toFixed(0)} ms`);
  assert.ok(milliseconds < LATENCY_LIMIT_MS, `${what} took ${milliseconds.toFixed(0)} ms`);
}

describe('LSP: live editing', () => {
  shareServer();

  it('an attribution typed into the sidecar clears the diagnostic; undo brings it back', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, (d) => count(3)(d) && quoted('Das ist natürlich machbar')(d));
      const refreshes = client.tokenRefreshes;

      let start = performance.now();
      client.replace(sidecar, TERM_ENTRY, TERM_ENTRY + ATTRIBUTION);
      await client.waitForDiagnostics(article, (d) => count(2)(d) && !quoted('Das ist natürlich machbar')(d));
      report('attribution added in the sidecar', performance.now() - start);
      // The editor is asked to fetch tokens again, and the quote is painted as attributed now.
      await client.waitForTokenRefresh(refreshes);
      const tokens = await client.semanticTokens(article);
      const quote = tokens.find((token) => token.text.startsWith('„Das ist natürlich machbar'));
      assert.deepEqual(quote?.modifiers, ['attributed']);
      assert.deepEqual(client.diagnosticsOf(sidecar), []);

      start = performance.now();
      client.replace(sidecar, ATTRIBUTION, '');
      await client.waitForDiagnostics(article, (d) => count(3)(d) && quoted('Das ist natürlich machbar')(d));
      report('attribution undone', performance.now() - start);
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
      const start = performance.now();
      client.replace(article, 'versprach er.', 'versprach er.' + NEW_QUOTE);
      const diagnostics = await client.waitForDiagnostics(
        article,
        (d) => count(4)(d) && quoted('Wir kommen morgen')(d),
      );
      report('quote typed into the article', performance.now() - start);
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
