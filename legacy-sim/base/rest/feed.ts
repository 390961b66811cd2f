import { permintaanTidakValid, sukses } from './envelope';
import type { RestRoute } from './routes';

/**
 * A change feed as the old REST apps serve it (ojol's perubahan, notifikasi's laporan, pengaduan's
 * riwayat): `GET <path>?<since>=<last id read>&jumlah=<n>` answers the rows after that id, oldest
 * first (an empty feed is a success with an empty list, unlike the lookups), and
 * `GET <path>/terakhir` the newest id, where a new reader starts.
 */
export interface ChangeFeed<Row> {
  path: string;
  /** The parameter naming the last id read: 'sejak', 'sejak_id'. */
  sinceParam: string;
  /** The most rows one call may ask for. */
  maxRows: number;
  after(since: number, limit: number): Promise<Row[]>;
  json(row: Row): unknown;
  lastId(): Promise<number>;
}

export function changeFeedRoutes<Row>(feed: ChangeFeed<Row>): RestRoute[] {
  return [
    {
      method: 'GET',
      path: feed.path,
      handle: async ({ query }) => {
        const since = query.get(feed.sinceParam);
        const jumlah = query.get('jumlah') ?? '100';
        if (!since || !/^\d{1,12}$/.test(since)) throw permintaanTidakValid(`${feed.sinceParam.toUpperCase()} WAJIB DIISI`);
        if (!/^\d{1,4}$/.test(jumlah) || Number(jumlah) < 1 || Number(jumlah) > feed.maxRows) throw permintaanTidakValid(`JUMLAH HARUS 1 SAMPAI ${feed.maxRows}`);
        return sukses((await feed.after(Number(since), Number(jumlah))).map((row) => feed.json(row)));
      },
    },
    { method: 'GET', path: `${feed.path}/terakhir`, handle: async () => sukses({ id_terakhir: await feed.lastId() }) },
  ];
}
