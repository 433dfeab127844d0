/**
 * End-to-end test of the packaged extension in real VS Code: code-server (VS Code 1.100 served
 * to a browser) with the .vsix installed, driven in headless Chromium by playwright-core, fully
 * offline. It opens the German sample and checks what a user sees: the hover card of a person,
 * the unattributed quotes in the Problems panel, and the colour of a highlighted mention. Then
 * it attributes a quote the way a reporter would: cursor into the quote, Ctrl+. for the quick
 * fixes, Enter on "Attribute to Wladimir Putin", File: Save All Files; and checks the Problems panel
 * and the sidecar on disk. The Outline, open before the article, lists its quotes by speaker and
 * follows the sidecar; the Quotes view lists the attributed quote under its speaker, and Ctrl+F8
 * then Ctrl+K Ctrl+Enter attribute the first unattributed quote from the keyboard. In a folder
 * of its own (newsdesk/) it writes a registry, entities.ann.yaml, and three articles whose
 * sidecars name its people: Ctrl+T with part of a person's name lists her with the registry as
 * container, Enter opens the registry at her entry, and the hover card of her mention in an
 * article counts the workspace ("In the workspace: mentioned in 3 articles · quoted in 2", once
 * the index no longer says "(still indexing)"). Against a local stand-in of the Wikidata API
 * (test/support/wikidataServer.ts, in this process, named by the machine setting
 * articleAnnotations.wikidata.endpoint), it links a person of a new article's sidecar through
 * the light bulb's "Link to Wikidata…" and the quick pick of candidates, saves, checks the
 * sidecar and wikidata.ann.json on disk, and hovers over her mention to see a fact and the
 * Wikipedia link; nothing asked Wikidata before the command ran. Last, it types a paragraph with a new quote into
 * the article without saving, kills the language server with SIGKILL, and checks that the client
 * restarts it and says so once, that the diagnostics come back for the unsaved text, and that the
 * buffer stays unsaved and the files on disk untouched. It saves screenshots of the hover card,
 * the Problems panel, the highlighting, the quick fix menu, the Quotes view, the registry
 * person's hover card and the linked person's card with her facts to test-results/ (and, with
 * --update-screenshots, to images/ for the README), and of the candidates' quick pick and the
 * restarted workbench.
 *
 * Usage: `npm run test:web [-- --update-screenshots] [-- --keep]`. The npm script builds first;
 * this program only packages the extension. `--keep` keeps the temporary folder with the
 * code-server log for debugging. Environment: CHROMIUM_PATH (default /usr/bin/chromium),
 * CODE_SERVER_CACHE (see scripts/install-code-server.sh).
 */

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import {
  analyze,
  buildReport,
  isMarkdownPath,
  parseWikidataFile,
  recordOf,
  renderReportHtml,
} from '../../server/src/core';
import { WikidataTestServer } from '../support/wikidataServer';

const execFileAsync = promisify(execFile);

const REPO = path.resolve(__dirname, '../../..');
const RESULTS = path.join(REPO, 'test-results');
const IMAGES = path.join(REPO, 'images');
const ARTICLE = 'kim-putin.txt';
/** A person mention in the article and the name its hover card must show. */
const MENTION = 'Putin';
const MENTION_NAME = 'Wladimir Putin';
/** A word in the article that is no mention and no quote, painted in the plain text colour. */
const PLAIN_WORD = 'Treffens';
const UNATTRIBUTED = 'unattributed-quote';
const SIDECAR = 'kim-putin.ann.yaml';
/** The unattributed quote the test attributes with the quick fix, and the fix it picks. */
const QUOTE = 'Das ist natürlich machbar, und wir werden es tun';
const QUICK_FIX = 'Attribute to Wladimir Putin';
/** The opening words of the first unattributed quote, which the keyboard test attributes. */
const KEYBOARD_QUOTE = 'notwendig, noch mehr Betriebe';
/**
 * A new article, annotated from scratch with the keyboard alone: each quote names a speaker
 * the new sidecar does not have, so the preferred quick fix creates the person and attributes.
 */
const NEW_ARTICLE = 'bruecke.txt';
const NEW_ARTICLE_TEXT =
  'Die Stadt plant neu.\n\n„Wir bauen die Brücke bis zum Sommer neu“, sagte Jerry Nadler am Montag.\n\n' +
  '„Das kostet weniger als gedacht“, sagte Anna Berg vom Bauamt.\n';
const NEW_SPEAKERS = ['jerry-nadler', 'anna-berg'];
/**
 * A newsroom's folder, written by the test: a registry of the people its articles share, and
 * three articles whose sidecars name them as speakers. A folder of its own (registries reach
 * only the folder they lie in and those below), so that the samples' flow is unaffected.
 */
const NEWSROOM = 'newsdesk';
const REGISTRY = `${NEWSROOM}/entities.ann.yaml`;
const REGISTRY_ID = 'ingrid-halvorsen';
const REGISTRY_PERSON = 'Ingrid Halvorsen';
/** What Ctrl+T is given: part of the person's name. */
const REGISTRY_QUERY = 'halvor';
/** The article whose mention of the person the test hovers over, and the mention. */
const REGISTRY_ARTICLE = 'hafen.txt';
const REGISTRY_MENTION = 'Halvorsen';
/** All three articles mention her, two quote her. */
const CORPUS_LINE = 'In the workspace: mentioned in 3 articles · quoted in 2';
/** Her quote in another article, which the card links. */
const CORPUS_QUOTE = 'Die Zahlen sind solide';
const NEWSROOM_FILES: Record<string, string> = {
  [REGISTRY]: [
    'version: 1',
    'entities:',
    `  ${REGISTRY_ID}:`,
    '    type: person',
    `    name: ${REGISTRY_PERSON}`,
    '    aliases: [Halvorsen]',
    '    description: Bürgermeisterin von Nordhafen',
    '    attributes: {gender: female}',
    '  tomas-berger:',
    '    type: person',
    '    name: Tomas Berger',
    '    aliases: [Berger]',
    '    attributes: {gender: male}',
    '  nordhafen:',
    '    type: place',
    '    name: Nordhafen',
    '',
  ].join('\n'),
  [`${NEWSROOM}/${REGISTRY_ARTICLE}`]:
    'Nordhafen hat einen neuen Kai. Bürgermeisterin Ingrid Halvorsen eröffnete ihn am Morgen.\n\n' +
    '„Wir haben lange auf diesen Tag gewartet“, sagte Halvorsen.\n',
  [`${NEWSROOM}/hafen.ann.yaml`]: attributing('Wir haben lange auf diesen Tag gewartet', REGISTRY_ID),
  [`${NEWSROOM}/haushalt.txt`]:
    'Der Stadtrat von Nordhafen hat den Haushalt beschlossen.\n\n' +
    `„${CORPUS_QUOTE}“, sagte Ingrid Halvorsen am Dienstag.\n`,
  [`${NEWSROOM}/haushalt.ann.yaml`]: attributing(CORPUS_QUOTE, REGISTRY_ID),
  [`${NEWSROOM}/lokal/sturm.txt`]:
    'Tomas Berger warnt vor dem Sturm.\n\n„Bleiben Sie heute zu Hause“, sagte Berger. Halvorsen rief zur Vorsicht auf.\n',
  [`${NEWSROOM}/lokal/sturm.ann.yaml`]: attributing('Bleiben Sie heute zu Hause', 'tomas-berger'),
};

/** A sidecar that attributes one quote of its article to an entity of the registry. */
function attributing(quote: string, speaker: string): string {
  return `version: 1\nlanguage: de\nquotes:\n  - text: ${quote}\n    speaker: ${speaker}\n`;
}
/**
 * An article whose sidecar names a person without a Wikidata id: the test links her with the
 * light bulb's "Link to Wikidata…". Two items of the stand-in API are named Anna Berger.
 */
const LINK_ARTICLE = 'gewerkschaft.txt';
const LINK_SIDECAR = 'gewerkschaft.ann.yaml';
const LINK_FILES: Record<string, string> = {
  [LINK_ARTICLE]:
    'Die Gewerkschafterin Anna Berger fordert mehr Lohn.\n\n„Wir bleiben dran“, sagte Berger am Montag.\n',
  [LINK_SIDECAR]: [
    '# Wer im Text vorkommt.',
    'version: 1',
    'language: de',
    'entities:',
    '  anna-berger:',
    '    type: person',
    '    name: Anna Berger',
    '    aliases: [Berger] # so nennt sie der Text',
    'quotes:',
    '  - text: Wir bleiben dran',
    '    speaker: anna-berger',
    '',
  ].join('\n'),
};
/** What is typed into the quick pick of candidates: it leaves only the politician. */
const LINK_PICK = 'Politikerin';
const LINK_ID = 'Q90000001';
/** What linking writes into the sidecar, after her aliases. */
const LINK_ENTRY =
  '    aliases: [Berger] # so nennt sie der Text\n    description: deutsche Politikerin\n    wikidata: Q90000001\n';
/** What her card shows once linked: a fact, in German, and her Wikipedia article. */
const LINK_FACT = 'Geboren: 2. April 1970';
const LINK_WIKIPEDIA = 'https://de.wikipedia.org/wiki/Anna_Berger_%28Politikerin%29';
/** What the fix must write into the sidecar. */
const ENTRY = `  - text: ${QUOTE}\n    speaker: putin\n`;
/**
 * The quote in the paragraph the crash test types without saving. The sidecar does not
 * attribute it, so it adds one unattributed quote, which only a server that has the unsaved
 * buffer can report.
 */
