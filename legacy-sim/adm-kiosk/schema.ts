import type { Knex } from 'knex';

/**
 * The self-service kiosk application's own tables (ADM, Anjungan Dukcapil Mandiri), as the vendor
 * built them: the malls and their kiosks (its configuration), the one-time PINs residents ask for
 * to print one document, the print jobs a kiosk runs when a PIN is entered, and a log row for
 * every step. `m_` for master data, `t_` for transactions; no foreign keys.
 */
export const MALL_TABLE = 'm_mall';
export const KIOSK_TABLE = 'm_kiosk';
export const PIN_TABLE = 't_pin';
export const CETAK_TABLE = 't_cetak';
export const LOG_TABLE = 't_log';
export const ADM_KIOSK_TABLES = [MALL_TABLE, KIOSK_TABLE, PIN_TABLE, CETAK_TABLE, LOG_TABLE];

/** The documents a kiosk prints, by the app's own codes. */
export const JENIS_DOKUMEN = ['KK', 'AKTA_LAHIR', 'AKTA_MATI', 'AKTA_KAWIN', 'AKTA_CERAI', 'KIA'] as const;
export type JenisDokumen = (typeof JENIS_DOKUMEN)[number];

/** A PIN: usable until `berlaku_sampai`, then KEDALUWARSA; TERPAKAI once entered at a kiosk; BATAL when withdrawn. */
export const STATUS_PIN = ['AKTIF', 'TERPAKAI', 'KEDALUWARSA', 'BATAL'] as const;
export type StatusPin = (typeof STATUS_PIN)[number];

/** A print job: PROSES while the kiosk prints (about two minutes), then SELESAI, or GAGAL (paper jam, no ink). */
export const STATUS_CETAK = ['PROSES', 'SELESAI', 'GAGAL'] as const;
export type StatusCetak = (typeof STATUS_CETAK)[number];

/** The log's events, one per step of a PIN's life. */
export const PERISTIWA = ['PIN_TERBIT', 'CETAK_MULAI', 'CETAK_SELESAI', 'CETAK_GAGAL', 'PIN_KEDALUWARSA', 'PIN_BATAL'] as const;
export type Peristiwa = (typeof PERISTIWA)[number];

/** Where the PIN was asked for: the web page, the mobile app, or WhatsApp. */
export const KANAL = ['WEB', 'APP', 'WA'] as const;

export async function createAdmKioskSchema(db: Knex): Promise<void> {
  await db.schema.createTable(MALL_TABLE, (t) => {
    t.string('kode_mall', 4).primary();
    t.string('nama_mall', 60).notNullable();
    // The kecamatan the mall stands in, region code without dots.
    t.string('kode_kec', 6).notNullable();
  });
  await db.schema.createTable(KIOSK_TABLE, (t) => {
    t.string('id_kiosk', 12).primary();
    t.string('kode_mall', 4).notNullable();
    // 'AKTIF' or 'RUSAK' (out of order: PINs are refused there).
    t.string('status_kiosk', 6).notNullable();
  });
  await db.schema.createTable(PIN_TABLE, (t) => {
    t.increments('id_pin').primary();
    t.string('pin', 6).notNullable();
    t.string('nik', 16).notNullable();
    t.string('jenis_dokumen', 12).notNullable();
    t.string('no_dokumen', 40).notNullable();
    t.string('kanal', 4).notNullable();
    t.dateTime('dibuat').notNullable();
    t.dateTime('berlaku_sampai').notNullable();
    t.string('status_pin', 12).notNullable();
    t.dateTime('dipakai').nullable();
    t.string('id_kiosk', 12).nullable();
    // The caller's reference, unique; NULL for PINs asked at the Dinas's own desk.
    t.string('kd_referensi', 40).nullable().unique('uq_pin_referensi');
  });
  await db.schema.createTable(CETAK_TABLE, (t) => {
    t.increments('id_cetak').primary();
    t.integer('id_pin').notNullable().unique('uq_cetak_pin');
    t.string('id_kiosk', 12).notNullable();
    t.dateTime('mulai').notNullable();
    // When the kiosk will report the print done (mulai + the print time).
    t.dateTime('estimasi_selesai').notNullable();
    t.dateTime('selesai').nullable();
    t.string('status_cetak', 8).notNullable();
    t.string('keterangan', 100).nullable();
  });
  await db.schema.createTable(LOG_TABLE, (t) => {
    t.increments('id_log').primary();
    t.integer('id_pin').notNullable();
    t.string('peristiwa', 16).notNullable();
    t.dateTime('waktu').notNullable();
    t.string('id_kiosk', 12).nullable();
    t.string('petugas', 18).nullable();
    t.string('keterangan', 100).nullable();
  });
}

export async function createAdmKioskIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PIN_TABLE, (t) => {
    t.index(['pin', 'status_pin'], 'idx_pin_pin');
    t.index(['nik'], 'idx_pin_nik');
    t.index(['dibuat', 'id_pin'], 'idx_pin_dibuat');
  });
  await db.schema.alterTable(LOG_TABLE, (t) => t.index(['id_pin'], 'idx_log_pin'));
}
