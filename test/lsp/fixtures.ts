/**
 * What the language server tests share: sessions, in which each test gets a folder of its own
 * and a server (shared by the tests of a file, or its own), and fails when the server logged an
 * error or did not shut down cleanly; and the code actions of a range, asked as VS Code asks.
 * The samples, markup and sidecar checks they use live in test/support/.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileUri, LspClient, makeTempDir, removeTempDir, writeFiles, type Settings } from '../support/lspClient';
import { repoPath } from '../support/repo';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';

// Re-exported: the tests over stdio take their fixtures from here.
export { codesOf, showDiagnostics } from '../support/lspText';
export { KIM_ARTICLE, KIM_SIDECAR, mark, sample } from '../support/samples';
export { assertCommentsKept, commentsOf, parseSidecarYaml, type SidecarYaml } from '../support/sidecarYaml';

const SAMPLES = repoPath('samples');

export interface SessionOptions {
  /** Files to write, by `/`-separated path relative to the session's folder. */
  files?: Record<string, string | Buffer>;
  /** Names of samples to copy into the folder. */
  samples?: string[];
  settings?: Settings;
  /** Announce the folder as a workspace folder, so that the server indexes it (needs a fresh server). */
  workspaceFolder?: boolean;
  /** Start a server of its own even where the test file shares one. */
  fresh?: boolean;
  /** What the client announces, for a server of the test's own; VS Code's by default. */
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
}

export interface Session {
  client: LspClient;
  dir: string;
  /** The absolute path of a file in the session's folder. */
  file(name: string): string;
  uri(name: string): string;
  /** Opens a file of the folder in the editor, with the given text or else the file's own. */
  open(name: string, text?: string): string;
}

/**
 * A test that shows a bug not fixed yet: pending, with the explanation in its title, so that
 * the suite stays green (as test/cli does it). `SHOW_KNOWN_BUGS=1 npx mocha …` runs these tests,
 * to watch them fail or to see that a fix works.
 */
export function knownBug(name: string, explanation: string, test: () => Promise<void>): void {
  if (process.env.SHOW_KNOWN_BUGS) it(name, test);
  else it.skip(`${name} (known bug: ${explanation})`, test);
}

/** The server the tests of the current file share, while `shareServer` has one running. */
let shared: LspClient | undefined;

/**
 * Makes the tests of the enclosing `describe` share one server, each still with a folder of its
 * own: starting a server costs more than most tests. Between tests the documents are closed and
 * the settings reset; a test that needs a server with nothing before it asks for `fresh`.
 */
export function shareServer(): void {
  before(async () => {
    shared = await LspClient.start();
  });
  after(async () => {
    const client = shared;
    shared = undefined;
    if (!client) return;
    const exitCode = await client.shutdown();
    assert.deepEqual(client.serverErrors(), [], 'the shared server reported errors');
    assert.equal(exitCode, 0, 'the shared server did not exit cleanly after shutdown and exit');
  });
}

/**
 * Runs `body` in a fresh folder against the shared server, or else a server of its own, and
 * fails the test when the server reported an error meanwhile. A server of the test's own is
 * shut down and must exit cleanly; the folder is removed either way.
 */
export async function withSession(
  options: SessionOptions,
  body: (session: Session) => Promise<void> | void,
): Promise<void> {
  const dir = makeTempDir();
  writeFiles(dir, options.files ?? {});
  for (const name of options.samples ?? []) fs.copyFileSync(path.join(SAMPLES, name), path.join(dir, name));
  const file = (name: string): string => path.join(dir, ...name.split('/'));
  const own =
    !shared ||
    options.fresh === true ||
    options.workspaceFolder === true ||
    options.capabilities !== undefined ||
    options.initializationOptions !== undefined;
  let client: LspClient | undefined;
  try {
    client = own
      ? await LspClient.start({
          settings: options.settings ?? {},
          folders: options.workspaceFolder ? [dir] : [],
          capabilities: options.capabilities,
          initializationOptions: options.initializationOptions,
        })
      : shared!;
    const started = client;
    if (!own) started.setSettings(options.settings ?? {}, { replace: true });
    const mark = started.errorMark();
    try {
      await body({
        client: started,
        dir,
        file,
        uri: (name) => fileUri(file(name)),
        open: (name, text) => started.open(file(name), text),
      });
    } catch (error) {
      // The server's own account often explains a failed expectation: show it with the failure.
      const errors = started.serverErrors(mark);
      if (errors.length && error instanceof Error) error.message += `\nServer errors:\n${errors.join('\n')}`;
      throw error;
    }
    assert.deepEqual(started.serverErrors(mark), [], 'the server reported errors');
    if (own) {
      client = undefined;
      assert.equal(await started.shutdown(), 0, 'the server did not exit cleanly after shutdown and exit');
    }
  } finally {
    if (client && own) await client.shutdown();
    else client?.closeAll();
    removeTempDir(dir);
  }
}

/** The quick fixes and other code actions for a range, as VS Code asks for them. */
export async function codeActionsFor(
  client: LspClient,
  uri: string,
  diagnostics: Diagnostic[],
  only?: string[],
  options: { resolve?: boolean } = {},
): Promise<(CodeAction | Command)[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const result = await client.request<(CodeAction | Command)[] | null>(CodeActionRequest.method, {
    textDocument: { uri },
    range,
    context: { diagnostics, triggerKind: CodeActionTriggerKind.Invoked, ...(only ? { only } : {}) },
  });
  if (options.resolve === false) return result ?? [];
  // As VS Code does before applying one: an action whose edit waits (a sidecar that is not
  // open) is resolved, and gets its edit then.
  return Promise.all(
    (result ?? []).map((action) =>
      'data' in action && action.data !== undefined && !action.edit
        ? client.request<CodeAction>(CodeActionResolveRequest.method, action)
        : Promise.resolve(action),
    ),
  );
}
