#!/usr/bin/env node
/**
 * The Article Annotations language server: connection, capabilities, document sync and
 * handler registration. Handlers are a few lines each: find the document's analysis, call a
 * feature function, return LSP types. Run it with `--stdio` or `--node-ipc`.
 */

import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  WatchKind,
  TextDocumentSyncKind,
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type WorkspaceEdit,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  annotationEdits,
  applyEdits,
  attributionEdits,
  roleOf,
  sidecarPathFor,
  sidecarSkeleton,
  type AnnotationType,
} from './core';
import { codeActions, FIX_ALL_KIND, sidecarEdit, type SidecarTarget } from './features/codeActions';
import { DiagnosticPublications, type DiagnosticEntry } from './features/diagnostics';
import { articleHover, sidecarHover, toLspHover } from './features/hover';
import {
  completions,
  definition,
  documentSymbols,
  lenses,
  prepareRename,
  references,
  rename,
  RenameError,
  type PairUris,
} from './features/navigation';
import { articleTokens, encodeTokens, SEMANTIC_TOKENS_LEGEND } from './features/semanticTokens';
import { statusOf, type StatusParams } from './features/status';
import type { PairAnalysis } from './files';
import { native, portable } from './files';
import { IdleCollector } from './idleCollection';
import { RefreshScheduler } from './refreshScheduler';
import { DEFAULT_SERVER_SETTINGS, readSettings, type ServerSettings } from './settings';
import { ArticleWorkspace } from './workspace';

/** Commands the server carries out; the client's pickers call them with the user's choice. */
const ATTRIBUTE_COMMAND = 'articleAnnotations.server.attribute';
const ANNOTATE_COMMAND = 'articleAnnotations.server.annotate';

/**
 * Why a command changed nothing. The edit engine writes nothing into a sidecar with a YAML
 * syntax error, nor what is there already (an alias the entity has); an empty edit would be
 * "applied" without a word, so the client is told instead and shows the reason.
 */
const NOTHING_TO_WRITE =
  'Nothing was written into the sidecar: it has a YAML syntax error to fix first, or says this already.';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canReadConfiguration = false;
let canRefreshTokens = false;
let canRefreshLenses = false;
let clientHasSpeakerPicker = false;
let canUseDocumentChanges = true;
let canCreateFiles = true;
let canWatchFiles = false;
let initialSettings: unknown;
let workspaceFolders: string[] = [];
const settingsCache = new Map<string, Promise<ServerSettings>>();

/** Settings per resource, as the client's configuration says, falling back to defaults. */
function settingsFor(uri: string): Promise<ServerSettings> {
  if (!canReadConfiguration) return Promise.resolve(readSettings(initialSettings ?? {}));
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'articleAnnotations' })
      .then(readSettings, () => DEFAULT_SERVER_SETTINGS);
    settingsCache.set(uri, settings);
  }
  return settings;
}

const workspace = new ArticleWorkspace(settingsFor);

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  canReadConfiguration = capabilities.workspace?.configuration === true;
  canRefreshTokens = capabilities.workspace?.semanticTokens?.refreshSupport === true;
  canRefreshLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const options = params.initializationOptions as { settings?: unknown; speakerPicker?: boolean } | undefined;
  initialSettings = options?.settings;
  // Our VS Code client offers a picker of speakers; other editors get one action per speaker.
  clientHasSpeakerPicker = options?.speakerPicker === true;
  canUseDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  canCreateFiles = capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true;
  workspaceFolders = (params.workspaceFolders ?? [])
    .map((folder) => ArticleWorkspace.pathOf(folder.uri))
    .filter((folder): folder is string => folder !== undefined);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: [':', ' '] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      executeCommandProvider: { commands: [ATTRIBUTE_COMMAND, ANNOTATE_COMMAND] },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'article-annotations', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canReadConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'articleAnnotations' });
  }
  if (canWatchFiles) {
    // Sidecars and articles changing on disk (created, deleted, renamed, changed by git).
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Deleted folders too: their files go without events of their own.
      watchers: [{ globPattern: '**/*.{yaml,txt,md,markdown}' }, { globPattern: '**/*', kind: WatchKind.Delete }],
    });
  }
  void workspace.indexFolders(workspaceFolders).then(scheduleRefresh, logError);
});

