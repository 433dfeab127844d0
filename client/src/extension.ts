/**
 * The thin VS Code client: starts the bundled language server, restarts it after a crash,
 * and adds the status bar item and the commands. All analysis happens in the server.
 */

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ANNOTATE_COMMAND,
  ATTRIBUTE_COMMAND,
  AnalysisChangedNotification,
  AnnotationChoicesRequest,
  CONFIRM_REMOVE_ENTITY_COMMAND,
  CREATE_AND_ATTRIBUTE_COMMAND,
  DECLARE_QUOTE_COMMAND,
  EntitiesRequest,
  LINK_WIKIDATA_COMMAND,
  PICK_SPEAKER_COMMAND,
  PICK_WIKIDATA_COMMAND,
  REMOVE_ATTRIBUTION_AT_CURSOR_COMMAND,
  REMOVE_ATTRIBUTION_COMMAND,
  REMOVE_ENTITY_COMMAND,
  RemovalTargetsRequest,
  SHOW_REFERENCES_COMMAND,
  SidecarSkeletonRequest,
  StatusRequest,
  WikidataCandidatesRequest,
  type AnnotateArguments,
  type AnnotationType,
  type AttributeArguments,
  type CommandResult,
  type CreateAndAttributeArguments,
  type DeclareQuoteArguments,
  type LinkWikidataArguments,
  type PickSpeakerArguments,
  type QuoteArguments,
  type RemoveAttributionArguments,
  type RemoveEntityArguments,
  type Status,
  type WikidataCandidate,
  type WikidataCandidates,
  type WikidataCandidatesParams,
} from '../../server/src/protocol';
import { SERVER_EXEC_ARGV } from '../../server/src/runtime';
import { registerQuotes } from './quotes';
import { registerSourcesPanel } from './sourcesPanel';
import { SymbolRefresh } from './symbolRefresh';

const SIDECAR_GLOB = '**/*.ann.yaml';

/**
 * The documents the server serves: articles, and sidecars whatever their language; and the
 * facts kept for the hover cards, `wikidata.ann.json`, whose unsaved buffer (after Link to
 * Wikidata…) the server must see as it sees a sidecar's.
 */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', pattern: SIDECAR_GLOB },
  { scheme: 'file', pattern: '**/wikidata.ann.json' },
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let lastStatus: Status | null = null;

/**
 * Restarts the server after a crash, and says so once. After several crashes in a short time
 * it gives up with one message instead of restarting in a loop.
 */
class RestartOnCrash implements ErrorHandler {
  private readonly crashes: number[] = [];
  private announced = false;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > 3 * 60 * 1000) this.crashes.shift();
    if (this.crashes.length > 4) {
      return {
        action: CloseAction.DoNotRestart,
        message:
          'The Article Annotations server stopped five times in three minutes and will not be restarted. Run "Article Annotations: Restart Server" after fixing the cause (see "Article Annotations: Show Output").',
      };
    }
    if (!this.announced) {
      this.announced = true;
      void vscode.window.showInformationMessage(
        'The Article Annotations server stopped unexpectedly and was restarted.',
      );
    }
    output.appendLine(`[${new Date().toISOString()}] The server stopped unexpectedly; restarting.`);
    return { action: CloseAction.Restart, handled: true };
  }
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'articleAnnotations' },
    outputChannel: output,
    errorHandler: new RestartOnCrash(),
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('articleAnnotations'),
      speakerPicker: true,
      confirmRemovals: true,
      wikidataPicker: true,
    },
  };
  return new LanguageClient('articleAnnotations', 'Article Annotations', serverOptions, clientOptions);
}

