#!/usr/bin/env node
/**
 * The Article Annotations language server: connection, capabilities, document sync and
 * handler registration. Handlers are a few lines each: find the document's analysis, call a
 * feature function, return LSP types. Run it with `--stdio` or `--node-ipc`.
 */

import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  WatchKind,
  TextDocumentSyncKind,
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions,
  FIX_ALL_KIND,
  resolveCodeAction,
  wikidataLinkAction,
  type CurrentSidecar,
  type SidecarTarget,
} from './features/codeActions';
import {
  entityChoices,
  executeCommand,
  removalTargets,
  annotationChoicesFor,
  SERVER_COMMANDS,
  skeletonFor,
  type CommandHost,
} from './features/commands';
import { DiagnosticPublications, type DiagnosticEntry } from './features/diagnostics';
import { articleHover, sidecarHover, toLspHover, type FactsView } from './features/hover';
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
import { quoteList, speakerChoices } from './features/quotes';
import { speakerQuotes, sourcesReport, type SourcesReportHost } from './features/sourcesReport';
import { statusOf } from './features/status';
import { linkWikidata, wikidataCandidates, type WikidataLinkHost } from './features/wikidataLink';
import { analysedCharsOf, pairKeyOf, portable, type PairAnalysis } from './files';
import { IdleCollector } from './idleCollection';
import { KeptFactsFiles } from './keptFacts';
import {
  AnalysisChangedNotification,
  AnnotationChoicesRequest,
  EntitiesRequest,
  LINK_WIKIDATA_COMMAND,
  QuotesRequest,
  RemovalTargetsRequest,
  SidecarSkeletonRequest,
  SourcesReportRequest,
  SpeakerChoicesRequest,
  SpeakerQuotesRequest,
  StatusRequest,
  WikidataCandidatesRequest,
} from './protocol';
import { RefreshScheduler } from './refreshScheduler';
import { DEFAULT_SERVER_SETTINGS, readSettings, type ServerSettings } from './settings';
import { ArticleWorkspace, LARGE_PAIR_CHARS, LARGE_PAIR_TURNS } from './workspace';
import { WorkspaceIndex } from './workspaceIndex';
import {
  corpusReferences,
  isShared,
  keyAt,
  keyOf,
  registryLenses,
  renameAcross,
  renameTargets,
  sharingActions,
  workspaceSymbols,
  type CorpusFilesHost,
} from './features/corpus';
import { indexRecord, unusedEntityDiagnostics, WIKIDATA_FILE_NAME, type Entity } from './core';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canReadConfiguration = false;
let canRefreshTokens = false;
let canRefreshLenses = false;
let clientHasSpeakerPicker = false;
let clientHasWikidataPicker = false;
let clientConfirmsRemovals = false;
let canUseDocumentChanges = true;
let canResolveEdits = false;
let canCreateFiles = true;
let canWatchFiles = false;
let canShowProgress = false;
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
/** The facts kept in each workspace folder's `wikidata.ann.json`, for the hover cards. */
const keptFacts = new KeptFactsFiles(workspace, (message) =>
  connection.console.info(`article-annotations: ${message}`),
);

/** The workspace folder that holds a file, or the file's own folder: settings are per folder. */
function folderFor(file: string): string {
  if (workspaceFolders.includes(file)) return file;
  return workspace.folderOf(file) ?? path.dirname(file);
}

