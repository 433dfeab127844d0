/**
 * Hover cards, in process: each case is an article and its sidecar in fixture markup
 * (test/support/markup.ts): `$0` is where the mouse is, in either file, and `⟦ ⟧` in the same
 * file is the range the hover must report. Every card, whatever the case, must be safe
 * Markdown: nothing from a sidecar may turn into HTML, an image or a link the server did not
 * build. The facts of linked entities come from a `wikidata.ann.json` made of the Wikidata
 * fixtures (test/fixtures/wikidata/), in the article's language or English, and a hostile
 * facts file stays text too. The hover handler's wiring is tested over stdio in
 * test/lsp/hover.test.ts, the facts file's reading in test/lsp/wikidata.test.ts.
 */

import * as assert from 'node:assert/strict';
import { MarkupKind, type Hover } from 'vscode-languageserver-protocol/node';
import { factsFromEntity, labelsFromEntity, parseWikidataFile, type WikidataFile } from '../../server/src/core';
import { articleHover, sidecarHover, toLspHover, type FactsView } from '../../server/src/features/hover';
import { rangeOf } from '../support/lspText';
import { analysePair, type Pair, type Side } from '../support/pair';
import { KIM_ARTICLE, KIM_SIDECAR, mark } from '../support/samples';
import { fixtureEntities } from '../support/wikidataServer';

/** The hover at an offset of either file, as the server's handler answers it. */
function hoverAt(pair: Pair, side: Side, offset: number): Hover | null {
  const { analysis } = pair.result;
  return side === 'sidecar'
    ? toLspHover(sidecarHover(analysis, offset), analysis.sidecarLines)
    : toLspHover(articleHover(analysis, offset), analysis.articleLines);
}

interface HoverCase {
  name: string;
  /** The article, `article.txt` unless `articleName` says otherwise, in fixture markup. */
  article: string;
  /** Its sidecar, in fixture markup. */
  sidecar: string;
  articleName?: string;
  /** null: no hover at all. */
  expect: null | {
    includes: string[];
    excludes?: string[];
  };
}

/**
 * Text from a sidecar may only be shown as text. Outside inline code spans (which show their
 * contents literally, and cannot span a blank line), a card must have no raw HTML, no image,
 * and no link but to a web address.
 */
