/**
 * Hover cards through the protocol. Each case is an article and its sidecar in fixture markup
 * (test/support/markup.ts): `$0` is where the mouse is, in either file, and `⟦ ⟧` in the same
 * file is the range the hover must report. Every card, whatever the case, must be safe
 * Markdown: nothing from a sidecar may turn into HTML, an image or a link the server did not
 * build.
 */

import * as assert from 'node:assert/strict';
import { MarkupKind } from 'vscode-languageserver-protocol/node';
import { parseMarkup } from '../support/markup';
import { rangeOf } from '../support/lspClient';
import { KIM_ARTICLE, KIM_SIDECAR, mark, withSession, shareServer } from './fixtures';

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
async function check(testCase: HoverCase): Promise<void> {
  const articleName = testCase.articleName ?? 'article.txt';
  const sidecarName = articleName.replace(/\.[^.]+$/u, '.ann.yaml');
  const article = parseMarkup(testCase.article);
  const sidecar = parseMarkup(testCase.sidecar);
  const target = article.cursor >= 0 ? article : sidecar;
  assert.ok(target.cursor >= 0 && (article.cursor < 0 || sidecar.cursor < 0), 'a case has exactly one $0');
  await withSession({ files: { [articleName]: article.text, [sidecarName]: sidecar.text } }, async (session) => {
    const articleUri = session.open(articleName);
    const sidecarUri = session.open(sidecarName);
    const uri = target === article ? articleUri : sidecarUri;
    const hover = await session.client.hover(uri, target.cursor);
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
  });
}

describe('LSP: hover', () => {
  shareServer();

  for (const testCase of CASES) it(testCase.name, () => check(testCase));
});
