/**
 * The Quotes view's requests in-process: the article's quotes grouped as unattributed,
 * anonymous, by speaker and terms, with ranges, labels and suggestions; the speakers the picker
 * offers for one of them; and the server's "mark as term" command, which writes the entry the
 * quick fix writes. The requests' wiring is tested over stdio in test/lsp/requests.test.ts.
 */

import * as assert from 'node:assert/strict';
import { quickFixes } from '../../server/src/core';
import { executeCommand, type CommandHost } from '../../server/src/features/commands';
import { quoteList, speakerChoices } from '../../server/src/features/quotes';
import { MARK_TERM_COMMAND, type QuoteList } from '../../server/src/protocol';
import { DEFAULT_SERVER_SETTINGS } from '../../server/src/settings';
import { NAME, TEXT, textAt } from '../support/kimSample';
import { analysePair, sidecarTargetOf, type Pair } from '../support/pair';
import { applyTextEdits, textDocumentEditsOf } from '../support/workspaceEdit';

const KIM = analysePair({ article: TEXT.article, sidecar: TEXT.sidecar, articleName: NAME.article });

/** Each group as `name (count)` with its quotes' labels and what the view shows beside them. */
function summary(list: QuoteList): string[] {
  return list.groups.flatMap((group) => [
    `${group.name} (${group.quotes.length})`,
    ...group.quotes.map(
      (quote) =>
        `  ${quote.label}${quote.suggestion ? ` → ${quote.suggestion.name}` : ''}${quote.term ? ' [term]' : ''}`,
    ),
  ]);
}

describe('quotes view', () => {
  it('groups the sample: unattributed with suggestions first, then the speaker, then the terms', () => {
    const list = quoteList(KIM.result, KIM.uris.article);
    assert.equal(list.article, KIM.uris.article);
    assert.deepEqual(summary(list), [
      'Unattributed (3)',
      '  „notwendig, noch mehr Betriebe für die Verarbeitung industri…“ → Wladimir Putin',
      '  „Gleichzeitig soll es aber nicht darum gehen, die Menschen,…“ → Wladimir Putin',
      '  „Das ist natürlich machbar, und wir werden es tun“ → Wladimir Putin',
      'Wladimir Putin (3)',
      '  „eine direkte Priorität für Russland als Ganzes für das gesa…“',
      '  „muss nicht nur über die Erschließung von Bodenschätzen gesp…“',
      '  „Was den Baikalsee und andere besonders geschützte Gebiete b…“',
      'Terms (1)',
      '  „ewige Präsident“ [term]',
    ]);
    const [unattributed, putin, terms] = list.groups;
    assert.deepEqual([unattributed.kind, putin.kind, terms.kind], ['unattributed', 'speaker', 'term']);
    assert.deepEqual(putin.speaker, { id: 'putin', name: 'Wladimir Putin' });
    const quote = unattributed.quotes[2];
    // The range covers the marks, the selection the words; the command finds the quote by both.
    assert.equal(textAt('article', quote.range), '„Das ist natürlich machbar, und wir werden es tun“');
    assert.equal(textAt('article', quote.selection), quote.text);
    assert.equal(TEXT.article.slice(quote.start, quote.start + 1), '„');
    assert.deepEqual(
      unattributed.quotes.map((q) => [q.unattributed, q.suggestion?.id]),
      [
        [true, 'putin'],
        [true, 'putin'],
        [true, 'putin'],
      ],
    );
    assert.ok(putin.quotes.every((q) => !q.unattributed && q.speaker?.id === 'putin' && !q.suggestion));
  });

  it('lists anonymous sources, entries that name no speaker, and no suggestion of an unknown name', () => {
    const pair = analysePair({
      article: [
        '"We will not comment on rumours," a spokesman said.',
        '',
        '"The talks are over," said Maria Lopez.',
        '',
        '"Nobody knows," Jones said.',
      ].join('\n'),
      sidecar: [
        'version: 1',
        'language: en',
        'entities:',
        '  lopez:',
        '    type: person',
        '    name: Maria Lopez',
        'quotes:',
        '  - text: We will not comment on rumours',
        '    anonymous: a spokesman',
      ].join('\n'),
      settings: { language: 'en' },
    });
    const list = quoteList(pair.result, pair.uris.article);
    assert.deepEqual(summary(list), [
      'Unattributed (2)',
      '  "The talks are over," → Maria Lopez',
      '  "Nobody knows,"',
      'Anonymous sources (1)',
      '  "We will not comment on rumours,"',
    ]);
    assert.equal(list.groups[1].quotes[0].anonymous, 'a spokesman');
  });

  it('offers the picker the speakers of the quick fix, the suggested one first; null for a stale quote', () => {
    const list = quoteList(KIM.result, KIM.uris.article);
    const quote = list.groups[0].quotes[0];
    const argument = { articleUri: KIM.uris.article, quoteStart: quote.start, quoteText: quote.text };
    const choices = speakerChoices(KIM.result, argument);
    assert.ok(choices);
    assert.deepEqual(
      { ...choices, candidates: choices.candidates.slice(0, 1).map((c) => c.id) },
      { ...argument, candidates: ['putin'] },
    );
    assert.ok(choices.candidates.every((c) => c.type === 'person' || c.type === 'organization'));
    assert.equal(speakerChoices(KIM.result, { ...argument, quoteText: 'something else' }), null);
    // An attributed quote is offered nothing: the view shows no "Attribute…" for it.
    const attributed = list.groups[1].quotes[0];
    assert.equal(
      speakerChoices(KIM.result, { ...argument, quoteStart: attributed.start, quoteText: attributed.text }),
      null,
    );
  });
});

