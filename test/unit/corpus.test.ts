/**
 * The corpus index (what the workspace index keeps of each article) and the actions that share
 * a sidecar's entity through a registry: moving it there, or using the registry's twin.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  annotationEdits,
  applyEdits,
  CorpusIndex,
  definedEntities,
  entryLines,
  fileVocabulary,
  ownEntityAt,
  parseSidecar,
  registryActions,
  registryChain,
  summarize,
  type Analysis,
  type KeyUsage,
  type RegistryChain,
} from '../../server/src/core';

const REGISTRY = `version: 1
entities:
  putin:
    type: person
    name: Wladimir Putin
    aliases: [Putin]
  kreml:
    type: organization
    name: Kreml
  nobody:
    type: person
    name: Niemand
`;

function chainOf(text: string, file = '/w/entities.ann.yaml'): RegistryChain {
  return registryChain([{ path: file, label: 'entities.ann.yaml', parsed: parseSidecar(text, 'registry') }]);
}

function corpusOf(chain: RegistryChain, articles: Record<string, { article: string; sidecar?: string }>): CorpusIndex {
  const corpus = new CorpusIndex();
  corpus.setEntityFile('/w/entities.ann.yaml', definedEntities(chain.files[0].parsed!, '/w/entities.ann.yaml', true));
  let modified = 0;
  for (const [name, { article, sidecar }] of Object.entries(articles)) {
    const sidecarFile = sidecar === undefined ? undefined : `/w/${name.replace('.txt', '.ann.yaml')}`;
    const analysis = analyze({ article, sidecar, registries: chain });
    corpus.setArticle(summarize(analysis, `/w/${name}`, sidecarFile, ++modified));
    if (sidecarFile && analysis.parsedSidecar) {
      corpus.setEntityFile(sidecarFile, definedEntities(analysis.parsedSidecar, sidecarFile, false));
    }
  }
  return corpus;
}

describe('corpus index', () => {
  const chain = chainOf(REGISTRY);
  const corpus = corpusOf(chain, {
    'a.txt': {
      article: 'Putin sprach. „Wir sind bereit“, sagte Putin.\n',
      sidecar: 'version: 1\nquotes:\n  - text: Wir sind bereit\n    speaker: putin\n',
    },
    'b.txt': {
      article: 'Der Kreml schwieg. „Nein“, hieß es im Kreml über Putin.\n',
      sidecar:
        'version: 1\nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\nquotes:\n  - text: Nein\n    speaker: kreml\n',
    },
    'c.txt': { article: 'Putin reiste ab.\n' },
  });

  it('counts the articles that mention and quote a registry entity, latest quotes first', () => {
    const usage = corpus.usage('/w/entities.ann.yaml#putin');
    assert.equal(usage.mentionedIn, 3);
    assert.equal(usage.quotedIn, 1);
    assert.deepEqual(
      usage.recentQuotes.map((q) => [q.article, q.quote.text]),
      [['/w/a.txt', 'Wir sind bereit']],
    );
    assert.deepEqual(corpus.usage('/w/entities.ann.yaml#putin', 3, '/w/a.txt').recentQuotes, []);
  });

  it('lists references across articles and sidecars, in path order', () => {
    const references = corpus
      .references('/w/entities.ann.yaml#putin', true)
      .map((l) => `${l.file}:${l.range.start.line}:${l.range.start.character}`);
    assert.deepEqual(references, [
      '/w/entities.ann.yaml:2:2',
      '/w/a.txt:0:0',
      '/w/a.txt:0:14',
      '/w/a.txt:0:39',
      '/w/a.ann.yaml:3:13',
      '/w/b.txt:0:49',
      '/w/c.txt:0:0',
    ]);
    assert.deepEqual(corpus.sidecarsNaming('/w/entities.ann.yaml#putin'), ['/w/a.ann.yaml']);
  });

  it('tells the entities no article uses', () => {
    assert.equal(corpus.isUsed('/w/entities.ann.yaml#nobody'), false);
    assert.equal(corpus.isUsed('/w/entities.ann.yaml#kreml'), true);
    corpus.removeArticle('/w/b.txt');
    assert.equal(corpus.isUsed('/w/entities.ann.yaml#kreml'), false);
  });

  it('finds symbols by name, alias and id, best matches first', () => {
    const names = (query: string): string[] => corpus.symbols(query).map((m) => `${m.entity.id}:${m.matched}`);
    assert.deepEqual(names('put'), ['putin:Putin']);
    assert.deepEqual(names('wputin'), ['putin:Wladimir Putin']);
    assert.deepEqual(names('merz'), ['merz:merz']);
    assert.deepEqual(names('kreml'), ['kreml:Kreml']);
    assert.equal(corpus.symbols('').length, 4);
    assert.deepEqual(names('zzz'), []);
  });
});

describe('the corpus vocabulary', () => {
  /** Each key as `key count: value count, …`, keys and values in order. */
  function counts(byKey: ReadonlyMap<string, KeyUsage>): string[] {
    return [...byKey]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(
        ([key, usage]) =>
          `${key} ${usage.count}: ${[...usage.values]
            .sort((a, b) => (a[0] < b[0] ? -1 : 1))
            .map(([value, count]) => `${value} ${count}`)
            .join(', ')}`,
      );
  }
  const registry =
    'version: 1\nentities:\n  albers:\n    type: person\n    name: Katrin Albers\n    attributes: {gender: female, party: SPD}\n  kern:\n    type: person\n    name: Jonas Kern\n    attributes: {gender: male}\n';
  const sidecar = (outlet: string, gender: string): string =>
    `version: 1\nmeta:\n  outlet: ${outlet}\n  author: Lena Vogt\nentities:\n  neu:\n    type: person\n    name: Neu\n    attributes: {gender: ${gender}}\n  albers:\n    attributes: {role: senator}\n`;
  const set = (corpus: CorpusIndex, file: string, text: string, role?: 'registry'): void => {
    const parsed = parseSidecar(text, role);
    corpus.setEntityFile(file, definedEntities(parsed, file, role !== undefined), fileVocabulary(parsed));
  };

  it('counts the keys and values of every registry and sidecar, entries that extend included', () => {
    const corpus = new CorpusIndex();
    set(corpus, '/w/entities.ann.yaml', registry, 'registry');
    set(corpus, '/w/a.ann.yaml', sidecar('taz', 'female'));
    set(corpus, '/w/b.ann.yaml', sidecar('Hamburger Abendblatt', 'diverse'));
    assert.deepEqual(counts(corpus.vocabulary.attributes), [
      'gender 4: diverse 1, female 2, male 1',
      'party 1: SPD 1',
      'role 2: senator 2',
    ]);
    assert.deepEqual(counts(corpus.vocabulary.meta), [
      'author 2: Lena Vogt 2',
      'outlet 2: Hamburger Abendblatt 1, taz 1',
    ]);
  });

  it('follows a file that changes or goes, and forgets what no file uses', () => {
    const corpus = new CorpusIndex();
    set(corpus, '/w/entities.ann.yaml', registry, 'registry');
    set(corpus, '/w/a.ann.yaml', sidecar('taz', 'female'));
    const before = corpus.vocabulary;
    set(corpus, '/w/a.ann.yaml', sidecar('Die Zeit', 'male'));
    // The same maps, changed in place: completion reads them as they are.
    assert.equal(corpus.vocabulary, before);
    assert.deepEqual(counts(corpus.vocabulary.attributes), [
      'gender 3: female 1, male 2',
      'party 1: SPD 1',
      'role 1: senator 1',
    ]);
    assert.deepEqual(counts(corpus.vocabulary.meta), ['author 1: Lena Vogt 1', 'outlet 1: Die Zeit 1']);
    corpus.removeEntityFile('/w/a.ann.yaml');
    assert.deepEqual(counts(corpus.vocabulary.attributes), ['gender 2: female 1, male 1', 'party 1: SPD 1']);
    assert.deepEqual(counts(corpus.vocabulary.meta), []);
    corpus.removeEntityFile('/w/entities.ann.yaml');
    corpus.removeEntityFile('/w/entities.ann.yaml');
    assert.deepEqual(counts(corpus.vocabulary.attributes), []);
  });
});

