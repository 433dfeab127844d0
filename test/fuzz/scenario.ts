/**
 * The language server fuzzer: a scenario is a workspace (files on disk) and a list of steps an
 * editor could take (open, type, paste, save, close, files changing on disk, settings changing,
 * requests at any position, quick fixes applied), run against the bundled server over stdio.
 *
 * After every request the answer is checked against the client's own copy of the documents; after
 * every few steps, once the server has settled, every published diagnostic is too, the server must
 * answer a hover within a deadline, its analysis of every open pair must equal one computed here
 * from the client's copy (so a document that drifted out of sync is caught), and it must not have
 * written an error to stderr or logged one. The server must never exit on its own.
 *
 * Both the quick fuzz test in the default suite and `npm run fuzz` run scenarios from here.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type {
  CodeAction,
  CodeLens,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { analyzeReads, parseRead, readTextFile, type ReadResult } from '../../server/src/files';
import { readSettings } from '../../server/src/settings';
import { statusOf } from '../../server/src/features/status';
import {
  decodeTokens,
  FileChangeType,
  fileUri,
  linesOf,
  LspClient,
  makeTempDir,
  messageOf,
  positionAt,
  removeTempDir,
  type ErrorMark,
  type Settings,
} from '../support/lspClient';
import { contentFor, fraction, offsetOf, render, snippet, type Content } from './content';

export const ARTICLES = ['a.txt', 'b.md', 'sub/c.txt'] as const;
export const SIDECARS = ['a.ann.yaml', 'b.ann.yaml', 'x.ann.yaml', 'sub/c.ann.yaml'] as const;
export const FILES = [...ARTICLES, ...SIDECARS] as const;
export type FileName = (typeof FILES)[number];
/** The one folder; deleting it deletes the files in it without events of their own. */
const FOLDER = 'sub';

export const METHODS = [
  'hover',
  'tokens',
  'tokensRange',
  'definition',
  'references',
  'symbols',
  'lenses',
  'completion',
  'codeAction',
  'prepareRename',
  'rename',
  'status',
  'entities',
] as const;
export type Method = (typeof METHODS)[number];

/** A change to an open document: `remove` code units from `at` (a fraction), insert `text`. */
export interface Change {
  at: number;
  remove: number;
  text: string;
}

export type Step =
  /** Write a file on disk (another program, git) and tell the server, as a file watcher would. */
  | { op: 'write'; file: FileName; content: Content }
  | { op: 'delete'; file: FileName | typeof FOLDER }
  /** A folder where a file belongs. */
  | { op: 'mkdir'; file: FileName }
  | { op: 'open'; file: FileName }
  | { op: 'close'; file: FileName }
  /** A change that replaces the whole text (a full `didChange`). */
  | { op: 'replace'; file: FileName; content: Content }
  /** Incremental changes in one `didChange`, each against the text the one before left. */
  | { op: 'edit'; file: FileName; changes: Change[] }
  | { op: 'save'; file: FileName }
  /** A request at a position (`at`) or over a range (`at` to `to`); `variant` picks odd cases. */
  | { op: 'request'; method: Method; file: FileName; at: number; to: number; variant: number }
  /** Changes and requests sent together without waiting, as a fast typist's editor does. */
  | { op: 'burst'; file: FileName; changes: Change[]; methods: Method[] }
  /** Ask for the code actions at a diagnostic and apply one, as the editor does when chosen. */
  | { op: 'fix'; file: FileName; pick: number }
  | { op: 'settings'; settings: Settings };

export interface Scenario {
  /** Files on disk before the server starts. */
  files: Partial<Record<FileName, Content>>;
  steps: Step[];
}

// Generators.

const file = (): fc.Arbitrary<FileName> => fc.constantFrom(...FILES);
const kindOf = (name: FileName): 'article' | 'sidecar' =>
  (ARTICLES as readonly string[]).includes(name) ? 'article' : 'sidecar';
const fileWithContent = <T>(make: (name: FileName) => fc.Arbitrary<T>): fc.Arbitrary<{ file: FileName; value: T }> =>
  file().chain((name) => make(name).map((value) => ({ file: name, value })));

function change(): fc.Arbitrary<Change> {
  return fc.record({
    at: fraction(),
    remove: fc.oneof({ arbitrary: fc.nat({ max: 8 }), weight: 5 }, { arbitrary: fc.nat({ max: 5000 }), weight: 1 }),
    text: snippet(),
  });
}

/**
 * Settings a user could switch to mid-session: limits small enough that the files are too large,
 * other languages and severities, suffixes that turn sidecars into other files and back, and
 * values of the wrong type, which must fall back to the defaults.
 */
const SETTINGS: Settings[] = [
  {},
  { maxFileSize: 0.001 },
  { maxFileSize: 0.02 },
  { language: 'fr' },
  { language: 'en', inflection: false },
  { speechMinWords: 0, unattributedSeverity: 'error' },
  { unattributedSeverity: 'off' },
  { sidecarSuffix: '.notes.yaml' },
  { sidecarSuffix: '.yaml' },
  { maxFileSize: -1, speechMinWords: 'many', language: 42, sidecarSuffix: '/' },
];

