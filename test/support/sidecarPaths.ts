/**
 * The two ways a sidecar is parsed, for tests that compare them: through the fast parser first
 * (as production does) and through the yaml package alone.
 */

import { parseSidecar, parseSidecarThrough, type ParsedSidecar } from '../../server/src/core';

/** As production parses: the fast parser first, the yaml package when it gives up. */
export function parseSidecarFast(source: string): ParsedSidecar {
  return parseSidecar(source);
}

/** Through the yaml package alone, with a fast parser that always gives up. */
export function parseSidecarWithYamlPackage(source: string): ParsedSidecar {
  return parseSidecarThrough(source, () => undefined);
}