function analysisOf(sidecar: string, registry = REGISTRY): Analysis {
  return analyze({ article: 'Merz und Putin.', sidecar, registries: chainOf(registry) });
}

describe('sharing an entity through a registry', () => {
  const SIDECAR = `version: 1
language: de
entities:
  merz:
    type: person
    name: Friedrich Merz
    # Kanzler seit 2025
    aliases: [Merz]
  wladimir:
    type: person
    name: Wladimir Putin
quotes:
  - text: Wir
    speaker: wladimir
`;

  it('an entry moves to the registry as written, comments included', () => {
    const analysis = analysisOf(SIDECAR);
    const entity = ownEntityAt(analysis, 'sidecar', SIDECAR.indexOf('merz:'))!;
    assert.equal(entity.id, 'merz');
    const [action] = registryActions(analysis, entity, {
      file: '/w/entities.ann.yaml',
      source: REGISTRY,
      label: 'entities.ann.yaml',
    });
    assert.equal(action.title, "Move 'merz' to the registry entities.ann.yaml");
    assert.equal(
      applyEdits(REGISTRY, action.registry!.edits),
      REGISTRY + '  merz:\n    type: person\n    name: Friedrich Merz\n    # Kanzler seit 2025\n    aliases: [Merz]\n',
    );
    assert.equal(
      applyEdits(SIDECAR, action.sidecar),
      SIDECAR.replace(
        '  merz:\n    type: person\n    name: Friedrich Merz\n    # Kanzler seit 2025\n    aliases: [Merz]\n',
        '',
      ),
    );
  });

  it('a new registry is made when there is none', () => {
    const analysis = analyze({ article: 'Merz.', sidecar: SIDECAR });
    const entity = ownEntityAt(analysis, 'article', 0)!;
    const [action] = registryActions(analysis, entity, {
      file: '/w/entities.ann.yaml',
      source: undefined,
      label: '../entities.ann.yaml',
    });
    assert.equal(action.registry?.create, true);
    assert.equal(
      applyEdits('', action.registry.edits),
      'version: 1\n\nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\n    # Kanzler seit 2025\n    aliases: [Merz]\n',
    );
  });

  it('an entry that duplicates a registry entity gives way to it, and its speakers follow', () => {
    const analysis = analysisOf(SIDECAR);
    const entity = ownEntityAt(analysis, 'sidecar', SIDECAR.indexOf('wladimir:'))!;
    const [action] = registryActions(analysis, entity, undefined);
    assert.equal(action.title, "Use the registry's 'putin' (entities.ann.yaml) instead of this entry");
    assert.equal(action.registry, undefined);
    assert.equal(
      applyEdits(SIDECAR, action.sidecar),
      SIDECAR.replace('  wladimir:\n    type: person\n    name: Wladimir Putin\n', '').replace(
        'speaker: wladimir',
        'speaker: putin',
      ),
    );
  });

  it('an entry that extends a registry entity is not offered', () => {
    const sidecar = 'version: 1\nentities:\n  putin:\n    aliases: [Wladimir]\n';
    const analysis = analysisOf(sidecar);
    assert.equal(ownEntityAt(analysis, 'sidecar', sidecar.indexOf('putin:')), undefined);
  });

  it('a flow entry moves as one line', () => {
    const sidecar = 'version: 1\nentities: {merz: {type: person,\n  name: Friedrich Merz}}\n';
    const analysis = analyze({ article: 'x', sidecar });
    assert.deepEqual(entryLines(sidecar, analysis.sidecar!.entityById.get('merz')!), [
      'merz: {type: person, name: Friedrich Merz}',
    ]);
  });

  it('an alias of a registry entity becomes an entry that extends it', () => {
    const sidecar = 'version: 1\nlanguage: de\nentities:\n  merz:\n    type: person\n    name: Friedrich Merz\n';
    const analysis = analysisOf(sidecar);
    assert.equal(
      applyEdits(sidecar, annotationEdits(sidecar, analysis, 'Der Präsident', 'person', 'putin')),
      sidecar + '  putin:\n    aliases: [Der Präsident]\n',
    );
    // In a new sidecar too.
    const empty = analyze({ article: 'Der Präsident', sidecar: undefined, registries: chainOf(REGISTRY) });
    assert.equal(
      applyEdits('version: 1\n', annotationEdits('version: 1\n', empty, 'Der Präsident', 'person', 'putin')),
      'version: 1\n\nentities:\n  putin:\n    aliases: [Der Präsident]\n',
    );
  });
});
