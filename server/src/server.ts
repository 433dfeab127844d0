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
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { roleOf, sidecarPathFor, sidecarSkeleton } from './core';
import { toLspDiagnostic } from './features/diagnostics';
import { articleHover, sidecarHover, toLspHover } from './features/hover';
import { articleTokens, encodeTokens, SEMANTIC_TOKENS_LEGEND } from './features/semanticTokens';
import { statusOf, type StatusParams } from './features/status';
import type { PairAnalysis } from './files';
import { native, portable } from './files';
import { DEFAULT_SERVER_SETTINGS, readSettings, type ServerSettings } from './settings';
import { ArticleWorkspace } from './workspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canReadConfiguration = false;
let canRefreshTokens = false;
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
  canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  initialSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  workspaceFolders = (params.workspaceFolders ?? [])
    .map((folder) => ArticleWorkspace.pathOf(folder.uri))
    .filter((folder): folder is string => folder !== undefined);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
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
// ones cost a lookup) and publish what changed. Changes in quick succession are coalesced.
let refreshTimer: NodeJS.Timeout | undefined;
let refreshRunning: Promise<void> | undefined;
let refreshAgain = false;
const published = new Map<string, string>();
const lastAnalysis = new Map<string, PairAnalysis>();

function scheduleRefresh(): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    if (refreshRunning) {
      refreshAgain = true;
      return;
    }
    refreshRunning = refresh()
      .catch(logError)
      .finally(() => {
        refreshRunning = undefined;
        if (refreshAgain) {
          refreshAgain = false;
          scheduleRefresh();
        }
      });
  }, 15);
}

async function refresh(): Promise<void> {
  const diagnostics = new Map<string, Diagnostic[]>();
  let tokensChanged = false;
  const seen = new Map<string, PairAnalysis>();
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
    }
    const articleUri = workspace.uriOf(result.article);
    const sidecarUri = result.sidecar ? workspace.uriOf(result.sidecar) : undefined;
    // An article gets the diagnostics of the pair it belongs to itself: a second sidecar that
    // names it reports its own problems, not the article's a second time; and an article that
    // does not exist gets nothing.
    const ownsArticle =
      (await workspace.exists(result.article)) && (await workspace.pairOf(articleUri))?.pair.sidecar === result.sidecar;
    if (ownsArticle && !diagnostics.has(articleUri)) diagnostics.set(articleUri, []);
    if (sidecarUri && !diagnostics.has(sidecarUri)) diagnostics.set(sidecarUri, []);
    for (const { file, diagnostic } of result.diagnostics) {
      if (file === result.article && !ownsArticle) continue;
      const lines = diagnostic.target === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
      diagnostics.get(workspace.uriOf(file))?.push(toLspDiagnostic(diagnostic, lines));
    }
  }
  for (const key of lastAnalysis.keys()) if (!seen.has(key)) lastAnalysis.delete(key);
  for (const [uri, list] of diagnostics) {
    const signature = JSON.stringify(list);
    if (published.get(uri) === signature) continue;
    published.set(uri, signature);
    await connection.sendDiagnostics({ uri, diagnostics: list });
  }
  // Files that are in no open pair any more (closed, or their sidecar was deleted) are cleared.
  for (const uri of [...published.keys()]) {
    if (diagnostics.has(uri)) continue;
    published.delete(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  if (tokensChanged && canRefreshTokens) void connection.languages.semanticTokens.refresh();
  void connection.sendNotification('articleAnnotations/analysisChanged', {});
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

documents.listen(connection);
connection.listen();
