/**
 * The command line: `article-annotations check|quotes|mentions|report|link|refresh`. It runs the
 * same engine as the language server. `check`, `quotes` and `mentions` never write a file;
 * `report` (reportCommand.ts) writes only the file of `--out`; `link` and `refresh`
 * (wikidataCommands.ts) ask Wikidata and write sidecars, registries and `wikidata.ann.json`,
 * sidecars and registries only through minimal edits. The command starts in cliLauncher.ts,
 * which runs this file's bundle as its own module.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import {
  DEFAULT_SETTINGS,
  DEFAULT_SIDECAR_SUFFIX,
  DIAGNOSTIC_CODES,
  documentationUrl,
  nameClosestPassages,
  parseGroupKey,
  parseLanguageTag,
  type Analysis,
  type AnalysisSettings,
  type CoreDiagnostic,
  type DiagnosticCode,
  type LanguageCode,
  type LineIndex,
  type Severity,
  unusedEntityDiagnostics,
} from './core';
import { displayPath } from './displayPath';
import { terminalSafe } from './terminalText';
import {
  analyzePair,
  diskAccessThrough,
  findPairs,
  findPairsUnderSettings,
  synchronousCalls,
  type FilePair,
  type PairAnalysis,
} from './files';
import {
  checkRegistry,
  collectRegistryUses,
  RegistryReader,
  type PairRegistries,
  type RegistryRead,
} from './registries';
import {
  charactersOfMegabytes,
  DEFAULT_WIKIDATA_ENDPOINT,
  DEFAULT_WIKIDATA_USER_AGENT,
  isEndpointUrl,
  isUserAgent,
  SEVERITIES,
} from './settings';
import { wikidataOptions } from './wikidata';
import { isReportWorker, REPORT_FORMATS, runReport, runReportWorker, type ReportFormat } from './reportCommand';
import { runWikidataCommand } from './wikidataCommands';
import { findSettingsFile, readSettingsFile, type RunSettings } from './workspaceSettings';

const USAGE = `Usage:
  article-annotations check [PATH…] [--format text|json|sarif] [--max-warnings N] [--max-file-size MB]
                            [--severity CODE=LEVEL]… [--no-settings]
  article-annotations quotes FILE [--sidecar FILE] [--language de|en|fr] [--format json|text] [--max-file-size MB]
  article-annotations mentions FILE [--sidecar FILE] [--format json|text] [--max-file-size MB]
  article-annotations report [PATH…] [--by KEY]… [--format table|csv|json|jsonl|html] [--out FILE]
                             [--shard I/N] [--jobs N] [--no-settings]
  article-annotations link [PATH…] [--dry-run] [--format text|json] [--endpoint URL] [--user-agent UA]
  article-annotations refresh [PATH…] [--dry-run] [--format text|json] [--endpoint URL] [--user-agent UA]

  check     Finds every annotated article under the paths (default: the current folder)
            and reports the problems in the articles and their sidecars.
  quotes    Lists every quote detected in an article, with its kind, speaker and the
            suggested speaker. Works without a sidecar too.
  mentions  Lists every mention of a sidecar entity in an article.
  report    Who gets quoted: counts the quotes, words and articles of every speaker across
            the articles under the paths (default: the current folder), grouped by --by
            keys, and lists the articles without a sidecar and those that cannot be read.
  link      Links each entity of the sidecars and registries under the paths that has no
            wikidata: to the one Wikidata item whose label or alias is its name and whose
            kind fits its type, and lists the others with their candidates. Keeps the
            items' facts in wikidata.ann.json for the hover cards.
  refresh   Fetches the facts of every linked entity under the paths again.

  link and refresh are the only commands that make requests (to Wikidata) and write files:
  the names searched and the ids fetched go to the endpoint, with the User-Agent. The facts
  file is the nearest wikidata.ann.json in the folder given or above it, up to the folder
  holding .git; a new one in the folder given.

Options:
  --format F          text (default for check), json, or sarif (check only);
                      for report: table (default), csv (the speakers), json (the whole
                      report), jsonl (one line per quote), or html (one printable page)
  --max-warnings N    exit with 1 when there are more than N warnings
  --max-file-size MB  analyse articles and sidecars of up to MB megabytes of text
                      (default ${DEFAULT_SETTINGS.maxFileSize / (1024 * 1024)}); larger ones are not analysed
  --sidecar FILE      the sidecar to use instead of the one named like the article
  --language L        the article's language, overriding the sidecar and the guess
  --min-words N       quotes with fewer words count as terms (default ${DEFAULT_SETTINGS.speechMinWords})
  --no-inflection     match names only as written (not "Putins", "Putin’s")
  --suffix S          the sidecar suffix (default ${DEFAULT_SIDECAR_SUFFIX})
  --severity CODE=LEVEL
                      report a diagnostic code as error, warning, information or hint,
                      or not at all (off); repeatable (check only)
  --no-settings       ignore the workspace's .vscode/settings.json
  --by KEY            report: group by a speaker attribute (gender), type, an article's
                      metadata key (outlet), a date by month or year (published:month);
                      entity.KEY or article.KEY says whose key it is; repeatable
  --out FILE          report: write the report to FILE instead of standard output
  --shard I/N         report: only every Nth article, from the Ith (1 ≤ I ≤ N), of all found
                      sorted by path; the jsonl of all shards together is that of the whole
  --jobs N            report: analyse in N worker threads (default: one per processor;
                      1, or fewer than 50 articles without --jobs, in the process itself)
  --dry-run           link and refresh: show what would be written, write nothing
  --endpoint URL      link and refresh: the MediaWiki API to ask
                      (default ${DEFAULT_WIKIDATA_ENDPOINT})
  --user-agent UA     link and refresh: the User-Agent to send; please name a way to reach you

Settings: the articleAnnotations.* keys of .vscode/settings.json in the folder of each
path, or in the nearest folder above it that has one (up to the folder holding .git),
apply as in VS Code; options given here win over them.
  -h, --help          show this help
  -v, --version       show the version

Registries: entities.ann.yaml (entities + the sidecar suffix) in a sidecar's folder and in each
folder above it, up to the folder given (for a file named directly, up to the folder holding
.git), define entities for every article below; the nearest definition wins. check checks them
too, and gives an unused-entity hint for each entity of a registry in a folder given that no
article checked mentions or quotes.

Exit status: 0 clean, 1 errors or too many warnings, 2 bad usage or unreadable input; for link
and refresh, 2 also when Wikidata cannot be reached (nothing is written then). report exits
with 0 when the report is made, even if some articles could not be read (it lists them).`;

class UsageError extends Error {}

interface Options {
  command: string;
  paths: string[];
  format: string | undefined;
  maxWarnings: number | undefined;
  sidecar: string | undefined;
  language: LanguageCode | undefined;
  /** The options that set what a setting sets: they win over the workspace's settings. */
  suffix: string | undefined;
  settings: Partial<AnalysisSettings>;
  /** Severities by code from `--severity`, but for `unattributed-quote`, which is a setting. */
  severities: Map<DiagnosticCode, Severity | 'off'>;
  /** Whether to read the workspace's `.vscode/settings.json` (not with `--no-settings`). */
  workspaceSettings: boolean;
  /** `link` and `refresh`: write nothing. */
  dryRun: boolean;
  /** `--endpoint` and `--user-agent`, for `link` and `refresh`. */
  endpoint: string | undefined;
  userAgent: string | undefined;
  /** `report`: `--by` keys in order, `--out`, `--shard` and `--jobs`. */
  by: string[];
  out: string | undefined;
  shard: { index: number; count: number } | undefined;
  jobs: number | undefined;
}

