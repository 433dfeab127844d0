/**
 * The handshake and the extension's own requests: what the server announces and registers,
 * `articleAnnotations/status` behind the status bar item, `articleAnnotations/sidecarSkeleton`
 * behind the "create sidecar" command, and answers about files that are not annotated. The
 * status counts and the skeleton's text are tested in process too, in
 * test/features/status.test.ts and test/unit/skeleton.test.ts.
 */

import * as assert from 'node:assert/strict';
import { TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import type { PickSpeakerArguments, QuoteList, Status } from '../../server/src/protocol';
import { sample, withSession, shareServer } from './fixtures';

const SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

describe('LSP: handshake and custom requests', () => {
  shareServer();

  it('initialize announces the features; initialized registers configuration and file watchers', async () => {
    await withSession({ fresh: true }, async ({ client }) => {
      const capabilities = client.initializeResult.capabilities;
      assert.equal(capabilities.hoverProvider, true);
      assert.deepEqual(capabilities.textDocumentSync, {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      });
      assert.equal(client.initializeResult.serverInfo?.name, 'article-annotations');
      await client.waitUntil(
        () => (client.registrations.length >= 2 ? true : undefined),
        5000,
        () => `two registrations, got ${JSON.stringify(client.registrations)}`,
      );
      const methods = client.registrations.map((registration) => registration.method).sort();
      assert.deepEqual(methods, ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
      const watched = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      const { watchers } = watched!.registerOptions as { watchers: { globPattern: string }[] };
      assert.deepEqual(
        watchers.map((watcher) => watcher.globPattern),
        // Articles and sidecars; the facts kept for the hover cards; deleted folders.
        ['**/*.{yaml,txt,md,markdown}', '**/wikidata.ann.json', '**/*'],
      );
    });
  });

  it('status counts entities, mentions, quotes and problems of the German sample, from either file', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const expected: Status = {
        article,
        sidecar,
        entities: 21,
        mentions: 69,
        quotes: 7,
        speech: 6,
        unattributed: 3,
        problems: 3,
      };
      assert.deepEqual(await client.request<Status>('articleAnnotations/status', { uri: article }), expected);
      assert.deepEqual(await client.request<Status>('articleAnnotations/status', { uri: sidecar }), expected);
    });
  });

  it('status follows unsaved edits', async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      client.replace(
        sidecar,
        '    kind: term\n',
        '    kind: term\n  - text: Das ist natürlich machbar\n    speaker: putin\n',
      );
      const status = await client.request<Status>('articleAnnotations/status', { uri: article });
      assert.equal(status.unattributed, 2);
      assert.equal(status.problems, 2);
    });
  });

  it("quotes groups the article's quotes for the Quotes view, from either file, and follows the sidecar", async () => {
    await withSession({ samples: SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const counts = async (uri: string) => {
        const list = await client.request<QuoteList>('articleAnnotations/quotes', { uri });
        assert.equal(list.article, article);
        return list.groups.map((group) => `${group.name} ${group.quotes.length}`);
      };
      assert.deepEqual(await counts(article), ['Unattributed 3', 'Wladimir Putin 3', 'Terms 1']);
      assert.deepEqual(await counts(sidecar), ['Unattributed 3', 'Wladimir Putin 3', 'Terms 1']);
      const list = await client.request<QuoteList>('articleAnnotations/quotes', { uri: article });
      const quote = list.groups[0].quotes[2];
      const choices = await client.request<PickSpeakerArguments>('articleAnnotations/speakerChoices', {
        articleUri: article,
        quoteStart: quote.start,
        quoteText: quote.text,
      });
      assert.equal(choices.candidates[0].id, 'putin');
      client.replace(
        sidecar,
        '    kind: term\n',
        '    kind: term\n  - text: Das ist natürlich machbar\n    speaker: putin\n',
      );
      assert.deepEqual(await counts(article), ['Unattributed 2', 'Wladimir Putin 4', 'Terms 1']);
      assert.equal(await client.request('articleAnnotations/quotes', { uri: session.uri('missing.txt') }), null);
    });
  });

  it('sidecarSkeleton for an open article: the sidecar next to it, with the language guessed', async () => {
    await withSession({ files: { 'port-strike.md': sample('port-strike.md') } }, async (session) => {
      const uri = session.open('port-strike.md');
      const skeleton = await session.client.request<{ uri: string; text: string }>(
        'articleAnnotations/sidecarSkeleton',
        { uri },
      );
      assert.equal(skeleton.uri, session.uri('port-strike.ann.yaml'));
      assert.match(skeleton.text, /^language: fr$/mu);
      assert.match(skeleton.text, /^version: 1$/mu);
      assert.match(skeleton.text, /^# Annotations for port-strike\.md/u);
    });
  });

  it('sidecarSkeleton follows the sidecarSuffix setting', async () => {
    await withSession(
      { files: { 'kim-putin.txt': sample('kim-putin.txt') }, settings: { sidecarSuffix: '.notes.yaml' } },
      async (session) => {
        const uri = session.open('kim-putin.txt');
        const skeleton = await session.client.request<{ uri: string }>('articleAnnotations/sidecarSkeleton', { uri });
        assert.equal(skeleton.uri, session.uri('kim-putin.notes.yaml'));
      },
    );
  });

  it('files that are not annotated, not open, missing or not on disk get null answers', async () => {
    await withSession({ files: { 'readme.txt': 'Nur ein Text.\n', 'config.json': '{}\n' } }, async (session) => {
      const { client } = session;
      const uris = [
        session.open('readme.txt'),
        session.open('config.json'),
        session.uri('missing.txt'),
        'untitled:Untitled-1',
      ];
      for (const uri of uris) {
        assert.equal(await client.request('articleAnnotations/status', { uri }), null, `status of ${uri}`);
      }
      // Only open documents can have a skeleton: the server has no text for the others.
      assert.equal(
        await client.request('articleAnnotations/sidecarSkeleton', { uri: session.uri('missing.txt') }),
        null,
      );
      const readme = session.uri('readme.txt');
      assert.equal(await client.hover(readme, 2), null);
      assert.deepEqual(await client.semanticTokens(readme), []);
    });
  });
});
