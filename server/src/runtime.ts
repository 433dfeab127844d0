/**
 * How the language server's Node.js runs: the V8 flags that the client starts it with. The
 * benchmark runs under the same flags, so that its figures are the editor's.
 *
 * An analysis of a large article makes tens of megabytes of objects, and most of what it
 * returns stays alive until it ends. With V8's default young generation (semi-spaces of 16 MB),
 * the collector runs several times during one analysis of a 1 MB article and copies everything
 * built so far each time; with semi-spaces of 64 MB an analysis mostly fits. V8 grows the young
 * generation towards that size only while the program allocates that fast: a server that
 * analyses articles of a few kilobytes keeps the small default.
 *
 * `--expose-gc` gives the server V8's `gc` function, with which it empties the young
 * generation when it is idle after a large analysis (see idleCollection.ts), so that the next
 * analysis starts with room for all it makes.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=64', '--expose-gc'];
