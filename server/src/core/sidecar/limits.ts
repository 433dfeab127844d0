/**
 * Limits on how deeply a sidecar may nest, shared by the scan that refuses deep sidecars and by
 * the fast parser, which keeps to them so that whatever it accepts is safe to parse again with
 * the yaml package.
 */

/**
 * Collections nested deeper than this are refused before any parser sees them. The yaml package
 * recurses once per level; near the end of the stack it reports "Maximum call stack size
 * exceeded" as a YAML error, but V8 may then abort the whole process instead, when it compiles a
 * regular expression with no stack left ("RegExpCompiler Allocation failed"), which no try/catch
 * can stop. With the default stack that happens from about 900 levels; the limits leave a wide
 * margin (they hold with a quarter of the stack), and no honest sidecar nests more than a handful.
 */
export const MAX_FLOW_DEPTH = 64;
/** Block collections nest by indentation; deeper than this many columns is refused likewise. */
export const MAX_BLOCK_INDENT = 128;