const WIKIDATA_COMMANDS = ['link', 'refresh'];

function parseArguments(argv: readonly string[]): Options | 'help' | 'version' {
  const options: Options = {
    command: '',
    paths: [],
    format: undefined,
    maxWarnings: undefined,
    sidecar: undefined,
    language: undefined,
    suffix: undefined,
    settings: {},
    severities: new Map(),
    workspaceSettings: true,
    dryRun: false,
    endpoint: undefined,
    userAgent: undefined,
    by: [],
    out: undefined,
    shard: undefined,
    jobs: undefined,
  };
  const value = (i: number, flag: string): string => {
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals > 0) {
      inline = arg.slice(equals + 1);
      arg = arg.slice(0, equals);
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const next = value(i, arg);
      i++;
      return next;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '--format':
        options.format = take();
        break;
      case '--max-warnings': {
        const text = take();
        const n = Number(text);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings needs a whole number, not '${text}'.`);
        options.maxWarnings = n;
        break;
      }
      case '--max-file-size': {
        const text = take();
        const megabytes = Number(text);
        if (!Number.isFinite(megabytes) || megabytes <= 0) {
          throw new UsageError(`--max-file-size needs a positive number of megabytes, not '${text}'.`);
        }
        options.settings.maxFileSize = charactersOfMegabytes(megabytes);
        break;
      }
      case '--sidecar':
        options.sidecar = take();
        break;
      case '--language': {
        const text = take();
        const code = parseLanguageTag(text);
        if (!code) throw new UsageError(`--language must be de, en or fr, not '${text}'.`);
        options.language = code;
        break;
      }
      case '--min-words': {
        const text = take();
        const n = Number(text);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--min-words needs a whole number, not '${text}'.`);
        options.settings.speechMinWords = n;
        break;
      }
      case '--no-inflection':
        options.settings.inflection = false;
        break;
      case '--suffix':
        options.suffix = take();
        break;
      case '--severity':
        severityOption(take(), options);
        break;
      case '--no-settings':
        options.workspaceSettings = false;
        break;
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--by': {
        const text = take();
        try {
          // The owner of an unprefixed key is found from the records later; the form is checked now.
          parseGroupKey(text, []);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        options.by.push(text);
        break;
      }
      case '--out':
        options.out = take();
        break;
      case '--shard': {
        const text = take();
        const match = /^(\d+)\/(\d+)$/u.exec(text);
        const index = Number(match?.[1]);
        const count = Number(match?.[2]);
        if (!match || index < 1 || index > count || !Number.isSafeInteger(count)) {
          throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N, such as 1/4, not '${text}'.`);
        }
        options.shard = { index, count };
        break;
      }
      case '--jobs': {
        const text = take();
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 1024) {
          throw new UsageError(`--jobs needs a whole number from 1 to 1024, not '${text}'.`);
        }
        options.jobs = n;
        break;
      }
      case '--endpoint': {
        const text = take();
        if (!isEndpointUrl(text)) throw new UsageError(`--endpoint needs an http or https address, not '${text}'.`);
        options.endpoint = text;
        break;
      }
      case '--user-agent': {
        const text = take();
        if (!isUserAgent(text))
          throw new UsageError('--user-agent needs printable ASCII text of at most 400 characters.');
        options.userAgent = text;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option '${arg}'.`);
        if (!options.command) options.command = arg;
        else options.paths.push(arg);
    }
  }
  if (!options.command) throw new UsageError('Name a command: check, quotes, mentions, report, link or refresh.');
  if (!['check', 'quotes', 'mentions', 'report', ...WIKIDATA_COMMANDS].includes(options.command)) {
    throw new UsageError(`Unknown command '${options.command}'.`);
  }
  const report = options.command === 'report';
  const formats =
    options.command === 'check' ? ['text', 'json', 'sarif'] : report ? [...REPORT_FORMATS] : ['text', 'json'];
  if (options.format !== undefined && !formats.includes(options.format)) {
    throw new UsageError(`--format for ${options.command} is one of ${formats.join(', ')}.`);
  }
  const reportOnly = options.by.length > 0 || [options.out, options.shard, options.jobs].some((v) => v !== undefined);
  if (!report && reportOnly) throw new UsageError('--by, --out, --shard and --jobs are for report.');
  const wikidataCommand = WIKIDATA_COMMANDS.includes(options.command);
  if (!wikidataCommand && (options.dryRun || options.endpoint !== undefined || options.userAgent !== undefined)) {
    throw new UsageError('--dry-run, --endpoint and --user-agent are for link and refresh.');
  }
  if (!wikidataCommand && !report && options.command !== 'check' && options.paths.length !== 1) {
    throw new UsageError(`${options.command} takes exactly one article.`);
  }
  if ((options.command === 'check' || report || wikidataCommand) && options.sidecar) {
    throw new UsageError('--sidecar is for quotes and mentions.');
  }
  const severityGiven = options.severities.size > 0 || options.settings.unattributedSeverity !== undefined;
  if (options.command !== 'check' && severityGiven) throw new UsageError('--severity is for check.');
  return options;
}

