import { deadlineIn } from '@core/deadline';
import type { Logger } from '@core/log';
import { Periodic } from '@core/periodic';
import type { OjolPort } from '@adapters/ojol';
import { applyStatusEvent, mergeOrderSnapshot } from './status-events';
import type { OrderStore } from './store';

/**
 * Recovers the callbacks that never came: while Gerbang was down the partner tried a few times and
 * gave up. Every `intervalMs` the partner's change feed is read from the cursor kept in the
 * subgraph's database, each change taken by the same rule as a callback (an event id once, never
 * backwards), then the cursor is stored: a crash in between reads the same changes again, which are
 * doubles by then. The feed carries statuses only, so the orders it moved are read once more for
 * their courier and proof. A first run starts at the partner's newest change (its history before
 * Gerbang is none of ours). The partner down: skipped this round, read from the same cursor next time.
 */
export interface FeedPollerOptions {
  tenant: string;
  intervalMs: number;
  batchSize?: number;
  logger: Logger;
}

export class CourierFeedPoller {
  private readonly loop: Periodic;

  constructor(
    private readonly ojol: OjolPort,
    private readonly store: OrderStore,
    private readonly options: FeedPollerOptions,
  ) {
    this.loop = new Periodic(() => this.pollOnce(), options.intervalMs, (error) => options.logger.warn('courier partner feed not read this round', { error: (error as Error).message }));
  }

  /** Starts the loop (intervalMs 0: only pollOnce, e.g. tests); the first round runs at once. */
  start(): void {
    if (this.options.intervalMs > 0) this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Reads the feed to its end; answers how many changes moved an order on. */
  async pollOnce(): Promise<number> {
    const { tenant } = this.options;
    const limit = this.options.batchSize ?? 200;
    let cursor = await this.store.feedCursor(tenant);
    if (cursor === undefined) {
      cursor = await this.ojol.currentCursor(deadlineIn(5_000));
      await this.store.setFeedCursor(tenant, cursor);
    }
    let applied = 0;
    const moved = new Set<string>();
    for (let round = 0; round < 50 && !this.loop.stopping; round++) {
      const page = await this.ojol.changesSince(cursor, limit, deadlineIn(5_000));
      for (const change of page.changes) {
        const outcome = await applyStatusEvent(this.store.db, { eventId: change.eventId, reference: change.reference, orderId: change.orderId, status: change.status, statusAt: change.at }, 'poll');
        if (outcome === 'applied') {
          applied += 1;
          moved.add(change.reference);
        }
      }
      if (page.cursor !== cursor) await this.store.setFeedCursor(tenant, page.cursor);
      if (page.cursor === cursor || !page.hasMore) break;
      cursor = page.cursor;
    }
    if (moved.size > 0) {
      // The courier and the proof, which the feed does not carry.
      const orders = await this.ojol.ordersByReference([...moved], deadlineIn(5_000));
      for (const order of orders.values()) await mergeOrderSnapshot(this.store.db, order);
      this.options.logger.info('courier partner changes recovered from the feed', { applied, orders: moved.size });
    }
    return applied;
  }
}
