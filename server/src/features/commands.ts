/**
 * The server's commands (workspace/executeCommand) and the custom requests of the VS Code
 * client: attributing a quote to the speaker picked in the client, annotating selected words,
 * the entities for a picker, and a new sidecar's skeleton. The engine computes every edit
 * (core/ide/actions.ts); this file finds the pair, checks that the arguments still hold, and
 * hands a workspace edit to the client through `CommandHost`.
 */

import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import {
  analyze,
  annotationChoices,
  annotationEdits,
  applyEdits,
  attributionEdits,
  createAndAttributeEdits,
  declaredQuoteEdits,
  entityRemoval,
  isMarkdownPath,
  removalTargetsAt,
  removeAttributionEdits,
  removeAttributionTitle,
  removeEntityEdits,
  roleOf,
  sidecarPathFor,
  sidecarSkeleton,
  termEdits,
  type AnalyzedQuote,
} from '../core';
import { native, portable, type PairAnalysis } from '../files';
import {
  ANNOTATE_COMMAND,
  ATTRIBUTE_COMMAND,
  CREATE_AND_ATTRIBUTE_COMMAND,
  DECLARE_QUOTE_COMMAND,
  MARK_TERM_COMMAND,
  REMOVE_ATTRIBUTION_COMMAND,
  REMOVE_ENTITY_COMMAND,
  type AnnotateArguments,
  type AnnotationChoices,
  type AnnotationChoicesParams,
  type AttributeArguments,
  type CommandResult,
  type CreateAndAttributeArguments,
  type DeclareQuoteArguments,
  type EntityChoice,
  type QuoteArguments,
  type RemovalTargets,
  type RemovalTargetsParams,
  type RemoveAttributionArguments,
  type RemoveEntityArguments,
  type SidecarSkeleton,
} from '../protocol';
import type { ServerSettings } from '../settings';
import { entityChoiceOf, sidecarEdit, type SidecarTarget } from './codeActions';

/** What the commands need of the server: its workspace, its documents and its client. */
export interface CommandHost {
  analysisOf(uri: string): Promise<PairAnalysis | undefined>;
  /** Which side of its pair a document is. */
  sideOf(uri: string, result: PairAnalysis): 'article' | 'sidecar';
  /** The sidecar of a pair as edits must see it, or undefined when it has none that parsed. */
  sidecarTargetOf(result: PairAnalysis): { text: string; target: SidecarTarget } | undefined;
  /**
   * Whether the sidecar still has the text the analysis read: a file on disk may have changed
   * before a watcher said so, and an edit computed on the old text would land on the wrong lines.
   */
  sidecarUnchanged(result: PairAnalysis): Promise<boolean>;
  /** The text of an open document, or undefined when it is not open. */
  openText(uri: string): string | undefined;
  /** The file a URI names, or undefined for a URI that is not a file. */
  pathOf(uri: string): string | undefined;
  uriOf(file: string): string;
  exists(file: string): Promise<boolean>;
  settingsFor(uri: string): Promise<ServerSettings>;
  /** Whether the client can create files in a workspace edit (which needs document changes). */
  canCreateFiles: boolean;
  /** Applies an edit through the client. */
  applyEdit(label: string, edit: WorkspaceEdit): Promise<CommandResult>;
}

/** The commands the server announces in its capabilities. */
export const SERVER_COMMANDS = [
  ATTRIBUTE_COMMAND,
  ANNOTATE_COMMAND,
  MARK_TERM_COMMAND,
  CREATE_AND_ATTRIBUTE_COMMAND,
  DECLARE_QUOTE_COMMAND,
  REMOVE_ENTITY_COMMAND,
  REMOVE_ATTRIBUTION_COMMAND,
];

/**
 * Why a command changed nothing. The edit engine writes nothing into a sidecar with a YAML
 * syntax error, nor what is there already (an alias the entity has); an empty edit would be
 * "applied" without a word, so the client is told instead and shows the reason.
 */
