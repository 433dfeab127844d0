/**
 * Sidecar parsing and validation: every problem is a diagnostic on the exact range, with a
 * stable code, and parsing never throws. Fixtures mark each expected range with ⟦ ⟧.
 */

import * as assert from 'node:assert/strict';
import { articlePathProblem, parseSidecar, slugify } from '../../server/src/core';
import { parseMarkup, showSpans } from '../support/markup';

interface SidecarCase {
  name: string;
  yaml: string;
  /** Expected diagnostic codes, in the order of their ranges. */
  codes: string[];
  /** A fragment each message must contain, in the same order (optional). */
  messages?: (string | undefined)[];
}

const cases: SidecarCase[] = [
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

function check(testCase: SidecarCase): void {
  const markup = parseMarkup(testCase.yaml);
  const { diagnostics } = parseSidecar(markup.text);
  const ordered = diagnostics.slice().sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // The alias bomb case checks codes only: its ranges are beside the point.
  if (markup.spans.length || testCase.codes.length === 0) {
    assert.equal(
      showSpans(
        markup.text,
        ordered.map((d) => d.span),
      ),
      showSpans(markup.text, markup.spans),
      ordered.map((d) => `${d.code}: ${d.message}`).join('\n'),
    );
  }
  assert.deepEqual(
    ordered.map((d) => d.code),
    testCase.codes,
    ordered.map((d) => `${d.code}: ${d.message}`).join('\n'),
  );
  testCase.messages?.forEach((fragment, i) => {
    if (fragment) assert.ok(ordered[i].message.includes(fragment), `${ordered[i].message} should include ${fragment}`);
  });
  for (const diagnostic of diagnostics) {
    assert.ok(diagnostic.span.start >= 0 && diagnostic.span.end <= markup.text.length, 'range inside the sidecar');
  }
}

describe('parseSidecar', () => {
  for (const testCase of cases) it(testCase.name, () => check(testCase));

  it('reads the model', () => {
    const { sidecar } = parseSidecar(
      'version: 1\nlanguage: de-CH\narticle: texte/a.md\nentities:\n  p: {type: Person, name: P, aliases: [A, B], caseSensitive: false}\nquotes:\n  - {text: a b c, speaker: p, via: p, occurrence: 2}\n',
    );
    assert.equal(sidecar.version, 1);
    assert.equal(sidecar.language, 'de');
    assert.equal(sidecar.article?.text, 'texte/a.md');
    const entity = sidecar.entityById.get('p')!;
    assert.equal(entity.type, 'person');
    assert.deepEqual(
      entity.aliases.map((a) => a.text),
      ['A', 'B'],
    );
    assert.equal(entity.caseSensitive, false);
    assert.deepEqual(
      sidecar.quotes.map((q) => [q.text?.text, q.speaker?.text, q.via?.text, q.occurrence, q.kind]),
      [['a b c', 'p', 'p', 2, 'speech']],
    );
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['version: 1', 'l0: &l0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('entities:', '  e:', '    type: person', '    name: E', '    aliases: *l11');
    const started = process.hrtime.bigint();
    const { diagnostics } = parseSidecar(lines.join('\n'));
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && /alias/u.test(d.message)));
    assert.ok(milliseconds < 1000, `took ${milliseconds} ms`);
  });
});

describe('slugify and article paths', () => {
  const slugs: [string, string][] = [
    ['Wladimir Putin', 'wladimir-putin'],
    ['Kim Jong Un', 'kim-jong-un'],
    ['Südkorea', 'sudkorea'],
    ['Straße', 'strasse'],
    ['Élysée', 'elysee'],
    ['  ', 'entity'],
  ];
  for (const [input, slug] of slugs) it(`slugify ${input}`, () => assert.equal(slugify(input), slug));

  const paths: [string, boolean][] = [
    ['article.txt', true],
    ['texte/article.md', true],
    ['./a/../b.txt', true],
    ['../b.txt', false],
    ['a/../../b.txt', false],
    ['/etc/passwd', false],
    ['C:\\x.txt', false],
    ['file:///x.txt', false],
    ['.', false],
    ['', false],
  ];
  for (const [input, ok] of paths) {
    it(`article path '${input}' is ${ok ? 'accepted' : 'refused'}`, () =>
      assert.equal(articlePathProblem(input) === undefined, ok));
  }
});