async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    statusItem.hide();
    return;
  }
  try {
    lastStatus = await client.sendRequest(StatusRequest, { uri: editor.document.uri.toString() });
  } catch {
    lastStatus = null;
  }
  if (!lastStatus) {
    statusItem.hide();
    return;
  }
  const s = lastStatus;
  statusItem.text = `$(note) ${s.entities} entit${s.entities === 1 ? 'y' : 'ies'} · ${s.quotes} quote${
    s.quotes === 1 ? '' : 's'
  } · ${s.unattributed} unattributed`;
  // An article below a registry may have no sidecar yet: the click then creates it.
  statusItem.tooltip = `${s.mentions} mentions, ${s.speech} quotes of speech, ${s.problems} problems. ${
    s.sidecar ? 'Click to open the sidecar.' : 'No sidecar yet: click to create it.'
  }`;
  statusItem.command = s.sidecar ? 'articleAnnotations.openSidecar' : 'articleAnnotations.createSidecar';
  statusItem.show();
}

async function openBeside(uri: string | null | undefined): Promise<void> {
  if (!uri) {
    void vscode.window.showInformationMessage('This file is not an annotated article or a sidecar.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
}

async function currentStatus(): Promise<Status | null> {
  await updateStatus();
  return lastStatus;
}

async function createSidecar(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const skeleton = await client.sendRequest(SidecarSkeletonRequest, { uri: editor.document.uri.toString() });
  if (!skeleton) {
    void vscode.window.showInformationMessage('Open a saved .txt or .md article to create its sidecar.');
    return;
  }
  const target = vscode.Uri.parse(skeleton.uri);
  try {
    await vscode.workspace.fs.stat(target);
    // Never overwrite annotations: open the existing sidecar instead.
    await openBeside(skeleton.uri);
    return;
  } catch {
    // The sidecar does not exist yet.
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { ignoreIfExists: true });
  edit.insert(target, new vscode.Position(0, 0), skeleton.text);
  await vscode.workspace.applyEdit(edit);
  await openBeside(skeleton.uri);
}

/** Runs one of the server's commands and reports a refusal to the user. */
async function serverCommand(
  command: string,
  argument:
    | AttributeArguments
    | AnnotateArguments
    | QuoteArguments
    | CreateAndAttributeArguments
    | DeclareQuoteArguments
    | RemoveEntityArguments
    | RemoveAttributionArguments
    | LinkWikidataArguments,
): Promise<void> {
  if (!client) return;
  const result = await client.sendRequest<CommandResult>('workspace/executeCommand', {
    command,
    arguments: [argument],
  });
  if (!result?.applied) {
    void vscode.window.showWarningMessage(`Article Annotations: ${result?.reason ?? 'the sidecar was not changed.'}`);
  }
}

/** "Attribute to…": every person and organization of the sidecar, the suggested one first. */
async function attributeQuote(argument: PickSpeakerArguments): Promise<void> {
  type SpeakerItem = vscode.QuickPickItem & { id?: string; create?: 'person' | 'organization' };
  const listed: SpeakerItem[] = argument.candidates.map((candidate) => ({
    label: candidate.name,
    description: `${candidate.type} · ${candidate.id}`,
    detail: candidate.description || undefined,
    id: candidate.id,
  }));
  const pick = vscode.window.createQuickPick<SpeakerItem>();
  pick.title = 'Attribute the quote to';
  pick.placeholder = 'Who said it? Type a new name to add the person';
  pick.matchOnDescription = true;
  pick.items = listed;
  // A name nobody in the list has becomes a new person (or organization) to create.
  pick.onDidChangeValue((value) => {
    const name = value.trim();
    const known = listed.some((item) => item.label.toLowerCase() === name.toLowerCase());
    pick.items =
      name && !known
        ? [
            ...listed,
            { label: `$(add) New person: ${name}`, create: 'person', alwaysShow: true },
            { label: `$(add) New organization: ${name}`, create: 'organization', alwaysShow: true },
          ]
        : listed;
  });
  const picked = await new Promise<SpeakerItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  const typed = pick.value.trim();
  pick.dispose();
  if (!picked) return;
  const quote = { articleUri: argument.articleUri, quoteStart: argument.quoteStart, quoteText: argument.quoteText };
  if (picked.create) {
    await serverCommand(CREATE_AND_ATTRIBUTE_COMMAND, { ...quote, name: typed, type: picked.create });
  } else if (picked.id) {
    await serverCommand(ATTRIBUTE_COMMAND, { ...quote, speaker: picked.id });
  }
}

/**
 * "Annotate as person / place / organization / document": a new entity, or an alias of an
 * existing one. The server says what the words name already, which is preselected, so that
 * Enter does not create a second Putin.
 */
async function annotateSelection(type: AnnotationType): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const words = editor.document.getText(editor.selection).replace(/\s+/gu, ' ').trim();
  if (!words) {
    void vscode.window.showInformationMessage('Select the words to annotate first.');
    return;
  }
  const uri = editor.document.uri.toString();
  const choices = await client.sendRequest(AnnotationChoicesRequest, {
    uri,
    start: editor.document.offsetAt(editor.selection.start),
    end: editor.document.offsetAt(editor.selection.end),
    type,
  });
  type AnnotateItem = vscode.QuickPickItem & { entity?: string; nothing?: true };
  const name = choices?.name ?? words;
  const existing = choices?.existing;
  const items: AnnotateItem[] = [];
  if (existing?.how === 'mention') {
    items.push({
      label: `$(check) Already ${existing.entity.name}`,
      description: `${existing.entity.type} · ${existing.entity.id} · nothing to do`,
      nothing: true,
    });
  }
  const newItem: AnnotateItem = { label: `$(add) New ${type}: ${name}`, description: 'adds an entity to the sidecar' };
  const aliases: AnnotateItem[] = (choices?.sameType ?? [])
    .filter((entity) => entity.type === type)
    .map((entity) => ({
      label: `$(link) Alias of ${entity.name}`,
      description: `${entity.type} · ${entity.id}`,
      entity: entity.id,
    }));
  // The surname of someone in the sidecar becomes their alias unless the user picks otherwise.
  if (existing?.how === 'surname') items.push(...aliases, newItem);
  else items.push(newItem, ...aliases);
  const picked =
    items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Annotate “${words}”` });
  if (!picked || picked.nothing) return;
  await serverCommand(ANNOTATE_COMMAND, {
    uri,
    words: picked.entity ? words : name,
    type,
    ...(picked.entity ? { entity: picked.entity } : {}),
  });
}

/**
 * "Annotate Selection as Quote…": a statement printed without quotation marks, recorded as a
 * quote of the speaker picked (or of an anonymous source).
 */
async function annotateQuote(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Select the words of the statement first.');
    return;
  }
  const uri = editor.document.uri.toString();
  const entities = await client.sendRequest(EntitiesRequest, { uri });
  type SourceItem = vscode.QuickPickItem & { speaker?: string };
  const items: SourceItem[] = [
    ...entities
      .filter((entity) => entity.type === 'person' || entity.type === 'organization' || entity.type === 'document')
      .map((entity) => ({ label: entity.name, description: `${entity.type} · ${entity.id}`, speaker: entity.id })),
    { label: '$(eye-closed) Anonymous source', description: 'a source the article does not name' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Record the selection as a quote of' });
  if (!picked) return;
  await serverCommand(DECLARE_QUOTE_COMMAND, {
    uri,
    start: editor.document.offsetAt(editor.selection.start),
    end: editor.document.offsetAt(editor.selection.end),
    ...(picked.speaker ? { speaker: picked.speaker } : {}),
  });
}

/** "Annotate Selection…": the type first, then the same pickers as "Annotate as …". */
async function annotateSelectionAs(): Promise<void> {
  if (vscode.window.activeTextEditor?.selection.isEmpty !== false) {
    void vscode.window.showInformationMessage('Select the words to annotate first.');
    return;
  }
  const types: { label: string; type: AnnotationType }[] = [
    { label: '$(person) Person', type: 'person' },
    { label: '$(location) Place', type: 'place' },
    { label: '$(organization) Organization', type: 'organization' },
    { label: '$(file-text) Document', type: 'document' },
  ];
  const picked = await vscode.window.showQuickPick(types, { title: 'Annotate the selection as' });
  if (picked) await annotateSelection(picked.type);
}

/** The quotes of a list, shortened, one per line, for a confirmation. */
function quoteLines(words: string[]): string {
  const shown = words.slice(0, 10).map((text) => `„${text.length > 60 ? `${text.slice(0, 59)}…` : text}“`);
  if (words.length > shown.length) shown.push(`and ${words.length - shown.length} more`);
  return shown.join('\n');
}

/**
 * "Remove Entity": lists the quote entries that name the entity (from a code action, or the one
 * at the cursor), asks, and then has the server remove it with them.
 */
async function removeEntity(argument?: RemoveEntityArguments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client) return;
  const uri = argument?.uri ?? editor?.document.uri.toString();
  if (!uri) return;
  const targets = await client.sendRequest(
    RemovalTargetsRequest,
    argument ? { uri, entity: argument.entity } : { uri, position: editor!.selection.active },
  );
  const entity = targets.entity;
  if (!entity) {
    void vscode.window.showInformationMessage('Put the cursor on a mention or on an entity id to remove its entity.');
    return;
  }
  const details: string[] = [];
  if (entity.speakerQuotes.length > 0) {
    details.push(
      `${entity.speakerQuotes.length} quote entr${entity.speakerQuotes.length === 1 ? 'y names' : 'ies name'} it as the speaker and ${entity.speakerQuotes.length === 1 ? 'is' : 'are'} removed too; the quotes become unattributed:\n${quoteLines(entity.speakerQuotes)}`,
    );
  }
  if (entity.viaQuotes.length > 0) {
    details.push(
      `${entity.viaQuotes.length} quote entr${entity.viaQuotes.length === 1 ? 'y names' : 'ies name'} it as the source (via:), which is removed:\n${quoteLines(entity.viaQuotes)}`,
    );
  }
  if (details.length === 0) details.push('No quote names it.');
  const answer = await vscode.window.showWarningMessage(
    `Remove '${entity.name}' (${entity.id}) from the sidecar?`,
    { modal: true, detail: details.join('\n\n') },
    'Remove',
  );
  if (answer !== 'Remove') return;
  await serverCommand(REMOVE_ENTITY_COMMAND, { uri, entity: entity.id });
}

/** "Remove Attribution": the quote entry of the quote (or entry) at the cursor. */
async function removeAttributionAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const uri = editor.document.uri.toString();
  const targets = await client.sendRequest(RemovalTargetsRequest, { uri, position: editor.selection.active });
  if (!targets.attribution) {
    void vscode.window.showInformationMessage('Put the cursor in an attributed quote or in a quote entry.');
    return;
  }
  await serverCommand(REMOVE_ATTRIBUTION_COMMAND, {
    uri,
    entry: targets.attribution.entry,
    text: targets.attribution.text,
  });
}

/**
 * "Link to Wikidata…": searches Wikidata for the entity (from a code action, or the one at the
 * cursor) with a progress notification, shows the candidates with what tells them apart, and
 * has the server link the one picked. Running it is what makes the server ask Wikidata: nothing
 * else in the extension does.
 */
async function linkToWikidata(argument?: WikidataCandidatesParams): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client) return;
  const params: WikidataCandidatesParams | undefined =
    argument ?? (editor ? { uri: editor.document.uri.toString(), position: editor.selection.active } : undefined);
  if (!params) {
    void vscode.window.showInformationMessage('Put the cursor on a mention or on an entity’s key to link it.');
    return;
  }
  const found = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Searching Wikidata${params.name || params.entity ? ` for '${params.name ?? params.entity}'` : ''}…`,
      cancellable: true,
    },
    (_progress, token): Promise<WikidataCandidates | undefined> =>
      client!.sendRequest(WikidataCandidatesRequest, params, token).then(
        (result) => (token.isCancellationRequested ? undefined : result),
        (error: unknown) =>
          token.isCancellationRequested
            ? undefined
            : { error: `The search failed: ${error instanceof Error ? error.message : String(error)}` },
      ),
  );
  if (!found) return;
  if ('error' in found) {
    void vscode.window.showErrorMessage(`Article Annotations: ${found.error}`);
    return;
  }
  const { entity, candidates } = found;
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      `Wikidata has no item named '${entity.name}' or by its aliases; nothing was written.`,
    );
    return;
  }
  type CandidateItem = vscode.QuickPickItem & { candidate: WikidataCandidate };
  const items: CandidateItem[] = candidates.map((candidate) => ({
    label: candidate.label,
    description: [candidate.id, candidate.details, candidate.recommended ? 'fits the name and type' : '']
      .filter(Boolean)
      .join(' · '),
    detail: candidate.description,
    candidate,
  }));
  // The one that fits the name and the type, if only one does, comes first and is preselected.
  items.sort((a, b) => Number(b.candidate.recommended) - Number(a.candidate.recommended));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Link ${entity.name} (${entity.type}) to Wikidata`,
    placeHolder: 'Pick the item this entity is; Escape writes nothing',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  await serverCommand(LINK_WIKIDATA_COMMAND, { uri: params.uri, entity: entity.id, wikidata: picked.candidate.id });
}

interface JsonLocation {
  uri: string;
  range: { start: vscode.Position; end: vscode.Position };
}

/** Shows the references a code lens names, converting the server's JSON into VS Code types. */
async function showReferences(uri: string, position: vscode.Position, locations: JsonLocation[]): Promise<void> {
  const toPosition = (p: { line: number; character: number }): vscode.Position =>
    new vscode.Position(p.line, p.character);
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    vscode.Uri.parse(uri),
    toPosition(position),
    locations.map(
      (location) =>
        new vscode.Location(
          vscode.Uri.parse(location.uri),
          new vscode.Range(toPosition(location.range.start), toPosition(location.range.end)),
        ),
    ),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Article Annotations', { log: true });
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  statusItem.name = 'Article Annotations';
  statusItem.command = 'articleAnnotations.openSidecar';
  context.subscriptions.push(output, statusItem);

  client = createClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('articleAnnotations.openSidecar', async () =>
      openBeside((await currentStatus())?.sidecar),
    ),
    vscode.commands.registerCommand('articleAnnotations.openArticle', async () =>
      openBeside((await currentStatus())?.article),
    ),
    vscode.commands.registerCommand('articleAnnotations.createSidecar', createSidecar),
    vscode.commands.registerCommand('articleAnnotations.restartServer', async () => {
      await client?.restart();
      await updateStatus();
    }),
    vscode.commands.registerCommand('articleAnnotations.showOutput', () => output.show()),
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, showReferences),
    vscode.commands.registerCommand(PICK_SPEAKER_COMMAND, attributeQuote),
    vscode.commands.registerCommand(PICK_WIKIDATA_COMMAND, linkToWikidata),
    vscode.commands.registerCommand(CONFIRM_REMOVE_ENTITY_COMMAND, removeEntity),
    vscode.commands.registerCommand(REMOVE_ATTRIBUTION_AT_CURSOR_COMMAND, removeAttributionAtCursor),
    vscode.commands.registerCommand('articleAnnotations.annotateAsPerson', () => annotateSelection('person')),
    vscode.commands.registerCommand('articleAnnotations.annotateAsPlace', () => annotateSelection('place')),
    vscode.commands.registerCommand('articleAnnotations.annotateAsOrganization', () =>
      annotateSelection('organization'),
    ),
    vscode.commands.registerCommand('articleAnnotations.annotateAsDocument', () => annotateSelection('document')),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.commands.registerCommand('articleAnnotations.annotateSelection', annotateSelectionAs),
    vscode.commands.registerCommand('articleAnnotations.annotateQuote', annotateQuote),
  );
  const quotes = registerQuotes(context, { client: () => client, serverCommand });
  const sources = registerSourcesPanel(context, {
    client: () => client,
    serves: (document) => vscode.languages.match(DOCUMENT_SELECTOR, document) > 0,
  });
  const symbols = new SymbolRefresh(DOCUMENT_SELECTOR);
  context.subscriptions.push(symbols);
  await client.start();
  // One handler: the client keeps only the last one registered for a notification.
  context.subscriptions.push(
    client.onNotification(AnalysisChangedNotification, () => {
      void updateStatus();
      quotes.refresh();
      sources.refresh();
      symbols.analysisChanged();
    }),
  );
  await updateStatus();
  quotes.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