/**
 * `--severity CODE=LEVEL`. The severity of `unattributed-quote` is a setting, and goes where the
 * setting goes, so that the analysis treats it as the editor does; the others are applied to
 * what the checker reports.
 */
function severityOption(text: string, options: Options): void {
  const equals = text.indexOf('=');
  const code = text.slice(0, equals);
  const level = text.slice(equals + 1);
  if (equals < 0 || !code || !level) {
    throw new UsageError(`--severity takes CODE=LEVEL, such as unattributed-quote=error, not '${text}'.`);
  }
  if (!(DIAGNOSTIC_CODES as readonly string[]).includes(code)) {
    throw new UsageError(`--severity: unknown diagnostic code '${code}' (docs/diagnostics.md lists them).`);
  }
  if (!(SEVERITIES as readonly string[]).includes(level)) {
    throw new UsageError(`--severity: the level of ${code} is one of ${SEVERITIES.join(', ')}, not '${level}'.`);
  }
  if (code === 'unreadable-file') {
    throw new UsageError('--severity cannot change unreadable-file: a file that could not be read was not checked.');
  }
  const severity = level as Severity | 'off';
  if (code === 'unattributed-quote') options.settings.unattributedSeverity = severity;
  else options.severities.set(code as DiagnosticCode, severity);
}

