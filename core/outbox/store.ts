import { randomUUID } from 'node:crypto';
import type { AppDatabaseLocation } from '@core/sql/app-database';
import { clip, fromJson, messageFromRow, toJson } from './rows';
import type { OutboxSql, Row } from './sql';
import type { MessageState, MutationStatus, NewOutboxMessage, OutboxMessage } from './types';

/** An idempotency row as stored. */
export interface IdempotencyRow {
  tenant: string;
  key: string;
  operation: string;
  principalId: string | null;
  requestHash: string;
  state: 'IN_PROGRESS' | 'COMPLETED';
  claimToken: string | null;
  claimUntil: number | null;
  result: unknown;
  createdAt: number;
}

/** Which messages an operator means: one message, one mutation's, or all of a state. */
export interface MessageFilter {
  id?: string;
  tenant?: string;
  idempotencyKey?: string;
  target?: string;
  state?: MessageState;
  /** Only messages created before this time (e.g. stuck for more than an hour). */
  createdBefore?: Date;
  limit?: number;
}

/** The claim on an IN_PROGRESS key was lost (it expired and another request took the key over). */
export class IdempotencyClaimLost extends Error {
  constructor() {
    super('the idempotency key was taken over by another request after its claim expired');
    this.name = 'IdempotencyClaimLost';
  }
}

const MESSAGE_COLUMNS = 'id, tenant, idem_key, seq, target_app, operation, payload, state, attempts, next_attempt_at, last_error_code, last_error_message, result, created_at, delivered_at';

/**
 * Every statement the outbox runs, in SQL both backends accept. Knows nothing about handlers or
 * timing policy: IdempotencyKeys and OutboxDispatcher decide, this records. Open one with
 * `openOutboxStore` (open.ts); a process has one store per outbox database, shared by its
 * IdempotencyKeys, its dispatcher and its status queries.
 */
export class OutboxStore {
  constructor(
    /** The subgraph (or other owner) whose outbox this is; labels metrics and logs. */
    readonly name: string,
    readonly location: AppDatabaseLocation,
    private readonly sql: OutboxSql,
  ) {}

  // --- idempotency keys -----------------------------------------------------------------------

  async findKey(tenant: string, key: string): Promise<IdempotencyRow | undefined> {
    const rows = await this.sql.select('SELECT * FROM OUTBOX_IDEMPOTENCY WHERE tenant = ? AND idem_key = ?', [tenant, key]);
    return rows[0] && keyFromRow(rows[0]);
  }

  /** Inserts an IN_PROGRESS row unless the key is there; true when this call inserted it. */
  async insertClaim(row: { tenant: string; key: string; operation: string; principalId: string | null; requestHash: string; token: string; until: number; now: number }): Promise<boolean> {
    const changes = await this.sql.run(
      `${this.sql.insertIgnore} INTO OUTBOX_IDEMPOTENCY (tenant, idem_key, operation, principal_id, request_hash, state, claim_token, claim_until, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, NULL, ?, ?)`,
      [row.tenant, row.key, row.operation, row.principalId, row.requestHash, row.token, row.until, row.now, row.now],
    );
    return changes === 1;
  }

  /** Takes over an IN_PROGRESS key whose claim expired (its request crashed); true when taken. */
  async takeOverClaim(tenant: string, key: string, token: string, until: number, now: number): Promise<boolean> {
    const changes = await this.sql.run(
      "UPDATE OUTBOX_IDEMPOTENCY SET claim_token = ?, claim_until = ?, updated_at = ? WHERE tenant = ? AND idem_key = ? AND state = 'IN_PROGRESS' AND claim_until < ?",
      [token, until, now, tenant, key, now],
    );
    return changes === 1;
  }

