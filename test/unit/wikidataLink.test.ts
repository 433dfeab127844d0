/**
 * Link to Wikidata… in the engine: the entity a position names (its key in the sidecar, or a
 * mention in the article, the cursor at either end included), where its link is written (the
 * sidecar's own entry, or the registry's for a registry entity and for an entry that extends
 * one), when the action is offered, and what a link writes besides the id.
 */

import * as assert from 'node:assert/strict';
import {
  analyze,
  entityIdAt,
  entityLinkOf,
  factsFromEntity,
  linkTarget,
  parseSidecar,
  registryChain,
  unlinkedEntityAt,
  type EntityFacts,
} from '../../server/src/core';
import { fixtureEntity } from '../support/wikidataServer';

const REGISTRY = `version: 1
entities:
  lindau:
    type: place
    name: Lindau
  putin:
    type: person
    name: Wladimir Putin
    aliases: [Putin]
`;

const SIDECAR = `version: 1
language: de
entities:
  anna-berger:
    type: person
    name: Anna Berger
    description: Gewerkschafterin
  putin:
    aliases: [Kremlchef]
  linked: {type: organization, name: Bundestag, wikidata: Q154797}
  nameless: {type: person, name: ""}
`;

const ARTICLE = 'Anna Berger traf den Kremlchef in Lindau. Der Bundestag schwieg.\n';

function analysis() {
  const chain = registryChain([{ path: '/news/entities.ann.yaml', parsed: parseSidecar(REGISTRY, 'registry') }]);
  return analyze({ article: ARTICLE, sidecar: SIDECAR, registries: chain });
}

/** The facts of a fixture item (test/fixtures/wikidata/), as `link` keeps them. */
function item(id: string): EntityFacts {
  return factsFromEntity(fixtureEntity(id), '2024-05-01T12:00:00Z')!;
}

describe('Link to Wikidata in the engine', () => {
  it('entityIdAt: a mention in the article, a key in the sidecar, both ends included', () => {
    const a = analysis();
    const at = ARTICLE.indexOf('Anna Berger');
    assert.equal(entityIdAt(a, 'article', at), 'anna-berger');
    assert.equal(entityIdAt(a, 'article', at + 'Anna Berger'.length), 'anna-berger', 'right after the name');
    assert.equal(entityIdAt(a, 'article', ARTICLE.indexOf('traf') + 1), undefined);
    assert.equal(entityIdAt(a, 'sidecar', SIDECAR.indexOf('anna-berger:')), 'anna-berger');
    assert.equal(entityIdAt(a, 'sidecar', SIDECAR.indexOf('Gewerkschafterin')), undefined, 'a value, not a key');
  });

  it('linkTarget: the sidecar’s own entry, the registry’s entity, and an extending entry linked in the registry', () => {
    const a = analysis();
    const own = linkTarget(a, 'anna-berger')!;
    assert.equal(own.registry, undefined);
    assert.equal(own.definition, own.entity);
    const shared = linkTarget(a, 'lindau')!;
    assert.equal(shared.registry, '/news/entities.ann.yaml');
    assert.equal(shared.definition.name?.text, 'Lindau');
    const extended = linkTarget(a, 'putin')!;
    assert.equal(extended.registry, '/news/entities.ann.yaml', 'the entry extends the registry’s putin');
    assert.deepEqual(
      extended.entity.aliases.map((alias) => alias.text),
      ['Kremlchef', 'Putin'],
      'searched with every alias the article sees',
    );
    assert.equal(linkTarget(a, 'nobody'), undefined);
  });

  it('unlinkedEntityAt: offered for a named entity without wikidata only', () => {
    const a = analysis();
    assert.equal(unlinkedEntityAt(a, 'article', ARTICLE.indexOf('Kremlchef'))?.entity.id, 'putin');
    assert.equal(unlinkedEntityAt(a, 'article', ARTICLE.indexOf('Lindau'))?.registry, '/news/entities.ann.yaml');
    assert.equal(unlinkedEntityAt(a, 'article', ARTICLE.indexOf('Bundestag')), undefined, 'linked already');
    assert.equal(unlinkedEntityAt(a, 'sidecar', SIDECAR.indexOf('nameless')), undefined, 'no name to search');
  });

  it('entityLinkOf: the id, and what the entry lacks: the description in the language, a place’s coordinates', () => {
    const a = analysis();
    const lindau = linkTarget(a, 'lindau')!.definition;
    assert.deepEqual(entityLinkOf(lindau, item('Q90000005'), 'de'), {
      wikidata: 'Q90000005',
      description: 'Große Kreisstadt im Landkreis Lindau (Bodensee), Bayern',
      coordinates: [47.5458, 9.6839],
    });
    // No description in the article's language (French): none is written, English is no stand-in.
    assert.deepEqual(entityLinkOf(lindau, item('Q90000005'), 'fr'), {
      wikidata: 'Q90000005',
      coordinates: [47.5458, 9.6839],
    });
    // A description of the annotator's is kept, and a person gets no coordinates.
    const anna = linkTarget(a, 'anna-berger')!.definition;
    assert.deepEqual(entityLinkOf(anna, item('Q90000001'), 'de'), { wikidata: 'Q90000001' });
    const falk = { ...anna, description: undefined };
    assert.deepEqual(entityLinkOf(falk, item('Q90000003'), 'de'), { wikidata: 'Q90000003' }, 'no German text');
  });
});