const index = new WorkspaceIndex({
  workspace,
  // The index reads thousands of files: one settings request per workspace folder, not per file.
  settingsFor: (file) => settingsFor(pathToFileURL(folderFor(file)).href),
  async beginProgress(title) {
    if (!canShowProgress) return { report: () => undefined, done: () => undefined };
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin(title, 0, undefined, false);
    return { report: (percentage, message) => progress.report(percentage, message), done: () => progress.done() };
  },
  changed: () => {
    scheduleRefresh();
    // The counts above a registry's entities come from the index.
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh');
  },
  // Open articles that a sidecar names with its `article:` key pair with it now.
  paired: () => scheduleRefresh(),
  log: (error) => logError(error),
});

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  canReadConfiguration = capabilities.workspace?.configuration === true;
  canRefreshTokens = capabilities.workspace?.semanticTokens?.refreshSupport === true;
  canRefreshLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canShowProgress = capabilities.window?.workDoneProgress === true;
  const options = params.initializationOptions as
    { settings?: unknown; speakerPicker?: boolean; confirmRemovals?: boolean; wikidataPicker?: boolean } | undefined;
  initialSettings = options?.settings;
  // Our VS Code client offers a picker of speakers; other editors get one action per speaker.
  clientHasSpeakerPicker = options?.speakerPicker === true;
  // Our VS Code client searches Wikidata and offers the candidates in a picker (Link to
  // Wikidata…); other editors get them as the buttons of a message.
  clientHasWikidataPicker = options?.wikidataPicker === true;
  // Our VS Code client lists the quotes that name an entity and asks before removing it.
  clientConfirmsRemovals = options?.confirmRemovals === true;
  canUseDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  canResolveEdits =
    capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true &&
    capabilities.textDocument.codeAction.dataSupport === true;
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
      workspaceSymbolProvider: true,
      documentSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: [':', ' '] },
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
        resolveProvider: true,
      },
      executeCommandProvider: { commands: [...SERVER_COMMANDS, LINK_WIKIDATA_COMMAND] },
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
      watchers: [
        { globPattern: '**/*.{yaml,txt,md,markdown}' },
        // The facts kept for the hover cards.
        { globPattern: `**/${WIKIDATA_FILE_NAME}` },
        // Deleted folders too: their files go without events of their own.
        { globPattern: '**/*', kind: WatchKind.Delete },
      ],
    });
  }
  indexWorkspace();
});

/**
 * Builds the workspace index in the background: at start-up, and again when the settings
 * change (the sidecar suffix among them). Its one walk of the folders also finds the sidecars
 * that name their article for the workspace's pairing (see `IndexHost.paired`).
 */
function indexWorkspace(): void {
  workspace.setFolders(workspaceFolders);
  void index.build(workspaceFolders).catch(logError);
}

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

/**
 * How often a refresh analyses the open pairs while changes keep coming, before it publishes
 * anyway (the changes get a refresh of their own after it).
 */
const MAX_ANALYSIS_PASSES = 3;

function scheduleRefresh(): void {
  refreshes.schedule();
}

