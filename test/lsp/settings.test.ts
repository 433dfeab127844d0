/**
 * Settings: the server pulls the `articleAnnotations` section with `workspace/configuration`
 * and pulls it again after `workspace/didChangeConfiguration`; every change must show in the
 * open articles without reopening them.
 */

import * as assert from 'node:assert/strict';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  type ClientCapabilities,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { VSCODE_CAPABILITIES } from '../support/lspClient';
import { KIM_ARTICLE, KIM_SIDECAR, shareServer, withSession } from './fixtures';

const SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

/** A client that cannot answer `workspace/configuration`: it sends settings instead. */
const PUSH_CAPABILITIES: ClientCapabilities = {
  ...VSCODE_CAPABILITIES,
  workspace: { ...VSCODE_CAPABILITIES.workspace, configuration: false },
};

const unattributed = (n: number, severity?: DiagnosticSeverity) => (diagnostics: Diagnostic[]) =>
  diagnostics.length === n &&
  diagnostics.every((d) => d.code === 'unattributed-quote' && (severity === undefined || d.severity === severity));

describe('LSP: settings', () => {
  shareServer();

  it('unattributedSeverity: off hides unattributed quotes; error, information and hint set the severity', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Warning));
      client.setSettings({ unattributedSeverity: 'off' });
      await client.waitForDiagnostics(article, (d) => d.length === 0);
      client.setSettings({ unattributedSeverity: 'error' });
      await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Error));
      client.setSettings({ unattributedSeverity: 'information' });
      await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Information));
      client.setSettings({ unattributedSeverity: 'hint' });
      await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Hint));
    });
  });

  it('unattributedSeverity: off from the start publishes nothing for the article', async () => {
    await withSession({ samples: SAMPLES, settings: { unattributedSeverity: 'off' } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, (d) => d.length === 0);
      await client.settle();
      assert.deepEqual(client.diagnosticsOf(article), []);
    });
  });

  it('sidecarSuffix: the article pairs with NAME.notes.yaml instead of NAME.ann.yaml', async () => {
    await withSession(
      // The .ann.yaml sidecar is empty, so each pairing has its own count of unattributed quotes.
      { files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': '', 'kim-putin.notes.yaml': KIM_SIDECAR } },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        await client.waitForDiagnostics(article, unattributed(6));
        client.setSettings({ sidecarSuffix: '.notes.yaml' });
        await client.waitForDiagnostics(article, unattributed(3));
        const status = await client.request<{ sidecar: string }>('articleAnnotations/status', { uri: article });
        assert.equal(status.sidecar, session.uri('kim-putin.notes.yaml'));
        // The sidecar under the new name is a sidecar: its hovers work.
        const notes = session.open('kim-putin.notes.yaml');
        const hover = await client.hover(notes, client.textOf(notes).indexOf('  putin:') + 3);
        assert.ok(hover, 'a hover on an entity id in kim-putin.notes.yaml');
        client.setSettings({ sidecarSuffix: '.ann.yaml' });
        await client.waitForDiagnostics(article, unattributed(6));
      },
    );
  });

  it('speechMinWords: shorter quotes become terms and need no attribution', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, unattributed(3));
      // „Das ist natürlich machbar, und wir werden es tun“ has nine words.
      client.setSettings({ speechMinWords: 10 });
      await client.waitForDiagnostics(article, unattributed(2));
      const tokens = await client.semanticTokens(article);
      const quote = tokens.find((token) => token.text.startsWith('„Das ist natürlich machbar'));
      assert.equal(quote?.type, 'term');
    });
  });

  it('inflection: off, inflected names are no longer mentions, and the editor is asked to repaint', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, unattributed(3));
      assert.ok((await client.semanticTokens(article)).some((token) => token.text === 'Kims'));
      const refreshes = client.tokenRefreshes;
      client.setSettings({ inflection: false });
      await client.waitForTokenRefresh(refreshes);
      const tokens = await client.semanticTokens(article);
      assert.ok(!tokens.some((token) => token.text === 'Kims'), 'Kims is still a mention');
      assert.ok(tokens.some((token) => token.text === 'Kim'));
    });
  });

  it('invalid values fall back to the defaults without an error', async () => {
    await withSession(
      {
        samples: SAMPLES,
        settings: {
          language: 'klingon',
          speechMinWords: -3,
          unattributedSeverity: 'loud',
          inflection: 'yes',
          sidecarSuffix: 'no-dot',
          maxFileSize: -1,
        },
      },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Warning));
        client.setSettings({ sidecarSuffix: '../../etc', maxFileSize: 'big', speechMinWords: 1.5 });
        await client.settle();
        assert.ok(unattributed(3, DiagnosticSeverity.Warning)(client.diagnosticsOf(article)!));
      },
    );
  });

  it('a client without workspace/configuration: the settings in initializationOptions count', async () => {
    await withSession(
      {
        samples: SAMPLES,
        capabilities: PUSH_CAPABILITIES,
        initializationOptions: { settings: { unattributedSeverity: 'error' } },
      },
      async (session) => {
        const article = session.open('kim-putin.txt');
        await session.client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Error));
      },
    );
  });

  it('a client without workspace/configuration: settings sent with didChangeConfiguration count', async () => {
    await withSession(
      { samples: SAMPLES, capabilities: PUSH_CAPABILITIES, initializationOptions: { settings: {} } },
      async (session) => {
        const { client } = session;
        const article = session.open('kim-putin.txt');
        await client.waitForDiagnostics(article, unattributed(3, DiagnosticSeverity.Warning));
        await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { articleAnnotations: { unattributedSeverity: 'off' } },
        });
        await client.waitForDiagnostics(article, (d) => d.length === 0);
      },
    );
  });
});
