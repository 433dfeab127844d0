/**
 * The annotation engine's public surface: pure functions from strings to plain data.
 */

export * from './analyze';
export * from './attribution';
export * from './diagnostics';
export * from './languages';
export * from './markdown';
export * from './mentions';
export * from './quotes';
export * from './sidecar';
export * from './speakers';
export * from './text';
export * from './pairing';
export * from './lookup';
export * from './skeleton';
export * from './navigation';
export * from './completion';
export * from './edits';
export * from './actions';
