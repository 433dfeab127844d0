/**
 * Quick fixes and "fix all" through the protocol. Each case names a diagnostic, the quick
 * fixes the server must offer for it (titles in order, and which one is preferred) and the one
 * to apply. The test client applies the returned workspace edit as an editor would (refusing
 * it when the sidecar's version moved on), the server sees the changed sidecar, and the case
 * checks that the diagnostic is gone and that the sidecar parses with the change in it.
 *
 * Every action of every case is also checked for what no quick fix may do: edit the article,
 * name another sidecar version than the one the editor has, lose a comment or leave YAML that
 * does not parse.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { messageOf, positionAt, type LspClient } from '../support/lspClient';
import { applyTextEdits, documentChangesOf, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';
import {
  assertCommentsKept,
  codeActionsFor,
  commentsOf,
  KIM_ARTICLE,
  KIM_SIDECAR,
  parseSidecarYaml,
  showDiagnostics,
  withSession,
  shareServer,
  type Session,
  type SidecarYaml,
} from './fixtures';

const FIX_ALL = 'source.fixAll.articleAnnotations';
const PICKER_COMMAND = 'articleAnnotations.attributeQuote';

function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as Command).command !== 'string';
}

/** The text of a file as the editor has it: the open buffer, or else the file on disk. */
function currentText(session: Session, client: LspClient, name: string): string {
  const uri = session.uri(name);
  return client.isOpen(uri) ? client.textOf(uri) : fs.readFileSync(session.file(name), 'utf8');
}

/**
 * What every code action must do, whatever it fixes: change only the sidecar, at the version
 * the editor has (null when the sidecar is only on disk), and leave it valid YAML with every
 * comment in place.
 */
function assertSafeAction(action: CodeAction, session: Session, client: LspClient, sidecar: string): void {
  const sidecarUri = session.uri(sidecar);
  const sidecarText = currentText(session, client, sidecar);
  if (action.command) {
    assert.equal(action.edit, undefined, `'${action.title}' has both a command and an edit`);
    return;
  }
  assert.ok(action.edit, `'${action.title}' has neither an edit nor a command`);
  assert.deepEqual(targetsOf(action.edit), [sidecarUri], `'${action.title}' must change the sidecar and nothing else`);
  const [change] = textDocumentEditsOf(action.edit);
  const expectedVersion = client.isOpen(sidecarUri) ? client.versionOf(sidecarUri) : null;
  assert.equal(change.textDocument.version, expectedVersion, `the version '${action.title}' was computed for`);
  const after = applyTextEdits(sidecarText, change.edits);
  assert.notEqual(after, sidecarText, `'${action.title}' changes nothing`);
  parseSidecarYaml(after);
  assertCommentsKept(sidecarText, after, `'${action.title}'`);
}

type Side = 'article' | 'sidecar';

interface QuickFixCase {
  name: string;
  /** The pair: an article and its sidecar, by file name; both in `files` unless they are samples. */
  article: string;
  sidecar: string;
  files?: Record<string, string>;
  samples?: string[];
  /** What the editor opens, in this order; the article and the sidecar by default. */
  open?: Side[];
  /** The diagnostic to fix: in which file, its code, words of its message, and which of several. */
  fix: { in: Side; code: string; message?: string; nth?: number };
  /** Whether the client offers the speaker picker, as our VS Code client does. */
  speakerPicker?: boolean;
  /** The titles of the quick fixes, in order. */
  titles: string[];
  /** The one preferred quick fix; undefined when none may be. */
  preferred: string | undefined;
  /** The quick fix to apply. */
  apply: string;
  /** A quote entry the fix must add to `quotes:`, and nothing else. */
  adds?: Record<string, unknown>;
  /** Other checks of the sidecar after the fix, with the sidecar before it. */
  check?: (after: SidecarYaml, before: SidecarYaml, text: string) => void;
}

