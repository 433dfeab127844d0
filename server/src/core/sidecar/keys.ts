/**
 * The vocabulary of sidecar format v1: its keys and the entity types every sidecar knows.
 * Parsing, validation, completion and the fast parser all read these lists, so they live in a
 * module of their own that depends on nothing.
 */

export const TOP_LEVEL_KEYS = ['version', 'language', 'article', 'meta', 'entities', 'quotes'] as const;
/** A registry (`entities.ann.yaml`) holds entities for the articles below it, and nothing else. */
export const REGISTRY_KEYS = ['version', 'entities'] as const;
export const ENTITY_KEYS = [
  'type',
  'name',
  'aliases',
  'description',
  'wikidata',
  'links',
  'coordinates',
  'caseSensitive',
  'note',
  'attributes',
] as const;
export const QUOTE_KEYS = ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'] as const;
/**
 * `document` is a source that is not a person: a treaty, a statement, a ruling, a report, a
 * press release. It can be named as the speaker of a quote.
 */
export const WELL_KNOWN_TYPES = ['person', 'place', 'organization', 'document'] as const;
export const QUOTE_KINDS = ['speech', 'term'] as const;

/** A Wikidata item id, once trimmed and upper-cased: Q followed by digits. */
export const WIKIDATA_PATTERN = /^Q[1-9][0-9]{0,11}$/u;
/** An entity type: one word, starting with a letter. */
export const TYPE_PATTERN = /^[\p{L}][\p{L}\p{N}_-]*$/u;
