/**
 * **Link to Wikidata…** in the editor: the candidates request and the link command. Our client
 * asks for the candidates of an entity, shows them in a picker and runs the command with the
 * one picked; other editors run the command without an item, and choose among the candidates
 * as the buttons of a message.
 *
 * These are the only places where the language server makes requests, and only because the
 * user ran the command: the search (`wbsearchentities`, through the command line's `Searches`:
 * the name in the article's language, then in English, then the aliases), the candidates'
 * facts in one `wbgetentities`, and the labels their facts name. The command writes with the
 * facts fetched for the candidates and asks nothing more; every request is answered before
 * anything is written, and when one fails nothing is. The engine decides what is written
 * (`linkTarget`, `entityLinkOf`, `linkEdits`, `mergeFacts`); this file reads the files as they
 * are now and hands one workspace edit, the sidecar or registry and `wikidata.ann.json`
 * together, to the client.
 */

import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import {
  autoLinkChoice,
  candidateParts,
  differenceEdit,
  entityIdAt,
  entityLinkOf,
  isItemId,
  LineIndex,
  linkEdits,
  linkTarget,
  mergeFacts,
  parseWikidataFile,
  referencedIds,
  serializeWikidataFile,
  WIKIDATA_FILE_NAME,
  type ByLanguage,
  type EntityFacts,
  type LinkTarget,
  type TextEdit,
  type WikidataFile,
} from '../core';
import type { PairAnalysis } from '../files';
import type {
  CommandResult,
  LinkWikidataArguments,
  WikidataCandidates,
  WikidataCandidatesParams,
  WikidataSearchedEntity,
} from '../protocol';
import type { ServerSettings } from '../settings';
import { fetchFacts, fetchLabels, wikidataOptions, WikidataError, type WikidataOptions } from '../wikidata';
import { MAX_FACTS_FILE_SIZE, Searches } from '../wikidataCommands';
import { sidecarEdit } from './codeActions';

/** The facts of the candidates offered last, and the labels they name: what linking one of them writes. */
export interface OfferedFacts {
  items: Map<string, EntityFacts>;
  labels: Record<string, ByLanguage<string>>;
}

/** What linking needs of the server. */
export interface WikidataLinkHost {
  analysisOf(uri: string): Promise<PairAnalysis | undefined>;
  sideOf(uri: string, result: PairAnalysis): 'article' | 'sidecar';
  settingsFor(uri: string): Promise<ServerSettings>;
  uriOf(file: string): string;
  /** A file's text now: the open buffer with its version, or the disk read afresh (up to `maxBytes`). */
  currentText(file: string, maxBytes?: number): Promise<{ text: string; version: number | null } | undefined>;
  /** Where the facts for a file are kept: `wikidata.ann.json` at the root of its workspace folder. */
  factsPathFor(file: string): Promise<string>;
  /** The labels already kept for a file, so that they are not asked for again. */
  keptLabels(file: string): Promise<Readonly<Record<string, ByLanguage<string>>>>;
  /** Whether the client takes document changes (versions, several files, creating one). */
  documentChanges: boolean;
  /** Whether the client can create files in a workspace edit. */
  canCreateFiles: boolean;
  applyEdit(label: string, edit: WorkspaceEdit): Promise<CommandResult>;
  /** The facts of the candidates offered last: the server keeps them between the request and the command. */
  readonly offered: OfferedFacts;
  /**
   * For an editor without this extension's picker: asks the user to choose one of `choices` with
   * the buttons of a message (`window/showMessageRequest`); undefined when none was chosen.
   */
  choose?(message: string, choices: string[]): Promise<string | undefined>;
  /** Tells the user why nothing was written, where the client shows no command result. */
  tell?(message: string): void;
}

/**
 * The client's options in the editor: someone waits in front of a progress notification, so a
 * request is given up sooner than on the command line, and tried again once.
 */
const EDITOR_OPTIONS: Partial<WikidataOptions> = { timeoutMs: 15_000, retries: 1 };

function optionsOf(settings: ServerSettings): WikidataOptions {
  return wikidataOptions({ ...EDITOR_OPTIONS, ...settings.wikidata });
}

/** The entity as the picker names it, and where its link goes. */
function searchedEntity(host: WikidataLinkHost, result: PairAnalysis, target: LinkTarget): WikidataSearchedEntity {
  const file = target.registry ?? result.sidecar ?? result.article;
  return {
    id: target.entity.id,
    name: target.entity.name?.text ?? target.entity.id,
    type: target.entity.type,
    definedIn: host.uriOf(file),
  };
}

/** The entity a request names, or the one at its position. */
function targetOf(result: PairAnalysis, side: 'article' | 'sidecar', params: WikidataCandidatesParams) {
  const { analysis } = result;
  if (params.entity !== undefined) return linkTarget(analysis, params.entity);
  if (!params.position) return undefined;
  const lines = side === 'article' ? analysis.articleLines : analysis.sidecarLines;
  const id = entityIdAt(analysis, side, lines.offsetAt(params.position));
  return id === undefined ? undefined : linkTarget(analysis, id);
}

