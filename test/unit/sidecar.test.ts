/**
 * Sidecar parsing and validation: every problem is a diagnostic on the exact range, with a
 * stable code, and parsing never throws. Fixtures mark each expected range with ⟦ ⟧.
 */

import * as assert from 'node:assert/strict';
import { articlePathProblem, isValidId, parseSidecar, slugify, uniqueId } from '../../server/src/core';
import { parseMarkup, showSpans } from '../support/markup';
import { SIDECAR_CASES, type SidecarCase } from '../support/sidecarCases';

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
  for (const testCase of SIDECAR_CASES) it(testCase.name, () => check(testCase));

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
    // German: umlauts and ß as German spells them without.
    ['Südkorea', 'suedkorea'],
    ['Äthiopien', 'aethiopien'],
    ['Österreich', 'oesterreich'],
    ['Übersee', 'uebersee'],
    ['Jürgen Müller-Lüdenscheidt', 'juergen-mueller-luedenscheidt'],
    ['Straße', 'strasse'],
    ['GROẞE STRASSE', 'grosse-strasse'],
    // Decomposed umlauts (U+0308) are the same letters.
    ['Su\u0308dkorea', 'suedkorea'],
    // Other accents are dropped.
    ['Élysée', 'elysee'],
    ['François Hollande', 'francois-hollande'],
    ['Nguyễn Tấn Dũng', 'nguyen-tan-dung'],
    ['Recep Tayyip Erdoğan', 'recep-tayyip-erdogan'],
    ['İstanbul', 'istanbul'],
    ['Ștefan cel Mare', 'stefan-cel-mare'],
    ['Dvořák', 'dvorak'],
    ['Åland', 'aland'],
    ['Ἀθῆναι', 'αθηναι'],
    // Letters Unicode does not decompose.
    ['Łódź', 'lodz'],
    ['Søren Kierkegaard', 'soren-kierkegaard'],
    ['Novak Đoković', 'novak-dokovic'],
    ['Guðni Jóhannesson', 'gudni-johannesson'],
    ['Þingvellir', 'thingvellir'],
    ['Ærøskøbing', 'aeroskobing'],
    ['Œuvre', 'oeuvre'],
    ['Kırıkkale', 'kirikkale'],
    ['Ilham Əliyev', 'ilham-aliyev'],
    ['Paral·lel', 'parallel'],
    ['ﬁnance', 'finance'],
    // Other scripts keep their letters, and marks that belong to them.
    ['Андрей Иванов', 'андрей-иванов'],
    ['東京', '東京'],
    // Punctuation joins words once; nothing left gives a placeholder.
    ['  Kim -- Jong (Un)  ', 'kim-jong-un'],
    ['G7', 'g7'],
    ['  ', 'entity'],
    ['„…“', 'entity'],
  ];
  for (const [input, slug] of slugs) {
    it(`slugify ${input}`, () => {
      assert.equal(slugify(input), slug);
      assert.ok(isValidId(slug), `'${slug}' is a valid id`);
    });
  }

  const unique: [string, string[], string][] = [
    ['Putin', [], 'putin'],
    ['Putin', ['putin'], 'putin-2'],
    ['Putin', ['putin', 'putin-2'], 'putin-3'],
    ['Putin', ['putin', 'putin-3'], 'putin-2'],
    ['Wladimir Putin', ['putin'], 'wladimir-putin'],
    ['Müller', ['muller'], 'mueller'],
    ['Müller', ['mueller'], 'mueller-2'],
    ['„…“', ['entity'], 'entity-2'],
  ];
  for (const [name, taken, id] of unique) {
    it(`uniqueId ${name} among [${taken.join(', ')}]`, () => assert.equal(uniqueId(name, new Set(taken)), id));
  }

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
