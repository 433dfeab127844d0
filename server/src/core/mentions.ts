/**
 * Mention matching: every place in the article where an entity's name or one of its aliases
 * appears, including inflected forms such as the German genitive "Putins" or English "Putin’s".
 */

import { PatternMatcher } from './ahoCorasick';
import { FoldedText, foldPattern } from './fold';
import type { LanguageProfile } from './languages';
import type { Entity } from './sidecar';
import { codePointAt, codePointBefore, isWordChar, type Span } from './text';

export interface Mention {
  span: Span;
  text: string;
  entity: string;
  type: string;
  /** Which surface form matched: the name or an alias (its index in `aliases`). */
  form: 'name' | number;
  /** The ending after the form, such as `s` in "Putins"; empty when uninflected. */
  suffix: string;
}

export interface MentionOptions {
  inflection: boolean;
}

interface SurfaceForm {
  entity: Entity;
  form: 'name' | number;
  endsInSibilant: boolean;
}

/**
 * A compiled set of surface forms, reusable across article versions as long as the entities
 * are the same.
 */
export class MentionMatcher {
  private readonly sensitive: { matcher: PatternMatcher; forms: SurfaceForm[] };
  private readonly insensitive: { matcher: PatternMatcher; forms: SurfaceForm[] } | undefined;
  /** Surface forms that more than one entity uses, for the `shared-alias` hint. */
  readonly sharedForms: { text: string; entities: string[] }[] = [];

  /** Definition order of the entities, which breaks ties between equal matches. */
  private readonly order = new Map<string, number>();

  constructor(entities: readonly Entity[]) {
    entities.forEach((entity, i) => this.order.set(entity.id, i));
    this.sensitive = compile(
      entities.filter((e) => e.caseSensitive),
      false,
      this.sharedForms,
    );
    const insensitive = entities.filter((e) => !e.caseSensitive);
    this.insensitive = insensitive.length ? compile(insensitive, true, this.sharedForms) : undefined;
  }

  /**
   * Finds the mentions in `text`, leftmost-longest: where forms overlap, the one that starts
   * first wins, and of those the longest ("Kim Il Sung" over "Kim").
   */
  find(text: string, language: LanguageProfile, options: MentionOptions, folded?: FoldedText): Mention[] {
    // Candidates are kept as numbers until the overlapping ones are weeded out: about half of
    // the raw matches are forms inside longer ones ("Putin" in "Wladimir Putin"), and making
    // objects only for the winners halves the garbage.
    const starts: number[] = [];
    const ends: number[] = [];
    const suffixLengths: number[] = [];
    const forms: SurfaceForm[] = [];
    const scan = (compiled: { matcher: PatternMatcher; forms: SurfaceForm[] }, foldedText: FoldedText): void => {
      compiled.matcher.search(foldedText, (pattern, start, end) => {
        const span = foldedText.originalSpan(start, end);
        const form = compiled.forms[pattern];
        const suffixLength = this.accept(text, span, form, language, options);
        if (suffixLength < 0) return;
        starts.push(span.start);
        ends.push(span.end + suffixLength);
        suffixLengths.push(suffixLength);
        forms.push(form);
      });
    };
    scan(this.sensitive, folded ?? FoldedText.of(text, false));
    if (this.insensitive) scan(this.insensitive, FoldedText.of(text, true));
    // Where a case-sensitive and a case-insensitive form match the same words, the entity
    // defined first wins, as it does for forms shared within one kind.
    const order = Array.from(starts.keys()).sort(
      (a, b) =>
        starts[a] - starts[b] ||
        ends[b] - ends[a] ||
        this.order.get(forms[a].entity.id)! - this.order.get(forms[b].entity.id)!,
    );
    const mentions: Mention[] = [];
    let coveredUntil = -1;
    for (const k of order) {
      if (starts[k] < coveredUntil) continue;
      const form = forms[k];
      const start = starts[k];
      const end = ends[k];
      mentions.push({
        span: { start, end },
        text: text.slice(start, end),
        entity: form.entity.id,
        type: form.entity.type,
        form: form.form,
        suffix: text.slice(end - suffixLengths[k], end),
      });
      coveredUntil = end;
    }
    return mentions;
  }

