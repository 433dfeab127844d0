/**
 * The edits behind the commands (core/ide/actions.ts): "Annotate as person / place /
 * organization" adds an entity named by the selected words or an alias of an existing one, into
 * the article's sidecar or into a new one; "Attribute to…" adds the quote entry for the speaker
 * picked. Each edited sidecar is kept whole under test/fixtures/actions/ (`UPDATE_FIXTURES=1`
 * rewrites them, see test/support/expectedFiles.ts). The commands themselves, with
 * `workspace/applyEdit`, are tested over stdio in test/lsp/commands.test.ts.
 */

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  analyze,
  annotationEdits,
  applyEdits,
  attributionEdits,
  entryTextFor,
  MAX_CANDIDATE_ACTIONS,
  quickFixes,
  sidecarSkeleton,
  type Analysis,
  type AnalyzedQuote,
} from '../../server/src/core';
import { foldPattern } from '../../server/src/core/text/fold';
import { ANNOTATE_CASES, NEW_SIDECARS } from '../support/annotateCases';
import { ExpectedFiles, fileNameOf, uniqueFileNames } from '../support/expectedFiles';
import { KIM_ARTICLE, KIM_SIDECAR, sample } from '../support/samples';
import { assertCommentsKept, parseSidecarYaml } from '../support/sidecarYaml';

const EXPECTED = new ExpectedFiles('test/fixtures/actions');
const GERMAN = analyze({ article: KIM_ARTICLE, sidecar: KIM_SIDECAR });

const annotateCase = (name: string): string => `annotate: ${name}`;
const newSidecarCase = (article: string): string => `annotate in ${article} without a sidecar`;

const ATTRIBUTE_CASE = 'attribute: the speaker picked for a quote';

describe('command edits', () => {
  for (const c of ANNOTATE_CASES) {
    it(annotateCase(c.name), () => {
      const text = applyEdits(KIM_SIDECAR, annotationEdits(KIM_SIDECAR, GERMAN, c.words, c.type, c.entity));
      EXPECTED.check(fileNameOf(annotateCase(c.name)), text);
      assertCommentsKept(KIM_SIDECAR, text, 'the annotation');
      const before = parseSidecarYaml(KIM_SIDECAR);
      const after = parseSidecarYaml(text);
      assert.deepEqual(after.entities, { ...before.entities, ...c.expect });
      assert.deepEqual(after.quotes, before.quotes);
    });
  }

  it('annotate: words that are an alias already, or a sidecar with a YAML error, get no edits', () => {
    assert.deepEqual(annotationEdits(KIM_SIDECAR, GERMAN, 'Kremlsprecher', 'person', 'peskow'), []);
    const broken = KIM_SIDECAR.replace('    aliases: [Kim]\n', '    aliases: [Kim\n');
    const analysis = analyze({ article: KIM_ARTICLE, sidecar: broken });
    assert.deepEqual(annotationEdits(broken, analysis, 'Verteidigungsministerium', 'organization'), []);
    assert.deepEqual(annotationEdits(broken, analysis, 'Kremlsprecher', 'person', 'peskow'), []);
  });

  it('annotate: a new id is unique among the keys as written, with or without an analysis', () => {
    const twice = KIM_SIDECAR.replace(
      'entities:\n',
      'entities:\n  putin-2:\n    type: person\n    name: Putin junior\n',
    );
    for (const analysis of [analyze({ article: KIM_ARTICLE, sidecar: twice }), undefined]) {
      const text = applyEdits(twice, annotationEdits(twice, analysis, 'Putin', 'person'));
      assert.deepEqual(parseSidecarYaml(text).entities['putin-3'], { type: 'person', name: 'Putin' });
    }
  });

  for (const { article, language, words, id } of NEW_SIDECARS) {
    it(`${newSidecarCase(article)}: a new one (language ${language}) with the entity`, () => {
      const skeleton = sidecarSkeleton(article, sample(article), 'auto');
      const text = applyEdits(skeleton, annotationEdits(skeleton, undefined, words, 'person'));
      EXPECTED.check(fileNameOf(newSidecarCase(article)), text);
      const parsed = parseSidecarYaml(text);
      assert.equal(parsed.version, 1);
      assert.equal(parsed.language, language);
      assert.deepEqual(parsed.entities, { [id]: { type: 'person', name: words } });
      assert.match(text, new RegExp(`^# Annotations for ${article.replace('.', '\\.')}`, 'u'));
      assertCommentsKept(skeleton, text, 'the annotation');
    });
  }

  it(ATTRIBUTE_CASE, () => {
    const quote = GERMAN.quotes.find((q) => q.unattributed && q.text.startsWith('Das ist natürlich machbar'))!;
    const text = applyEdits(KIM_SIDECAR, attributionEdits(KIM_SIDECAR, GERMAN, quote, 'peskow'));
    EXPECTED.check(fileNameOf(ATTRIBUTE_CASE), text);
    assert.deepEqual(parseSidecarYaml(text).quotes.at(-1), {
      text: 'Das ist natürlich machbar, und wir werden es tun',
      speaker: 'peskow',
    });
    assertCommentsKept(KIM_SIDECAR, text, 'the attribution');
  });

  it('every expected file belongs to a case', () => {
    const names = [
      ...ANNOTATE_CASES.map((c) => annotateCase(c.name)),
      ...NEW_SIDECARS.map(({ article }) => newSidecarCase(article)),
      ATTRIBUTE_CASE,
    ];
    EXPECTED.checkNoStrayFiles(uniqueFileNames(names));
  });
});