const NOTHING_TO_WRITE =
  'Nothing was written into the sidecar: it has a YAML syntax error to fix first, or says this already.';

const SIDECAR_CHANGED = 'The sidecar changed on disk since it was read, so nothing was written. Try again.';

/** The quote a command's arguments name (by its words and where it was), if they name one. */
function quoteOf(fields: Record<string, unknown>): QuoteArguments | undefined {
  const { articleUri, quoteStart, quoteText } = fields;
  return typeof articleUri === 'string' && typeof quoteStart === 'number' && typeof quoteText === 'string'
    ? { articleUri, quoteStart, quoteText }
    : undefined;
}

/** Carries out one of the server's commands. Arguments come from the client: nothing is trusted. */
export function executeCommand(host: CommandHost, command: string, argument: unknown): Promise<CommandResult> {
  const fields = (typeof argument === 'object' && argument !== null ? argument : {}) as Record<string, unknown>;
  const quote = quoteOf(fields);
  if (command === ATTRIBUTE_COMMAND) {
    const { speaker } = fields;
    if (!quote || typeof speaker !== 'string') {
      return Promise.resolve({ applied: false, reason: 'The command needs an article, a quote and a speaker.' });
    }
    return attribute(host, { ...quote, speaker });
  }
  if (command === ANNOTATE_COMMAND) {
    const { uri, words, type, entity } = fields;
    if (
      typeof uri !== 'string' ||
      typeof words !== 'string' ||
      (type !== 'person' && type !== 'place' && type !== 'organization' && type !== 'document') ||
      (entity !== undefined && typeof entity !== 'string')
    ) {
      return Promise.resolve({ applied: false, reason: 'The command needs a document, words and a type.' });
    }
    return annotate(host, { uri, words, type, ...(entity === undefined ? {} : { entity }) });
  }
  if (command === MARK_TERM_COMMAND) {
    if (!quote) return Promise.resolve({ applied: false, reason: 'The command needs an article and a quote.' });
    return markTerm(host, quote);
  }
  if (command === CREATE_AND_ATTRIBUTE_COMMAND) {
    const { name, type } = fields;
    if (
      !quote ||
      typeof name !== 'string' ||
      !name.trim() ||
      (type !== 'person' && type !== 'organization' && type !== 'document')
    ) {
      return Promise.resolve({ applied: false, reason: 'The command needs an article, a quote, a name and a type.' });
    }
    return createAndAttribute(host, { ...quote, name: name.trim(), type });
  }
  if (command === DECLARE_QUOTE_COMMAND) {
    const { uri, start, end, speaker } = fields;
    if (
      typeof uri !== 'string' ||
      typeof start !== 'number' ||
      typeof end !== 'number' ||
      (speaker !== undefined && typeof speaker !== 'string')
    ) {
      return Promise.resolve({ applied: false, reason: 'The command needs an article and the selected words.' });
    }
    return declareQuote(host, { uri, start, end, ...(speaker === undefined ? {} : { speaker }) });
  }
  if (command === REMOVE_ENTITY_COMMAND) {
    const { uri, entity } = fields;
    if (typeof uri !== 'string' || typeof entity !== 'string') {
      return Promise.resolve({ applied: false, reason: 'The command needs a document and an entity.' });
    }
    return removeEntity(host, { uri, entity });
  }
  if (command === REMOVE_ATTRIBUTION_COMMAND) {
    const { uri, entry, text } = fields;
    if (typeof uri !== 'string' || typeof entry !== 'number' || (text !== null && typeof text !== 'string')) {
      return Promise.resolve({ applied: false, reason: 'The command needs a document and a quote entry.' });
    }
    return removeAttribution(host, { uri, entry, text });
  }
  return Promise.resolve({ applied: false, reason: `Unknown command ${command}.` });
}