  /**
   * Completes a claimed key with its result and inserts the mutation's messages, in ONE
   * transaction: either the key answers its result and every message will be delivered, or
   * nothing is recorded and the key is still the caller's to retry. Returns the messages' ids.
   */
  async complete(tenant: string, key: string, token: string, result: unknown, messages: readonly NewOutboxMessage[], now = Date.now()): Promise<string[]> {
    const ids = messages.map(() => randomUUID());
    await this.sql.transaction(async (tx) => {
      const changed = await tx.run(
        "UPDATE OUTBOX_IDEMPOTENCY SET state = 'COMPLETED', result = ?, claim_token = NULL, claim_until = NULL, updated_at = ? WHERE tenant = ? AND idem_key = ? AND state = 'IN_PROGRESS' AND claim_token = ?",
        [toJson(result), now, tenant, key, token],
      );
      if (changed !== 1) throw new IdempotencyClaimLost();
      for (const [seq, message] of messages.entries()) {
        await tx.run(
          `INSERT INTO OUTBOX_MESSAGE (id, tenant, idem_key, seq, target_app, operation, payload, state, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)`,
          [ids[seq], tenant, key, seq, message.target, message.operation, toJson(message.payload), now, now, now],
        );
      }
    });
    return ids;
  }

  /** Gives a claimed key back (the mutation failed before recording anything): it may be used again. */
  async releaseClaim(tenant: string, key: string, token: string): Promise<void> {
    await this.sql.run("DELETE FROM OUTBOX_IDEMPOTENCY WHERE tenant = ? AND idem_key = ? AND state = 'IN_PROGRESS' AND claim_token = ?", [tenant, key, token]);
  }

  // --- delivery -------------------------------------------------------------------------------

  /** Ids of PENDING messages due now and not leased, oldest due first. */
  async dueMessages(now: number, limit: number): Promise<string[]> {
    const rows = await this.sql.select(
      "SELECT id FROM OUTBOX_MESSAGE WHERE state = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?",
      [now, now, limit],
    );
    return rows.map((r) => String(r.id));
  }

  /**
   * Claims a message for one delivery: a single conditional UPDATE, atomic on both backends, so of
   * several dispatchers (replicas) racing for it exactly one changes the row. Counts the attempt.
   * Returns the message as claimed, or undefined when it is not PENDING, not due, or leased.
   */
  async claimMessage(id: string, token: string, leaseUntil: number, now: number): Promise<OutboxMessage | undefined> {
    const changes = await this.sql.run(
      "UPDATE OUTBOX_MESSAGE SET lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)",
      [token, leaseUntil, now, id, now, now],
    );
    if (changes !== 1) return undefined;
    const rows = await this.sql.select(`SELECT ${MESSAGE_COLUMNS} FROM OUTBOX_MESSAGE WHERE id = ? AND lease_token = ?`, [id, token]);
    return rows[0] && messageFromRow(rows[0]);
  }

  /** Records the delivery; false when the lease was lost meanwhile (another dispatcher will re-check). */
  async markDelivered(id: string, token: string, result: unknown, now = Date.now()): Promise<boolean> {
    const changes = await this.sql.run(
      "UPDATE OUTBOX_MESSAGE SET state = 'DELIVERED', result = ?, delivered_at = ?, updated_at = ?, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?",
      [toJson(result), now, now, id, token],
    );
    return changes === 1;
  }

  /** Records a failed attempt to be tried again at `nextAttemptAt`, and frees the lease. */
  async markRetry(id: string, token: string, nextAttemptAt: number, error: { code: string; message: string }, now = Date.now()): Promise<boolean> {
    const changes = await this.sql.run(
      'UPDATE OUTBOX_MESSAGE SET next_attempt_at = ?, last_error_code = ?, last_error_message = ?, updated_at = ?, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?',
      [nextAttemptAt, clip(error.code, 64), clip(error.message), now, id, token],
    );
    return changes === 1;
  }

  /** Records that the target refused the message for good: it is not tried again unless an operator says so. */
  async markFailed(id: string, token: string, error: { code: string; message: string }, now = Date.now()): Promise<boolean> {
    const changes = await this.sql.run(
      "UPDATE OUTBOX_MESSAGE SET state = 'FAILED_PERMANENTLY', last_error_code = ?, last_error_message = ?, updated_at = ?, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?",
      [clip(error.code, 64), clip(error.message), now, id, token],
    );
    return changes === 1;
  }

  // --- following and operating ----------------------------------------------------------------