/** Settings files already read, by path: each is read and warned about once. */
const settingsFiles = new Map<string, RunSettings>();

/**
 * The settings for the files under `input`: those of the workspace's `.vscode/settings.json`
 * (see findSettingsFile), with the options given on the command line over them. A settings file
 * that cannot be used is named in one line on standard error, and the defaults apply.
 */
async function settingsFor(input: string, options: Options): Promise<{ file: string | undefined; run: RunSettings }> {
  const file = options.workspaceSettings ? await findSettingsFile(input, synchronousCalls) : undefined;
  let workspace = file === undefined ? undefined : settingsFiles.get(file);
  if (file !== undefined && workspace === undefined) {
    const { settings, problem } = await readSettingsFile(file, synchronousCalls);
    if (problem) {
      process.stderr.write(
        `article-annotations: warning: ${terminalSafe(displayPath(file))} ${problem}; its settings are ignored.\n`,
      );
    }
    workspace = { analysis: settings.analysis, suffix: settings.sidecarSuffix };
    settingsFiles.set(file, workspace);
  }
  const base = workspace ?? { analysis: DEFAULT_SETTINGS, suffix: DEFAULT_SIDECAR_SUFFIX };
  return {
    file,
    run: { analysis: { ...base.analysis, ...options.settings }, suffix: options.suffix ?? base.suffix },
  };
}