/** "Remove entity", after the client listed the quotes naming it and the user agreed. */
async function removeEntity(host: CommandHost, { uri, entity }: RemoveEntityArguments): Promise<CommandResult> {
  const result = await host.analysisOf(uri);
  const sidecar = result && host.sidecarTargetOf(result);
  const removal = result && entityRemoval(result.analysis, entity);
  if (!result || !sidecar || !removal) return { applied: false, reason: `The entity '${entity}' is no longer there.` };
  if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
  const edits = removeEntityEdits(sidecar.text, result.analysis, entity);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  return host.applyEdit(`Remove entity '${removal.entity.name?.text ?? entity}'`, sidecarEdit(sidecar.target, edits));
}

/** "Remove attribution": the quote entry, if it still has the words it had when offered. */
async function removeAttribution(
  host: CommandHost,
  { uri, entry, text }: RemoveAttributionArguments,
): Promise<CommandResult> {
  const result = await host.analysisOf(uri);
  const sidecar = result && host.sidecarTargetOf(result);
  const found = result?.analysis.sidecar?.quotes[entry];
  if (!result || !sidecar || !found || (found.text?.text ?? null) !== text) {
    return { applied: false, reason: 'The quote entry is no longer there.' };
  }
  if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
  const edits = removeAttributionEdits(sidecar.text, result.analysis, entry);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  return host.applyEdit(removeAttributionTitle(result.analysis, found), sidecarEdit(sidecar.target, edits));
}

/**
 * What the client shows before a removal: the entity at a position (or the one named) with the
 * quote entries that name it, and the quote entry at the position.
 */
export async function removalTargets(host: CommandHost, params: RemovalTargetsParams): Promise<RemovalTargets> {
  const none: RemovalTargets = { entity: null, attribution: null };
  const result = await host.analysisOf(params.uri);
  if (!result) return none;
  const { analysis } = result;
  const side = host.sideOf(params.uri, result);
  const lines = side === 'article' ? analysis.articleLines : analysis.sidecarLines;
  const at = params.position ? removalTargetsAt(analysis, side, lines.offsetAt(params.position)) : {};
  const removal = entityRemoval(analysis, params.entity ?? at.entity ?? '');
  const words = (entries: { text?: { text: string } }[]): string[] => entries.map((entry) => entry.text?.text ?? '');
  return {
    entity: removal
      ? {
          id: removal.entity.id,
          name: removal.entity.name?.text ?? removal.entity.id,
          speakerQuotes: words(removal.speakerEntries),
          viaQuotes: words(removal.viaEntries),
        }
      : null,
    attribution: at.entry
      ? { entry: at.entry.index, text: at.entry.text?.text ?? null, title: removeAttributionTitle(analysis, at.entry) }
      : null,
  };
}

/** "Attribute to…" after the client's picker: one quote entry naming the picked speaker. */
async function attribute(
  host: CommandHost,
  { articleUri, quoteStart, quoteText, speaker }: AttributeArguments,
): Promise<CommandResult> {
  const result = await host.analysisOf(articleUri);
  const quote = result && quoteByTextNear(result.analysis.quotes, quoteText, quoteStart);
  const sidecar = result && host.sidecarTargetOf(result);
  const entity = result?.analysis.entities.get(speaker);
  if (!result || !quote || !sidecar || !entity) {
    return { applied: false, reason: 'The quote or the speaker is no longer there.' };
  }
  // The picker never offers a place; a stale or hand-made argument must not write one either.
  if (entity.type === 'place') return { applied: false, reason: `'${speaker}' is a place, which cannot speak.` };
  if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
  const edits = attributionEdits(sidecar.text, result.analysis, quote, speaker);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  return host.applyEdit(`Attribute to ${entity.name?.text ?? speaker}`, sidecarEdit(sidecar.target, edits));
}

/**
 * The pair, the quote a command names and the sidecar to edit, checked against the file on
 * disk; or why the command cannot go on.
 */
async function quoteTarget(
  host: CommandHost,
  { articleUri, quoteStart, quoteText }: QuoteArguments,
): Promise<
  { result: PairAnalysis; quote: AnalyzedQuote; sidecar: { text: string; target: SidecarTarget } } | CommandResult
