import type { OutboxSql as EventSql, Row } from '@core/outbox/sql';
import type { AppDatabaseLocation } from '@core/sql/app-database';
import type { CheckedEvent } from './validate';
import type { DeliveredEvent } from './types';

/** A subscription's cursor as stored. */
export interface CursorRow {
  subscription: string;
  /** The last sequence acknowledged (0: nothing yet). */
  position: number;
  leaseToken: string | null;
  leaseUntil: number | null;
}

/** What a RabbitMQ consumer may do with an event it received. */
export type HandledClaim = 'claimed' | 'handled' | 'busy';

const EVENT_COLUMNS = 'seq, id, event_key, type, tenant, occurred_at, payload';

/**
 * Every statement of the event flow, in SQL both backends accept. Open one with `openEventStore`
 * (open.ts). Knows nothing of timing: the consumer and the relay decide, this records.
 */
export class EventStore {
  constructor(
    /** The flow whose log this is (e.g. 'services'); labels metrics, logs and delivered events. */
    readonly flow: string,
    readonly location: AppDatabaseLocation,
    private readonly sql: EventSql,
  ) {}

  // --- the log --------------------------------------------------------------------------------

  /**
   * Appends the events not yet in the log, in the order given, in ONE transaction, under the
   * sequence row's lock: sequences are given out and committed in the same order, so a cursor
   * never passes an event that commits later with a smaller sequence. Ids already recorded (or
   * repeated within `events`) are left out and reported.
   */
  async append(events: readonly CheckedEvent[], now = Date.now()): Promise<{ recorded: DeliveredEvent[]; duplicates: string[] }> {
    if (events.length === 0) return { recorded: [], duplicates: [] };
    return this.sql.transaction(async (tx) => {
      // Taking the row lock first: on MariaDB, whoever appends next waits here until we commit.
      await tx.run("UPDATE EVENT_SEQUENCE SET updated_at = ? WHERE name = 'log'", [now]);
      const [sequence] = await tx.select("SELECT last_seq FROM EVENT_SEQUENCE WHERE name = 'log'", []);
      let last = Number(sequence?.last_seq ?? 0);
      const ids = [...new Set(events.map((e) => e.id))];
      const existing = new Set<string>();
      for (let i = 0; i < ids.length; i += 200) {
        const chunk = ids.slice(i, i + 200);
        const rows = await tx.select(`SELECT id FROM EVENT_LOG WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk);
        for (const row of rows) existing.add(String(row.id));
      }
      const recorded: DeliveredEvent[] = [];
      const duplicates: string[] = [];
      for (const event of events) {
        if (existing.has(event.id)) {
          duplicates.push(event.id);
          continue;
        }
        existing.add(event.id);
        last += 1;
        await tx.run('INSERT INTO EVENT_LOG (seq, id, event_key, type, tenant, occurred_at, payload, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          last,
          event.id,
          event.key,
          event.type,
          event.tenant,
          event.at,
          event.json,
          now,
        ]);
        recorded.push({ flow: this.flow, sequence: last, id: event.id, key: event.key, type: event.type, tenant: event.tenant, at: event.at, payload: event.payload });
      }
      if (recorded.length > 0) await tx.run("UPDATE EVENT_SEQUENCE SET last_seq = ? WHERE name = 'log'", [last]);
      return { recorded, duplicates };
    });
  }

  /** Events after `position`, in sequence order. */
  async read(position: number, limit: number): Promise<DeliveredEvent[]> {
    const rows = await this.sql.select(`SELECT ${EVENT_COLUMNS} FROM EVENT_LOG WHERE seq > ? ORDER BY seq LIMIT ?`, [position, limit]);
    return rows.map((row) => this.eventFromRow(row));
  }

  /** Every event of one key (e.g. a request's timeline), in order. */
  async eventsOf(key: string, limit = 1_000): Promise<DeliveredEvent[]> {
    const rows = await this.sql.select(`SELECT ${EVENT_COLUMNS} FROM EVENT_LOG WHERE event_key = ? ORDER BY seq LIMIT ?`, [key, limit]);
    return rows.map((row) => this.eventFromRow(row));
  }

  /** The last sequence given out (0 for an empty log). */
  async head(): Promise<number> {
    const [row] = await this.sql.select("SELECT last_seq FROM EVENT_SEQUENCE WHERE name = 'log'", []);
    return Number(row?.last_seq ?? 0);
  }

  // --- cursors and their leases ---------------------------------------------------------------

  /** Creates the subscription's cursor unless it exists: at 0 (fromStart) or after the log's end. */
  async ensureCursor(subscription: string, fromStart: boolean, now = Date.now()): Promise<CursorRow> {
    const position = fromStart ? 0 : await this.head();
    await this.sql.run(`${this.sql.insertIgnore} INTO EVENT_CURSOR (subscription, position, lease_token, lease_until, created_at, updated_at) VALUES (?, ?, NULL, NULL, ?, ?)`, [
      subscription,
      position,
      now,
      now,
    ]);
    const found = await this.cursor(subscription);
    if (!found) throw new Error(`the cursor of ${subscription} could not be created`);
    return found;
  }

  async cursor(subscription: string): Promise<CursorRow | undefined> {
    const [row] = await this.sql.select('SELECT subscription, position, lease_token, lease_until FROM EVENT_CURSOR WHERE subscription = ?', [subscription]);
    return row && cursorFromRow(row);
  }

  async cursors(): Promise<CursorRow[]> {
    return (await this.sql.select('SELECT subscription, position, lease_token, lease_until FROM EVENT_CURSOR ORDER BY subscription', [])).map(cursorFromRow);
  }

  /**
   * Takes the subscription's lease: one conditional UPDATE, atomic on both backends, so of several
   * processes racing for it exactly one wins. Returns the position to continue after, or undefined
   * when another process holds an unexpired lease.
   */
  async claim(subscription: string, token: string, until: number, now = Date.now()): Promise<number | undefined> {
    const changed = await this.sql.run('UPDATE EVENT_CURSOR SET lease_token = ?, lease_until = ?, updated_at = ? WHERE subscription = ? AND (lease_token IS NULL OR lease_until < ?)', [
      token,
      until,
      now,
      subscription,
      now,
    ]);
    if (changed !== 1) return undefined;
    const found = await this.cursor(subscription);
    return found?.leaseToken === token ? found.position : undefined;
  }

  /** Extends a held lease; false when it was lost (it expired and another process took it). */
  async renew(subscription: string, token: string, until: number, now = Date.now()): Promise<boolean> {
    return (await this.sql.run('UPDATE EVENT_CURSOR SET lease_until = ?, updated_at = ? WHERE subscription = ? AND lease_token = ?', [until, now, subscription, token])) === 1;
  }

  /** Acknowledges up to `position` under a held lease (and extends it); false when the lease was lost. */
  async advance(subscription: string, token: string, position: number, until: number, now = Date.now()): Promise<boolean> {
    const changed = await this.sql.run('UPDATE EVENT_CURSOR SET position = ?, lease_until = ?, updated_at = ? WHERE subscription = ? AND lease_token = ? AND position <= ?', [
      position,
      until,
      now,
      subscription,
      token,
      position,
    ]);
    return changed === 1;
  }

  /** Gives a held lease back, so another process may take the subscription at once. */
  async release(subscription: string, token: string, now = Date.now()): Promise<void> {
    await this.sql.run('UPDATE EVENT_CURSOR SET lease_token = NULL, lease_until = NULL, updated_at = ? WHERE subscription = ? AND lease_token = ?', [now, subscription, token]);
  }

  /** Events after each cursor, by subscription (consumer lag, pending relay). */
  async lag(): Promise<Map<string, number>> {
    const head = await this.head();
    return new Map((await this.cursors()).map((c) => [c.subscription, Math.max(0, head - c.position)]));
  }

  // --- handled ids (RabbitMQ consumers) -------------------------------------------------------

  /**
   * Before handling a delivered event: 'claimed' when this process may handle it now (nobody has,
   * or a crashed handler's claim expired), 'handled' when it was handled already (acknowledge it
   * again, without effect), 'busy' when another process is handling it right now.
   */
  async claimHandling(subscription: string, eventId: string, token: string, until: number, now = Date.now()): Promise<HandledClaim> {
    const inserted = await this.sql.run(`${this.sql.insertIgnore} INTO EVENT_HANDLED (subscription, event_id, claim_token, claim_until, handled_at) VALUES (?, ?, ?, ?, NULL)`, [
      subscription,
      eventId,
      token,
      until,
    ]);
    if (inserted === 1) return 'claimed';
    const taken = await this.sql.run('UPDATE EVENT_HANDLED SET claim_token = ?, claim_until = ? WHERE subscription = ? AND event_id = ? AND handled_at IS NULL AND claim_until < ?', [
      token,
      until,
      subscription,
      eventId,
      now,
    ]);
    if (taken === 1) return 'claimed';
    const [row] = await this.sql.select('SELECT handled_at FROM EVENT_HANDLED WHERE subscription = ? AND event_id = ?', [subscription, eventId]);
    return row && row.handled_at != null ? 'handled' : 'busy';
  }

  async markHandled(subscription: string, eventId: string, token: string, now = Date.now()): Promise<boolean> {
    return (await this.sql.run('UPDATE EVENT_HANDLED SET handled_at = ?, claim_token = NULL, claim_until = NULL WHERE subscription = ? AND event_id = ? AND claim_token = ?', [now, subscription, eventId, token])) === 1;
  }

  /** The handler failed: the event may be handled again at once (by this process or another). */
  async releaseHandling(subscription: string, eventId: string, token: string): Promise<void> {
    await this.sql.run('DELETE FROM EVENT_HANDLED WHERE subscription = ? AND event_id = ? AND claim_token = ? AND handled_at IS NULL', [subscription, eventId, token]);
  }

  async close(): Promise<void> {
    await this.sql.close();
  }

  private eventFromRow(row: Row): DeliveredEvent {
    let payload: unknown;
    try {
      payload = JSON.parse(String(row.payload));
    } catch {
      payload = String(row.payload);
    }
    return {
      flow: this.flow,
      sequence: Number(row.seq),
      id: String(row.id),
      key: String(row.event_key),
      type: String(row.type),
      tenant: String(row.tenant),
      at: String(row.occurred_at),
      payload,
    };
  }
}

function cursorFromRow(row: Row): CursorRow {
  return {
    subscription: String(row.subscription),
    position: Number(row.position),
    leaseToken: row.lease_token == null ? null : String(row.lease_token),
    leaseUntil: row.lease_until == null ? null : Number(row.lease_until),
  };
}
