import type { Knex } from 'knex';

/**
 * The ojek-online partner's own tables (catalogue #22, "ojol"), as its partner-integration team
 * built them: fee quotes, orders (pickup of a resident's requirement documents, or delivery of a
 * finished document), the order's status log (what the "perubahan" feed pages on), the outgoing
 * callbacks (the partner's own webhook queue), the callback settings the partner's operators tune,
 * and a lock row. Lower-case Indonesian names with a `tb_` prefix, status codes as numbers with
 * gaps (10, 20, … 99), money as integer rupiah, distance in metres, no foreign keys.
 */
export const TARIF_TABLE = 'tb_tarif';
export const ORDER_TABLE = 'tb_order';
export const RIWAYAT_TABLE = 'tb_riwayat_order';
export const CALLBACK_TABLE = 'tb_callback';
export const SETELAN_TABLE = 'tb_setelan_callback';
export const KUNCI_TABLE = 'tb_kunci';
export const OJOL_TABLES = [TARIF_TABLE, ORDER_TABLE, RIWAYAT_TABLE, CALLBACK_TABLE, SETELAN_TABLE, KUNCI_TABLE];

/** The partner's order statuses: the number in its tables and API, the word in its callbacks. */
export const STATUS = {
  MENCARI_DRIVER: 10,
  DRIVER_DITEMUKAN: 20,
  DIJEMPUT: 30,
  SELESAI: 40,
  GAGAL: 90,
  DIBATALKAN: 99,
} as const;
export type KodeStatus = (typeof STATUS)[keyof typeof STATUS];

export const STATUS_KET: Record<number, string> = { 10: 'MENCARI_DRIVER', 20: 'DRIVER_DITEMUKAN', 30: 'DIJEMPUT', 40: 'SELESAI', 90: 'GAGAL', 99: 'DIBATALKAN' };

/** Final statuses: nothing happens to the order after them. */
export const FINAL: readonly number[] = [STATUS.SELESAI, STATUS.GAGAL, STATUS.DIBATALKAN];

/**
 * The moves the partner's system allows. The caller may cancel until the courier has the item
 * (10, 20); the partner itself may cancel then too (no courier found, courier cancelled).
 */
export const ALLOWED_MOVES: Record<number, readonly number[]> = {
  10: [20, 99],
  20: [30, 99],
  30: [40, 90],
  40: [],
  90: [],
  99: [],
};

/** JEMPUT: fetch a resident's requirement documents to the office; ANTAR: bring a finished document home. */
export const JENIS = ['JEMPUT', 'ANTAR'] as const;
export type Jenis = (typeof JENIS)[number];

/** Who cancelled: P pelanggan (the caller, through the API), M mitra (the partner or its courier). */
export const DIBATALKAN_OLEH = { PELANGGAN: 'P', MITRA: 'M' } as const;

/** Callback rows: ANTRI waiting (or waiting to be tried again), TERKIRIM accepted, GAGAL given up. */
export const STATUS_KIRIM = { ANTRI: 'ANTRI', TERKIRIM: 'TERKIRIM', GAGAL: 'GAGAL' } as const;