const NEW_QUOTE = 'Wir kommen morgen früh an';
const NEW_PARAGRAPH = `„${NEW_QUOTE}“, sagte Putin.`;
/** What the client's information message says after it restarted a crashed server. */
const RESTARTED = 'was restarted';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The screenshots the test takes, as test-results/NAME.png and images/screenshot-NAME.png. */
const SCREENSHOTS = ['hover', 'problems', 'highlighting', 'quickfix', 'quotes', 'registry', 'wikidata'];
/** Screenshots for the test record only, as test-results/NAME.png: not for the README. */
const RECORD_SCREENSHOTS = ['wikidata-pick', 'restarted', 'report-file'];
/** Screenshots the README shows under a name of their own, as images/NAME.png. */
const README_PICTURES = ['sources-panel'];
/** The speaker the Sources panel lists her quotes of, and the one found only in the workspace scope. */
const PANEL_SPEAKER_QUOTES = ['Wir haben lange auf diesen Tag gewartet', CORPUS_QUOTE];
const WORKSPACE_SPEAKER = 'Wladimir Putin';

const argv = process.argv.slice(2);
const UPDATE_SCREENSHOTS = argv.includes('--update-screenshots');
const KEEP = argv.includes('--keep');

/**
 * The user settings of the test profile: no trust prompt, welcome page, tips, telemetry or
 * update checks, which would cover the editor or reach for the network; a theme with semantic
 * highlighting; word wrap so that every mention of the long paragraphs is on screen; no
 * minimap or occurrence highlights, which clutter the screenshots; and a short hover delay so
 * the hover test is quick.
 */
const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'git.autofetch': false,
  'github.gitAuthentication': false,
  'chat.commandCenter.enabled': false,
  'editor.semanticHighlighting.enabled': true,
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'editor.cursorBlinking': 'solid',
  'editor.hover.delay': 100,
  'editor.accessibilitySupport': 'off',
  'files.autoSave': 'off',
};

/** Chromium flags for a headless run in a container that reaches nothing but our server. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const started = Date.now();
const timings: { step: string; ms: number }[] = [];

function log(message: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/**
 * Runs one step of the test with a deadline, and records how long it took. A step that hangs
 * fails with its name instead of stalling CI until its global timeout.
 */
async function step<T>(name: string, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  log(`${name} …`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`step "${name}" timed out after ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const result = await Promise.race([body(), deadline]);
    const ms = Date.now() - t0;
    timings.push({ step: name, ms });
    log(`${name}: done in ${ms} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` until it returns a truthy value or the deadline passes. Used where the
 * workbench gives no event to wait for, such as semantic tokens arriving from the server.
 */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether `locator` appears within `timeoutMs`: a probe for `until`, which retries the action behind it. */
function appears(locator: Locator, timeoutMs: number): Promise<boolean> {
  return locator.waitFor({ timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

/**
 * Presses `key` until the quick input (command palette, Quick Open) shows: the first key press
 * can arrive before the workbench has wired up its keybindings.
 */
async function openQuickInput(page: Page, key: string, what: string): Promise<Locator> {
  const quickInput = page.locator('.quick-input-widget');
  await until(
    what,
    async () => {
      await page.keyboard.press(key);
      return appears(quickInput.locator('input'), 2000);
    },
    30_000,
  );
  return quickInput;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(0);
    });
  });
}

/**
 * Runs a program to completion and returns its standard output. When it fails, the error
 * message ends with the program's last lines of output, where the reason usually is.
 */
async function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  try {
    const { stdout } = await execFileAsync(file, args, {
      cwd: REPO,
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    const output = `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    failed.message = `${failed.message}\n--- last output of ${path.basename(file)} ---\n${output}`;
    throw failed;
  }
}

interface CliDiagnostic {
  file: string;
  code: string;
}

/** The unattributed quotes the command-line checker finds in the article: the expected count. */
async function expectedUnattributed(workspace: string): Promise<number> {
  let stdout: string;
  try {
    stdout = await run(process.execPath, [path.join(REPO, 'dist/cli.js'), 'check', workspace, '--format', 'json'], {
      timeoutMs: 30_000,
    });
  } catch (error) {
    // The checker exits with 1 when it finds errors; its JSON report is complete all the same.
    const failed = error as { code?: number; stdout?: string };
    if (failed.code !== 1 || !failed.stdout) throw error;
    stdout = failed.stdout;
  }
  const diagnostics = JSON.parse(stdout) as CliDiagnostic[];
  return diagnostics.filter((d) => d.code === UNATTRIBUTED && path.basename(d.file) === ARTICLE).length;
}

/**
 * Runs scripts/install-code-server.sh and returns the path of the `code-server` program it
 * prints last. Its progress (standard error) is shown as it comes: the first install takes
 * minutes.
 */