  /**
   * Checks word boundaries around a raw match and looks for an inflection ending: the length
   * of the ending (0 for none), or -1 when the match is no mention.
   */
  private accept(
    text: string,
    span: Span,
    form: SurfaceForm,
    language: LanguageProfile,
    options: MentionOptions,
  ): number {
    // Whole words only, whatever the form starts or ends with: "U.S." is not in "U.S.A".
    if (isWordChar(codePointBefore(text, span.start))) return -1;
    const end = span.end;
    if (isWordChar(codePointAt(text, end))) {
      if (!options.inflection) return -1;
      const suffix = matchSuffix(text, end, language.nameSuffixes, !form.entity.caseSensitive);
      return suffix ? suffix.length : -1;
    }
    if (!options.inflection) return 0;
    // Apostrophe endings start with a non-word character: "Putin’s", "Kurz’".
    const suffix =
      matchSuffix(text, end, language.nameSuffixes, !form.entity.caseSensitive) ||
      (form.endsInSibilant ? matchSuffix(text, end, language.sibilantSuffixes, false) : '');
    return suffix.length;
  }
}

/** The first of `suffixes` found at `offset` that is followed by a word boundary. */
function matchSuffix(text: string, offset: number, suffixes: readonly string[], ignoreCase: boolean): string {
  for (const suffix of suffixes) {
    if (!startsWithFolded(text, offset, suffix, ignoreCase)) continue;
    if (isWordChar(codePointAt(text, offset + suffix.length))) continue;
    return text.slice(offset, offset + suffix.length);
  }
  return '';
}

/** Whether `text` at `offset` reads `expected`, treating ’ and ' as the same. */
function startsWithFolded(text: string, offset: number, expected: string, ignoreCase: boolean): boolean {
  if (offset + expected.length > text.length) return false;
  for (let i = 0; i < expected.length; i++) {
    let a = text.charCodeAt(offset + i);
    const b = expected.charCodeAt(i);
    // Suffixes are ASCII letters and apostrophes, so lower-casing ASCII is enough.
    if (ignoreCase && a >= 65 && a <= 90) a += 32;
    if (a !== b && !(isApostrophe(a) && isApostrophe(b))) return false;
  }
  return true;
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x02bc;
}

function compile(
  entities: readonly Entity[],
  ignoreCase: boolean,
  shared: { text: string; entities: string[] }[],
): { matcher: PatternMatcher; forms: SurfaceForm[] } {
  const patternIndex = new Map<string, number>();
  const patterns: string[] = [];
  const forms: SurfaceForm[] = [];
  const sharedByPattern = new Map<number, { text: string; entities: string[] }>();
  for (const entity of entities) {
    const surfaces: [string, 'name' | number][] = [];
    if (entity.name) surfaces.push([entity.name.text, 'name']);
    entity.aliases.forEach((alias, i) => surfaces.push([alias.text, i]));
    for (const [surface, form] of surfaces) {
      const pattern = foldPattern(surface, ignoreCase);
      if (!pattern) continue;
      const index = patternIndex.get(pattern);
      if (index !== undefined) {
        // Where two entities share a form, the one defined first takes the mention and the
        // sidecar gets a hint; the same entity listing a form twice is simply redundant.
        const owner = forms[index].entity.id;
        if (owner === entity.id) continue;
        const group = sharedByPattern.get(index) ?? { text: surface, entities: [owner] };
        if (!group.entities.includes(entity.id)) group.entities.push(entity.id);
        if (!sharedByPattern.has(index)) {
          sharedByPattern.set(index, group);
          shared.push(group);
        }
        continue;
      }
      patternIndex.set(pattern, patterns.length);
      patterns.push(pattern);
      forms.push({
        entity,
        form,
        endsInSibilant: /[sxzß]$/iu.test(pattern),
      });
    }
  }
  return { matcher: new PatternMatcher(patterns), forms };
}