export async function createOjolSchema(db: Knex): Promise<void> {
  await db.schema.createTable(TARIF_TABLE, (t) => {
    t.increments('id_tarif').primary();
    t.string('kode_tarif', 24).notNullable().unique('uq_tarif_kode');
    t.string('jenis', 6).notNullable();
    t.decimal('asal_lat', 10, 7).notNullable();
    t.decimal('asal_lon', 10, 7).notNullable();
    t.decimal('tujuan_lat', 10, 7).notNullable();
    t.decimal('tujuan_lon', 10, 7).notNullable();
    t.integer('jarak_m').notNullable();
    t.integer('biaya').notNullable();
    t.dateTime('dibuat').notNullable();
    t.dateTime('berlaku_sampai').notNullable();
    // The order that used the quote; a quote is good for one order only.
    t.integer('id_order').nullable();
  });
  await db.schema.createTable(ORDER_TABLE, (t) => {
    t.increments('id_order').primary();
    t.string('no_order', 20).notNullable().unique('uq_order_no');
    // The caller's own reference: asking again with it answers the order already made.
    t.string('ref_mitra', 40).notNullable().unique('uq_order_ref');
    t.string('jenis', 6).notNullable();
    t.string('kode_tarif', 24).notNullable();
    for (const end of ['asal', 'tujuan']) {
      t.string(`${end}_alamat`, 200).notNullable();
      t.decimal(`${end}_lat`, 10, 7).notNullable();
      t.decimal(`${end}_lon`, 10, 7).notNullable();
      t.string(`${end}_nama`, 60).notNullable();
      t.string(`${end}_telp`, 20).notNullable();
    }
    t.string('barang', 100).notNullable();
    t.string('catatan', 200).nullable();
    t.integer('jarak_m').notNullable();
    t.integer('biaya').notNullable();
    t.integer('kode_status').notNullable();
    t.string('driver_nama', 60).nullable();
    t.string('driver_plat', 12).nullable();
    t.string('driver_telp', 20).nullable();
    t.string('penerima_nama', 60).nullable();
    t.string('foto_bukti', 120).nullable();
    t.dateTime('waktu_terima').nullable();
    t.decimal('lat_terima', 10, 7).nullable();
    t.decimal('lon_terima', 10, 7).nullable();
    t.string('alasan', 200).nullable();
    t.string('dibatalkan_oleh', 1).nullable();
    t.dateTime('dibuat').notNullable();
    t.dateTime('diubah').notNullable();
  });
  await db.schema.createTable(RIWAYAT_TABLE, (t) => {
    // The log's own sequence: what the "perubahan" feed and the callbacks' id_event are.
    t.increments('id_riwayat').primary();
    t.integer('id_order').notNullable();
    t.integer('kode_status').notNullable();
    t.string('keterangan', 200).nullable();
    t.dateTime('waktu').notNullable();
  });
  await db.schema.createTable(CALLBACK_TABLE, (t) => {
    t.increments('id_callback').primary();
    t.integer('id_riwayat').notNullable();
    t.integer('id_order').notNullable();
    // The order's state at the change, as the callback carries it (waktu_kirim is added when sent).
    t.text('isi').notNullable();
    // Epoch milliseconds: delays and retries are shorter than a second in tests.
    t.bigInteger('kirim_setelah').notNullable();
    t.integer('percobaan').notNullable().defaultTo(0);
    t.string('status_kirim', 10).notNullable();
    t.integer('http_terakhir').nullable();
    t.string('galat', 200).nullable();
    t.dateTime('dibuat').notNullable();
    t.dateTime('terkirim').nullable();
  });
  await db.schema.createTable(SETELAN_TABLE, (t) => {
    t.integer('id').primary();
    // Chances as the operators' screen takes them: per mille (0 to 1000).
    t.integer('peluang_ganda').notNullable();
    t.integer('peluang_tunda').notNullable();
    t.integer('tunda_ms').notNullable();
    t.integer('maks_percobaan').notNullable();
    t.integer('jeda_ulang_ms').notNullable();
    t.integer('benih').notNullable();
  });
  await db.schema.createTable(KUNCI_TABLE, (t) => {
    t.string('nama', 10).primary();
    t.integer('nilai').notNullable();
  });
}

export async function createOjolIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(ORDER_TABLE, (t) => {
    t.index(['kode_status', 'diubah'], 'idx_order_status');
  });
  await db.schema.alterTable(RIWAYAT_TABLE, (t) => t.index(['id_order'], 'idx_riwayat_order'));
  await db.schema.alterTable(CALLBACK_TABLE, (t) => t.index(['status_kirim', 'kirim_setelah'], 'idx_callback_antri'));
}
