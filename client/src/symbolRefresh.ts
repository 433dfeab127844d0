/**
 * Keeps the Outline (and the breadcrumbs and sticky scroll, which share it) true when an
 * article's symbols change while its text does not: when its sidecar is edited, created or
 * deleted, or when the server pairs it only after answering (a sidecar that names the article
 * with `article:` is found once the folders are indexed).
 *
 * VS Code asks a document symbol provider again only when the document changes or when the
 * providers for it change; LSP has no request to refresh document symbols, and the VS Code API
 * no event for it. So when the server says its analysis changed and an article on screen is at
 * the version it had at the last such notification, this registers a second, empty provider
 * for the same documents, or removes it again: either way the set of providers changes, VS Code
 * discards its cached outline and asks the server, and the empty provider adds nothing.
 */

import * as vscode from 'vscode';

export class SymbolRefresh implements vscode.Disposable {
  private toggled: vscode.Disposable | undefined;
  /** The version of each visible document at the last notification. */
  private versions = new Map<string, number>();

  constructor(private readonly selector: vscode.DocumentSelector) {}

  /** After the server's analysis changed: asks for symbols again if a document on screen did not change. */
  analysisChanged(): void {
    const versions = new Map<string, number>();
    let unchanged = false;
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (vscode.languages.match(this.selector, document) === 0) continue;
      const uri = document.uri.toString();
      const last = this.versions.get(uri);
      versions.set(uri, document.version);
      // A document whose text changed is asked again by VS Code itself; one seen for the first
      // time may have been asked before the server could pair it.
      if (last === undefined || last === document.version) unchanged = true;
    }
    this.versions = versions;
    if (unchanged) this.toggle();
  }

  private toggle(): void {
    if (this.toggled) {
      this.toggled.dispose();
      this.toggled = undefined;
    } else {
      this.toggled = vscode.languages.registerDocumentSymbolProvider(this.selector, {
        provideDocumentSymbols: () => [],
      });
    }
  }

  dispose(): void {
    this.toggled?.dispose();
  }
}