/** The candidates for linking an entity: searched, fetched and summed up in the article's language. */
export async function wikidataCandidates(
  host: WikidataLinkHost,
  params: WikidataCandidatesParams,
): Promise<WikidataCandidates> {
  const result = await host.analysisOf(params.uri);
  if (!result) return { error: 'This file is not an annotated article, sidecar or registry.' };
  const target = targetOf(result, host.sideOf(params.uri, result), params);
  if (!target) {
    return {
      error:
        params.entity !== undefined
          ? `There is no entity '${params.entity}' any more.`
          : 'Put the cursor on a mention or on an entity’s key to link the entity to Wikidata.',
    };
  }
  const entity = searchedEntity(host, result, target);
  const name = target.entity.name?.text.trim();
  if (!name) return { entity, error: `'${entity.id}' has no name to search Wikidata for.` };
  const { analysis } = result;
  const language = analysis.language;
  const options = optionsOf(await host.settingsFor(params.uri));
  const kept = await host.keptLabels(result.article);
  try {
    const ids = await new Searches(options).candidates(target.entity, language);
    const { facts } = await fetchFacts(options, ids);
    const wanted = [...new Set(facts.flatMap(referencedIds))].filter((id) => kept[id] === undefined);
    const labels = { ...kept, ...(await fetchLabels(options, wanted)) };
    host.offered.items = new Map(facts.map((item) => [item.id, item]));
    host.offered.labels = labels;
    const recommended = autoLinkChoice({ name, type: target.entity.type }, facts)?.id;
    const candidates = facts.map((item) => {
      const parts = candidateParts(item, labels, language);
      return {
        id: item.id,
        label: parts.label,
        ...(parts.description !== undefined ? { description: parts.description } : {}),
        details: parts.details.join(', '),
        recommended: item.id === recommended,
      };
    });
    return { entity, candidates };
  } catch (error) {
    if (error instanceof WikidataError) return { entity, error: `Wikidata could not be searched. ${error.message}` };
    throw error;
  }
}

/** The arguments of the link command, checked: they come from the client. */
function linkArguments(argument: unknown): LinkWikidataArguments | undefined {
  const fields = (typeof argument === 'object' && argument !== null ? argument : {}) as Record<string, unknown>;
  const { uri, entity, wikidata } = fields;
  if (typeof uri !== 'string' || typeof entity !== 'string' || !isItemId(wikidata)) return undefined;
  return { uri, entity, wikidata };
}

/** The buttons of a message are a few: the candidates beyond them are not offered. */
const CHOICES_SHOWN = 7;

/**
 * Link to Wikidata… in an editor without this extension's picker: the command without an item
 * id searches, offers the candidates as the buttons of a message, and links the one chosen.
 * What went wrong is said in a message too, since such editors show no command result.
 */
async function linkByMessage(
  host: WikidataLinkHost,
  choose: NonNullable<WikidataLinkHost['choose']>,
  uri: string,
  entityId: string,
): Promise<CommandResult> {
  const refuse = (reason: string): CommandResult => {
    host.tell?.(reason);
    return { applied: false, reason };
  };
  const found = await wikidataCandidates(host, { uri, entity: entityId });
  if ('error' in found) return refuse(found.error);
  const { entity, candidates } = found;
  if (candidates.length === 0) {
    return refuse(`Wikidata has no item named '${entity.name}' or by its aliases; nothing was written.`);
  }
  const titles = candidates.slice(0, CHOICES_SHOWN).map((candidate) => {
    const description = candidate.description ? ` — ${candidate.description}` : '';
    return `${candidate.id} ${candidate.label}${description}${candidate.details ? ` (${candidate.details})` : ''}`;
  });
  const chosen = await choose(`Link ${entity.name} (${entity.type}) to which Wikidata item?`, titles);
  const picked = chosen === undefined ? undefined : candidates[titles.indexOf(chosen)];
  if (!picked) return { applied: false, reason: 'No item was chosen; nothing was written.' };
  const result = await linkWikidata(host, { uri, entity: entityId, wikidata: picked.id });
  return result.applied || result.reason === undefined ? result : refuse(result.reason);
}

/** The facts of the item picked, and the labels they name: those offered, else fetched now. */
async function factsOf(
  host: WikidataLinkHost,
  options: WikidataOptions,
  id: string,
  kept: WikidataFile,
): Promise<{ item: EntityFacts; labels: Record<string, ByLanguage<string>> } | string> {
  const offered = host.offered.items.get(id);
  if (offered) return { item: offered, labels: host.offered.labels };
  try {
    const item = (await fetchFacts(options, [id])).facts[0];
    if (!item) return `${id} was not found on Wikidata; nothing was written.`;
    const wanted = referencedIds(item).filter((label) => kept.labels[label] === undefined);
    return { item, labels: await fetchLabels(options, wanted) };
  } catch (error) {
    if (error instanceof WikidataError) return `${error.message} Nothing was written.`;
    throw error;
  }
}

/**
 * Links an entity to the item picked: `wikidata:` (and the description and coordinates the
 * entry lacks) into the sidecar or registry that defines it, and the item's facts into
 * `wikidata.ann.json`, created when there is none; one edit, which the editor can undo.
 */
