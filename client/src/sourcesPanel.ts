/**
 * The Sources panel: a webview beside the editor with the sources report of the active article,
 * its folder or the workspace, as the server computes and renders it
 * (articleAnnotations/sourcesReport). The page posts the scope chosen and the speaker whose
 * quotes to list; the list is a quick pick, and the quote picked opens at its words. The panel
 * follows the active article, and asks again when the server says its analysis changed, while
 * it is visible.
 */

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SourcesReportRequest,
  SpeakerQuotesRequest,
  type ReportScope,
  type SourcesReport,
  type SpeakerQuote,
} from '../../server/src/protocol';

export const SHOW_SOURCES_REPORT_COMMAND = 'articleAnnotations.showSourcesReport';
const VIEW_TYPE = 'articleAnnotations.sourcesReport';
const TITLE = 'Sources Report';
/** How long the panel waits after the server's last change before it asks again. */
const REFRESH_DELAY_MS = 300;
/** A report that takes longer than this shows a progress notification. */
const PROGRESS_AFTER_MS = 500;

export interface SourcesPanelHost {
  client(): LanguageClient | undefined;
  /** Whether a document is one the server serves (an article or a sidecar). */
  serves(document: vscode.TextDocument): boolean;
}

type PageMessage = { type: 'scope'; scope: ReportScope } | { type: 'showQuotes'; speaker: string };

function isPageMessage(message: unknown): message is PageMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, scope, speaker } = message as Record<string, unknown>;
  if (type === 'scope') return scope === 'article' || scope === 'folder' || scope === 'workspace';
  return type === 'showQuotes' && typeof speaker === 'string';
}

class SourcesPanel {
  private panel: vscode.WebviewPanel | undefined;
  private scope: ReportScope = 'article';
  /** The article or sidecar the scope is seen from. */
  private uri: string | null = null;
  /** The report shown, to leave the page (its scroll and focus) alone when nothing changed. */
  private shown: string | undefined;
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: SourcesPanelHost) {}

  /** Opens the panel beside the editor, or reveals it, for the active article. */
  async show(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (document && this.host.serves(document)) this.uri = document.uri.toString();
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      this.scope = 'article';
      this.shown = undefined;
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
      );
      panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.refresh();
      });
      panel.webview.onDidReceiveMessage((message: unknown) => void this.received(message));
      this.panel = panel;
    }
    await this.update();
  }

  /** The active editor changed: the panel follows an article or sidecar. */
  editorChanged(editor: vscode.TextEditor | undefined): void {
    if (!editor || !this.host.serves(editor.document)) return;
    const uri = editor.document.uri.toString();
    if (uri === this.uri) return;
    this.uri = uri;
    if (this.scope !== 'workspace') this.refresh();
  }

  /** Asks again shortly, if the panel is visible; changes in a burst make one request. */
  refresh(): void {
    if (!this.panel?.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), REFRESH_DELAY_MS);
  }

  private async received(message: unknown): Promise<void> {
    if (!isPageMessage(message)) return;
    if (message.type === 'scope') {
      this.scope = message.scope;
      await this.update();
    } else {
      await this.showQuotes(message.speaker);
    }
  }

  private async update(): Promise<void> {
    const client = this.host.client();
    const panel = this.panel;
    if (!panel || !client?.isRunning()) return;
    const generation = ++this.generation;
    const nonce = randomBytes(16).toString('base64');
    const request = client.sendRequest(SourcesReportRequest, {
      scope: this.scope,
      uri: this.uri,
      nonce,
      cspSource: panel.webview.cspSource,
    });
    let result: SourcesReport;
    try {
      result = await withSlowProgress(request, `Counting who gets quoted in ${scopeName(this.scope)}…`);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Article Annotations: the sources report failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    if (generation !== this.generation || this.panel !== panel) return;
    // The scope may fall back to the workspace when no article is at hand.
    this.scope = result.scope;
    const key = JSON.stringify([result.scope, result.scopeLabel, result.report]);
    if (key === this.shown) return;
    this.shown = key;
    panel.title = `${TITLE}: ${result.scope === 'workspace' ? 'Workspace' : result.scopeLabel}`;
    panel.webview.html = result.html;
  }

  /** A quick pick of a speaker's quotes in the scope; the one picked opens at its words. */
  private async showQuotes(speaker: string): Promise<void> {
    const client = this.host.client();
    if (!client) return;
    const found = await client.sendRequest(SpeakerQuotesRequest, { scope: this.scope, uri: this.uri, speaker });
    if (found.quotes.length === 0) {
      void vscode.window.showInformationMessage('No quote of this speaker is left in the scope.');
      return;
    }
    type QuoteItem = vscode.QuickPickItem & { quote: SpeakerQuote };
    const items: QuoteItem[] = found.quotes.map((quote) => ({
      label: `„${quote.text}“`,
      description: `${quote.article} · line ${quote.range.start.line + 1}`,
      quote,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Quotes of ${found.name ?? speaker} (${found.quotes.length})`,
      placeHolder: 'Pick a quote to open it in its article',
      matchOnDescription: true,
    });
    if (!picked) return;
    const { uri, range } = picked.quote;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const selection = new vscode.Range(
      new vscode.Position(range.start.line, range.start.character),
      new vscode.Position(range.end.line, range.end.character),
    );
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection, preview: false });
  }
}

function scopeName(scope: ReportScope): string {
  return scope === 'article' ? 'the article' : scope === 'folder' ? 'the folder' : 'the workspace';
}

/** The request's answer; a progress notification shows while it takes long. */
async function withSlowProgress<T>(request: Promise<T>, title: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), PROGRESS_AFTER_MS);
  });
  const first = await Promise.race([request.then(() => 'done' as const), slow]).finally(() => clearTimeout(timer));
  if (first === 'done') return request;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => request);
}

export function registerSourcesPanel(context: vscode.ExtensionContext, host: SourcesPanelHost): { refresh(): void } {
  const panel = new SourcesPanel(host);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_SOURCES_REPORT_COMMAND, () => panel.show()),
    vscode.window.onDidChangeActiveTextEditor((editor) => panel.editorChanged(editor)),
  );
  return { refresh: () => panel.refresh() };
}