const GERMAN = { article: 'kim-putin.txt', sidecar: 'kim-putin.ann.yaml' };
const GERMAN_SAMPLES = ['kim-putin.txt', 'kim-putin.ann.yaml'];

/**
 * Every person and organization of the German sample, in the order the quick fixes offer them
 * after the suggested speaker: people, then organizations. Places and entities of other types
 * (the sample's event) are not offered as speakers.
 */
const GERMAN_OTHER_SPEAKERS = [
  'Kim Jong Un',
  'Kim Il Sung',
  'Kim Jong Il',
  'Dimitri Peskow',
  'Tass',
  'Deutsche Presse-Agentur',
  'Arbeiterpartei',
];

/** The German sample's sidecar with one change, which must happen exactly once. */
function germanSidecarWith(search: string, replacement: string): string {
  const at = KIM_SIDECAR.indexOf(search);
  if (at < 0 || KIM_SIDECAR.indexOf(search, at + 1) >= 0) throw new Error(`Fixture error: '${search}' not unique.`);
  return KIM_SIDECAR.slice(0, at) + replacement + KIM_SIDECAR.slice(at + search.length);
}

/** A short article that quotes the same words twice, the second time with a clear speaker. */
const REPEATED_ARTICLE =
  'Der Bürgermeister Hans Meier gab sich am Montag kämpferisch. „Wir bleiben dabei, ganz sicher, das ist so“, ' +
  'sagte Meier vor dem Rathaus.\n\nAm Dienstag wiederholte er es im Stadtrat. „Wir bleiben dabei, ganz sicher, ' +
  'das ist so“, sagte Meier.\n';
const REPEATED_SIDECAR = `# The mayor's quotes.
version: 1
language: de
entities:
  meier:
    type: person
    name: Hans Meier
    aliases: [Meier, Bürgermeister]
quotes: []  # none attributed yet
`;
const REPEATED = {
  article: 'mayor.txt',
  sidecar: 'mayor.ann.yaml',
  files: { 'mayor.txt': REPEATED_ARTICLE, 'mayor.ann.yaml': REPEATED_SIDECAR },
};
const REPEATED_QUOTE = 'Wir bleiben dabei, ganz sicher, das ist so';

const attributed = (text: string, speaker: string) => ({ text, speaker });

