/**
 * The protocol between the VS Code client and the server, beyond LSP: custom requests and
 * notifications, the server's commands and the client's, with their parameters and results.
 * Both sides import this module, so a name or a shape cannot drift between them. It holds
 * types and names only: the client bundles it without any of the server.
 */

import { NotificationType, RequestType, type Position, type Range } from 'vscode-languageserver-protocol';
import type { AnnotationType } from './core/ide/actions';
import type { ReportScope } from './core/report/html';
import type { Report } from './core/report/report';

export type { AnnotationType, Report, ReportScope };

/** The summary behind the status bar item: "12 entities · 7 quotes · 3 unattributed". */
export interface Status {
  /** URI of the article. */
  article: string;
  /** URI of the sidecar, or null when the article has none. */
  sidecar: string | null;
  entities: number;
  mentions: number;
  quotes: number;
  speech: number;
  unattributed: number;
  problems: number;
}

export interface DocumentParams {
  uri: string;
}

/** The status of the pair a document belongs to; null for a file that is in no pair. */
export const StatusRequest = new RequestType<DocumentParams, Status | null, void>('articleAnnotations/status');

/** An entity as the client's pickers show it. */
export interface EntityChoice {
  id: string;
  name: string;
  type: string;
  description: string;
}

/** The entities of an article's sidecar, for the "annotate as" picker. */
export const EntitiesRequest = new RequestType<DocumentParams, EntityChoice[], void>('articleAnnotations/entities');

export interface SidecarSkeleton {
  /** URI of the new sidecar. */
  uri: string;
  text: string;
}

/** Where a new sidecar for an article goes and what it starts with; null for a non-article. */
export const SidecarSkeletonRequest = new RequestType<DocumentParams, SidecarSkeleton | null, void>(
  'articleAnnotations/sidecarSkeleton',
);

/** Sent after every refresh, so that the client updates its status bar. */
export const AnalysisChangedNotification = new NotificationType<Record<string, never>>(
  'articleAnnotations/analysisChanged',
);

/** The server's command that attributes a quote to the speaker picked in the client. */
export const ATTRIBUTE_COMMAND = 'articleAnnotations.server.attribute';

export interface AttributeArguments {
  articleUri: string;
  /** Where the quote's opening mark was when the picker was offered. */
  quoteStart: number;
  /** The quoted words then: the quote is found by them and the position together. */
  quoteText: string;
  speaker: string;
}

/** The server's command that annotates selected words as an entity or an alias. */
export const ANNOTATE_COMMAND = 'articleAnnotations.server.annotate';

export interface AnnotateArguments {
  uri: string;
  words: string;
  type: AnnotationType;
  /** The entity the words become an alias of; a new entity when absent. */
  entity?: string;
}

/**
 * The server's command that removes an entity from the sidecar, with the quote entries that name
 * it as speaker and the `via:` values that name it as outlet.
 */
export const REMOVE_ENTITY_COMMAND = 'articleAnnotations.server.removeEntity';

export interface RemoveEntityArguments {
  /** The article or the sidecar of the pair. */
  uri: string;
  entity: string;
}

/** The server's command that removes a quote entry, so that its quote is unattributed again. */
export const REMOVE_ATTRIBUTION_COMMAND = 'articleAnnotations.server.removeAttribution';

export interface RemoveAttributionArguments {
  uri: string;
  /** The entry's place in `quotes:`. */
  entry: number;
  /** Its words when it was offered (null for an entry without text): the entry must still have them. */
  text: string | null;
}

/** What can be removed at a position, or for an entity: what the client shows before it asks. */
export interface RemovalTargetsParams {
  uri: string;
  position?: Position;
  /** The entity to remove, when the client knows it already (from a code action). */
  entity?: string;
}

export interface EntityRemovalPreview {
  id: string;
  name: string;
  /** The words of the quote entries that name it as speaker, which are removed with it. */
  speakerQuotes: string[];
  /** The words of the quote entries that name it as outlet, whose `via:` is removed. */
  viaQuotes: string[];
}

export interface RemovalTargets {
  entity: EntityRemovalPreview | null;
  attribution: { entry: number; text: string | null; title: string } | null;
}

export const RemovalTargetsRequest = new RequestType<RemovalTargetsParams, RemovalTargets, void>(
  'articleAnnotations/removalTargets',
);

/**
 * The client's command that lists the quotes naming an entity and asks before it runs
 * `REMOVE_ENTITY_COMMAND`; its argument is a `RemoveEntityArguments`, or none for the cursor's.
 */
export const CONFIRM_REMOVE_ENTITY_COMMAND = 'articleAnnotations.removeEntity';

/** The client's command that removes the attribution at the cursor. */
export const REMOVE_ATTRIBUTION_AT_CURSOR_COMMAND = 'articleAnnotations.removeAttribution';