function version(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Files read with synchronous calls: the command line has nothing else to do meanwhile. */
const disk = diskAccessThrough(synchronousCalls);

interface Finding {
  file: string;
  lines: LineIndex;
  diagnostic: CoreDiagnostic;
}

function findingsOf(results: readonly PairAnalysis[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    // A report cannot be hovered for the closest passage of an unmatched quote entry, as the
    // editor's diagnostic can: the report names it.
    const named = nameClosestPassages(
      result.analysis,
      result.diagnostics.map(({ diagnostic }) => diagnostic),
    );
    result.diagnostics.forEach(({ file }, i) => {
      const diagnostic = named[i];
      const lines = diagnostic.target === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
      findings.push({ file: displayPath(file), lines, diagnostic });
    });
  }
  return findings;
}

/** Findings in the order they are reported: by file, then by place. */
function sorted(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.diagnostic.span.start - b.diagnostic.span.start ||
      a.diagnostic.code.localeCompare(b.diagnostic.code),
  );
}

function formatText(findings: readonly Finding[]): string {
  return findings
    .map(({ file, lines, diagnostic }) => {
      const start = lines.positionAt(diagnostic.span.start);
      return `${terminalSafe(file)}:${start.line + 1}:${start.character + 1}: ${diagnostic.severity} ${diagnostic.code} ${terminalSafe(diagnostic.message)}`;
    })
    .join('\n');
}

function formatJson(findings: readonly Finding[]): string {
  return JSON.stringify(
    findings.map(({ file, lines, diagnostic }) => ({
      file,
      range: lines.rangeOf(diagnostic.span),
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
      data: diagnostic.data ?? null,
    })),
    null,
    2,
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function formatSarif(findings: readonly Finding[]): string {
  const rules = DIAGNOSTIC_CODES.map((code) => ({
    id: code,
    name: code.replace(/-(\w)/gu, (_, c: string) => c.toUpperCase()),
    helpUri: documentationUrl(code),
  }));
  const results = findings.map(({ file, lines, diagnostic }) => {
    const range = lines.rangeOf(diagnostic.span);
    return {
      ruleId: diagnostic.code,
      ruleIndex: DIAGNOSTIC_CODES.indexOf(diagnostic.code),
      level: SARIF_LEVEL[diagnostic.severity],
      message: { text: diagnostic.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file) },
            region: {
              startLine: range.start.line + 1,
              startColumn: range.start.character + 1,
              endLine: range.end.line + 1,
              endColumn: range.end.character + 1,
            },
          },
        },
      ],
    };
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'article-annotations',
              version: version(),
              informationUri: 'https://github.com/article-annotations/article-annotations',
              rules,
            },
          },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}

