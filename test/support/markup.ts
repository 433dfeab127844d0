/**
 * Fixture markup: test articles mark expected spans inline, so that a fixture reads like the
 * text it tests and every expected offset is checked exactly.
 *
 * - `⟦` and `⟧` enclose an expected span (they nest);
 * - `‼` marks the position of the character after it (an unbalanced quotation mark);
 * - `$0` marks a cursor position.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Markup {
  text: string;
  /** Spans in the order their opening markers appear. */
  spans: Span[];
  /** Offsets marked with `‼`. */
  flags: number[];
  /** The offset marked with `$0`, or -1. */
  cursor: number;
}

export function parseMarkup(marked: string): Markup {
  let text = '';
  const spans: Span[] = [];
  const open: number[] = [];
  const flags: number[] = [];
  let cursor = -1;
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i];
    if (c === '⟦') {
      open.push(spans.length);
      spans.push({ start: text.length, end: -1 });
    } else if (c === '⟧') {
      const index = open.pop();
      if (index === undefined) throw new Error(`Unbalanced ⟧ in fixture: ${marked}`);
      spans[index].end = text.length;
    } else if (c === '‼') {
      flags.push(text.length);
    } else if (c === '$' && marked[i + 1] === '0') {
      cursor = text.length;
      i++;
    } else {
      text += c;
    }
  }
  if (open.length) throw new Error(`Unclosed ⟦ in fixture: ${marked}`);
  return { text, spans, flags, cursor };
}

/** Shows the spans of `text` with markers, for readable assertion failures. */
export function showSpans(text: string, spans: readonly Span[]): string {
  const inserts: { at: number; mark: string }[] = [];
  for (const span of spans) {
    inserts.push({ at: span.start, mark: '⟦' }, { at: span.end, mark: '⟧' });
  }
  inserts.sort((a, b) => b.at - a.at || (a.mark === '⟦' ? -1 : 1));
  let out = text;
  for (const insert of inserts) out = out.slice(0, insert.at) + insert.mark + out.slice(insert.at);
  return out;
}