/** What a server command answers: whether the sidecar changed, and why not. */
export interface CommandResult {
  applied: boolean;
  reason?: string;
}

/** The client's command that offers every possible speaker of a quote in a picker. */
export const PICK_SPEAKER_COMMAND = 'articleAnnotations.attributeQuote';

export interface PickSpeakerArguments {
  articleUri: string;
  quoteStart: number;
  quoteText: string;
  /** The suggested speaker first. */
  candidates: EntityChoice[];
}

/**
 * The client's command a code lens runs to show an entity's references; its arguments are the
 * document URI, the lens position and the locations, as JSON.
 */
export const SHOW_REFERENCES_COMMAND = 'articleAnnotations.showReferences';

/** An entity as the Quotes view names it. */
export interface QuoteSpeaker {
  id: string;
  name: string;
}

/** A quote as the Quotes view lists it. */
export interface QuoteItem {
  /** The quote with its quotation marks. */
  range: Range;
  /** The quoted words, which the view selects. */
  selection: Range;
  /** Offset of the opening mark, for the server's commands. */
  start: number;
  /** The quoted words in full, for the server's commands. */
  text: string;
  /** The quote shortened for the list, with its quotation marks. */
  label: string;
  /** Whether it is a title, name or scare quote rather than speech. */
  term: boolean;
  /** Whether it is speech that needs an attribution and has none. */
  unattributed: boolean;
  speaker?: QuoteSpeaker;
  /** The description of an anonymous source (may be empty), when it is marked so. */
  anonymous?: string;
  /** The speaker the sentence suggests, for an unattributed quote. */
  suggestion?: QuoteSpeaker;
}

export interface QuoteGroupItem {
  kind: 'unattributed' | 'anonymous' | 'speaker' | 'term';
  /** "Unattributed", "Anonymous sources", a speaker's name, "Terms". */
  name: string;
  speaker?: QuoteSpeaker;
  quotes: QuoteItem[];
}

export interface QuoteList {
  /** URI of the article the quotes are in (the request may name its sidecar). */
  article: string;
  groups: QuoteGroupItem[];
}

/** The quotes of the article a document belongs to, grouped; null for a file in no pair. */
export const QuotesRequest = new RequestType<DocumentParams, QuoteList | null, void>('articleAnnotations/quotes');

/** The server's command that marks a quote as a term (a title or scare quote, not speech). */
export const MARK_TERM_COMMAND = 'articleAnnotations.server.markTerm';

/** Which quote a command is about: found by its words and where it was together. */
export type QuoteArguments = Omit<AttributeArguments, 'speaker'>;

/**
 * The server's command that records selected words without quotation marks as a quote (a quote
 * entry the detector honours), attributed to a speaker or to an anonymous source.
 */
export const DECLARE_QUOTE_COMMAND = 'articleAnnotations.server.declareQuote';

export interface DeclareQuoteArguments {
  uri: string;
  /** The selected words, as offsets in the article. */
  start: number;
  end: number;
  /** The speaker's id; without it, the quote is marked as from an anonymous source. */
  speaker?: string;
}

/** The server's command that creates a speaker typed into the picker and attributes the quote to it. */
export const CREATE_AND_ATTRIBUTE_COMMAND = 'articleAnnotations.server.createAndAttribute';

export interface CreateAndAttributeArguments extends QuoteArguments {
  name: string;
  type: 'person' | 'organization' | 'document';
}

export interface AnnotationChoicesParams {
  uri: string;
  /** The selected words, as offsets in the document. */
  start: number;
  end: number;
  type: AnnotationType;
}

/** What the "Annotate as …" picker offers for selected words (see core/ide/picker.ts). */
export interface AnnotationChoices {
  /** The name a new entity would get: the words without a possessive or genitive ending. */
  name: string;
  /** The entity the words already name: as its mention (nothing to do), or as its surname. */
  existing?: { entity: EntityChoice; how: 'mention' | 'surname' };
  /** The entities of the chosen type, which the words could become an alias of. */
  sameType: EntityChoice[];
}

export const AnnotationChoicesRequest = new RequestType<AnnotationChoicesParams, AnnotationChoices | null, void>(
  'articleAnnotations/annotationChoices',
);

/**
 * What the speaker picker offers for a quote of the Quotes view: the same as the "Attribute
 * to…" quick fix; null when the quote is no longer there or has an attribution.
 */
export const SpeakerChoicesRequest = new RequestType<QuoteArguments, PickSpeakerArguments | null, void>(
  'articleAnnotations/speakerChoices',
);

