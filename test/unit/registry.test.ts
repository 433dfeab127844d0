/**
 * Registries (`entities.ann.yaml`): the entities every article below one sees, how a sidecar
 * extends or replaces them, and what a broken registry leaves behind.
 */

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyze,
  entityScope,
  mentionMatcherFor,
  sameNames,
  parseSidecar,
  registryChain,
  registryPathsFor,
  sidecarCompletions,
  MAX_ENTITY_COMPLETIONS,
  roleOf,
  type RegistryChain,
} from '../../server/src/core';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../server/src/settings';
import { ArticleWorkspace } from '../../server/src/workspace';
import { makeTempDir, removeTempDir, writeFiles } from '../support/lspClient';

const ROOT_REGISTRY = `version: 1
entities:
  putin:
    type: person
    name: Wladimir Putin
    aliases: [Putin]
    description: President of Russia
    wikidata: Q7747
  moskau:
    type: place
    name: Moskau
  schmidt-helmut:
    type: person
    name: Helmut Schmidt
    aliases: [Schmidt]
  schmidt-christian:
    type: person
    name: Christian Schmidt
    aliases: [Schmidt]
`;

const NEAR_REGISTRY = `version: 1
entities:
  putin:
    type: person
    name: Wladimir Wladimirowitsch Putin
    aliases: [Putin, Wladimir Putin]
  peskow:
    type: person
    name: Dmitri Peskow
`;

function chainOf(...texts: string[]): RegistryChain {
  return registryChain(
    texts.map((text, i) => ({
      path: `/news/${'sub/'.repeat(texts.length - 1 - i)}entities.ann.yaml`,
      parsed: parseSidecar(text, 'registry'),
    })),
  );
}

const ARTICLE = 'Putin traf in Moskau Dmitri Peskow. „Wir reden“, sagte Peskow.\n';