const CASES: QuickFixCase[] = [
  {
    name: 'unattributed quote, no picker: the suggested speaker first and preferred, then every other speaker',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: [
      'Attribute to Wladimir Putin',
      ...GERMAN_OTHER_SPEAKERS.map((name) => `Attribute to ${name}`),
      'Mark as anonymous source',
      'Mark as term (not a quote)',
    ],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Wladimir Putin',
    // Short quotes are named whole.
    adds: attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
  },
  {
    name: 'unattributed quote, no picker: attributing to another speaker than the suggested one',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    fix: { in: 'article', code: 'unattributed-quote', message: 'notwendig, noch mehr Betriebe' },
    titles: [
      'Attribute to Wladimir Putin',
      ...GERMAN_OTHER_SPEAKERS.map((name) => `Attribute to ${name}`),
      'Mark as anonymous source',
      'Mark as term (not a quote)',
    ],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Dimitri Peskow',
    // Long quotes are named by their opening words, which no other quote shares.
    adds: attributed('notwendig, noch mehr Betriebe für die', 'peskow'),
  },
  {
    name: 'unattributed quote with the speaker picker: one action for the suggestion, one picker for the rest',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Wladimir Putin',
    adds: attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
  },
  {
    name: 'mark as anonymous source',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'notwendig, noch mehr Betriebe' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Mark as anonymous source',
    adds: { text: 'notwendig, noch mehr Betriebe für die', anonymous: '' },
  },
  {
    name: 'mark as term',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Gleichzeitig soll es aber' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Mark as term (not a quote)',
    adds: { text: 'Gleichzeitig soll es aber nicht darum', kind: 'term' },
  },
  {
    name: 'only the article open: the sidecar on disk is edited (version null) and opened',
    ...GERMAN,
    samples: GERMAN_SAMPLES,
    open: ['article'],
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Wladimir Putin',
    adds: attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
  },
  {
    name: 'a sidecar with CRLF line endings: the entry is written with CRLF',
    ...GERMAN,
    files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': KIM_SIDECAR.replace(/\n/gu, '\r\n') },
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Wladimir Putin',
    adds: attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
    check: (_after, _before, text) => assert.equal(text.replace(/\r\n/gu, '').includes('\n'), false, 'a bare LF'),
  },
  {
    name: 'the French sample (Markdown, guillemets)',
    article: 'port-strike.md',
    sidecar: 'port-strike.ann.yaml',
    samples: ['port-strike.md', 'port-strike.ann.yaml'],
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Ici, personne ne fait grève' },
    titles: ['Attribute to Mathieu Rossi', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Mathieu Rossi',
    apply: 'Attribute to Mathieu Rossi',
    adds: attributed('Ici, personne ne fait grève par', 'mathieu-rossi'),
  },
  {
    name: 'the English sample (straight quotes): a short quote is named whole, with its full stop',
    article: 'election-night.txt',
    sidecar: 'election-night.ann.yaml',
    samples: ['election-night.txt', 'election-night.ann.yaml'],
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Nobody paid them' },
    titles: ['Attribute to Gary Lindqvist', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Gary Lindqvist',
    apply: 'Attribute to Gary Lindqvist',
    adds: attributed('Nobody paid them to do it.', 'gary-lindqvist'),
  },
  {
    name: 'the same words quoted twice: the first gets occurrence 1',
    ...REPEATED,
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: REPEATED_QUOTE, nth: 0 },
    titles: ['Attribute to Hans Meier', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Hans Meier',
    apply: 'Attribute to Hans Meier',
    adds: { text: REPEATED_QUOTE, speaker: 'meier', occurrence: 1 },
  },
  {
    name: 'the same words quoted twice: the second gets occurrence 2',
    ...REPEATED,
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: REPEATED_QUOTE, nth: 1 },
    titles: ['Attribute to Hans Meier', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Hans Meier',
    apply: 'Mark as term (not a quote)',
    adds: { text: REPEATED_QUOTE, kind: 'term', occurrence: 2 },
  },
  {
    name: 'unknown speaker with a close id: change to it (preferred), or create the entity',
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith(
        '  - text: Was den Baikalsee und andere\n    speaker: putin',
        '  - text: Was den Baikalsee und andere\n    speaker: putn',
      ),
    },
    fix: { in: 'sidecar', code: 'unknown-speaker', message: "'putn'" },
    titles: ["Change to 'putin'", "Create person 'putn'"],
    preferred: "Change to 'putin'",
    apply: "Change to 'putin'",
    check: (after) => assert.deepEqual(after.quotes[2], attributed('Was den Baikalsee und andere', 'putin')),
  },
  {
    name: 'unknown speaker with no close id: create the person',
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith(
        '  - text: Was den Baikalsee und andere\n    speaker: putin',
        '  - text: Was den Baikalsee und andere\n    speaker: sergej-lawrow',
      ),
    },
    fix: { in: 'sidecar', code: 'unknown-speaker', message: "'sergej-lawrow'" },
    titles: ["Create person 'sergej-lawrow'"],
    preferred: "Create person 'sergej-lawrow'",
    apply: "Create person 'sergej-lawrow'",
    check: (after, before) => {
      assert.deepEqual(after.entities['sergej-lawrow'], { type: 'person', name: 'Sergej Lawrow' });
      assert.deepEqual(Object.keys(after.entities), [...Object.keys(before.entities), 'sergej-lawrow']);
    },
  },
  {
    name: 'unknown outlet in via: create an organization',
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith(
        '    speaker: putin\n    via: tass\n  - text: muss',
        '    speaker: putin\n    via: interfax\n  - text: muss',
      ),
    },
    fix: { in: 'sidecar', code: 'unknown-speaker', message: "'interfax'" },
    titles: ["Create organization 'interfax'"],
    preferred: "Create organization 'interfax'",
    apply: "Create organization 'interfax'",
    check: (after) => assert.deepEqual(after.entities.interfax, { type: 'organization', name: 'Interfax' }),
  },
  {
    name: 'quote not found, with a close passage: re-anchor to it',
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith(
        '  - text: muss nicht nur über die Erschließung\n',
        '  - text: muss nicht nur über die Erschliessung\n',
      ),
    },
    fix: { in: 'sidecar', code: 'quote-not-found' },
    titles: ['Re-anchor to the closest passage'],
    preferred: 'Re-anchor to the closest passage',
    apply: 'Re-anchor to the closest passage',
    check: (after) =>
      assert.deepEqual(after.quotes[1], {
        text: 'muss nicht nur über die Erschließung',
        speaker: 'putin',
        via: 'tass',
      }),
  },
  {
    name: "unknown key alias: change to 'aliases'",
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith('    aliases: [Kim]\n', '    alias: [Kim]\n'),
    },
    fix: { in: 'sidecar', code: 'unknown-key', message: "'alias'" },
    titles: ["Change to 'aliases'"],
    preferred: "Change to 'aliases'",
    apply: "Change to 'aliases'",
    check: (after) => assert.deepEqual(after.entities['kim-jong-un'].aliases, ['Kim']),
  },
  {
    name: 'unused alias: remove it, and only it',
    ...GERMAN,
    files: {
      'kim-putin.txt': KIM_ARTICLE,
      'kim-putin.ann.yaml': germanSidecarWith(
        '    aliases: [Putin, Staatsoberhaupt, Präsidenten]\n',
        '    aliases: [Putin, Kremlchef, Staatsoberhaupt, Präsidenten]\n',
      ),
    },
    fix: { in: 'sidecar', code: 'unused-alias', message: "'Kremlchef'" },
    titles: ["Remove alias 'Kremlchef'"],
    preferred: "Remove alias 'Kremlchef'",
    apply: "Remove alias 'Kremlchef'",
    check: (after) => assert.deepEqual(after.entities.putin.aliases, ['Putin', 'Staatsoberhaupt', 'Präsidenten']),
  },
];