/**
 * The client's command behind **Link to Wikidata…**: it asks the server for the candidates,
 * shows them in a picker and runs `LINK_WIKIDATA_COMMAND` with the one picked. Its argument is
 * a `WikidataCandidatesParams` naming the entity (from a code action), or none for the
 * entity at the cursor.
 */
export const PICK_WIKIDATA_COMMAND = 'articleAnnotations.linkWikidata';

export interface WikidataCandidatesParams {
  /** The article, sidecar or registry the entity is seen from. */
  uri: string;
  /** The entity to link; without it, the one whose mention or key is at `position`. */
  entity?: string;
  /** How the progress of the search names the entity (its name, where the action knows it). */
  name?: string;
  position?: Position;
}

/** An item found on Wikidata, with what tells it apart from the others. */
export interface WikidataCandidate {
  id: string;
  /** Its label in the article's language (or English). */
  label: string;
  description?: string;
  /** The years of birth and death, or the country; what it is: `1970–, Mensch`. */
  details: string;
  /** The one whose label or alias is the entity's name and whose kind fits its type, if only one does. */
  recommended: boolean;
}

/** The entity a search was for: its id, name and type, and the file its link goes into. */
export interface WikidataSearchedEntity {
  id: string;
  name: string;
  type: string;
  /** The sidecar or registry the link is written into, as a URI. */
  definedIn: string;
}

/**
 * What searching Wikidata for an entity found, in the search's order; or why nothing can be
 * offered (no entity there, no network, an error of the API), in a sentence for the user.
 */
export type WikidataCandidates =
  | { entity: WikidataSearchedEntity; candidates: WikidataCandidate[] }
  | { entity?: WikidataSearchedEntity; error: string };

/**
 * Searches Wikidata for an entity: by its name in the article's language, then in English,
 * then by its aliases. One of the two places the editor makes requests (the other is
 * `LINK_WIKIDATA_COMMAND`), and only because the user ran **Link to Wikidata…**.
 */
export const WikidataCandidatesRequest = new RequestType<WikidataCandidatesParams, WikidataCandidates, void>(
  'articleAnnotations/wikidataCandidates',
);

/**
 * The server's command that links an entity to the item picked: `wikidata:` and what the entry
 * lacks written into its sidecar or registry, and the item's facts into `wikidata.ann.json`, in
 * one edit.
 */
export const LINK_WIKIDATA_COMMAND = 'articleAnnotations.server.linkWikidata';

export interface LinkWikidataArguments {
  /** The article, sidecar or registry the entity is seen from. */
  uri: string;
  entity: string;
  /** The item id picked, `Q` and digits. */
  wikidata: string;
}

/** Which articles a sources report covers, seen from a document. */
export interface ReportScopeParams {
  /** `article`: the document's article; `folder`: its folder and those below; `workspace`: all. */
  scope: ReportScope;
  /** The article or sidecar the scope is seen from; null for the workspace without one. */
  uri: string | null;
}

export interface SourcesReportParams extends ReportScopeParams {
  /** The keys to group by (`--by` of the command line); `articleAnnotations.report.groupBy` when absent. */
  by?: string[];
  /** The nonce and the webview source of the page the HTML is for (its CSP names them). */
  nonce: string;
  cspSource: string;
}

export interface SourcesReport {
  /** The report; its speakers, entities and articles cut at the panel's row limit (PANEL_ROW_LIMIT). */
  report: Report;
  /** The Sources panel's page (core/report/html.ts, panel mode). */
  html: string;
  /** The scope of the report, which falls back to the workspace when no article is at hand. */
  scope: ReportScope;
  /** The article's or folder's path in the workspace, or "the workspace". */
  scopeLabel: string;
  /** False while the workspace index is still being built: the figures will grow. */
  complete: boolean;
}

/** Who gets quoted in the articles of a scope: the report and its page. */
export const SourcesReportRequest = new RequestType<SourcesReportParams, SourcesReport, void>(
  'articleAnnotations/sourcesReport',
);

export interface SpeakerQuotesParams extends ReportScopeParams {
  /** The speaker's key, as the report's speaker rows name it. */
  speaker: string;
}

/** A quote of a speaker as the Sources panel's list shows it. */
export interface SpeakerQuote {
  /** URI of the article. */
  uri: string;
  /** The article's path in the workspace. */
  article: string;
  /** The quoted words. */
  range: Range;
  /** The quoted words, shortened. */
  text: string;
}

export interface SpeakerQuotes {
  /** The speaker's name; null when no article in scope quotes the key. */
  name: string | null;
  quotes: SpeakerQuote[];
}

/** The quotes of one speaker in the articles of a scope, by article path and then position. */
export const SpeakerQuotesRequest = new RequestType<SpeakerQuotesParams, SpeakerQuotes, void>(
  'articleAnnotations/speakerQuotes',
);