export function stepArbitrary(): fc.Arbitrary<Step> {
  return fc.oneof(
    {
      arbitrary: fileWithContent((name) => contentFor(kindOf(name))).map(({ file, value }): Step => ({
        op: 'write',
        file,
        content: value,
      })),
      weight: 4,
    },
    {
      arbitrary: fc
        .constantFrom<FileName | typeof FOLDER>(...FILES, FOLDER)
        .map((f): Step => ({ op: 'delete', file: f })),
      weight: 2,
    },
    { arbitrary: file().map((f): Step => ({ op: 'mkdir', file: f })), weight: 1 },
    { arbitrary: file().map((f): Step => ({ op: 'open', file: f })), weight: 4 },
    { arbitrary: file().map((f): Step => ({ op: 'close', file: f })), weight: 2 },
    {
      arbitrary: fileWithContent((name) => contentFor(kindOf(name))).map(({ file, value }): Step => ({
        op: 'replace',
        file,
        content: value,
      })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ file: file(), changes: fc.array(change(), { minLength: 1, maxLength: 4 }) })
        .map((r): Step => ({ op: 'edit', ...r })),
      weight: 8,
    },
    { arbitrary: file().map((f): Step => ({ op: 'save', file: f })), weight: 2 },
    {
      arbitrary: fc
        .record({
          method: fc.constantFrom(...METHODS),
          file: file(),
          at: fraction(),
          to: fraction(),
          variant: fc.nat({ max: 19 }),
        })
        .map((r): Step => ({ op: 'request', ...r })),
      weight: 12,
    },
    {
      arbitrary: fc
        .record({
          file: file(),
          changes: fc.array(change(), { minLength: 1, maxLength: 8 }),
          methods: fc.array(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 8 }),
        })
        .map((r): Step => ({ op: 'burst', ...r })),
      weight: 2,
    },
    {
      arbitrary: fc.record({ file: file(), pick: fc.nat({ max: 99 }) }).map((r): Step => ({ op: 'fix', ...r })),
      weight: 3,
    },
    { arbitrary: fc.constantFrom(...SETTINGS).map((settings): Step => ({ op: 'settings', settings })), weight: 1 },
  );
}

export function scenarioArbitrary(maxSteps: number): fc.Arbitrary<Scenario> {
  const files = fc
    .uniqueArray(file(), { maxLength: FILES.length })
    .chain((names) =>
      fc.tuple(...names.map((name) => contentFor(kindOf(name)).map((content) => [name, content] as const))),
    )
    .map((entries) => Object.fromEntries(entries) as Partial<Record<FileName, Content>>);
  // Sized to the maximum: by default fast-check keeps arrays to about ten elements.
  return fc.record({
    files,
    steps: fc.array(stepArbitrary(), { minLength: Math.min(5, maxSteps), maxLength: maxSteps, size: 'max' }),
  });
}

// Running a scenario.

export interface FuzzLimits {
  /** How long a request may take before the server counts as hung. */
  requestMs: number;
  /** How long the server may take to settle after a step. */
  settleMs: number;
  /** Check everything after this many steps. */
  batch: number;
}

export const DEFAULT_LIMITS: FuzzLimits = { requestMs: 15_000, settleMs: 30_000, batch: 4 };

export interface FuzzStats {
  runs: number;
  steps: number;
  requests: number;
  checks: number;
  /** The scenario that took longest, to look at when a run is slow without failing. */
  slowest?: { ms: number; scenario: Scenario };
}

export const newStats = (): FuzzStats => ({ runs: 0, steps: 0, requests: 0, checks: 0 });

/** Runs one scenario against a fresh server in a fresh folder; throws on the first problem. */
export async function runScenario(
  scenario: Scenario,
  stats: FuzzStats,
  limits: FuzzLimits = DEFAULT_LIMITS,
): Promise<void> {
  const dir = makeTempDir('article-annotations-fuzz-');
  let run: Run | undefined;
  try {
    for (const [name, content] of Object.entries(scenario.files)) {
      const full = path.join(dir, ...name.split('/'));
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, render(content));
    }
    const client = await LspClient.start({ folders: [dir] });
    run = new Run(client, dir, stats, limits);
    stats.runs++;
    for (const [index, step] of scenario.steps.entries()) {
      try {
        await run.step(step);
        stats.steps++;
        if ((index + 1) % limits.batch === 0) await run.check();
      } catch (error) {
        throw annotate(error, `at step ${index + 1} of ${scenario.steps.length}: ${JSON.stringify(step)}`);
      }
    }
    try {
      await run.check();
    } catch (error) {
      throw annotate(error, 'at the final check');
    }
    const exitCode = await client.shutdown();
    run = undefined;
    assert.equal(exitCode, 0, 'the server did not exit cleanly after shutdown and exit');
  } finally {
    if (run) await run.client.shutdown();
    removeTempDir(dir);
  }
}

function annotate(error: unknown, where: string): Error {
  const result = error instanceof Error ? error : new Error(String(error));
  result.message = `${where}\n${result.message}`;
  return result;
}

interface OpenDocument {
  version: number;
  text: string;
}

