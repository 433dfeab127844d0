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

/**
 * The most entities a sidecar's analysis reads. An editor waits on the analysis: 100,000
 * entities (a 4 MB sidecar) kept the server from answering anything for about a second, and
 * parsing alone took most of it, so the rest of the section is not even parsed (the
 * `too-many-entities` diagnostic says so). An article's sidecar rarely names a hundred.
 */
export const MAX_ENTITIES = 5000;

/**
 * The most entities a registry's analysis reads. A registry is parsed once and shared by every
 * article below it, and a newsroom's list of people runs to tens of thousands.
 */
export const MAX_REGISTRY_ENTITIES = 50_000;
