/**
 * Completion in the sidecar, in process, as the editor receives it: entity ids after `speaker:`
 * and `via:`, types after `type:`, keys with their colon and documentation. Each case is the
 * German sample's sidecar with `$0` at the cursor. The engine's rules are tested in
 * test/unit/completion.test.ts, the handler's wiring over stdio in test/lsp/navigation.test.ts.
 */

import * as assert from 'node:assert/strict';
import { CompletionItemKind } from 'vscode-languageserver-protocol/node';
import { completions } from '../../server/src/features/navigation';
import { analysePair } from '../support/pair';
import { KIM_ARTICLE, KIM_SIDECAR, replaceOnce } from '../support/samples';
import { parseSidecarYaml } from '../support/sidecarYaml';

interface CompletionCase {
  name: string;
  /** The sidecar with `$0` at the cursor. */
  sidecar: string;
  /** The labels offered, in order. */
  labels: string[];
  kind?: CompletionItemKind;
}

const GERMAN_IDS = Object.keys(parseSidecarYaml(KIM_SIDECAR).entities);
const GERMAN_PLACES = Object.entries(parseSidecarYaml(KIM_SIDECAR).entities)
  .filter(([, entity]) => entity.type === 'place')
  .map(([id]) => id);
/** Ids as `speaker:` and `via:` offer them: people, organizations, other types, places last. */
const SPEAKER_ORDER = [
  'putin',
  'kim-jong-un',
  'kim-il-sung',
  'kim-jong-il',
  'peskow',
  'tass',
  'dpa',
  'arbeiterpartei',
  'eastern-economic-forum',
  ...GERMAN_PLACES,
];
const NEW_ENTRY = '  - text: ewige Präsident\n    kind: term\n';

function sidecarWith(search: string, replacement: string): string {
  return replaceOnce(KIM_SIDECAR, search, replacement);
}

const COMPLETIONS: CompletionCase[] = [
  {
    name: 'speaker: offers entity ids, people first',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: $0\n`),
    labels: SPEAKER_ORDER,
    kind: CompletionItemKind.Reference,
  },
  {
    name: 'speaker: with a word typed',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: pu$0\n`),
    labels: SPEAKER_ORDER,
  },
  {
    name: 'via: offers entity ids',
    sidecar: sidecarWith(
      NEW_ENTRY,
      `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    speaker: putin\n    via: $0\n`,
    ),
    labels: SPEAKER_ORDER,
  },
  {
    name: 'type: offers the well-known types and the sidecar’s own',
    sidecar: sidecarWith('  japan:\n    type: place\n', '  japan:\n    type: $0\n'),
    labels: ['person', 'place', 'organization', 'document', 'event'],
    kind: CompletionItemKind.EnumMember,
  },
  {
    name: 'a key in an entity',
    sidecar: sidecarWith('    wikidata: Q7747\n', '    wikidata: Q7747\n    $0\n'),
    labels: [
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
    ],
    kind: CompletionItemKind.Property,
  },
  {
    name: 'a key in a quote entry',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - text: Das ist natürlich machbar\n    $0\n`),
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
    kind: CompletionItemKind.Property,
  },
  {
    name: 'a key of a new quote entry, after its dash',
    sidecar: sidecarWith(NEW_ENTRY, `${NEW_ENTRY}  - $0\n`),
    labels: ['text', 'speaker', 'via', 'kind', 'anonymous', 'occurrence', 'note'],
  },
  {
    name: 'a top-level key',
    sidecar: sidecarWith('version: 1\n', '$0\nversion: 1\n'),
    labels: ['version', 'language', 'article', 'meta', 'entities', 'quotes'],
    kind: CompletionItemKind.Property,
  },
  { name: 'nothing inside a name', sidecar: sidecarWith('name: Wladimir Putin', 'name: Wladi$0mir Putin'), labels: [] },
  { name: 'nothing in a comment', sidecar: sidecarWith('# Annotations for', '# Annota$0tions for'), labels: [] },
];

describe('completion in the sidecar', () => {
  for (const c of COMPLETIONS) {
    it(c.name, () => {
      const pair = analysePair({ article: KIM_ARTICLE, sidecar: c.sidecar, articleName: 'kim-putin.txt' });
      const { items, isIncomplete } = completions(pair.result, pair.text('sidecar'), pair.markup.sidecar.cursor);
      assert.equal(isIncomplete, false);
      assert.deepEqual(
        items.map((item) => item.label),
        c.labels,
      );
      for (const item of items) {
        if (c.kind !== undefined) assert.equal(item.kind, c.kind, item.label);
        if (item.kind === CompletionItemKind.Property) {
          // Keys come with their colon and a line of documentation.
          assert.equal(item.insertText, `${item.label}: `);
          assert.ok(item.documentation, `documentation for ${item.label}`);
        }
        if (item.kind === CompletionItemKind.Reference) assert.ok(GERMAN_IDS.includes(item.label));
      }
    });
  }
});
