/**
 * Quick fixes never break a sidecar: every fix offered for every diagnostic of a generated
 * sidecar, and "fix all", applied to the text, leave YAML that parses without an error or a
 * duplicate key, and a sidecar with no more YAML or duplicate-key problems than it had. The
 * sidecars are made of the mistakes fixes exist for (misspelt keys beside the right ones, unknown
 * speakers, unused aliases, entries that match nothing, unattributed quotes) in every style the
 * editor meets: block and flow, comments, quoting, CRLF, no final line break.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { analyze, applyEdits, fixAll, quickFixes, removalActions, type Analysis } from '../../server/src/core';

const RUNS: fc.Parameters<unknown> = { seed: 17, numRuns: 150 };

const ARTICLE = [
  'Wladimir Putin traf Kim Jong Un in Wladiwostok.',
  '',
  '„Wir haben über alles gesprochen, was uns wichtig ist“, sagte Putin.',
  '',
  'Kim sagte: „Die Gespräche waren offen und sehr nützlich für beide Seiten.“',
  '',
  '„Das ist ein historischer Tag für unsere beiden Länder“, hieß es aus Moskau.',
  '',
  'Der sogenannte „Gipfel der Freundschaft“ dauerte zwei Tage.',
  '',
  // Names that contain a short name of an entity, for the fixes of `ambiguous-name`.
  'Auch Kim Yo Jong kam mit, sagte Ljudmila Putin.',
  '',
].join('\n');

interface Piece {
  /** Lines in block style. */
  block: string[];
}

const entityKeys = fc.constantFrom('name', 'nmae', 'aliases', 'alias', 'description', 'descripton', 'type', 'tpye');

/** An entity in block or flow style, with keys right, misspelt, or both. */
const entity = fc
  .record({
    id: fc.constantFrom('putin', 'kim', 'moskau', 'lawrow'),
    type: fc.constantFrom('person', 'place', 'organization', 'persno'),
    name: fc.constantFrom('Wladimir Putin', 'Kim Jong Un', 'Moskau', 'Sergej Lawrow'),
    aliases: fc.subarray(['Putin', 'Kim', 'Staatschef', 'Lawrow', 'Kreml']),
    extra: fc.array(entityKeys, { maxLength: 3 }),
    flow: fc.boolean(),
    comment: fc.boolean(),
  })
  .map(({ id, type, name, aliases, extra, flow, comment }): Piece => {
    const fields: [string, string][] = [
      ['type', type],
      ['name', name],
      ['aliases', `[${aliases.join(', ')}]`],
      ...extra.map((key): [string, string] => [key, key.startsWith('a') ? '[Präsident]' : 'x']),
    ];
    const note = comment ? ' # note' : '';
    if (flow) return { block: [`  ${id}: {${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}${note}`] };
    return { block: [`  ${id}:${note}`, ...fields.map(([k, v]) => `    ${k}: ${v}`)] };
  });

/** A quote entry naming some words of the article (or none of it), a speaker known or not. */
const quoteEntry = fc
  .record({
    text: fc.constantFrom(
      'Wir haben über alles',
      'Wir haben uber alles',
      'Die Gespräche waren',
      'Das ist ein historischer',
      'Gipfel der Freundschaft',
      'nichts davon steht hier',
    ),
    speaker: fc.constantFrom('putin', 'kim', 'lawrow', 'nobody', undefined),
    key: fc.constantFrom('speaker', 'speakr', 'anonymous'),
    flow: fc.boolean(),
    quoted: fc.boolean(),
  })
  .map(({ text, speaker, key, flow, quoted }): Piece => {
    const value = quoted ? `"${text}"` : text;
    const second = speaker === undefined ? [] : [`${key}: ${key === 'anonymous' ? 'ein Sprecher' : speaker}`];
    if (flow) return { block: [`  - {text: ${value}${second.map((s) => `, ${s}`).join('')}}`] };
    return { block: [`  - text: ${value}`, ...second.map((s) => `    ${s}`)] };
  });