const LANGUAGE_IDS: Record<string, string> = { '.txt': 'plaintext', '.md': 'markdown', '.yaml': 'yaml' };

/** The client's side of one scenario: its copy of every open document, and the checks. */
class Run {
  private readonly open = new Map<FileName, OpenDocument>();
  private readonly mark: ErrorMark;
  private readonly uris = new Map<string, FileName>();
  /** Files as read from disk, until the next change on disk (every change goes through `notifyDisk`). */
  private readonly diskTexts = new Map<FileName, string>();
  private readonly diskReads = new Map<string, ReadResult>();
  /**
   * The client's own analysis of each pair, with the texts it was made from: a large sidecar
   * takes a second to analyse, and most checks find the texts unchanged.
   */
  private readonly localAnalyses = new Map<
    string,
    { settingsKey: string; article: ReadResult; sidecar: ReadResult | undefined; status: Status }
  >();

  constructor(
    readonly client: LspClient,
    private readonly dir: string,
    private readonly stats: FuzzStats,
    private readonly limits: FuzzLimits,
  ) {
    this.mark = client.errorMark();
    for (const name of FILES) this.uris.set(this.uri(name), name);
  }

  private full(name: string): string {
    return path.join(this.dir, ...name.split('/'));
  }

  private uri(name: string): string {
    return fileUri(this.full(name));
  }

  async step(step: Step): Promise<void> {
    switch (step.op) {
      case 'write':
        return this.write(step.file, render(step.content));
      case 'delete':
        return this.delete(step.file);
      case 'mkdir':
        return this.mkdir(step.file);
      case 'open':
        return this.openFile(step.file);
      case 'close':
        return this.close(step.file);
      case 'replace': {
        const content = render(step.content);
        return this.replace(step.file, typeof content === 'string' ? content : content.toString('utf8'));
      }
      case 'edit':
        return this.edit(step.file, step.changes);
      case 'save':
        return this.save(step.file);
      case 'request':
        return this.request(step);
      case 'burst':
        return this.burst(step);
      case 'fix':
        return this.fix(step.file, step.pick);
      case 'settings':
        this.client.setSettings(step.settings, { replace: true });
        return;
    }
  }

  // Files on disk, and the watcher's events about them.

  private notifyDisk(changes: { name: string; type: FileChangeType }[]): void {
    this.diskTexts.clear();
    this.diskReads.clear();
    this.client.filesChanged(changes.map((change) => ({ file: this.full(change.name), type: change.type })));
  }

  private write(name: FileName, content: string | Buffer): void {
    const full = this.full(name);
    const events: { name: string; type: FileChangeType }[] = [];
    const existing = statOf(full);
    if (existing?.isDirectory()) {
      fs.rmSync(full, { recursive: true, force: true });
      events.push({ name, type: FileChangeType.Deleted });
    }
    if (!statOf(path.dirname(full))) events.push({ name: path.dirname(name), type: FileChangeType.Created });
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    events.push({ name, type: existing?.isFile() ? FileChangeType.Changed : FileChangeType.Created });
    this.notifyDisk(events);
  }

  private delete(name: string): void {
    const full = this.full(name);
    if (!statOf(full)) return;
    fs.rmSync(full, { recursive: true, force: true });
    this.notifyDisk([{ name, type: FileChangeType.Deleted }]);
  }

  private mkdir(name: FileName): void {
    const full = this.full(name);
    if (statOf(full)) return;
    fs.mkdirSync(full, { recursive: true });
    this.notifyDisk([{ name, type: FileChangeType.Created }]);
  }

  /** The text the server sees for a file: the open buffer, else the file as the server reads it. */
  private textOf(name: FileName): string {
    const document = this.open.get(name);
    if (document) return document.text;
    let text = this.diskTexts.get(name);
    if (text === undefined) {
      text = diskText(this.full(name));
      this.diskTexts.set(name, text);
    }
    return text;
  }

  // Documents.

