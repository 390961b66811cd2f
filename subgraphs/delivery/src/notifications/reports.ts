import { randomUUID } from 'node:crypto';
import { deadlineIn } from '@core/deadline';
import type { Logger } from '@core/log';
import { Periodic } from '@core/periodic';
import type { DeliveryReport, NotifikasiPort } from '@adapters/notifikasi';
import type { NotificationStore } from './store';

/** The feed's name in NOTIFICATION_FEED. */
const FEED = 'notifikasi';
const BATCH = 200;

export interface ReportFollowerOptions {
  /** How often the feed is read when idle (default 5 s; the gateway reports seconds after a send). */
  intervalMs?: number;
  /** How long one process's hold on the feed lasts without renewal (default 60 s). */
  leaseMs?: number;
  /** Called for each report of ours after it is recorded (the SMS fallback listens for NOT_ON_WHATSAPP). */
  onReport?: (report: DeliveryReport) => Promise<void>;
}

/**
 * Follows the gateway's delivery-report feed and records the reports of our messages
 * (NOTIFICATION_REPORT) and each notification's latest status (NOTIFICATION). One replica at a
 * time (a lease in NOTIFICATION_FEED); the cursor moves only after a batch is recorded, so a crash
 * reads the batch again, and each report is recorded once (keyed by its cursor). A first run starts
 * at the gateway's newest report: the history is not ours to import.
 */
export class ReportFollower {
  private readonly token = randomUUID();
  private readonly loop: Periodic;
  private readonly intervalMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly port: NotifikasiPort,
    private readonly store: NotificationStore,
    private readonly logger: Logger,
    private readonly options: ReportFollowerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.loop = new Periodic(() => this.followOnce(), this.intervalMs, (error) => this.logger.warn('delivery reports not read this round', { error: (error as Error).message }));
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.store.releaseFeed(FEED, this.token).catch(() => undefined);
  }

  /** Reads the feed to its end (if this process holds it); answers how many reports were ours. */
  async followOnce(): Promise<number> {
    const held = await this.store.claimFeed(FEED, this.token, Date.now() + this.leaseMs);
    if (!held) return 0;
    let cursor = held.cursor ?? (await this.port.currentCursor(deadlineIn(5_000)));
    if (held.cursor === null && !(await this.store.moveFeed(FEED, this.token, cursor))) return 0;
    let ours = 0;
    for (let round = 0; round < 50 && !this.loop.stopping; round++) {
      const page = await this.port.reportsSince(cursor, BATCH, deadlineIn(5_000));
      const recorded = await this.store.recordReports(page.reports);
      ours += recorded.length;
      for (const report of recorded) await this.options.onReport?.(report);
      if (page.cursor !== cursor && !(await this.store.moveFeed(FEED, this.token, page.cursor))) break;
      cursor = page.cursor;
      if (!page.hasMore) break;
      // Renewed while a long backlog is read.
      await this.store.claimFeed(FEED, this.token, Date.now() + this.leaseMs);
    }
    return ours;
  }
}
