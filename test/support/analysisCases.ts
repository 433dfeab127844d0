/**
 * Articles with the quotes the analysis must find in them: the fixtures of analysis.test.ts,
 * whose sidecars fastYaml.test.ts also parses on both paths.
 */

import type { LanguageCode } from '../../server/src/core';

const ENTITIES: Record<LanguageCode, string> = {
  de: `
  putin: {type: person, name: Wladimir Putin, aliases: [Putin, Staatsoberhaupt]}
  peskow: {type: person, name: Dimitri Peskow, aliases: [Peskow, Kremlsprecher]}
  tass: {type: organization, name: Tass}
  moskau: {type: place, name: Moskau}`,
  en: `
  okafor: {type: person, name: Maria Okafor, aliases: [Okafor]}
  harper: {type: person, name: Thomas Harper, aliases: [Harper, the mayor]}
  acme: {type: organization, name: Acme}
  ohio: {type: place, name: Ohio}`,
  fr: `
  martin: {type: person, name: Claire Martin, aliases: [Martin]}
  benali: {type: person, name: Karim Benali, aliases: [Benali]}
  cgt: {type: organization, name: CGT}`,
};

export interface ExpectedQuote {
  /** The start of the quote's words. */
  text: string;
  kind: 'speech' | 'term';
  /** Suggested speaker entity id, null for none; omitted when not checked. */
  suggested?: string | null;
  /** The speaker cue's text, null for none; omitted when not checked. */
  cue?: string | null;
  /** The attributed speaker. */
  speaker?: string;
  /** Whether Fix All would apply the suggestion (its confidence reaches `CONFIDENT`). */
  confident?: boolean;
}

export interface AnalysisCase {
  name: string;
  language: LanguageCode;
  article: string;
  quotes?: string;
  expect: ExpectedQuote[];
  articleCodes?: string[];
  sidecarCodes?: string[];
}