  private openFile(name: FileName): void {
    if (this.open.has(name)) return;
    const full = this.full(name);
    const stat = statOf(full);
    if (stat?.isDirectory()) return;
    // An editor shows a file that is not valid UTF-8 with replacement characters, without a BOM.
    const text = stat
      ? fs
          .readFileSync(full)
          .toString('utf8')
          .replace(/^\ufeff/u, '')
      : '';
    this.open.set(name, { version: 1, text });
    void this.client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: this.uri(name),
        languageId: LANGUAGE_IDS[path.extname(name)] ?? 'plaintext',
        version: 1,
        text,
      },
    });
  }

  private close(name: FileName): void {
    if (!this.open.delete(name)) return;
    void this.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(name) } });
  }

  /** Opens a document if it is not open yet (a folder cannot be); returns it. */
  private ensureOpen(name: FileName): OpenDocument | undefined {
    this.openFile(name);
    return this.open.get(name);
  }

  private replace(name: FileName, text: string): void {
    const document = this.ensureOpen(name);
    if (!document) return;
    document.text = text;
    document.version++;
    void this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(name), version: document.version },
      contentChanges: [{ text }],
    });
  }

  /** Applies changes to the client's copy and sends them, each with a range valid at its turn. */
  private sendChanges(name: FileName, changes: readonly Change[]): boolean {
    const document = this.ensureOpen(name);
    if (!document) return false;
    const contentChanges: { range: Range; text: string }[] = [];
    for (const change of changes) {
      const text = document.text;
      const start = validOffset(text, offsetOf(change.at, text.length));
      const end = validOffset(text, Math.min(text.length, start + change.remove));
      contentChanges.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: change.text });
      document.text = text.slice(0, start) + change.text + text.slice(end);
    }
    document.version++;
    void this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(name), version: document.version },
      contentChanges,
    });
    return true;
  }

  private edit(name: FileName, changes: readonly Change[]): void {
    this.sendChanges(name, changes);
  }

  private save(name: FileName): void {
    const document = this.open.get(name);
    if (!document) return;
    const full = this.full(name);
    const existed = statOf(full);
    if (existed?.isDirectory()) return;
    if (!statOf(path.dirname(full))) {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      this.notifyDisk([{ name: path.dirname(name), type: FileChangeType.Created }]);
    }
    fs.writeFileSync(full, document.text);
    void this.client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: this.uri(name) } });
    this.notifyDisk([{ name, type: existed ? FileChangeType.Changed : FileChangeType.Created }]);
  }

  // Requests.

  private position(name: FileName, at: number, variant: number): Position {
    const text = this.textOf(name);
    // A few requests come at positions past the end, which clients should not send but may.
    if (variant === 0) return { line: linesOf(text).length + 3, character: 2 };
    if (variant === 1) return { line: 0, character: 10_000 };
    return positionAt(text, validOffset(text, offsetOf(at, text.length)));
  }

  private paramsFor(
    method: Method,
    name: FileName,
    at: number,
    to: number,
    variant: number,
  ): { method: string; params: unknown } {
    const textDocument = { uri: this.uri(name) };
    const position = this.position(name, at, variant);
    const text = this.textOf(name);
    const [from, until] = [offsetOf(at, text.length), offsetOf(to, text.length)].sort((a, b) => a - b);
    const range: Range = {
      start: positionAt(text, validOffset(text, from)),
      end: positionAt(text, validOffset(text, until)),
    };
    switch (method) {
      case 'hover':
        return { method: 'textDocument/hover', params: { textDocument, position } };
      case 'tokens':
        return { method: 'textDocument/semanticTokens/full', params: { textDocument } };
      case 'tokensRange':
        return { method: 'textDocument/semanticTokens/range', params: { textDocument, range } };
      case 'definition':
        return { method: 'textDocument/definition', params: { textDocument, position } };
      case 'references':
        return {
          method: 'textDocument/references',
          params: { textDocument, position, context: { includeDeclaration: variant % 2 === 0 } },
        };
      case 'symbols':
        return { method: 'textDocument/documentSymbol', params: { textDocument } };
      case 'lenses':
        return { method: 'textDocument/codeLens', params: { textDocument } };
      case 'completion':
        return {
          method: 'textDocument/completion',
          params: {
            textDocument,
            position,
            context: { triggerKind: variant % 2 === 0 ? 1 : 2, triggerCharacter: ':' },
          },
        };
      case 'codeAction': {
        // As VS Code does: the diagnostics that touch the range.
        const diagnostics = (this.client.diagnosticsOf(textDocument.uri) ?? []).filter((d) => touches(d.range, range));
        const only = [undefined, ['quickfix'], ['source.fixAll'], ['source.fixAll.articleAnnotations'], ['refactor']][
          variant % 5
        ];
        return {
          method: 'textDocument/codeAction',
          params: { textDocument, range, context: { diagnostics, ...(only ? { only } : {}) } },
        };
      }
      case 'prepareRename':
        return { method: 'textDocument/prepareRename', params: { textDocument, position } };
      case 'rename': {
        const newName = ['putin2', 'Not Valid', '', 'kim-jong-un', 'ü', '\ud800', 'a'.repeat(300)][variant % 7];
        return { method: 'textDocument/rename', params: { textDocument, position, newName } };
      }
      case 'status':
        return { method: 'articleAnnotations/status', params: { uri: textDocument.uri } };
      case 'entities':
        return { method: 'articleAnnotations/entities', params: { uri: textDocument.uri } };
    }
  }

  private async send(method: string, params: unknown): Promise<unknown> {
    this.stats.requests++;
    try {
      return await this.client.request<unknown>(method, params, this.limits.requestMs);
    } catch (error) {
      // Refusing a rename to an invalid or taken id is an answer, not a failure.
      const code = (error as { code?: number }).code;
      if (method === 'textDocument/rename' && code === -32602) return null;
      throw annotate(error, `${method} failed`);
    }
  }

  private async request(step: Extract<Step, { op: 'request' }>): Promise<void> {
    const { method, params } = this.paramsFor(step.method, step.file, step.at, step.to, step.variant);
    const result = await this.send(method, params);
    this.checkAnswer(step.method, step.file, result);
  }

  private async burst(step: Extract<Step, { op: 'burst' }>): Promise<void> {
    if (!this.ensureOpen(step.file)) return;
    const answers: Promise<unknown>[] = [];
    const count = Math.max(step.changes.length, step.methods.length);
    for (let i = 0; i < count; i++) {
      if (i < step.changes.length) this.sendChanges(step.file, [step.changes[i]]);
      if (i < step.methods.length) {
        const { method, params } = this.paramsFor(step.methods[i], step.file, (i * 7919) % 1_000_000, 1_000_000, 5);
        answers.push(this.send(method, params));
      }
    }
    // The answers may be about any of the versions sent meanwhile; they must come, and not as errors.
    await Promise.all(answers);
  }

  /** Asks for the code actions at one of a file's diagnostics and applies one as the editor would. */
  private async fix(name: FileName, pick: number): Promise<void> {
    if (!this.ensureOpen(name)) return;
    await this.client.settle(this.limits.settleMs);
    const uri = this.uri(name);
    const diagnostics = this.client.diagnosticsOf(uri) ?? [];
    const text = this.textOf(name);
    const chosen: Diagnostic | undefined = diagnostics[pick % (diagnostics.length + 1)];
    const range = chosen?.range ?? { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
    const result = await this.send('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: chosen ? [chosen] : diagnostics },
    });
    this.checkAnswer('codeAction', name, result);
    const offered = ((result ?? []) as (CodeAction | Command)[]).filter(
      (action): action is CodeAction => 'kind' in action || 'edit' in action || 'data' in action,
    );
    let action = offered[pick % Math.max(1, offered.length)];
    // An action whose edit waits for resolve (its sidecar is not open) is resolved first, as the
    // editor does before applying it.
    if (action && !action.edit && action.data !== undefined) {
      action = (await this.send('codeAction/resolve', action)) as CodeAction;
    }
    for (const change of action?.edit?.documentChanges ?? []) {
      if (!('textDocument' in change)) continue;
      const target = this.uris.get(change.textDocument.uri);
      if (!target) continue;
      const document = this.open.get(target);
      // The editor applies an edit only to the version it was computed for; null means "as on disk".
      if (document ? change.textDocument.version !== document.version : change.textDocument.version !== null) continue;
      const open = this.ensureOpen(target);
      if (!open) continue;
      this.applyEdits(target, open, change.edits as TextEdit[]);
    }
  }

  /** Applies a workspace edit's text edits to an open document, last first, as one change event. */
  private applyEdits(name: FileName, document: OpenDocument, edits: readonly TextEdit[]): void {
    const offsets = edits
      .map((edit) => ({
        start: offsetAtPosition(document.text, edit.range.start),
        end: offsetAtPosition(document.text, edit.range.end),
        edit,
      }))
      .sort((a, b) => b.start - a.start || b.end - a.end);
    const contentChanges: { range: Range; text: string }[] = [];
    for (const { start, end, edit } of offsets) {
      const text = document.text;
      contentChanges.push({
        range: { start: positionAt(text, start), end: positionAt(text, end) },
        text: edit.newText,
      });
      document.text = text.slice(0, start) + edit.newText + text.slice(end);
    }
    if (contentChanges.length === 0) return;
    document.version++;
    void this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(name), version: document.version },
      contentChanges,
    });
  }

  // Checking answers.

  /** The text of the file a URI names, for ranges in answers; a URI of no known file fails. */
  private textOfUri(uri: string, what: string): string {
    const name = this.uris.get(uri);
    if (name) return this.textOf(name);
    assert.fail(`${what} names a file the client does not know: ${uri}`);
  }

  private checkRange(range: Range | undefined, text: string, what: string): void {
    assert.ok(range && range.start && range.end, `${what}: no range`);
    checkPosition(range.start, text, `${what} start`);
    checkPosition(range.end, text, `${what} end`);
    assert.ok(
      range.start.line < range.end.line ||
        (range.start.line === range.end.line && range.start.character <= range.end.character),
      `${what}: the range ${JSON.stringify(range)} ends before it starts`,
    );
  }

  private checkLocation(location: Location, what: string): void {
    this.checkRange(location.range, this.textOfUri(location.uri, what), what);
  }

  private checkAnswer(method: Method, name: FileName, result: unknown): void {
    const text = this.textOf(name);
    const what = `${method} in ${name}`;
    switch (method) {
      case 'hover': {
        const hover = result as Hover | null;
        if (!hover) return;
        if (hover.range) this.checkRange(hover.range, text, `${what}: hover range`);
        const contents = hover.contents as { kind?: string; value?: string };
        assert.equal(contents.kind, 'markdown', `${what}: hover contents are not markdown`);
        checkSafeMarkdown(contents.value ?? '', what);
        return;
      }
      case 'tokens':
      case 'tokensRange': {
        const data = (result as { data?: number[] } | null)?.data ?? [];
        checkTokens(data, this.client, text, what);
        return;
      }
      case 'definition': {
        if (!result) return;
        const locations = Array.isArray(result) ? (result as Location[]) : [result as Location];
        for (const location of locations) this.checkLocation(location, `${what}: definition`);
        return;
      }
      case 'references':
        for (const location of (result as Location[] | null) ?? []) this.checkLocation(location, `${what}: reference`);
        return;
      case 'symbols':
        for (const symbol of (result as DocumentSymbol[] | null) ?? []) this.checkSymbol(symbol, text, what);
        return;
      case 'lenses':
        for (const lens of (result as CodeLens[] | null) ?? []) {
          this.checkRange(lens.range, text, `${what}: lens`);
          const [, position, locations] = (lens.command?.arguments ?? []) as [string, Position?, Location[]?];
          if (position) checkPosition(position, text, `${what}: lens position`);
          for (const location of locations ?? []) this.checkLocation(location, `${what}: lens location`);
        }
        return;
      case 'completion': {
        const items = Array.isArray(result)
          ? (result as CompletionItem[])
          : ((result as CompletionList | null)?.items ?? []);
        for (const item of items) {
          const edit = item.textEdit;
          if (edit && 'range' in edit) this.checkRange(edit.range, text, `${what}: completion edit`);
          for (const extra of item.additionalTextEdits ?? [])
            this.checkRange(extra.range, text, `${what}: completion edit`);
        }
        return;
      }
      case 'codeAction':
        for (const action of (result as (CodeAction | Command)[] | null) ?? []) {
          if ('edit' in action && action.edit) this.checkWorkspaceEdit(action.edit, `${what}: '${action.title}'`);
        }
        return;
      case 'prepareRename': {
        if (!result) return;
        const answer = result as Range | { range: Range; placeholder: string };
        this.checkRange('range' in answer ? answer.range : answer, text, `${what}: prepareRename`);
        return;
      }
      case 'rename':
        if (result) this.checkWorkspaceEdit(result, `${what}: rename`);
        return;
      case 'status':
      case 'entities':
        return;
    }
  }

  private checkSymbol(symbol: DocumentSymbol, text: string, what: string): void {
    this.checkRange(symbol.range, text, `${what}: symbol '${symbol.name}'`);
    this.checkRange(symbol.selectionRange, text, `${what}: symbol '${symbol.name}' selection`);
    // VS Code rejects a whole outline whose selection range lies outside its range.
    assert.ok(
      contains(symbol.range, symbol.selectionRange),
      `${what}: symbol '${symbol.name}' has its selection ${JSON.stringify(symbol.selectionRange)} outside its range ${JSON.stringify(symbol.range)}`,
    );
    assert.ok(symbol.name.length > 0, `${what}: a symbol with an empty name (VS Code rejects it)`);
    for (const child of symbol.children ?? []) this.checkSymbol(child, text, what);
  }

  /** Edits must be in range, not overlap, and name the version the client has (or null). */
  private checkWorkspaceEdit(edit: WorkspaceEdit, what: string): void {
    // Files the edit creates (a new registry): empty, and edited at no version.
    const created = new Set<string>();
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) {
        if (change.kind === 'create') created.add(change.uri);
        continue;
      }
      const documentEdit: TextDocumentEdit = change;
      const name = this.uris.get(documentEdit.textDocument.uri);
      if (created.has(documentEdit.textDocument.uri)) {
        assert.equal(documentEdit.textDocument.version, null, `${what}: an edit of a created file names a version`);
        for (const textEdit of documentEdit.edits as TextEdit[]) this.checkRange(textEdit.range, '', `${what}: edit`);
        continue;
      }
      const text = this.textOfUri(documentEdit.textDocument.uri, what);
      const open = name ? this.open.get(name) : undefined;
      assert.equal(
        documentEdit.textDocument.version,
        open ? open.version : null,
        `${what}: the edit names version ${documentEdit.textDocument.version} of ${name}, the client has ${open?.version ?? 'it on disk'}`,
      );
      const spans = (documentEdit.edits as TextEdit[]).map((textEdit) => {
        this.checkRange(textEdit.range, text, `${what}: edit`);
        return { start: offsetAtPosition(text, textEdit.range.start), end: offsetAtPosition(text, textEdit.range.end) };
      });
      spans.sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < spans.length; i++) {
        assert.ok(spans[i].start >= spans[i - 1].end, `${what}: edits overlap: ${JSON.stringify(documentEdit.edits)}`);
      }
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const text = this.textOfUri(uri, what);
      for (const textEdit of edits) this.checkRange(textEdit.range, text, `${what}: edit`);
    }
  }

  // Checking the settled state.

  /** Waits until the server settled, then checks its diagnostics, liveness, analyses and error output. */
  async check(): Promise<void> {
    this.stats.checks++;
    await this.client.settle(this.limits.settleMs);
    for (const uri of this.client.publishedUris()) {
      const diagnostics = this.client.diagnosticsOf(uri) ?? [];
      if (diagnostics.length === 0) continue;
      const name = this.uris.get(uri);
      if (!name) {
        // The barrier that `settle` uses lives in a folder of its own.
        if (uri.includes('/article-annotations-barrier-')) continue;
        assert.fail(`diagnostics for a file the client does not know: ${uri}: ${describe(diagnostics)}`);
      }
      const exists = this.open.has(name) || statOf(this.full(name)) !== undefined;
      assert.ok(exists, `diagnostics for ${name}, which is neither open nor on disk: ${describe(diagnostics)}`);
      const text = this.textOf(name);
      for (const diagnostic of diagnostics)
        this.checkRange(
          diagnostic.range,
          text,
          `diagnostic in ${name} (${String(diagnostic.code)}: ${messageOf(diagnostic)})`,
        );
    }
    // The server answers, and quickly: a hover anywhere.
    const [first] = [...this.open.keys()];
    await this.send('textDocument/hover', {
      textDocument: { uri: this.uri(first ?? 'a.txt') },
      position: { line: 0, character: 0 },
    });
    await this.checkAnalyses();
    assert.deepEqual(this.client.serverErrors(this.mark), [], 'the server reported errors');
    assert.ok(!this.client.hasDied, 'the server exited');
  }

  /**
   * The server's analysis of each open document's pair must be the one the client's copies give:
   * a document that drifted out of sync (a change applied at the wrong place) shows here.
   */
  private async checkAnalyses(): Promise<void> {
    const settings = readSettings(this.client.settings);
    const limit = settings.analysis.maxFileSize;
    const settingsKey = JSON.stringify(settings);
    for (const name of this.open.keys()) {
      const status = (await this.send('articleAnnotations/status', { uri: this.uri(name) })) as Status | null;
      if (!status) continue;
      const article = await this.read(status.article, limit);
      const sidecar = status.sidecar ? await this.read(status.sidecar, limit) : undefined;
      const pair = `${status.article}\u0000${status.sidecar}`;
      const cached = this.localAnalyses.get(pair);
      let expected: Status;
      if (
        cached &&
        cached.settingsKey === settingsKey &&
        sameRead(cached.article, article) &&
        sameRead(cached.sidecar, sidecar)
      ) {
        expected = cached.status;
      } else {
        const local = analyzeReads({
          articleFile: fileURLToPath(status.article),
          article,
          sidecarFile: status.sidecar ? fileURLToPath(status.sidecar) : undefined,
          sidecar,
          parsed: parseRead(sidecar, limit),
          settings: settings.analysis,
        });
        expected = statusOf(local, { uriOf: (file) => fileUri(file) });
        this.localAnalyses.set(pair, { settingsKey, article, sidecar, status: expected });
      }
      assert.deepEqual(
        counts(status),
        counts(expected),
        `the server's analysis of ${name} differs from the client's texts`,
      );
    }
  }

  /** A file as the server reads it: the open buffer, else the disk (cached until the disk changes). */
  private async read(uri: string, limit: number): Promise<ReadResult> {
    const known = this.uris.get(uri);
    const document = known ? this.open.get(known) : undefined;
    if (document) return { ok: true, text: document.text };
    let read = this.diskReads.get(uri);
    if (!read) {
      read = await readTextFile(fileURLToPath(uri), Math.max(limit, 64 * 1024 * 1024));
      this.diskReads.set(uri, read);
    }
    return read;
  }
}