async function refresh(): Promise<void> {
  // Per document: the version of the text analysed, if it is open, and its diagnostics.
  const diagnostics = new Map<string, { version: number | undefined; entries: DiagnosticEntry[] }>();
  const seen = new Map<string, PairAnalysis>();
  // First pair every open document, which also indexes the `article:` keys of open sidecars,
  // so that the ownership check below sees every pair. Each analysis reads the texts as they are
  // when it runs, and the connection reads messages between them: when a change came meanwhile,
  // the pairs read before it would be published beside those read after, so the analyses are
  // done again (cached ones cost a lookup), a few times at most, until none came.
  for (let pass = 1; ; pass++) {
    const changes = refreshes.changeCount;
    seen.clear();
    for (const document of workspace.openDocuments()) {
      const result = await workspace.analysisOf(document.uri);
      if (result) seen.set(pairKeyOf(result), result);
    }
    if (refreshes.changeCount === changes || pass === MAX_ANALYSIS_PASSES) break;
  }
  // A document closed while those analyses ran leaves its pair unshown: published now, the
  // analysis would show problems of a file that may be gone (a sidecar closed unsaved).
  for (const [pairKey, result] of seen) {
    if (!workspace.isOpen(result.article) && !(result.sidecar && workspace.isOpen(result.sidecar)))
      seen.delete(pairKey);
  }
  // The pairs analysed anew since the last refresh, and how much text that was.
  const analysedAnew = [...seen].filter(([pairKey, result]) => lastAnalysis.get(pairKey) !== result);
  const analysedChars = analysedAnew.reduce((chars, [, result]) => chars + analysedCharsOf(result), 0);
  // After a large pair's analysis, the requests that waited for it (a hover as the file opens)
  // are answered before its diagnostics are converted and sent.
  if (analysedAnew.some(([, result]) => analysedCharsOf(result) >= LARGE_PAIR_CHARS))
    await workspace.turns(LARGE_PAIR_TURNS);
  for (const [pairKey, result] of analysedAnew) {
    lastAnalysis.set(pairKey, result);
    index.analysed(result);
  }
  const tokensChanged = analysedAnew.length > 0;
  for (const [, result] of seen) {
    const articleUri = workspace.uriOf(result.article);
    const sidecarUri = result.sidecar ? workspace.uriOf(result.sidecar) : undefined;
    // An article gets the diagnostics of the pair it belongs to itself: a second sidecar that
    // names it reports its own problems, not the article's a second time; and an article that
    // does not exist gets nothing.
    const owner = (await workspace.pairOf(articleUri))?.pair;
    const ownsArticle =
      (await workspace.exists(result.article)) &&
      owner !== undefined &&
      (owner.sidecarMissing ? result.sidecar === undefined : owner.sidecar === result.sidecar);
    if (ownsArticle && !diagnostics.has(articleUri)) {
      diagnostics.set(articleUri, { version: workspace.versionRead(result, result.article), entries: [] });
    }
    if (sidecarUri && !diagnostics.has(sidecarUri)) {
      diagnostics.set(sidecarUri, { version: workspace.versionRead(result, result.sidecar), entries: [] });
    }
    // The URIs of the pair's two files, worked out once rather than for each of thousands of diagnostics.
    const uriOf = (file: string): string =>
      file === result.article ? articleUri : file === result.sidecar && sidecarUri ? sidecarUri : workspace.uriOf(file);
    const hints =
      result.registry && index.complete && result.analysis.parsedSidecar
        ? unusedEntityDiagnostics(
            result.analysis.parsedSidecar,
            (id) => index.corpus.isUsed(`${result.sidecar!}#${id}`),
            'the workspace',
          ).map((diagnostic) => ({
            file: result.sidecar!,
            diagnostic,
          }))
        : [];
    for (const { file, diagnostic } of [...result.diagnostics, ...hints]) {
      if (file === result.article && !ownsArticle && !result.registry) continue;
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
  void connection.sendNotification(AnalysisChangedNotification, {});
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
  // What was read of the files is forgotten, and a refresh scheduled, before anything is awaited:
  // a refresh that reads a message after this one must not read these files as they were.
  for (const change of params.changes) workspace.forgetDiskText(change.uri, change.type === FileChangeType.Deleted);
  scheduleRefresh();
  for (const change of params.changes)
    await workspace.learnChangedFile(change.uri, change.type === FileChangeType.Deleted);
  scheduleRefresh();
  // The index catches up in the background: a registry changed means every article below it.
  for (const change of params.changes) {
    const file = ArticleWorkspace.pathOf(change.uri);
    if (file) void index.fileChanged(file, change.type === FileChangeType.Deleted).catch(logError);
  }
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
  indexWorkspace();
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
  const corpus = {
    usageOf: (entity: Entity) => {
      const key = keyOf(result, entity);
      return isShared(result, key) ? index.corpus.usage(key, 3, result.article) : undefined;
    },
    building: !index.complete,
    uriOf: (file: string) => workspace.uriOf(file),
  };
  const kept = await keptFacts.factsFor(result.article);
  const facts: FactsView = {
    file: kept.exists ? kept.file : undefined,
    ...(kept.unusable ? { unusable: kept.unusable } : {}),
    images: (await settingsFor(params.textDocument.uri)).hover.images,
  };
  if (sideOf(params.textDocument.uri, result) === 'sidecar') {
    const offset = analysis.sidecarLines.offsetAt(params.position);
    return toLspHover(sidecarHover(analysis, offset, corpus, facts), analysis.sidecarLines);
  }
  const offset = analysis.articleLines.offsetAt(params.position);
  return toLspHover(articleHover(analysis, offset, corpus, facts), analysis.articleLines);
});

connection.onWorkspaceSymbol((params) =>
  workspaceSymbols(
    index.corpus,
    params.query,
    (file) => workspace.uriOf(file),
    (file) => portable(path.relative(folderFor(file), file)),
  ),
);

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
    uriOf: (file) => workspace.uriOf(file),
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
  const { includeDeclaration } = params.context;
  const local = references(found.result, urisOf(found.result), found.side, found.offset, includeDeclaration);
  const key = keyAt(found.result, found.side, found.offset);
  if (!key || !isShared(found.result, key)) return local;
  return corpusReferences(index.corpus, key, includeDeclaration, (file) => workspace.uriOf(file), local);
});

connection.onPrepareRename(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  return found ? prepareRename(found.result, found.side, found.offset) : null;
});

