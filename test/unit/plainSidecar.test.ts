/**
 * The direct reader for plain sidecars. Like the fast YAML path, it is only right if it is
 * invisible: wherever it reads a sidecar, parseSidecar must give exactly what it gives without
 * it (the model with every span, and every diagnostic); everywhere else it must give up.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSidecarWith, type ParsedSidecar } from '../../server/src/core';
import { readPlainSidecar } from '../../server/src/core/plainSidecar';
import { articlePathProblem, isValidId, isWebLink, SUPPORTED_VERSION } from '../../server/src/core/sidecar';
import { ANALYSIS_CASES, sidecarOf } from '../support/analysisCases';
import { parseMarkup } from '../support/markup';
import { SIDECAR_CASES } from '../support/sidecarCases';
import { YAML_TROUBLE } from '../support/yamlTrouble';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHECKS = { isValidId, isWebLink, articlePathProblem, supportedVersion: SUPPORTED_VERSION };

/** Everything parseSidecar promises, as comparable text. */
function summary(parsed: ParsedSidecar): string {
  const { entityById, ...rest } = parsed.sidecar;
  return JSON.stringify({ sidecar: rest, ids: [...entityById.keys()], diagnostics: parsed.diagnostics });
}

/** Asserts that the direct reader agrees with the other paths or gives up; returns which. */
function check(source: string): 'direct' | 'gave up' {
  const direct = readPlainSidecar(source, CHECKS);
  assert.equal(
    summary(parseSidecarWith(source)),
    summary(parseSidecarWith(source, { directPath: false })),
    `parseSidecar of ${JSON.stringify(source)}`,
  );
  return direct ? 'direct' : 'gave up';
}

/** A sidecar in the plain style that the direct reader is for. */
const PLAIN = `version: 1
language: de
article: kim-putin.txt
entities:
  putin:
    type: Person
    name: Wladimir Putin
    aliases: [Putin, "Präsident: Russlands", 'Wladimir W. Putin', 2024, "  "]
    description: Präsident Russlands, seit 2000
    wikidata: q7747
    links: ["https://www.kremlin.ru", https://example.org/a?b=c]
    caseSensitive: false
    note: "#1 im Text"
  wladiwostok:
    type: place
    name: Wladiwostok
    coordinates: [43.1155, -131.8855]
    aliases: []

quotes:
  - text: "Was den Baikalsee und andere"
    speaker: putin
    via: putin
    occurrence: 2
  -   text: ewige Präsident
      kind: term
  - text: 'Wir haben nichts zu verbergen'
    anonymous: ein Sprecher des Ministeriums
    note: 1.50
`;