async function check(options: Options): Promise<number> {
  const inputs = options.paths.length ? options.paths : ['.'];
  const {
    pairs,
    unpaired,
    missing,
    registries: found,
  } = await findPairsUnderSettings(inputs, (input) => settingsFor(input, options), synchronousCalls);
  if (missing.length) {
    process.stderr.write(`article-annotations: ${missing.map((m) => `'${terminalSafe(m)}'`).join(', ')} not found.\n`);
    return 2;
  }
  for (const { file } of unpaired) {
    process.stderr.write(`article-annotations: ${terminalSafe(displayPath(file))} has no sidecar; nothing to check.\n`);
  }
  const reader = new RegistryReader(disk, synchronousCalls, displayPath);
  // The registries checked on their own account: those found in the folders given or named,
  // and those that files named directly see.
  const registries = new Map<string, { read: RegistryRead; wholeFolder: boolean; run: RunSettings }>();
  for (const { registry, run } of found) {
    const read = await reader.read(registry.file, run.analysis.maxFileSize, registry.within);
    if (read) registries.set(path.resolve(registry.file), { read, wholeFolder: registry.wholeFolder, run });
  }
  const results: PairAnalysis[] = [];
  const seenRegistries: PairRegistries[] = [];
  for (const { pair, run } of pairs) {
    const seenByPair = await reader.forPair(pair, run.suffix, run.analysis.maxFileSize);
    results.push(await analyzePair(pair, run.analysis, run.suffix, options.language, disk, seenByPair.chain));
    seenRegistries.push(seenByPair);
    if (pair.root === undefined) continue;
    for (const read of seenByPair.files) {
      const key = path.resolve(read.file);
      if (!registries.has(key)) registries.set(key, { read, wholeFolder: false, run });
    }
  }
  const findings = withSeverities(
    sorted([...findingsOf(results), ...registryFindings(registries, results, seenRegistries)]),
    options.severities,
  );
  const format = options.format ?? 'text';
  const output =
    format === 'json' ? formatJson(findings) : format === 'sarif' ? formatSarif(findings) : formatText(findings);
  if (output) process.stdout.write(output + '\n');
  const errors = findings.filter((f) => f.diagnostic.severity === 'error').length;
  const warnings = findings.filter((f) => f.diagnostic.severity === 'warning').length;
  if (format === 'text') {
    const registryCount =
      registries.size === 0 ? '' : ` and ${registries.size} registr${registries.size === 1 ? 'y' : 'ies'}`;
    const summary = `${pairs.length} annotated article${pairs.length === 1 ? '' : 's'}${registryCount} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${findings.length - errors - warnings} other.`;
    process.stderr.write(summary + '\n');
  }
  // A file that could not be read was not checked: that is not a clean result, nor a finding
  // about the annotations, and CI must be able to tell it apart.
  const unreadable = new Set(findings.filter((f) => f.diagnostic.code === 'unreadable-file').map((f) => f.file)).size;
  if (unreadable > 0) {
    process.stderr.write(
      `article-annotations: ${unreadable} file${unreadable === 1 ? '' : 's'} could not be read (see unreadable-file above).\n`,
    );
    return 2;
  }
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return 1;
  return 0;
}

/**
 * The problems of the registries checked, and for each one found in a folder given, an
 * `unused-entity` hint on each of its entities that no article checked under it uses. A
 * registry that an article not analysed (too large, unreadable, missing) sees gets none: that
 * article may well use them.
 */
function registryFindings(
  registries: ReadonlyMap<string, { read: RegistryRead; wholeFolder: boolean; run: RunSettings }>,
  results: readonly PairAnalysis[],
  seenRegistries: readonly PairRegistries[],
): Finding[] {
  const used = new Map<string, Set<string>>();
  const incomplete = new Set<string>();
  results.forEach((result, i) => {
    collectRegistryUses(result.analysis, used);
    if (!result.analysis.articleAnalysed) for (const read of seenRegistries[i].files) incomplete.add(read.name);
  });
  const findings: Finding[] = [];
  for (const { read, wholeFolder, run } of registries.values()) {
    const { diagnostics, lines } = checkRegistry(read, run.analysis);
    if (wholeFolder && read.parsed && !incomplete.has(read.name)) {
      const folder = displayPath(path.dirname(read.file));
      const under = folder.endsWith('/') ? folder : folder + '/';
      const ids = used.get(read.name);
      diagnostics.push(...unusedEntityDiagnostics(read.parsed, (id) => ids?.has(id) === true, under));
    }
    const file = displayPath(read.file);
    for (const diagnostic of diagnostics) findings.push({ file, lines, diagnostic });
  }
  return findings;
}

/** The findings with the severities of `--severity`; a code turned off is not reported. */
function withSeverities(findings: Finding[], severities: ReadonlyMap<DiagnosticCode, Severity | 'off'>): Finding[] {
  if (severities.size === 0) return findings;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const severity = severities.get(finding.diagnostic.code);
    if (severity === undefined) kept.push(finding);
    else if (severity !== 'off') kept.push({ ...finding, diagnostic: { ...finding.diagnostic, severity } });
  }
  return kept;
}

