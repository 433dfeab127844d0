/**
 * Short names inside longer ones: the alias "Obama" of Barack Obama also matches in "Michelle
 * Obama", and "Clinton" of Hillary Clinton in "Bill Clinton's". Such a match is not given to the
 * entity; it is reported instead, so that the user creates the other person or adds the longer
 * name as an alias.
 *
 * Only people are checked, and only their aliases that are the last words of their name (a
 * given name may come before: "Michelle Obama") or the first ones (more words may follow: "Kim
 * Yo Jong" for the alias "Kim" of Kim Jong Un). A title or role word before a name ("Präsident
 * Obama", "US-Präsident Obama", "Kanzlerin Merkel", "Senator Clinton"), a word that starts a
 * sentence only ("Auch Obama", "Laut Peskow"), a noun after a determiner ("der Machthaber Kim"),
 * an abbreviation ("SPD Scholz"), and words of the entity's own names ("Wladimir Putin" with the
 * name "Wladimir Wladimirowitsch Putin") are no other person. A German genitive ("Sprecher
 * Putins") is mostly a noun governing the name, so it is not checked for words before it.
 *
 * Each mention looks at a few words on either side, so the check is linear in the article.
 */

import type { Mention } from './mentions';
import type { Entity } from '../sidecar/sidecar';
import type { LanguageProfile } from '../text/languages';
import { derivedPer } from '../text/memo';
import { codePointAt, codePointBefore, isUpperCaseLetter, isWordChar, type Span } from '../text/text';

export interface AmbiguousName {
  /** The longer name in the article, without an inflection ending. */
  span: Span;
  /** Its words, with single spaces between them. */
  name: string;
  /** The entity whose shorter form matched inside it. */
  entity: string;
  /** The form that matched, as the sidecar writes it. */
  form: string;
}

/** Words a longer name takes at most on either side of the form. */
const MAX_EXTRA_WORDS = 3;
/** Words longer than this are not looked at: no name has them, and the walk stays bounded. */
const MAX_WORD_LENGTH = 40;

const CHECK_BEFORE = 1;
const CHECK_AFTER = 2;

/** What is checked of a list's people, by id. */
export type AmbiguityChecks = ReadonlyMap<string, EntityChecks>;

interface EntityChecks {
  /** Per form (the name at index 0, alias i at i + 1): which sides are checked. */
  forms: Uint8Array;
  /** The lower-case words of the entity's name and aliases. */
  words: Set<string>;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s-]+/u)
    .filter((word) => word !== '');
}

/**
 * What is checked of each person's forms in `entities`: the analysis keeps it per list of
 * entities (a sidecar's, a registry chain's) and lists alike in names.
 */
export function ambiguityChecksFor(entities: readonly Entity[]): AmbiguityChecks {
  const checks = new Map<string, EntityChecks>();
  for (const entity of entities) {
    if (entity.type !== 'person' || !entity.name || checks.has(entity.id)) continue;
    const forms = formChecks(entity);
    if (!forms.some((bits) => bits !== 0)) continue;
    const words = new Set(wordsOf(entity.name.text));
    for (const alias of entity.aliases) for (const word of wordsOf(alias.text)) words.add(word);
    checks.set(entity.id, { forms, words });
  }
  return checks;
}

function formChecks(entity: Entity): Uint8Array {
  const name = wordsOf(entity.name!.text);
  const forms = new Uint8Array(entity.aliases.length + 1);
  entity.aliases.forEach((alias, i) => {
    const form = wordsOf(alias.text);
    if (form.length === 0 || form.length >= name.length) return;
    const ends = form.every((word, k) => name[name.length - form.length + k] === word);
    const begins = form.every((word, k) => name[k] === word);
    forms[i + 1] = (ends ? CHECK_BEFORE : 0) | (begins ? CHECK_AFTER : 0);
  });
  return forms;
}

/**
 * The mentions that stand for their entity, and the ones inside a longer name, which do not.
 * `mentions` is in text order; the mentions kept are too.
 */