function assertSafeMarkdown(markdown: string): void {
  const outsideCode = markdown.replace(/`[^`\n]*`/gu, '``');
  assert.ok(!/<[a-z!/?]/iu.test(outsideCode), `raw HTML in\n${markdown}`);
  assert.ok(!outsideCode.includes('!['), `an image in\n${markdown}`);
  for (const link of outsideCode.matchAll(/\]\(([^)]*)\)/gu)) {
    assert.match(link[1], /^https?:\/\//u, `a link to ${link[1]} in\n${markdown}`);
  }
}

/** A sidecar whose text tries to get HTML, images and command links into the card. */
const HOSTILE_SIDECAR = `version: 1
language: de
entities:
  putin:
    type: person
    name: "Wladimir Putin"
    aliases: [Putin, "[click](command:workbench.action.quit)"]
    description: "<img src=x onerror=alert(1)> [click](command:workbench.action.quit) [x](javascript:alert(1)) javascript:alert(1) ![p](https://evil.example/p.png)"
    note: "Line one\\n\\n<img src=y onerror=alert(2)>\\n\\n[note](command:workbench.action.quit)"
    links: ["javascript:alert(1)", "command:workbench.action.quit", "https://example.com/a)[x](command:foo)"]
    wikidata: Q7747
  "evil\\n\\n<img src=z onerror=alert(3)>":
    type: "<b>person</b>"
    name: "[Kreml](command:workbench.action.quit)"
quotes:
  - text: Wir kommen morgen
    speaker: putin
  - text: Das bleibt
    speaker: $SPEAKER
`;
const HOSTILE_ARTICLE =
  'Wladimir Putin sagte: „Wir kommen morgen früh an.“ Der [Kreml](command:workbench.action.quit) schwieg. ' +
  '„Das bleibt so, wie es ist.“\n';

const hostile = (speaker: string): string => HOSTILE_SIDECAR.replace('$SPEAKER', speaker);
const HOSTILE_SPEAKER = '"x\\n\\n<img src=x onerror=alert(1)>\\n\\n[click](command:workbench.action.quit)"';

const PUTIN_CARD = [
  '**Wladimir Putin**',
  'person',
  '12 mentions',
  'Quoted as saying',
  '(https://www.wikidata.org/wiki/Q7747)',
];

const CASES: HoverCase[] = [
  {
    name: 'a person in the article: the entity card',
    article: mark(KIM_ARTICLE, 'Präsident ⟦Wladimir Pu$0tin⟧ werde'),
    sidecar: KIM_SIDECAR,
    expect: {
      includes: [...PUTIN_CARD, 'Präsident Russlands', 'Also: Putin, Staatsoberhaupt, Präsidenten', '3 quotes'],
    },
  },
  {
    name: 'an inflected alias finds the same card',
    article: mark(KIM_ARTICLE, 'Es ist ⟦$0Kims⟧ erste Reise'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Kim Jong Un**', 'person', '0 quotes', 'https://www.wikidata.org/wiki/Q56226'] },
  },
  {
    name: 'the cursor right after a name still finds it',
    article: mark(KIM_ARTICLE, 'Großstadt ⟦Wladiwostok$0⟧, die'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Wladiwostok**'] },
  },
  {
    name: 'a place: coordinates and a map link',
    article: mark(KIM_ARTICLE, 'Großstadt ⟦Wladi$0wostok⟧, die'),
    sidecar: KIM_SIDECAR,
    expect: {
      includes: [
        '**Wladiwostok** · place',
        '2 mentions',
        '43.1155, 131.8855',
        '](https://www.openstreetmap.org/?mlat=43.1155&mlon=131.8855',
        '(https://www.wikidata.org/wiki/Q959)',
      ],
      excludes: ['Quoted as saying'],
    },
  },
  {
    name: 'an organization',
    article: mark(KIM_ARTICLE, 'Nachrichtenagentur ⟦T$0ass⟧.'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Tass** · organization', 'staatliche russische Nachrichtenagentur', 'source of 2'] },
  },
  {
    name: 'an unattributed quote: who probably said it',
    article: mark(KIM_ARTICLE, '⟦„Das ist natürlich $0machbar, und wir werden es tun“⟧'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**No attribution**', 'Suggested speaker: **Wladimir Putin**', '77 %'] },
  },
  {
    name: 'an attributed quote: the speaker and the speaker’s card',
    article: mark(
      KIM_ARTICLE,
      '⟦„Was den Baikalsee und andere besonders geschützte Gebiete betrifft, ist natürlich $0besondere Vorsicht geboten“⟧',
    ),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Quote** by Wladimir Putin', ...PUTIN_CARD] },
  },
  {
    name: 'an attributed quote taken from an agency names the source',
    article: mark(KIM_ARTICLE, '⟦„muss nicht $0nur über die Erschließung von Bodenschätzen gesprochen werden“⟧'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Quote** by Wladimir Putin', 'Source: Tass'] },
  },
  {
    name: 'a mention inside a quote wins over the quote',
    article: mark(KIM_ARTICLE, '„Was den ⟦Baikal$0see⟧ und andere'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Baikalsee** · place'], excludes: ['**Quote**'] },
  },
  {
    name: 'a term',
    article: mark(KIM_ARTICLE, '⟦„ewige $0Präsident“⟧'),
    sidecar: KIM_SIDECAR,
    expect: { includes: ['**Term**', 'needs no attribution'] },
  },
  {
    name: 'plain words: no hover',
    article: mark(KIM_ARTICLE, 'Ort und Zeit$0punkt des Treffens'),
    sidecar: KIM_SIDECAR,
    expect: null,
  },
  {
    name: 'in the sidecar, an entity id: the card',
    article: KIM_ARTICLE,
    sidecar: mark(KIM_SIDECAR, '  ⟦pu$0tin⟧:\n    type: person\n    name: Wladimir Putin'),
    expect: { includes: PUTIN_CARD },
  },
  {
    name: 'in the sidecar, a speaker: the card',
    article: KIM_ARTICLE,
    sidecar: mark(KIM_SIDECAR, '  - text: Was den Baikalsee und andere\n    speaker: ⟦put$0in⟧'),
    expect: { includes: PUTIN_CARD },
  },
  {
    name: 'in the sidecar, a source (via): its card',
    article: KIM_ARTICLE,
    sidecar: mark(KIM_SIDECAR, '  - text: eine direkte Priorität für Russland\n    speaker: putin\n    via: ⟦ta$0ss⟧'),
    expect: { includes: ['**Tass** · organization'] },
  },
  {
    name: 'in the sidecar, a quote entry: the quote it attributes',
    article: KIM_ARTICLE,
    sidecar: mark(KIM_SIDECAR, '  - text: ⟦eine direkte $0Priorität für Russland⟧'),
    expect: { includes: ['Attributes the quote on line 11', '„eine direkte Priorität für Russland'] },
  },
  {
    name: 'in the sidecar, a speaker that is no entity',
    article: 'Wladimir Putin sagte: „Wir kommen morgen früh an.“\n',
    sidecar:
      'version: 1\nentities:\n  putin: {type: person, name: Wladimir Putin}\nquotes:\n  - text: Wir kommen\n    speaker: ⟦pu$0tn⟧\n',
    expect: { includes: ['No entity has the id `putn`.'] },
  },
  {
    name: 'in the sidecar, a top-level key: no hover',
    article: KIM_ARTICLE,
    sidecar: mark(KIM_SIDECAR, 'ver$0sion: 1'),
    expect: null,
  },
  {
    name: 'a Markdown article',
    articleName: 'article.md',
    article: '# Bericht\n\nLaut **⟦Pu$0tin⟧** ist „alles in Ordnung, wie immer.“\n',
    sidecar: 'version: 1\nlanguage: de\nentities:\n  putin: {type: person, name: Wladimir Putin, aliases: [Putin]}\n',
    expect: { includes: ['**Wladimir Putin** · person', '1 mention'], excludes: ['Wikidata'] },
  },
  {
    name: 'injection: HTML, images and command or javascript links in a description stay text',
    article: '⟦Wladimir Pu$0tin⟧ sagte: „Wir kommen morgen früh an.“\n',
    sidecar: hostile('putin'),
    expect: {
      includes: [
        '**Wladimir Putin**',
        '&lt;img src=x onerror=alert\\(1\\)\\>',
        '\\[click\\]\\(command\\:workbench',
        '[Wikidata Q7747](https://www.wikidata.org/wiki/Q7747)',
        '(https://example.com/a%29[x]%28command:foo%29)',
      ],
      excludes: ['<img', '](command:', '](javascript:', '![', 'javascript:alert(1)](', '<b>'],
    },
  },
  {
    name: 'injection: an entity with a hostile id, type and name',
    article: 'Der ⟦[Kreml](command:workbench.action.$0quit)⟧ schwieg.\n',
    sidecar: hostile('putin'),
    // An id is shown as code, which shows its text literally: on one line, it is safe.
    expect: {
      includes: [
        '**\\[Kreml\\]\\(command\\:workbench\\.action\\.quit\\)** · entity',
        '`evil <img src=z onerror=alert(3)>`',
      ],
      excludes: ['<b>'],
    },
  },
  {
    name: 'injection: a speaker that is no entity, with blank lines, HTML and a command link',
    article: HOSTILE_ARTICLE,
    sidecar: mark(hostile(HOSTILE_SPEAKER), `speaker: ⟦${HOSTILE_SPEAKER.replace('<img', '<im$0g')}⟧`),
    expect: {
      includes: ['No entity has the id `x <img src=x onerror=alert(1)> [click](command:workbench.action.quit)`.'],
    },
  },
];

/** Hovers at the cursor of a case and checks the card and its range. */
function check(testCase: HoverCase): void {
  const pair = analysePair(testCase);
  assert.ok(pair.cursor, 'a case has exactly one $0');
  const target = pair.markup[pair.cursor.side];
  const hover = hoverAt(pair, pair.cursor.side, pair.cursor.offset);
  if (testCase.expect === null) {
    assert.equal(hover, null, `expected no hover, got\n${JSON.stringify(hover)}`);
    return;
  }
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, MarkupKind.Markdown);
  const markdown = contents.value;
  for (const text of testCase.expect.includes) {
    assert.ok(markdown.includes(text), `the card lacks ${JSON.stringify(text)}:\n${markdown}`);
  }
  for (const text of testCase.expect.excludes ?? []) {
    assert.ok(!markdown.includes(text), `the card has ${JSON.stringify(text)}:\n${markdown}`);
  }
  assertSafeMarkdown(markdown);
  const [span] = target.spans;
  if (span) assert.deepEqual(hover.range, rangeOf(target.text, span.start, span.end), 'the hover range');
}

describe('hover', () => {
  for (const testCase of CASES) it(testCase.name, () => check(testCase));
});

// Hover injection.

const PAYLOADS: { name: string; text: string }[] = [
  { name: 'an HTML image with a script', text: '<img src=x onerror=alert(1)>' },
  { name: 'a script element', text: '<script>alert(1)</script>' },
  { name: 'an HTML link to a command', text: '<a href="command:workbench.action.quit">x</a>' },
  { name: 'a Markdown link to a command', text: '[click](command:workbench.action.quit)' },
  { name: 'a Markdown link to javascript:', text: '[x](javascript:alert(1))' },
  { name: 'a remote image', text: '![x](https://evil.example/x.png)' },
  { name: 'a link with a title to a remote host', text: '[x](https://evil.example/phish "t")' },
  { name: 'a bare web address', text: 'see https://evil.example/bare and www.evil.example' },
  { name: 'blank lines around HTML', text: 'line\n\n<img src=y onerror=alert(2)>\n\n[n](command:foo)' },
  { name: 'an autolink', text: '<https://evil.example/auto>' },
  { name: '100 KB of text', text: 'Zu viel Text. '.repeat(7300) },
];

const FIELDS = ['name', 'description', 'note', 'aliases', 'links', 'type'] as const;
type Field = (typeof FIELDS)[number];

/** The entity with the payload in one field; the mention and the quote stay findable. */
function hostileSidecar(field: Field, payload: string): string {
  const value = JSON.stringify(payload);
  const fields: Record<string, string> = {
    type: 'person',
    name: '"Wladimir Putin"',
    aliases: '["Wladimir Putin", Putin]',
    description: '"Präsident Russlands"',
    wikidata: 'Q7747',
    coordinates: '[55.75, 37.62]',
    links: '["https://example.com/putin"]',
  };
  if (field === 'aliases') fields.aliases = `["Wladimir Putin", Putin, ${value}]`;
  else if (field === 'links') {
    fields.links = `["https://example.com/putin", ${value}, "command:workbench.action.quit", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://example.com/a)[x](command:foo)"]`;
  } else fields[field] = value;
  return [
    'version: 1',
    'language: de',
    'entities:',
    '  putin:',
    ...Object.entries(fields).map(([key, text]) => `    ${key}: ${text}`),
    'quotes:',
    '  - text: Wir kommen morgen früh an',
    '    speaker: putin',
    '',
  ].join('\n');
}

