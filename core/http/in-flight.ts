/**
 * Identical requests in flight at the same time share one execution and its answer. The server
 * says which requests are identical (a key: for the gateway, the same query document, variables
 * and operation name from the same principal, tenant and purpose — never two callers who might see
 * different data). Nothing is kept once the answer is out: a request arriving after it starts a
 * new execution, so no answer is ever older than the request that receives it was in flight for.
 *
 * The execution runs on the first request's deadline. It is cancelled only when every request
 * sharing it has hung up: one caller leaving never takes the answer from the others.
 */
export interface SharedAnswer {
  status: number;
  headers: Array<[string, string]>;
  /** Encoded once: every request sharing it writes the same bytes (no per-request UTF-8 encoding of a large answer). */
  body: Buffer;
}

export interface Participation {
  /** True for the request that runs the execution; the others wait for its answer. */
  readonly leader: boolean;
  /** The answer the leader published; undefined when it had none to share (it was cancelled, or streamed). */
  readonly answer: Promise<SharedAnswer | undefined>;
  /** This request's caller hung up. */
  leave(): void;
  /** The leader's answer, for everyone waiting (also when undefined); the key is free from now on. */
  publish(answer: SharedAnswer | undefined): void;
}

interface Entry {
  participants: number;
  answer: Promise<SharedAnswer | undefined>;
  resolve(answer: SharedAnswer | undefined): void;
  /** Called when the last participant has left. */
  onAllLeft: () => void;
  done: boolean;
}

export class InFlightRequests {
  private readonly running = new Map<string, Entry>();
  /** Requests that shared another's execution (for metrics and tests). */
  merged = 0;

  constructor(private readonly onMerged: () => void = () => undefined) {}

  /**
   * Joins the execution running for `key`, or starts one. `onAllLeft` (the leader's) cancels it
   * when every participant has hung up.
   */
  participate(key: string, onAllLeft: () => void): Participation {
    const existing = this.running.get(key);
    if (existing && !existing.done) {
      existing.participants++;
      this.merged++;
      this.onMerged();
      return this.participation(key, existing, false);
    }
    let resolve!: (answer: SharedAnswer | undefined) => void;
    const answer = new Promise<SharedAnswer | undefined>((r) => (resolve = r));
    const entry: Entry = { participants: 1, answer, resolve, onAllLeft, done: false };
    this.running.set(key, entry);
    return this.participation(key, entry, true);
  }

  get size(): number {
    return this.running.size;
  }

  private participation(key: string, entry: Entry, leader: boolean): Participation {
    let left = false;
    return {
      leader,
      answer: entry.answer,
      leave: () => {
        if (left || entry.done) return;
        left = true;
        entry.participants--;
        if (entry.participants === 0) entry.onAllLeft();
      },
      publish: (answer) => {
        if (!leader || entry.done) return;
        entry.done = true;
        if (this.running.get(key) === entry) this.running.delete(key);
        entry.resolve(answer);
      },
    };
  }
}