> {
  const result = await host.analysisOf(articleUri);
  const quote = result && quoteByTextNear(result.analysis.quotes, quoteText, quoteStart);
  const sidecar = result && host.sidecarTargetOf(result);
  if (!result || !quote || !sidecar) return { applied: false, reason: 'The quote is no longer there.' };
  if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
  return { result, quote, sidecar };
}

/** "Mark as term" from the Quotes view: the quick fix's entry, for a quote found by its words. */
async function markTerm(host: CommandHost, argument: QuoteArguments): Promise<CommandResult> {
  const target = await quoteTarget(host, argument);
  if ('applied' in target) return target;
  const edits = termEdits(target.sidecar.text, target.result.analysis, target.quote);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  return host.applyEdit('Mark as term', sidecarEdit(target.sidecar.target, edits));
}

/** "Attribute to…" with a name typed into the picker: the new entity and the attribution, in one edit. */
async function createAndAttribute(
  host: CommandHost,
  { name, type, ...argument }: CreateAndAttributeArguments,
): Promise<CommandResult> {
  const target = await quoteTarget(host, argument);
  if ('applied' in target) return target;
  const edits = createAndAttributeEdits(target.sidecar.text, target.result.analysis, target.quote, name, type);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  return host.applyEdit(`Attribute to the new ${type} ${name}`, sidecarEdit(target.sidecar.target, edits));
}

/** "Annotate Selection as Quote…": the selected words recorded as a quote, with its speaker. */
async function declareQuote(
  host: CommandHost,
  { uri, start, end, speaker }: DeclareQuoteArguments,
): Promise<CommandResult> {
  const result = await host.analysisOf(uri);
  const sidecar = result && host.sidecarTargetOf(result);
  if (!result || !sidecar || host.sideOf(uri, result) !== 'article') {
    return { applied: false, reason: 'Only words of an article with a sidecar can be recorded as a quote.' };
  }
  const { analysis } = result;
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start < end &&
    end <= analysis.article.length
  )) {
    return { applied: false, reason: 'The selected words are no longer there.' };
  }
  const entity = speaker === undefined ? undefined : analysis.entities.get(speaker);
  if (speaker !== undefined && !entity) return { applied: false, reason: `There is no entity '${speaker}'.` };
  if (entity?.type === 'place') return { applied: false, reason: `'${speaker}' is a place, which cannot speak.` };
  if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
  const settings = await host.settingsFor(uri);
  const format = isMarkdownPath(portable(result.article)) ? 'markdown' : 'plaintext';
  const declared = declaredQuoteEdits(
    sidecar.text,
    analysis,
    { start, end },
    speaker === undefined ? { anonymous: '' } : { speaker },
    (text) => analyze({ article: analysis.article, sidecar: text, format, settings: settings.analysis }),
  );
  if ('reason' in declared) return { applied: false, reason: declared.reason };
  const label = entity
    ? `Record the quote of ${entity.name?.text ?? entity.id}`
    : 'Record the quote of an anonymous source';
  return host.applyEdit(label, sidecarEdit(sidecar.target, declared.edits));
}

/** What the "Annotate as …" picker offers for the words at `start`–`end` of an article. */
export async function annotationChoicesFor(
  host: CommandHost,
  { uri, start, end, type }: AnnotationChoicesParams,
): Promise<AnnotationChoices | null> {
  const result = await host.analysisOf(uri);
  if (!result || host.sideOf(uri, result) !== 'article') return null;
  const { analysis } = result;
  if (!(0 <= start && start < end && end <= analysis.article.length)) return null;
  const choices = annotationChoices(analysis, { start, end }, type);
  const existing = choices.existing && analysis.entities.get(choices.existing.entity);
  return {
    name: choices.name,
    ...(existing && choices.existing
      ? { existing: { entity: entityChoiceOf(existing), how: choices.existing.how } }
      : {}),
    sameType: choices.sameType.map(entityChoiceOf),
  };
}

