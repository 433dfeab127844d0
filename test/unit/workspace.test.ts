import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SERVER_SETTINGS } from '../../server/src/settings';
import { ArticleWorkspace } from '../../server/src/workspace';
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
});
