/**
 * Sidecars with the problems they must be reported with: the fixtures of sidecar.test.ts, which
 * fastYaml.test.ts also parses on both paths. Each expected range is marked with ⟦ ⟧.
 */

export interface SidecarCase {
  name: string;
  yaml: string;
  /** Expected diagnostic codes, in the order of their ranges. */
  codes: string[];
  /** A fragment each message must contain, in the same order (optional). */
  messages?: (string | undefined)[];
}

export const SIDECAR_CASES: SidecarCase[] = [
  {
    name: 'a valid sidecar has no problems',
    yaml: `version: 1
language: de
entities:
  putin:
    type: person
    name: Wladimir Putin
    aliases: [Putin]
    wikidata: Q7747
    links: [https://de.wikipedia.org/wiki/Wladimir_Putin]
  wladiwostok: {type: place, name: Wladiwostok, coordinates: [43.1155, 131.8855]}
quotes:
  - text: Was den Baikalsee und andere
    speaker: putin
  - {text: ewige Präsident, kind: term}
  - text: Wir haben nichts zu verbergen
    anonymous: ein Sprecher des Ministeriums
    occurrence: 2
`,
    codes: [],
  },
  { name: 'an empty sidecar is fine', yaml: '', codes: [] },
  { name: 'a sidecar of comments is fine', yaml: '# nothing yet\n', codes: [] },
  {
    name: 'YAML syntax error',
    yaml: 'version: 1\nentities:\n⟦  putin: {type: person, name: W⟧\n',
    codes: ['yaml-syntax'],
  },
  {
    name: 'unknown keys with a suggestion',
    yaml: 'version: 1\nentities:\n  putin:\n    type: person\n    name: P\n    ⟦alias⟧: [Putin]\n⟦qoutes⟧: []\n',
    codes: ['unknown-key', 'unknown-key'],
    messages: ["Did you mean 'aliases'?", "Did you mean 'quotes'?"],
  },
  {
    name: 'wrong value types',
    yaml: 'version: ⟦one⟧\nentities:\n  putin:\n    type: person\n    name: ⟦[a, b]⟧\n    caseSensitive: ⟦maybe⟧\nquotes: ⟦{}⟧\n',
    codes: ['schema', 'schema', 'schema', 'schema'],
  },
  {
    name: 'duplicate ids',
    yaml: 'version: 1\nentities:\n  putin: {type: person, name: A}\n  ⟦putin⟧: {type: person, name: B}\n',
    codes: ['duplicate-id'],
  },
  {
    name: 'ids must be slugs',
    yaml: 'version: 1\nentities:\n  ⟦Wladimir Putin⟧: {type: person, name: A}\n',
    codes: ['invalid-id'],
    messages: ["try 'wladimir-putin'"],
  },
  {
    name: 'unknown speaker and via',
    yaml: 'version: 1\nentities:\n  putin: {type: person, name: P}\nquotes:\n  - text: a b c\n    speaker: ⟦puttin⟧\n    via: ⟦tass⟧\n',
    codes: ['unknown-speaker', 'unknown-speaker'],
    messages: ["Did you mean 'putin'?", "No entity has the id 'tass'."],
  },
  {
    name: 'a place cannot speak',
    yaml: 'version: 1\nentities:\n  moskau: {type: place, name: Moskau}\nquotes:\n  - text: a b c\n    speaker: ⟦moskau⟧\n',
    codes: ['place-as-speaker'],
  },
  {
    name: 'malformed Wikidata id',
    yaml: 'version: 1\nentities:\n  putin: {type: person, name: P, wikidata: ⟦https://www.wikidata.org/wiki/Q7747⟧}\n',
    codes: ['invalid-wikidata'],
    messages: ["Did you mean 'Q7747'?"],
  },
  {
    name: 'coordinates out of range',
    yaml: 'version: 1\nentities:\n  x: {type: place, name: X, coordinates: ⟦[131.8, 43.1]⟧}\n  y: {type: place, name: Y, coordinates: ⟦[1]⟧}\n',
    codes: ['invalid-coordinates', 'invalid-coordinates'],
    messages: ['swapped', undefined],
  },
  {
    name: 'links must be web addresses',
    yaml: 'version: 1\nentities:\n  x: {type: person, name: X, links: [⟦javascript:alert(1)⟧, https://ok.example]}\n',
    codes: ['invalid-link'],
  },
  {
    name: 'unsupported version',
    yaml: 'version: ⟦2⟧\n',
    codes: ['unsupported-version'],
  },
  {
    name: 'missing version',
    yaml: '⟦⟧entities: {}\n',
    codes: ['schema'],
  },
  {
    name: 'unknown language',
    yaml: 'version: 1\nlanguage: ⟦es⟧\n',
    codes: ['unknown-language'],
  },
  {
    name: 'article path outside the folder',
    yaml: 'version: 1\narticle: ⟦../secret.txt⟧\n',
    codes: ['invalid-article-path'],
  },
  {
    name: 'missing type and name',
    yaml: 'version: 1\nentities:\n  ⟦⟦x⟧⟧: {description: D}\n',
    codes: ['schema', 'schema'],
    messages: ['has no type', 'has no name'],
  },
  {
    name: 'quote entry without text or speaker',
    yaml: 'version: 1\nquotes:\n  - ⟦speaker: ⟦nobody⟧⟧\n  - text: ⟦a b c⟧\n',
    codes: ['schema', 'unknown-speaker', 'schema'],
  },
  {
    name: 'bad kind and occurrence',
    yaml: 'version: 1\nquotes:\n  - {text: a b c, kind: ⟦quote⟧, occurrence: ⟦0⟧, anonymous: x}\n',
    codes: ['schema', 'schema'],
  },
  {
    name: 'the root must be a mapping',
    yaml: '⟦- just a list⟧\n',
    codes: ['schema'],
  },
  {
    name: 'alias bombs are refused',
    yaml:
      'version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nentities:\n  e:\n    type: person\n    name: E\n    aliases: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    codes: ['yaml-syntax'],
  },
  {
    name: 'a single alias instead of a list',
    yaml: 'version: 1\nentities:\n  p: {type: person, name: P, aliases: ⟦Putin⟧}\n',
    codes: ['schema'],
  },
  {
    name: 'CRLF and a byte order mark',
    yaml: '\uFEFFversion: 1\r\nentities:\r\n  p:\r\n    type: person\r\n    name: P\r\n    ⟦nmae⟧: Q\r\n',
    codes: ['unknown-key'],
  },
];
