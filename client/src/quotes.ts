/**
 * The Quotes view in the Explorer and the review commands on the keyboard: the active article's
 * quotes as the server groups them (articleAnnotations/quotes), refreshed when the server says
 * its analysis changed and when another editor becomes active; never by polling. Every edit is
 * the server's: the view and the commands only name the quote and run the server's commands.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ATTRIBUTE_COMMAND,
  MARK_TERM_COMMAND,
  PICK_SPEAKER_COMMAND,
  QuotesRequest,
  SpeakerChoicesRequest,
  type AttributeArguments,
  type QuoteArguments,
  type QuoteGroupItem,
  type QuoteItem,
  type QuoteList,
} from '../../server/src/protocol';

export const QUOTES_VIEW = 'articleAnnotations.quotes';

/** Context keys for `when` clauses: an article or its sidecar is active; an article is. */
const PAIR_ACTIVE = 'articleAnnotations.pairActive';
const ARTICLE_ACTIVE = 'articleAnnotations.articleActive';

type QuoteNode = { group: QuoteGroupItem; quote?: undefined } | { group: QuoteGroupItem; quote: QuoteItem };

/** What the view needs of the extension: its language client and its way of running server commands. */
export interface QuotesHost {
  client(): LanguageClient | undefined;
  serverCommand(command: string, argument: AttributeArguments | QuoteArguments): Promise<void>;
}

const GROUP_ICONS: Record<QuoteGroupItem['kind'], string> = {
  unattributed: 'warning',
  anonymous: 'person',
  speaker: 'account',
  term: 'symbol-key',
};

function position(p: { line: number; character: number }): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

function range(r: QuoteItem['range']): vscode.Range {
  return new vscode.Range(position(r.start), position(r.end));
}

/** The quote's tree item's context value: the words the menus' `viewItem` clauses look for. */
function contextOf(quote: QuoteItem): string {
  return ['quote', quote.unattributed ? 'unattributed' : '', quote.suggestion ? 'suggested' : '']
    .filter(Boolean)
    .join(' ');
}

function descriptionOf(quote: QuoteItem): string {
  if (quote.unattributed) return quote.suggestion ? `suggested: ${quote.suggestion.name}` : 'needs a speaker';
  if (quote.anonymous) return quote.anonymous;
  return '';
}

class QuotesProvider implements vscode.TreeDataProvider<QuoteNode> {
  private readonly changed = new vscode.EventEmitter<QuoteNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  list: QuoteList | null = null;
  /** Each refresh's number: an answer that comes after a later request was sent is dropped. */
  private generation = 0;

  constructor(private readonly host: QuotesHost) {}

  /** Asks the server for the active document's quotes; keeps the list while no text editor is active. */
  async refresh(): Promise<QuoteList | null> {
    const editor = vscode.window.activeTextEditor;
    const client = this.host.client();
    if (!editor) return this.list;
    const generation = ++this.generation;
    let list: QuoteList | null = null;
    if (client?.isRunning()) {
      try {
        list = await client.sendRequest(QuotesRequest, { uri: editor.document.uri.toString() });
      } catch {
        list = null;
      }
    }
    if (generation !== this.generation) return this.list;
    this.list = list;
    void vscode.commands.executeCommand('setContext', PAIR_ACTIVE, list !== null);
    void vscode.commands.executeCommand(
      'setContext',
      ARTICLE_ACTIVE,
      list !== null && list.article === editor.document.uri.toString(),
    );
    this.changed.fire(undefined);
    return list;
  }

