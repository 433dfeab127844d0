/**
 * Quick fixes and "fix all", in process. Each case names a diagnostic, the quick fixes offered
 * for it (titles in order, and which one is preferred) and the one to apply; the edit is
 * applied as an editor applies it, the pair is analysed again, and the case checks that the
 * diagnostic is gone, that the sidecar parses with the change in it, and that the sidecar is
 * byte for byte the expected file under test/fixtures/codeActions/ (`UPDATE_FIXTURES=1`
 * rewrites those, see test/support/expectedFiles.ts).
 *
 * Every action of every case is also checked for what no quick fix may do: edit the article,
 * name another sidecar version than the one it was computed for, lose a comment or leave YAML
 * that does not parse. Over stdio (test/lsp/codeActions.test.ts) remain the handler's wiring,
 * a sidecar only on disk, and edits refused because the sidecar changed meanwhile.
 */

import * as assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { codeActions } from '../../server/src/features/codeActions';
import { ExpectedFiles, fileNameOf, uniqueFileNames } from '../support/expectedFiles';
import { messageOf, positionAt, showDiagnostics } from '../support/lspText';
import { analysePair, sidecarTargetOf, type Pair, type PairInput, type Side } from '../support/pair';
import { KIM_ARTICLE, KIM_SIDECAR, replaceOnce, sample } from '../support/samples';
import { assertCommentsKept, commentsOf, parseSidecarYaml, type SidecarYaml } from '../support/sidecarYaml';
import { applyTextEdits, targetsOf, textDocumentEditsOf } from '../support/workspaceEdit';

const FIX_ALL = 'source.fixAll.articleAnnotations';
const PICKER_COMMAND = 'articleAnnotations.attributeQuote';
/** The version the sidecar's edits name: the open document's. */
const VERSION = 1;

const EXPECTED = new ExpectedFiles('test/fixtures/codeActions');

/**
 * The code actions for some diagnostics of one file, as the server's handler asks for them:
 * none when the sidecar could not be read, else the features' answer for the open sidecar.
 */
function codeActionsFor(
  pair: Pair,
  side: Side,
  diagnostics: Diagnostic[],
  options: { only?: string[]; speakerPicker?: boolean; offset?: number; confirmRemovals?: boolean } = {},
): CodeAction[] {
  if (!pair.result.analysis.parsedSidecar) return [];
  const sidecar = sidecarTargetOf(pair, VERSION);
  return codeActions({
    result: pair.result,
    side,
    sidecarText: sidecar.text,
    target: sidecar.target,
    diagnostics,
    only: options.only,
    pickerCommand: options.speakerPicker === true,
    articleUri: pair.uris.article,
    offset: options.offset,
    confirmRemovals: options.confirmRemovals,
  });
}

/** The sidecar after an action's edit, applied as an editor applies it. */
function applied(pair: Pair, action: CodeAction): string {
  return applyTextEdits(pair.text('sidecar'), textDocumentEditsOf(action.edit!)[0].edits);
}

/** The pair again, with the sidecar edited. */
function reanalysed(input: PairInput, sidecar: string): Pair {
  return analysePair({ ...input, sidecar });
}

/**
 * What every code action must do, whatever it fixes: change only the sidecar, at the version
 * it was computed for, and leave it valid YAML with every comment in place.
 */
function assertSafeAction(action: CodeAction, pair: Pair): void {
  if (action.command) {
    assert.equal(action.edit, undefined, `'${action.title}' has both a command and an edit`);
    return;
  }
  assert.ok(action.edit, `'${action.title}' has neither an edit nor a command`);
  assert.deepEqual(
    targetsOf(action.edit),
    [pair.uris.sidecar],
    `'${action.title}' must change the sidecar and nothing else`,
  );
  const [change] = textDocumentEditsOf(action.edit);
  assert.equal(change.textDocument.version, VERSION, `the version '${action.title}' was computed for`);
  const before = pair.text('sidecar');
  const after = applyTextEdits(before, change.edits);
  assert.notEqual(after, before, `'${action.title}' changes nothing`);
  parseSidecarYaml(after);
  assertCommentsKept(before, after, `'${action.title}'`);
}