/** Whether two reads give the same text (or fail the same way). */
function sameRead(a: ReadResult | undefined, b: ReadResult | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.ok || b.ok) return a.ok && b.ok && a.text === b.text;
  return a.reason === b.reason && a.tooLarge === b.tooLarge;
}

// Helpers.

type Status = ReturnType<typeof statusOf>;

/** The numbers of a status, without the URIs, which the client spells as the server does not. */
function counts({ entities, mentions, quotes, speech, unattributed, problems }: Status): Partial<Status> {
  return { entities, mentions, quotes, speech, unattributed, problems };
}

function statOf(full: string): fs.Stats | undefined {
  try {
    return fs.statSync(full);
  } catch {
    return undefined;
  }
}

/** A file's text as the server reads it from disk: '' when it is missing, a folder or not text. */
function diskText(full: string): string {
  const stat = statOf(full);
  if (!stat?.isFile()) return '';
  const bytes = fs.readFileSync(full);
  if (bytes.includes(0)) return '';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return '';
  }
}

/** An offset moved out of the middle of a CRLF pair, where no LSP position can point. */
function validOffset(text: string, offset: number): number {
  const clamped = Math.max(0, Math.min(offset, text.length));
  return clamped > 0 && text.charCodeAt(clamped - 1) === 13 && text.charCodeAt(clamped) === 10 ? clamped - 1 : clamped;
}