/** The addresses a card may link to: the entity's own web links, Wikidata and OpenStreetMap. */
function allowedLinks(links: readonly string[]): (target: string) => boolean {
  const own = new Set<string>();
  for (const link of links) {
    try {
      const url = new URL(link.trim());
      if (url.protocol === 'https:' || url.protocol === 'http:') {
        own.add(
          url.href.replace(/[()<> "'\\]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`),
        );
      }
    } catch {
      // Not an address: it may not be linked at all.
    }
  }
  return (target) =>
    own.has(target) ||
    /^https:\/\/www\.wikidata\.org\/wiki\/Q\d+$/u.test(target) ||
    target.startsWith('https://www.openstreetmap.org/?');
}

/** What every card must be: inert text with only the links the server builds. */
function assertInert(markdown: string, links: readonly string[], what: string): void {
  // Inline code shows its text literally; everything else is what the renderer interprets.
  const outsideCode = markdown.replace(/`[^`\n]*`/gu, '``');
  assert.ok(!/<[a-z!/?]/iu.test(outsideCode), `${what}: raw HTML in\n${markdown}`);
  assert.ok(!markdown.includes('](command:'), `${what}: a command link in\n${markdown}`);
  assert.ok(!markdown.includes('](javascript:'), `${what}: a javascript: link in\n${markdown}`);
  assert.ok(!outsideCode.includes('!['), `${what}: an image in\n${markdown}`);
  const allowed = allowedLinks(links);
  const targets = [...outsideCode.matchAll(/\]\(([^)]*)\)/gu)].map((match) => match[1]);
  for (const target of targets) {
    assert.match(target, /^https?:\/\//u, `${what}: a link to ${target}`);
    assert.ok(
      allowed(target),
      `${what}: a link to ${target}, which is none of the entity's own, Wikidata or OpenStreetMap`,
    );
  }
  // A bare address would be linked by renderers that link addresses: its colon must be escaped.
  const text = outsideCode.replace(/\]\([^)]*\)/gu, '](…)');
  assert.ok(!/[a-z]:\/\//iu.test(text), `${what}: a bare address in\n${markdown}`);
  // Whatever the sidecar holds, a card stays small.
  assert.ok(markdown.length < 20_000, `${what}: a card of ${markdown.length} characters`);
}

