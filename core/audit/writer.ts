import { normaliseEntry, type AuditContent, type AuditEntry, type AuditRecord } from './record';
import { AuditReader } from './reader';
import type { AuditStore } from './store';

export interface AuditWriterOptions {
  /** Most records written in one transaction. */
  maxBatch?: number;
  /**
   * How long the first record of a batch waits for others to join it when no transaction is in
   * flight, in ms. 0 (the default): it goes at once, with the records appended in the same turn of
   * the event loop; under load records still share transactions, those that arrive while one is
   * being written.
   */
  maxDelayMs?: number;
}

export const DEFAULT_AUDIT_BATCH = { maxBatch: 256, maxDelayMs: 0 } as const;

/** An audit record could not be written: the access it records must not be answered. */
export class AuditWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditWriteError';
  }
}

interface Pending {
  content: AuditContent;
  resolve(record: AuditRecord): void;
  reject(error: Error): void;
}

/**
 * The only writer of a process. `append` queues a record and resolves once it is committed.
 * Records go in transactions of up to `maxBatch`, chained in the order they were appended: a group
 * commit. One transaction is in flight at a time; appends arriving meanwhile form the next batch,
 * which starts as soon as it ends. When none is in flight, a batch starts after the current turn
 * (`setImmediate`: the appends of the requests being handled now join it), or after `maxDelayMs`.
 *
 * Why not a fixed delay by default: an access is answered only once its record is written, so a
 * delay is paid by every read of personal data, twice by a resident (the resident, then the family
 * card). With 2 ms a lone caller waited 9 ms for a resident, without it 4 (docs/benchmarks.md);
 * under load the write in flight gathers the next batch anyway.
 *
 * When a transaction fails, every append waiting on it rejects with an AuditWriteError: a record is
 * never dropped silently, and the caller answers with an error instead of the data (fail closed).
 * Later appends try again.
 */
export class AuditWriter {
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private queue: Pending[] = [];
  /** The wait before a batch when none is in flight: a timer (maxDelayMs > 0) or the next turn. */
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: AuditStore,
    options: AuditWriterOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_AUDIT_BATCH.maxBatch);
    this.maxDelayMs = Math.max(0, options.maxDelayMs ?? DEFAULT_AUDIT_BATCH.maxDelayMs);
  }

  /** A reader over the same trail (the caller decides who may read what; see AuditReader). */
  reader(): AuditReader {
    return new AuditReader(this.store);
  }

  /** Records an access; resolves with the stored record once durably written, rejects otherwise. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.closed) return Promise.reject(new AuditWriteError('the audit writer is closed'));
    let content: AuditContent;
    try {
      content = normaliseEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditRecord>((resolve, reject) => {
      this.queue.push({ content, resolve, reject });
      this.schedule();
    });
  }

  /** Records waiting for a transaction. */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued now; resolves when the queue is empty (appends still reject on failure). */
  async flush(): Promise<void> {
    this.cancelWait();
    while (this.queue.length > 0 || this.writing) {
      if (this.writing) await this.writing;
      else this.startBatch();
    }
  }

  /** Stops accepting appends, writes what is queued, closes the store. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.store.close();
  }

  private schedule(): void {
    if (this.writing) return; // the batch in flight starts the next one when it ends
    if (this.queue.length >= this.maxBatch) {
      this.cancelWait();
      this.startBatch();
    } else if (!this.timer && !this.immediate) {
      if (this.maxDelayMs === 0) this.immediate = setImmediate(this.startWhenIdle);
      else this.timer = setTimeout(this.startWhenIdle, this.maxDelayMs);
    }
  }

  private readonly startWhenIdle = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.writing) this.startBatch();
  };

  private cancelWait(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private startBatch(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.writing = this.store.appendBatch(batch.map((p) => p.content)).then(
      (records) => batch.forEach((p, i) => p.resolve(records[i]!)),
      (error: unknown) => {
        const failure = new AuditWriteError(`the audit trail could not be written (${batch.length} record(s) refused): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        for (const p of batch) p.reject(failure);
      },
    );
    void this.writing.finally(() => {
      this.writing = undefined;
      // Whatever queued meanwhile already waited at least as long as a batch takes: go now.
      if (this.queue.length > 0) this.startBatch();
    });
  }
}