  /** The mutation recorded under (tenant, key) and its messages, or undefined when unknown. */
  async status(tenant: string, key: string): Promise<MutationStatus | undefined> {
    const found = await this.findKey(tenant, key);
    if (!found) return undefined;
    const messages = (await this.sql.select(`SELECT ${MESSAGE_COLUMNS} FROM OUTBOX_MESSAGE WHERE tenant = ? AND idem_key = ? ORDER BY seq`, [tenant, key])).map(messageFromRow);
    const delivery = messages.some((m) => m.state === 'FAILED_PERMANENTLY') ? 'FAILED' : messages.every((m) => m.state === 'DELIVERED') ? 'DELIVERED' : 'PENDING';
    return {
      tenant,
      idempotencyKey: key,
      operation: found.operation,
      principalId: found.principalId,
      state: found.state,
      delivery: found.state === 'COMPLETED' ? delivery : 'PENDING',
      result: found.result,
      createdAt: new Date(found.createdAt),
      messages,
    };
  }

  /** Messages matching `filter`, oldest first (for operators: what is stuck, what failed). */
  async messages(filter: MessageFilter = {}): Promise<OutboxMessage[]> {
    const { where, bindings } = whereOf(filter);
    const rows = await this.sql.select(`SELECT ${MESSAGE_COLUMNS} FROM OUTBOX_MESSAGE${where} ORDER BY created_at, seq LIMIT ?`, [...bindings, filter.limit ?? 100]);
    return rows.map(messageFromRow);
  }

  /** Message counts by target and state (the metrics' gauges, and `outbox stats`). */
  async counts(): Promise<Array<{ target: string; state: MessageState; count: number }>> {
    const rows = await this.sql.select("SELECT target_app, state, COUNT(*) AS n FROM OUTBOX_MESSAGE WHERE state IN ('PENDING', 'FAILED_PERMANENTLY') GROUP BY target_app, state", []);
    return rows.map((r) => ({ target: String(r.target_app), state: String(r.state) as MessageState, count: Number(r.n) }));
  }

  /**
   * An operator's "try again now": matching FAILED_PERMANENTLY messages go back to PENDING with
   * their attempts reset, and PENDING ones waiting out a backoff become due at once. Leased
   * messages (being delivered right now) are left alone. Returns how many were changed.
   */
  async retryNow(filter: Omit<MessageFilter, 'limit'>, now = Date.now()): Promise<number> {
    const { where, bindings } = whereOf({ ...filter, state: undefined });
    const scope = where ? `${where} AND` : ' WHERE';
    const stateOnly = filter.state ? ' AND state = ?' : '';
    return this.sql.run(
      `UPDATE OUTBOX_MESSAGE SET attempts = CASE WHEN state = 'FAILED_PERMANENTLY' THEN 0 ELSE attempts END, state = 'PENDING', next_attempt_at = ?, updated_at = ?${scope} state <> 'DELIVERED' AND (lease_until IS NULL OR lease_until < ?)${stateOnly}`,
      [now, now, ...bindings, now, ...(filter.state ? [filter.state] : [])],
    );
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}

function keyFromRow(row: Row): IdempotencyRow {
  return {
    tenant: String(row.tenant),
    key: String(row.idem_key),
    operation: String(row.operation),
    principalId: row.principal_id == null ? null : String(row.principal_id),
    requestHash: String(row.request_hash),
    state: String(row.state) as IdempotencyRow['state'],
    claimToken: row.claim_token == null ? null : String(row.claim_token),
    claimUntil: row.claim_until == null ? null : Number(row.claim_until),
    result: fromJson(row.result),
    createdAt: Number(row.created_at),
  };
}

function whereOf(filter: MessageFilter): { where: string; bindings: unknown[] } {
  const clauses: string[] = [];
  const bindings: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    clauses.push(clause);
    bindings.push(value);
  };
  if (filter.id !== undefined) add('id = ?', filter.id);
  if (filter.tenant !== undefined) add('tenant = ?', filter.tenant);
  if (filter.idempotencyKey !== undefined) add('idem_key = ?', filter.idempotencyKey);
  if (filter.target !== undefined) add('target_app = ?', filter.target);
  if (filter.state !== undefined) add('state = ?', filter.state);
  if (filter.createdBefore !== undefined) add('created_at < ?', filter.createdBefore.getTime());
  return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', bindings };
}