/** Hovers over the mention, the quote, the entity id and the speaker, and returns the cards. */
function cards(pair: Pair): { where: string; hover: Hover | null }[] {
  const article = pair.text('article');
  const sidecar = pair.text('sidecar');
  return [
    { where: 'the mention', hover: hoverAt(pair, 'article', article.indexOf('Putin sagte')) },
    { where: 'the quote', hover: hoverAt(pair, 'article', article.indexOf('morgen')) },
    { where: 'the entity id', hover: hoverAt(pair, 'sidecar', sidecar.indexOf('putin:') + 2) },
    { where: 'the speaker', hover: hoverAt(pair, 'sidecar', sidecar.indexOf('speaker: putin') + 11) },
  ];
}

const ARTICLE = 'Wladimir Putin sagte: „Wir kommen morgen früh an und bleiben.“ Putin lachte.\n';

describe('hover cards from hostile sidecars are inert text', () => {
  for (const field of FIELDS) {
    for (const payload of PAYLOADS) {
      it(`${payload.name} in ${field}`, () => {
        const pair = analysePair({ article: ARTICLE, sidecar: hostileSidecar(field, payload.text) });
        const links =
          field === 'links'
            ? [payload.text, 'https://example.com/putin', 'https://example.com/a)[x](command:foo)']
            : ['https://example.com/putin'];
        for (const { where, hover } of cards(pair)) {
          assert.ok(hover, `no hover on ${where}`);
          const markdown = (hover.contents as { value: string }).value;
          assertInert(markdown, links, `${field}, on ${where}`);
          // Long text is cut, with an ellipsis to show it.
          if (payload.text.length > 10_000 && field !== 'type' && field !== 'links' && where !== 'the quote') {
            assert.ok(markdown.includes('…'), `${where}: the long ${field} is not shown cut`);
          }
        }
      });
    }
  }

  it('2,000 aliases and 100 KB links: the card lists ten aliases and no endless address', () => {
    const aliases = Array.from({ length: 2000 }, (_, i) => `"Alias ${i}"`).join(', ');
    const long = `https://example.com/${'x'.repeat(100_000)}`;
    const sidecar = `version: 1\nlanguage: de\nentities:\n  putin:\n    type: person\n    name: Wladimir Putin\n    aliases: [Putin, ${aliases}]\n    links: ["${long}", "https://example.com/putin"]\n`;
    const pair = analysePair({ article: ARTICLE, sidecar });
    const hover = hoverAt(pair, 'article', ARTICLE.indexOf('Putin sagte'));
    const markdown = (hover!.contents as { value: string }).value;
    assertInert(markdown, [long, 'https://example.com/putin'], 'the card');
    assert.ok(markdown.includes('Alias 7, Alias 8 and 1991 more'), markdown.slice(0, 2000));
    assert.ok(markdown.includes('[example\\.com](https://example.com/putin)'), 'the short link is there');
    assert.ok(!markdown.includes('xxxxxxxxxx'), 'the long address is shown');
  });
});