/**
 * The unattributed quote with these words nearest to where it was: the article may have
 * changed since the picker was offered, and an offset alone would then name another quote.
 */
function quoteByTextNear(quotes: readonly AnalyzedQuote[], text: string, start: number): AnalyzedQuote | undefined {
  let best: AnalyzedQuote | undefined;
  for (const quote of quotes) {
    if (!quote.unattributed || quote.text !== text) continue;
    if (!best || Math.abs(quote.outer.start - start) < Math.abs(best.outer.start - start)) best = quote;
  }
  return best;
}

/**
 * "Annotate as person / place / organization": adds the selected words to the article's
 * sidecar, creating the sidecar first when the article has none.
 */
async function annotate(host: CommandHost, { uri, words, type, entity }: AnnotateArguments): Promise<CommandResult> {
  const result = await host.analysisOf(uri);
  const label = `Annotate '${words.replace(/\s+/gu, ' ').trim()}' as ${entity ? `an alias of ${entity}` : type}`;
  if (result && host.sideOf(uri, result) === 'article') {
    const sidecar = host.sidecarTargetOf(result);
    if (sidecar) {
      if (!(await host.sidecarUnchanged(result))) return { applied: false, reason: SIDECAR_CHANGED };
      const edits = annotationEdits(sidecar.text, result.analysis, words, type, entity);
      if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
      return host.applyEdit(label, sidecarEdit(sidecar.target, edits));
    }
  }
  const created = await newSidecarFor(host, uri);
  if (created === 'unsaved') {
    return { applied: false, reason: 'Save the article first: its sidecar is a file next to it.' };
  }
  if (created === 'not-article') return { applied: false, reason: 'Only words in an article can be annotated.' };
  if (!host.canCreateFiles) {
    return {
      applied: false,
      reason: 'This editor cannot create files through the language server: create the sidecar first.',
    };
  }
  if (await host.exists(created.file)) {
    return { applied: false, reason: 'The sidecar could not be read; fix it and try again.' };
  }
  // A new sidecar: the skeleton with the language guessed, and the new entity in it, or an
  // entry that extends the registry entity the words are an alias of.
  const registryEntity = entity !== undefined && result?.analysis.entities.chain?.byId.has(entity) ? entity : undefined;
  const edits = annotationEdits(created.skeleton, result?.analysis, words, type, registryEntity);
  if (edits.length === 0) return { applied: false, reason: NOTHING_TO_WRITE };
  const text = applyEdits(created.skeleton, edits);
  const sidecarUri = host.uriOf(created.file);
  return host.applyEdit(label, {
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
export async function entityChoices(host: CommandHost, uri: string): Promise<EntityChoice[]> {
  const result = await host.analysisOf(uri);
  return (result?.analysis.entities.all() ?? []).map(entityChoiceOf);
}

/** The path and text of a new sidecar for an open article, for the "create sidecar" command. */
export async function skeletonFor(host: CommandHost, uri: string): Promise<SidecarSkeleton | null> {
  const created = await newSidecarFor(host, uri);
  return typeof created === 'string' ? null : { uri: host.uriOf(created.file), text: created.skeleton };
}

/**
 * Where the sidecar of an open article goes and what a new one starts with (the language
 * guessed from the article); or why it has none: the article is not saved as a file, or the
 * file is not an article.
 */
async function newSidecarFor(
  host: CommandHost,
  uri: string,
): Promise<{ file: string; skeleton: string } | 'unsaved' | 'not-article'> {
  const file = host.pathOf(uri);
  const articleText = host.openText(uri);
  if (!file || articleText === undefined) return 'unsaved';
  const settings = await host.settingsFor(uri);
  if (roleOf(portable(file), settings.sidecarSuffix) !== 'article') return 'not-article';
  return {
    file: native(sidecarPathFor(portable(file), settings.sidecarSuffix)),
    skeleton: sidecarSkeleton(path.basename(file), articleText, settings.analysis.language),
  };
}
