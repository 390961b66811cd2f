import { deadlineIn } from '@core/deadline';
import type { EventSeal } from '@core/events';
import type { Logger } from '@core/log';
import { requestId } from '../ids';
import type { Sources } from '../loaders';
import type { FeedCursors } from './cursor-store';
import { Periodic } from '@core/periodic';
import { withZone } from './zone';
import { STATUS_CHANGED, type EventPublisher, type FlowEvent } from './publisher';

/**
 * Status changes seen in the applications (their officers' screens included: the old apps cannot
 * call out, so they are polled): every `intervalMs`, each application's change feed is read from
 * the stored cursor, each change published once as `service-request.status-changed` (id: app +
 * the app's change id; key: the request's id, so a request's changes stay in order), then the
 * cursor is stored. A first run starts at the newest change (history is not replayed). An
 * application that is down is skipped this round and read from the same cursor next time.
 */
export interface FeedPollerOptions {
  tenant: string;
  /** The tenant's offices' zone: the apps record local time, the flow takes it with its offset. */
  timeZone: string;
  intervalMs: number;
  /** Changes per read (an application with more is read again at once). */
  batchSize?: number;
  /**
   * Seals the applicant's NIK into the event (`applicant`), for the consumers entitled to it (the
   * notifier); without it the events name no applicant. The NIK never travels in clear.
   */
  seal?: EventSeal;
  logger: Logger;
}

export class FeedPoller {
  private readonly loop: Periodic;

  constructor(
    private readonly sources: Sources,
    private readonly cursors: FeedCursors,
    private readonly publisher: EventPublisher,
    private readonly options: FeedPollerOptions,
  ) {
    // Each round handles its own applications' failures (an application down is read next time).
    this.loop = new Periodic(() => this.pollOnce(), options.intervalMs);
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One round over every application; answers how many changes were published. */
  async pollOnce(): Promise<number> {
    let published = 0;
    for (const source of this.sources.values()) {
      try {
        published += await this.drain(source.app);
      } catch (error) {
        this.options.logger.warn('change feed not read this round', { app: source.app, error: (error as Error).message });
      }
    }
    return published;
  }

  private async drain(app: string): Promise<number> {
    const source = this.sources.get(app)!;
    const { tenant } = this.options;
    const limit = this.options.batchSize ?? 200;
    let cursor = await this.cursors.get(tenant, app);
    if (cursor === undefined) {
      cursor = await source.latestCursor(deadlineIn(5_000));
      await this.cursors.set(tenant, app, cursor);
    }
    let published = 0;
    for (let round = 0; round < 50 && !this.loop.stopping; round++) {
      const page = await source.changesSince(cursor, limit, deadlineIn(5_000));
      const events: FlowEvent[] = page.changes.map((c) => ({
        id: `${app}:${c.changeId}`,
        key: requestId(app, c.localId),
        type: STATUS_CHANGED,
        tenant,
        at: withZone(c.change.at, this.options.timeZone),
        payload: {
          requestId: requestId(app, c.localId), application: app, service: c.service, status: c.change.status, at: c.change.at, note: c.change.note, by: c.change.by,
          ...(this.options.seal && c.applicantNik ? { applicant: this.options.seal.seal(c.applicantNik) } : {}),
        },
      }));
      if (events.length > 0) await this.publisher.publish(events);
      // Stored only after the flow took them: a crash in between publishes them again (same ids, recorded once).
      if (page.cursor !== cursor) await this.cursors.set(tenant, app, page.cursor);
      published += events.length;
      if (page.cursor === cursor || page.changes.length < limit) break;
      cursor = page.cursor;
    }
    return published;
  }
}