/** The files of the workspace as the corpus features see them (features/corpus.ts). */
const corpusFiles: CorpusFilesHost = {
  corpus: () => index.corpus,
  uriOf: (file) => workspace.uriOf(file),
  openVersion: (uri) => workspace.openDocument(uri)?.version,
  async settingsOf(uri) {
    const settings = await settingsFor(uri);
    return { suffix: settings.sidecarSuffix, maxFileSize: settings.analysis.maxFileSize };
  },
  currentText: (file, maxFileSize) => workspace.currentText(file, maxFileSize),
  folderFor,
  get canUseDocumentChanges() {
    return canUseDocumentChanges;
  },
  get canCreateFiles() {
    return canCreateFiles;
  },
};

connection.onRenameRequest(async (params) => {
  const found = await locate(params.textDocument.uri, params.position);
  if (!found) return null;
  const uris = urisOf(found.result);
  const version = uris.sidecar ? (workspace.openDocument(uris.sidecar)?.version ?? null) : null;
  try {
    const key = keyAt(found.result, found.side, found.offset);
    if (key && isShared(found.result, key))
      return renameAcross(key, params.newName, await renameTargets(corpusFiles, key, found.result));
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
  if (found?.result.registry) {
    return registryLenses(found.result, index.corpus, !index.complete, (file) => workspace.uriOf(file));
  }
  return found ? lenses(found.result, found.side, urisOf(found.result)) : [];
});

connection.onCompletion(async (params) => {
  const document = workspace.openDocument(params.textDocument.uri);
  const found = await locate(params.textDocument.uri, params.position);
  if (!document || found?.side !== 'sidecar') return [];
  return completions(found.result, document.getText(), document.offsetAt(params.position), index.corpus.vocabulary);
});

/** The sidecar of a pair as edits must see it: its text now, its version, and its URI. */
function sidecarTargetOf(result: PairAnalysis): { text: string; target: SidecarTarget } | undefined {
  if (!result.sidecar || !result.analysis.parsedSidecar) return undefined;
  const uri = workspace.uriOf(result.sidecar);
  const document = workspace.openDocument(uri);
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
  const found = await locate(params.textDocument.uri, params.range.start);
  if (!found) return [];
  // An entity of a registry can be linked from an article that has no sidecar of its own.
  const link = wikidataLinkAction(
    found.result,
    found.side,
    found.offset,
    params.textDocument.uri,
    params.context.only,
    clientHasWikidataPicker,
  );
  const sidecar = sidecarTargetOf(found.result);
  if (!sidecar) return link ? [link] : [];
  const shared = await sharingActions(corpusFiles, found.result, found.side, found.offset, params.context.only);
  const actions = codeActions({
    result: found.result,
    side: found.side,
    sidecarText: sidecar.text,
    target: sidecar.target,
    diagnostics: params.context.diagnostics,
    only: params.context.only,
    pickerCommand: clientHasSpeakerPicker,
    resolveClosedEdits: canResolveEdits,
    articleUri: workspace.uriOf(found.result.article),
    offset: found.offset,
    confirmRemovals: clientConfirmsRemovals,
  });
  return [...actions, ...shared, ...(link ? [link] : [])];
});

/** The sidecar as it is now, open or on disk, for checking an edit before it is made. */
async function currentSidecar(uri: string): Promise<CurrentSidecar | undefined> {
  const file = ArticleWorkspace.pathOf(uri);
  if (!file) return undefined;
  return workspace.currentText(file, (await settingsFor(uri)).analysis.maxFileSize);
}

connection.onCodeActionResolve(async (action) => {
  const uri = (action.data as { sidecar?: unknown } | undefined)?.sidecar;
  const current = typeof uri === 'string' ? await currentSidecar(uri) : undefined;
  const resolved = resolveCodeAction(action, current, canUseDocumentChanges);
  if (resolved.refusal) {
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: resolved.refusal,
    });
    scheduleRefresh();
  }
  return resolved.action;
});

/** The server as the commands see it (features/commands.ts). */
const commandHost: CommandHost = {
  analysisOf: (uri) => workspace.analysisOf(uri),
  sideOf,
  sidecarTargetOf,
  async sidecarUnchanged(result) {
    const parsed = result.analysis.parsedSidecar;
    if (!result.sidecar || !parsed) return false;
    const current = await currentSidecar(workspace.uriOf(result.sidecar));
    if (current?.text === parsed.source) return true;
    scheduleRefresh();
    return false;
  },
  openText: (uri) => workspace.openDocument(uri)?.getText(),
  pathOf: (uri) => ArticleWorkspace.pathOf(uri),
  uriOf: (file) => workspace.uriOf(file),
  exists: (file) => workspace.exists(file),
  settingsFor,
  get canCreateFiles() {
    return canCreateFiles && canUseDocumentChanges;
  },
  async applyEdit(label, edit) {
    const response = await connection.workspace.applyEdit({ label, edit });
    return { applied: response.applied, ...(response.failureReason ? { reason: response.failureReason } : {}) };
  },
};