const sidecar = fc
  .record({
    entities: fc.array(entity, { maxLength: 4 }),
    quotes: fc.array(quoteEntry, { maxLength: 4 }),
    topLevel: fc.subarray(['entites', 'qoutes', 'languag']),
    version: fc.boolean(),
    comment: fc.boolean(),
    crlf: fc.boolean(),
    finalBreak: fc.boolean(),
    emptyQuotes: fc.boolean(),
  })
  .map(({ entities, quotes, topLevel, version, comment, crlf, finalBreak, emptyQuotes }) => {
    const lines: string[] = [];
    if (comment) lines.push('# Annotations');
    if (version) lines.push('version: 1');
    lines.push('language: de');
    if (entities.length > 0) lines.push('entities:', ...entities.flatMap((piece) => piece.block));
    for (const key of topLevel) lines.push(`${key}:`, '  extra: {type: person, name: Extra}');
    if (quotes.length > 0) lines.push('quotes:', ...quotes.flatMap((piece) => piece.block));
    else if (emptyQuotes) lines.push('quotes: []');
    const text = lines.join(crlf ? '\r\n' : '\n');
    return finalBreak ? text + (crlf ? '\r\n' : '\n') : text;
  });

/** What a text's YAML says about itself: syntax errors and duplicate keys. */
function yamlProblems(text: string): string[] {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  return document.errors.map((error) => error.code);
}

/** The sidecar problems a fix must never add. */
function structuralProblems(analysis: Analysis): number {
  return analysis.sidecarDiagnostics.filter(
    (d) => d.code === 'yaml-syntax' || (d.code === 'schema' && /appears twice/u.test(d.message)),
  ).length;
}

describe('quick fixes: properties', function () {
  this.timeout(60_000);

  it('every offered fix, and fix all, leaves valid YAML without duplicate keys', () => {
    let applied = 0;
    const titles = new Set<string>();
    fc.assert(
      fc.property(sidecar, (source) => {
        // Only sidecars that are valid YAML to start with: fixes on a broken one are refused.
        fc.pre(yamlProblems(source).length === 0);
        const analysis = analyze({ article: ARTICLE, sidecar: source });
        const before = structuralProblems(analysis);
        const actions = [...analysis.articleDiagnostics, ...analysis.sidecarDiagnostics].flatMap((diagnostic) =>
          quickFixes(source, analysis, diagnostic, true),
        );
        const all = fixAll(source, analysis);
        if (all) actions.push(all);
        // The removals: of every entity at its key, of every quote entry where it starts.
        for (const entity of analysis.sidecar?.entities ?? []) {
          actions.push(...removalActions(source, analysis, 'sidecar', entity.idSpan.start));
        }
        for (const entry of analysis.sidecar?.quotes ?? []) {
          actions.push(...removalActions(source, analysis, 'sidecar', entry.span.start));
        }
        for (const action of actions) {
          if (action.edits.length === 0) continue;
          const fixed = applyEdits(source, action.edits);
          applied++;
          titles.add(action.title.split(' ').slice(0, 2).join(' '));
          assert.deepEqual(yamlProblems(fixed), [], `${action.title} on\n${source}\ngave\n${fixed}`);
          const after = structuralProblems(analyze({ article: ARTICLE, sidecar: fixed }));
          assert.ok(after <= before, `${action.title} added a YAML or duplicate-key problem:\n${fixed}`);
        }
      }),
      RUNS,
    );
    // The generator must reach the fixes it is about.
    assert.ok(applied > 200, `only ${applied} fixes were applied`);
    assert.ok(titles.has('Create person'), 'the fixes of ambiguous-name were applied');
    assert.ok(titles.has('Remove entity') && titles.has('Remove attribution'), 'the removals were applied');
  });
});