/** Analyses the one article of `quotes` and `mentions`; unreadable input is a usage problem. */
async function analyzeOne(options: Options): Promise<PairAnalysis | number> {
  const article = options.paths[0];
  const { run } = await settingsFor(article, options);
  const { pairs } = await findPairs([article], run.suffix, synchronousCalls);
  const sidecar = options.sidecar ?? pairs[0]?.sidecar;
  const pair: FilePair = { article, sidecar };
  const reader = new RegistryReader(disk, synchronousCalls, displayPath);
  const { chain } = await reader.forPair(pair, run.suffix, run.analysis.maxFileSize);
  const result = await analyzePair(pair, run.analysis, run.suffix, options.language, disk, chain);
  const unreadable = result.diagnostics.find(
    ({ diagnostic }) => diagnostic.code === 'unreadable-file' || diagnostic.code === 'article-not-found',
  );
  if (unreadable || !result.analysis.articleAnalysed) {
    const reason =
      unreadable?.diagnostic.message ?? result.diagnostics[0]?.diagnostic.message ?? 'it cannot be analysed.';
    process.stderr.write(
      `article-annotations: ${terminalSafe(displayPath(unreadable?.file ?? article))}: ${terminalSafe(reason)}\n`,
    );
    return 2;
  }
  // The listing goes on without what a broken registry defines; say that something is missing.
  for (const broken of chain?.broken ?? []) {
    process.stderr.write(
      `article-annotations: warning: the registry ${terminalSafe(broken.label)} cannot be used in full ` +
        `(${terminalSafe(broken.reason)}); entities it defines may be missing.\n`,
    );
  }
  return result;
}

/** Writes lines to standard output in one write: one per line costs a system call each. */
function writeAll(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(lines.join(''));
}

async function quotes(options: Options): Promise<number> {
  const result = await analyzeOne(options);
  if (typeof result === 'number') return result;
  const { analysis } = result;
  const lines = analysis.articleLines;
  const list = analysis.quotes.map((quote) => ({
    start: quote.content.start,
    end: quote.content.end,
    range: lines.rangeOf(quote.content),
    outer: quote.outer,
    parts: quote.parts,
    text: quote.text,
    marks: quote.open + '…' + quote.close,
    kind: quote.kind,
    reason: quote.kindReason,
    depth: quote.depth,
    attributed: quote.entry !== undefined,
    speaker: quote.speaker ?? null,
    anonymous: quote.anonymous ?? null,
    via: quote.via ?? null,
    suggestedSpeaker: quote.suggestion.entity,
    speakerCue: quote.suggestion.cue
      ? { start: quote.suggestion.cue.span.start, end: quote.suggestion.cue.span.end, text: quote.suggestion.cue.text }
      : null,
    confidence: quote.suggestion.confidence,
    suggestionReason: quote.suggestion.reason,
  }));
  if (options.format === 'json') {
    process.stdout.write(
      JSON.stringify({ file: displayPath(result.article), language: analysis.language, quotes: list }, null, 2) + '\n',
    );
  } else {
    const file = terminalSafe(displayPath(result.article));
    const lines = list.map((quote) => {
      const who =
        quote.speaker ??
        quote.anonymous ??
        (quote.suggestedSpeaker
          ? `${quote.suggestedSpeaker}?`
          : quote.speakerCue
            ? `“${quote.speakerCue.text}”?`
            : '-');
      const text = quote.text.replace(/\s+/gu, ' ');
      const shown = text.length > 70 ? text.slice(0, 69) + '…' : text;
      return `${file}:${quote.range.start.line + 1}:${quote.range.start.character + 1}: ${quote.kind} ${terminalSafe(who)} ${quote.marks.startsWith('…') ? '' : quote.marks[0]}${terminalSafe(shown)}\n`;
    });
    writeAll(lines);
  }
  return 0;
}

/**
 * The registry that defines an entity, also when the sidecar extends it; null for an entity of
 * the sidecar's own.
 */
function originOf(analysis: Analysis, id: string): string | null {
  const entity = analysis.entities.get(id);
  return entity?.origin ?? entity?.extends?.origin ?? null;
}