interface QuickFixCase extends PairInput {
  name: string;
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

const GERMAN = { articleName: 'kim-putin.txt', article: KIM_ARTICLE, sidecar: KIM_SIDECAR };

/**
 * Every person and organization of the German sample, in the order the quick fixes offer them
 * after the suggested speaker for the quote „notwendig, noch mehr Betriebe …“: people, then
 * organizations, each the nearest named first. Places and entities of other types (the
 * sample's event) are not offered as speakers.
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
/** The same for „Das ist natürlich machbar …“, nearer the agency's name than Tass's. */
const GERMAN_OTHER_SPEAKERS_NEAR_DPA = [
  'Kim Jong Un',
  'Kim Il Sung',
  'Kim Jong Il',
  'Dimitri Peskow',
  'Deutsche Presse-Agentur',
  'Tass',
  'Arbeiterpartei',
];

/** The German sample's sidecar with one change, which must happen exactly once. */
function germanSidecarWith(search: string, replacement: string): string {
  return replaceOnce(KIM_SIDECAR, search, replacement);
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
const REPEATED = { articleName: 'mayor.txt', article: REPEATED_ARTICLE, sidecar: REPEATED_SIDECAR };
const REPEATED_QUOTE = 'Wir bleiben dabei, ganz sicher, das ist so';

const attributed = (text: string, speaker: string) => ({ text, speaker });

/** The German sample with a sentence naming Kim Jong Un's sister, whose name contains "Kim". */
const GERMAN_WITH_SISTER = { ...GERMAN, article: `${KIM_ARTICLE}\nAuch Kim Yo Jong reiste mit.\n` };

const CASES: QuickFixCase[] = [
  {
    name: 'unattributed quote, no picker: the suggested speaker first and preferred, then every other speaker',
    ...GERMAN,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: [
      'Attribute to Wladimir Putin',
      ...GERMAN_OTHER_SPEAKERS_NEAR_DPA.map((name) => `Attribute to ${name}`),
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
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Das ist natürlich machbar' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Attribute to Wladimir Putin',
    adds: attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
  },
  {
    name: 'a speaker the cue names and the sidecar lacks: create the person and attribute, in one edit',
    articleName: 'bridge.txt',
    article: '„Wir bauen die Brücke neu“, sagte Jerry Nadler am Montag.\n',
    sidecar: '# Bridge story.\nversion: 1\nlanguage: de\nentities: {}\nquotes: []\n',
    fix: { in: 'article', code: 'unattributed-quote', message: 'Wir bauen' },
    titles: [
      "Create person 'Jerry Nadler' and attribute",
      "Create organization 'Jerry Nadler' and attribute",
      'Mark as anonymous source',
      'Mark as term (not a quote)',
    ],
    preferred: "Create person 'Jerry Nadler' and attribute",
    apply: "Create person 'Jerry Nadler' and attribute",
    check: (after) => {
      assert.deepEqual(after.entities['jerry-nadler'], { type: 'person', name: 'Jerry Nadler' });
      assert.deepEqual(after.quotes, [{ text: 'Wir bauen die Brücke neu', speaker: 'jerry-nadler' }]);
    },
  },
  {
    name: 'a cue naming an entity in another case is attributed to it',
    articleName: 'bridge.txt',
    article: '„Wir bauen die Brücke neu“, sagte Jerry Nadler am Montag.\n',
    sidecar:
      'version: 1\nlanguage: de\nentities:\n  nadler: {type: person, name: jerry nadler, caseSensitive: false}\nquotes: []\n',
    fix: { in: 'article', code: 'unattributed-quote', message: 'Wir bauen' },
    titles: ['Attribute to jerry nadler', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to jerry nadler',
    apply: 'Attribute to jerry nadler',
  },
  {
    name: 'a cue naming an entity the sidecar has under that name, unmatched, offers no second one',
    articleName: 'bridge.txt',
    article: '„Wir bauen die Brücke neu“, sagte Jerry Nadler am Montag.\n',
    sidecar: 'version: 1\nlanguage: de\nentities:\n  nadler: {type: place, name: Jerry Nadler}\nquotes: []\n',
    fix: { in: 'article', code: 'unattributed-quote', message: 'Wir bauen' },
    titles: ['Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: undefined,
    apply: 'Mark as term (not a quote)',
  },
  {
    name: 'a document can be picked as the speaker, after people and organizations',
    articleName: 'treaty.txt',
    article: 'Die Regel ist klar: „Die Union steht allen Staaten offen, die ihre Werte achten.“\n',
    sidecar:
      'version: 1\nlanguage: de\nentities:\n  lissabon: {type: document, name: Vertrag von Lissabon}\n' +
      '  bern: {type: place, name: Bern}\n  kern: {type: person, name: Anna Kern}\nquotes: []\n',
    fix: { in: 'article', code: 'unattributed-quote', message: 'Die Union steht' },
    titles: [
      'Attribute to Anna Kern',
      'Attribute to Vertrag von Lissabon',
      'Mark as anonymous source',
      'Mark as term (not a quote)',
    ],
    preferred: undefined,
    apply: 'Attribute to Vertrag von Lissabon',
    adds: { text: 'Die Union steht allen Staaten offen, die ihre Werte achten.', speaker: 'lissabon' },
  },
  {
    name: 'mark as anonymous source',
    ...GERMAN,
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
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Gleichzeitig soll es aber' },
    titles: ['Attribute to Wladimir Putin', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Wladimir Putin',
    apply: 'Mark as term (not a quote)',
    adds: { text: 'Gleichzeitig soll es aber nicht darum', kind: 'term' },
  },
  {
    name: 'a sidecar with CRLF line endings: the entry is written with CRLF',
    ...GERMAN,
    sidecar: KIM_SIDECAR.replace(/\n/gu, '\r\n'),
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
    articleName: 'port-strike.md',
    article: sample('port-strike.md'),
    sidecar: sample('port-strike.ann.yaml'),
    speakerPicker: true,
    fix: { in: 'article', code: 'unattributed-quote', message: 'Ici, personne ne fait grève' },
    titles: ['Attribute to Mathieu Rossi', 'Attribute to…', 'Mark as anonymous source', 'Mark as term (not a quote)'],
    preferred: 'Attribute to Mathieu Rossi',
    apply: 'Attribute to Mathieu Rossi',
    adds: attributed('Ici, personne ne fait grève par', 'mathieu-rossi'),
  },
  {
    name: 'the English sample (straight quotes): a short quote is named whole, with its full stop',
    articleName: 'election-night.txt',
    article: sample('election-night.txt'),
    sidecar: sample('election-night.ann.yaml'),
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
    sidecar: germanSidecarWith(
      '  - text: Was den Baikalsee und andere\n    speaker: putin',
      '  - text: Was den Baikalsee und andere\n    speaker: putn',
    ),
    fix: { in: 'sidecar', code: 'unknown-speaker', message: "'putn'" },
    titles: ["Change to 'putin'", "Create person 'putn'"],
    preferred: "Change to 'putin'",
    apply: "Change to 'putin'",
    check: (after) => assert.deepEqual(after.quotes[2], attributed('Was den Baikalsee und andere', 'putin')),
  },
  {
    name: 'unknown speaker with no close id: create the person',
    ...GERMAN,
    sidecar: germanSidecarWith(
      '  - text: Was den Baikalsee und andere\n    speaker: putin',
      '  - text: Was den Baikalsee und andere\n    speaker: sergej-lawrow',
    ),
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
    sidecar: germanSidecarWith(
      '    speaker: putin\n    via: tass\n  - text: muss',
      '    speaker: putin\n    via: interfax\n  - text: muss',
    ),
    fix: { in: 'sidecar', code: 'unknown-speaker', message: "'interfax'" },
    titles: ["Create organization 'interfax'"],
    preferred: "Create organization 'interfax'",
    apply: "Create organization 'interfax'",
    check: (after) => assert.deepEqual(after.entities.interfax, { type: 'organization', name: 'Interfax' }),
  },
  {
    name: 'quote not found, with a close passage: re-anchor to it',
    ...GERMAN,
    sidecar: germanSidecarWith(
      '  - text: muss nicht nur über die Erschließung\n',
      '  - text: muss nicht nur über die Erschliessung\n',
    ),
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
    sidecar: germanSidecarWith('    aliases: [Kim]\n', '    alias: [Kim]\n'),
    fix: { in: 'sidecar', code: 'unknown-key', message: "'alias'" },
    titles: ["Change to 'aliases'"],
    preferred: "Change to 'aliases'",
    apply: "Change to 'aliases'",
    check: (after) => assert.deepEqual(after.entities['kim-jong-un'].aliases, ['Kim']),
  },
  {
    name: 'unused alias: remove it, and only it',
    ...GERMAN,
    sidecar: germanSidecarWith(
      '    aliases: [Putin, Staatsoberhaupt, Präsidenten]\n',
      '    aliases: [Putin, Kremlchef, Staatsoberhaupt, Präsidenten]\n',
    ),
    fix: { in: 'sidecar', code: 'unused-alias', message: "'Kremlchef'" },
    titles: ["Remove alias 'Kremlchef'"],
    preferred: "Remove alias 'Kremlchef'",
    apply: "Remove alias 'Kremlchef'",
    check: (after) => assert.deepEqual(after.entities.putin.aliases, ['Putin', 'Staatsoberhaupt', 'Präsidenten']),
  },
  {
    name: 'ambiguous name: create the other person',
    ...GERMAN_WITH_SISTER,
    fix: { in: 'article', code: 'ambiguous-name', message: "'Kim Yo Jong'" },
    titles: ["Create person 'Kim Yo Jong'", "Add 'Kim Yo Jong' as alias of 'Kim Jong Un'"],
    preferred: undefined,
    apply: "Create person 'Kim Yo Jong'",
    check: (after, before) => {
      assert.deepEqual(after.entities['kim-yo-jong'], { type: 'person', name: 'Kim Yo Jong' });
      assert.deepEqual(Object.keys(after.entities), [...Object.keys(before.entities), 'kim-yo-jong']);
    },
  },
  {
    name: 'ambiguous name: add the longer name as an alias',
    ...GERMAN_WITH_SISTER,
    fix: { in: 'article', code: 'ambiguous-name', message: "'Kim Yo Jong'" },
    titles: ["Create person 'Kim Yo Jong'", "Add 'Kim Yo Jong' as alias of 'Kim Jong Un'"],
    preferred: undefined,
    apply: "Add 'Kim Yo Jong' as alias of 'Kim Jong Un'",
    check: (after) => assert.deepEqual(after.entities['kim-jong-un'].aliases, ['Kim', 'Kim Yo Jong']),
  },
];

/** The diagnostics of one code in a file, in document order. */
function ofCode(diagnostics: readonly Diagnostic[], code: string, message?: string): Diagnostic[] {
  return diagnostics
    .filter((d) => d.code === code && (message === undefined || messageOf(d).includes(message)))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function check(c: QuickFixCase): void {
  const pair = analysePair(c);
  const nth = c.fix.nth ?? 0;
  const before = pair.diagnostics(c.fix.in);
  const target = ofCode(before, c.fix.code, c.fix.message)[nth];
  assert.ok(target, `no diagnostic to fix among\n${showDiagnostics(before)}`);
  const sidecarBefore = pair.text('sidecar');

  const actions = codeActionsFor(pair, c.fix.in, [target], { speakerPicker: c.speakerPicker });
  const quickFixes = actions.filter((action) => action.kind === CodeActionKind.QuickFix);
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
    assert.notEqual(typeof action.command, 'string', `a bare command instead of a code action: ${action.title}`);
    if (action.kind === CodeActionKind.QuickFix) {
      assert.deepEqual(action.diagnostics, [target], `'${action.title}' names the diagnostic it fixes`);
    }
    assertSafeAction(action, pair);
  }

  const chosen = quickFixes.find((action) => action.title === c.apply)!;
  const sidecarAfter = applied(pair, chosen);
  EXPECTED.check(fileNameOf(c.name), sidecarAfter);

  // The fixed diagnostic goes; in the article (which no fix changes) it is known by its range,
  // in the sidecar (whose lines may move) by its message.
  const after = reanalysed(c, sidecarAfter);
  const same = (d: Diagnostic): boolean =>
    d.code === target.code &&
    (c.fix.in === 'article'
      ? JSON.stringify(d.range) === JSON.stringify(target.range)
      : messageOf(d) === messageOf(target));
  const remaining = after.diagnostics(c.fix.in);
  assert.ok(
    !remaining.some(same) && ofCode(remaining, c.fix.code).length === ofCode(before, c.fix.code).length - 1,
    `the fixed diagnostic is still there:\n${showDiagnostics(remaining)}`,
  );
  // And no new problem appears in the sidecar.
  const allowed = c.fix.in === 'sidecar' ? remaining : [];
  const newOnes = after
    .diagnostics('sidecar')
    .filter((d) => !allowed.some((a) => a.code === d.code && messageOf(a) === messageOf(d)));
  assert.deepEqual(showDiagnostics(newOnes), '', 'problems the fix brought into the sidecar');

  const parsedBefore = parseSidecarYaml(sidecarBefore);
  const parsedAfter = parseSidecarYaml(sidecarAfter);
  assertCommentsKept(sidecarBefore, sidecarAfter, `'${c.apply}'`);
  if (c.adds) {
    assert.deepEqual(parsedAfter.quotes, [...parsedBefore.quotes, c.adds]);
    assert.deepEqual(parsedAfter.entities, parsedBefore.entities);
  }
  c.check?.(parsedAfter, parsedBefore, sidecarAfter);
}

const FIX_ALL_CASE = 'fix all attributes every quote with a confident suggestion, in one edit';

const unattributedCount = (pair: Pair): number => ofCode(pair.diagnostics('article'), 'unattributed-quote').length;

describe('quick fixes', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('the speaker picker action carries the client command, the quote and every possible speaker', () => {
    const pair = analysePair(GERMAN);
    const [target] = ofCode(pair.diagnostics('article'), 'unattributed-quote', 'Das ist natürlich machbar');
    const actions = codeActionsFor(pair, 'article', [target], { speakerPicker: true });
    const picker = actions.find((action) => action.title === 'Attribute to…');
    assert.ok(picker?.command, 'an "Attribute to…" action with a command');
    assert.equal(picker.kind, CodeActionKind.QuickFix);
    assert.equal(picker.edit, undefined);
    assert.equal(picker.command.command, PICKER_COMMAND);
    const [argument] = picker.command.arguments as [
      { articleUri: string; quoteStart: number; candidates: { id: string; name: string; type: string }[] },
    ];
    assert.equal(argument.articleUri, pair.uris.article);
    // The quote is named by the offset of its opening mark, where the diagnostic starts.
    assert.deepEqual(positionAt(KIM_ARTICLE, argument.quoteStart), target.range.start);
    assert.equal(KIM_ARTICLE[argument.quoteStart], '„');
    assert.deepEqual(
      argument.candidates.map((candidate) => candidate.name),
      ['Wladimir Putin', ...GERMAN_OTHER_SPEAKERS_NEAR_DPA],
    );
    assert.ok(
      argument.candidates.every((candidate) => candidate.type === 'person' || candidate.type === 'organization'),
      'a place is never offered as a speaker',
    );
  });

  it(FIX_ALL_CASE, () => {
    const pair = analysePair(GERMAN);
    assert.equal(unattributedCount(pair), 3);

    // VS Code asks for `source.fixAll` when saving with `editor.codeActionsOnSave`.
    for (const only of [['source.fixAll'], [FIX_ALL], ['source']]) {
      const actions = codeActionsFor(pair, 'article', [], { only });
      assert.deepEqual(
        actions.map((action) => [action.title, action.kind, action.diagnostics]),
        [['Attribute 2 quotes to their suggested speakers', FIX_ALL, undefined]],
        `only ${only.join()}`,
      );
    }
    assert.deepEqual(codeActionsFor(pair, 'article', [], { only: [CodeActionKind.QuickFix] }), []);
    assert.deepEqual(codeActionsFor(pair, 'sidecar', [], { only: ['source.fixAll'] }), [], 'nothing in the sidecar');

    const [fixAll] = codeActionsFor(pair, 'article', [], { only: ['source.fixAll'] });
    assertSafeAction(fixAll, pair);
    assert.equal(textDocumentEditsOf(fixAll.edit!)[0].edits.length, 1, 'one edit');
    const text = applied(pair, fixAll);
    EXPECTED.check(fileNameOf(FIX_ALL_CASE), text);
    const after = reanalysed(GERMAN, text);
    // The quote whose speaker is only a guess stays for the reporter.
    const left = ofCode(after.diagnostics('article'), 'unattributed-quote');
    assert.equal(left.length, 1);
    assert.match(messageOf(left[0]), /notwendig, noch mehr Betriebe/u);
    assert.deepEqual(after.diagnostics('sidecar'), []);
    assert.deepEqual(parseSidecarYaml(text).quotes, [
      ...parseSidecarYaml(KIM_SIDECAR).quotes,
      attributed('Gleichzeitig soll es aber nicht darum', 'putin'),
      attributed('Das ist natürlich machbar, und wir werden es tun', 'putin'),
    ]);
    // Nothing confident is left to attribute.
    assert.deepEqual(codeActionsFor(after, 'article', [], { only: ['source.fixAll'] }), []);
  });

  it('fix all with one quote left to attribute says so in the singular', () => {
    const sidecar = KIM_SIDECAR.replace(
      '    kind: term\n',
      '    kind: term\n  - text: Das ist natürlich machbar\n    speaker: putin\n',
    );
    const pair = analysePair({ ...GERMAN, sidecar });
    assert.equal(unattributedCount(pair), 2);
    assert.deepEqual(
      codeActionsFor(pair, 'article', [], { only: ['source.fixAll'] }).map((action) => action.title),
      ['Attribute 1 quote to its suggested speaker'],
    );
  });

  it('every comment line of the German sidecar survives every quick fix and fix all', () => {
    const pair = analysePair(GERMAN);
    const diagnostics = ofCode(pair.diagnostics('article'), 'unattributed-quote');
    assert.equal(diagnostics.length, 3);
    assert.ok(commentsOf(KIM_SIDECAR).length >= 5, 'the sample has comments to keep');
    let count = 0;
    for (const diagnostic of diagnostics) {
      for (const action of codeActionsFor(pair, 'article', [diagnostic])) {
        assertCommentsKept(KIM_SIDECAR, applied(pair, action), `'${action.title}'`);
        count++;
      }
    }
    assert.equal(count, 3 * (8 + 2), 'ten quick fixes for each quote');
    // Fix all is offered only when asked for by its kind.
    const [fixAll] = codeActionsFor(pair, 'article', [], { only: [FIX_ALL] });
    assertCommentsKept(KIM_SIDECAR, applied(pair, fixAll), 'fix all');
  });

  it('a sidecar with a YAML syntax error gets no quick fix rather than a guessed edit', () => {
    const pair = analysePair({
      ...GERMAN,
      sidecar: KIM_SIDECAR.replace('    aliases: [Kim]\n', '    aliases: [Kim\n'),
    });
    assert.ok(ofCode(pair.diagnostics('sidecar'), 'yaml-syntax').length > 0);
    for (const side of ['sidecar', 'article'] as const) {
      assert.deepEqual(
        codeActionsFor(pair, side, pair.diagnostics(side)).map((action) => action.title),
        [],
        `actions for the ${side}`,
      );
    }
  });

  it('a selection over 2,000 diagnostics gets the fixes of the first few only', () => {
    // Each quick fix reads the sidecar anew; for every diagnostic of a 1,000-entity sidecar in
    // the selection, that took minutes. Only the first few diagnostics get fixes now.
    const lines = ['version: 1', 'language: de', 'entities:'];
    for (let i = 0; i < 1000; i++)
      lines.push(`  e${i}:`, '    type: person', `    name: Name${i} Person`, `    aliases: [N${i}, Putin]`);
    const pair = analysePair({
      article: 'Wladimir Putin sagte: „Wir kommen morgen früh an und bleiben.“ Putin lachte.\n',
      sidecar: lines.join('\n') + '\n',
    });
    const diagnostics = pair.diagnostics('sidecar');
    assert.ok(diagnostics.length >= 1999, `${diagnostics.length} diagnostics`);
    const actions = codeActionsFor(pair, 'sidecar', diagnostics);
    assert.ok(actions.length > 0 && actions.length <= 20, `${actions.length} actions`);
  });

  it('every expected file belongs to a case', () => {
    EXPECTED.checkNoStrayFiles(
      uniqueFileNames([...CASES.map((c) => c.name), FIX_ALL_CASE, ...REMOVALS.map((c) => c.name)]),
    );
  });
});

interface RemovalCase {
  name: string;
  /** The file and the words the cursor stands in (the offset is where they start, plus `at`). */
  in: Side;
  words: string;
  at?: number;
  titles: string[];
  apply: string;
  check: (after: SidecarYaml, before: SidecarYaml, reanalysed: Pair) => void;
}

const REMOVALS: RemovalCase[] = [
  {
    name: 'remove entity from its key: its lines and the quote entries naming it as speaker',
    in: 'sidecar',
    words: '  putin:\n',
    at: 3,
    titles: ["Remove entity 'Wladimir Putin' and 3 quote entries naming it"],
    apply: "Remove entity 'Wladimir Putin' and 3 quote entries naming it",
    check: (after, before, pair) => {
      assert.deepEqual(
        Object.keys(after.entities),
        Object.keys(before.entities).filter((id) => id !== 'putin'),
      );
      assert.deepEqual(after.quotes, [{ text: 'ewige Präsident', kind: 'term' }]);
      // Its quotes are unattributed again, and the sidecar names no missing entity.
      assert.equal(unattributedCount(pair), 6);
    },
  },
  {
    name: 'remove entity from a mention: an outlet loses its via only',
    in: 'article',
    words: 'Tass',
    titles: ["Remove entity 'Tass'"],
    apply: "Remove entity 'Tass'",
    check: (after, before) => {
      assert.equal(after.entities.tass, undefined);
      assert.deepEqual(
        after.quotes,
        before.quotes.map(({ via: _via, ...rest }) => rest),
      );
    },
  },
  {
    name: 'remove attribution from an attributed quote in the article',
    in: 'article',
    words: 'muss nicht nur über',
    titles: ['Remove attribution to Wladimir Putin'],
    apply: 'Remove attribution to Wladimir Putin',
    check: (after, before, pair) => {
      assert.deepEqual(after.quotes, [before.quotes[0], ...before.quotes.slice(2)]);
      assert.equal(unattributedCount(pair), 4);
    },
  },
  {
    name: 'remove a term entry from the sidecar',
    in: 'sidecar',
    words: '    kind: term',
    at: 6,
    titles: ['Remove the term entry'],
    apply: 'Remove the term entry',
    check: (after, before) => assert.deepEqual(after.quotes, before.quotes.slice(0, 3)),
  },
];

function checkRemoval(c: RemovalCase): void {
  const pair = analysePair(GERMAN);
  const text = pair.text(c.in);
  const offset = text.indexOf(c.words) + (c.at ?? 0);
  assert.ok(offset >= (c.at ?? 0) && text.indexOf(c.words, offset + 1 - (c.at ?? 0)) < 0, 'the words occur once');
  const actions = codeActionsFor(pair, c.in, [], { offset, only: [CodeActionKind.Refactor] });
  assert.deepEqual(
    actions.map((action) => action.title),
    c.titles,
  );
  for (const action of actions) {
    assert.equal(action.kind, CodeActionKind.RefactorRewrite);
    assertSafeAction(action, pair);
  }
  const chosen = actions.find((action) => action.title === c.apply)!;
  const sidecarAfter = applied(pair, chosen);
  EXPECTED.check(fileNameOf(c.name), sidecarAfter);
  const after = reanalysed(GERMAN, sidecarAfter);
  assert.deepEqual(showDiagnostics(after.diagnostics('sidecar')), '', 'problems the removal brought into the sidecar');
  assertCommentsKept(KIM_SIDECAR, sidecarAfter, `'${c.apply}'`);
  c.check(parseSidecarYaml(sidecarAfter), parseSidecarYaml(KIM_SIDECAR), after);
}

describe('removals', () => {
  for (const c of REMOVALS) it(c.name, () => checkRemoval(c));

  it('nothing to remove on a plain word, and no removal when only quick fixes are asked for', () => {
    const pair = analysePair(GERMAN);
    const offset = KIM_ARTICLE.indexOf('Treffens');
    assert.deepEqual(codeActionsFor(pair, 'article', [], { offset }), []);
    const tass = KIM_ARTICLE.indexOf('Tass');
    assert.deepEqual(codeActionsFor(pair, 'article', [], { offset: tass, only: [CodeActionKind.QuickFix] }), []);
  });

  it('a client that confirms removals gets a command naming the entity instead of the edit', () => {
    const pair = analysePair(GERMAN);
    const offset = KIM_ARTICLE.indexOf('Tass');
    const [action] = codeActionsFor(pair, 'article', [], { offset, confirmRemovals: true });
    assert.equal(action.title, "Remove entity 'Tass'…");
    assert.equal(action.edit, undefined);
    assert.deepEqual(action.command?.command, 'articleAnnotations.removeEntity');
    assert.deepEqual(action.command?.arguments, [{ uri: pair.uris.article, entity: 'tass' }]);
  });
});
