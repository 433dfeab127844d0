import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SERVER_SETTINGS } from '../../server/src/settings';
import { ArticleWorkspace, LARGE_PAIR_CHARS, LARGE_PAIR_TURNS } from '../../server/src/workspace';
import { makeTempDir, removeTempDir, writeFiles } from '../support/lspClient';

describe("the server's workspace", () => {
  let dir = '';
  let workspace: ArticleWorkspace;

  beforeEach(() => {
    dir = makeTempDir('article-annotations-workspace-');
    writeFiles(dir, { 'a.txt': 'Harper sagte: „Wir machen weiter.“\n' });
    workspace = new ArticleWorkspace(() => Promise.resolve(DEFAULT_SERVER_SETTINGS));
    workspace.setFolders([dir]);
  });

  afterEach(() => removeTempDir(dir));

  // A hover sent right after a large sidecar opens asks for the analysis the refresh is computing.
  it('analyses a pair once when two requests ask for it at the same time', async () => {
    const uri = pathToFileURL(path.join(dir, 'a.ann.yaml')).href;
    workspace.didOpen(TextDocument.create(uri, 'yaml', 1, 'entities:\n  harper:\n    name: Harper\n'));
    const [first, second] = await Promise.all([workspace.analysisOf(uri), workspace.analysisOf(uri)]);
    assert.ok(first);
    assert.equal(second, first);
    assert.equal(await workspace.analysisOf(uri), first);
  });

  // A hover in another file, read while a large file opens, is answered before the long steps.
  it('lets the event loop turn before parsing and analysing a large pair, and not for a small one', async () => {
    let turns = 0;
    const counting = new ArticleWorkspace(
      () => Promise.resolve(DEFAULT_SERVER_SETTINGS),
      undefined,
      () => {
        turns++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    );
    counting.setFolders([dir]);
    const uri = pathToFileURL(path.join(dir, 'a.txt')).href;
    writeFiles(dir, { 'a.ann.yaml': 'entities:\n  harper:\n    name: Harper\n' });
    counting.didOpen(TextDocument.create(uri, 'plaintext', 1, 'Harper sagte: „Wir machen weiter.“\n'));
    assert.ok(await counting.analysisOf(uri));
    assert.equal(turns, 0);
    const large = 'Harper sagte: „Wir machen weiter.“\n'.repeat(Math.ceil(LARGE_PAIR_CHARS / 30));
    counting.didChange(TextDocument.create(uri, 'plaintext', 2, large));
    // Two requests while it waits: one analysis for both.
    const [first, second] = await Promise.all([counting.analysisOf(uri), counting.analysisOf(uri)]);
    assert.ok(first);
    assert.equal(second, first);
    assert.equal(turns, 2 * LARGE_PAIR_TURNS);
  });
});
