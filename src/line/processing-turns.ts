/**
 * Processing yields to the webhook by construction: every piece of processing (one inbox event,
 * one outgoing message) starts in a turn of the event loop of its own, first come first served.
 * Between two turns Node reads the sockets, so a webhook that arrived meanwhile is verified,
 * stored and answered after at most one piece of work — however long the backlog behind it.
 * A piece is short (one event is a few milliseconds of SQLite work; a message is fitted and
 * handed to LINE, whose answer is awaited outside the turn).
 */
export class ProcessingTurns {
  #lastStart: Promise<void> = Promise.resolve();

  /** Runs `work` in a later turn, after the work that asked before it has started. */
  take<T>(work: () => Promise<T>): Promise<T> {
    // An immediate scheduled from an immediate runs in the next turn, so starts are spaced by turns.
    const start = this.#lastStart.then(nextTurn);
    this.#lastStart = start;
    return start.then(work);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
