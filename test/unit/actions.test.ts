/**
 * The edits behind the commands (core/ide/actions.ts): "Annotate as person / place /
 * organization" adds an entity named by the selected words or an alias of an existing one, into
 * the article's sidecar or into a new one; "Attribute to…" adds the quote entry for the speaker
 * picked. Each edited sidecar is kept whole under test/fixtures/actions/ (`UPDATE_FIXTURES=1`
 * rewrites them, see test/support/expectedFiles.ts). The commands themselves, with
 * `workspace/applyEdit`, are tested over stdio in test/lsp/commands.test.ts.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  annotationEdits,
  applyEdits,
  attributionEdits,
  sidecarSkeleton,
  type AnnotationType,
} from '../../server/src/core';
import { ExpectedFiles, fileNameOf, uniqueFileNames } from '../support/expectedFiles';
import { KIM_ARTICLE, KIM_SIDECAR, sample } from '../support/samples';
import { assertCommentsKept, parseSidecarYaml } from '../support/sidecarYaml';

const EXPECTED = new ExpectedFiles('test/fixtures/actions');
const GERMAN = analyze({ article: KIM_ARTICLE, sidecar: KIM_SIDECAR });

interface AnnotateCase {
  name: string;
  words: string;
  type: AnnotationType;
  entity?: string;
  /** The entities of the sidecar after the edit, where they differ from before. */
  expect: Record<string, Record<string, unknown>>;
}

const ANNOTATE_CASES: AnnotateCase[] = [
  {
    name: 'annotate: a new entity from words across a line break',
    words: 'Sprecher des\n  Verteidigungsministeriums',
    type: 'organization',
    expect: {
      'sprecher-des-verteidigungsministeriums': {
        type: 'organization',
        name: 'Sprecher des Verteidigungsministeriums',
      },
    },
  },
  {
    name: 'annotate: a new place named with ß and an umlaut, with an ASCII id',
    words: 'Großstadt Südkoreas',
    type: 'place',
    expect: { 'grossstadt-sudkoreas': { type: 'place', name: 'Großstadt Südkoreas' } },
  },
  {
    name: 'annotate: an id that is taken gets a number',
    words: 'Putin',
    type: 'person',
    expect: { 'putin-2': { type: 'person', name: 'Putin' } },
  },
  {
    name: 'annotate: an alias of an existing entity',
    words: 'Machthaber',
    type: 'person',
    entity: 'kim-jong-un',
    expect: {
      'kim-jong-un': {
        type: 'person',
        name: 'Kim Jong Un',
        aliases: ['Kim', 'Machthaber'],
        description: 'Machthaber Nordkoreas',
        wikidata: 'Q56226',
      },
    },
  },
];

const NEW_SIDECARS = [
  { article: 'kim-putin.txt', language: 'de', words: 'Wladimir Putin', id: 'wladimir-putin' },
  { article: 'election-night.txt', language: 'en', words: 'Maria Okafor', id: 'maria-okafor' },
  { article: 'port-strike.md', language: 'fr', words: 'CGT', id: 'cgt' },
];
const newSidecarCase = (article: string): string => `annotate in ${article} without a sidecar`;

const ATTRIBUTE_CASE = 'attribute: the speaker picked for a quote';

describe('command edits', () => {
  for (const c of ANNOTATE_CASES) {
    it(c.name, () => {
      const text = applyEdits(KIM_SIDECAR, annotationEdits(KIM_SIDECAR, GERMAN, c.words, c.type, c.entity));
      EXPECTED.check(fileNameOf(c.name), text);
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
      ...ANNOTATE_CASES.map((c) => c.name),
      ...NEW_SIDECARS.map(({ article }) => newSidecarCase(article)),
      ATTRIBUTE_CASE,
    ];
    EXPECTED.checkNoStrayFiles(uniqueFileNames(names));
  });
});
