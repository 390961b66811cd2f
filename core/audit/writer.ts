import { normaliseEntry, type AuditContent, type AuditEntry, type AuditRecord } from './record';
import { AuditReader } from './reader';
import type { AuditStore } from './store';

export interface AuditWriterOptions {
  /** Most records written in one transaction. */
  maxBatch?: number;
  /** How long the first record of a batch waits for others to join it, in ms. */
  maxDelayMs?: number;
}

export const DEFAULT_AUDIT_BATCH = { maxBatch: 256, maxDelayMs: 2 } as const;

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
 * The only writer of a process. `append` queues a record and resolves once it is committed;
 * records queued within `maxDelayMs` of each other (or `maxBatch` of them) go in one transaction,
 * chained in the order they were appended. One transaction is in flight at a time; appends arriving
 * meanwhile form the next batch. When a transaction fails, every append waiting on it rejects
 * with an AuditWriteError: a record is never dropped silently, and the caller answers with an error
 * instead of the data (fail closed). Later appends try again.
 */
export class AuditWriter {
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
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
    clearTimeout(this.timer);
    this.timer = undefined;
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
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startBatch();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.writing) this.startBatch();
      }, this.maxDelayMs);
    }
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