function installCodeServer(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO, 'scripts/install-code-server.sh')], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const bin = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && bin && fs.existsSync(bin)) resolve(bin);
      else reject(new Error(`scripts/install-code-server.sh failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Process groups of code-server still running, to stop when this program ends in any way. */
const runningGroups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

process.on('exit', () => {
  for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`test:web: stopped by ${signal}`);
    process.exit(130);
  });
}

/** Starts code-server in its own process group, so that stopping it also stops its children. */
function startCodeServer(bin: string, args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  if (child.pid !== undefined) runningGroups.add(child.pid);
  const state: { exit: string | null } = { exit: null };
  child.on('exit', (code, signal) => {
    state.exit = `exited with ${signal ?? code}`;
  });
  return { child, state };
}

async function stopCodeServer(child: ChildProcess, state: { exit: string | null }): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!state.exit) {
    killGroup(pid, 'SIGTERM');
    await until('code-server to stop', () => Promise.resolve(state.exit !== null), 10_000).catch(() => undefined);
  }
  // The extension host and the language server may outlive code-server's main process.
  killGroup(pid, 'SIGKILL');
  runningGroups.delete(pid);
}

/**
 * Saves a screenshot of the page to test-results/NAME.png. CSS animations are finished first,
 * so that a hover card is captured opaque rather than halfway through fading in.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  log(`screenshot: ${path.relative(REPO, file)}`);
}

/** The rendered text of one line of the article editor, as the span holding `word`. */
function editorSpan(editor: Locator, word: string): Locator {
  return editor.locator('.view-line span span', { hasText: word });
}

/** The span of the article editor that renders exactly `word`: once semantic tokens have split the line. */
function editorWord(editor: Locator, word: string): Locator {
  return editorSpan(editor, word)
    .filter({ hasText: new RegExp(`^\\s*${word}\\s*$`) })
    .first();
}

/**
 * Hovers over `span` until a hover card with `text` shows that `complete` accepts, and returns
 * the card's text. The mouse moves off the word first, so that coming back starts a new hover
 * (a card shown stays as it was first rendered).
 */
async function hoverCard(
  page: Page,
  span: Locator,
  text: string,
  complete: (card: string) => boolean = () => true,
  timeoutMs = 45_000,
): Promise<string> {
  return shownHoverCard(page, `the hover card with "${text}"`, text, complete, timeoutMs, async () => {
    const box = await span.boundingBox();
    if (!box) return false;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y + 200);
    await page.mouse.move(x, y, { steps: 5 });
    return true;
  });
}

/**
 * Calls `show` until it brings up a hover card with `text` that `complete` accepts, and returns
 * the card's text; `show` says false when it could not even ask for a card.
 */
async function shownHoverCard(
  page: Page,
  what: string,
  text: string,
  complete: (card: string) => boolean,
  timeoutMs: number,
  show: () => Promise<boolean>,
): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: text }).first();
  return until(
    what,
    async () => {
      if (!(await show()) || !(await appears(hover, 3000))) return false;
      const card = (await hover.innerText()).replace(/\s+/g, ' ').trim();
      return complete(card) ? card : false;
    },
    timeoutMs,
  ).catch(async (error: Error) => {
    const seen = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
    throw new Error(`${error.message}; hovers seen: ${JSON.stringify(seen)}`);
  });
}

/**
 * Undoes what keys meant for a widget typed into `file` instead: on a busy machine a widget can
 * open too late for the keys sent to it, or a chord lose its first half. The steps that follow
 * compare the file with the sample, so an edit the test never meant must not reach the disk.
 */
async function undoStrayEdits(page: Page, file: string): Promise<void> {
  const dirty = page.locator('.tabs-container .tab.dirty', { hasText: file });
  let undone = 0;
  for (; undone < 10 && (await dirty.count()) > 0; undone++) {
    await page.keyboard.press('Escape');
    await page.locator('.tabs-container .tab', { hasText: file }).first().click({ timeout: 5000 });
    await page.keyboard.press('Control+Z');
    await dirty
      .first()
      .waitFor({ state: 'detached', timeout: 500 })
      .catch(() => undefined);
  }
  if ((await dirty.count()) > 0) throw new Error(`${file} keeps edits the test did not make`);
  if (undone > 0) log(`undid ${undone} stray edit(s) in ${file}`);
}

/**
 * Puts the cursor at `at` with Go to Line (Ctrl+G) in the focused editor; true once the status
 * bar shows it there, which it does when the editor has moved the cursor.
 */
async function goToLine(page: Page, at: { line: number; column: number }): Promise<boolean> {
  await page.keyboard.press('Control+G');
  if (!(await appears(page.locator('.quick-input-widget input'), 2000))) return false;
  await page.keyboard.type(`${at.line}:${at.column}`);
  await page.keyboard.press('Enter');
  const status = page.locator('#status\\.editor\\.selection');
  return appears(status.filter({ hasText: `Ln ${at.line}, Col ${at.column}` }), 3000);
}

/**
 * Puts the cursor at `at` with Go to Line and shows the hover there (Ctrl+K Ctrl+I) until a card
 * with `text` shows that `complete` accepts; returns the card's text. Unlike the mouse, the
 * keyboard cannot land beside the word when the page is slow to lay out.
 */
async function keyboardHoverCard(
  page: Page,
  editor: Locator,
  at: { line: number; column: number },
  text: string,
  complete: (card: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  const what = `the hover card with "${text}" at Ln ${at.line}, Col ${at.column}`;
  return shownHoverCard(page, what, text, complete, timeoutMs, async () => {
    await page.keyboard.press('Escape');
    await editor.locator('.view-line').first().click({ timeout: 5000 });
    if (!(await goToLine(page, at))) return false;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    return true;
  });
}

/**
 * The computed colours of the first span rendering exactly `mention` and of the span holding
 * `plain`. Before semantic tokens arrive a whole line is one span, so no span is just the
 * mention and the mention colour is undefined.
 */
async function colours(page: Page, mention: string, plain: string) {
  return page.evaluate(
    ({ mention, plain }) => {
      const spans = Array.from(document.querySelectorAll<HTMLElement>('.editor-instance .view-line span span'));
      const mentionSpan = spans.find((span) => span.textContent?.trim() === mention);
      const plainSpan = spans.find((span) => span.textContent?.includes(plain));
      return {
        mention: mentionSpan ? getComputedStyle(mentionSpan).color : undefined,
        mentionClass: mentionSpan?.className,
        plain: plainSpan ? getComputedStyle(plainSpan).color : undefined,
        plainClass: plainSpan?.className,
      };
    },
    { mention, plain },
  );
}

/** The problems listed in the Problems panel, each with the name of its file (the row above). */
async function problemRows(panel: Locator) {
  return panel.evaluate((element) => {
    const rows = Array.from(element.querySelectorAll<HTMLElement>('.monaco-list-row'));
    const result: { file: string; text: string }[] = [];
    let file = '';
    for (const row of rows) {
      const text = (row.innerText || '').replace(/\s+/g, ' ').trim();
      if (row.getAttribute('aria-level') === '1') file = row.querySelector('.label-name')?.textContent ?? text;
      else if (row.getAttribute('aria-level') === '2') result.push({ file, text });
    }
    return result;
  });
}

/** The files called `name` anywhere under `dir`. */
function filesNamed(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((relative) => path.basename(relative) === name)
    .map((relative) => path.join(dir, relative));
}

/**
 * The parts of the workbench a failed step most often hinges on, as text: the focused element,
 * the active tab, open notifications and widgets, the status bar and the Problems panel's rows.
 */
async function workbenchState(page: Page): Promise<string> {
  const state = await page.evaluate(() => {
    const text = (element: Element | null) =>
      ((element as HTMLElement | null)?.innerText ?? '').replace(/\s+/g, ' ').trim();
    const focused = document.activeElement;
    return {
      focused: focused ? `${focused.tagName}.${focused.className} "${text(focused).slice(0, 80)}"` : 'none',
      activeTab: text(document.querySelector('.tabs-container .tab.active')),
      notifications: Array.from(document.querySelectorAll('.notification-toast')).map((toast) => text(toast)),
      quickInput: text(document.querySelector('.quick-input-widget:not([style*="display: none"])')).slice(0, 300),
      actionWidget: text(document.querySelector('.action-widget')).slice(0, 300),
      statusBar: text(document.querySelector('.statusbar')),
      problems: Array.from(document.querySelectorAll('.markers-panel .monaco-list-row')).map((row) =>
        text(row).slice(0, 100),
      ),
    };
  });
  return JSON.stringify(state, null, 1);
}

/** The rows of the open quick fix menu: their text, and whether each is focused or a header. */
async function quickFixRows(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.action-widget .monaco-list-row')).map((row) => ({
      text: (row.querySelector('.title')?.textContent ?? row.innerText ?? '').replace(/\s+/g, ' ').trim(),
      focused: row.classList.contains('focused'),
      header: row.classList.contains('group-header'),
      disabled: row.classList.contains('option-disabled'),
    })),
  );
}

/** The line and column (1-based, as Go to Line takes them) of a few characters into `snippet`. */
function lineColumnIn(text: string, snippet: string, into: number): { line: number; column: number } {
  const offset = text.indexOf(snippet);
  if (offset < 0 || text.indexOf(snippet, offset + 1) >= 0) throw new Error(`'${snippet}' must occur once`);
  const before = text.slice(0, offset + into);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/**
 * The rows of a tree in the side bar, in order: a view pane's rows by their level (1 for a group)
 * with their label and description. Only rendered rows are listed: the tests keep the trees short enough.
 */
async function treeRows(pane: Locator) {
  return pane.evaluate((element) =>
    Array.from(element.querySelectorAll<HTMLElement>('.monaco-list-row')).map((row) => {
      const text = (selector: string) => (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return {
        level: Number(row.getAttribute('aria-level') ?? '0'),
        label: text('.label-name'),
        description: text('.label-description'),
      };
    }),
  );
}

/** The side bar's view pane whose header says `title`. */
function viewPane(page: Page, title: string): Locator {
  return page
    .locator('.pane')
    .filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }) });
}

/** The groups of the Quotes view, each with its count and the quotes under it that are shown. */
async function quoteGroupsShown(page: Page) {
  const groups: { name: string; count: number; quotes: string[] }[] = [];
  for (const row of await treeRows(viewPane(page, 'Quotes'))) {
    if (row.level === 1) groups.push({ name: row.label, count: Number(row.description), quotes: [] });
    else if (row.level === 2 && groups.length) groups[groups.length - 1].quotes.push(row.label);
  }
  return groups;
}

/** Comment lines, which an edit of the sidecar must keep byte for byte. */
function commentLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => /^\s*#/.test(line));
}

/** Opens a file with Quick Open (Ctrl+P), typing `query`, and waits for its tab, `name`, to be active. */
async function quickOpen(page: Page, query: string, name: string): Promise<void> {
  const quickInput = await openQuickInput(page, 'Control+P', 'Quick Open');
  await page.keyboard.type(query);
  await quickInput.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
}

/** Runs a command by its title from the command palette (retrying the first key press). */
async function runCommand(page: Page, title: string): Promise<void> {
  const quickInput = await openQuickInput(page, 'Control+Shift+P', 'the command palette');
  await page.keyboard.type(title);
  // Enter runs the first row, which must be the command itself and not one whose title only
  // contains it.
  const first = quickInput.locator('.monaco-list-row').first();
  await until(
    `"${title}" first in the command palette`,
    async () => (await first.innerText({ timeout: 2000 })).trim().split('\n')[0] === title,
    15_000,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; first row: ${JSON.stringify(await first.innerText().catch(() => ''))}`);
  });
  await page.keyboard.press('Enter');
  await quickInput.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The texts of the problems the Problems panel lists for the article, in its order. */
async function articleProblems(panel: Locator): Promise<string[]> {
  return (await problemRows(panel)).filter((row) => row.file === ARTICLE).map((row) => row.text);
}

/**
 * The language servers of this test's code-server, by process id and command line: the
 * processes whose arguments name a dist/server.js inside this run's extensions folder. That folder is new for every run,
 * so no other process (another VS Code's server, another run's) can match, and none is touched.
 */
async function languageServers(extensions: string): Promise<{ pid: number; args: string }[]> {
  // Twice -w: unlimited width, so that long command lines are not cut off before the path.
  const stdout = await run('ps', ['-ww', '-eo', 'pid=,args='], { timeoutMs: 10_000 });
  const folders = [...new Set([extensions, fs.realpathSync(extensions)])].map((folder) => folder + path.sep);
  const servers: { pid: number; args: string }[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, args] = match;
    const inside = folders.some((folder) => {
      const at = args.indexOf(folder);
      return at >= 0 && /^\S*\/dist\/server\.js(\s|$)/.test(args.slice(at + folder.length));
    });
    if (inside && Number(pid) !== process.pid) servers.push({ pid: Number(pid), args });
  }
  return servers;
}

/** The contents of every file under `folder`, by relative path, to compare before and after. */
function snapshotFiles(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), fs.readFileSync(file));
  }
  return files;
}

/**
 * Watches the Problems panel and remembers the fewest problems it has shown for `file` since.
 * Polling could miss the moment between the client dropping the crashed server's diagnostics
 * and the new server publishing its own; a mutation observer sees every rendering of the list.
 */
async function watchFewestProblems(page: Page, file: string): Promise<void> {
  await page.evaluate((file) => {
    const panel = document.querySelector('.markers-panel');
    if (!panel) throw new Error('no Problems panel');
    const count = (): number => {
      let current = '';
      let n = 0;
      for (const row of Array.from(panel.querySelectorAll<HTMLElement>('.monaco-list-row'))) {
        if (row.getAttribute('aria-level') === '1') current = row.querySelector('.label-name')?.textContent ?? '';
        else if (row.getAttribute('aria-level') === '2' && current === file) n++;
      }
      return n;
    };
    const state = window as unknown as { fewestProblems?: number };
    state.fewestProblems = count();
    new MutationObserver(() => {
      state.fewestProblems = Math.min(state.fewestProblems ?? Infinity, count());
    }).observe(panel, { childList: true, subtree: true, characterData: true, attributes: true });
  }, file);
}

async function fewestProblems(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as { fewestProblems?: number }).fewestProblems);
}

/**
 * The sources report of the samples as the command line writes it (`--format html`), rendered
 * by the built engine into `folder`: the file the test opens in Chromium.
 */
function writeReportFile(folder: string): string {
  const samples = path.join(REPO, 'samples');
  const records = fs
    .readdirSync(samples)
    .filter((name) => /\.(txt|md)$/u.test(name))
    .map((name) => {
      const sidecarName = name.replace(/\.(txt|md)$/u, '.ann.yaml');
      const sidecarFile = path.join(samples, sidecarName);
      const sidecar = fs.existsSync(sidecarFile) ? fs.readFileSync(sidecarFile, 'utf8') : undefined;
      const analysis = analyze({ article: fs.readFileSync(path.join(samples, name), 'utf8'), sidecar });
      return recordOf({
        analysis,
        article: name,
        sidecar: sidecar === undefined ? undefined : sidecarName,
        markdown: isMarkdownPath(name),
      });
    });
  const file = path.join(folder, 'sources-report.html');
  fs.writeFileSync(
    file,
    renderReportHtml(buildReport(records, { by: ['type'] }), { title: 'Sources report: samples', mode: 'file' }),
  );
  return file;
}