export async function linkWikidata(host: WikidataLinkHost, argument: unknown): Promise<CommandResult> {
  const fields = (typeof argument === 'object' && argument !== null ? argument : {}) as Record<string, unknown>;
  const choose = host.choose?.bind(host);
  if (fields.wikidata === undefined && typeof fields.uri === 'string' && typeof fields.entity === 'string' && choose) {
    return linkByMessage(host, choose, fields.uri, fields.entity);
  }
  const args = linkArguments(argument);
  if (!args) return { applied: false, reason: 'The command needs a document, an entity and a Wikidata id (Q…).' };
  const result = await host.analysisOf(args.uri);
  const target = result && linkTarget(result.analysis, args.entity);
  if (!result || !target) return { applied: false, reason: `The entity '${args.entity}' is no longer there.` };
  // A registry entity is linked in its registry; the sidecar's own in the sidecar (for an open
  // registry, the registry itself).
  const file = target.registry ?? result.sidecar;
  if (!file) return { applied: false, reason: `The entity '${args.entity}' is no longer there.` };
  const factsPath = await host.factsPathFor(result.article);
  const before = await readFacts(host, factsPath);
  if (typeof before === 'string') return { applied: false, reason: before };
  const settings = await host.settingsFor(args.uri);
  const fetched = await factsOf(host, optionsOf(settings), args.wikidata, before.file);
  if (typeof fetched === 'string') return { applied: false, reason: fetched };

  // Every request is answered: now the files as they are, and the edits on them.
  const current = await host.currentText(file);
  if (!current) return { applied: false, reason: `${file} cannot be read; nothing was written.` };
  const link = entityLinkOf(target.definition, fetched.item, result.analysis.language);
  const edits = linkEdits(current.text, target.definition.id, link);
  if (edits.length === 0) {
    return {
      applied: false,
      reason: `Nothing was written: the file that defines '${args.entity}' has a YAML syntax error to fix first, or no longer defines it, or says this already.`,
    };
  }
  const facts = await readFacts(host, factsPath);
  if (typeof facts === 'string') return { applied: false, reason: facts };
  const factsText = serializeWikidataFile(mergeFacts(facts.file, [fetched.item], fetched.labels));
  if (!facts.current && !(host.canCreateFiles && host.documentChanges)) {
    return {
      applied: false,
      reason: `This editor cannot create files through the language server: create ${WIKIDATA_FILE_NAME} with the text {"version": 1} first.`,
    };
  }
  const parts: { uri: string; version: number | null; text: string; edits: TextEdit[] }[] = [
    { uri: host.uriOf(file), version: current.version, text: current.text, edits },
  ];
  const factsUri = host.uriOf(factsPath);
  if (facts.current) {
    const edit = differenceEdit(facts.current.text, factsText);
    if (edit.start !== edit.end || edit.newText !== '') {
      parts.push({ uri: factsUri, version: facts.current.version, text: facts.current.text, edits: [edit] });
    }
  }
  const name = target.entity.name?.text ?? target.entity.id;
  return host.applyEdit(
    `Link ${name} to Wikidata ${args.wikidata}`,
    workspaceEdit(host, parts, facts.current ? undefined : { uri: factsUri, text: factsText }),
  );
}

/** The facts file as it is now: open or on disk, or missing; a sentence when it cannot be used. */
async function readFacts(
  host: WikidataLinkHost,
  factsPath: string,
): Promise<{ file: WikidataFile; current?: { text: string; version: number | null } } | string> {
  const current = await host.currentText(factsPath, MAX_FACTS_FILE_SIZE);
  if (!current) return { file: { version: 1, entities: {}, labels: {} } };
  const { file, problems } = parseWikidataFile(current.text);
  const fatal = problems.find((problem) => problem.fatal);
  if (fatal) {
    return `${WIKIDATA_FILE_NAME} cannot be used: ${fatal.message} Fix or remove it, then link again; nothing was written.`;
  }
  return { file, current };
}

/** One workspace edit for the files' edits, and the new facts file to create if there is one. */
function workspaceEdit(
  host: WikidataLinkHost,
  parts: { uri: string; version: number | null; text: string; edits: TextEdit[] }[],
  created: { uri: string; text: string } | undefined,
): WorkspaceEdit {
  const edits = parts.map((part) =>
    sidecarEdit(
      { uri: part.uri, version: part.version, lines: new LineIndex(part.text), documentChanges: host.documentChanges },
      part.edits,
    ),
  );
  if (!host.documentChanges) {
    const changes: NonNullable<WorkspaceEdit['changes']> = {};
    for (const edit of edits) Object.assign(changes, edit.changes);
    return { changes };
  }
  const changes = edits.flatMap((edit) => edit.documentChanges ?? []) as TextDocumentEdit[];
  if (!created) return { documentChanges: changes };
  return {
    documentChanges: [
      ...changes,
      // Not when it exists after all: the text would go in front of what it holds.
      { kind: 'create', uri: created.uri },
      {
        textDocument: { uri: created.uri, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: created.text }],
      },
    ],
  };
}