describe('readPlainSidecar', () => {
  it('reads a sidecar in the plain style as parseSidecar does', () => {
    assert.equal(check(PLAIN), 'direct');
    // And without a final line break, and with the quote list at the left margin.
    assert.equal(check(PLAIN.trimEnd()), 'direct');
    const [head, list] = PLAIN.split('quotes:\n');
    const atMargin = list.replace(/^ {2}/gmu, '');
    assert.equal(check(`${head}quotes:\n${atMargin}`), 'direct');
  });

  it('reads a large generated sidecar directly, as the benchmark writes them', () => {
    const entities = Array.from(
      { length: 300 },
      (_, i) =>
        `  person-${i}:\n    type: person\n    name: Anna Berger${i}\n    aliases: ["Berger${i}", "A. Berger${i}", "Dr. Berger${i}"]\n`,
    );
    const quotes = Array.from(
      { length: 600 },
      (_, i) => `  - text: "Wir haben nichts zu verbergen ${i}"\n    speaker: person-${i % 300}\n`,
    );
    assert.equal(
      check(`version: 1\nlanguage: de\nentities:\n${entities.join('')}quotes:\n${quotes.join('')}`),
      'direct',
    );
  });

  it('gives up on every other style and on anything to report, and agrees where it does not', () => {
    const variants: Record<string, string> = {
      comment: PLAIN.replace('language: de', 'language: de # Deutsch'),
      'flow entity': PLAIN.replace(
        '  wladiwostok:\n    type: place\n',
        '  wladiwostok: {type: place}\n  x:\n    type: place\n',
      ),
      'block list': PLAIN.replace('aliases: []', 'aliases:\n      - Wladik'),
      escape: PLAIN.replace('"Was den Baikalsee', '"Was den \\"Baikalsee'),
      'unknown key': PLAIN.replace('    wikidata: q7747', '    wikidate: Q7747'),
      'no version': PLAIN.replace('version: 1\n', ''),
      'other version': PLAIN.replace('version: 1', 'version: 2'),
      'unknown speaker': PLAIN.replace('speaker: putin', 'speaker: putn'),
      'no speaker': PLAIN.replace('    anonymous: ein Sprecher des Ministeriums\n', ''),
      'duplicate id': PLAIN.replace('  wladiwostok:', '  putin:'),
      'number as id': PLAIN.replace('  wladiwostok:', '  2024:'),
      'empty value': PLAIN.replace('description: Präsident Russlands, seit 2000', 'description:'),
      'CRLF line ends': PLAIN.replace(/\n/gu, '\r\n'),
      'coordinates out of range': PLAIN.replace('43.1155', '93.1155'),
      'a boolean as name': PLAIN.replace('name: Wladiwostok', 'name: true'),
      'a link that is not one': PLAIN.replace('https://example.org/a?b=c', 'example.org'),
    };
    for (const [name, yaml] of Object.entries(variants)) {
      // The place as speaker is a diagnostic from the references, which the reader leaves to
      // parseSidecar: it reads the sidecar and the diagnostic still comes.
      assert.equal(check(yaml), name === 'unknown speaker' ? 'direct' : 'gave up', name);
    }
  });

  it('agrees with parseSidecar on every fixture and sample', () => {
    const sources = [
      ...SIDECAR_CASES.map((testCase) => parseMarkup(testCase.yaml).text),
      ...ANALYSIS_CASES.map(sidecarOf),
      ...fs
        .readdirSync(path.join(ROOT, 'samples'))
        .filter((file) => file.endsWith('.ann.yaml'))
        .map((file) => fs.readFileSync(path.join(ROOT, 'samples', file), 'utf8')),
    ];
    for (const source of sources) {
      check(source);
      // Without comments, most samples are in the plain style.
      check(source.replace(/^\s*#.*\n/gmu, '').replace(/ +#.*$/gmu, ''));
    }
  });

  it('agrees with parseSidecar on plain sidecars with troublemakers spliced in', () => {
    let direct = 0;
    const trouble = fc.constantFrom(...YAML_TROUBLE, 'true', 'null', '1e3', '0x1F', ': x', '  ', '\n  ', '\n    ');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(PLAIN.length), trouble), { maxLength: 3 }), (splices) => {
        let yaml = PLAIN;
        for (const [at, piece] of splices) yaml = yaml.slice(0, at) + piece + yaml.slice(at);
        if (check(yaml) === 'direct') direct++;
      }),
      { seed: 23, numRuns: 3000 },
    );
    // The splices must leave many sidecars to the direct reader, or the test would prove little.
    assert.ok(direct > 300, `${direct} of 3000 read directly`);
  });

  it('agrees with parseSidecar on random plain sidecars', () => {
    let direct = 0;
    const word = fc.constantFrom(
      'Anna',
      'Berger',
      'ß',
      'Ölk',
      '1',
      '2.50',
      'true',
      'null',
      'a:b',
      'x y',
      '😀',
      '-',
      '#',
    );
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
    const scalar = fc.oneof(
      text,
      text.map((t) => JSON.stringify(t)),
      text.map((t) => `'${t}'`),
    );
    // Entities with a type and a name (or, now and then, not), and other keys at most once each.
    const entity = fc.record({
      id: fc.constantFrom('a', 'b-c', 'd.e', 'ä', 'null', '1'),
      fields: fc
        .tuple(
          fc.constantFrom('type: person', 'type: place', 'type: 1x', ''),
          scalar.map((s) => `name: ${s}`),
          fc.subarray(['caseSensitive: false', 'wikidata: Q12', 'coordinates: [1.5, 2]', 'links: [https://a.b/c]']),
          fc.option(scalar.map((s) => `description: ${s}`)),
          fc.option(fc.array(scalar, { maxLength: 3 }).map((items) => `aliases: [${items.join(', ')}]`)),
        )
        .map(([type, name, more, description, aliases]) =>
          [type, name, ...more, description ?? '', aliases ?? ''].filter((field) => field !== ''),
        ),
    });
    const quote = fc.record({
      text: scalar,
      rest: fc.subarray(['speaker: a', 'speaker: b-c', 'kind: term', 'anonymous: x', 'occurrence: 2'], {
        minLength: 1,
        maxLength: 2,
      }),
    });
    fc.assert(
      fc.property(
        fc.array(entity, { maxLength: 4 }),
        fc.array(quote, { maxLength: 3 }),
        fc.constantFrom(2, 4),
        fc.boolean(),
        (entities, quotes, indent, blankLines) => {
          const pad = ' '.repeat(indent);
          const gap = blankLines ? '\n' : '';
          const yaml =
            'version: 1\nentities:\n' +
            entities.map((e) => `${pad}${e.id}:\n${e.fields.map((f) => `${pad}${pad}${f}\n`).join(gap)}`).join(gap) +
            'quotes:\n' +
            quotes.map((q) => `${pad}- text: ${q.text}\n${q.rest.map((r) => `${pad}  ${r}\n`).join('')}`).join(gap);
          if (check(yaml) === 'direct') direct++;
        },
      ),
      { seed: 29, numRuns: 3000 },
    );
    assert.ok(direct > 300, `${direct} of 3000 read directly`);
  });
});
