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
  it('lets the event loop turn before analysing a large pair, and not for a small one', async () => {
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
    assert.equal(turns, LARGE_PAIR_TURNS);
  });

  // A hover in another file, read while a large sidecar opens, is answered before its parse.
  it('lets the event loop turn before parsing a large sidecar, and parses it once for two requests', async () => {
    const events: string[] = [];
    const counting = new ArticleWorkspace(
      () => Promise.resolve(DEFAULT_SERVER_SETTINGS),
      undefined,
      () => {
        events.push('turn');
        return new Promise((resolve) => setImmediate(resolve));
      },
    );
    counting.setFolders([dir]);
    const uri = pathToFileURL(path.join(dir, 'a.ann.yaml')).href;
    const entities = Array.from({ length: 5000 }, (_, i) => `  e${i}:\n    name: Person ${i}\n`).join('');
    assert.ok(entities.length >= LARGE_PAIR_CHARS);
    counting.didOpen(TextDocument.create(uri, 'yaml', 1, `entities:\n${entities}`));
    const [first, second] = await Promise.all([counting.analysisOf(uri), counting.analysisOf(uri)]);
    assert.ok(first);
    assert.equal(second, first);
    assert.equal(first.analysis.parsedSidecar?.sidecar.entities.length, 5000);
    // Turns before the parse, and before the analysis.
    assert.equal(events.length, 2 * LARGE_PAIR_TURNS);
  });

  // Opening a file as it is on disk, or closing it after saving, must not cost a second analysis.
  it('takes an analysis over for new versions of the same texts, and analyses a changed text anew', async () => {
    const article = path.join(dir, 'a.txt');
    const uri = pathToFileURL(article).href;
    const sidecarText = 'entities:\n  harper:\n    name: Harper\n';
    writeFiles(dir, { 'a.ann.yaml': sidecarText });
    const fromDisk = await workspace.analysisOf(uri);
    assert.ok(fromDisk);
    assert.equal(workspace.versionRead(fromDisk, article), undefined);

    const text = 'Harper sagte: „Wir machen weiter.“\n';
    workspace.didOpen(TextDocument.create(uri, 'plaintext', 1, text));
    const opened = await workspace.analysisOf(uri);
    assert.ok(opened);
    assert.notEqual(opened, fromDisk, 'a result of its own, published with the open version');
    assert.equal(opened.analysis, fromDisk.analysis, 'the same texts are not analysed again');
    assert.equal(workspace.versionRead(opened, article), 1);

    workspace.didChange(TextDocument.create(uri, 'plaintext', 2, `${text}Harper ging.\n`));
    const changed = await workspace.analysisOf(uri);
    assert.ok(changed);
    assert.notEqual(changed.analysis, opened.analysis);
    assert.equal(workspace.versionRead(changed, article), 2);

    // Back to the text on disk (an undo), then closed: the analysis of that text again is new,
    // and after closing, the disk's version of the same text takes it over.
    workspace.didChange(TextDocument.create(uri, 'plaintext', 3, text));
    const undone = await workspace.analysisOf(uri);
    assert.ok(undone);
    assert.notEqual(undone.analysis, changed.analysis);
    workspace.didClose(TextDocument.create(uri, 'plaintext', 3, text));
    const closed = await workspace.analysisOf(uri);
    assert.ok(closed);
    assert.equal(closed.analysis, undone.analysis);
    assert.equal(workspace.versionRead(closed, article), undefined);

    // A sidecar opened as it is on disk keeps its parse, and the pair its analysis.
    const sidecarUri = pathToFileURL(path.join(dir, 'a.ann.yaml')).href;
    workspace.didOpen(TextDocument.create(sidecarUri, 'yaml', 1, sidecarText));
    const sidecarOpened = await workspace.analysisOf(sidecarUri);
    assert.ok(sidecarOpened);
    assert.equal(sidecarOpened.analysis, closed.analysis);
    assert.equal(workspace.versionRead(sidecarOpened, path.join(dir, 'a.ann.yaml')), 1);
    workspace.didChange(TextDocument.create(sidecarUri, 'yaml', 2, `${sidecarText}    aliases: [H.]\n`));
    const sidecarChanged = await workspace.analysisOf(sidecarUri);
    assert.ok(sidecarChanged);
    assert.notEqual(sidecarChanged.analysis, closed.analysis);
  });

  it('takes the analysis of a registry over when it opens unchanged', async () => {
    const text = 'entities:\n  harper:\n    type: person\n    name: Harper\n';
    writeFiles(dir, { 'entities.ann.yaml': text });
    const uri = pathToFileURL(path.join(dir, 'entities.ann.yaml')).href;
    const fromDisk = await workspace.analysisOf(uri);
    assert.ok(fromDisk?.registry);
    workspace.didOpen(TextDocument.create(uri, 'yaml', 4, text));
    const opened = await workspace.analysisOf(uri);
    assert.equal(opened?.analysis, fromDisk.analysis);
    assert.equal(workspace.versionRead(opened, path.join(dir, 'entities.ann.yaml')), 4);
  });
});
