/**
 * In-process fixtures for the editor features: an article and its sidecar in fixture markup
 * (markup.ts), analysed as the server analyses an open pair (files.ts's `analyzeReads` on the two
 * texts, with the settings the client would send), with the URIs the features write into
 * locations and edits. No server and no disk: a feature test calls the engine and the thin
 * conversions in server/src/features/ directly, so a failure points at the rule, not at the
 * transport. The tests in test/lsp/ check that the server wires the same functions up.
 */

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { parseSidecar, registryChain, type LineIndex } from '../../server/src/core';
import type { SidecarTarget } from '../../server/src/features/codeActions';
import { toLspDiagnostic } from '../../server/src/features/diagnostics';
import type { PairUris } from '../../server/src/features/navigation';
import { analyzeReads, parseRead, type PairAnalysis } from '../../server/src/files';
import { readSettings } from '../../server/src/settings';
import { parseMarkup, type Markup } from './markup';

export type Side = 'article' | 'sidecar';

/** The folder the pair's files pretend to be in; nothing is read from it. */
const FOLDER = path.resolve('/fixture');
/** The registry's path, when a fixture has one. */
export const REGISTRY = path.join(FOLDER, 'entities.ann.yaml');

export interface PairInput {
  /** The article in fixture markup. */
  article: string;
  /** The sidecar in fixture markup. */
  sidecar: string;
  /** `article.txt` unless said otherwise; the sidecar is named after it. */
  articleName?: string;
  /** The `articleAnnotations` settings section, as a client sends it. */
  settings?: Record<string, unknown>;
  /** A registry in the pair's folder (`entities.ann.yaml`), as plain text. */
  registry?: string;
}

export interface Pair {
  result: PairAnalysis;
  uris: PairUris & { sidecar: string };
  markup: Record<Side, Markup>;
  /** Where `$0` is, in whichever file has it. */
  cursor: { side: Side; offset: number } | undefined;
  text(side: Side): string;
  lines(side: Side): LineIndex;
  /** The diagnostics the server publishes for each file, as LSP diagnostics. */
  diagnostics(side: Side): Diagnostic[];
}

/** Analyses an article and its sidecar as the server does once both are open. */
export function analysePair(input: PairInput): Pair {
  const articleName = input.articleName ?? 'article.txt';
  const files = {
    article: path.join(FOLDER, articleName),
    sidecar: path.join(FOLDER, articleName.replace(/\.[^.]+$/u, '.ann.yaml')),
  };
  const markup = { article: parseMarkup(input.article), sidecar: parseMarkup(input.sidecar) };
  if (markup.article.cursor >= 0 && markup.sidecar.cursor >= 0) throw new Error('Fixture error: two $0 cursors.');
  const settings = readSettings(input.settings ?? {});
  const read = { sidecar: { ok: true as const, text: markup.sidecar.text } };
  const result = analyzeReads({
    articleFile: files.article,
    article: { ok: true, text: markup.article.text },
    sidecarFile: files.sidecar,
    sidecar: read.sidecar,
    parsed: parseRead(read.sidecar, settings.analysis.maxFileSize),
    settings: settings.analysis,
    ...(input.registry === undefined
      ? {}
      : { registries: registryChain([{ path: REGISTRY, parsed: parseSidecar(input.registry, 'registry') }]) }),
  });
  const cursorSide: Side | undefined =
    markup.article.cursor >= 0 ? 'article' : markup.sidecar.cursor >= 0 ? 'sidecar' : undefined;
  const lines = (side: Side): LineIndex =>
    side === 'article' ? result.analysis.articleLines : result.analysis.sidecarLines;
  return {
    result,
    uris: {
      article: pathToFileURL(files.article).href,
      sidecar: pathToFileURL(files.sidecar).href,
      uriOf: (file) => pathToFileURL(file).href,
    },
    markup,
    cursor: cursorSide && { side: cursorSide, offset: markup[cursorSide].cursor },
    text: (side) => markup[side].text,
    lines,
    diagnostics: (side) =>
      result.diagnostics
        .filter(({ file }) => file === files[side])
        .map(({ diagnostic }) => toLspDiagnostic(diagnostic, lines(diagnostic.target))),
  };
}

/**
 * The sidecar as the server hands it to code actions: the text the analysis parsed, at the
 * version the editor has open (the tests over stdio cover a sidecar that is only on disk).
 */
export function sidecarTargetOf(pair: Pair, version: number | null = 1): { text: string; target: SidecarTarget } {
  const parsed = pair.result.analysis.parsedSidecar;
  if (!parsed) throw new Error('Fixture error: the sidecar was not parsed.');
  return {
    text: parsed.source,
    target: { uri: pair.uris.sidecar, version, lines: pair.result.analysis.sidecarLines, documentChanges: true },
  };
}
