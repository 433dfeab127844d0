/**
 * What the "Annotate as …" picker offers for selected words: the name a new entity would get,
 * the entity the words already name (so that Enter does not create a duplicate), and the
 * entities of the chosen type the words could become an alias of.
 */

import type { Analysis } from '../analyze';
import type { Entity } from '../sidecar/sidecar';
import { collapseWhitespace, type Span } from '../text/text';

export interface AnnotationChoices {
  /** The name a new entity would get: the words without a possessive or genitive ending. */
  name: string;
  /**
   * The entity the words name already: `mention` when the engine finds them as its mention (or
   * they are its name or an alias), so there is nothing to do; `surname` when they are the
   * last word of its name, so they would become its alias.
   */
  existing?: { entity: string; how: 'mention' | 'surname' };
  /** The entities of the chosen type, the one the words name first. */
  sameType: Entity[];
}

/** Possessive endings, stripped from any name: "Clinton's", "Kurz’". */
const POSSESSIVE = /(?:['’]s|s['’]|['’])$/u;

/**
 * The name selected words give: without a possessive ending, and in German without a genitive
 * -s or -es where the article uses the name without it too ("Putins", when "Putin" stands
 * elsewhere; "Hans" stays Hans).
 */
export function nameOfWords(words: string, analysis: Analysis): string {
  const name = collapseWhitespace(words).trim();
  const possessive = name.replace(POSSESSIVE, (ending) => (ending.startsWith('s') ? 's' : ''));
  if (possessive !== name) return possessive.trim();
  if (analysis.language !== 'de') return name;
  for (const ending of ['es', 's']) {
    if (!name.endsWith(ending) || name.length - ending.length < 3) continue;
    const stem = name.slice(0, -ending.length);
    if (standsAlone(analysis.article, stem)) return stem;
  }
  return name;
}

/** Whether `word` appears in `text` as whole words, not followed by a letter. */
function standsAlone(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text[at - 1] : ' ';
    const after = text[at + word.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

function lower(text: string): string {
  return text.toLocaleLowerCase();
}

/** The choices for annotating the words at `span` as an entity of `type`. */
export function annotationChoices(analysis: Analysis, span: Span, type: string): AnnotationChoices {
  const words = analysis.article.slice(span.start, span.end);
  const name = nameOfWords(words, analysis);
  const entities = analysis.entities.all();
  const byId = (id: string): Entity | undefined => analysis.entities.get(id);
  let existing: AnnotationChoices['existing'];
  // A mention the selection lies in: the engine finds these words already.
  const mention = analysis.mentions.find((m) => m.span.start <= span.start && span.end <= m.span.end);
  if (mention && byId(mention.entity)) existing = { entity: mention.entity, how: 'mention' };
  if (!existing) {
    const wanted = lower(name);
    const named = entities.find(
      (entity) =>
        (entity.name && lower(entity.name.text) === wanted) ||
        entity.aliases.some((alias) => lower(alias.text) === wanted),
    );
    if (named) existing = { entity: named.id, how: 'mention' };
  }
  if (!existing && !/\s/u.test(name)) {
    const wanted = lower(name);
    const surnamed = entities.find((entity) => {
      const parts = entity.name?.text.split(/\s+/u) ?? [];
      return entity.type === type && parts.length > 1 && lower(parts[parts.length - 1]) === wanted;
    });
    if (surnamed) existing = { entity: surnamed.id, how: 'surname' };
  }
  const first = existing?.entity;
  const sameType = entities
    .filter((entity) => entity.type === type || entity.id === first)
    .sort((a, b) => Number(b.id === first) - Number(a.id === first));
  return { name, ...(existing ? { existing } : {}), sameType };
}