/** The offset of a position, which must be valid in `text`. */
function offsetAtPosition(text: string, position: Position): number {
  return linesOfText(text).starts[position.line] + position.character;
}

/**
 * The length and start offset of each line of a text, by LSP rules. Cached: a check looks at
 * thousands of positions in the same large text, and splitting it for each would be quadratic.
 */
const lineCache = new Map<string, { lengths: number[]; starts: number[] }>();
function linesOfText(text: string): { lengths: number[]; starts: number[] } {
  let lines = lineCache.get(text);
  if (!lines) {
    if (lineCache.size > 16) lineCache.clear();
    const lengths = linesOf(text).map((line) => line.length);
    const starts: number[] = [];
    let offset = 0;
    for (const length of lengths) {
      starts.push(offset);
      offset += length;
      offset += text.startsWith('\r\n', offset) ? 2 : 1;
    }
    lines = { lengths, starts };
    lineCache.set(text, lines);
  }
  return lines;
}

const lineLengths = (text: string): number[] => linesOfText(text).lengths;

function checkPosition(position: Position, text: string, what: string): void {
  const lines = lineLengths(text);
  assert.ok(
    Number.isInteger(position.line) && Number.isInteger(position.character),
    `${what}: ${JSON.stringify(position)} is not a position`,
  );
  assert.ok(
    position.line >= 0 && position.line < lines.length,
    `${what}: line ${position.line} of a document with ${lines.length} lines`,
  );
  const length = lines[position.line];
  assert.ok(
    position.character >= 0 && position.character <= length,
    `${what}: character ${position.character} on line ${position.line}, which has ${length}`,
  );
}

