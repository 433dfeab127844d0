/**
 * The cases of "Annotate as person / place / organization" on the German sample, and of
 * annotating an article that has no sidecar yet: the edit engine's tests (test/unit/actions.test.ts)
 * and the command's over stdio (test/lsp/commands.test.ts) run the same cases.
 */

export interface AnnotateCase {
  name: string;
  words: string;
  type: 'person' | 'place' | 'organization';
  entity?: string;
  /** The entities of the sidecar after the command, where they differ from before. */
  expect: Record<string, Record<string, unknown>>;
}

export const ANNOTATE_CASES: AnnotateCase[] = [
  {
    name: 'a new entity from words across a line break',
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
    name: 'a new place named with ß and an umlaut: the id is ASCII',
    words: 'Großstadt Südkoreas',
    type: 'place',
    expect: { 'grossstadt-suedkoreas': { type: 'place', name: 'Großstadt Südkoreas' } },
  },
  {
    name: 'an id that is taken gets a number',
    words: 'Putin',
    type: 'person',
    expect: { 'putin-2': { type: 'person', name: 'Putin' } },
  },
  {
    name: 'an alias of an existing entity',
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

/** Articles without a sidecar, and the person annotated in each: the sidecar is created. */
export const NEW_SIDECARS = [
  { article: 'kim-putin.txt', language: 'de', words: 'Wladimir Putin', id: 'wladimir-putin' },
  { article: 'election-night.txt', language: 'en', words: 'Maria Okafor', id: 'maria-okafor' },
  { article: 'port-strike.md', language: 'fr', words: 'CGT', id: 'cgt' },
];
