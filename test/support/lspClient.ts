/**
 * A language client for tests: it starts the bundled server `dist/server.js` as a child process
 * over stdio, talks to it as VS Code does (same capabilities, pulled configuration, dynamic
 * registrations, semantic token refreshes) and records everything the server sends, so that a
 * test can wait for an event instead of sleeping.
 *
 * The tests build nothing themselves: `npm test` builds `dist/server.js` before mocha runs.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  ApplyWorkspaceEditRequest,
  CodeLensRefreshRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRefreshRequest,
  SemanticTokensRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type MessageActionItem,
  type ProtocolConnection,
  type Range,
  type Registration,
  type SemanticTokensLegend,
  type ShowMessageRequestParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../../server/src/runtime';
import { decodeTokens, messageOf, positionAt, rangeOf, type DecodedToken } from './lspText';
import { applyTextEdits, documentChangesOf, isTextDocumentEdit } from './workspaceEdit';

// Re-exported for the tests that drive the server, which take everything from the client.
export { decodeTokens, linesOf, messageOf, offsetAt, positionAt, rangeOf, type DecodedToken } from './lspText';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** The `articleAnnotations` settings section as a test sets it; missing keys take defaults. */
export type Settings = Record<string, unknown>;

/** How long a wait lasts before it fails, unless a test says otherwise. */
export const DEFAULT_TIMEOUT_MS = 5000;

const STANDARD_TOKEN_TYPES = [
  'namespace',
  'type',
  'class',
  'enum',
  'interface',
  'struct',
  'typeParameter',
  'parameter',
  'variable',
  'property',
  'enumMember',
  'event',
  'function',
  'method',
  'macro',
  'keyword',
  'modifier',
  'comment',
  'string',
  'number',
  'regexp',
  'operator',
  'decorator',
];
const STANDARD_TOKEN_MODIFIERS = [
  'declaration',
  'definition',
  'readonly',
  'static',
  'deprecated',
  'abstract',
  'async',
  'modification',
  'documentation',
  'defaultLibrary',
];

/**
 * What VS Code 1.91 with vscode-languageclient 11 announces, trimmed to what this server could
 * look at: the server switches features on and off by these flags, so tests must send them.
 */
export const VSCODE_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: true, showMessage: {} },
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
    },
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    semanticTokens: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    executeCommand: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    rename: { dynamicRegistration: true, prepareSupport: true, honorsChangeAnnotations: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    codeLens: { dynamicRegistration: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        labelDetailsSupport: true,
      },
    },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source'],
        },
      },
      honorsChangeAnnotations: true,
    },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    semanticTokens: {
      dynamicRegistration: true,
      tokenTypes: [...STANDARD_TOKEN_TYPES, 'person', 'place', 'organization', 'entity', 'speech', 'term'],
      tokenModifiers: [...STANDARD_TOKEN_MODIFIERS, 'speaker', 'unlinked', 'attributed', 'unattributed'],
      formats: ['relative'],
      requests: { range: true, full: { delta: true } },
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
  },
};

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

function languageIdOf(file: string): string {
  if (/\.(md|markdown)$/iu.test(file)) return 'markdown';
  if (/\.ya?ml$/iu.test(file)) return 'yaml';
  return 'plaintext';
}

