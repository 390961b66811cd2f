import type { Knex } from 'knex';
import type { Logger } from '@core/log';
import { Periodic } from '@core/periodic';
import type { CourierInfo, CourierJobKind, CourierOrderStatus } from '@adapters/ojol';
import { EVENT_TABLE, ORDER_TABLE } from '../store';
import { referenceOf, type Intake } from './intake';

/**
 * The resident's notices of their courier order's progress (assigned, picked up, delivered,
 * failed, cancelled). Every change the partner tells Gerbang — by callback, by the feed after an
 * outage, or in an order's own answer — is applied by one rule (../status-events.ts), which marks
 * the event row `noticed = 0` in the same transaction that moves the order on. This loop turns
 * each marked row into a notification order (the outbox, keyed by the partner's event id, as the
 * request notices are keyed by theirs) and only then marks it `noticed = 1`:
 * - a double, late or forged callback never moves the order, so it is never marked: one notice per
 *   real change, whatever the partner sends;
 * - a crash between the order and the mark finds the order there next round (its key): nothing
 *   doubled; a crash before the order finds the row still marked: nothing lost.
 * Replicas may sweep at once: the outbox key lets one of them order each notice.
 */
export interface CourierNoticesOptions {
  tenant: string;
  /** How often the marked changes are swept (default 1 s). */
  intervalMs?: number;
  batchSize?: number;
  logger: Logger;
}

interface MarkedChange {
  event_id: string;
  status: CourierOrderStatus;
  service_request_id: string;
  applicant_nik: string;
  kind: CourierJobKind;
  item: string;
  courier: string | null;
  reason: string | null;
}

/** The notice's change id: the partner's event id, told apart from the services flow's ids. */
export const courierEventId = (partnerEventId: string): string => `ojol:${partnerEventId}`;

export class CourierNotices {
  private readonly loop: Periodic;

  constructor(
    private readonly db: Knex,
    private readonly intake: Intake,
    private readonly options: CourierNoticesOptions,
  ) {
    this.loop = new Periodic(() => this.sweepOnce(), options.intervalMs ?? 1_000, (error) => options.logger.warn('courier notices not ordered this round', { error: (error as Error).message }));
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Orders the notices of the changes marked so far, oldest first; answers how many were newly ordered. */
  async sweepOnce(): Promise<number> {
    const rows = (await this.db(`${EVENT_TABLE} as e`)
      .join(`${ORDER_TABLE} as o`, 'o.reference', 'e.reference')
      .where({ 'e.noticed': 0, 'o.tenant': this.options.tenant })
      .orderBy([{ column: 'e.received_at' }, { column: 'e.event_id' }])
      .limit(this.options.batchSize ?? 100)
      .select('e.event_id', 'e.status', 'o.service_request_id', 'o.applicant_nik', 'o.kind', 'o.item', 'o.courier', 'o.reason')) as MarkedChange[];
    let ordered = 0;
    for (const row of rows) {
      if (this.loop.stopping) break;
      const eventId = courierEventId(row.event_id);
      const courier = row.courier ? (JSON.parse(row.courier) as CourierInfo) : null;
      const isNew = await this.intake.order(this.options.tenant, {
        subject: 'courier',
        eventId,
        channel: 'WHATSAPP',
        reference: referenceOf(eventId, 'WHATSAPP'),
        requestId: row.service_request_id,
        applicantNik: row.applicant_nik,
        kind: row.kind,
        status: row.status,
        item: row.item,
        courier: courier ? { name: courier.name, plate: courier.plate } : null,
        reason: row.status === 'FAILED' || row.status === 'CANCELLED' ? row.reason : null,
      });
      if (isNew) ordered += 1;
      await this.db(EVENT_TABLE).where({ event_id: row.event_id }).update({ noticed: 1 });
    }
    return ordered;
  }
}
