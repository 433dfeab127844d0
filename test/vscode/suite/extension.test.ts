/**
 * The extension in VS Code, on the German sample: it activates, and its language server's
 * diagnostics, hover cards and semantic tokens reach the editor through the VS Code API. The
 * server answers only once it has analysed the article, so every check polls with a deadline.
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'article-annotations.article-annotations';
const ARTICLE = path.resolve(__dirname, '../../../../samples/kim-putin.txt');
const UNATTRIBUTED = 'unattributed-quote';

/** Calls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
async function poll<T>(what: string, probe: () => PromiseLike<T | undefined> | T | undefined, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

interface DecodedToken {
  line: number;
  character: number;
  length: number;
  type: string;
  modifiers: string[];
}

/** Decodes LSP-style relative semantic token data with the provider's legend. */
function decode(tokens: vscode.SemanticTokens, legend: vscode.SemanticTokensLegend): DecodedToken[] {
  const result: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  const data = tokens.data;
  for (let i = 0; i + 5 <= data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifierBits] = [
      data[i],
      data[i + 1],
      data[i + 2],
      data[i + 3],
      data[i + 4],
    ];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const modifiers = legend.tokenModifiers.filter((_, bit) => (modifierBits & (1 << bit)) !== 0);
    result.push({ line, character, length, type: legend.tokenTypes[type], modifiers });
  }
  return result;
}

suite('Article Annotations in VS Code', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(ARTICLE));
    await vscode.window.showTextDocument(document);
    // Opening a plain text file activates the extension; activate() waits for that to finish.
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('the Problems panel lists the unattributed quotes', async () => {
    const unattributed = await poll('unattributed-quote diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === UNATTRIBUTED);
      return found.length > 0 ? found : undefined;
    });
    for (const diagnostic of unattributed) {
      assert.equal(diagnostic.source, 'article-annotations');
      assert.match(diagnostic.message, /^Unattributed quote/);
      // Each diagnostic marks a quote: its range starts at an opening quotation mark.
      assert.match(document.getText(diagnostic.range), /^[„“"«‚‘]/);
    }
  });

  test('hovering over a person shows the hover card', async () => {
    const offset = document.getText().indexOf(' Putin ') + 1;
    assert.ok(offset > 0, 'the sample no longer mentions " Putin "');
    const position = document.positionAt(offset + 2);
    const text = await poll('a hover card on "Putin"', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        position,
      );
      const joined = hoverText(hovers ?? []);
      return joined.includes('Wladimir Putin') ? joined : undefined;
    });
    assert.match(text, /Wladimir Putin/);
  });

  test('semantic tokens mark "Putin" as a person', async () => {
    const legend = await poll('the semantic tokens legend', () =>
      vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>(
        'vscode.provideDocumentSemanticTokensLegend',
        document.uri,
      ),
    );
    assert.ok(legend.tokenTypes.includes('person'), `legend without "person": ${legend.tokenTypes.join(', ')}`);
    const persons = await poll('person tokens', async () => {
      const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>(
        'vscode.provideDocumentSemanticTokens',
        document.uri,
      );
      if (!tokens) return undefined;
      const found = decode(tokens, legend).filter((token) => token.type === 'person');
      return found.length > 0 ? found : undefined;
    });
    const names = persons.map((token) =>
      document.getText(new vscode.Range(token.line, token.character, token.line, token.character + token.length)),
    );
    assert.ok(names.includes('Putin'), `no person token covers "Putin"; person tokens: ${names.join(', ')}`);
  });
});