/** A new empty folder for one test; `removeTempDir` deletes it again. */
export function makeTempDir(prefix = 'article-annotations-lsp-'): string {
  // The real path, so that paths the server derives from URIs compare equal to ours.
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes files by `/`-separated path relative to `dir`, creating folders as needed. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

export interface StartOptions {
  /** The `articleAnnotations` settings the client answers `workspace/configuration` with. */
  settings?: Settings;
  /** Workspace folders, as paths; the server indexes them after `initialized`. */
  folders?: string[];
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** V8 flags for the server besides those the VS Code client gives it (`--cpu-prof`, say). */
  execArgv?: string[];
}

/** A point in the server's error output; see `LspClient.errorMark`. */
export interface ErrorMark {
  stderr: number;
  problems: number;
}

interface Publication {
  /** The order in which the message arrived, among all messages from the server. */
  seq: number;
  /** The version of the document the diagnostics are for, when the server says. */
  version: number | undefined;
  /** When it arrived (`performance.now()`). */
  at: number;
  diagnostics: Diagnostic[];
}

/** A publication of diagnostics as the client received it. */
export type PublicationRecord = Readonly<Omit<Publication, 'seq'>>;

interface OpenDocument {
  version: number;
  text: string;
}

export class LspClient {
  private constructor(
    private readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  /** The settings answered to `workspace/configuration`; change them with `setSettings`. */
  settings: Settings = {};
  initializeResult!: InitializeResult;
  /** Everything the server wrote to standard error. */
  stderr = '';
  /** `window/logMessage` and `window/showMessage` notifications of type Error or Warning. */
  readonly problems: LogMessageParams[] = [];
  readonly registrations: Registration[] = [];
  /** How many `workspace/semanticTokens/refresh` requests the server sent. */
  tokenRefreshes = 0;
  /** How many `workspace/codeLens/refresh` requests the server sent. */
  lensRefreshes = 0;
  /** The `window/showMessageRequest` requests of the server, each with the button the client pressed. */
  readonly messageRequests: { params: ShowMessageRequestParams; answer: MessageActionItem | null }[] = [];
  /** Which button of a message the user presses: none (the message is dismissed), unless a test says. */
  answerMessage: (params: ShowMessageRequestParams) => MessageActionItem | null = () => null;
  /** The `workspace/applyEdit` requests of the server, each with the answer it got. */
  readonly applyEditRequests: { params: ApplyWorkspaceEditParams; result: ApplyWorkspaceEditResult }[] = [];

  private seq = 0;
  private readonly publications = new Map<string, Publication[]>();
  private readonly analysisChanged: number[] = [];
  /** When each `articleAnnotations/analysisChanged` notification (the end of a refresh) arrived. */
  readonly analysisChangedAt: number[] = [];
  private readonly documents = new Map<string, OpenDocument>();
  private readonly listeners = new Set<() => void>();
  private exited: Promise<number | null> | undefined;
  private barrier: { dir: string; uri: string; count: number } | undefined;
  private shuttingDown = false;
  private died: string | undefined;

  /** Starts the server and completes the initialize handshake. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...(options.execArgv ?? []), SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(child, connection);
    client.settings = { ...options.settings };
    client.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // A server that dies fails every wait at once, with its last words, instead of at a timeout.
    child.once('exit', (code, signal) => {
      if (client.shuttingDown) return;
      client.died = `the server exited (code ${code}, signal ${signal}); stderr:\n${client.stderr}`;
      client.problems.push({ type: MessageType.Error, message: client.died });
      client.notify();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (client.stderr += chunk));
    // Writing to a server that died raises EPIPE on stdin; unhandled, it would end the whole test
    // run. The test fails anyway: its waits reject with the exit code and stderr (see above).
    child.stdin.on('error', () => undefined);
    client.listen();
    connection.listen();
    const folders = options.folders ?? [];
    client.initializeResult = await client.withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'lsp-test-client', version: '1.0.0' },
        locale: 'en',
        rootUri: folders.length ? fileUri(folders[0]) : null,
        capabilities: options.capabilities ?? VSCODE_CAPABILITIES,
        initializationOptions: options.initializationOptions,
        workspaceFolders: folders.length
          ? folders.map((folder) => ({ uri: fileUri(folder), name: path.basename(folder) }))
          : null,
      }),
      DEFAULT_TIMEOUT_MS,
      'the initialize request',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** The server's process id, to read its memory from outside. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  get legend(): SemanticTokensLegend {
    const provider = this.initializeResult.capabilities.semanticTokensProvider;
    if (!provider) throw new Error('The server announced no semantic tokens provider.');
    return provider.legend;
  }

  private listen(): void {
    const connection = this.connection;
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        // The barrier's documents always use the defaults, so that settings under test cannot
        // switch off the diagnostic the barrier waits for.
        if (this.barrier && item.scopeUri?.startsWith(fileUri(this.barrier.dir) + '/')) return {};
        return item.section === 'articleAnnotations' ? { ...this.settings } : null;
      }),
    );
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(UnregistrationRequest.type, (params) => {
      for (const gone of params.unregisterations) {
        const index = this.registrations.findIndex((registration) => registration.id === gone.id);
        if (index >= 0) this.registrations.splice(index, 1);
      }
    });
    connection.onRequest(SemanticTokensRefreshRequest.type, () => {
      this.tokenRefreshes++;
      this.notify();
    });
    connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.lensRefreshes++;
      this.notify();
    });
    // The server's commands change the sidecar through the editor, which applies the edit as
    // it would apply a code action's.
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      const result = this.applyWorkspaceEdit(params.edit);
      this.applyEditRequests.push({ params, result });
      this.notify();
      return result;
    });
    connection.onRequest(ShowMessageRequest.type, (params) => {
      const answer = this.answerMessage(params);
      this.messageRequests.push({ params, answer });
      this.notify();
      return answer;
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onNotification('$/progress', (params: { token: unknown; value: { kind: string; title?: string } }) => {
      this.progress.push({ seq: ++this.seq, kind: params.value.kind, title: params.value.title });
      this.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.publications.get(params.uri) ?? [];
      list.push({ seq: ++this.seq, version: params.version, at: performance.now(), diagnostics: params.diagnostics });
      this.publications.set(params.uri, list);
      this.notify();
    });
    connection.onNotification('articleAnnotations/analysisChanged', () => {
      this.analysisChanged.push(++this.seq);
      this.analysisChangedAt.push(performance.now());
      this.notify();
    });
    const recordProblem = (params: LogMessageParams): void => {
      if (params.type === MessageType.Error || params.type === MessageType.Warning) this.problems.push(params);
    };
    connection.onNotification(LogMessageNotification.type, recordProblem);
    connection.onNotification(ShowMessageNotification.type, recordProblem);
    // Protocol errors (a broken message, a closed pipe) are server problems too.
    connection.onError(([error]) => this.problems.push({ type: MessageType.Error, message: String(error) }));
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Resolves with the first value `check` returns that is not undefined, checking now and after
   * every message from the server; fails after the timeout with `describe()` in the message.
   */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => {
        if (this.died) {
          done();
          reject(new Error(`${this.died}\nwhile waiting for ${describe()}`));
          return;
        }
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  private async withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // Diagnostics.

  /** The diagnostics last published for a URI, or undefined when none were ever published. */
  diagnosticsOf(uri: string): Diagnostic[] | undefined {
    return this.publications.get(uri)?.at(-1)?.diagnostics;
  }

  /** Every URI the server has published diagnostics for, in the order of their first publication. */
  publishedUris(): string[] {
    return [...this.publications.keys()];
  }

  /** Whether the server process has died on its own (not by `shutdown`). */
  get hasDied(): boolean {
    return this.died !== undefined;
  }

  /** Every publication for a URI so far, oldest first. */
  publicationsOf(uri: string): Diagnostic[][] {
    return (this.publications.get(uri) ?? []).map((publication) => publication.diagnostics);
  }

  /** Every publication for a URI so far, oldest first, with the version it names and when it came. */
  publicationRecordsOf(uri: string): PublicationRecord[] {
    return (this.publications.get(uri) ?? []).map(({ version, at, diagnostics }) => ({ version, at, diagnostics }));
  }

  /**
   * Waits until the diagnostics last published for `uri` satisfy `predicate`: the current ones,
   * or the next publication that does. The server publishes only what changed, so a test waits
   * for the state it expects, never for "one more" publication.
   */
  waitForDiagnostics(
    uri: string,
    predicate: (diagnostics: Diagnostic[]) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<Diagnostic[]> {
    return this.waitUntil(
      () => {
        const current = this.diagnosticsOf(uri);
        return current && predicate(current) ? current : undefined;
      },
      timeoutMs,
      () => {
        const current = this.diagnosticsOf(uri);
        const shown = current
          ? JSON.stringify(
              current.map((d) => `${String(d.code)}: ${messageOf(d)}`),
              null,
              1,
            )
          : 'none';
        return `diagnostics for ${uri} matching ${predicate.toString()}; last published: ${shown}`;
      },
    );
  }

  /**
   * Waits until the server has finished a refresh that started after everything sent so far
   * was handled: then whatever it was going to publish about earlier changes is published, and
   * a test may check that something was *not* published.
   *
   * The server coalesces changes and publishes only what changed, so there is no event for "I
   * have nothing to say". The barrier makes one: a sentinel article in a folder of its own, whose
   * text names a new number each time, gets a new `unattributed-quote` diagnostic that quotes the
   * number. That publication comes from a refresh that began after every earlier message, and the
   * `analysisChanged` notification after it ends that refresh.
   */
  async settle(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (!this.barrier) {
      const dir = makeTempDir('article-annotations-barrier-');
      writeFiles(dir, { 'barrier.ann.yaml': 'version: 1\nlanguage: de\nentities: {}\nquotes: []\n' });
      this.barrier = { dir, uri: fileUri(path.join(dir, 'barrier.txt')), count: 0 };
    }
    const barrier = this.barrier;
    const number = ++barrier.count;
    const text = `„Das ist Satz Nummer ${number} hier.“\n`;
    if (this.documents.has(barrier.uri)) this.setText(barrier.uri, text);
    else this.openUri(barrier.uri, text, 'plaintext');
    const published = await this.waitUntil(
      () => {
        const list = this.publications.get(barrier.uri) ?? [];
        return list.find((publication) =>
          publication.diagnostics.some((d) => messageOf(d).includes(`Nummer ${number} hier`)),
        );
      },
      timeoutMs,
      () => `the barrier diagnostic number ${number}`,
    );
    await this.waitUntil(
      () => this.analysisChanged.find((seq) => seq > published.seq),
      timeoutMs,
      () => `the end of the refresh that published barrier ${number}`,
    );
  }

  // Documents.

  /** Opens a file as VS Code does, with its text from disk unless `text` is given. */
  open(file: string, text?: string): string {
    const uri = fileUri(file);
    this.openUri(uri, text ?? fs.readFileSync(file, 'utf8'), languageIdOf(file));
    return uri;
  }

  private openUri(uri: string, text: string, languageId: string): void {
    this.documents.set(uri, { version: 1, text });
    this.lastOpening = this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** The last opening sent, until it is written to the server's input. */
  private lastOpening: Promise<void> = Promise.resolve();

  /**
   * Resolves once the last opening is written to the server's input: the client has encoded its
   * text (tens of milliseconds for megabytes) and the server has read all but the pipe's buffer.
   */
  openingWritten(): Promise<void> {
    return this.lastOpening;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Closes every document a test opened (the barrier's stays open) and forgets the edits the
   * server asked to apply, so that the next test starts clean.
   */
  closeAll(): void {
    for (const uri of [...this.documents.keys()]) if (uri !== this.barrier?.uri) this.close(uri);
    this.applyEditRequests.splice(0);
  }

  /** The text of an open document, as the client holds it. */
  textOf(uri: string): string {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open.`);
    return document.text;
  }

  /**
   * Replaces the characters from `start` to `end` with an incremental change, as editors send;
   * returns when it was sent (`performance.now()`).
   */
  edit(uri: string, start: number, end: number, newText: string): number {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open.`);
    const range = rangeOf(document.text, start, end);
    document.text = document.text.slice(0, start) + newText + document.text.slice(end);
    document.version++;
    const sent = performance.now();
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: [{ range, text: newText }],
    });
    return sent;
  }

  /** Replaces the one occurrence of `search` in an open document. */
  replace(uri: string, search: string, replacement: string): void {
    const text = this.textOf(uri);
    const at = text.indexOf(search);
    if (at < 0 || text.indexOf(search, at + 1) >= 0) {
      throw new Error(`Fixture error: '${search}' must occur exactly once in ${uri}.`);
    }
    this.edit(uri, at, at + search.length, replacement);
  }

  setText(uri: string, text: string): void {
    this.edit(uri, 0, this.textOf(uri).length, text);
  }

  /** Tells the server that files changed on disk, as VS Code's file watcher does. */
  filesChanged(changes: { file: string; type: FileChangeType }[]): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map((change) => ({ uri: fileUri(change.file), type: change.type })),
    });
  }

  /**
   * Applies a workspace edit as VS Code does, all or nothing. A text edit that names a version
   * must match the open document's (a stale edit is refused, as the language client refuses
   * it); one without a version applies to the open document or, for a file that is not open,
   * to its text on disk, which the editor then holds as an open, unsaved document. A created
   * file is written to disk, empty, and reported as the file watcher would.
   */
  applyWorkspaceEdit(edit: WorkspaceEdit): ApplyWorkspaceEditResult {
    const changes = documentChangesOf(edit);
    for (const change of changes) {
      if (!isTextDocumentEdit(change)) {
        const options = change.kind === 'create' ? change.options : undefined;
        if (change.kind === 'create' && fs.existsSync(fileURLToPath(change.uri)) && !options?.ignoreIfExists) {
          if (!options?.overwrite) return { applied: false, failureReason: `${change.uri} exists.` };
        }
        continue;
      }
      const open = this.documents.get(change.textDocument.uri);
      const version = change.textDocument.version;
      if (open && version !== null && open.version !== version) {
        return {
          applied: false,
          failureReason: `${change.textDocument.uri} is at version ${open.version}, the edit is for version ${version}.`,
        };
      }
    }
    for (const change of changes) {
      if (isTextDocumentEdit(change)) {
        const uri = change.textDocument.uri;
        if (this.documents.has(uri)) {
          // One change for the whole edit, as an editor sends after an edit of several ranges.
          this.setText(uri, applyTextEdits(this.textOf(uri), change.edits));
        } else {
          const file = fileURLToPath(uri);
          this.openUri(uri, applyTextEdits(fs.readFileSync(file, 'utf8'), change.edits), languageIdOf(file));
        }
      } else if (change.kind === 'create') {
        const file = fileURLToPath(change.uri);
        const exists = fs.existsSync(file);
        if (exists && change.options?.ignoreIfExists) continue;
        fs.writeFileSync(file, '');
        this.filesChanged([{ file, type: exists ? FileChangeType.Changed : FileChangeType.Created }]);
      } else {
        throw new Error(`The test client does not apply ${change.kind} operations: ${JSON.stringify(change)}`);
      }
    }
    return { applied: true };
  }

  /**
   * Changes settings (or replaces them all) and tells the server, which pulls them again with
   * `workspace/configuration`.
   */
  setSettings(settings: Settings, options: { replace?: boolean } = {}): void {
    this.settings = options.replace ? { ...settings } : { ...this.settings, ...settings };
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  // Requests.

  request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    return this.withTimeout(this.connection.sendRequest<R>(method, params), timeoutMs, `the ${method} request`);
  }

  hover(uri: string, offset: number): Promise<Hover | null> {
    const position = positionAt(this.textOf(uri), offset);
    return this.withTimeout(
      this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      DEFAULT_TIMEOUT_MS,
      'a hover',
    );
  }

  /** All semantic tokens of an open document, decoded. */
  async semanticTokens(uri: string): Promise<DecodedToken[]> {
    const result = await this.withTimeout(
      this.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }),
      DEFAULT_TIMEOUT_MS,
      'semantic tokens',
    );
    return decodeTokens(result?.data ?? [], this.legend, this.textOf(uri));
  }

  async semanticTokensRange(uri: string, range: Range): Promise<DecodedToken[]> {
    const result = await this.withTimeout(
      this.connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument: { uri }, range }),
      DEFAULT_TIMEOUT_MS,
      'semantic tokens in a range',
    );
    return decodeTokens(result?.data ?? [], this.legend, this.textOf(uri));
  }

  /** Waits for the server to ask the editor to fetch semantic tokens again. */
  /** The work-done progress the server reported (`begin`, `report`, `end`), in order. */
  readonly progress: { seq: number; kind: string; title?: string }[] = [];

  /** Waits until the server ended a work-done progress it began with `title`. */
  waitForProgressEnd(title: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.waitUntil(
      () => {
        const begin = this.progress.findIndex((p) => p.kind === 'begin' && p.title === title);
        return begin >= 0 && this.progress.slice(begin).some((p) => p.kind === 'end') ? true : undefined;
      },
      timeoutMs,
      () => `the end of the progress '${title}'`,
    ).then(() => undefined);
  }

  waitForTokenRefresh(after: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number> {
    return this.waitUntil(
      () => (this.tokenRefreshes > after ? this.tokenRefreshes : undefined),
      timeoutMs,
      () => `a semantic tokens refresh request (after ${after})`,
    );
  }

  /** Waits for the server to ask the editor to fetch code lenses again. */
  waitForLensRefresh(after: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number> {
    return this.waitUntil(
      () => (this.lensRefreshes > after ? this.lensRefreshes : undefined),
      timeoutMs,
      () => `a code lens refresh request (after ${after})`,
    );
  }

  /** The version of an open document, as the client counts it. */
  versionOf(uri: string): number {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open.`);
    return document.version;
  }

  isOpen(uri: string): boolean {
    return this.documents.has(uri);
  }

  // Shutting down.

  /**
   * Shuts the server down as VS Code does: `shutdown`, then `exit`; kills it when it does not
   * exit in time. Returns the exit code (null when it had to be killed).
   */
  async shutdown(timeoutMs = 3000): Promise<number | null> {
    const exited = this.exited!;
    this.shuttingDown = true;
    try {
      await this.withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
      return await this.withTimeout(exited, timeoutMs, 'the server to exit');
    } catch (error) {
      this.process.kill('SIGKILL');
      await exited;
      this.problems.push({ type: MessageType.Error, message: `Unclean shutdown: ${String(error)}` });
      return null;
    } finally {
      this.connection.dispose();
      if (this.barrier) removeTempDir(this.barrier.dir);
    }
  }

  /** Where the server's error output stands now, to ask later for only what came after. */
  errorMark(): ErrorMark {
    return { stderr: this.stderr.length, problems: this.problems.length };
  }

  /**
   * What went wrong on the server's side: an exception or stack on standard error, or an error
   * the server logged (it logs the exceptions it catches with `window/logMessage`).
   */
  serverErrors(since: ErrorMark = { stderr: 0, problems: 0 }): string[] {
    const errors: string[] = [];
    const stderr = this.stderr.slice(since.stderr);
    if (/error|exception|\n\s+at\s/iu.test(stderr)) errors.push(`stderr: ${stderr}`);
    for (const problem of this.problems.slice(since.problems)) {
      errors.push(`${problem.type === MessageType.Error ? 'error' : 'warning'}: ${problem.message}`);
    }
    return errors;
  }
}

export { FileChangeType };
