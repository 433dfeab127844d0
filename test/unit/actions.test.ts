/**
 * The edits behind the commands (core/ide/actions.ts): "Annotate as person / place /
 * organization" adds an entity named by the selected words or an alias of an existing one, into
 * the article's sidecar or into a new one; "Attribute to…" adds the quote entry for the speaker
 * picked. Each edited sidecar is kept whole under test/fixtures/actions/ (`UPDATE_FIXTURES=1`
 * rewrites them, see test/support/expectedFiles.ts). The commands themselves, with
 * `workspace/applyEdit`, are tested over stdio in test/lsp/commands.test.ts.
 */

import * as assert from 'node:assert/strict';
import { analyze, annotationEdits, applyEdits, attributionEdits, sidecarSkeleton } from '../../server/src/core';
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