// Facts kept from Wikidata.

/** `wikidata.ann.json` as the command line would write it from the fixtures, fetched on 1 May 2024. */
function fixtureFacts(): WikidataFile {
  const file: WikidataFile = { version: 1, entities: {}, labels: {} };
  for (const [id, raw] of fixtureEntities()) {
    const facts = raw.claims ? factsFromEntity(raw, '2024-05-01T12:00:00Z') : undefined;
    if (facts) file.entities[id] = facts;
    else file.labels[id] = labelsFromEntity(raw);
  }
  return file;
}

const FACTS = fixtureFacts();

const LINKED_SIDECAR = (language: string): string =>
  [
    'version: 1',
    `language: ${language}`,
    'entities:',
    '  putin: {type: person, name: Wladimir Putin, aliases: [Putin], description: Präsident Russlands, wikidata: Q7747}',
    '  moskau: {type: place, name: Moskau, wikidata: Q649}',
    '  lindau: {type: place, name: Lindau, wikidata: Q90000005, coordinates: [47.55, 9.68]}',
    '  falk: {type: person, name: Jonas Falk, aliases: [Falk], wikidata: Q90000003}',
    '  berger: {type: person, name: Anna Berger, wikidata: Q90000099}',
    '  kreml: {type: organization, name: Kreml}',
    'quotes: []',
    '',
  ].join('\n');