export function separateAmbiguousMentions(
  text: string,
  mentions: Mention[],
  checkLists: readonly AmbiguityChecks[],
  profile: LanguageProfile,
): { mentions: Mention[]; ambiguous: AmbiguousName[] } {
  // The lists nearest first (a sidecar's, then its registries'; see `ambiguityChecksFor`): an id
  // takes its checks from the first list that has it.
  const lists = checkLists.filter((checks) => checks.size > 0);
  if (lists.length === 0) return { mentions, ambiguous: [] };
  const checks = lists.length === 1 ? lists[0] : { get: (id: string) => lists.find((list) => list.has(id))?.get(id) };
  const context: Context = {
    text,
    notNames: notNameWordsOf(profile),
    titles: titlesOf(profile),
    previousEnd: 0,
    nextStart: text.length,
    determiners: profile.determiners,
    german: profile.code === 'de',
  };
  // The mentions kept, copied only once one is not: most articles have none to leave out.
  let kept: Mention[] | undefined;
  const ambiguous: AmbiguousName[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const mention = mentions[i];
    const form = mention.form;
    // Names are not checked, and most aliases have no capitalised word one space away: a few
    // code units rule them out before the entity is looked up.
    const { start, end } = mention.span;
    const spaceBefore = isOneSpace(text.charCodeAt(start - 1)) && isWordChar(text.charCodeAt(start - 2));
    const spaceAfter = isOneSpace(text.charCodeAt(end)) && isUpperCaseLetter(codePointAt(text, end + 1));
    const entity = typeof form === 'number' && (spaceBefore || spaceAfter) ? checks.get(mention.entity) : undefined;
    const bits = entity ? entity.forms[(form as number) + 1] : 0;
    const before =
      spaceBefore &&
      (bits & CHECK_BEFORE) !== 0 &&
      !(mention.suffix !== '' && context.german && isWordChar(mention.suffix.charCodeAt(0)));
    const after = spaceAfter && (bits & CHECK_AFTER) !== 0 && mention.suffix === '';
    const name = entity && (before || after) ? longerName(context, mentions, i, entity, before, after) : undefined;
    if (!name) {
      kept?.push(mention);
      continue;
    }
    kept ??= mentions.slice(0, i);
    ambiguous.push(name);
  }
  return { mentions: kept ?? mentions, ambiguous };
}

/** The longer name around mention `i`, when it names someone else; undefined when it does not. */
function longerName(
  context: Context,
  mentions: readonly Mention[],
  i: number,
  entity: EntityChecks,
  checkBefore: boolean,
  checkAfter: boolean,
): AmbiguousName | undefined {
  const { text } = context;
  const mention = mentions[i];
  context.previousEnd = i > 0 ? mentions[i - 1].span.end : 0;
  context.nextStart = i + 1 < mentions.length ? mentions[i + 1].span.start : text.length;
  const before = checkBefore ? wordsBefore(context, mention.span.start) : [];
  let after = checkAfter ? wordsAfter(context, mention.span.end) : [];
  // German capitalises nouns, and an object often follows a name ("dass Kim Raketen testen
  // ließ"): there only two words or a hyphenated one ("Kim Yo Jong", "Kim Yo-jong") name someone.
  if (context.german && after.length === 1 && !text.slice(after[0].start, after[0].end).includes('-')) after = [];
  if (before.length === 0 && after.length === 0) return undefined;
  if (
    before.every((word) => isOwnWord(text, word, entity.words)) &&
    after.every((word) => isOwnWord(text, word, entity.words))
  ) {
    return undefined;
  }
  const span = {
    start: before.length > 0 ? before[before.length - 1].start : mention.span.start,
    end: after.length > 0 ? after[after.length - 1].end : mention.span.end - mention.suffix.length,
  };
  return {
    span,
    name: text.slice(span.start, span.end).replace(/\s+/gu, ' '),
    entity: mention.entity,
    form: text.slice(mention.span.start, mention.span.end - mention.suffix.length),
  };
}

interface Context {
  text: string;
  notNames: Set<string>;
  titles: (word: string) => boolean;
  /** Where the mention before ends: words up to there belong to it. */
  previousEnd: number;
  /** Where the mention after starts. */
  nextStart: number;
  determiners: readonly string[];
  german: boolean;
}

/** Whether a word of a longer name is one of the entity's own, or an initial ("H."). */
function isOwnWord(text: string, word: Span, own: Set<string>): boolean {
  const written = text.slice(word.start, word.end);
  if (/^\p{Lu}\.$/u.test(written)) return true;
  return wordsOf(written).every((part) => own.has(part));
}

/** Whether the separator before `end` is one space (or a no-break space) on the same line. */
function isOneSpace(code: number): boolean {
  return code === 32 || code === 0xa0 || code === 0x202f;
}

/**
 * The name words right before `start`, nearest first: capitalised words, each one space from the
 * next, that are no title, no word that starts sentences and no noun after a determiner.
 */