describe('registries', () => {
  it('are named entities.ann.yaml and never paired with an article', () => {
    assert.equal(roleOf('/news/entities.ann.yaml'), 'registry');
    assert.equal(roleOf('/news/Entities.ann.yaml'), 'registry');
    assert.equal(roleOf('/news/kim-putin.ann.yaml'), 'sidecar');
    assert.equal(roleOf('/news/entities.notes.yaml', '.notes.yaml'), 'registry');
  });

  it('are looked for in the folder and each one above, up to the root', () => {
    assert.deepEqual(registryPathsFor('/w/news/2026/12', '/w'), [
      '/w/news/2026/12/entities.ann.yaml',
      '/w/news/2026/entities.ann.yaml',
      '/w/news/entities.ann.yaml',
      '/w/entities.ann.yaml',
    ]);
    assert.deepEqual(registryPathsFor('/w/', '/w'), ['/w/entities.ann.yaml']);
    assert.deepEqual(registryPathsFor('/elsewhere/x', '/w'), ['/elsewhere/x/entities.ann.yaml']);
    assert.deepEqual(registryPathsFor('C:/w/a', 'C:/w'), ['C:/w/a/entities.ann.yaml', 'C:/w/entities.ann.yaml']);
  });

  it('hold only version and entities', () => {
    const parsed = parseSidecar('version: 1\nlanguage: de\nentities: {}\nquotes: []\n', 'registry');
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.code, d.message]),
      [
        ['unknown-key', "Unknown key 'language' at the top level of a registry. Known keys: version, entities."],
        ['unknown-key', "Unknown key 'quotes' at the top level of a registry. Known keys: version, entities."],
      ],
    );
  });

  it('give an article without a sidecar its mentions; the nearer definition wins', () => {
    const analysis = analyze({
      article: ARTICLE,
      sidecar: undefined,
      registries: chainOf(NEAR_REGISTRY, ROOT_REGISTRY),
    });
    assert.deepEqual(
      analysis.mentions.map((m) => [m.text, m.entity]),
      [
        ['Putin', 'putin'],
        ['Moskau', 'moskau'],
        ['Dmitri Peskow', 'peskow'],
      ],
    );
    const putin = analysis.entities.get('putin')!;
    assert.equal(putin.name?.text, 'Wladimir Wladimirowitsch Putin');
    assert.equal(putin.origin, '/news/sub/entities.ann.yaml');
    assert.equal(analysis.entities.get('moskau')?.origin, '/news/entities.ann.yaml');
    assert.equal(analysis.entityStats.get('peskow')?.mentions, 1);
    // Registry entities the article does not mention have no statistics.
    assert.equal(analysis.entityStats.has('schmidt-helmut'), false);
  });

  it('let a sidecar name registry entities as speaker and via', () => {
    const sidecar = 'version: 1\nquotes:\n  - text: Wir reden\n    speaker: peskow\n    via: moskau\n';
    const analysis = analyze({ article: ARTICLE, sidecar, registries: chainOf(NEAR_REGISTRY, ROOT_REGISTRY) });
    assert.equal(analysis.quotes[0].speaker, 'peskow');
    assert.deepEqual(analysis.entityStats.get('peskow')?.quotes, [0]);
    // Without the registries the ids are unknown.
    const alone = analyze({ article: ARTICLE, sidecar });
    assert.deepEqual(
      alone.sidecarDiagnostics.map((d) => d.code),
      ['unknown-speaker', 'unknown-speaker'],
    );
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code),
      [],
    );
  });

  it('a place of a registry as speaker is pointed out', () => {
    const sidecar = 'version: 1\nquotes:\n  - text: Wir reden\n    speaker: moskau\n';
    const analysis = analyze({ article: ARTICLE, sidecar, registries: chainOf(ROOT_REGISTRY) });
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.code),
      ['place-as-speaker'],
    );
  });

  it('an entry without type extends the registry entity for the article', () => {
    const sidecar = 'version: 1\nentities:\n  putin:\n    aliases: [Präsident]\n    description: Hier als Gastgeber\n';
    const analysis = analyze({
      article: 'Der Präsident sprach. Putin schwieg.',
      sidecar,
      registries: chainOf(ROOT_REGISTRY),
    });
    assert.deepEqual(analysis.sidecarDiagnostics, []);
    assert.deepEqual(
      analysis.mentions.map((m) => [m.text, m.entity, m.form]),
      [
        ['Präsident', 'putin', 0],
        ['Putin', 'putin', 1],
      ],
    );
    const putin = analysis.entities.get('putin')!;
    assert.equal(putin.type, 'person');
    assert.equal(putin.name?.text, 'Wladimir Putin');
    assert.equal(putin.description, 'Hier als Gastgeber');
    assert.equal(putin.wikidata, 'Q7747');
    assert.equal(putin.origin, undefined);
    assert.equal(putin.extends?.origin, '/news/entities.ann.yaml');
    // The alias the sidecar adds is counted at its own index; "unused" is judged on it alone.
    assert.deepEqual(analysis.entityStats.get('putin')?.aliasMentions.slice(0, 1), [1]);
  });

  it('an entry with type replaces the registry entity, and says so', () => {
    const sidecar = 'version: 1\nentities:\n  putin:\n    type: organization\n    name: Putin-Fanclub\n';
    const analysis = analyze({ article: 'Der Putin-Fanclub und Putin.', sidecar, registries: chainOf(ROOT_REGISTRY) });
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => [d.code, d.severity]),
      [['registry-entity-replaced', 'information']],
    );
    assert.match(analysis.sidecarDiagnostics[0].message, /\/news\/entities\.ann\.yaml; this entry replaces it/u);
    // The registry's names for the id are gone: only the sidecar's count.
    assert.deepEqual(
      analysis.mentions.map((m) => [m.text, m.entity]),
      [['Putin-Fanclub', 'putin']],
    );
    assert.equal(analysis.entities.get('putin')?.type, 'organization');
  });

  it('an entry without type and without a registry entity still needs its type', () => {
    const sidecar = 'version: 1\nentities:\n  nobody:\n    aliases: [X]\n';
    const analysis = analyze({ article: 'X', sidecar, registries: chainOf(ROOT_REGISTRY) });
    assert.deepEqual(
      analysis.sidecarDiagnostics.map((d) => d.message),
      ["Entity 'nobody' has no type; add one of person, place, organization.", "Entity 'nobody' has no name."],
    );
  });

  it('a broken registry is named where its entities are missing', () => {
    const broken = 'version: 1\nentities:\n  "peskow:\n    type: person\n';
    const chain = chainOf(broken, ROOT_REGISTRY);
    assert.equal(chain.broken.length, 1);
    const sidecar = 'version: 1\nquotes:\n  - text: Wir reden\n    speaker: peskow\n';
    const analysis = analyze({ article: ARTICLE, sidecar, registries: chain });
    const unknown = analysis.sidecarDiagnostics.find((d) => d.code === 'unknown-speaker');
    assert.match(
      unknown?.message ?? '',
      /No entity has the id 'peskow'\. The registry \/news\/sub\/entities\.ann\.yaml cannot be read in full and may define it\./u,
    );
    // The entities of the other registry are still there.
    assert.equal(analysis.entities.get('putin')?.origin, '/news/entities.ann.yaml');
  });

  it('a registry that cannot be read is broken', () => {
    const chain = registryChain([{ path: '/r/entities.ann.yaml', parsed: undefined, unreadable: 'permission denied' }]);
    assert.deepEqual(chain.broken, [
      { path: '/r/entities.ann.yaml', label: '/r/entities.ann.yaml', reason: 'permission denied' },
    ]);
  });

  it('a name two registry entities share makes the mention ambiguous, naming both', () => {
    const analysis = analyze({ article: 'Schmidt sprach.', sidecar: undefined, registries: chainOf(ROOT_REGISTRY) });
    assert.deepEqual(
      analysis.articleDiagnostics.map((d) => [d.code, d.message]),
      [
        [
          'ambiguous-mention',
          "'Schmidt' names both Helmut Schmidt (schmidt-helmut) and Christian Schmidt (schmidt-christian) of the registry; it is counted as schmidt-helmut. Give one of them a longer alias, or extend the right one in this article's sidecar.",
        ],
      ],
    );
    // A sidecar that extends one of them takes the mention, with no doubt left.
    const extended = analyze({
      article: 'Schmidt sprach.',
      sidecar: 'version: 1\nentities:\n  schmidt-christian: {}\n',
      registries: chainOf(ROOT_REGISTRY),
    });
    assert.deepEqual(
      extended.mentions.map((m) => m.entity),
      ['schmidt-christian'],
    );
    assert.deepEqual(extended.articleDiagnostics, []);
  });

  it('a scope is built once per sidecar and chain', () => {
    const parsed = parseSidecar('version: 1\n');
    const chain = chainOf(ROOT_REGISTRY);
    assert.equal(entityScope(parsed, chain), entityScope(parsed, chain));
    assert.equal(entityScope(undefined, chain), entityScope(undefined, chain));
    assert.equal(entityScope(parsed, chain).all().length, 4);
  });

  it('a registry parsed again with the same names keeps its compiled names', () => {
    // The chains are kept, as the server keeps the last one while it analyses with the next.
    const chains: RegistryChain[] = [];
    const matcher = (text: string) => {
      chains.push(chainOf(text));
      return mentionMatcherFor(entityScope(undefined, chains[chains.length - 1]));
    };
    const before = matcher(ROOT_REGISTRY);
    // A keystroke in a description, a note or a Wikidata id changes no name.
    const described = ROOT_REGISTRY.replace('President of Russia', 'President of Russia since 2000');
    assert.equal(matcher(described), before);
    assert.equal(matcher(ROOT_REGISTRY.replace('Q7747', 'Q1')), before);
    assert.equal(matcher(`${ROOT_REGISTRY}    note: checked\n`), before);
    // An alias, a name, a type, an id or the case-sensitivity changed: compiled anew.
    const changed = [
      ROOT_REGISTRY.replace('aliases: [Putin]', 'aliases: [Putin, W. Putin]'),
      ROOT_REGISTRY.replace('name: Moskau', 'name: Moskva'),
      ROOT_REGISTRY.replace('type: place', 'type: organization'),
      ROOT_REGISTRY.replace('  moskau:', '  moscow:'),
      ROOT_REGISTRY.replace('    description: President of Russia', '    caseSensitive: false'),
      ROOT_REGISTRY.replace('    type: person\n    name: Wladimir Putin', '    type: person'),
    ];
    for (const text of changed) {
      // The first matcher is still at hand, so a new one means the names differ.
      assert.equal(matcher(described), before);
      assert.notEqual(matcher(text), before, text);
    }
    assert.equal(new Set(changed.map(matcher)).size, changed.length);
  });

  it('an article finds the mentions of a registry as it now reads, after any edit of it', () => {
    const article = 'Wladimir Putin und W. Putin in Moskva. Putin blieb.';
    const mentionsUnder = (text: string) =>
      analyze({ article, sidecar: undefined, registries: chainOf(text) }).mentions.map((m) => [
        m.text,
        m.entity,
        m.type,
        m.form,
      ]);
    assert.deepEqual(mentionsUnder(ROOT_REGISTRY), [
      ['Wladimir Putin', 'putin', 'person', 'name'],
      ['Putin', 'putin', 'person', 0],
      ['Putin', 'putin', 'person', 0],
    ]);
    const aliased = ROOT_REGISTRY.replace('aliases: [Putin]', 'aliases: [W. Putin, Putin]').replace(
      'name: Moskau',
      'name: Moskva',
    );
    assert.deepEqual(mentionsUnder(aliased), [
      ['Wladimir Putin', 'putin', 'person', 'name'],
      ['W. Putin', 'putin', 'person', 0],
      ['Moskva', 'moskau', 'place', 'name'],
      ['Putin', 'putin', 'person', 1],
    ]);
    // Back to the first names, with a description changed meanwhile: as at first.
    assert.deepEqual(mentionsUnder(ROOT_REGISTRY.replace('President', 'Präsident')), mentionsUnder(ROOT_REGISTRY));
    // A type changed reaches the mentions although the names did not change.
    assert.deepEqual(
      mentionsUnder(ROOT_REGISTRY.replace('  putin:\n    type: person', '  putin:\n    type: organization'))[0],
      ['Wladimir Putin', 'putin', 'organization', 'name'],
    );
  });

  it('lists of entities are alike only when all that a matcher reads is the same', () => {
    const entities = (body: string) =>
      parseSidecar(`version: 1\nentities:\n  a:\n    type: person\n${body}`, 'registry').sidecar.entities;
    const lists = [
      entities('    name: A\n    aliases: [B]\n'),
      entities('    name: A\n    aliases: [B, C]\n'),
      entities('    name: A\n    aliases: [C]\n'),
      entities('    name: AB\n'),
      entities('    aliases: [A]\n'),
      entities('    name: A\n'),
      entities('    name: A\n    caseSensitive: false\n'),
    ];
    for (const [i, a] of lists.entries()) {
      for (const [k, b] of lists.entries()) assert.equal(sameNames(a, b), i === k, `${i} and ${k}`);
    }
    const described = entities('    name: A\n    aliases: [B]\n    description: x\n    wikidata: Q1\n');
    assert.equal(sameNames(lists[0], described), true);
  });

  it('a registry may hold more entities than a sidecar', () => {
    const lines = ['version: 1', 'entities:'];
    for (let i = 0; i < 6000; i++) lines.push(`  p${i}:`, '    type: person', `    name: Person ${i}`);
    const text = lines.join('\n') + '\n';
    assert.equal(parseSidecar(text, 'registry').sidecar.entities.length, 6000);
    assert.equal(parseSidecar(text).sidecar.entities.length, 5000);
  });

  it("below a large registry, completion after speaker: offers what matches the words typed, the article's first", () => {
    const lines = ['version: 1', 'entities:'];
    for (let i = 0; i < 2000; i++) lines.push(`  p${i}:`, '    type: person', `    name: Person Nummer ${i}`);
    const chain = registryChain([
      { path: '/r/entities.ann.yaml', parsed: parseSidecar(lines.join('\n') + '\n', 'registry') },
    ]);
    const sidecar = 'version: 1\nquotes:\n  - text: x\n    speaker: p19\n';
    const analysis = analyze({ article: 'Person Nummer 1999 sprach.', sidecar, registries: chain });
    const labels = sidecarCompletions(sidecar, sidecar.length - 1, analysis).map((item) => item.label);
    assert.deepEqual(labels.slice(0, 2), ['p1999', 'p19']);
    assert.equal(labels.length, 111); // p19, p190–p199, p1900–p1999
    assert.ok(
      sidecarCompletions(sidecar.replace('p19', ''), sidecar.length - 4, analysis).length <= MAX_ENTITY_COMPLETIONS,
    );
  });
});

