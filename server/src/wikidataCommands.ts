/**
 * The command line's `link` and `refresh`: the only commands that write files, and the only
 * ones that make requests.
 *
 * `link` links every entity of the sidecars and registries under the paths that has no
 * `wikidata:` to the one item the search finds whose label or alias is its name and whose kind
 * fits its type (core's `autoLinkChoice`), and lists the others with their candidates for a
 * person to decide. `refresh` fetches the facts of every linked entity again. Both keep the
 * facts in `wikidata.ann.json` and write sidecars only through the minimal edits of
 * `linkEdits`.
 *
 * Every request is made before anything is written: when Wikidata cannot be reached, the run
 * says why and writes nothing. A file is written only if it still holds the text that was read.
 */

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  applyEdits,
  autoLinkChoice,
  candidateSummary,
  emptyWikidataFile,
  kindFits,
  LineIndex,
  linkEdits,
  mergeFacts,
  nameMatches,
  parsedOnce,
  parseSidecar,
  parseWikidataFile,
  pruneFacts,
  referencedIds,
  serializeWikidataFile,
  summaryReferencedIds,
  WIKIDATA_FILE_NAME,
  type Entity,
  type EntityFacts,
  type LanguageCode,
  type ParsedSidecar,
  type WikidataFile,
} from './core';
import { analyzePair, findPairs, readTextFile, repositoryRoot, synchronousCalls, diskAccessThrough } from './files';
import { RegistryReader } from './registries';
import { terminalSafe } from './terminalText';
import type { RunSettings } from './workspaceSettings';
import {
  fetchFacts,
  fetchLabels,
  retrievedNow,
  searchEntities,
  WikidataError,
  type SearchCandidate,
  type WikidataOptions,
} from './wikidata';