function touches(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position): boolean =>
    x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Position, b: Position): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkTokens(data: number[], client: LspClient, text: string, what: string): void {
  const lines = lineLengths(text);
  const tokens = decodeTokens(data, client.legend, text);
  let previous: { line: number; end: number } | undefined;
  for (const token of tokens) {
    const where = `${what}: token ${JSON.stringify(token)}`;
    assert.ok(token.line >= 0 && token.line < lines.length, `${where} is on no line of the ${lines.length}`);
    assert.ok(token.length > 0, `${where} is empty`);
    assert.ok(token.character + token.length <= lines[token.line], `${where} runs past its line's end`);
    assert.ok(
      !previous || token.line > previous.line || token.character >= previous.end,
      `${where} overlaps the token before`,
    );
    previous = { line: token.line, end: token.character + token.length };
  }
}

/**
 * Text from documents may only be shown as text: outside inline code spans, no raw HTML, no
 * image, and no link but to a web address.
 */
export function checkSafeMarkdown(markdown: string, what: string): void {
  const outsideCode = markdown.replace(/`[^`\n]*`/gu, '``');
  assert.ok(!/<[a-z!/?]/iu.test(outsideCode), `${what}: raw HTML in\n${markdown}`);
  assert.ok(!outsideCode.includes('!['), `${what}: an image in\n${markdown}`);
  for (const link of outsideCode.matchAll(/\]\(([^)]*)\)/gu)) {
    assert.match(link[1], /^https?:\/\//u, `${what}: a link to ${link[1]} in\n${markdown}`);
  }
}

function describe(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${String(d.code)}: ${messageOf(d)}`).join('; ');
}

