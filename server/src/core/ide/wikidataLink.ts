/**
 * The editor's **Link to Wikidata…**: which entity a position names, where it is defined (the
 * sidecar at hand, or the registry an article shares it from), and what linking it to a picked
 * item writes. The requests are the server's (server/src/wikidata.ts); the edit is
 * `linkEdits`'s.
 */

import type { Analysis } from '../analyze';
import type { LanguageCode } from '../text/languages';
import type { EntityLink } from '../sidecar/edits';
import type { Entity } from '../sidecar/sidecar';
import type { EntityFacts } from '../wikidata/facts';

/** An entity to link, and the definition the link is written into. */
export interface LinkTarget {
  /** The entity as the article sees it: an entry that extends a registry's, merged with it. */
  entity: Entity;
  /** The entry to write `wikidata:` into: the sidecar's own, or the registry's. */
  definition: Entity;
  /**
   * The registry file that defines it, as the caller named it (the entity's `origin`); undefined
   * for an entity of the sidecar (or the registry) at hand.
   */
  registry?: string;
}

/**
 * The id of the entity at `offset`: the entity whose key it is on in the sidecar, or that the
 * mention it is on in the article names. Both ends of a key or mention count, as a cursor
 * right after a word is still on it.
 */
export function entityIdAt(analysis: Analysis, side: 'article' | 'sidecar', offset: number): string | undefined {
  const within = (start: number, end: number): boolean => start <= offset && offset <= end;
  if (side === 'sidecar') {
    return analysis.sidecar?.entities.find((entity) => within(entity.idSpan.start, entity.idSpan.end))?.id;
  }
  return analysis.mentions.find((mention) => within(mention.span.start, mention.span.end))?.entity;
}

/**
 * Where the entity with this id is defined, as the analysis sees it. An entry of a sidecar that
 * extends a registry entity is linked in the registry, as the command line's `link` does: the
 * link then serves every article that shares the entity.
 */
export function linkTarget(analysis: Analysis, id: string): LinkTarget | undefined {
  const entity = analysis.entities.get(id);
  if (!entity) return undefined;
  const definition = entity.extends ?? entity;
  return { entity, definition, ...(definition.origin !== undefined ? { registry: definition.origin } : {}) };
}

/**
 * The entity at `offset` that **Link to Wikidata…** is offered for: one with a name and no
 * `wikidata:` yet.
 */
export function unlinkedEntityAt(
  analysis: Analysis,
  side: 'article' | 'sidecar',
  offset: number,
): LinkTarget | undefined {
  const id = entityIdAt(analysis, side, offset);
  const target = id === undefined ? undefined : linkTarget(analysis, id);
  if (!target || target.entity.wikidata !== undefined) return undefined;
  return target.entity.name && target.entity.name.text.trim() !== '' ? target : undefined;
}

/**
 * What linking a definition to an item writes: the id, and where the entry has none, the
 * item's description in the article's language and, for a place, its coordinates.
 */
export function entityLinkOf(definition: Entity, item: EntityFacts, language: LanguageCode): EntityLink {
  const link: EntityLink = { wikidata: item.id };
  const description = definition.description === undefined ? item.descriptions[language] : undefined;
  if (description !== undefined) link.description = description;
  if (definition.type === 'place' && definition.coordinates === undefined && item.coordinates) {
    link.coordinates = item.coordinates;
  }
  return link;
}