/** One of `choices`, as the buttons of a message; undefined when the message is dismissed. */
async function chooseByMessage(message: string, choices: string[]): Promise<string | undefined> {
  const chosen = await connection.window.showInformationMessage(message, ...choices.map((title) => ({ title })));
  return chosen?.title;
}

/** The server as Link to Wikidata… sees it (features/wikidataLink.ts). */
const wikidataHost: WikidataLinkHost = {
  analysisOf: (uri) => workspace.analysisOf(uri),
  sideOf,
  settingsFor,
  uriOf: (file) => workspace.uriOf(file),
  async currentText(file, maxBytes) {
    return workspace.currentText(file, maxBytes ?? (await settingsFor(workspace.uriOf(file))).analysis.maxFileSize);
  },
  factsPathFor: (file) => keptFacts.pathFor(file),
  keptLabels: async (file) => (await keptFacts.factsFor(file)).file.labels,
  get documentChanges() {
    return canUseDocumentChanges;
  },
  get canCreateFiles() {
    return canCreateFiles;
  },
  applyEdit: (label, edit) => commandHost.applyEdit(label, edit),
  offered: { items: new Map(), labels: {} },
  // Editors without our picker choose among the buttons of a message, and read why in one.
  get choose() {
    return clientHasWikidataPicker ? undefined : chooseByMessage;
  },
  tell(message) {
    if (!clientHasWikidataPicker) void connection.window.showWarningMessage(`Article Annotations: ${message}`);
  },
};

connection.onExecuteCommand((params) =>
  params.command === LINK_WIKIDATA_COMMAND
    ? linkWikidata(wikidataHost, params.arguments?.[0])
    : executeCommand(commandHost, params.command, params.arguments?.[0]),
);
connection.onRequest(WikidataCandidatesRequest, (params) => wikidataCandidates(wikidataHost, params));
connection.onRequest(EntitiesRequest, (params) => entityChoices(commandHost, params.uri));
connection.onRequest(SidecarSkeletonRequest, (params) => skeletonFor(commandHost, params.uri));
connection.onRequest(RemovalTargetsRequest, (params) => removalTargets(commandHost, params));
connection.onRequest(AnnotationChoicesRequest, (params) => annotationChoicesFor(commandHost, params));
connection.onRequest(StatusRequest, async (params) => {
  const result = await workspace.analysisOf(params.uri);
  return result ? statusOf(result, workspace) : null;
});

connection.onRequest(QuotesRequest, async (params) => {
  const result = await workspace.analysisOf(params.uri);
  return result ? quoteList(result, workspace.uriOf(result.article)) : null;
});
connection.onRequest(SpeakerChoicesRequest, async (params) => {
  const result = await workspace.analysisOf(params.articleUri);
  return result ? speakerChoices(result, params) : null;
});

/** The server as the Sources panel's requests see it (features/sourcesReport.ts). */
const reportHost: SourcesReportHost = {
  async recordOf(uri) {
    const result = await workspace.analysisOf(uri);
    if (!result || result.registry) return undefined;
    return indexRecord(result.analysis, result.article, result.sidecar);
  },
  *indexedRecords() {
    for (const summary of index.corpus.summaries()) yield summary.record;
  },
  get indexComplete() {
    return index.complete;
  },
  pathOf: (uri) => ArticleWorkspace.pathOf(uri),
  uriOf: (file) => workspace.uriOf(file),
  displayPath: (file) => portable(path.relative(folderFor(file), file)),
  async groupBy(uri) {
    const scope = uri ?? (workspaceFolders[0] ? pathToFileURL(workspaceFolders[0]).href : undefined);
    const settings = scope ? await settingsFor(scope) : readSettings(initialSettings ?? {});
    return settings.report.groupBy;
  },
};

connection.onRequest(SourcesReportRequest, (params) => sourcesReport(reportHost, params));
connection.onRequest(SpeakerQuotesRequest, (params) => speakerQuotes(reportHost, params));

process.on('uncaughtException', logError);
process.on('unhandledRejection', logError);

connection.onShutdown(() => idleCollector.cancel());

documents.listen(connection);
connection.listen();