// Running many scenarios.

export interface FuzzOptions {
  seed: number;
  numRuns: number;
  /** No new scenario starts after this many milliseconds. */
  budgetMs: number;
  /** Once a scenario failed, shrinking may take this long; then the smallest failure so far is reported. */
  shrinkMs: number;
  maxSteps: number;
  /** Replays one counterexample that an earlier run reported. */
  path?: string;
  limits?: FuzzLimits;
}

export interface FuzzResult {
  details: fc.RunDetails<[Scenario]>;
  stats: FuzzStats;
  elapsedMs: number;
}

/**
 * Runs scenarios with fast-check until `numRuns` ran or the time budget is spent. The budget is
 * checked inside the property, so that no scenario is left running in the background: scenarios
 * after the deadline pass at once without starting a server.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const stats = newStats();
  const started = Date.now();
  let failedAt: number | undefined;
  const property = fc.asyncProperty(scenarioArbitrary(options.maxSteps), async (scenario) => {
    const now = Date.now();
    if (failedAt === undefined ? now - started > options.budgetMs : now - failedAt > options.shrinkMs) return;
    try {
      await runScenario(scenario, stats, options.limits);
      const ms = Date.now() - now;
      if (ms > (stats.slowest?.ms ?? 0)) stats.slowest = { ms, scenario };
    } catch (error) {
      failedAt ??= Date.now();
      throw error;
    }
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  return { details, stats, elapsedMs: Date.now() - started };
}

/** The statistics line of a fuzz run. */
export function summary(options: FuzzOptions, result: FuzzResult): string {
  const { stats } = result;
  return (
    `seed ${options.seed}: ${stats.runs} scenarios, ${stats.steps} steps, ${stats.requests} requests, ` +
    `${stats.checks} checks in ${(result.elapsedMs / 1000).toFixed(1)} s` +
    (stats.slowest ? `; the slowest scenario took ${(stats.slowest.ms / 1000).toFixed(1)} s` : '')
  );
}

/** A failure as a report: the seed and path that replay it, the shrunk steps one per line, the error. */
export function failureReport(options: FuzzOptions, result: FuzzResult): string {
  const { details } = result;
  if (!details.failed) return '';
  const lines = [`The language server fuzzer failed with seed ${options.seed}.`];
  if (details.counterexample) {
    const [scenario] = details.counterexample;
    lines.push(
      `Replay: node out/test/fuzz/run.js --seed ${options.seed} --path ${details.counterexamplePath} --max-steps ${options.maxSteps}`,
      `Shrunk ${details.numShrinks} times to these files and steps:`,
      `  files: ${JSON.stringify(scenario.files)}`,
      ...scenario.steps.map((step, i) => `  ${i + 1}. ${JSON.stringify(step)}`),
    );
  }
  const error = details.errorInstance;
  lines.push('Error:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  return lines.join('\n');
}