function wordsBefore(context: Context, start: number): Span[] {
  const { text } = context;
  const words: Span[] = [];
  let pos = start;
  while (words.length < MAX_EXTRA_WORDS) {
    if (pos < 2 || !isOneSpace(text.charCodeAt(pos - 1))) break;
    const word = wordEndingAt(text, pos - 1);
    // A word in lower case, the most common, is told before it is sliced out of the text.
    if (!word || word.start < context.previousEnd || !isUpperCaseLetter(codePointAt(text, word.start))) break;
    // Whatever is no name word ends the name: a title ("Präsident Michelle Obama"), a word that
    // starts the sentence ("Auch Michelle Obama"), a word in lower case.
    if (!isNameWord(context, text.slice(word.start, word.end))) break;
    words.push(word);
    pos = word.start;
  }
  if (words.length > 0 && followsDeterminer(context, words[words.length - 1].start)) return [];
  return words;
}

/** The name words right after `end`, nearest first. */
function wordsAfter(context: Context, end: number): Span[] {
  const { text } = context;
  const words: Span[] = [];
  let pos = end;
  while (words.length < MAX_EXTRA_WORDS) {
    if (!isOneSpace(text.charCodeAt(pos))) break;
    const word = wordStartingAt(text, pos + 1);
    if (!word || word.end > context.nextStart) break;
    if (!isNameWord(context, text.slice(word.start, word.end))) break;
    words.push(word);
    pos = word.end;
  }
  return words;
}

/** A capitalised word that may be part of a person's name. */
function isNameWord(context: Context, written: string): boolean {
  if (!isUpperCaseLetter(codePointAt(written, 0))) return false;
  // An abbreviation ("US", "SPD", "CDU") labels a name; it is not part of one.
  if (written.length >= 2 && written === written.toUpperCase()) return false;
  const lower = written.toLowerCase();
  return !context.notNames.has(lower) && !context.titles(written);
}

/** Whether a determiner stands right before the word at `start`: "der Machthaber Kim". */
function followsDeterminer(context: Context, start: number): boolean {
  const { text } = context;
  if (start < 2 || !isOneSpace(text.charCodeAt(start - 1))) return false;
  const word = wordEndingAt(text, start - 1);
  return word !== undefined && context.determiners.includes(text.slice(word.start, word.end).toLowerCase());
}

/** The word (letters, digits, inner hyphens) that ends at `end`, or an initial ("H."). */
function wordEndingAt(text: string, end: number): Span | undefined {
  if (text.charCodeAt(end - 1) === 46) {
    const letter = codePointBefore(text, end - 1);
    const start = end - 1 - (letter > 0xffff ? 2 : 1);
    return isUpperCaseLetter(letter) && !isWordChar(codePointBefore(text, start)) ? { start, end } : undefined;
  }
  let start = end;
  while (end - start <= MAX_WORD_LENGTH) {
    const before = codePointBefore(text, start);
    if (isWordChar(before)) start -= before > 0xffff ? 2 : 1;
    else if (before === 45 && start < end && isWordChar(codePointBefore(text, start - 1))) start--;
    else break;
  }
  if (start === end || end - start > MAX_WORD_LENGTH) return undefined;
  return { start, end };
}

/** The word (letters, digits, inner hyphens) that starts at `start`. */
function wordStartingAt(text: string, start: number): Span | undefined {
  let end = start;
  while (end - start <= MAX_WORD_LENGTH) {
    const code = codePointAt(text, end);
    if (isWordChar(code)) end += code > 0xffff ? 2 : 1;
    else if (code === 45 && end > start && isWordChar(codePointAt(text, end + 1))) end++;
    else break;
  }
  if (end === start || end - start > MAX_WORD_LENGTH) return undefined;
  return { start, end };
}

/**
 * Capitalised words that are not part of a name before or after one: the profile's function
 * words (which a sentence start capitalises) and a few more of the same kind.
 */
const notNameWordsOf = derivedPer((profile: LanguageProfile): Set<string> => {
  const words = new Set<string>();
  const add = (list: readonly string[]): void => {
    for (const entry of list) for (const word of entry.toLowerCase().split(' ')) words.add(word);
  };
  add(profile.stopwords);
  add(profile.determiners);
  add(profile.nonNameWords);
  add(profile.verbAdverbs);
  add(profile.prepositions);
  add(profile.personPronouns);
  add(profile.groupPronouns);
  add(profile.speakingPronouns);
  add(profile.sourceMarkers);
  add(profile.sourcePostMarkers);
  add(SENTENCE_WORDS[profile.code] ?? []);
  return words;
});