function logError(error: unknown): void {
  connection.console.error(
    `article-annotations: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}

// Refreshing: after any change, recompute the analyses of the open documents' pairs (cached
// ones cost a lookup) and publish what changed; refreshScheduler.ts says when.
const refreshes = new RefreshScheduler(refresh, logError);
const publications = new DiagnosticPublications();
const lastAnalysis = new Map<string, PairAnalysis>();
// Large analyses leave their garbage to be collected once the server is idle (see idleCollection.ts).
const idleCollector = new IdleCollector();

function scheduleRefresh(): void {
  refreshes.schedule();
}

async function refresh(): Promise<void> {
  // Per document: the version of the text analysed, if it is open, and its diagnostics.
  const diagnostics = new Map<string, { version: number | undefined; entries: DiagnosticEntry[] }>();
  let tokensChanged = false;
  const seen = new Map<string, PairAnalysis>();
  let analysedChars = 0;
  // First pair every open document, which also indexes the `article:` keys of open sidecars,
  // so that the ownership check below sees every pair.
  for (const document of workspace.openDocuments()) {
    const result = await workspace.analysisOf(document.uri);
    if (result) seen.set(`${result.article}\u0000${result.sidecar}`, result);
  }
  for (const [pairKey, result] of seen) {
    if (lastAnalysis.get(pairKey) !== result) {
      tokensChanged = true;
      lastAnalysis.set(pairKey, result);
      analysedChars += result.analysis.articleLines.textLength + result.analysis.sidecarLines.textLength;
    }
    const articleUri = workspace.uriOf(result.article);
    const sidecarUri = result.sidecar ? workspace.uriOf(result.sidecar) : undefined;
    // An article gets the diagnostics of the pair it belongs to itself: a second sidecar that
    // names it reports its own problems, not the article's a second time; and an article that
    // does not exist gets nothing.
    const ownsArticle =
      (await workspace.exists(result.article)) && (await workspace.pairOf(articleUri))?.pair.sidecar === result.sidecar;
    if (ownsArticle && !diagnostics.has(articleUri)) {
      diagnostics.set(articleUri, { version: workspace.versionRead(result, result.article), entries: [] });
    }
    if (sidecarUri && !diagnostics.has(sidecarUri)) {
      diagnostics.set(sidecarUri, { version: workspace.versionRead(result, result.sidecar), entries: [] });
    }
    // The URIs of the pair's two files, worked out once rather than for each of thousands of diagnostics.
    const uriOf = (file: string): string =>
      file === result.article ? articleUri : file === result.sidecar && sidecarUri ? sidecarUri : workspace.uriOf(file);
    for (const { file, diagnostic } of result.diagnostics) {
      if (file === result.article && !ownsArticle) continue;
      const lines = diagnostic.target === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
      diagnostics.get(uriOf(file))?.entries.push({ diagnostic, lines });
    }
  }
  for (const key of lastAnalysis.keys()) if (!seen.has(key)) lastAnalysis.delete(key);
  for (const [uri, { version, entries }] of diagnostics) {
    const changed = publications.changed(uri, entries);
    if (changed) await connection.sendDiagnostics({ uri, version, diagnostics: changed });
  }
  // Files that are in no open pair any more (closed, or their sidecar was deleted) are cleared.
  for (const uri of publications.uris()) {
    if (diagnostics.has(uri)) continue;
    publications.forget(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  if (tokensChanged && canRefreshTokens) void connection.languages.semanticTokens.refresh();
  // Counts above the entities change when the article does, and the other way round.
  if (tokensChanged && canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh');
  void connection.sendNotification('articleAnnotations/analysisChanged', {});
  if (analysedChars > 0) idleCollector.analysed(analysedChars);
}

documents.onDidOpen((event) => {
  workspace.didOpen(event.document);
  scheduleRefresh();
});
documents.onDidChangeContent((event) => {
  workspace.didChange(event.document);
  scheduleRefresh();
});
documents.onDidClose((event) => {
  workspace.didClose(event.document);
  scheduleRefresh();
});
connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) await workspace.fileChanged(change.uri, change.type === FileChangeType.Deleted);
  scheduleRefresh();
});
connection.onDidChangeConfiguration((params) => {
  // Clients that cannot answer configuration requests push the settings instead.
  if (!canReadConfiguration) {
    const pushed = (params.settings as { articleAnnotations?: unknown } | null)?.articleAnnotations;
    if (pushed !== undefined) initialSettings = pushed;
  }
  settingsCache.clear();
  workspace.clearAnalyses();
  // The sidecar suffix may have changed, and with it which files are sidecars.
  void workspace.indexFolders(workspaceFolders).then(scheduleRefresh, logError);
  scheduleRefresh();
});

/** Which side of its pair a document is. */
function sideOf(uri: string, result: PairAnalysis): 'article' | 'sidecar' {
  return ArticleWorkspace.pathOf(uri) === result.sidecar ? 'sidecar' : 'article';
}

connection.onHover(async (params) => {
  const result = await workspace.analysisOf(params.textDocument.uri);
  if (!result) return null;
  const { analysis } = result;
  if (sideOf(params.textDocument.uri, result) === 'sidecar') {
    return toLspHover(sidecarHover(analysis, analysis.sidecarLines.offsetAt(params.position)), analysis.sidecarLines);
  }
  return toLspHover(articleHover(analysis, analysis.articleLines.offsetAt(params.position)), analysis.articleLines);
});

connection.languages.semanticTokens.on(async (params) => {
  const result = await workspace.analysisOf(params.textDocument.uri);
  if (!result || sideOf(params.textDocument.uri, result) !== 'article') return { data: [] };
  return { data: encodeTokens(articleTokens(result.analysis), result.analysis) };
});

connection.languages.semanticTokens.onRange(async (params) => {
  const result = await workspace.analysisOf(params.textDocument.uri);
  if (!result || sideOf(params.textDocument.uri, result) !== 'article') return { data: [] };
  const span = result.analysis.articleLines.spanOf(params.range);
  return { data: encodeTokens(articleTokens(result.analysis, span), result.analysis, span) };
});

/** The URIs of both files of a pair, as the client knows them. */
function urisOf(result: PairAnalysis): PairUris {
  return {
    article: workspace.uriOf(result.article),
    sidecar: result.sidecar ? workspace.uriOf(result.sidecar) : undefined,
  };
}

/** The analysis of a document's pair, which side the document is, and the offset of a position. */
async function locate(
  uri: string,
  position?: Position,
): Promise<{ result: PairAnalysis; side: 'article' | 'sidecar'; offset: number } | undefined> {
  const result = await workspace.analysisOf(uri);
  if (!result) return undefined;
  const side = sideOf(uri, result);
  const lines = side === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
  return { result, side, offset: position ? lines.offsetAt(position) : 0 };
}

connection.onDefinition(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  return found ? definition(found.result, urisOf(found.result), found.side, found.offset) : null;
});

connection.onReferences(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  if (!found) return [];
  return references(found.result, urisOf(found.result), found.side, found.offset, params.context.includeDeclaration);
});

connection.onPrepareRename(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  return found ? prepareRename(found.result, found.side, found.offset) : null;
});

connection.onRenameRequest(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  if (!found) return null;
  const uris = urisOf(found.result);
  const version = uris.sidecar ? (documents.get(uris.sidecar)?.version ?? null) : null;
  try {
    return rename(found.result, uris, found.side, found.offset, params.newName, version);
  } catch (error) {
    if (error instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw error;
  }
});

connection.onDocumentSymbol(async (params) => {
  const found = await locate(params.textDocument.uri);
  return found ? documentSymbols(found.result, found.side) : [];
});

connection.onCodeLens(async (params) => {
  const found = await locate(params.textDocument.uri);
  return found ? lenses(found.result, found.side, urisOf(found.result)) : [];
});

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const found = await locate(params.textDocument.uri, params.position);
  if (!document || found?.side !== 'sidecar') return [];
  return completions(found.result, document.getText(), document.offsetAt(params.position));
});

/** The sidecar of a pair as edits must see it: its text now, its version, and its URI. */
function sidecarTargetOf(result: PairAnalysis): { text: string; target: SidecarTarget } | undefined {
  if (!result.sidecar || !result.analysis.parsedSidecar) return undefined;
  const uri = workspace.uriOf(result.sidecar);
  const document = documents.get(uri);
  // Edits are computed against the text the analysis parsed, which is the open buffer when
  // there is one; the version makes the editor refuse them if the buffer changed since.
  return {
    text: result.analysis.parsedSidecar.source,
    target: {
      uri,
      version: document?.version ?? null,
      lines: result.analysis.sidecarLines,
      documentChanges: canUseDocumentChanges,
    },
  };
}

connection.onCodeAction(async (params) => {
  const found = await locate(params.textDocument.uri);
  if (!found) return [];
  const sidecar = sidecarTargetOf(found.result);
  if (!sidecar) return [];
  return codeActions({
    result: found.result,
    side: found.side,
    sidecarText: sidecar.text,
    target: sidecar.target,
    diagnostics: params.context.diagnostics,
    only: params.context.only,
    pickerCommand: clientHasSpeakerPicker,
    articleUri: workspace.uriOf(found.result.article),
  });
});

/** Applies an edit to the sidecar through the client; says whether it was applied. */
async function applySidecarEdit(label: string, edit: WorkspaceEdit): Promise<{ applied: boolean; reason?: string }> {
  const response = await connection.workspace.applyEdit({ label, edit });
  return { applied: response.applied, ...(response.failureReason ? { reason: response.failureReason } : {}) };
}

connection.onExecuteCommand(async (params) => {
  const argument = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
  if (params.command === ATTRIBUTE_COMMAND) {
    const { articleUri, quoteStart, speaker } = argument as { articleUri: string; quoteStart: number; speaker: string };
    const result = await workspace.analysisOf(articleUri);
    const quote = result?.analysis.quotes.find((q) => q.outer.start === quoteStart && q.unattributed);
    const sidecar = result && sidecarTargetOf(result);
    if (!result || !quote || !sidecar || !result.analysis.sidecar?.entityById.has(speaker)) {
      return { applied: false, reason: 'The quote or the speaker is no longer there.' };
    }
    const entity = result.analysis.sidecar.entityById.get(speaker)!;
    // The picker never offers a place; a stale or hand-made argument must not write one either.
    if (entity.type === 'place') return { applied: false, reason: `'${speaker}' is a place, which cannot speak.` };
    const edits = attributionEdits(sidecar.text, result.analysis, quote, speaker);
    if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
    return applySidecarEdit(`Attribute to ${entity.name?.text ?? speaker}`, sidecarEdit(sidecar.target, edits));
  }
  if (params.command === ANNOTATE_COMMAND) {
    const { uri, words, type, entity } = argument as {
      uri: string;
      words: string;
      type: AnnotationType;
      entity?: string;
    };
    return annotate(uri, words, type, entity);
  }
  return { applied: false, reason: `Unknown command ${params.command}.` };
});

/**
 * "Annotate as person / place / organization": adds the selected words to the article's
 * sidecar, creating the sidecar first when the article has none.
 */
async function annotate(
  uri: string,
  words: string,
  type: AnnotationType,
  entity: string | undefined,
): Promise<{ applied: boolean; reason?: string }> {
  const result = await workspace.analysisOf(uri);
  const label = `Annotate '${words.replace(/\s+/gu, ' ').trim()}' as ${entity ? `an alias of ${entity}` : type}`;
  if (result && sideOf(uri, result) === 'article') {
    const sidecar = sidecarTargetOf(result);
    if (sidecar) {
      const edits = annotationEdits(sidecar.text, result.analysis, words, type, entity);
      if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
      return applySidecarEdit(label, sidecarEdit(sidecar.target, edits));
    }
  }
  const file = ArticleWorkspace.pathOf(uri);
  const document = documents.get(uri);
  if (!file || !document)
    return { applied: false, reason: 'Save the article first: its sidecar is a file next to it.' };
  const settings = await settingsFor(uri);
  if (roleOf(portable(file), settings.sidecarSuffix) !== 'article') {
    return { applied: false, reason: 'Only words in an article can be annotated.' };
  }
  const sidecarFile = native(sidecarPathFor(portable(file), settings.sidecarSuffix));
  if (!canCreateFiles || !canUseDocumentChanges) {
    return {
      applied: false,
      reason: 'This editor cannot create files through the language server: create the sidecar first.',
    };
  }
  if (await workspace.exists(sidecarFile)) {
    return { applied: false, reason: 'The sidecar could not be read; fix it and try again.' };
  }
  // A new sidecar: the skeleton with the language guessed, and the new entity in it.
  const skeleton = sidecarSkeleton(path.basename(file), document.getText(), settings.analysis.language);
  const text = applyEdits(skeleton, annotationEdits(skeleton, undefined, words, type, undefined));
  const sidecarUri = workspace.uriOf(sidecarFile);
  return applySidecarEdit(label, {
    documentChanges: [
      { kind: 'create', uri: sidecarUri, options: { ignoreIfExists: true } },
      {
        textDocument: { uri: sidecarUri, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }],
      },
    ],
  });
}

/** The entities of an article's sidecar, for the client's pickers. */
connection.onRequest('articleAnnotations/entities', async (params: { uri: string }) => {
  const result = await workspace.analysisOf(params.uri);
  return (result?.analysis.sidecar?.entities ?? []).map((entity) => ({
    id: entity.id,
    name: entity.name?.text ?? entity.id,
    type: entity.type,
    description: entity.description ?? '',
  }));
});

connection.onRequest('articleAnnotations/status', async (params: StatusParams) => {
  const result = await workspace.analysisOf(params.uri);
  return result ? statusOf(result, workspace) : null;
});

/** The path and text of a new sidecar for an article, for the "create sidecar" command. */
connection.onRequest('articleAnnotations/sidecarSkeleton', async (params: { uri: string }) => {
  const file = ArticleWorkspace.pathOf(params.uri);
  const document = documents.get(params.uri);
  if (!file || !document) return null;
  const settings = await settingsFor(params.uri);
  if (roleOf(portable(file), settings.sidecarSuffix) !== 'article') return null;
  const sidecar = native(sidecarPathFor(portable(file), settings.sidecarSuffix));
  return {
    uri: workspace.uriOf(sidecar),
    text: sidecarSkeleton(path.basename(file), document.getText(), settings.analysis.language),
  };
});

process.on('uncaughtException', logError);
process.on('unhandledRejection', logError);

connection.onShutdown(() => idleCollector.cancel());

documents.listen(connection);
connection.listen();