describe('the words a new quote entry names its quote by', () => {
  /** The definition: the fewest words from the start (at least the default) that begin no other quote. */
  const reference = (analysis: Analysis, quote: AnalyzedQuote): string | undefined => {
    const words = quote.text.trim().split(/\s+/u);
    const folded = analysis.quotes.map((other) => foldPattern(other.text.trim().split(/\s+/u).join(' '), false));
    const minimum = Math.min(words.length, words.length <= 10 ? words.length : 6);
    for (let count = minimum; count <= words.length; count++) {
      const opening = foldPattern(words.slice(0, count).join(' '), false);
      if (folded.filter((text) => text.startsWith(opening)).length <= 1) return words.slice(0, count).join(' ');
    }
    return undefined;
  };

  it('are the fewest that no other quote begins with, found by halving as by counting word by word', () => {
    const word = fc.constantFrom('Wir', 'wir', 'bauen', 'die', 'Brücke', 'neu', 'und', 'Ärger', 'ärger');
    // Quotes that begin with the same words as far as each likes, then go their own way: the
    // openings they share are what the entry's words must get past.
    const words = fc.array(word, { minLength: 1, maxLength: 16 });
    const quotes = fc
      .tuple(words, fc.array(fc.tuple(fc.nat(16), words), { minLength: 1, maxLength: 8 }))
      .map(([common, variants]) =>
        variants.map(([shared, own]) => `„${[...common.slice(0, shared), ...own].join(' ')}“`),
      );
    fc.assert(
      fc.property(quotes, (quotes) => {
        const article = quotes.map((text) => `Sie sagte: ${text}\n\n`).join('');
        const analysis = analyze({ article, sidecar: 'version: 1\nlanguage: de\n' });
        for (const analyzed of analysis.quotes) {
          const expected = reference(analysis, analyzed);
          const entry = entryTextFor(analysis, analyzed);
          if (expected === undefined) assert.ok(entry.occurrence, `${analyzed.text}: an occurrence`);
          else assert.equal(entry.text.replace(/[,;:–—-]$/u, ''), expected.replace(/[,;:–—-]$/u, ''), analyzed.text);
        }
      }),
      { seed: 23, numRuns: 200 },
    );
  });
});

describe('quick fixes for an editor without the speaker picker', () => {
  it(`offer "Attribute to" for the ${MAX_CANDIDATE_ACTIONS} speakers named nearest the quote, not for every one`, () => {
    const people = Array.from({ length: 3 * MAX_CANDIDATE_ACTIONS }, (_, i) => `Person${i} Beispiel`);
    const sidecar =
      'version: 1\nlanguage: de\nentities:\n' +
      people.map((name, i) => `  p${i}: {type: person, name: ${name}}\n`).join('');
    // Everyone is named once, in order; the quote stands after the last, so the nearest are the last named.
    const article = `${people.map((name) => `${name} kam.`).join(' ')}\n\n„Wir bauen die Brücke neu“, hieß es.\n`;
    const analysis = analyze({ article, sidecar });
    const diagnostic = analysis.articleDiagnostics.find((candidate) => candidate.code === 'unattributed-quote');
    assert.ok(diagnostic);
    const titles = quickFixes(sidecar, analysis, diagnostic, true)
      .map((action) => action.title)
      .filter((title) => title.startsWith('Attribute to '));
    assert.equal(titles.length, MAX_CANDIDATE_ACTIONS + (analysis.quotes[0].suggestion.entity ? 1 : 0));
    const nearest = people.slice(-MAX_CANDIDATE_ACTIONS).map((name) => `Attribute to ${name}`);
    for (const title of nearest) assert.ok(titles.includes(title), `${title} is offered`);
  });
});
