/**
 * The facts that hover cards show: `wikidata.ann.json` at the root of each workspace folder,
 * read as the analyses read files (the open buffer first, else the disk until a watcher says
 * it changed) and parsed once per version. Reading it never asks Wikidata.
 *
 * A file that cannot be used (not JSON, say after a merge conflict, or of another version)
 * leaves the cards without facts: the cards of linked entities say why, and the problems of a
 * file are written to the log once per version, each value of the wrong type included.
 */

import * as path from 'node:path';
import {
  emptyWikidataFile,
  parseWikidataFile,
  WIKIDATA_FILE_NAME,
  type WikidataFile,
  type WikidataFileProblem,
} from './core';
import { MAX_FACTS_FILE_SIZE } from './wikidataCommands';
import type { ArticleWorkspace } from './workspace';

/** The facts file of a folder as read now. */
export interface KeptFacts {
  /** The file's path. */
  path: string;
  /** Whether the file exists. */
  exists: boolean;
  /** Its text, when it could be read; edits are computed on it. */
  text?: string;
  /** What it holds: empty when it is missing or cannot be used. */
  file: WikidataFile;
  /** Why the file cannot be used at all, in a sentence that names it; undefined when it can. */
  unusable?: string;
  problems: WikidataFileProblem[];
}

export class KeptFactsFiles {
  private readonly parsed = new Map<string, { version: string; facts: KeptFacts }>();

  constructor(
    private readonly workspace: ArticleWorkspace,
    /** Where the problems of a file go: the server's log. */
    private readonly log: (message: string) => void,
  ) {}

  /** Where the facts for a file are kept: `wikidata.ann.json` at the root of its workspace folder. */
  async pathFor(file: string): Promise<string> {
    return path.join(await this.workspace.rootOf(file), WIKIDATA_FILE_NAME);
  }

  /** The facts kept for a file (an article, a sidecar or a registry), parsed once per version of the facts file. */
  async factsFor(file: string): Promise<KeptFacts> {
    return this.read(await this.pathFor(file));
  }

  /** The facts file at `factsPath`, parsed once per version. */
  async read(factsPath: string): Promise<KeptFacts> {
    const { read, version } = await this.workspace.readVersioned(factsPath, MAX_FACTS_FILE_SIZE);
    const cached = this.parsed.get(factsPath);
    if (cached?.version === version) return cached.facts;
    let facts: KeptFacts;
    if (read.ok && read.text.length <= MAX_FACTS_FILE_SIZE) {
      const { file, problems } = parseWikidataFile(read.text);
      const fatal = problems.find((problem) => problem.fatal);
      facts = {
        path: factsPath,
        exists: true,
        text: read.text,
        file,
        problems,
        ...(fatal ? { unusable: `${WIKIDATA_FILE_NAME} cannot be used: ${fatal.message}` } : {}),
      };
    } else if (!read.ok && read.missing) {
      facts = { path: factsPath, exists: false, file: emptyWikidataFile(), problems: [] };
    } else {
      const reason = read.ok || read.tooLarge !== undefined ? 'it is too large' : read.reason;
      const message = `${WIKIDATA_FILE_NAME} cannot be read: ${reason}.`;
      facts = {
        path: factsPath,
        exists: true,
        file: emptyWikidataFile(),
        problems: [{ path: '', message, fatal: true }],
        unusable: message,
      };
    }
    for (const problem of facts.problems) this.log(`${factsPath}: ${problem.message}`);
    this.parsed.set(factsPath, { version, facts });
    return facts;
  }
}
