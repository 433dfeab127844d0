/**
 * When the language server refreshes (analyses the open documents' pairs and publishes their
 * diagnostics): at once when a change comes and nothing is running, so that a keystroke is not
 * kept waiting; changes that come while a refresh runs are coalesced into one more refresh
 * after it, which reads the newest texts. No change is left without a refresh that starts
 * after it.
 *
 * A refresh mostly runs without giving the event loop a turn, so the changes typed meanwhile
 * are still waiting to be read when it ends, and the connection reads one message a turn. Before
 * the next refresh, the scheduler lets the loop turn until a turn brings no new change: then
 * one refresh reads all of them, rather than one refresh each.
 */

/** Gives the event loop one turn (messages that are waiting are read), then resolves. */
export type Yield = () => Promise<void>;

export const NEXT_TURN: Yield = () => new Promise((resolve) => setImmediate(resolve));

/**
 * How many turns the scheduler waits at most for changes to stop coming before it refreshes
 * anyway, so that a client that never stops sending cannot hold diagnostics back for ever.
 */
export const MAX_SETTLING_TURNS = 100;

export class RefreshScheduler {
  /** Whether a refresh is running, or the scheduler is letting changes in before the next. */
  private busy = false;
  /** Whether a change came that no refresh has started after. */
  private due = false;
  /** Changes so far, to tell whether a turn brought one. */
  private changes = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly nextTurn: Yield = NEXT_TURN,
  ) {}

  /** Something changed: refresh now, or after the refresh that is running. */
  schedule(): void {
    this.due = true;
    this.changes++;
    if (this.busy) return;
    this.busy = true;
    void this.run();
  }

  /** How many changes have come so far: a refresh that reads this before and after its work can tell whether one came meanwhile. */
  get changeCount(): number {
    return this.changes;
  }

  /** Resolves once no refresh is running or due. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    try {
      while (this.due) {
        this.due = false;
        try {
          await this.refresh();
        } catch (error) {
          this.onError(error);
        }
        await this.settle();
      }
    } finally {
      this.busy = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Lets the event loop turn until a turn brings no change (or enough turns have passed). */
  private async settle(): Promise<void> {
    for (let turn = 0; turn < MAX_SETTLING_TURNS; turn++) {
      const before = this.changes;
      await this.nextTurn();
      if (this.changes === before) return;
    }
  }
}