/** A host with one pair, whose edits are recorded rather than applied. */
function pairHost(pair: Pair): CommandHost & { edits: { label: string; text: string }[] } {
  const edits: { label: string; text: string }[] = [];
  return {
    edits,
    analysisOf: () => Promise.resolve(pair.result),
    sideOf: () => 'article',
    sidecarTargetOf: () => sidecarTargetOf(pair),
    sidecarUnchanged: () => Promise.resolve(true),
    openText: () => undefined,
    pathOf: () => undefined,
    uriOf: (file) => `file://${file}`,
    exists: () => Promise.resolve(true),
    settingsFor: () => Promise.resolve(DEFAULT_SERVER_SETTINGS),
    canCreateFiles: true,
    applyEdit: (label, edit) => {
      const [change] = textDocumentEditsOf(edit);
      edits.push({ label, text: applyTextEdits(pair.text('sidecar'), change.edits) });
      return Promise.resolve({ applied: true });
    },
  };
}

describe('mark as term command', () => {
  it('writes the entry of the "Mark as term" quick fix for a quote found by its words', async () => {
    const host = pairHost(KIM);
    const quote = quoteList(KIM.result, KIM.uris.article).groups[0].quotes[2];
    const result = await executeCommand(host, MARK_TERM_COMMAND, {
      articleUri: KIM.uris.article,
      quoteStart: quote.start,
      quoteText: quote.text,
    });
    assert.deepEqual(result, { applied: true });
    const analysed = KIM.result.analysis.quotes.find((q) => q.outer.start === quote.start)!;
    const diagnostic = KIM.result.analysis.articleDiagnostics.find((d) => d.span.start === analysed.outer.start)!;
    const fix = quickFixes(KIM.text('sidecar'), KIM.result.analysis, diagnostic, false).find(
      (action) => action.title === 'Mark as term (not a quote)',
    )!;
    assert.equal(host.edits.length, 1);
    assert.equal(host.edits[0].label, 'Mark as term');
    assert.match(host.edits[0].text, /- text: Das ist natürlich machbar, und wir werden es tun\n\s+kind: term\n/u);
    // The same edit as the quick fix's.
    const fixed = fix.edits
      .slice()
      .sort((a, b) => b.start - a.start)
      .reduce((text, edit) => text.slice(0, edit.start) + edit.newText + text.slice(edit.end), KIM.text('sidecar'));
    assert.equal(host.edits[0].text, fixed);
  });

  it('refuses a quote that is gone or arguments that are not a quote', async () => {
    const host = pairHost(KIM);
    const gone = await executeCommand(host, MARK_TERM_COMMAND, {
      articleUri: KIM.uris.article,
      quoteStart: 0,
      quoteText: 'not in the article',
    });
    assert.match(gone.reason ?? '', /no longer there/u);
    const malformed = await executeCommand(host, MARK_TERM_COMMAND, { articleUri: KIM.uris.article });
    assert.match(malformed.reason ?? '', /needs an article and a quote/u);
    assert.deepEqual(host.edits, []);
  });
});