const LINKED_ARTICLE = 'Putin sprach in Moskau und Lindau mit Falk und Anna Berger über den Kreml.\n';

interface FactsCase {
  name: string;
  /** The word hovered over, in LINKED_ARTICLE. */
  word: string;
  language?: string;
  facts: FactsView;
  includes: string[];
  excludes?: string[];
}

const COMMONS_PUTIN = 'Vladimir_Putin_17-11-2021_%28cropped%29.jpg';

const FACTS_CASES: FactsCase[] = [
  {
    name: 'a person: the facts in the article’s language, Wikipedia in it, the date they were fetched',
    word: 'Putin',
    facts: { file: FACTS, images: false },
    includes: [
      'Präsident Russlands\n\nGeboren: 7\\. Oktober 1952  \nÄmter: Präsident der Russischen Föderation, Ministerpräsident Russlands  \n',
      'Partei: Einiges Russland',
      // The links follow the facts, where a card of limited height still shows them.
      '*From Wikidata, as of 1 May 2024*\n\n[Wikidata Q7747](https://www.wikidata.org/wiki/Q7747) · [Wikipedia](https://de.wikipedia.org/wiki/Wladimir_Putin)',
      'Also: Putin',
      `[Wikimedia Commons](https://commons.wikimedia.org/wiki/File:${COMMONS_PUTIN})`,
    ],
    excludes: ['![', 'Ist ein', 'russischer Politiker'],
  },
  {
    name: 'the same person under an English article: English captions and the English Wikipedia',
    word: 'Putin',
    language: 'en',
    facts: { file: FACTS, images: false },
    includes: [
      'Born: 7 October 1952',
      'Positions held: President of Russia',
      '[Wikipedia](https://en.wikipedia.org/wiki/Vladimir_Putin)',
    ],
  },
  {
    name: 'with articleAnnotations.hover.images: the Commons thumbnail, linked to its page',
    word: 'Putin',
    facts: { file: FACTS, images: true },
    includes: [
      `(https://de.wikipedia.org/wiki/Wladimir_Putin)\n\n[![Wladimir Putin](https://commons.wikimedia.org/wiki/Special:FilePath/${COMMONS_PUTIN}?width=240)](https://commons.wikimedia.org/wiki/File:${COMMONS_PUTIN})`,
    ],
    excludes: ['[Wikimedia Commons]'],
  },
  {
    name: 'facts kept only in English: English texts under German captions, the English Wikipedia',
    word: 'Falk',
    facts: { file: FACTS, images: true },
    includes: [
      // No description of the annotator's: Wikidata's stands in.
      '`falk`\n\nGerman trade unionist\n\nGeboren: März 1965  \nGestorben: 2020  \nBeruf: trade unionist',
      '[Wikipedia \\(en\\)](https://en.wikipedia.org/wiki/Jonas_Falk)',
    ],
    excludes: ['!['],
  },
  {
    name: 'a place without coordinates of its own: Wikidata’s, with the map',
    word: 'Moskau',
    facts: { file: FACTS, images: false },
    includes: [
      'Hauptstadt Russlands',
      'Ist ein\\(e\\): Stadt, Hauptstadt',
      '55\\.7558, 37\\.6178 ([OpenStreetMap](https://www.openstreetmap.org/?mlat=55.7558&mlon=37.6178#map=12/55.7558/37.6178))',
    ],
    excludes: ['Koordinaten'],
  },
  {
    name: 'a place with coordinates of its own: only those',
    word: 'Lindau',
    facts: { file: FACTS, images: false },
    includes: ['47.55, 9.68 ([OpenStreetMap](https://www.openstreetmap.org/?mlat=47.55&mlon=9.68'],
    excludes: ['47\\.5458', 'mlat=47.5458'],
  },
  {
    name: 'an item the file has no facts about: the card says so',
    word: 'Berger',
    facts: { file: FACTS, images: false },
    includes: ['*wikidata\\.ann\\.json keeps no facts about Q90000099 yet\\.*', '[Wikidata Q90000099]'],
  },
  {
    name: 'an entity without wikidata: no facts and no word about them',
    word: 'Kreml',
    facts: { file: FACTS, images: true },
    includes: ['**Kreml** · organization'],
    excludes: ['Wikidata', 'wikidata', 'Wikipedia'],
  },
  {
    name: 'no facts file: the card of old',
    word: 'Putin',
    facts: { file: undefined, images: true },
    includes: ['Präsident Russlands\n\nAlso: Putin\n\n1 mention', '[Wikidata Q7747]'],
    excludes: ['Geboren', 'wikidata\\.ann', 'Wikipedia'],
  },
  {
    name: 'a facts file that cannot be used: the card says why, and the rest is there',
    word: 'Putin',
    facts: {
      file: undefined,
      unusable: 'wikidata.ann.json cannot be used: The file is not valid JSON: Unexpected token <',
      images: false,
    },
    includes: [
      '*wikidata\\.ann\\.json cannot be used\\: The file is not valid JSON\\: Unexpected token &lt;*',
      '1 mention · 0 quotes',
      '[Wikidata Q7747]',
    ],
    excludes: ['Geboren'],
  },
];