describe("the server's chains of registries", () => {
  const settings = (): Promise<ServerSettings> => Promise.resolve(DEFAULT_SERVER_SETTINGS);
  let dir = '';
  let workspace: ArticleWorkspace;

  beforeEach(() => {
    dir = makeTempDir('article-annotations-chains-');
    writeFiles(dir, { 'entities.ann.yaml': ROOT_REGISTRY, 'a/x.txt': '', 'b/y.txt': '', 'c/d/z.txt': '' });
    workspace = new ArticleWorkspace(settings);
    workspace.setFolders([dir]);
  });

  afterEach(() => removeTempDir(dir));

  const chainFor = async (file: string): Promise<RegistryChain | undefined> =>
    workspace.registriesFor(path.join(dir, ...file.split('/')), DEFAULT_SERVER_SETTINGS);

  it('folders that see the same registries by the same path share one chain', async () => {
    const a = await chainFor('a/x.txt');
    assert.ok(a);
    assert.equal(await chainFor('a/other.txt'), a);
    assert.equal(await chainFor('b/y.txt'), a);
    // Farther away, the registry has another label in messages, and so another chain.
    const deeper = await chainFor('c/d/z.txt');
    assert.notEqual(deeper, a);
    assert.equal(deeper?.files[0].label, '../../entities.ann.yaml');
    assert.equal(await chainFor('c/d/z.txt'), deeper);
  });

  it('a changed registry makes a new chain for every folder', async () => {
    const before = await chainFor('a/x.txt');
    writeFiles(dir, { 'entities.ann.yaml': ROOT_REGISTRY.replace('Moskau', 'Moscow') });
    workspace.forgetDiskText(pathToFileURL(path.join(dir, 'entities.ann.yaml')).href, false);
    const after = await chainFor('a/x.txt');
    assert.notEqual(after, before);
    assert.equal(after?.byId.get('moskau')?.name?.text, 'Moscow');
    assert.equal(await chainFor('b/y.txt'), after);
  });
});