/** Words that often start a sentence right before a name ("Selbst Obama", "Even Obama"). */
const SENTENCE_WORDS: Record<string, readonly string[]> = {
  de: 'nur selbst sogar ausgerechnet allein gerade erst noch schon vor allem ob dass weil wenn während nachdem bevor obwohl damit zwar weder als wo was wer warum sagte sagt erklärte meinte fragte'.split(
    ' ',
  ),
  en: (
    'only even just also meanwhile if when while as because though although since unlike like said says told asked ' +
    'added whether where what who why inside outside within without about above across against along among around ' +
    'behind below beneath beside between beyond by despite during except for from into near of off onto over past ' +
    'through throughout toward towards under until upon via with'
  ).split(' '),
  fr: 'seul seule même aussi pourtant si quand comme car lorsque puisque selon dit a déclaré'.split(' '),
};

/**
 * Titles and role words that stand before a name without being part of it. German compounds end
 * in them ("Bundeskanzlerin", "US-Präsident", "Kremlchef"), with their endings.
 */
const TITLES: Record<string, readonly string[]> = {
  de: (
    'präsident kanzler minister chef sprecher führer vorsitzend sekretär direktor botschafter senator gouverneur ' +
    'bürgermeister abgeordnet general admiral könig prinz papst kardinal bischof pfarrer richter anwalt trainer ' +
    'kapitän kommissar premier diktator machthaber herrscher genosse herr frau dr prof professor doktor autor ' +
    'sänger schauspieler moderator reporter korrespondent experte gründer vize kandidat herausforderer rivale ' +
    'amtsinhaber nachfolger vorgänger gegner kritiker anhänger berater sohn tochter vater mutter bruder schwester ' +
    'ehefrau ehemann witwe gattin gatte onkel tante neffe nichte enkel frontmann leiter oberhaupt staatsoberhaupt ' +
    'milliardär unternehmer investor politiker diplomat demokrat republikaner sozialdemokrat kollege kollegin ' +
    'amtskollege verteidiger angeklagt stürmer torwart spieler star legende ikone fürst graf kaiser zar scheich ' +
    'emir ayatollah pastor rabbiner imam sultan freund partner gast besucher vertraut weggefährte träger sieger ' +
    'verlierer favorit'
  ).split(' '),
  en: (
    'president vice prime minister secretary senator sen rep representative governor gov mayor chancellor general ' +
    'gen admiral king queen prince princess pope cardinal bishop judge justice chief director ambassador speaker ' +
    'leader chairman chairwoman chair commissioner mr mrs ms miss dr prof professor sir dame lord lady former ex ' +
    'candidate attorney officer sergeant sgt captain capt colonel col lieutenant lt coach dictator comrade first ' +
    'democrat republican premier sheikh emir ayatollah rabbi reverend rev father brother sister saint st ' +
    'councilman councilwoman councillor congressman congresswoman superintendent detective inspector agent ' +
    'commander commissioner founder ceo cfo chairperson spokesman spokeswoman spokesperson minister'
  ).split(' '),
  fr: (
    'président présidente ministre premier première secrétaire sénateur sénatrice député députée maire général ' +
    'roi reine prince princesse pape cardinal juge directeur directrice ambassadeur ambassadrice chef porte-parole ' +
    'm mme mlle monsieur madame dr docteur professeur chancelier chancelière candidat candidate ancien ancienne ' +
    'gouverneur commissaire cheikh émir ayatollah rabbin père sœur saint sainte'
  ).split(' '),
};

/** German endings a role word takes: "Präsidenten", "Kanzlerin", "Ministers", "Vorsitzender". */
const GERMAN_ENDINGS = ['', 'in', 'innen', 'en', 'n', 's', 'es', 'e', 'er', 'em'];

/** Whether a word is a title or role word of the profile's language. */
const titlesOf = derivedPer((profile: LanguageProfile): ((word: string) => boolean) => {
  const base = TITLES[profile.code] ?? [];
  const forms = new Set<string>();
  for (const title of base) {
    if (profile.code === 'de') for (const ending of GERMAN_ENDINGS) forms.add(title + ending);
    else forms.add(title);
  }
  const compounds = profile.code === 'de';
  return (word: string): boolean => {
    let lower = word.toLowerCase();
    if (lower.endsWith('.')) lower = lower.slice(0, -1);
    if (forms.has(lower)) return true;
    // The last part of a hyphenated word ("US-Präsident", "Ex-Kanzler").
    const part = lower.slice(lower.lastIndexOf('-') + 1);
    if (forms.has(part)) return true;
    if (!compounds) return false;
    // A German compound ends in its head: "Bundeskanzlerin", "Kremlchef".
    for (let i = 1; i < part.length - 2; i++) if (forms.has(part.slice(i))) return true;
    return false;
  };
});