/** The page inside the Sources panel's webview (an iframe in an iframe). */
function sourcesPage(page: Page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  // Screenshots of an earlier run must not pass for this run's.
  for (const name of [...SCREENSHOTS, ...RECORD_SCREENSHOTS, ...README_PICTURES, 'failure']) {
    fs.rmSync(path.join(RESULTS, `${name}.png`), { force: true });
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'article-annotations-web-'));
  try {
    await test(root);
  } finally {
    if (KEEP) log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  if (UPDATE_SCREENSHOTS) {
    for (const name of SCREENSHOTS) {
      fs.copyFileSync(path.join(RESULTS, `${name}.png`), path.join(IMAGES, `screenshot-${name}.png`));
    }
    for (const name of README_PICTURES)
      fs.copyFileSync(path.join(RESULTS, `${name}.png`), path.join(IMAGES, `${name}.png`));
    log('copied the screenshots to images/screenshot-*.png and images/sources-panel.png');
  }
}

/** The test proper, in the temporary folder `root`. */
async function test(root: string): Promise<void> {
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  const workspace = path.join(root, 'workspace');
  const xdg = path.join(root, 'xdg');
  const logFile = path.join(root, 'code-server.log');
  const config = path.join(root, 'config.yaml');

  const vsix = await step('package the extension', 120_000, async () => {
    const out = path.join(root, 'article-annotations.vsix');
    await run(path.join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], {
      timeoutMs: 120_000,
    });
    return out;
  });

  // The first install compiles native modules for about two minutes; later runs use the cache.
  const codeServer = await step('install code-server (cached after the first run)', 15 * 60_000, installCodeServer);

  for (const dir of [path.join(userData, 'User'), extensions, workspace, xdg, path.join(root, 'tmp')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  // The stand-in for Wikidata, named by a machine setting: code-server keeps those apart from
  // the user's, in the settings of the machine it runs on (a workspace's cannot name one).
  const wikidata = await WikidataTestServer.start();
  fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'Machine', 'settings.json'),
    JSON.stringify({ 'articleAnnotations.wikidata.endpoint': wikidata.endpoint }, null, 2),
  );
  // code-server refuses an empty configuration file, and would otherwise write one to ~/.config.
  fs.writeFileSync(config, 'auth: none\n');
  fs.cpSync(path.join(REPO, 'samples'), workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, NEW_ARTICLE), NEW_ARTICLE_TEXT);
  for (const [name, text] of Object.entries({ ...NEWSROOM_FILES, ...LINK_FILES })) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Keep code-server out of the user's configuration and data folders.
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    // Its sockets and scratch files go into the temporary folder too, and are removed with it,
    // unless that path is too long for a Unix socket (107 bytes, 53 of them vscode-ipc-UUID.sock).
    ...(path.join(root, 'tmp').length <= 54 ? { TMPDIR: path.join(root, 'tmp') } : {}),
    // No extension gallery, so that the workbench does not query open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    CS_DISABLE_FILE_DOWNLOADS: '1',
  };
  for (const name of ['PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'VSCODE_PROXY_URI']) delete env[name];
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  await step('install the .vsix into code-server', 60_000, async () => {
    const out = await run(codeServer, [...common, '--install-extension', vsix, '--force'], { env, timeoutMs: 60_000 });
    log(out.trim().split('\n').pop() ?? '');
  });

  const expected = await step('count unattributed quotes with the command-line checker', 30_000, () =>
    expectedUnattributed(workspace),
  );
  log(`the checker finds ${expected} unattributed quotes in ${ARTICLE}`);
  if (expected === 0) throw new Error(`the checker finds no unattributed quote in ${ARTICLE}; nothing to test`);

  const port = await freePort();
  const { child, state } = startCodeServer(
    codeServer,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
    ],
    env,
    logFile,
  );
  let browser: Browser | undefined;
  let page: Page | undefined;
  const blocked: string[] = [];
  let failed = false;
  try {
    await step('start code-server', 60_000, () =>
      until(
        'code-server to answer /healthz',
        async () => {
          if (state.exit) throw new Error(`code-server ${state.exit}; see ${logFile}`);
          return (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200;
        },
        60_000,
      ),
    );

    page = await step('start Chromium', 30_000, async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      // Anything but our server is blocked and reported: the test is hermetic, and the log
      // shows what VS Code would reach for.
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') {
          return route.continue();
        }
        blocked.push(route.request().url());
        log(`blocked request: ${route.request().url()}`);
        return route.abort();
      });
      const newPage = await context.newPage();
      newPage.on('pageerror', (error) => log(`page error: ${error.message}`));
      return newPage;
    });

    await step('open the workbench', 60_000, async () => {
      await page!.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, {
        waitUntil: 'domcontentloaded',
      });
      await page!.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The workbench is usable once the explorer lists the workspace files.
      await page!
        .locator('.explorer-folders-view .monaco-list-row', { hasText: ARTICLE })
        .first()
        .waitFor({ timeout: 60_000 });
    });

    // The Outline is open before the article is, as in a workbench that remembers it: its first
    // question to the server must already be answered with the article's symbols.
    const outline = viewPane(page, 'Outline');
    await step('open the Outline view', 30_000, async () => {
      await runCommand(page!, 'Explorer: Focus on Outline View');
      await outline.locator('.outline-pane').waitFor({ timeout: 15_000 });
    });

    const editor = page.locator('.editor-instance .monaco-editor').first();
    await step(`open ${ARTICLE} with Quick Open`, 60_000, async () => {
      const quickInput = await openQuickInput(page!, 'Control+P', 'Quick Open');
      await page!.keyboard.type(ARTICLE);
      await quickInput.locator('.monaco-list-row', { hasText: ARTICLE }).first().waitFor({ timeout: 30_000 });
      await page!.keyboard.press('Enter');
      await editor.locator('.view-line', { hasText: PLAIN_WORD }).first().waitFor({ timeout: 30_000 });
    });

    await step(`the Outline lists the quotes of ${ARTICLE} by speaker`, 30_000, async () => {
      const rows = await until(
        `"${MENTION_NAME}" and "Unattributed" in the Outline`,
        async () => {
          const rows = await treeRows(outline);
          const names = rows.filter((row) => row.level === 1).map((row) => row.label);
          return names.includes(MENTION_NAME) && names.includes('Unattributed') ? rows : undefined;
        },
        20_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; outline rows: ${JSON.stringify(await treeRows(outline))}`);
      });
      log(`outline: ${rows.map((row) => `${row.level}:${row.label.slice(0, 30)} ${row.description}`).join(' | ')}`);
    });

    await step('semantic highlighting: a person is coloured unlike plain words', 60_000, async () => {
      const result = await until(
        'semantic tokens to colour the mention',
        async () => {
          const c = await colours(page!, MENTION, PLAIN_WORD);
          return c.mention && c.plain && c.mention !== c.plain ? c : undefined;
        },
        60_000,
      ).catch(async (error: Error) => {
        const c = await colours(page!, MENTION, PLAIN_WORD);
        throw new Error(`${error.message}; last seen: ${JSON.stringify(c)}`);
      });
      log(
        `"${MENTION}" is ${result.mention} (${result.mentionClass}), "${PLAIN_WORD}" is ${result.plain} (${result.plainClass})`,
      );
      await screenshot(page!, 'highlighting');
    });

    await step(`hover over "${MENTION}"`, 60_000, async () => {
      const text = await hoverCard(page!, editorWord(editor, MENTION), MENTION_NAME);
      log(`hover: ${text.slice(0, 200)}`);
      if (!text.includes(MENTION_NAME)) throw new Error(`the hover does not name ${MENTION_NAME}: ${text}`);
      await screenshot(page!, 'hover');
      await page!.mouse.move(5, 400);
    });

    await step('Problems panel lists the unattributed quotes', 60_000, async () => {
      const panel = page!.locator('.markers-panel');
      await until(
        'the Problems panel',
        async () => {
          if (!(await panel.isVisible())) {
            await page!.keyboard.press('Control+Shift+M');
            await panel.waitFor({ timeout: 2000 }).catch(() => undefined);
          }
          return panel.isVisible();
        },
        30_000,
      );
      // Diagnostics arrive after the analysis; wait until all of them are listed.
      const rows = await until(
        `${expected} unattributed quotes in the Problems panel`,
        async () => {
          const rows = await problemRows(panel);
          const ours = rows.filter((row) => row.file === ARTICLE && row.text.includes(UNATTRIBUTED));
          return ours.length >= expected ? rows : undefined;
        },
        45_000,
      ).catch(async (error: Error) => {
        const rows = await problemRows(panel);
        throw new Error(`${error.message}; rows: ${JSON.stringify(rows)}`);
      });
      for (const row of rows) log(`problem in ${row.file}: ${row.text.slice(0, 140)}`);
      const count = rows.filter((row) => row.file === ARTICLE && row.text.includes(UNATTRIBUTED)).length;
      if (count !== expected) {
        throw new Error(`the Problems panel lists ${count} unattributed quotes in ${ARTICLE}, the checker ${expected}`);
      }
      await screenshot(page!, 'problems');
    });

    const panel = page.locator('.markers-panel');
    const articleText = fs.readFileSync(path.join(workspace, ARTICLE), 'utf8');
    const sidecarBefore = fs.readFileSync(path.join(workspace, SIDECAR), 'utf8');
    const { line, column } = lineColumnIn(articleText, `„${QUOTE}“`, 5);

    await step(`put the cursor into „${QUOTE.slice(0, 25)}…“ with Go to Line`, 30_000, async () => {
      const status = page!.locator('#status\\.editor\\.selection');
      await until(
        `the cursor at Ln ${line}, Col ${column}`,
        async () => {
          // Focus the article first (the Problems panel has the focus): a click on any line.
          await editor.locator('.view-line').first().click({ timeout: 5000 });
          return goToLine(page!, { line, column });
        },
        25_000,
      ).catch(async (error: Error) => {
        const text = await status.innerText().catch(() => '(no status)');
        throw new Error(`${error.message}; the status bar says ${text}`);
      });
    });

    await step(`quick fix menu with Ctrl+.: "${QUICK_FIX}" first and focused`, 30_000, async () => {
      const rows = await until(
        'the quick fix menu',
        async () => {
          if (!(await page!.locator('.action-widget .monaco-list-row').first().isVisible())) {
            await page!.keyboard.press('Control+.');
            await page!
              .locator('.action-widget .monaco-list-row.action')
              .first()
              .waitFor({ timeout: 3000 })
              .catch(() => undefined);
          }
          const rows = await quickFixRows(page!);
          return rows.some((row) => row.text === QUICK_FIX && row.focused) ? rows : undefined;
        },
        25_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; menu rows: ${JSON.stringify(await quickFixRows(page!))}`);
      });
      log(`quick fixes: ${rows.map((row) => `${row.focused ? '>' : ''}${row.text}`).join(' | ')}`);
      const actions = rows.filter((row) => !row.header);
      if (actions[0]?.text !== QUICK_FIX) {
        throw new Error(`the first quick fix is "${actions[0]?.text}", not "${QUICK_FIX}"`);
      }
      for (const title of ['Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)']) {
        if (!actions.some((row) => row.text === title)) throw new Error(`no quick fix "${title}" in the menu`);
      }
      await screenshot(page!, 'quickfix');
    });

    await step(`choose "${QUICK_FIX}": one unattributed quote fewer in the Problems panel`, 30_000, async () => {
      await page!.keyboard.press('Enter');
      await page!.locator('.action-widget .monaco-list-row').first().waitFor({ state: 'hidden', timeout: 10_000 });
      const rows = await until(
        `${expected - 1} unattributed quotes in the Problems panel`,
        async () => {
          const rows = await problemRows(panel);
          const ours = rows.filter((row) => row.file === ARTICLE && row.text.includes(UNATTRIBUTED));
          return ours.length === expected - 1 && !ours.some((row) => row.text.includes(QUOTE)) ? rows : undefined;
        },
        25_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; rows: ${JSON.stringify(await problemRows(panel))}`);
      });
      for (const row of rows) log(`problem in ${row.file}: ${row.text.slice(0, 100)}`);
      // The fix edits the sidecar only: the article stays as it was, unmodified in its editor.
      const dirtyArticle = await page!.locator('.tabs-container .tab.dirty', { hasText: ARTICLE }).count();
      if (dirtyArticle > 0) throw new Error(`the quick fix changed ${ARTICLE}`);
      if (fs.readFileSync(path.join(workspace, SIDECAR), 'utf8') !== sidecarBefore) {
        throw new Error(`${SIDECAR} changed on disk before it was saved`);
      }
    });

    await step(
      `File: Save All Files writes the attribution into ${SIDECAR} on disk, comments kept`,
      45_000,
      async () => {
        // The sidecar is dirty in the background, without an editor of its own: save everything.
        // ("File: Save All Files" is what VS Code 1.100 calls workbench.action.files.saveAll.) On a
        // loaded machine code-server has once let a save pass unwritten: as a user would, save again.
        const onDisk = () => {
          const text = fs.readFileSync(path.join(workspace, SIDECAR), 'utf8');
          return Promise.resolve(text.includes(ENTRY) ? text : undefined);
        };
        let saved: string | undefined;
        for (let attempt = 1; saved === undefined && attempt <= 3; attempt++) {
          await runCommand(page!, 'File: Save All Files');
          saved = await until(`the attribution in ${SIDECAR} on disk`, onDisk, 10_000).catch((error: Error) => {
            const text = fs.readFileSync(path.join(workspace, SIDECAR), 'utf8');
            if (attempt === 3) throw new Error(`${error.message}; the sidecar on disk ends with:\n${text.slice(-400)}`);
            log(`${SIDECAR} not written ${attempt * 10} s after Save All; saving again`);
            return undefined;
          });
        }
        if (saved === undefined) throw new Error(`${SIDECAR} was not saved`);
        const lost = commentLines(sidecarBefore).filter((comment) => !saved.split(/\r?\n/).includes(comment));
        if (lost.length) throw new Error(`the sidecar lost its comment lines ${JSON.stringify(lost)}`);
        if (fs.readFileSync(path.join(workspace, ARTICLE), 'utf8') !== articleText) {
          throw new Error(`${ARTICLE} changed on disk`);
        }
        log(`${SIDECAR} on disk has the entry and all ${commentLines(sidecarBefore).length} comment lines`);
      },
    );

    await step('the Quotes view lists the unattributed quotes and the speakers with counts', 30_000, async () => {
      await runCommand(page!, 'Explorer: Focus on Quotes View');
      // The folder's file tree is of no more use: closed, it leaves the Quotes view and the Outline
      // room to show every row (a tree renders only the rows it has room for).
      const folders = page!.locator('.pane-header', {
        has: page!.locator('.title', { hasText: /^\s*workspace\s*$/i }),
      });
      if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
      const groups = await until(
        `${expected - 1} quotes under "Unattributed" in the Quotes view`,
        async () => {
          const groups = await quoteGroupsShown(page!);
          const unattributed = groups.find((group) => group.name === 'Unattributed');
          return unattributed?.count === expected - 1 && groups.some((g) => g.name === MENTION_NAME)
            ? groups
            : undefined;
        },
        20_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; groups: ${JSON.stringify(await quoteGroupsShown(page!))}`);
      });
      log(`quotes view: ${JSON.stringify(groups)}`);
      const putin = groups.find((group) => group.name === MENTION_NAME)!;
      if (!putin.quotes.some((quote) => quote.includes(QUOTE))) {
        throw new Error(`„${QUOTE}“, attributed by the quick fix, is not under ${MENTION_NAME}`);
      }
      // Only the sidecar changed, yet the article's Outline follows it.
      await until(
        `"${putin.count} quotes" beside ${MENTION_NAME} in the Outline`,
        async () =>
          (await treeRows(outline)).some(
            (row) => row.label === MENTION_NAME && row.description.includes(`${putin.count} quotes`),
          ),
        20_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; outline rows: ${JSON.stringify(await treeRows(outline))}`);
      });
      await screenshot(page!, 'quotes');
    });

    await step(
      `Ctrl+F8 to the first unattributed quote, Ctrl+K Ctrl+Enter: it moves under ${MENTION_NAME}`,
      45_000,
      async () => {
        const before = await quoteGroupsShown(page!);
        const unattributedBefore = before.find((group) => group.name === 'Unattributed')!;
        const first = unattributedBefore.quotes[0];
        const speakerBefore = before.find((group) => group.name === MENTION_NAME)!.count;
        const status = page!.locator('#status\\.editor\\.selection');
        const { line } = lineColumnIn(articleText, `„${KEYBOARD_QUOTE}`, 1);
        await until(
          `Next Unattributed Quote to select „${KEYBOARD_QUOTE}…“ on line ${line}`,
          async () => {
            // From the top of the article, the first unattributed quote is the next one.
            await page!.locator('.tabs-container .tab', { hasText: ARTICLE }).first().click({ timeout: 5000 });
            await page!.keyboard.press('Control+Home');
            await page!.keyboard.press('Control+F8');
            return appears(status.filter({ hasText: new RegExp(`Ln ${line}, .*selected`) }), 3000);
          },
          20_000,
        ).catch(async (error: Error) => {
          throw new Error(`${error.message}; the status bar says ${await status.innerText().catch(() => '?')}`);
        });
        const groups = await until(
          `„${KEYBOARD_QUOTE}…“ under ${MENTION_NAME} in the Quotes view`,
          async () => {
            // Retrying is safe: in a quote with an attribution, the command finds none to attribute.
            await page!.keyboard.press('Control+K');
            await page!.keyboard.press('Control+Enter');
            const check = async () => {
              const groups = await quoteGroupsShown(page!);
              const unattributed = groups.find((group) => group.name === 'Unattributed');
              const speaker = groups.find((group) => group.name === MENTION_NAME);
              return (unattributed?.count ?? 0) === unattributedBefore.count - 1 &&
                speaker?.count === speakerBefore + 1 &&
                speaker.quotes.some((quote) => quote.includes(KEYBOARD_QUOTE))
                ? groups
                : undefined;
            };
            return until('the Quotes view to follow', check, 3000).catch(() => undefined);
          },
          30_000,
        ).catch(async (error: Error) => {
          throw new Error(`${error.message}; groups: ${JSON.stringify(await quoteGroupsShown(page!))}`);
        });
        log(`quotes view after accepting "${first}": ${JSON.stringify(groups)}`);
        // A chord half lost on a busy machine (Ctrl+Enter alone inserts a line) must not be saved.
        await undoStrayEdits(page!, ARTICLE);
        // Saved, so that the crash test below finds the files on disk as the editor has them.
        await runCommand(page!, 'File: Save All Files');
        await until(
          `the new attribution in ${SIDECAR} on disk`,
          () => Promise.resolve(fs.readFileSync(path.join(workspace, SIDECAR), 'utf8').includes(KEYBOARD_QUOTE)),
          20_000,
        );
      },
    );

    await step(
      `the annotate picker preselects what a selected mention names: "Already ${MENTION_NAME}"`,
      30_000,
      async () => {
        await page!.locator('.tabs-container .tab', { hasText: ARTICLE }).first().click({ timeout: 5000 });
        // Find selects the next "Putin", a mention of the sidecar's Wladimir Putin.
        await page!.keyboard.press('Control+F');
        await page!.keyboard.type('Putin');
        await page!.keyboard.press('Enter');
        await page!.keyboard.press('Escape');
        await runCommand(page!, 'Article Annotations: Annotate as Person…');
        // The picker, once the server has answered: it always offers a new person.
        const rows = page!.locator('.quick-input-widget .monaco-list-row');
        await rows.filter({ hasText: 'New person' }).first().waitFor({ timeout: 15_000 });
        const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
        await page!.keyboard.press('Escape');
        log(`annotate picker, first row: ${first}`);
        // Typed into the article if the find widget was slow to open.
        await undoStrayEdits(page!, ARTICLE);
        if (!first.includes(`Already ${MENTION_NAME}`)) throw new Error(`the first row is "${first}"`);
      },
    );

    await step(
      `annotate ${NEW_ARTICLE} from its sidecar's creation to no problem left, by keyboard alone`,
      90_000,
      async () => {
        const quickInput = await openQuickInput(page!, 'Control+P', 'Quick Open');
        await page!.keyboard.type(NEW_ARTICLE);
        await quickInput.locator('.monaco-list-row', { hasText: NEW_ARTICLE }).first().waitFor({ timeout: 30_000 });
        await page!.keyboard.press('Enter');
        await editor.locator('.view-line', { hasText: 'Die Stadt plant neu' }).first().waitFor({ timeout: 30_000 });
        await runCommand(page!, 'Article Annotations: Create Sidecar for This Article');
        const sidecarTab = page!.locator('.tabs-container .tab', { hasText: 'bruecke.ann.yaml' });
        await sidecarTab.first().waitFor({ timeout: 20_000 });
        const unattributed = async (): Promise<number> =>
          (await problemRows(panel)).filter((row) => row.file === NEW_ARTICLE && row.text.includes(UNATTRIBUTED))
            .length;
        await until('two unattributed quotes in the new article', async () => (await unattributed()) === 2, 20_000);
        for (let left = 2; left > 0; left--) {
          let attempt = 0;
          let countReported = false;
          await until(
            `${left - 1} unattributed quotes left after Ctrl+F8, Ctrl+. and Enter`,
            async () => {
              const count = await unattributed();
              if (count === left) {
                attempt++;
                // Back to the article (the first editor group), to its next unattributed quote;
                // after a miss, by the command's name, in case the keybinding's context lagged.
                await page!.keyboard.press('Escape');
                await page!.keyboard.press('Control+1');
                await page!.keyboard.press('Control+Home');
                if (attempt % 2 === 1) await page!.keyboard.press('Control+F8');
                else await runCommand(page!, 'Article Annotations: Next Unattributed Quote');
                // The command asks the server where the quotes are: Ctrl+. waits for the selection.
                const selected = page!.locator('#status\\.editor\\.selection', { hasText: 'selected' });
                if (!(await appears(selected, 5000))) {
                  log(`attempt ${attempt}: no quote selected; ${await workbenchState(page!)}`);
                  return false;
                }
                await page!.keyboard.press('Control+.');
                const menu = page!.locator('.action-widget .monaco-list-row.action').first();
                if (!(await appears(menu, 3000))) {
                  log(`attempt ${attempt}: no quick fix menu`);
                  return false;
                }
                const rows = await quickFixRows(page!);
                const focused = rows.find((row) => row.focused)?.text ?? '';
                log(`quick fix focused: ${focused}`);
                if (!focused.startsWith('Create person')) {
                  await page!.keyboard.press('Escape');
                  return false;
                }
                await page!.keyboard.press('Enter');
              } else if (count !== left - 1 && !countReported) {
                countReported = true;
                log(`${count} unattributed quotes in the Problems panel; ${await workbenchState(page!)}`);
              }
              return appears(page!.locator('.markers-panel'), 100).then(
                async () => (await unattributed()) === left - 1,
              );
            },
            25_000,
          );
        }
        // Saved, the new sidecar holds both people the quick fixes created, with the quotes.
        await runCommand(page!, 'File: Save All Files');
        await until(
          `${NEW_SPEAKERS.join(' and ')} in the new sidecar on disk`,
          () => {
            const file = path.join(workspace, NEW_ARTICLE.replace(/\.txt$/u, '.ann.yaml'));
            const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
            return Promise.resolve(NEW_SPEAKERS.every((id) => text.includes(`speaker: ${id}`)));
          },
          20_000,
        );
      },
    );

    await step(
      `Ctrl+T "${REGISTRY_QUERY}": ${REGISTRY_PERSON} of ${REGISTRY}, Enter opens the registry at her entry`,
      30_000,
      async () => {
        // Everything opens in the first editor group, where the steps below find the article.
        await page!.keyboard.press('Control+1');
        const quickInput = await openQuickInput(page!, 'Control+T', 'Go to Symbol in Workspace');
        await page!.keyboard.type(REGISTRY_QUERY);
        const container = `${REGISTRY_ID} · ${REGISTRY}`;
        const first = quickInput.locator('.monaco-list-row').first();
        const row = await until(
          `${REGISTRY_PERSON} (${container}) first among the workspace symbols`,
          async () => {
            const text = (await first.innerText({ timeout: 2000 })).replace(/\s+/g, ' ').trim();
            return text.includes(REGISTRY_PERSON) && text.includes(container) ? text : undefined;
          },
          15_000,
        ).catch(async (error: Error) => {
          const rows = await quickInput.locator('.monaco-list-row').allInnerTexts();
          throw new Error(`${error.message}; rows: ${JSON.stringify(rows)}`);
        });
        log(`workspace symbol: ${row}`);
        await page!.keyboard.press('Enter');
        await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
        const line = NEWSROOM_FILES[REGISTRY].split('\n').indexOf(`  ${REGISTRY_ID}:`) + 1;
        await page!
          .locator('.tabs-container .tab.active', { hasText: path.basename(REGISTRY) })
          .first()
          .waitFor({ timeout: 10_000 });
        const status = page!.locator('#status\\.editor\\.selection');
        await status
          .filter({ hasText: new RegExp(`^\\s*Ln ${line}, Col 3\\b`) })
          .waitFor({ timeout: 10_000 })
          .catch(async (error: Error) => {
            throw new Error(`${error.message}; the status bar says ${await status.innerText().catch(() => '?')}`);
          });
      },
    );

    await step(`hover over "${REGISTRY_MENTION}" in ${REGISTRY_ARTICLE}: "${CORPUS_LINE}"`, 45_000, async () => {
      await quickOpen(page!, `${NEWSROOM}/${REGISTRY_ARTICLE}`, REGISTRY_ARTICLE);
      // The card counts the articles of the workspace index: while it is being built it says
      // "(still indexing)", and the counts may still grow.
      const complete = (card: string): boolean => !card.includes('(still indexing)');
      // By the mouse, as a reader would; on a machine so busy that the mouse lands beside the
      // word (once, a CI run showed the quote's card for half a minute), by the keyboard at the
      // mention's own line and column.
      const text = await hoverCard(
        page!,
        editorWord(editor, REGISTRY_MENTION),
        'In the workspace:',
        complete,
        15_000,
      ).catch(async (error: Error) => {
        log(`by the mouse: ${error.message}; now by the keyboard`);
        const article = NEWSROOM_FILES[`${NEWSROOM}/${REGISTRY_ARTICLE}`];
        const at = lineColumnIn(article, `sagte ${REGISTRY_MENTION}`, 'sagte '.length + 2);
        return keyboardHoverCard(page!, editor, at, 'In the workspace:', complete, 20_000);
      });
      log(`hover: ${text}`);
      if (!text.includes(REGISTRY_PERSON) || !text.includes(CORPUS_LINE) || !text.includes(CORPUS_QUOTE)) {
        throw new Error(`the card lacks ${REGISTRY_PERSON}, "${CORPUS_LINE}" or „${CORPUS_QUOTE}“: ${text}`);
      }
      await screenshot(page!, 'registry');
      await page!.mouse.move(5, 400);
    });

    await step(
      'the HTML report file of the samples opens in Chromium, without a script and printable',
      30_000,
      async () => {
        const file = writeReportFile(root);
        // A context of its own: the workbench's blocks every address but code-server's.
        const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
        try {
          const reportPage = await context.newPage();
          const errors: string[] = [];
          reportPage.on('console', (message) => {
            if (message.type() === 'error') errors.push(message.text());
          });
          await reportPage.goto(`file://${file}`);
          await reportPage.getByRole('heading', { name: 'Speakers', exact: true }).waitFor({ timeout: 10_000 });
          const charts = await reportPage.locator('svg.chart[role="img"]').count();
          if (charts === 0) throw new Error('the report file has no chart');
          if ((await reportPage.locator('script').count()) > 0) throw new Error('the report file has a script');
          if (!(await reportPage.getByRole('cell', { name: WORKSPACE_SPEAKER }).first().isVisible())) {
            throw new Error(`the report file does not list ${WORKSPACE_SPEAKER}`);
          }
          if (errors.length > 0) throw new Error(`the report file logged errors: ${errors.join('; ')}`);
          await reportPage.screenshot({ path: path.join(RESULTS, 'report-file.png'), animations: 'disabled' });
          log(`screenshot: ${path.relative(REPO, path.join(RESULTS, 'report-file.png'))}`);
        } finally {
          await context.close();
        }
      },
    );

    const sources = sourcesPage(page);
    await step(`Show Sources Report on ${REGISTRY_ARTICLE}: the panel lists ${REGISTRY_PERSON}`, 45_000, async () => {
      // The Quotes view's button, shown when the pointer is over the view's header; else the palette.
      const header = viewPane(page!, 'Quotes').locator('.pane-header');
      await header.hover().catch(() => undefined);
      const button = header.locator('.action-label[aria-label*="Show Sources Report"]');
      if (await appears(button, 3000)) {
        await button.click();
        log('ran Show Sources Report from the Quotes view');
      } else {
        await runCommand(page!, 'Article Annotations: Show Sources Report');
        log('ran Show Sources Report from the command palette');
      }
      await sources.locator('button.speaker', { hasText: REGISTRY_PERSON }).waitFor({ timeout: 30_000 });
      const label = await sources.locator('#scope-label').innerText();
      if (label.trim() !== `${NEWSROOM}/${REGISTRY_ARTICLE}`) throw new Error(`the scope is "${label}"`);
    });

    await step(
      'switch the scope to the workspace with the keyboard, sort by a column, Enter on a speaker',
      60_000,
      async () => {
        await sources.locator('#scope-article').focus();
        await page!.keyboard.press('ArrowRight');
        await until(
          'the folder scope',
          async () => (await sources.locator('#scope-label').innerText({ timeout: 2000 })).trim() === `${NEWSROOM}/`,
          20_000,
        );
        // The page is replaced; the scope's radio button has the focus again.
        await until(
          'the focus back on the folder scope',
          () => sources.locator('#scope-folder').evaluate((element) => element === document.activeElement),
          10_000,
        );
        await page!.keyboard.press('ArrowRight');
        await until(
          `${WORKSPACE_SPEAKER} in the workspace scope`,
          async () =>
            (await sources.locator('#scope-label').innerText({ timeout: 2000 })).trim() === 'the workspace' &&
            (await sources.locator('button.speaker', { hasText: WORKSPACE_SPEAKER }).count()) > 0,
          20_000,
        );
        // The README's picture: the panel wider, scrolled to its groups' charts and the speakers.
        await runCommand(page!, 'View: Toggle Primary Side Bar Visibility');
        await sources.locator('#groups').evaluate((element) => element.scrollIntoView());
        await screenshot(page!, 'sources-panel');
        await runCommand(page!, 'View: Toggle Primary Side Bar Visibility');
        // Sort the speakers by their number of quotes: Enter on the column's header, twice.
        const speakers = sources.locator('table.speakers');
        const quotesHeader = speakers.locator('thead button', { hasText: /^Quotes/ });
        await quotesHeader.focus();
        await page!.keyboard.press('Enter');
        const sortOf = () => speakers.locator('thead th').nth(2).getAttribute('aria-sort');
        if ((await sortOf()) !== 'descending') throw new Error(`aria-sort is ${await sortOf()} after one Enter`);
        await page!.keyboard.press('Enter');
        if ((await sortOf()) !== 'ascending') throw new Error(`aria-sort is ${await sortOf()} after two`);
        const counts = (await speakers.locator('tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
        if (counts.some((count, i) => i > 0 && count < counts[i - 1])) {
          throw new Error(`the quotes column is not ascending: ${counts.join(', ')}`);
        }
        const speaker = sources.locator('button.speaker', { hasText: REGISTRY_PERSON });
        await speaker.focus();
        await page!.keyboard.press('Enter');
        const quickInput = page!.locator('.quick-input-widget');
        const rows = quickInput.locator('.monaco-list-row');
        await until(
          `her ${PANEL_SPEAKER_QUOTES.length} quotes in the quick pick`,
          async () => {
            const texts = await rows.allInnerTexts();
            return texts.length === PANEL_SPEAKER_QUOTES.length &&
              PANEL_SPEAKER_QUOTES.every((quote) => texts.some((text) => text.includes(quote)))
              ? texts
              : undefined;
          },
          20_000,
        ).catch(async (error: Error) => {
          throw new Error(`${error.message}; rows: ${JSON.stringify(await rows.allInnerTexts())}`);
        });
        // Enter opens the first, in its article, with its words selected.
        const first = (await rows.first().innerText()).includes(PANEL_SPEAKER_QUOTES[0])
          ? REGISTRY_ARTICLE
          : 'haushalt.txt';
        await page!.keyboard.press('Enter');
        await page!.locator('.tabs-container .tab.active', { hasText: first }).first().waitFor({ timeout: 10_000 });
        await page!.locator('#status\\.editor\\.selection', { hasText: 'selected' }).waitFor({ timeout: 10_000 });
        // The panel closes (its tab's close button), so that the steps below have the editor to themselves.
        const tab = page!.locator('.tabs-container .tab', { hasText: 'Sources Report' }).first();
        await tab.hover();
        await tab.locator('.tab-actions .action-label').first().click();
        await tab.waitFor({ state: 'detached', timeout: 10_000 });
      },
    );

    const linkPosition = lineColumnIn(LINK_FILES[LINK_ARTICLE], 'Anna Berger', 7);
    await step(`open ${LINK_ARTICLE}, cursor on "Anna Berger", Ctrl+.: "Link to Wikidata…"`, 45_000, async () => {
      // Opening, highlighting, hovering and indexing ask Wikidata nothing.
      if (wikidata.requests.length > 0) {
        throw new Error(
          `Wikidata was asked before the command ran: ${wikidata.requests.map((r) => r.url.href).join(', ')}`,
        );
      }
      await quickOpen(page!, LINK_ARTICLE, LINK_ARTICLE);
      const status = page!.locator('#status\\.editor\\.selection');
      const row = page!.locator('.action-widget .monaco-list-row.action', { hasText: 'Link to Wikidata…' }).first();
      await until(
        '"Link to Wikidata…" in the light bulb menu on "Anna Berger"',
        async () => {
          if (!(await status.filter({ hasText: `Ln ${linkPosition.line}, Col ${linkPosition.column}` }).isVisible())) {
            await page!.keyboard.press('Escape');
            if (!(await goToLine(page!, linkPosition))) return false;
          }
          await page!.keyboard.press('Control+.');
          if (await appears(row, 3000)) return true;
          log(`menu rows: ${(await quickFixRows(page!)).map((r) => r.text).join(' | ')}`);
          await page!.keyboard.press('Escape');
          return false;
        },
        30_000,
      );
      log(`light bulb: ${(await quickFixRows(page!)).map((r) => `${r.focused ? '>' : ''}${r.text}`).join(' | ')}`);
      // The keyboard, as a reporter would: down to the action, Enter (a click would land on the
      // menu's pointer block).
      await until(
        '"Link to Wikidata…" focused in the menu',
        async () => {
          if ((await quickFixRows(page!)).some((r) => r.focused && r.text === 'Link to Wikidata…')) return true;
          await page!.keyboard.press('ArrowDown');
          return false;
        },
        10_000,
      );
      await page!.keyboard.press('Enter');
    });

    await step(
      `the quick pick tells both Anna Bergers apart; "${LINK_PICK}", Enter, Save All link her`,
      45_000,
      async () => {
        const quickInput = page!.locator('.quick-input-widget');
        const rows = quickInput.locator('.monaco-list-row');
        const listed = await until(
          'both Anna Bergers in the quick pick',
          async () => {
            const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
            return texts.length === 2 && texts.some((t) => t.includes('deutsche Politikerin')) ? texts : undefined;
          },
          20_000,
        ).catch(async (error: Error) => {
          const toasts = await page!.locator('.notification-toast .notification-list-item-message').allInnerTexts();
          throw new Error(
            `${error.message}; rows: ${JSON.stringify(await rows.allInnerTexts())}, notifications: ${JSON.stringify(toasts)}`,
          );
        });
        log(`candidates: ${listed.join(' | ')}`);
        if (!listed.some((text) => text.includes('österreichische Schauspielerin') && text.includes('1981–, Mensch'))) {
          throw new Error(`the actress is not told apart from the politician: ${JSON.stringify(listed)}`);
        }
        await screenshot(page!, 'wikidata-pick');
        await page!.keyboard.type(LINK_PICK);
        await until('only the politician left', async () => (await rows.count()) === 1, 10_000);
        await page!.keyboard.press('Enter');
        await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
        // The sidecar and the new wikidata.ann.json are changed in the background: save them.
        const sidecarFile = path.join(workspace, LINK_SIDECAR);
        const factsFile = path.join(workspace, 'wikidata.ann.json');
        await until(
          `${LINK_ID} in ${LINK_SIDECAR} and wikidata.ann.json on disk`,
          async () => {
            await runCommand(page!, 'File: Save All Files');
            const sidecar = fs.readFileSync(sidecarFile, 'utf8');
            const facts = fs.existsSync(factsFile) ? fs.readFileSync(factsFile, 'utf8') : '';
            return sidecar.includes(LINK_ENTRY) && facts.includes(`"${LINK_ID}"`);
          },
          30_000,
        ).catch((error: Error) => {
          const facts = fs.existsSync(factsFile) ? fs.readFileSync(factsFile, 'utf8').slice(0, 300) : '(none)';
          throw new Error(
            `${error.message}; the sidecar:\n${fs.readFileSync(sidecarFile, 'utf8')}\nthe facts: ${facts}`,
          );
        });
        const sidecar = fs.readFileSync(sidecarFile, 'utf8');
        if (
          sidecar !== LINK_FILES[LINK_SIDECAR].replace('    aliases: [Berger] # so nennt sie der Text\n', LINK_ENTRY)
        ) {
          throw new Error(`the link changed more of ${LINK_SIDECAR} than its entity:\n${sidecar}`);
        }
        const { file, problems } = parseWikidataFile(fs.readFileSync(factsFile, 'utf8'));
        if (problems.length || Object.keys(file.entities).join() !== LINK_ID || !file.labels.Q5) {
          throw new Error(`wikidata.ann.json: ${JSON.stringify({ problems, entities: Object.keys(file.entities) })}`);
        }
        const asked = wikidata.requests.map((request) => request.action);
        log(`asked Wikidata: ${asked.join(', ')}; User-Agent ${wikidata.requests[0]?.userAgent}`);
        if (asked.join() !== 'wbsearchentities,wbgetentities,wbgetentities') {
          throw new Error(`unexpected requests to Wikidata: ${JSON.stringify(asked)}`);
        }
      },
    );

    await step(`hover over "Berger": "${LINK_FACT}" and the Wikipedia link`, 45_000, async () => {
      // The whole card, links included, needs the room of the window: the sidecar beside and the
      // panel go for now (a card is as wide as the editor allows, and no taller than a few lines).
      await runCommand(page!, 'View: Close Editors in Other Groups');
      await runCommand(page!, 'View: Hide Panel');
      await panel.waitFor({ state: 'hidden', timeout: 10_000 });
      const text = await hoverCard(page!, editorWord(editor, 'Berger'), LINK_FACT);
      log(`hover: ${text}`);
      const hover = page!.locator('.monaco-hover:not(.hidden)', { hasText: LINK_FACT }).first();
      const link = hover.locator('a', { hasText: /^Wikipedia$/ }).first();
      const href = (await link.getAttribute('data-href')) ?? (await link.getAttribute('href'));
      if (href !== LINK_WIKIPEDIA) throw new Error(`the Wikipedia link goes to ${href}, not ${LINK_WIKIPEDIA}`);
      await screenshot(page!, 'wikidata');
      await page!.mouse.move(5, 400);
      // The Problems panel again, for the steps below.
      await until(
        'the Problems panel back',
        async () => {
          await page!.keyboard.press('Control+Shift+M');
          return appears(panel, 2000);
        },
        15_000,
      );
    });

    // The crash comes last: the steps above expect the article as it is on disk, and this one
    // leaves it with unsaved changes.
    const articleTab = page.locator('.tabs-container .tab.dirty', { hasText: ARTICLE });
    const newLine = editor.locator('.view-line', { hasText: NEW_QUOTE });
    const unsavedProblems = await step(
      `type „${NEW_QUOTE}“ into ${ARTICLE} without saving: one unattributed quote more`,
      30_000,
      async () => {
        const count = (rows: string[]) => rows.filter((text) => text.includes(UNATTRIBUTED)).length;
        const earlier = count(await articleProblems(panel));
        // Focus the article by its tab (a click into the text could land under the breadcrumbs
        // or on a code lens), and go to its end: the status bar shows when the cursor is there.
        const lastLine = articleText.split('\n').length;
        const status = page!.locator('#status\\.editor\\.selection');
        await until(
          `the cursor at the end of ${ARTICLE}, Ln ${lastLine}`,
          async () => {
            await page!.locator('.tabs-container .tab', { hasText: ARTICLE }).first().click({ timeout: 5000 });
            await page!.keyboard.press('Control+End');
            return appears(status.filter({ hasText: `Ln ${lastLine}, Col 1` }), 2000);
          },
          15_000,
        );
        await page!.keyboard.press('Enter');
        await page!.keyboard.press('Enter');
        await page!.keyboard.type(NEW_PARAGRAPH);
        // Word suggestions may have opened while typing; nothing of them must be accepted later.
        await page!.keyboard.press('Escape');
        await newLine.first().waitFor({ timeout: 10_000 });
        await articleTab.waitFor({ timeout: 10_000 });
        // The server analyses the unsaved buffer: its diagnostics now include the new quote. The
        // one for the quote must also name ${MENTION_NAME}, whom the words after it cue: while
        // the paragraph was being typed, the server may have published the quote without them,
        // and the test compares with these rows after the crash.
        const rows = await until(
          `${earlier + 1} unattributed quotes in the Problems panel, one of them „${NEW_QUOTE}“ of ${MENTION_NAME}`,
          async () => {
            const rows = await articleProblems(panel);
            const complete = rows.some((text) => text.includes(`„${NEW_QUOTE}“`) && text.includes(MENTION_NAME));
            return count(rows) === earlier + 1 && complete ? rows : undefined;
          },
          20_000,
        ).catch(async (error: Error) => {
          throw new Error(`${error.message}; rows: ${JSON.stringify(await articleProblems(panel))}`);
        });
        log(`${rows.length} problems in ${ARTICLE}, ${count(rows)} unattributed quotes (before: ${earlier})`);
        return rows;
      },
    );

    await step(
      'kill the language server: restarted once, the diagnostics of the unsaved buffer come back',
      45_000,
      async () => {
        const filesBefore = snapshotFiles(workspace);
        const servers = await languageServers(extensions);
        if (servers.length !== 1) {
          throw new Error(`expected one language server process, found ${JSON.stringify(servers)}`);
        }
        const crashed = servers[0].pid;
        log(`the language server: pid ${crashed}, ${servers[0].args}`);
        await watchFewestProblems(page!, ARTICLE);
        process.kill(crashed, 'SIGKILL');
        log(`sent SIGKILL to the language server, pid ${crashed}`);

        const restarted = await until(
          'a new language server process',
          async () => {
            const now = await languageServers(extensions);
            return now.length === 1 && now[0].pid !== crashed ? now[0].pid : undefined;
          },
          20_000,
        );
        log(`the new language server has pid ${restarted}`);
        const toasts = page!.locator('.notification-toast .notification-list-item-message', { hasText: RESTARTED });
        await toasts.first().waitFor({ timeout: 15_000 });

        // The client drops the crashed server's diagnostics and the Problems panel empties; the
        // problems it lists after that are the new server's, computed from the unsaved buffer
        // the client sent it on the restart. (Right after the restart the panel may still show
        // the old ones, so equal rows alone prove nothing.)
        const rows = await until(
          `the Problems panel to empty and list the ${unsavedProblems.length} problems of the unsaved ${ARTICLE} again`,
          async () => {
            // In this order: rows read after the panel was seen empty are the new server's.
            const emptied = (await fewestProblems(page!)) === 0;
            const rows = await articleProblems(panel);
            return emptied && JSON.stringify(rows) === JSON.stringify(unsavedProblems) ? rows : undefined;
          },
          20_000,
        ).catch(async (error: Error) => {
          const rows = JSON.stringify(await articleProblems(panel));
          const fewest = await fewestProblems(page!);
          throw new Error(
            `${error.message}; fewest problems seen: ${fewest}, rows: ${rows}, before the crash: ${JSON.stringify(unsavedProblems)}`,
          );
        });
        log(`the Problems panel emptied and lists the ${rows.length} problems of the unsaved ${ARTICLE} again`);

        // The message came once, and the client added none of its own (such as "will not be
        // restarted"). Notifications of VS Code itself are no concern of this test.
        const messages = await page!.locator('.notification-toast .notification-list-item-message').allInnerTexts();
        log(`notifications: ${JSON.stringify(messages)}`);
        const ours = messages.filter((message) => /Article Annotations|server/i.test(message));
        if ((await toasts.count()) !== 1 || ours.length !== 1) {
          throw new Error(`not exactly one notification, "${RESTARTED}": ${JSON.stringify(messages)}`);
        }

        // The buffer is the user's: still there, still unsaved, and nothing written to disk.
        if (!(await newLine.first().isVisible())) throw new Error(`the editor lost the typed „${NEW_QUOTE}“`);
        if ((await articleTab.count()) !== 1) throw new Error(`the tab of ${ARTICLE} is no longer marked unsaved`);
        const filesAfter = snapshotFiles(workspace);
        const same = (a: Buffer | undefined, b: Buffer | undefined) =>
          a !== undefined && b !== undefined && a.equals(b);
        const changed = [...new Set([...filesBefore.keys(), ...filesAfter.keys()])].filter(
          (file) => !same(filesBefore.get(file), filesAfter.get(file)),
        );
        if (changed.length) throw new Error(`the crash changed files on disk: ${JSON.stringify(changed)}`);
        if (
          fs.readFileSync(path.join(workspace, ARTICLE), 'utf8') !==
          fs.readFileSync(path.join(REPO, 'samples', ARTICLE), 'utf8')
        ) {
          throw new Error(`${ARTICLE} on disk is no longer the sample`);
        }
        log(`${filesAfter.size} files on disk unchanged; ${ARTICLE} on disk is still the sample`);
        await screenshot(page!, 'restarted');
      },
    );

    if (blocked.length) log(`blocked ${blocked.length} requests to other hosts (listed above)`);
    else log('no request to another host');
  } catch (error) {
    failed = true;
    if (page) {
      const shot = path.join(RESULTS, 'failure.png');
      await page.screenshot({ path: shot, animations: 'disabled' }).catch(() => undefined);
      log(`failure screenshot: ${shot}`);
      // What the screenshot shows, as text, for a CI log that keeps no pictures.
      log(`workbench at the failure: ${await workbenchState(page).catch((e: Error) => `unreadable (${e.message})`)}`);
    }
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await stopCodeServer(child, state);
    await wikidata.stop();
    if (failed || KEEP) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      console.log(`--- code-server log (last 40 lines of ${logFile}) ---\n${tail}`);
      // The extension's output channel: the language server's errors and restarts.
      for (const file of filesNamed(path.join(userData, 'logs'), 'Article Annotations.log')) {
        const lines = fs.readFileSync(file, 'utf8').split('\n').slice(-60).join('\n');
        console.log(`--- output channel (last 60 lines of ${file}) ---\n${lines}`);
      }
    }
  }
}

main().then(
  () => {
    console.log('\nTimings:');
    for (const { step, ms } of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`);
    console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  total`);
    console.log('test:web passed');
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`test:web FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
