/**
 * The server's start-up: the workspace index walks the folders and reads each sidecar once,
 * and the `article:` keys it reads on the way pair the workspace's open articles too. Open
 * pairs the server analyses are taken in when the index is next read, or after a pause.
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { promiseCalls, type FileSystemCalls } from '../../server/src/files';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../server/src/settings';
import { ArticleWorkspace } from '../../server/src/workspace';
import { TAKE_IN_AFTER_MS, WorkspaceIndex } from '../../server/src/workspaceIndex';
import { ManualTimers } from '../support/manualTimers';
import { makeTempDir, removeTempDir, writeFiles } from '../support/lspClient';

const SIDECAR = (id: string, name: string, article?: string): string =>
  `version: 1\n${article ? `article: ${article}\n` : ''}entities:\n  ${id}:\n    type: person\n    name: ${name}\n`;

/** The file-system calls, counting the files read and the folders listed. */
function countingCalls(): { calls: FileSystemCalls; reads: Map<string, number>; listings: Map<string, number> } {
  const reads = new Map<string, number>();
  const listings = new Map<string, number>();
  const calls: FileSystemCalls = {
    ...promiseCalls,
    readFile: (file) => {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      return promiseCalls.readFile(file);
    },
    readdir: (directory) => {
      listings.set(directory, (listings.get(directory) ?? 0) + 1);
      return promiseCalls.readdir(directory);
    },
  };
  return { calls, reads, listings };
}

describe('the start-up walk of the workspace', () => {
  let dir = '';
  afterEach(() => removeTempDir(dir));

  it('reads each sidecar once, and its `article:` key pairs both the workspace and the index', async () => {
    dir = makeTempDir('article-annotations-walk-');
    writeFiles(dir, {
      'texts/other.txt': 'Olaf Scholz sprach.\n',
      'notes.ann.yaml': SIDECAR('scholz', 'Olaf Scholz', 'texts/other.txt'),
      'politik/a.txt': 'Friedrich Merz sprach.\n',
      'politik/a.ann.yaml': SIDECAR('merz', 'Friedrich Merz'),
      'politik/b.txt': 'Niemand sprach.\n',
    });
    const file = (relative: string): string => path.join(dir, ...relative.split('/'));
    const settings = (): Promise<ServerSettings> => Promise.resolve(DEFAULT_SERVER_SETTINGS);
    const { calls, reads, listings } = countingCalls();
    const workspace = new ArticleWorkspace(settings, calls);
    let pairedAt: number | undefined;
    const index = new WorkspaceIndex(
      {
        workspace,
        settingsFor: settings,
        beginProgress: () => Promise.resolve({ report: () => undefined, done: () => undefined }),
        changed: () => undefined,
        paired: () => {
          // The keys are known before the articles are indexed.
          pairedAt = index.corpus.articleCount;
        },
        log: (error) => assert.fail(String(error)),
      },
      calls,
    );
    workspace.setFolders([dir]);
    await index.build([dir]);

    assert.equal(pairedAt, 0);
    assert.equal(reads.get(file('notes.ann.yaml')), 1);
    assert.equal(reads.get(file('politik/a.ann.yaml')), 1);
    assert.equal(listings.get(dir), 1, 'the workspace folder is walked once');
    assert.equal(listings.get(file('politik')), 1);

    // The index pairs the article with the sidecar that names it, and the other by name.
    assert.equal(index.corpus.article(file('texts/other.txt'))?.sidecar, file('notes.ann.yaml'));
    assert.equal(index.corpus.article(file('politik/a.txt'))?.sidecar, file('politik/a.ann.yaml'));
    assert.deepEqual(
      index.corpus.symbols('scholz').map((match) => match.entity.name),
      ['Olaf Scholz'],
    );
    // And so does the workspace, for an article opened in the editor.
    const paired = await workspace.pairOf(pathToFileURL(file('texts/other.txt')).href);
    assert.equal(paired?.pair.sidecar, file('notes.ann.yaml'));
    assert.equal((await workspace.pairOf(pathToFileURL(file('politik/b.txt')).href))?.pair, undefined);
  });
});

describe('open pairs analysed as they are edited', () => {
  let dir = '';
  afterEach(() => removeTempDir(dir));

  /** An index built on a folder with one pair, and its workspace. */
  async function indexed(
    timers = new ManualTimers(),
  ): Promise<{ index: WorkspaceIndex; workspace: ArticleWorkspace; article: string }> {
    dir = makeTempDir('article-annotations-analysed-');
    writeFiles(dir, {
      'a.txt': 'Friedrich Merz sprach.\n',
      'a.ann.yaml':
        'version: 1\nentities:\n  merz: {type: person, name: Friedrich Merz}\n  scholz: {type: person, name: Olaf Scholz}\n',
    });
    const settings = (): Promise<ServerSettings> => Promise.resolve(DEFAULT_SERVER_SETTINGS);
    const workspace = new ArticleWorkspace(settings);
    const index = new WorkspaceIndex(
      {
        workspace,
        settingsFor: settings,
        beginProgress: () => Promise.resolve({ report: () => undefined, done: () => undefined }),
        changed: () => undefined,
        paired: () => undefined,
        log: (error) => assert.fail(String(error)),
      },
      promiseCalls,
      timers,
    );
    workspace.setFolders([dir]);
    await index.build([dir]);
    return { index, workspace, article: path.join(dir, 'a.txt') };
  }

  /** Types `text` as version `version` of the open article; returns its analysis. */
  async function typed(workspace: ArticleWorkspace, article: string, text: string, version: number) {
    const uri = pathToFileURL(article).href;
    const document = TextDocument.create(uri, 'plaintext', version, text);
    if (version === 1) workspace.didOpen(document);
    else workspace.didChange(document);
    const result = await workspace.analysisOf(uri);
    assert.ok(result);
    return result;
  }

  const mentioned = (index: { article(file: string): { mentions: Map<string, unknown> } | undefined }, file: string) =>
    [...(index.article(file)?.mentions.keys() ?? [])].map((key) => key.split('#')[1]).sort();

  it('takes in the latest analysis of a pair when the index is read, not as each keystroke is analysed', async () => {
    const { index, workspace, article } = await indexed();
    // The corpus as it stands, read without taking anything in.
    const corpus = index.corpus;
    assert.deepEqual(mentioned(corpus, article), ['merz']);

    index.analysed(await typed(workspace, article, 'Olaf Scholz sprach.\n', 1));
    index.analysed(await typed(workspace, article, 'Olaf Scholz und Friedrich Merz sprachen.\n', 2));
    assert.deepEqual(mentioned(corpus, article), ['merz'], 'nothing is summarised while the keystrokes come');
    assert.deepEqual(mentioned(index.corpus, article), ['merz', 'scholz'], 'a read takes in the latest analysis');
  });

  it('takes in what was analysed once the server has been quiet for a moment', async () => {
    const timers = new ManualTimers();
    const { index, workspace, article } = await indexed(timers);
    const corpus = index.corpus;
    index.analysed(await typed(workspace, article, 'Olaf Scholz sprach.\n', 1));
    timers.advance(TAKE_IN_AFTER_MS - 1);
    index.analysed(await typed(workspace, article, 'Olaf Scholz und Friedrich Merz sprachen.\n', 2));
    timers.advance(TAKE_IN_AFTER_MS - 1);
    assert.deepEqual(mentioned(corpus, article), ['merz'], 'each keystroke puts the take-in off');
    timers.advance(1);
    assert.deepEqual(mentioned(corpus, article), ['merz', 'scholz']);
  });
});