/** What cli.ts gives the commands: the options, and how it finds settings and names files. */
export interface WikidataRun {
  command: 'link' | 'refresh';
  paths: readonly string[];
  dryRun: boolean;
  format: 'text' | 'json';
  /** `--language`: the language to search in, over the sidecars' own. */
  language: LanguageCode | undefined;
  client: WikidataOptions;
  settingsFor: (input: string) => Promise<RunSettings>;
  displayPath: (file: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** How many candidates a search keeps, and how many aliases are searched when the name finds none. */
const SEARCH_LIMIT = 7;
const ALIASES_SEARCHED = 3;

/** A sidecar or registry under the paths, as read. */
interface AnnotationFile {
  file: string;
  kind: 'sidecar' | 'registry';
  /** The text read (without a byte order mark): edits are computed on it, and it must still be there to write. */
  source: string;
  parsed: ParsedSidecar;
  /** The language to search in and to take descriptions in. */
  language: LanguageCode;
  lines: LineIndex;
}

/** An entity without a Wikidata id, to link. */
interface Task {
  file: AnnotationFile;
  entity: Entity;
  key: string;
}

/** What searching one name found: the candidates' facts, and the one to link to without asking. */
interface Decision {
  candidates: EntityFacts[];
  chosen: EntityFacts | undefined;
}

/** The files and the facts file one group of paths shares. */
interface Group {
  factsFile: string;
  inputs: string[];
  /** Whether a path given is the facts file's folder itself: every entity that uses it was seen. */
  wholeFolder: boolean;
}

class RunFailure extends Error {}

/** The facts file as read: what it holds, whether it exists, and its text. */
interface KeptFacts {
  file: WikidataFile;
  exists: boolean;
  text: string;
}

/** A facts file larger than this is not read (in bytes): thousands of entities take a few megabytes. */
export const MAX_FACTS_FILE_SIZE = 64 * 1024 * 1024;

/** Runs `link` or `refresh`; returns the exit code. */
export async function runWikidataCommand(run: WikidataRun): Promise<number> {
  const inputs = run.paths.length > 0 ? [...run.paths] : ['.'];
  const missing = inputs.filter((input) => !exists(input));
  if (missing.length > 0) {
    run.stderr(`article-annotations: ${missing.map((m) => `'${terminalSafe(m)}'`).join(', ')} not found.\n`);
    return 2;
  }
  try {
    let code = 0;
    const reports: object[] = [];
    for (const group of await groupsOf(inputs)) {
      const result = await runGroup(run, group);
      code = Math.max(code, result.code);
      reports.push(result.report);
    }
    if (run.format === 'json') {
      run.stdout(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
    }
    return code;
  } catch (error) {
    if (error instanceof WikidataError || error instanceof RunFailure) {
      run.stderr(`article-annotations: ${terminalSafe(error.message)} Nothing was written.\n`);
      return 2;
    }
    throw error;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The facts file of a path: the nearest `wikidata.ann.json` in the path's folder (the path
 * itself, or a file's folder) or above it, up to the folder holding `.git`; a new one in the
 * path's folder when there is none.
 */
async function factsFileFor(input: string): Promise<string> {
  const start = path.resolve(isDirectory(input) ? input : path.dirname(input));
  const root = await repositoryRoot(start, synchronousCalls);
  for (let folder = start; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, WIKIDATA_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (folder === root || path.dirname(folder) === folder) break;
  }
  return path.join(start, WIKIDATA_FILE_NAME);
}

async function groupsOf(inputs: readonly string[]): Promise<Group[]> {
  const groups = new Map<string, Group>();
  for (const input of inputs) {
    const factsFile = await factsFileFor(input);
    let group = groups.get(factsFile);
    if (!group) {
      group = { factsFile, inputs: [], wholeFolder: false };
      groups.set(factsFile, group);
    }
    group.inputs.push(input);
    if (isDirectory(input) && path.resolve(input) === path.dirname(factsFile)) group.wholeFolder = true;
  }
  return [...groups.values()];
}

/** Reads the facts file, if there is one; a file that cannot be understood stops the run before any request. */
async function readFactsFile(run: WikidataRun, factsFile: string): Promise<KeptFacts> {
  if (!exists(factsFile)) return { file: emptyWikidataFile(), exists: false, text: '' };
  const shown = terminalSafe(run.displayPath(factsFile));
  // Read (and later written) only where it really lies in its folder: not through a link out of it.
  const read = await readTextFile(factsFile, MAX_FACTS_FILE_SIZE, synchronousCalls, path.dirname(factsFile));
  if (!read.ok) throw new RunFailure(`${shown} cannot be read: ${read.reason}.`);
  const { file, problems } = parseWikidataFile(read.text);
  const fatal = problems.find((problem) => problem.path === '' || problem.path === 'version');
  if (fatal && !fatal.message.includes('read as version 1')) {
    throw new RunFailure(`${shown}: ${fatal.message} Fix or remove it, then run again.`);
  }
  for (const problem of problems) {
    run.stderr(`article-annotations: warning: ${shown}: ${terminalSafe(problem.message)}\n`);
  }
  return { file, exists: true, text: read.text };
}

/** The sidecars and registries under a group's paths, read and parsed, with their languages. */
async function readAnnotations(
  run: WikidataRun,
  group: Group,
): Promise<{ files: AnnotationFile[]; unreadable: number }> {
  const disk = diskAccessThrough(synchronousCalls);
  const reader = new RegistryReader(disk, synchronousCalls, run.displayPath);
  const files: AnnotationFile[] = [];
  const seen = new Set<string>();
  let unreadable = 0;
  const registries: { file: string; within: string; run: RunSettings }[] = [];
  // The languages of the articles that see each registry, to search its entities in.
  const registryLanguages = new Map<string, Map<LanguageCode, number>>();
  const warn = (file: string, reason: string): void => {
    unreadable++;
    run.stderr(
      `article-annotations: ${terminalSafe(run.displayPath(file))}: ${terminalSafe(reason)}; it is skipped.\n`,
    );
  };
  for (const input of group.inputs) {
    const settings = await run.settingsFor(input);
    const found = await findPairs([input], settings.suffix, synchronousCalls);
    for (const registry of found.registries) {
      if (!seen.has(path.resolve(registry.file))) {
        seen.add(path.resolve(registry.file));
        registries.push({ file: registry.file, within: registry.within, run: settings });
      }
    }
    for (const pair of found.pairs) {
      const key = path.resolve(pair.sidecar!);
      if (seen.has(key)) continue;
      seen.add(key);
      const { chain, files: seenRegistries } = await reader.forPair(
        pair,
        settings.suffix,
        settings.analysis.maxFileSize,
      );
      const result = await analyzePair(pair, settings.analysis, settings.suffix, run.language, disk, chain);
      const parsed = result.analysis.parsedSidecar;
      const unusable = result.diagnostics.find(
        ({ file, diagnostic }) =>
          file === pair.sidecar && (diagnostic.code === 'unreadable-file' || diagnostic.code === 'file-too-large'),
      );
      if (unusable || !parsed) {
        warn(pair.sidecar!, unusable?.diagnostic.message ?? 'it cannot be read');
        continue;
      }
      if (parsed.diagnostics.some((diagnostic) => diagnostic.code === 'yaml-syntax')) {
        warn(pair.sidecar!, 'it has a YAML syntax error (see check)');
        continue;
      }
      const language = result.analysis.language;
      files.push({
        file: pair.sidecar!,
        kind: 'sidecar',
        source: parsed.source,
        parsed,
        language,
        lines: result.analysis.sidecarLines,
      });
      for (const registry of seenRegistries) {
        const counts = registryLanguages.get(path.resolve(registry.file)) ?? new Map<LanguageCode, number>();
        counts.set(language, (counts.get(language) ?? 0) + 1);
        registryLanguages.set(path.resolve(registry.file), counts);
      }
    }
  }
  for (const registry of registries) {
    const read = await reader.read(registry.file, registry.run.analysis.maxFileSize, registry.within);
    if (!read) continue;
    if (!read.parsed || !read.read.ok) {
      warn(registry.file, read.unreadable ?? 'it cannot be read');
      continue;
    }
    if (read.parsed.diagnostics.some((diagnostic) => diagnostic.code === 'yaml-syntax')) {
      warn(registry.file, 'it has a YAML syntax error (see check)');
      continue;
    }
    const setting = registry.run.analysis.language;
    const counts =
      registryLanguages.get(path.resolve(registry.file)) ??
      (await sidecarLanguagesBelow(registry.file, registry.run.suffix, registry.run.analysis.maxFileSize));
    const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const language = run.language ?? (setting !== 'auto' ? setting : (common ?? 'en'));
    const parsed = parseSidecar(read.read.text, 'registry');
    files.push({
      file: registry.file,
      kind: 'registry',
      source: parsed.source,
      parsed,
      language,
      lines: new LineIndex(parsed.source),
    });
  }
  return { files, unreadable };
}

/** How many sidecars below a registry name each language, of the first hundred: for a registry linked without its articles. */
async function sidecarLanguagesBelow(
  registry: string,
  suffix: string,
  maxFileSize: number,
): Promise<Map<LanguageCode, number>> {
  const counts = new Map<LanguageCode, number>();
  const folder = path.dirname(registry);
  const { pairs } = await findPairs([folder], suffix, synchronousCalls);
  for (const pair of pairs.slice(0, 100)) {
    const read = await readTextFile(pair.sidecar!, maxFileSize, synchronousCalls, folder);
    const language = read.ok && read.text.length <= maxFileSize ? parseSidecar(read.text).sidecar.language : undefined;
    if (language !== undefined) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return counts;
}

/** Where an entity is written: `file:line:column` of its id. */
function place(run: WikidataRun, file: AnnotationFile, entity: Entity): { file: string; line: number; column: number } {
  const position = file.lines.positionAt(entity.idSpan.start);
  return { file: run.displayPath(file.file), line: position.line + 1, column: position.character + 1 };
}

/** The searches of one run: each text is searched once per language, however many entities bear it. */
export class Searches {
  private readonly found = new Map<string, Promise<SearchCandidate[]>>();

  constructor(private readonly client: WikidataOptions) {}

  search(text: string, language: LanguageCode): Promise<SearchCandidate[]> {
    const key = `${language}\u0000${text}`;
    let hits = this.found.get(key);
    if (!hits) {
      hits = searchEntities(this.client, text, language, SEARCH_LIMIT);
      this.found.set(key, hits);
    }
    return hits;
  }

  /** The items found for an entity: by its name in the language, then in English, then by its aliases. */
  async candidates(entity: Entity, language: LanguageCode): Promise<string[]> {
    const name = entity.name!.text;
    let hits = await this.search(name, language);
    if (hits.length === 0 && language !== 'en') hits = await this.search(name, 'en');
    if (hits.length === 0) {
      hits = [];
      for (const alias of entity.aliases.slice(0, ALIASES_SEARCHED))
        hits.push(...(await this.search(alias.text, language)));
    }
    return [...new Set(hits.map((hit) => hit.id))].slice(0, SEARCH_LIMIT);
  }
}

interface GroupResult {
  code: number;
  report: object;
}

/** Writes a file if it still holds the text that was read (a byte order mark kept); false when it changed. */
function writeIfUnchanged(file: string, expected: string, text: string): boolean {
  let current: string;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const bom = current.startsWith('\uFEFF') ? '\uFEFF' : '';
  if (current.slice(bom.length) !== expected) return false;
  writeFileSync(file, bom + text);
  return true;
}

async function runGroup(run: WikidataRun, group: Group): Promise<GroupResult> {
  const facts = await readFactsFile(run, group.factsFile);
  const { files, unreadable } = await readAnnotations(run, group);
  return run.command === 'link'
    ? linkGroup(run, group, facts, files, unreadable)
    : refreshGroup(run, group, facts, files, unreadable);
}

async function linkGroup(
  run: WikidataRun,
  group: Group,
  kept: KeptFacts,
  files: readonly AnnotationFile[],
  unreadable: number,
): Promise<GroupResult> {
  const { client } = run;
  const tasks: Task[] = [];
  const linkedIds = new Set<string>();
  for (const file of files) {
    for (const entity of file.parsed.sidecar.entities) {
      if (entity.wikidata !== undefined) {
        linkedIds.add(entity.wikidata);
        continue;
      }
      // An entry that extends a registry's entity is linked in the registry.
      if (entity.partial || !entity.name || entity.name.text.trim() === '') continue;
      tasks.push({
        file,
        entity,
        key: [file.language, entity.type, entity.name.text, ...entity.aliases.map((a) => a.text)].join('\u0000'),
      });
    }
  }
  // Reported by file, then in the file's order.
  const shown = new Map(files.map((file) => [file, run.displayPath(file.file)]));
  tasks.sort(
    (a, b) =>
      (shown.get(a.file)! < shown.get(b.file)! ? -1 : shown.get(a.file)! > shown.get(b.file)! ? 1 : 0) ||
      a.entity.idSpan.start - b.entity.idSpan.start,
  );
  // Requests: one search per distinct name and language; then the candidates' entities
  // and the facts of linked entities the file lacks, 50 a request; then the labels they name.
  const searches = new Searches(client);
  const searched = new Map<string, string[]>();
  for (const task of tasks) {
    if (!searched.has(task.key)) searched.set(task.key, await searches.candidates(task.entity, task.file.language));
  }
  const lacking = [...linkedIds].filter((id) => kept.file.entities[id] === undefined);
  const retrieved = retrievedNow(client.now);
  const fetched = await fetchFacts(client, [...new Set([...[...searched.values()].flat(), ...lacking])], retrieved);
  const factsById = new Map(fetched.facts.map((item) => [item.id, item]));
  const decisions = new Map<string, Decision>();
  for (const task of tasks) {
    if (decisions.has(task.key)) continue;
    const candidates = searched.get(task.key)!.flatMap((id) => factsById.get(id) ?? []);
    const name = task.entity.name!.text;
    decisions.set(task.key, { candidates, chosen: autoLinkChoice({ name, type: task.entity.type }, candidates) });
  }
  const newFacts: EntityFacts[] = lacking.flatMap((id) => factsById.get(id) ?? []);
  const wantedLabels = new Set<string>();
  for (const task of tasks) {
    const decision = decisions.get(task.key)!;
    if (decision.chosen) newFacts.push(decision.chosen);
    else
      for (const candidate of decision.candidates)
        summaryReferencedIds(candidate).forEach((id) => wantedLabels.add(id));
  }
  for (const item of newFacts) referencedIds(item).forEach((id) => wantedLabels.add(id));
  const labelIds = [...wantedLabels].filter((id) => kept.file.labels[id] === undefined);
  const labels = { ...kept.file.labels, ...(await fetchLabels(client, labelIds)) };

  // Every request is made: now the edits, and the report.
  const linked: object[] = [];
  const undecided: object[] = [];
  const textLines: string[] = [];
  const editsByFile = new Map<AnnotationFile, ReturnType<typeof linkEdits>>();
  const editSources = new Map<AnnotationFile, ReturnType<typeof parsedOnce>>();
  for (const task of tasks) {
    const { file, entity } = task;
    const decision = decisions.get(task.key)!;
    const where = place(run, file, entity);
    const prefix = `${terminalSafe(where.file)}:${where.line}:${where.column}: ${terminalSafe(entity.id)}`;
    const chosen = decision.chosen;
    if (chosen) {
      const description = entity.description === undefined ? chosen.descriptions[file.language] : undefined;
      const coordinates = entity.type === 'place' && entity.coordinates === undefined ? chosen.coordinates : undefined;
      // One parse per file for all its entities: a registry may link thousands.
      let editSource = editSources.get(file);
      if (!editSource) {
        editSource = parsedOnce(file.source);
        editSources.set(file, editSource);
      }
      const edits = linkEdits(editSource, entity.id, {
        wikidata: chosen.id,
        ...(description !== undefined ? { description } : {}),
        ...(coordinates !== undefined ? { coordinates } : {}),
      });
      editsByFile.set(file, [...(editsByFile.get(file) ?? []), ...edits]);
      const summary = candidateSummary(chosen, labels, file.language);
      linked.push({
        ...where,
        entity: entity.id,
        name: entity.name!.text,
        type: entity.type,
        wikidata: chosen.id,
        summary,
        description: description ?? null,
        coordinates: coordinates ?? null,
      });
      textLines.push(
        `${prefix} ${run.dryRun ? 'would be linked' : 'linked'} to ${chosen.id}: ${terminalSafe(summary)}\n`,
      );
      continue;
    }
    const name = entity.name!.text;
    const candidates = decision.candidates.map((candidate) => ({
      id: candidate.id,
      summary: candidateSummary(candidate, labels, file.language),
      nameMatches: nameMatches(name, candidate),
      kindFits: kindFits(entity.type, candidate),
    }));
    const fitting = candidates.filter((candidate) => candidate.nameMatches && candidate.kindFits).length;
    const reason = candidates.length === 0 ? 'no-candidates' : fitting > 1 ? 'ambiguous' : 'no-exact-match';
    undecided.push({ ...where, entity: entity.id, name, type: entity.type, reason, candidates });
    const why =
      reason === 'no-candidates'
        ? 'no candidate found'
        : reason === 'ambiguous'
          ? `${fitting} candidates fit; pick one`
          : `no candidate is a ${entity.type} named '${name}'; pick one if it is there`;
    textLines.push(`${prefix} not linked: ${terminalSafe(why)}\n`);
    for (const candidate of candidates) {
      textLines.push(`    ${candidate.id} ${terminalSafe(candidate.summary)}\n`);
    }
  }

  // The new texts, checked before anything is written.
  const written: string[] = [];
  const changed: string[] = [];
  const newTexts = new Map<AnnotationFile, string>();
  for (const [file, edits] of editsByFile) {
    if (edits.length === 0) continue;
    const text = applyEdits(file.source, edits);
    if (parseSidecar(text, file.kind).diagnostics.some((diagnostic) => diagnostic.code === 'yaml-syntax')) {
      throw new RunFailure(`The links for ${run.displayPath(file.file)} would break its YAML; this is a bug.`);
    }
    newTexts.set(file, text);
  }
  const merged = mergeFacts(kept.file, newFacts, labels);
  const factsText = serializeWikidataFile(merged);
  const factsChanged = newFacts.length > 0 && factsText !== kept.text;
  if (!run.dryRun) {
    for (const [file, text] of newTexts) {
      if (writeIfUnchanged(file.file, file.source, text)) written.push(run.displayPath(file.file));
      else changed.push(run.displayPath(file.file));
    }
    if (factsChanged) {
      writeFileSync(group.factsFile, factsText);
      written.push(run.displayPath(group.factsFile));
    }
  }
  for (const file of changed) {
    run.stderr(
      `article-annotations: ${terminalSafe(file)} changed while linking; it was not written. Run link again.\n`,
    );
  }
  if (run.format === 'text') {
    if (textLines.length > 0) run.stdout(textLines.join(''));
    const outcome = run.dryRun
      ? `nothing written (--dry-run)`
      : written.length > 0
        ? `wrote ${written.map(terminalSafe).join(', ')}`
        : 'nothing to write';
    const count = `${linked.length} ${linked.length === 1 ? 'entity' : 'entities'}`;
    run.stderr(`${count} ${run.dryRun ? 'to link' : 'linked'}, ${undecided.length} left to decide; ${outcome}.\n`);
  }
  const report = {
    command: 'link',
    dryRun: run.dryRun,
    facts: run.displayPath(group.factsFile),
    linked,
    undecided,
    written,
    notWritten: changed,
  };
  return { code: unreadable > 0 || changed.length > 0 ? 2 : 0, report };
}

async function refreshGroup(
  run: WikidataRun,
  group: Group,
  kept: KeptFacts,
  files: readonly AnnotationFile[],
  unreadable: number,
): Promise<GroupResult> {
  const { client } = run;
  const ids = new Set<string>();
  for (const file of files) {
    for (const entity of file.parsed.sidecar.entities) if (entity.wikidata !== undefined) ids.add(entity.wikidata);
  }
  const wanted = [...ids];
  const fetched = await fetchFacts(client, wanted, retrievedNow(client.now));
  const labels = await fetchLabels(client, [...new Set(fetched.facts.flatMap(referencedIds))]);
  // Facts of ids that nothing links any more go, when the run saw every file that uses the facts file.
  const base = group.wholeFolder ? pruneFacts(kept.file, (id) => ids.has(id)) : kept.file;
  const merged = mergeFacts(base, fetched.facts, labels);
  const factsText = serializeWikidataFile(merged);
  const written: string[] = [];
  const changes = factsText !== kept.text && (kept.exists || fetched.facts.length > 0);
  if (!run.dryRun && changes) {
    writeFileSync(group.factsFile, factsText);
    written.push(run.displayPath(group.factsFile));
  }
  const removed = Object.keys(kept.file.entities).filter((id) => merged.entities[id] === undefined);
  if (run.format === 'text') {
    const lines: string[] = [];
    for (const id of fetched.missing) lines.push(`${id}: not found on Wikidata; its kept facts stay as they were.\n`);
    for (const { from, to } of fetched.redirects) {
      lines.push(`${from}: now redirects to ${to}; link the entities to ${to}.\n`);
    }
    for (const id of removed) lines.push(`${id}: no entity links it any more; its facts were removed.\n`);
    if (lines.length > 0) run.stdout(lines.join(''));
    const outcome = run.dryRun
      ? 'nothing written (--dry-run)'
      : written.length > 0
        ? `wrote ${written.map(terminalSafe).join(', ')}`
        : 'nothing changed';
    run.stderr(
      `${fetched.facts.length} linked ${fetched.facts.length === 1 ? 'entity' : 'entities'} refreshed; ${outcome}.\n`,
    );
  }
  const report = {
    command: 'refresh',
    dryRun: run.dryRun,
    facts: run.displayPath(group.factsFile),
    refreshed: fetched.facts.map((item) => item.id),
    missing: fetched.missing,
    redirects: fetched.redirects,
    removed,
    written,
  };
  return { code: unreadable > 0 ? 2 : 0, report };
}