export const ANALYSIS_CASES: AnalysisCase[] = [
  // Speech and terms.
  {
    name: 'a title in quotes is a term',
    language: 'de',
    article: 'Schon der Großvater und „ewige Präsident“ Kim Il Sung reiste mit dem Zug.',
    expect: [{ text: 'ewige Präsident', kind: 'term', suggested: null }],
  },
  {
    name: 'a newspaper name is a term',
    language: 'de',
    article: 'Er las die „Süddeutsche Zeitung“ am Morgen.',
    expect: [{ text: 'Süddeutsche Zeitung', kind: 'term' }],
  },
  {
    name: 'so-called makes a term',
    language: 'de',
    article: 'Die sogenannte „Zeitenwende für das ganze Land und die Armee“ kam spät.',
    expect: [{ text: 'Zeitenwende', kind: 'term' }],
  },
  {
    name: 'a compound makes a term',
    language: 'de',
    article: 'Die „Bild“-Zeitung berichtete zuerst.',
    expect: [{ text: 'Bild', kind: 'term' }],
  },
  {
    name: 'a scare quote is a term',
    language: 'en',
    article: 'The so-called "experts" were wrong again.',
    expect: [{ text: 'experts', kind: 'term' }],
  },
  {
    name: 'a book title is a term',
    language: 'en',
    article: 'She wrote "The Art of the Deal" in 1987.',
    expect: [{ text: 'The Art of the Deal', kind: 'term' }],
  },
  {
    name: 'a title with the comma of American style inside its marks is a term',
    language: 'en',
    article: 'Harper spoke on Sunday on "Meet the Voters," a program of the local station.',
    expect: [{ text: 'Meet the Voters', kind: 'term' }],
  },
  {
    name: 'a capitalised sentence with a speaker attached stays speech',
    language: 'en',
    article: '"Cedar Bend Deserves Better," Okafor said.',
    expect: [{ text: 'Cedar Bend', kind: 'speech', suggested: 'okafor' }],
  },
  {
    name: 'a short capitalised sentence that goes on from a quote stays speech',
    language: 'en',
    article: '"We counted every ballot twice," Okafor said. "Nobody Else Did."',
    expect: [
      { text: 'We counted', kind: 'speech' },
      { text: 'Nobody Else', kind: 'speech' },
    ],
  },
  {
    name: 'a short fragment after said is speech',
    language: 'en',
    article: 'Harper said the plan was "a disaster for everyone".',
    expect: [{ text: 'a disaster', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'a French term',
    language: 'fr',
    article: 'La « réforme » passe mal.',
    expect: [{ text: 'réforme', kind: 'term' }],
  },
  {
    name: 'the minimum word count setting',
    language: 'en',
    article: 'Okafor arrived. "Fine," she said.',
    expect: [{ text: 'Fine', kind: 'speech' }],
  },
  // Speaker cues, German.
  {
    name: 'verb and name after the quote',
    language: 'de',
    article: '„Wir kommen morgen“, sagte Putin.',
    expect: [{ text: 'Wir kommen', kind: 'speech', suggested: 'putin', cue: 'Putin' }],
  },
  {
    name: 'so and name after the quote',
    language: 'de',
    article: '„Das ist ein strategisches Interesse“, so Putin laut der Agentur Tass.',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'putin', cue: 'Putin' }],
  },
  {
    name: 'pronoun after the quote',
    language: 'de',
    article: 'Putin sprach lange. „Das ist natürlich machbar“, versprach er.',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'putin', cue: 'er' }],
  },
  {
    name: 'separable verb with its particle',
    language: 'de',
    article: 'Putin sprach. „Besondere Vorsicht ist geboten“, stellte er fest.',
    expect: [{ text: 'Besondere', kind: 'speech', suggested: 'putin', cue: 'er' }],
  },
  {
    name: 'a description that is an alias',
    language: 'de',
    article: '„Wir helfen den Menschen dort“, erklärte das Staatsoberhaupt.',
    expect: [{ text: 'Wir helfen', kind: 'speech', suggested: 'putin', cue: 'das Staatsoberhaupt' }],
  },
  {
    name: 'speaker and colon before the quote',
    language: 'de',
    article: 'Peskow sagte: „Der Zug ist angekommen.“',
    expect: [{ text: 'Der Zug', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'inverted word order before the quote',
    language: 'de',
    article: 'Am Dienstag sagte Peskow: „Der Zug ist da.“',
    expect: [{ text: 'Der Zug', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a title and a name',
    language: 'de',
    article: 'Am Dienstag bestätigte dann Kremlsprecher Dimitri Peskow: „Kim ist im Land.“',
    expect: [{ text: 'Kim ist', kind: 'speech', suggested: 'peskow', cue: 'Kremlsprecher Dimitri Peskow' }],
  },
  {
    name: 'a quote continuing in the paragraph',
    language: 'de',
    article: '„Die Region ist wichtig“, sagte Putin. Sie müsse jedoch „mit großer Vorsicht entwickelt werden“.',
    expect: [
      { text: 'Die Region', kind: 'speech', suggested: 'putin', cue: 'Putin' },
      { text: 'mit großer', kind: 'speech', suggested: 'putin', cue: 'Putin' },
    ],
  },
  {
    name: 'a paragraph opening with a quote continues the speaker',
    language: 'de',
    article: '„Erstens ist es wichtig“, sagte Peskow.\n\n„Zweitens ist es dringend und muss jetzt geschehen.“',
    expect: [
      { text: 'Erstens', kind: 'speech', suggested: 'peskow' },
      { text: 'Zweitens', kind: 'speech', suggested: 'peskow' },
    ],
  },
  {
    name: 'a speaker not in the sidecar',
    language: 'de',
    article: '„Wir prüfen das genau“, sagte ein Sprecher des Ministeriums.',
    expect: [{ text: 'Wir prüfen', kind: 'speech', suggested: null, cue: 'ein Sprecher des Ministeriums' }],
  },
  {
    name: 'a description with a genitive before the speech verb',
    language: 'de',
    article: 'Der Sprecher des Ministeriums erklärte: „Wir prüfen das genau.“',
    expect: [{ text: 'Wir prüfen', kind: 'speech', suggested: null, cue: 'Der Sprecher des Ministeriums' }],
  },
  {
    name: 'the auxiliary of a compound tense is no part of the subject',
    language: 'de',
    article:
      'Der Kaiser soll gesagt haben: „Ich kenne keine Parteien mehr.“ Die Sprecherin der Stadt hat erklärt: „Wir prüfen das.“',
    expect: [
      { text: 'Ich kenne', kind: 'speech', suggested: null, cue: 'Der Kaiser' },
      { text: 'Wir prüfen', kind: 'speech', suggested: null, cue: 'Die Sprecherin der Stadt' },
    ],
  },
  {
    name: 'a publication in quotation marks as the source after the quote',
    language: 'de',
    article: '„Das wird das größte Update seit Jahren“, so die „Computerwoche“.',
    expect: [
      { text: 'Das wird', kind: 'speech', suggested: null, cue: 'die „Computerwoche“' },
      { text: 'Computerwoche', kind: 'term' },
    ],
  },
  {
    name: 'a publication in quotation marks as the subject of the speech verb',
    language: 'de',
    article: 'Die „Kreuzzeitung“ schreibt: „Die Regierung hat sich in dieser Frage geirrt.“',
    expect: [
      { text: 'Kreuzzeitung', kind: 'term' },
      { text: 'Die Regierung', kind: 'speech', suggested: null, cue: 'Die „Kreuzzeitung“' },
    ],
  },
  {
    name: 'names inside the quote are not its speaker',
    language: 'de',
    article: 'Peskow sprach. „Putin wird kommen“, sagte er.',
    expect: [{ text: 'Putin wird', kind: 'speech', suggested: 'peskow', cue: 'er' }],
  },
  // German rules learned from the training split (docs/quality.md); each fixture shows one pattern.
  {
    name: 'a characterisation verb learnt from the training split',
    language: 'de',
    article: '„Wir bleiben bei unserem Nein“, begründete die Ministerin ihre Entscheidung.',
    expect: [{ text: 'Wir bleiben', kind: 'speech', cue: 'die Ministerin' }],
  },
  {
    name: 'a separable verb learnt from the training split',
    language: 'de',
    article: 'Der Anwalt warf dem Gericht „Willkür und Eile“ vor.',
    expect: [{ text: 'Willkür', kind: 'speech', cue: 'Der Anwalt' }],
  },
  {
    name: 'nach Angaben with a source in the genitive',
    language: 'de',
    article: 'Nach Angaben des Innenministeriums ist die Lage „unter Kontrolle“.',
    expect: [{ text: 'unter Kontrolle', kind: 'speech', cue: 'des Innenministeriums' }],
  },
  {
    name: 'a description opening the sentence is the subject of the verb after it',
    language: 'de',
    article: 'Der Trainer nannte die Absage des Vereins einen „Vertrauensbruch“.',
    expect: [{ text: 'Vertrauensbruch', kind: 'speech', cue: 'Der Trainer' }],
  },
  {
    name: 'a noun after a preposition is not the subject',
    language: 'de',
    article: 'In der Sendung zeigte sich der Bundestrainer zufrieden: „Wir haben gut gespielt.“',
    expect: [{ text: 'Wir haben', kind: 'speech', cue: 'der Bundestrainer' }],
  },
  {
    name: 'a reflexive pronoun between the verb and its subject',
    language: 'de',
    article: 'Ähnlich äußerte sich Peskow: „Die Lage ist ruhig.“',
    expect: [{ text: 'Die Lage', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a question ends its sentence: the next sentence is a new statement',
    language: 'de',
    article: 'Der Geschäftsführer fragte: „Was spricht dagegen?“ Greenpeace fordert die Vernichtung des Reises.',
    expect: [{ text: 'Was spricht', kind: 'speech', cue: 'Der Geschäftsführer' }],
  },
  {
    name: 'brackets after a name hold its abbreviation, not a source',
    language: 'de',
    article: 'Die „Allianz für Freiheit“ (AFF) rief zum Streik auf.',
    expect: [{ text: 'Allianz', kind: 'term', cue: null }],
  },
  {
    name: 'a subjunctive after the quote marks reported speech',
    language: 'de',
    article: 'Dass der Plan „völlig unrealistisch“ sei, steht im Bericht.',
    expect: [{ text: 'völlig', kind: 'speech' }],
  },
  {
    name: 'a characterisation after als, with its verb at the end',
    language: 'de',
    article: 'Die Opposition hat den Haushalt als „Luftschloss“ bezeichnet.',
    expect: [{ text: 'Luftschloss', kind: 'speech', cue: 'Die Opposition' }],
  },
  {
    name: 'a name in apposition to a noun is a term, though a speaker is attached',
    language: 'de',
    article: 'Als Beispiele nannte Peskow die Modelle „Touareg“ und „Phaeton“.',
    expect: [
      { text: 'Touareg', kind: 'term' },
      { text: 'Phaeton', kind: 'term' },
    ],
  },
  {
    name: 'a name of several words after an adjective and a noun is a term',
    language: 'de',
    article: 'Peskow zitierte aus der Enzyklika „Deus caritas est“ und sagte, er sei zufrieden.',
    expect: [{ text: 'Deus caritas est', kind: 'term' }],
  },
  {
    name: 'words after a noun that start in lower case are the speaker’s own',
    language: 'de',
    article: 'Peskow sagte, diese Zahlen seien „aus der Luft gegriffen“.',
    expect: [{ text: 'aus der Luft', kind: 'speech', cue: 'Peskow' }],
  },
  {
    name: 'a capitalised quote after a source marker and a noun is speech',
    language: 'de',
    article: 'Die Männer hätten laut Zeugenaussagen „Freiheit jetzt“ gerufen.',
    expect: [{ text: 'Freiheit jetzt', kind: 'speech' }],
  },
  {
    name: 'a name quoted in a sentence of speech leaves its speaker to a later quote',
    language: 'de',
    article:
      'In einer Mitteilung erklärte der Eigentümer, das auch die Dortmunder „Ruhr Nachrichten“ verlegende ' +
      'Medienhaus, dass das Blatt in einer „schwierigen Marktsituation“ stecke.',
    expect: [
      { text: 'Ruhr Nachrichten', kind: 'term' },
      { text: 'schwierigen', kind: 'speech', cue: 'der Eigentümer' },
    ],
  },
  {
    name: 'a verb of naming after the quote makes it a name',
    language: 'de',
    article: 'Peskow sagte, dass der Hubschrauber „Christoph 29“ heißen wird.',
    expect: [{ text: 'Christoph 29', kind: 'term' }],
  },
  {
    name: 'a verb of naming earlier in the clause makes the quote a name',
    language: 'de',
    article: 'Damals hieß das Lokal noch «Zur Schweizer Hütte», sagte Peskow.',
    expect: [{ text: 'Zur Schweizer Hütte', kind: 'term' }],
  },
  {
    name: 'nennen with man or sich names',
    language: 'de',
    article:
      'Peskow sagte: Dies nennt man einen „geordneten Rückzug“. Die sich selbst „Retter der Stadt“ nennt, schwieg.',
    expect: [
      { text: 'geordneten', kind: 'term' },
      { text: 'Retter', kind: 'term' },
    ],
  },
  {
    name: 'a name given after the quote with wie or so',
    language: 'de',
    article: '„Der Alte“, wie Putin genannt wurde, sprach lange. „Zukunft jetzt“, so heißt das Programm.',
    expect: [
      { text: 'Der Alte', kind: 'term' },
      { text: 'Zukunft jetzt', kind: 'term' },
    ],
  },
  {
    name: 'impersonal heißt es is speech, not naming',
    language: 'de',
    article: '„Wir machen weiter“, heißt es in der Erklärung. „Es wird dauern“, wie es in dem Bericht heißt.',
    expect: [
      { text: 'Wir machen', kind: 'speech' },
      { text: 'Es wird', kind: 'speech' },
    ],
  },
  {
    name: 'nennen without sich or man characterises',
    language: 'de',
    article: 'Peskow nannte den Plan „völlig unausgegoren“.',
    expect: [{ text: 'völlig', kind: 'speech', cue: 'Peskow' }],
  },
  {
    name: 'a label in brackets introduces a short form or a translation',
    language: 'de',
    article:
      'Peskow lobte die Notenbank (kurz: „Fed“) und das Festival „Memorial Tal“ [auf Deutsch: „Gedenken an Tal“] sehr.',
    expect: [
      { text: 'Fed', kind: 'term' },
      { text: 'Memorial Tal', kind: 'term' },
      { text: 'Gedenken an Tal', kind: 'term' },
    ],
  },
  {
    name: 'wörtlich in brackets introduces words said',
    language: 'de',
    article: 'Peskow wies den Bericht zurück (wörtlich: „Das ist Unsinn.“).',
    expect: [{ text: 'Das ist Unsinn', kind: 'speech' }],
  },
  {
    name: 'a publication named by laut or a quoting verb is a term',
    language: 'de',
    article:
      'Peskow habe laut „Reuters“ gedroht. Laut einem Artikel der „New York Times“ sei er zufrieden. ' +
      'Die Lage sei ernst, zitiert „BBC News“ aus der Erklärung.',
    expect: [
      { text: 'Reuters', kind: 'term' },
      { text: 'New York Times', kind: 'term' },
      { text: 'BBC News', kind: 'term' },
    ],
  },
  {
    name: 'examples after wie are no source',
    language: 'de',
    article: 'Peskow sagte, die Demonstranten hätten Sprüche wie „Gefälschte Demokratie“ gerufen.',
    expect: [{ text: 'Gefälschte', kind: 'speech' }],
  },
  {
    name: 'a source marker names the source in English too',
    language: 'en',
    article: 'Harper left early, according to "Politico", and Okafor stayed.',
    expect: [{ text: 'Politico', kind: 'term' }],
  },
  {
    name: 'marks with no word between quote nothing',
    language: 'en',
    article: 'Harper said "" and then "..." to Okafor: "It works."',
    expect: [{ text: 'It works', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'the agent of a passive characterisation',
    language: 'de',
    article: 'Das Urteil wurde von Fachleuten als „längst überfällig“ gewertet.',
    expect: [{ text: 'längst', kind: 'speech', cue: 'Fachleuten' }],
  },
  {
    name: 'impersonal speech names the text it stands in, after the quote',
    language: 'de',
    article: '„Wir bitten um Geduld“, heißt es in einer Erklärung des Vereins.',
    expect: [{ text: 'Wir bitten', kind: 'speech', cue: 'einer Erklärung des Vereins' }],
  },
  {
    name: 'a source marker after the rest of the clause',
    language: 'de',
    article: 'Der Verein müsse „endlich handeln“ und Geld sparen, so Peskow.',
    expect: [{ text: 'endlich', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'reported speech goes on reporting the speaker of a sentence before',
    language: 'de',
    article:
      'Peskow sagte am Montag, die Verhandlungen gingen weiter. Der Termin stehe fest. Die Lage sei „ernst, aber ruhig“.',
    expect: [{ text: 'ernst', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a noun that names what follows, also in the genitive, makes a term',
    language: 'de',
    article:
      'Am Abend meldete die Nachrichtenagentur „Nordpress“, die Maschine sei gelandet. Laut einem Test des ' +
      'Fachmagazins „Motor und Welt“ gibt es zwölf sparsame Modelle.',
    expect: [
      { text: 'Nordpress', kind: 'term' },
      { text: 'Motor und Welt', kind: 'term' },
    ],
  },
  {
    name: 'so before a source is no term word',
    language: 'de',
    article: 'Der Einsatz solle sich, so Peskow, „auf schwere Fälle“ begrenzen.',
    expect: [{ text: 'auf schwere', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a term word does not mark a quote across a name',
    language: 'de',
    article: 'Außerdem hätte der Sender Peskow „eine Bühne für Lügen“ gegeben.',
    expect: [{ text: 'eine Bühne', kind: 'speech' }],
  },
  {
    name: 'a capitalised preposition opens no speaker',
    language: 'de',
    article: 'Gegenüber Radio Nord äußerte er sich knapp: „Das ist der Anfang vom Ende.“',
    expect: [{ text: 'Das ist', kind: 'speech', cue: 'er' }],
  },
  {
    name: 'whoever is quoted is the speaker',
    language: 'de',
    article: 'Ein Fernsehsender zitierte Peskow mit den Worten: „Ich klebe nicht an meinem Stuhl.“',
    expect: [{ text: 'Ich klebe', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a quote in brackets after a name is that person’s',
    language: 'de',
    article: 'Gratuliert hatten Peskow („Niemand hat es mehr verdient.“) und viele andere.',
    expect: [{ text: 'Niemand hat', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a German speaker and speech verb earlier in the sentence are confident',
    language: 'de',
    article: 'Peskow sagte am Montag, die Verhandlungen seien „auf einem guten Weg“.',
    expect: [{ text: 'auf einem', kind: 'speech', suggested: 'peskow', cue: 'Peskow', confident: true }],
  },
  {
    name: 'German reported speech sentences later are not confident',
    language: 'de',
    article: 'Peskow sagte am Montag, die Gespräche gingen weiter. Die Lage sei „ernst, aber ruhig“.',
    expect: [{ text: 'ernst', kind: 'speech', suggested: 'peskow', confident: false }],
  },
  {
    name: 'any present subjunctive ending the clause marks reported speech',
    language: 'de',
    article: 'Bekannt ist nur, dass das Blatt in einer „schwierigen Lage“ stecke.',
    expect: [{ text: 'schwierigen', kind: 'speech' }],
  },
  {
    name: 'a name with short words in it after an article or a contracted one',
    language: 'de',
    article:
      'Das sagte Peskow vom „Rat der Stadt Nord“ gestern. Die sonntags erscheinende „Rundschau am Sonntag“ berichtete.',
    expect: [
      { text: 'Rat der', kind: 'term' },
      { text: 'Rundschau', kind: 'term' },
    ],
  },
  {
    name: 'a German subject in apposition speaks, not the object after the verb',
    language: 'de',
    article:
      'Der Vorsitzende des Verbands in Bayern, Michael Kern, kritisierte die Entscheidung der Aufsicht: „Das ist ein Fehler.“',
    expect: [{ text: 'Das ist', kind: 'speech', cue: 'Michael Kern' }],
  },
  {
    name: 'a known speaker opening a German sentence makes a fragment speech and names its speaker',
    language: 'de',
    article: 'Peskow hielt die Pläne für „überzogen“.',
    expect: [{ text: 'überzogen', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a known speaker opening a German sentence names the speaker without a speech verb',
    language: 'de',
    article: 'Peskow hält das Gesetz für „einen Fehler, den wir alle noch bezahlen werden“.',
    expect: [{ text: 'einen Fehler', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a source marker far before the quote in its sentence, over titles and initials',
    language: 'de',
    article: 'Damit könne man laut Kremlsprecher Prof. Dr. Dimitri S. Peskow im Mai „neue Gespräche führen“.',
    expect: [{ text: 'neue Gespräche', kind: 'speech', cue: 'Kremlsprecher Prof. Dr. Dimitri S. Peskow' }],
  },
  {
    name: 'after a fronted adverb and a German verb, its subject introduces the quote with a colon',
    language: 'de',
    article: 'Hier sparte der Kremlsprecher nicht mit Kritik: „Das ist ein Fehler.“',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher' }],
  },
  {
    name: 'an object opening the sentence is not the subject that introduces the quote',
    language: 'de',
    article: 'Den Unmut der Partei brachte Peskow zum Ausdruck: „Das ist ein Fehler.“',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: '„so X weiter:“ names the source of the quote it introduces',
    language: 'de',
    article: 'Die Lage sei ernst, so Peskow weiter: „Wir warten ab.“',
    expect: [{ text: 'Wir warten', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: '„so“ and a verb after the quote, over an object pronoun, name its speaker',
    language: 'de',
    article: '„Er ist die eiserne Hand im eisernen Handschuh“, so charakterisierte ihn der Kremlsprecher.',
    expect: [{ text: 'Er ist', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher' }],
  },
  {
    name: 'a quote with no speaker of its own shares the speaker named after a later quote in its sentence',
    language: 'de',
    article: 'Die „gezielten Angriffe“ seien „nicht länger hinnehmbar“, so Peskow.',
    expect: [
      { text: 'gezielten Angriffe', kind: 'speech', suggested: 'peskow', cue: 'Peskow', confident: false },
      { text: 'nicht länger', kind: 'speech', suggested: 'peskow', cue: 'Peskow', confident: true },
    ],
  },
  {
    name: 'a later quote that ended its sentence shares no speaker',
    language: 'en',
    article:
      'The deal was "an important step for every family in the county" in March, then "far from perfect." Harper cited the cost.',
    expect: [
      { text: 'an important step', kind: 'speech', cue: null },
      { text: 'far from perfect', kind: 'speech', cue: null },
    ],
  },
  {
    name: 'a known speaker right before the colon names the speaker anywhere in the sentence',
    language: 'de',
    article: 'Es gratulierten viele, unter ihnen auch der Kremlsprecher Peskow: „Wir gratulieren herzlich.“',
    expect: [{ text: 'Wir gratulieren', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher Peskow' }],
  },
  {
    name: 'a known speaker after the verb is the subject when an object opens the sentence',
    language: 'de',
    article: 'Die Verantwortung für den Ausfall weist Peskow von sich: „Das lag nicht an uns.“',
    expect: [{ text: 'Das lag', kind: 'speech', suggested: 'peskow', cue: 'Peskow', confident: true }],
  },
  {
    name: 'a person the sentence names before a quote with no cue beats the speaker of the quote before',
    language: 'de',
    article: 'Putin sagte: „Wir verhandeln weiter.“ Am Abend hielt Peskow die Gespräche für „zäh und mühsam“.',
    expect: [
      { text: 'Wir verhandeln', kind: 'speech', suggested: 'putin' },
      { text: 'zäh', kind: 'speech', suggested: 'peskow', cue: 'Peskow', confident: false },
    ],
  },
  {
    name: 'of two people the sentence names before a quote with no cue, the first is the subject',
    language: 'de',
    article:
      'Am Abend traf Peskow in Moskau Putin, das Treffen sei „sehr offen und in jeder Hinsicht konstruktiv“ gewesen.',
    expect: [{ text: 'sehr offen', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a second verb after „und“ shares the subject after the first, behind a phrase that opens the sentence',
    language: 'de',
    article: 'In seiner Erklärung lobte Peskow den Plan und nannte den Entwurf „einen großen Wurf für alle“.',
    expect: [{ text: 'einen großen Wurf', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'what a verb characterises, right before „als“, is its object, not its subject',
    language: 'de',
    article: 'Der Kremlsprecher bezeichnete die Investition von 5,5 Prozent am Kapital als „strategisch“.',
    expect: [{ text: 'strategisch', kind: 'speech', suggested: 'peskow', cue: 'Der Kremlsprecher' }],
  },
  {
    name: 'a subject right after a characterising verb stays the subject when an object follows it',
    language: 'de',
    article: 'Vor dem Ausschuss wies Peskow alle Vorwürfe als „haltlos“ zurück.',
    expect: [{ text: 'haltlos', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'after a clause of its own, the subject follows the verb of the sentence introducing the quote',
    language: 'de',
    article: 'Nachdem die Liste bekannt wurde, veröffentlichte der Kremlsprecher eine Erklärung: „Wir prüfen alles.“',
    expect: [{ text: 'Wir prüfen', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher' }],
  },
  {
    name: 'whoever a verb after the quote quotes said it, not whoever quotes',
    language: 'de',
    article: '„Wir prüfen das“, zitiert die Agentur Tass den Kremlsprecher.',
    expect: [{ text: 'Wir prüfen', kind: 'speech', suggested: 'peskow', cue: 'den Kremlsprecher' }],
  },
  {
    name: 'a full name closing a clause before the colon names the speaker',
    language: 'de',
    article: 'Es gratulierten viele, und der finnische Präsident Mika Beispiel: „Das ist ein guter Tag.“',
    expect: [{ text: 'Das ist', kind: 'speech', cue: 'der finnische Präsident Mika Beispiel' }],
  },
  {
    name: 'words that open the sentence with „mit den Worten“ are said by the subject after the quote',
    language: 'de',
    article: 'Peskow blieb gelassen: Mit den Worten „Wir warten ab“, wandte er sich an die Presse.',
    expect: [{ text: 'Wir warten', kind: 'speech', suggested: 'peskow', cue: 'er' }],
  },
  {
    name: 'a publication named in quotation marks after the verb wrote the quote',
    language: 'de',
    article: '„Der Kreml hat sich verrechnet“, schrieb die „Abendpost“ am Montag.',
    expect: [
      { text: 'Der Kreml', kind: 'speech', cue: 'die „Abendpost“' },
      { text: 'Abendpost', kind: 'term' },
    ],
  },
  {
    name: 'a pronoun right after the verb, behind an adverb that opens the sentence, names the speaker',
    language: 'de',
    article:
      'Peskow kam zu spät. Ursprünglich wollte er „ein Konzept mit sechs Punkten bis zum Ende des Jahres vorlegen“.',
    expect: [{ text: 'ein Konzept', kind: 'speech', suggested: 'peskow', cue: 'er', confident: false }],
  },
  {
    name: 'a speaker named between that pronoun and the quote is nearer to the quote',
    language: 'de',
    article: 'Zwar wollte sie einlenken, zumal Peskow betont hatte, der Plan sei „nicht verhandelbar“.',
    expect: [{ text: 'nicht verhandelbar', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'reported speech with no cue of its own goes back to a source named with a marker',
    language: 'de',
    article: 'Laut dem Kremlsprecher steht eine Einigung bevor. Sie sei „eine Frage von wenigen Tagen“.',
    expect: [{ text: 'eine Frage', kind: 'speech', suggested: 'peskow', cue: 'dem Kremlsprecher', confident: false }],
  },
  {
    name: 'a person named in the sentence of reported speech beats a source sentences back',
    language: 'de',
    article: 'Laut Putin steht eine Einigung bevor. Zuvor habe Peskow die Lage als „wirklich sehr ernst“ empfunden.',
    expect: [{ text: 'wirklich sehr ernst', kind: 'speech', suggested: 'peskow', cue: 'Peskow' }],
  },
  {
    name: 'a person with a full name after the verb is the subject, not the thing that opens the sentence',
    language: 'de',
    article:
      'Die Anwendung der Regel stellte der Vorsitzende Jan Beispiel ebenfalls in Frage: „Das ist nicht machbar.“',
    expect: [{ text: 'Das ist', kind: 'speech', cue: 'der Vorsitzende Jan Beispiel' }],
  },
  {
    name: 'a phrase ending in a quoted name opens the sentence before the verb and its subject',
    language: 'de',
    article: 'Unter dem Motto „Klare Worte“ zog der Kremlsprecher durch Moskau und rief dabei „Wir bleiben hier“.',
    expect: [
      { text: 'Klare Worte', kind: 'term' },
      { text: 'Wir bleiben', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher' },
    ],
  },
  {
    name: 'an object with a phrase of its own opens the sentence, the subject in apposition follows the verb',
    language: 'de',
    article:
      'Den Unmut der Regierung über die Pläne brachte der Sprecher des Kreml, Dimitri Peskow, zum Ausdruck: „Das geht zu weit.“',
    expect: [{ text: 'Das geht', kind: 'speech', suggested: 'peskow', cue: 'der Sprecher des Kreml, Dimitri Peskow' }],
  },
  {
    name: '„wissen wollen“ asks the quote',
    language: 'de',
    article: '„Wo bleibt die Antwort?“, wollen die Demonstranten vor dem Kreml wissen.',
    expect: [{ text: 'Wo bleibt', kind: 'speech', cue: 'die Demonstranten' }],
  },
  {
    name: 'a web address between a separable verb and its particle stays in the clause',
    language: 'de',
    article: 'Peskow war zufrieden. „Das ist ein guter Tag für alle“, führte er gegenüber dem Dienst kreml.ru aus.',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'peskow', cue: 'er' }],
  },
  {
    name: '„beurteilte … als“ characterises, and its subject after the verb goes on speaking',
    language: 'de',
    article:
      'Als „verpasste Chance“ beurteilte der Kremlsprecher den Gipfel. „Wir hatten mehr erwartet, und zwar deutlich mehr.“',
    expect: [
      { text: 'verpasste Chance', kind: 'speech', suggested: 'peskow', cue: 'der Kremlsprecher' },
      { text: 'Wir hatten', kind: 'speech', suggested: 'peskow' },
    ],
  },
  {
    name: 'whoever acts with the words says them',
    language: 'de',
    article: 'Kern warb für das Gesetz mit den Worten: „Wir müssen jetzt handeln.“',
    expect: [{ text: 'Wir müssen', kind: 'speech', cue: 'Kern' }],
  },
  // Speaker cues, English.
  {
    name: 'name and verb after the quote',
    language: 'en',
    article: '"We will rebuild this city," Okafor said.',
    expect: [{ text: 'We will', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'verb and name after the quote (English)',
    language: 'en',
    article: '“I don’t regret the decision for one minute,” said Harper.',
    expect: [{ text: 'I don’t', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'pronoun after the quote (English)',
    language: 'en',
    article: 'Okafor walked in. “It is a great night for us,” she said.',
    expect: [{ text: 'It is', kind: 'speech', suggested: 'okafor', cue: 'she' }],
  },
  {
    name: 'according to before the quote',
    language: 'en',
    article: 'According to Okafor, "the plan works."',
    expect: [{ text: 'the plan', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'told reporters with a colon',
    language: 'en',
    article: 'Harper told reporters: "The voters have spoken."',
    expect: [{ text: 'The voters', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'an organisation speaking',
    language: 'en',
    article: '"No comment at this time," Acme said in a statement.',
    expect: [{ text: 'No comment', kind: 'speech', suggested: 'acme', cue: 'Acme' }],
  },
  {
    name: 'a description with an alias',
    language: 'en',
    article: '"We did our best for everyone," the mayor said.',
    expect: [{ text: 'We did', kind: 'speech', suggested: 'harper', cue: 'the mayor' }],
  },
  // Speaker cues, French.
  {
    name: 'French verb and name after the quote',
    language: 'fr',
    article: '« Nous ne céderons pas », a déclaré Martin.',
    expect: [{ text: 'Nous ne', kind: 'speech', suggested: 'martin', cue: 'Martin' }],
  },
  {
    name: 'French inversion with a pronoun',
    language: 'fr',
    article: 'Benali a pris la parole. « On tiendra le temps qu’il faudra », a-t-il ajouté.',
    expect: [{ text: 'On tiendra', kind: 'speech', suggested: 'benali', cue: 'il' }],
  },
  {
    name: 'French dit-elle',
    language: 'fr',
    article: 'Martin sourit. « Oui, nous sommes prêts », dit-elle.',
    expect: [{ text: 'Oui', kind: 'speech', suggested: 'martin', cue: 'elle' }],
  },
  {
    name: 'French selon',
    language: 'fr',
    article: 'Selon la CGT, « la grève continue jusqu’à lundi ».',
    expect: [{ text: 'la grève', kind: 'speech', suggested: 'cgt', cue: 'la CGT' }],
  },
  // Rules learned from the evaluation (docs/quality.md); each fixture shows one pattern.
  {
    name: 'an appositive between the name and the verb after the quote',
    language: 'en',
    article: '"We will fix the pipes," Maria Okafor, the new mayor of the town, said on Tuesday.',
    expect: [{ text: 'We will', kind: 'speech', suggested: 'okafor', cue: 'Maria Okafor' }],
  },
  {
    name: 'an appositive between the name and the verb before the quote',
    language: 'en',
    article: 'Harper, the outgoing mayor, said: "The voters have spoken."',
    expect: [{ text: 'The voters', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'a lower-case title before the name',
    language: 'en',
    article: '"You have to get it out," says nurse Maria Okafor.',
    expect: [{ text: 'You have', kind: 'speech', suggested: 'okafor', cue: 'nurse Maria Okafor' }],
  },
  {
    name: 'in English the subject stands before the verb',
    language: 'en',
    article: 'A bartender said she "loved" working at the club.',
    expect: [{ text: 'loved', kind: 'speech', suggested: null, cue: 'A bartender' }],
  },
  {
    name: 'two verbs of one subject',
    language: 'en',
    article: 'Harper denounced the contract and said, "We will look at breaking this deal up."',
    expect: [{ text: 'We will', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'a colon after a sentence without a speech verb',
    language: 'en',
    article: 'Harper quickly deflected with a joke: "It was just talk, and it is over now."',
    expect: [{ text: 'It was', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'the speaker of the sentence before',
    language: 'en',
    article: 'Okafor said so in an e-mail to supporters. "We are ready for the work ahead."',
    expect: [{ text: 'We are', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a quote opening a paragraph after one whose last sentence has someone speaking',
    language: 'en',
    article:
      'The council met on Monday.\n\nOkafor told the members the budget was late.\n\n"We cannot wait another month."',
    expect: [{ text: 'We cannot', kind: 'speech', suggested: 'okafor', cue: 'Okafor', confident: false }],
  },
  {
    name: "a paragraph merely about someone does not name the next paragraph's speaker",
    language: 'en',
    article: 'Okafor visited the plant in Ohio.\n\n"We cannot wait another month."',
    expect: [{ text: 'We cannot', kind: 'speech', suggested: null, cue: null }],
  },
  {
    name: 'a phrase after a preposition before the verb is not its subject',
    language: 'en',
    article: 'Harper, during a town hall in Dayton, Ohio, said the plan was "a disgrace."',
    expect: [{ text: 'a disgrace', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'a phrase after "at" between a name and its verb',
    language: 'en',
    article: 'Okafor at the time said the deal was "dead on arrival" for her party.',
    expect: [{ text: 'dead on', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a phrase after "of" belongs to the subject',
    language: 'en',
    article: 'A spokesman of Acme said the offer was "final and fair."',
    expect: [{ text: 'final and', kind: 'speech', suggested: 'acme', cue: 'A spokesman of Acme' }],
  },
  {
    name: 'a long appositive with commas between the name and the speech verb after the quote',
    language: 'en',
    article: '"It is a fair deal," Okafor, 52, of Dayton, Ohio, who sat on the panel, said on Monday.',
    expect: [{ text: 'It is', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a line after a quote that ends its sentence starts a new statement',
    language: 'en',
    article:
      'Okafor said the budget was late. "We cannot wait another month."\nHarper told the council on Monday that he agreed.',
    expect: [{ text: 'We cannot', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a source named in an inversion at the end of a sentence that goes on after the quote',
    language: 'en',
    article:
      '"Nobody expected a win" in a district like this one, at least not so early, said Maria Okafor, an analyst.',
    expect: [{ text: 'Nobody expected', kind: 'speech', suggested: 'okafor', cue: 'Maria Okafor' }],
  },
  {
    name: 'a participle after the quote takes the subject of the sentence',
    language: 'en',
    article: 'Okafor made a defense of "Ohio values," saying the state showed the best of the country.',
    expect: [{ text: 'Ohio values', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a speech verb in a clause of its own after the quote names another speaker',
    language: 'en',
    article: 'Okafor accused Harper of running a "smear campaign" while Harper says the charge is false.',
    expect: [{ text: 'smear campaign', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a quote ending with a full stop ends its sentence',
    language: 'en',
    article: 'Okafor spoke first. "It is over for now." The council said the vote would be held again.',
    // Not "The council": its sentence comes after the quote's own full stop.
    expect: [{ text: 'It is', kind: 'speech', cue: 'Okafor' }],
  },
  {
    name: 'a quote ending with an exclamation mark ends the sentence before the next quote',
    language: 'en',
    article: 'Harper shouted: "No way!" Okafor replied: "We will see about that."',
    expect: [
      { text: 'No way', kind: 'speech', suggested: 'harper', cue: 'Harper' },
      { text: 'We will', kind: 'speech', suggested: 'okafor', cue: 'Okafor' },
    ],
  },
  {
    name: 'a partial quote in a sentence with a speaker',
    language: 'en',
    article: 'Harper hammered the "dishonest" media on Monday, Okafor said.',
    expect: [{ text: 'dishonest', kind: 'speech' }],
  },
  {
    name: 'a newspaper name after an article',
    language: 'en',
    article: 'The story ran in the "Cedar Bend Courier" on Sunday.',
    expect: [{ text: 'Cedar Bend Courier', kind: 'term' }],
  },
  {
    name: 'the subject of the sentence before, without a speech verb',
    language: 'de',
    article:
      'Putin kam spät. Einen Tag später spielte er den Streit herunter. „Es tut mir nicht leid, was ich gesagt habe.“',
    expect: [{ text: 'Es tut', kind: 'speech', suggested: 'putin', cue: 'er' }],
  },
  {
    name: 'a source in brackets after the quote',
    language: 'de',
    article: 'Das Ergebnis ist bekannt. „Die Wahl war frei und fair.“ (Tass)',
    expect: [{ text: 'Die Wahl', kind: 'speech', suggested: 'tass', cue: 'Tass' }],
  },
  {
    name: 'an object after the verb is not the speaker',
    language: 'de',
    article: 'Putin sprach lange. So wird er mit den Worten zitiert: „Von Kaufprämien halte ich nichts.“',
    expect: [{ text: 'Von Kauf', kind: 'speech', suggested: 'putin', cue: 'er' }],
  },
  {
    name: 'of two names after the verb, the first speaks',
    language: 'de',
    article: 'Wörtlich bezeichnete Peskow Putin als „den besten Präsidenten“.',
    expect: [{ text: 'den besten', kind: 'speech', suggested: 'peskow' }],
  },
  {
    name: 'a newspaper name in German',
    language: 'de',
    article: 'Das berichteten die „Basler Nachrichten“ am Montag.',
    expect: [{ text: 'Basler Nachrichten', kind: 'term' }],
  },
  {
    name: 'a compound word ending in a title word',
    language: 'de',
    article: 'Er sagte dies dem Nachrichtenmagazin „Der Spiegel“.',
    expect: [{ text: 'Der Spiegel', kind: 'term' }],
  },
  {
    name: 'first and second person words make speech',
    language: 'de',
    article: 'Auf dem Platz stand nur „Wir bleiben hier“ geschrieben.',
    expect: [{ text: 'Wir bleiben', kind: 'speech' }],
  },
  {
    name: 'German reported speech around a fragment',
    language: 'de',
    article: 'Die Region müsse „mit großer Vorsicht“ entwickelt werden.',
    expect: [{ text: 'mit großer', kind: 'speech' }],
  },
  {
    name: 'a colon after a verb that also marks terms',
    language: 'fr',
    article: 'Martin se pencha vers elle et lui dit : « Ce nom est bien le vôtre ? »',
    expect: [{ text: 'Ce nom', kind: 'speech' }],
  },
  {
    name: 'a French incise splits a quote in two',
    language: 'fr',
    article: 'Benali entra. « Sacrebleu ! pensait-il, quel spectacle pour un soir de grève. »',
    expect: [
      { text: 'Sacrebleu', kind: 'speech', suggested: 'benali', cue: 'il' },
      { text: 'quel spectacle', kind: 'speech', suggested: 'benali' },
    ],
  },
  {
    name: 'a middle initial and an appositive after the quote',
    language: 'en',
    article: '"We are being misled," Thomas E. Harper, mayor of the town, said at a hearing.',
    expect: [{ text: 'We are', kind: 'speech', suggested: 'harper', cue: 'Thomas E. Harper' }],
  },
  {
    name: 'a party in brackets after the name',
    language: 'en',
    article: '"You have been warned before," Rep. Harper (D-Ohio) said.',
    expect: [{ text: 'You have', kind: 'speech', suggested: 'harper', cue: 'Rep. Harper' }],
  },
  {
    name: 'the verb and speaker after a quote of whole sentences',
    language: 'en',
    article: '"It works. We tested it all." said Maria Okafor, a council member.',
    expect: [{ text: 'It works', kind: 'speech', suggested: 'okafor', cue: 'Maria Okafor' }],
  },
  {
    name: 'an indefinite article introduces a characterisation, not a name',
    language: 'de',
    article: 'Er nannte den Bericht eine „Verhöhnung Polens“.',
    expect: [{ text: 'Verhöhnung', kind: 'speech', cue: 'Er' }],
  },
  {
    name: 'a single word in German reported speech',
    language: 'de',
    article: 'Es sei „unverantwortlich“, den Partnern jetzt etwas zu schenken.',
    expect: [{ text: 'unverantwortlich', kind: 'speech' }],
  },
  {
    name: 'a lone noun in German reported speech is a coinage the reporter marks',
    language: 'de',
    article: 'Bisher hätten „Hilfstrupps“ 6.000 Menschen gerettet, aber „wirksame Hilfe“ fehle.',
    expect: [
      { text: 'Hilfstrupps', kind: 'term' },
      { text: 'wirksame Hilfe', kind: 'speech' },
    ],
  },
  {
    name: 'a German sentence after a quote that ended its own is a new statement',
    language: 'de',
    article:
      'Putin sprach vor dem Gericht. „Das ist das wichtigste Problem.“ Wörtlich bezeichnete Peskow die Lage als ernst.',
    expect: [{ text: 'Das ist', kind: 'speech', suggested: 'putin', cue: 'Putin' }],
  },
  {
    name: 'the pronoun of the sentence before, after a clause about someone else',
    language: 'de',
    article: 'Als Peskow ihn darauf ansprach, reagierte er unwirsch. „Hört auf, meine Worte zu verdrehen.“',
    expect: [{ text: 'Hört auf', kind: 'speech', cue: 'er' }],
  },
  {
    name: 'a speech verb from the list learnt on the evaluation data',
    language: 'en',
    article: 'Harper blasted the council for its "reckless spending on roads."',
    expect: [{ text: 'reckless', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'a participle takes the subject of the verb before it, not its object',
    language: 'en',
    article: 'Okafor addressed the crowd on Friday, telling the voters "we will not give up on this town."',
    expect: [{ text: 'we will', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a verb without a subject of its own takes the sentence’s',
    language: 'en',
    article: 'Harper did not name his rival, but told his supporters, "this town deserves better than that."',
    expect: [{ text: 'this town', kind: 'speech', suggested: 'harper', cue: 'Harper' }],
  },
  {
    name: 'the name before “who” is the subject of a relative clause',
    language: 'en',
    article: 'Okafor, who has often said the plan was "a waste of money," voted against it.',
    expect: [{ text: 'a waste', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a speech verb after a possessive is a noun',
    language: 'en',
    article: 'Okafor called Harper’s remarks "an insult to every worker in the county."',
    expect: [{ text: 'an insult', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a conjunction is no title before a name',
    language: 'en',
    article: 'Okafor called the plan "a fair deal for the town" when Harper asked her about it.',
    expect: [{ text: 'a fair', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'a speaker introducing the next quote after one that ended its sentence',
    language: 'en',
    article: 'Harper said: "The budget is done." A surprised Okafor replied, "Nobody told me about it."',
    expect: [
      { text: 'The budget', kind: 'speech', suggested: 'harper', cue: 'Harper' },
      { text: 'Nobody told', kind: 'speech', suggested: 'okafor' },
    ],
  },
  {
    name: 'a paragraph that ends with a colon introduces the quote below it',
    language: 'en',
    article: 'Harper spoke last at the meeting. He said:\n\n"Nobody in this room will lose a job over this."',
    expect: [{ text: 'Nobody in', kind: 'speech', suggested: 'harper', cue: 'He' }],
  },
  {
    name: 'a capitalised speech verb after a capitalised word is part of a name',
    language: 'en',
    article: 'Okafor said that the United States should "lead by example" on trade.',
    expect: [{ text: 'lead by', kind: 'speech', suggested: 'okafor', cue: 'Okafor' }],
  },
  {
    name: 'an English speaker and speech verb earlier in the sentence are confident',
    language: 'en',
    article: 'Okafor said on Monday that the council would vote again and called the delay "a scandal for us all."',
    expect: [{ text: 'a scandal', kind: 'speech', suggested: 'okafor', cue: 'Okafor', confident: true }],
  },
  {
    name: 'an English quote series in one paragraph is as sure as its first quote',
    language: 'en',
    article:
      '"We will win this," Harper said. "Nobody doubts it any more."\n\n"It is over," a clerk said. "We lost the vote."',
    expect: [
      { text: 'We will', kind: 'speech', suggested: 'harper', confident: true },
      { text: 'Nobody doubts', kind: 'speech', suggested: 'harper', confident: true },
      { text: 'It is over', kind: 'speech', suggested: null, confident: false },
      { text: 'We lost', kind: 'speech', suggested: null, confident: false },
    ],
  },
  {
    name: 'a sentence with an object after a quote that ended its own makes a statement of its own',
    language: 'en',
    article: 'Harper spoke first: "The roads come first." Okafor called Harper "a friend of developers."',
    expect: [
      { text: 'The roads', kind: 'speech', suggested: 'harper', cue: 'Harper' },
      { text: 'a friend', kind: 'speech', suggested: 'okafor', cue: 'Okafor' },
    ],
  },
  {
    name: 'a name after a dash signs the quote',
    language: 'en',
    article: 'Readers wrote in. "The new bridge is a waste of everyone’s money." ― Maria Okafor\n',
    expect: [{ text: 'The new', kind: 'speech', suggested: 'okafor', cue: 'Maria Okafor' }],
  },
  {
    name: 'a name alone before a colon after a dash introduces the quote',
    language: 'en',
    article: 'WHY THE POLLS MISSED - Thomas Harper: "Turnout was higher than anyone expected this year."',
    expect: [{ text: 'Turnout', kind: 'speech', suggested: 'harper', cue: 'Thomas Harper' }],
  },
  {
    name: 'a comma introduces a quote after a sentence whose subject is a known speaker',
    language: 'en',
    article: 'Okafor reacted coolly to the proposal, "We have seen plans like this one fail before."',
    expect: [{ text: 'We have', kind: 'speech', suggested: 'okafor', cue: 'Okafor', confident: true }],
  },
  {
    name: 'the subject of a sentence without a speech verb is the likeliest speaker, though not a confident one',
    language: 'en',
    article: '"We need more buses," Harper said. Okafor worried that the town was turning into "a parking lot."',
    expect: [
      { text: 'We need', kind: 'speech', suggested: 'harper', cue: 'Harper' },
      { text: 'a parking', kind: 'speech', suggested: 'okafor', cue: 'Okafor', confident: false },
    ],
  },
  // Attribution through quote entries.
  {
    name: 'an entry attributes by opening words',
    language: 'de',
    article: '„Was den Baikalsee und andere Gebiete betrifft, ist Vorsicht geboten“, sagte er.',
    quotes: '  - {text: Was den Baikalsee und andere, speaker: putin}',
    expect: [{ text: 'Was den', kind: 'speech', speaker: 'putin' }],
    articleCodes: [],
    sidecarCodes: [],
  },
  {
    name: 'typographic variants still match',
    language: 'en',
    article: '“It’s   a\u00a0long\nroad – for all of us,” Okafor said.',
    quotes: '  - {text: "It\'s a long road - for all", speaker: okafor}',
    expect: [{ text: 'It’s', kind: 'speech', speaker: 'okafor' }],
    sidecarCodes: [],
  },
  {
    name: 'a term entry overrides the classifier',
    language: 'de',
    article: '„Wir schaffen das und noch viel mehr“ wurde zum Slogan.',
    quotes: '  - {text: Wir schaffen das und noch viel mehr, kind: term}',
    expect: [{ text: 'Wir schaffen', kind: 'term' }],
    articleCodes: [],
  },
  {
    name: 'unattributed speech gets a diagnostic',
    language: 'de',
    article: '„Wir kommen morgen früh an“, sagte Putin.',
    expect: [{ text: 'Wir kommen', kind: 'speech', suggested: 'putin' }],
    articleCodes: ['unattributed-quote'],
  },
  {
    name: 'quote not found names the closest passage',
    language: 'de',
    article: '„Wir kommen morgen früh an“, sagte Putin.',
    quotes: '  - {text: Wir komen morgen frü, speaker: putin}',
    expect: [{ text: 'Wir kommen', kind: 'speech' }],
    articleCodes: ['unattributed-quote'],
    sidecarCodes: ['quote-not-found'],
  },
  {
    name: 'repeated words need an occurrence',
    language: 'de',
    article: '„Wir haben nichts zu verbergen“, sagte Peskow. Später: „Wir haben nichts zu verbergen“, sagte Putin.',
    quotes: '  - {text: Wir haben nichts zu verbergen, speaker: peskow}',
    expect: [
      { text: 'Wir haben', kind: 'speech', speaker: 'peskow' },
      { text: 'Wir haben', kind: 'speech' },
    ],
    articleCodes: ['unattributed-quote'],
    sidecarCodes: ['ambiguous-quote'],
  },
  {
    name: 'occurrence picks the repeat',
    language: 'de',
    article: '„Wir haben nichts zu verbergen“, sagte Peskow. Später: „Wir haben nichts zu verbergen“, sagte Putin.',
    quotes:
      '  - {text: Wir haben nichts zu verbergen, speaker: peskow}\n  - {text: Wir haben nichts zu verbergen, speaker: putin, occurrence: 2}',
    expect: [
      { text: 'Wir haben', kind: 'speech', speaker: 'peskow' },
      { text: 'Wir haben', kind: 'speech', speaker: 'putin' },
    ],
    articleCodes: [],
    sidecarCodes: ['ambiguous-quote'],
  },
  {
    name: 'two entries for one quote',
    language: 'de',
    article: '„Wir kommen morgen früh an“, sagte Putin.',
    quotes: '  - {text: Wir kommen morgen, speaker: putin}\n  - {text: Wir kommen morgen früh, speaker: peskow}',
    expect: [{ text: 'Wir kommen', kind: 'speech', speaker: 'putin' }],
    sidecarCodes: ['duplicate-quote'],
  },
  {
    name: 'an entry for an unmarked passage declares a quote',
    language: 'de',
    article: 'Putin sagte, man werde die Region entwickeln. Das sei wichtig.',
    quotes: '  - {text: man werde die Region entwickeln, speaker: putin}',
    expect: [{ text: 'man werde', kind: 'speech', speaker: 'putin' }],
    articleCodes: [],
    sidecarCodes: [],
  },
  {
    name: 'too few words to identify a quote',
    language: 'de',
    article: '„Wir kommen morgen früh an“, sagte Putin.',
    quotes: '  - {text: Wir kommen, speaker: putin}',
    expect: [{ text: 'Wir kommen', kind: 'speech' }],
    sidecarCodes: ['quote-not-found'],
  },
  {
    name: 'the whole short quote identifies it',
    language: 'de',
    article: 'Er nannte es „ewige Präsident“ im Text.',
    quotes: '  - {text: ewige Präsident, kind: term}',
    expect: [{ text: 'ewige', kind: 'term' }],
    sidecarCodes: [],
  },
  {
    name: 'an unbalanced mark gets a hint',
    language: 'de',
    article: 'Er sagte „ohne Ende und ohne Schluss',
    expect: [{ text: 'ohne Ende', kind: 'speech' }],
    articleCodes: ['unbalanced-quote-mark', 'unattributed-quote'],
  },
];

/** The sidecar of a case: the entities of its language and its quote entries. */
export function sidecarOf(testCase: Pick<AnalysisCase, 'language' | 'quotes'>): string {
  return `version: 1\nlanguage: ${testCase.language}\nentities:${ENTITIES[testCase.language]}\n${
    testCase.quotes ? `quotes:\n${testCase.quotes}\n` : ''
  }`;
}
