/**
 * The annotation engine's public surface: pure functions from strings to plain data.
 */

export * from './analyze';
export * from './article/attribution';
export * from './diagnostics';
export * from './text/languages';
export * from './article/markdown';
export * from './article/mentions';
export * from './article/quotes';
export * from './sidecar/sidecar';
export * from './article/speakers';
export * from './text/text';
export * from './sidecar/pairing';
export * from './ide/lookup';
export * from './sidecar/skeleton';
export * from './ide/navigation';
export * from './ide/completion';
export * from './sidecar/edits';
export * from './ide/actions';
export * from './ide/quoteList';
export * from './ide/picker';
export * from './sidecar/registry';
export * from './corpus/corpus';
export * from './ide/registryActions';
export * from './ide/wikidataLink';
export * from './wikidata/facts';
export * from './article/frontMatter';
export * from './report/record';
export * from './report/report';
export * from './report/formats';
export * from './report/html';
