/**
 * A new sidecar for an article: the keys a user fills in, with the language guessed, and
 * comments that show the shape of entities and quote entries.
 */

import { detectLanguage, type LanguageCode } from '../text/languages';

export function sidecarSkeleton(articleName: string, articleText: string, fallback: LanguageCode | 'auto'): string {
  const language = detectLanguage(articleText) ?? (fallback === 'auto' ? 'en' : fallback);
  const safeName = articleName.replace(/[\r\n]/gu, ' ');
  return [
    `# Annotations for ${safeName}: who and what it names, and who said each quote.`,
    '# Format: https://github.com/article-annotations/article-annotations/blob/main/docs/sidecar-format.md',
    'version: 1',
    `language: ${language}`,
    '',
    'entities:',
    '  # an-id:',
    '  #   type: person          # person, place, organization, or a word of your own',
    '  #   name: Full Name',
    '  #   aliases: [Surname]',
    '',
    'quotes:',
    '  # - text: the opening words of a quote, as in the article',
    '  #   speaker: an-id',
    '',
  ].join('\n');
}