  getTreeItem(node: QuoteNode): vscode.TreeItem {
    if (!node.quote) {
      const { group } = node;
      const item = new vscode.TreeItem(
        group.name,
        group.kind === 'term' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      );
      // The id keeps a group open or closed across refreshes.
      item.id = `${group.kind}:${group.speaker?.id ?? ''}`;
      item.description = String(group.quotes.length);
      item.tooltip = `${group.name}: ${group.quotes.length} quote${group.quotes.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[group.kind]);
      item.contextValue = `group ${group.kind}`;
      return item;
    }
    const { quote } = node;
    const item = new vscode.TreeItem(quote.label, vscode.TreeItemCollapsibleState.None);
    item.description = descriptionOf(quote);
    item.tooltip = quote.text;
    item.contextValue = contextOf(quote);
    item.command = { command: REVEAL_COMMAND, title: 'Reveal Quote', arguments: [node] };
    return item;
  }

  getChildren(node?: QuoteNode): QuoteNode[] {
    if (!this.list) return [];
    if (!node) return this.list.groups.map((group) => ({ group }));
    if (node.quote) return [];
    return node.group.quotes.map((quote) => ({ group: node.group, quote }));
  }

  /** The unattributed quotes, in article order. */
  unattributed(list: QuoteList): QuoteItem[] {
    return list.groups
      .flatMap((group) => group.quotes)
      .filter((quote) => quote.unattributed)
      .sort((a, b) => a.start - b.start);
  }
}

const REVEAL_COMMAND = 'articleAnnotations.revealQuote';

/** Selects a quote's words in the article, opening it when needed. */
async function reveal(articleUri: string, quote: QuoteItem, preserveFocus: boolean): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(articleUri));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus, preview: false });
  const words = range(quote.selection);
  editor.selection = new vscode.Selection(words.start, words.end);
  editor.revealRange(range(quote.range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function isBefore(a: vscode.Position, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function registerQuotes(context: vscode.ExtensionContext, host: QuotesHost): { refresh(): void } {
  const provider = new QuotesProvider(host);
  const view = vscode.window.createTreeView(QUOTES_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  /** The quotes of the active article, fresh from the server, and the cursor in it. */
  const activeArticle = async () => {
    const editor = vscode.window.activeTextEditor;
    const list = await provider.refresh();
    if (!editor || !list || list.article !== editor.document.uri.toString()) {
      void vscode.window.showInformationMessage('Open an annotated article first.');
      return undefined;
    }
    return { editor, list };
  };

  /** The quote a command is about: the view's item it was run on, or the one under the cursor. */
  const quoteFor = async (node: QuoteNode | undefined) => {
    if (node?.quote && provider.list) return { articleUri: provider.list.article, quote: node.quote };
    const active = await activeArticle();
    if (!active) return undefined;
    const cursor = active.editor.selection.active;
    const quote = provider
      .unattributed(active.list)
      .find(
        (candidate) => !isBefore(cursor, candidate.range.start) && !isBefore(position(candidate.range.end), cursor),
      );
    if (!quote) {
      void vscode.window.showInformationMessage('Put the cursor into an unattributed quote first.');
      return undefined;
    }
    return { articleUri: active.list.article, quote };
  };

  const argumentsOf = (articleUri: string, quote: QuoteItem): QuoteArguments => ({
    articleUri,
    quoteStart: quote.start,
    quoteText: quote.text,
  });

  /** Next or previous unattributed quote after the cursor, round the end of the article. */
  const go = async (direction: 1 | -1) => {
    const active = await activeArticle();
    if (!active) return;
    const quotes = provider.unattributed(active.list);
    if (quotes.length === 0) {
      void vscode.window.showInformationMessage('Every quote in this article is attributed.');
      return;
    }
    const cursor = active.editor.selection.start;
    const target =
      direction === 1
        ? (quotes.find((quote) => isBefore(cursor, quote.range.start)) ?? quotes[0])
        : (quotes.filter((quote) => isBefore(position(quote.range.start), cursor) && !isWithin(cursor, quote)).pop() ??
          quotes[quotes.length - 1]);
    await reveal(active.list.article, target, false);
  };
  const isWithin = (cursor: vscode.Position, quote: QuoteItem): boolean =>
    !isBefore(cursor, quote.range.start) && isBefore(cursor, quote.range.end);

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(REVEAL_COMMAND, async (node: QuoteNode) => {
      if (node.quote && provider.list) await reveal(provider.list.article, node.quote, true);
    }),
    vscode.commands.registerCommand('articleAnnotations.nextUnattributedQuote', () => go(1)),
    vscode.commands.registerCommand('articleAnnotations.previousUnattributedQuote', () => go(-1)),
    vscode.commands.registerCommand('articleAnnotations.acceptSuggestedSpeaker', async (node?: QuoteNode) => {
      const found = await quoteFor(node);
      if (!found) return;
      const { articleUri, quote } = found;
      if (!quote.suggestion) {
        void vscode.window.showInformationMessage(
          'No speaker is suggested for this quote: choose one with "Attribute Quote…".',
        );
        return;
      }
      await host.serverCommand(ATTRIBUTE_COMMAND, { ...argumentsOf(articleUri, quote), speaker: quote.suggestion.id });
    }),
    vscode.commands.registerCommand('articleAnnotations.attributeQuoteFromView', async (node?: QuoteNode) => {
      const found = await quoteFor(node);
      const client = host.client();
      if (!found || !client) return;
      const choices = await client.sendRequest(SpeakerChoicesRequest, argumentsOf(found.articleUri, found.quote));
      if (!choices) {
        void vscode.window.showInformationMessage('The quote is no longer there, or has an attribution.');
        return;
      }
      await vscode.commands.executeCommand(PICK_SPEAKER_COMMAND, choices);
    }),
    vscode.commands.registerCommand('articleAnnotations.markAsTerm', async (node?: QuoteNode) => {
      const found = await quoteFor(node);
      if (found) await host.serverCommand(MARK_TERM_COMMAND, argumentsOf(found.articleUri, found.quote));
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void provider.refresh()),
  );
  return { refresh: () => void provider.refresh() };
}