/** The diagnostics of one code in a file, in document order. */
function ofCode(diagnostics: readonly Diagnostic[], code: string, message?: string): Diagnostic[] {
  return diagnostics
    .filter((d) => d.code === code && (message === undefined || messageOf(d).includes(message)))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

async function check(c: QuickFixCase): Promise<void> {
  await withSession(
    {
      files: c.files,
      samples: c.samples,
      ...(c.speakerPicker ? { initializationOptions: { speakerPicker: true } } : {}),
    },
    async (session) => {
      const { client } = session;
      const names = { article: c.article, sidecar: c.sidecar };
      for (const side of c.open ?? ['article', 'sidecar']) session.open(names[side]);
      const fileUri = session.uri(names[c.fix.in]);
      const nth = c.fix.nth ?? 0;
      const before = await client.waitForDiagnostics(fileUri, (d) => ofCode(d, c.fix.code, c.fix.message).length > nth);
      const target = ofCode(before, c.fix.code, c.fix.message)[nth];
      const sidecarBefore = currentText(session, client, c.sidecar);

      const actions = await codeActionsFor(client, fileUri, [target]);
      const quickFixes = actions.filter(isCodeAction).filter((action) => action.kind === CodeActionKind.QuickFix);
      assert.deepEqual(
        quickFixes.map((action) => action.title),
        c.titles,
      );
      assert.deepEqual(
        quickFixes.filter((action) => action.isPreferred).map((action) => action.title),
        c.preferred ? [c.preferred] : [],
        'the preferred quick fix',
      );
      for (const action of actions) {
        assert.ok(isCodeAction(action), `a bare command instead of a code action: ${JSON.stringify(action)}`);
        if (action.kind === CodeActionKind.QuickFix) {
          assert.deepEqual(action.diagnostics, [target], `'${action.title}' names the diagnostic it fixes`);
        }
        assertSafeAction(action, session, client, c.sidecar);
      }

      const chosen = quickFixes.find((action) => action.title === c.apply)!;
      assert.deepEqual(client.applyWorkspaceEdit(chosen.edit!), { applied: true });
      const sidecarUri = session.uri(c.sidecar);
      assert.ok(client.isOpen(sidecarUri), 'the edited sidecar is open in the editor');
      const sidecarAfter = client.textOf(sidecarUri);

      // The fixed diagnostic goes; in the article (which no fix changes) it is known by its
      // range, in the sidecar (whose lines may move) by its message.
      const same = (d: Diagnostic): boolean =>
        d.code === target.code &&
        (c.fix.in === 'article'
          ? JSON.stringify(d.range) === JSON.stringify(target.range)
          : messageOf(d) === messageOf(target));
      const remaining = ofCode(before, c.fix.code).length - 1;
      const after = await client.waitForDiagnostics(
        fileUri,
        (d) => !d.some(same) && ofCode(d, c.fix.code).length === remaining,
      );
      // And no new problem appears in the sidecar.
      const sidecarDiagnostics = await client.waitForDiagnostics(sidecarUri);
      const allowed = c.fix.in === 'sidecar' ? after : [];
      const newOnes = sidecarDiagnostics.filter(
        (d) => !allowed.some((a) => a.code === d.code && messageOf(a) === messageOf(d)),
      );
      assert.deepEqual(showDiagnostics(newOnes), '', 'problems the fix brought into the sidecar');

      const parsedBefore = parseSidecarYaml(sidecarBefore);
      const parsedAfter = parseSidecarYaml(sidecarAfter);
      assertCommentsKept(sidecarBefore, sidecarAfter, `'${c.apply}'`);
      if (c.adds) {
        assert.deepEqual(parsedAfter.quotes, [...parsedBefore.quotes, c.adds]);
        assert.deepEqual(parsedAfter.entities, parsedBefore.entities);
      }
      c.check?.(parsedAfter, parsedBefore, sidecarAfter);
    },
  );
}

describe('LSP: quick fixes', () => {
  shareServer();

  for (const c of CASES) it(c.name, () => check(c));

  it('the speaker picker action carries the client command, the quote and every possible speaker', async () => {
    await withSession({ samples: GERMAN_SAMPLES, initializationOptions: { speakerPicker: true } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const [target] = ofCode(diagnostics, 'unattributed-quote', 'Das ist natürlich machbar');
      const actions = (await codeActionsFor(client, article, [target])).filter(isCodeAction);
      const picker = actions.find((action) => action.title === 'Attribute to…');
      assert.ok(picker?.command, 'an "Attribute to…" action with a command');
      assert.equal(picker.kind, CodeActionKind.QuickFix);
      assert.equal(picker.edit, undefined);
      assert.equal(picker.command.command, PICKER_COMMAND);
      const [argument] = picker.command.arguments as [
        { articleUri: string; quoteStart: number; candidates: { id: string; name: string; type: string }[] },
      ];
      assert.equal(argument.articleUri, article);
      // The quote is named by the offset of its opening mark, where the diagnostic starts.
      assert.deepEqual(positionAt(KIM_ARTICLE, argument.quoteStart), target.range.start);
      assert.equal(KIM_ARTICLE[argument.quoteStart], '„');
      assert.deepEqual(
        argument.candidates.map((candidate) => candidate.name),
        ['Wladimir Putin', ...GERMAN_OTHER_SPEAKERS],
      );
      assert.ok(
        argument.candidates.every((candidate) => candidate.type === 'person' || candidate.type === 'organization'),
        'a place is never offered as a speaker',
      );
    });
  });

  it('fix all attributes every quote with a confident suggestion, in one edit', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);

      // VS Code asks for `source.fixAll` when saving with `editor.codeActionsOnSave`.
      for (const only of [['source.fixAll'], [FIX_ALL], ['source']]) {
        const actions = (await codeActionsFor(client, article, [], only)).filter(isCodeAction);
        assert.deepEqual(
          actions.map((action) => [action.title, action.kind, action.diagnostics]),
          [['Attribute 2 quotes to their suggested speakers', FIX_ALL, undefined]],
          `only ${only.join()}`,
        );
      }
      assert.deepEqual(await codeActionsFor(client, article, [], [CodeActionKind.QuickFix]), []);
      assert.deepEqual(await codeActionsFor(client, sidecar, [], ['source.fixAll']), [], 'nothing in the sidecar');

      const [fixAll] = (await codeActionsFor(client, article, [], ['source.fixAll'])).filter(isCodeAction);
      assertSafeAction(fixAll, session, client, 'kim-putin.ann.yaml');
      assert.equal(textDocumentEditsOf(fixAll.edit!)[0].edits.length, 1, 'one edit');
      const before = client.textOf(sidecar);
      assert.deepEqual(client.applyWorkspaceEdit(fixAll.edit!), { applied: true });
      // The quote whose speaker is only a guess stays for the reporter.
      const left = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 1);
      assert.match(messageOf(left[0]), /notwendig, noch mehr Betriebe/u);
      assert.deepEqual(await client.waitForDiagnostics(sidecar), []);
      assert.deepEqual(parseSidecarYaml(client.textOf(sidecar)).quotes, [
        ...parseSidecarYaml(before).quotes,
        attributed('Gleichzeitig soll es aber nicht darum', 'putin'),
        attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
      ]);
      // Nothing confident is left to attribute.
      assert.deepEqual(await codeActionsFor(client, article, [], ['source.fixAll']), []);
    });
  });

  it('fix all with one quote left to attribute says so in the singular', async () => {
    const sidecar = KIM_SIDECAR.replace(
      '    kind: term\n',
      '    kind: term\n  - text: Das ist natürlich machbar\n    speaker: putin\n',
    );
    await withSession({ files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': sidecar } }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 2);
      const actions = await codeActionsFor(client, article, [], ['source.fixAll']);
      assert.deepEqual(
        actions.map((action) => action.title),
        ['Attribute 1 quote to its suggested speaker'],
      );
    });
  });

  it('every comment line of the German sidecar survives every quick fix and fix all', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      assert.ok(commentsOf(KIM_SIDECAR).length >= 5, 'the sample has comments to keep');
      let count = 0;
      for (const diagnostic of diagnostics) {
        for (const action of (await codeActionsFor(client, article, [diagnostic])).filter(isCodeAction)) {
          const after = applyTextEdits(KIM_SIDECAR, textDocumentEditsOf(action.edit!)[0].edits);
          assertCommentsKept(KIM_SIDECAR, after, `'${action.title}'`);
          count++;
        }
      }
      assert.equal(count, 3 * (8 + 2), 'ten quick fixes for each quote');
      // Fix all is offered only when asked for by its kind.
      const [fixAll] = (await codeActionsFor(client, article, [], [FIX_ALL])).filter(isCodeAction);
      assertCommentsKept(
        KIM_SIDECAR,
        applyTextEdits(KIM_SIDECAR, textDocumentEditsOf(fixAll.edit!)[0].edits),
        'fix all',
      );
      // Applied through the editor, too.
      const [target] = ofCode(diagnostics, 'unattributed-quote', 'Das ist natürlich machbar');
      const preferred = (await codeActionsFor(client, article, [target])).filter(isCodeAction)[0];
      assert.deepEqual(client.applyWorkspaceEdit(preferred.edit!), { applied: true });
      assertCommentsKept(KIM_SIDECAR, client.textOf(sidecar), 'the applied fix');
    });
  });
});