describe('hover cards with the facts kept from Wikidata', () => {
  for (const testCase of FACTS_CASES) {
    it(testCase.name, () => {
      const pair = analysePair({ article: LINKED_ARTICLE, sidecar: LINKED_SIDECAR(testCase.language ?? 'de') });
      const { analysis } = pair.result;
      const markdown = articleHover(
        analysis,
        LINKED_ARTICLE.indexOf(testCase.word),
        undefined,
        testCase.facts,
      )!.markdown;
      for (const text of testCase.includes) {
        assert.ok(markdown.includes(text), `the card lacks ${JSON.stringify(text)}:\n${markdown}`);
      }
      for (const text of testCase.excludes ?? []) {
        assert.ok(!markdown.includes(text), `the card has ${JSON.stringify(text)}:\n${markdown}`);
      }
      if (!testCase.facts.images) assertSafeMarkdown(markdown);
    });
  }

  it('the facts reach the card of a quote’s speaker and of an entity’s key in the sidecar', () => {
    const sidecar = LINKED_SIDECAR('de').replace('quotes: []', 'quotes:\n  - text: Wir bleiben\n    speaker: putin');
    const article = '„Wir bleiben“, sagte Putin.\n';
    const { analysis } = analysePair({ article, sidecar }).result;
    const facts: FactsView = { file: FACTS, images: false };
    const quote = articleHover(analysis, article.indexOf('bleiben'), undefined, facts)!.markdown;
    assert.ok(quote.includes('**Quote** by Wladimir Putin') && quote.includes('Geboren: 7'), quote);
    const key = sidecarHover(analysis, sidecar.indexOf('putin:') + 1, undefined, facts)!.markdown;
    assert.ok(key.includes('Geboren: 7'), key);
  });

  it('a hostile facts file stays text: no HTML, no image, links only to the hosts the server builds', () => {
    const payload =
      '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) ![i](https://evil.example/i.png) https://evil.example';
    const entity = {
      id: 'Q7747',
      retrieved: '2024-05-01T12:00:00Z',
      labels: { de: payload },
      descriptions: { de: payload },
      instanceOf: ['Q5', 'Q1'],
      born: '1952-10-07',
      positions: ['Q2'],
      coordinates: [55.75, 37.61],
      sitelinks: { dewiki: `${payload})[y](command:foo)` },
      image: `${payload}).jpg`,
    };
    const text = JSON.stringify({
      version: 1,
      entities: { Q7747: entity },
      labels: { Q1: { de: payload }, Q2: { de: `\n\n${payload}\n\n` } },
    });
    const { file, problems } = parseWikidataFile(text);
    assert.deepEqual(problems, []);
    const sidecar =
      'version: 1\nlanguage: de\nentities:\n  putin: {type: place, name: Wladimir Putin, aliases: [Putin]}\n';
    for (const shown of [false, true]) {
      const { analysis } = analysePair({
        article: LINKED_ARTICLE,
        sidecar: sidecar.replace('}', ', wikidata: Q7747}'),
      }).result;
      const markdown = articleHover(analysis, 0, undefined, { file, images: shown })!.markdown;
      const outsideCode = markdown.replace(/`[^`\n]*`/gu, '``');
      assert.ok(!/<[a-z!/?]/iu.test(outsideCode), `raw HTML in\n${markdown}`);
      assert.ok(!markdown.includes('](command:'), `a command link in\n${markdown}`);
      // Images: the one the server builds from the file name, and only with the setting.
      const images = outsideCode.match(/(?<!\\)!\[/gu) ?? [];
      const thumbnails = outsideCode.split('](https://commons.wikimedia.org/wiki/Special:FilePath/').length - 1;
      assert.deepEqual([images.length, thumbnails], shown ? [1, 1] : [0, 0], `the images of\n${markdown}`);
      for (const [, target] of outsideCode.matchAll(/\]\(([^)]*)\)/gu)) {
        assert.match(
          target,
          /^https:\/\/(www\.wikidata\.org|de\.wikipedia\.org|www\.openstreetmap\.org|commons\.wikimedia\.org)\//u,
          `a link to ${target} in\n${markdown}`,
        );
      }
      const bare = outsideCode.replace(/\]\([^)]*\)/gu, '](…)');
      assert.ok(!/[a-z]:\/\//iu.test(bare), `a bare address in\n${markdown}`);
    }
  });
});
