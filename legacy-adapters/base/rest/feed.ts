import type { Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import type { RestLegacyClient } from './client';

/**
 * A REST application's change feed read by its numbered log (ojol's perubahan, notifikasi's delivery
 * reports, pengaduan's complaint history; the emulators serve it with changeFeedRoutes):
 * `GET <path>?<since>=<id>&jumlah=<n>` gives the entries after an id, `GET <path>/terakhir` the
 * newest id. Gerbang's cursors are `<app>:<id>`, opaque to callers and refused when they are not
 * this feed's. A page is in log order whatever order the app answers in, and its cursor stays where
 * it was when there is nothing new.
 */
export interface FeedPage<T> {
  entries: T[];
  cursor: string;
  hasMore: boolean;
}

export class NumberedFeed {
  private readonly pattern: RegExp;

  constructor(
    /** The cursor's prefix, the application's catalogue id. */
    private readonly app: string,
    /** What the feed is, for the refusal of a foreign cursor: 'courier feed'. */
    private readonly what: string,
    private readonly read: { path: string; sinceParam: string; maxLimit: number },
  ) {
    this.pattern = new RegExp(`^${app}:(\\d{1,12})$`);
  }

  cursorFor(id: number | string): string {
    return `${this.app}:${Number(id)}`;
  }

  /** The log id behind a cursor this feed made (null: from the very first). */
  idOf(cursor: string | null): number {
    if (cursor === null) return 0;
    const m = this.pattern.exec(cursor);
    if (!m) throw badUserInput('cursor', 'INVALID_CURSOR', `This cursor was not given by the ${this.what}; start again without one.`);
    return Number(m[1]);
  }

  /** The entries after `cursor`, each mapped (its `cursor` made with cursorFor), at most `limit`. */
  async page<R, T extends { cursor: string }>(rest: RestLegacyClient, cursor: string | null, limit: number, map: (record: R) => T, deadline: Deadline): Promise<FeedPage<T>> {
    const since = this.idOf(cursor);
    if (!Number.isInteger(limit) || limit < 1 || limit > this.read.maxLimit) throw badUserInput('limit', 'INVALID_LIMIT', `Ask for 1 to ${this.read.maxLimit} entries of the ${this.what} at a time.`);
    const records = (await rest.get<R[]>(this.read.path, { [this.read.sinceParam]: since, jumlah: limit }, deadline)) ?? [];
    const entries = records.map(map).sort((a, b) => this.idOf(a.cursor) - this.idOf(b.cursor));
    return { entries, cursor: entries.at(-1)?.cursor ?? this.cursorFor(since), hasMore: entries.length === limit };
  }

  /** The cursor at the newest entry: where a reader starts that does not import the history. */
  async end(rest: RestLegacyClient, deadline: Deadline): Promise<string> {
    const answer = await rest.get<{ id_terakhir: number | string }>(`${this.read.path}/terakhir`, {}, deadline);
    return this.cursorFor(Number(answer?.id_terakhir ?? 0));
  }
}