describe('LSP: quick fixes and sidecar versions', () => {
  shareServer();

  it('edits name the version of the open sidecar they were computed for', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      // Two edits that change nothing for the article: the sidecar is at version 3.
      client.replace(sidecar, 'version: 1\n', '# edited\nversion: 1\n');
      client.replace(sidecar, '# edited\n', '# edited twice\n');
      assert.equal(client.versionOf(sidecar), 3);
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      await client.settle();
      const actions = (await codeActionsFor(client, article, diagnostics)).filter(isCodeAction);
      assert.ok(actions.length > 3);
      for (const action of actions) {
        if (!action.edit) continue;
        for (const change of documentChangesOf(action.edit)) {
          assert.ok('textDocument' in change, 'only text edits');
          assert.deepEqual(change.textDocument, { uri: sidecar, version: 3 }, action.title);
        }
      }
    });
  });

  it('an edit computed before the sidecar changed is refused, and a new one keeps the change', async () => {
    await withSession({ samples: GERMAN_SAMPLES }, async (session) => {
      const { client } = session;
      const article = session.open('kim-putin.txt');
      const sidecar = session.open('kim-putin.ann.yaml');
      const diagnostics = await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const [target] = ofCode(diagnostics, 'unattributed-quote', 'Das ist natürlich machbar');

      // The request goes out, then the reporter types into the sidecar before the answer is in.
      const pending = codeActionsFor(client, article, [target]);
      const typed = '  - text: ewige Präsident\n    kind: term\n    note: checked by the desk\n';
      client.replace(sidecar, '  - text: ewige Präsident\n    kind: term\n', typed);
      const stale = (await pending).filter(isCodeAction)[0];
      assert.equal(stale.title, 'Attribute to Wladimir Putin');
      assert.deepEqual(textDocumentEditsOf(stale.edit!)[0].textDocument, { uri: sidecar, version: 1 });
      const refused = client.applyWorkspaceEdit(stale.edit!);
      assert.equal(refused.applied, false, 'the editor refuses an edit for an old version');
      assert.ok(client.textOf(sidecar).includes(typed));

      // Asked again, the server computes on the new text: the typed note stays.
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 3);
      const fresh = (await codeActionsFor(client, article, [target])).filter(isCodeAction)[0];
      assert.deepEqual(textDocumentEditsOf(fresh.edit!)[0].textDocument, { uri: sidecar, version: 2 });
      assert.deepEqual(client.applyWorkspaceEdit(fresh.edit!), { applied: true });
      const text = client.textOf(sidecar);
      assert.ok(text.includes(typed), `the typed note was clobbered:\n${text}`);
      const quotes = parseSidecarYaml(text).quotes;
      assert.deepEqual(quotes.at(-2), { text: 'ewige Präsident', kind: 'term', note: 'checked by the desk' });
      assert.deepEqual(quotes.at(-1), attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'));
      await client.waitForDiagnostics(article, (d) => ofCode(d, 'unattributed-quote').length === 2);
    });
  });

  it('a quick fix on a sidecar with a YAML syntax error offers nothing rather than a guessed edit', async () => {
    const broken = KIM_SIDECAR.replace('    aliases: [Kim]\n', '    aliases: [Kim\n');
    await withSession({ files: { 'kim-putin.txt': KIM_ARTICLE, 'kim-putin.ann.yaml': broken } }, async (session) => {
      const { client } = session;
      const sidecar = session.open('kim-putin.ann.yaml');
      const article = session.open('kim-putin.txt');
      const diagnostics = await client.waitForDiagnostics(sidecar, (d) => ofCode(d, 'yaml-syntax').length > 0);
      await client.settle();
      for (const [uri, list] of [
        [sidecar, diagnostics],
        [article, client.diagnosticsOf(article) ?? []],
      ] as const) {
        const actions = await codeActionsFor(client, uri, [...list]);
        assert.deepEqual(
          actions.map((action) => action.title),
          [],
          `actions for ${uri}`,
        );
      }
    });
  });
});