async function mentions(options: Options): Promise<number> {
  const result = await analyzeOne(options);
  if (typeof result === 'number') return result;
  const { analysis } = result;
  const lines = analysis.articleLines;
  const list = analysis.mentions.map((mention) => ({
    start: mention.span.start,
    end: mention.span.end,
    range: lines.rangeOf(mention.span),
    text: mention.text,
    entity: mention.entity,
    type: mention.type,
    origin: originOf(analysis, mention.entity),
  }));
  if (options.format === 'json') {
    process.stdout.write(JSON.stringify({ file: displayPath(result.article), mentions: list }, null, 2) + '\n');
  } else {
    const file = terminalSafe(displayPath(result.article));
    writeAll(
      list.map(
        (mention) =>
          `${file}:${mention.range.start.line + 1}:${mention.range.start.character + 1}: ${terminalSafe(mention.type)} ${terminalSafe(mention.entity)} ${terminalSafe(mention.text)}\n`,
      ),
    );
  }
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`article-annotations: ${error.message}\nRun 'article-annotations --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  switch (options.command) {
    case 'check':
      return check(options);
    case 'quotes':
      return quotes(options);
    case 'report':
      return reportCommand(options);
    case 'link':
    case 'refresh':
      return wikidataCommand(options);
    default:
      return mentions(options);
  }
}

/**
 * `report`, with the settings of `check`; its analyses run in worker threads started from the
 * command's file, which runs this one.
 */
function reportCommand(options: Options): Promise<number> {
  return runReport({
    paths: options.paths,
    by: options.by,
    format: (options.format ?? 'table') as ReportFormat,
    out: options.out,
    shard: options.shard,
    jobs: options.jobs,
    language: options.language,
    settingsFor: (input) => settingsFor(input, options),
    workerScript: __filename,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true,
  });
}

/**
 * `link` and `refresh`. The endpoint and the User-Agent come from the options only: in VS Code
 * they are machine settings, which a workspace's settings.json cannot set, and the command
 * line reads no other settings file.
 */
function wikidataCommand(options: Options): Promise<number> {
  return runWikidataCommand({
    command: options.command as 'link' | 'refresh',
    paths: options.paths,
    dryRun: options.dryRun,
    format: options.format === 'json' ? 'json' : 'text',
    language: options.language,
    client: wikidataOptions({
      endpoint: options.endpoint ?? DEFAULT_WIKIDATA_ENDPOINT,
      userAgent: options.userAgent ?? DEFAULT_WIKIDATA_USER_AGENT,
    }),
    settingsFor: async (input) => (await settingsFor(input, options)).run,
    displayPath,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

/**
 * V8 flags for a run of the command line, set as it starts. A check runs once over cold code:
 * the optimising compiler (on a thread of its own) compiles its hot functions while they run,
 * and with inlining, most of its work goes into copying the functions they call into each of
 * them. Without it, the compiler does far less work, its code arrives sooner, and a check of a
 * large article takes less time in all, on a processor the compiler's thread shares with the
 * analysis when the machine is busy. The language server runs for hours and keeps inlining.
 *
 * Only flags that V8 reads while the program runs can be set this way: the sizes of the heap
 * (the server's semi-spaces, see runtime.ts) are fixed when V8 starts, and a second process or
 * a worker started with them costs about as much as the collections they save.
 */
const CLI_V8_FLAGS = '--no-turbo-inlining';

/**
 * A reader that stops early (`check | head`) closes the pipe: like grep, stop quietly with the
 * exit code the checks so far earned, rather than crash on the unhandled write error.
 */
function stopWhenOutputCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`article-annotations: cannot write output: ${error.message}\n`);
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
}

if (!isMainThread && isReportWorker(workerData)) {
  // A worker thread of `report`, started from the command's file (see reportCommand.ts).
  runReportWorker(workerData);
} else if (require.main === module) {
  setFlagsFromString(CLI_V8_FLAGS);
  stopWhenOutputCloses(process.stdout);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A bug, not a user error: say so in one line, without a stack trace.
      process.stderr.write(`article-annotations: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
