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
 * `--no-allocation-site-pretenuring` keeps every new object in the young generation. The
 * server keeps its latest analysis until the next one, so the objects where an analysis builds
 * its results (mentions, quotes) outlive a collection, and V8 then makes the objects of those
 * places in the code in the old generation from the start. The old generation grows by pages
 * mapped fresh from the system (and gives them back when a full collection empties them), and
 * the first write to each page of fresh memory is a page fault, and a large analysis met many of
 * them (strace shows the pages mapped during the analysis). The young generation's pages stay
 * mapped from one analysis to the next. What survives is copied by the collections between analyses
 * instead, while the user is not waiting.
 *
 * `--expose-gc` gives the server V8's `gc` function, with which it empties the young
 * generation when it is idle after a large analysis (see idleCollection.ts), so that the next
 * analysis starts with room for all it makes.
 */
export const SERVER_EXEC_ARGV: readonly string[] = [
  '--max-semi-space-size=64',
  '--no-allocation-site-pretenuring',
  '--expose-gc',
];
