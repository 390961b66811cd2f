import type { Knex } from 'knex';

/**
 * The queue and appointment application's own tables (SIAP ANTRI, as the vendor named it): its
 * configuration (offices, services, daily quotas, holidays), the bookings, and a log row for
 * every status a booking goes through. Short `tb_` names, Indonesian snake_case columns, the
 * office as its own code ('00' the Dinas, a kecamatan by its region code without dots), the
 * service as the letter of its queue, the status as the vendor's words. No foreign keys.
 */
export const KANTOR_TABLE = 'tb_kantor';
export const LAYANAN_TABLE = 'tb_layanan';
export const KUOTA_TABLE = 'tb_kuota';
export const LIBUR_TABLE = 'tb_hari_libur';
export const ANTRIAN_TABLE = 'tb_antrian';
export const LOG_TABLE = 'tb_antrian_log';
export const ANTRIAN_TABLES = [KANTOR_TABLE, LAYANAN_TABLE, KUOTA_TABLE, LIBUR_TABLE, ANTRIAN_TABLE, LOG_TABLE];

/** The Dinas office's own code; kecamatan offices use their region code without dots ('367401'). */
export const KANTOR_DINAS = '00';

/**
 * The queues: one letter each (the ticket's prefix, `A-017`). The kecamatan offices serve the
 * seven kecamatan services; the Dinas serves them all.
 */
export const LAYANAN = {
  A: 'PEREKAMAN KTP-EL BARU',
  B: 'CETAK ULANG KTP-EL',
  C: 'KARTU KELUARGA BARU',
  D: 'PERUBAHAN KARTU KELUARGA',
  E: 'KARTU IDENTITAS ANAK',
  F: 'AKTA KELAHIRAN',
  G: 'AKTA KEMATIAN',
  H: 'SURAT PINDAH KELUAR',
  I: 'PINDAH DATANG',
  J: 'AKTIVASI IKD',
  K: 'AKTA PERKAWINAN',
  L: 'AKTA PERCERAIAN',
} as const;
export type KodeLayanan = keyof typeof LAYANAN;
export const LAYANAN_KECAMATAN: readonly KodeLayanan[] = ['A', 'B', 'C', 'D', 'E', 'H', 'I'];

/**
 * A booking's status, the vendor's words:
 *   BOOKED ──► CHECK_IN ──► SELESAI
 *     │  └──► NO_SHOW (closing the day: booked but never came)
 *     └──► BATAL (cancelled by the resident or the office)
 */
export const STATUS_ANTRIAN = ['BOOKED', 'CHECK_IN', 'SELESAI', 'NO_SHOW', 'BATAL'] as const;
export type StatusAntrian = (typeof STATUS_ANTRIAN)[number];
/** Statuses that take a place of the day's quota. */
export const STATUS_MEMAKAI_KUOTA: readonly StatusAntrian[] = ['BOOKED', 'CHECK_IN', 'SELESAI'];

/** Where the booking was made: the web booking page, the mobile app, or a ticket taken at the office. */
export const SUMBER = ['WEB', 'APP', 'LOKET'] as const;

export async function createAntrianSchema(db: Knex): Promise<void> {
  await db.schema.createTable(KANTOR_TABLE, (t) => {
    t.string('kd_kantor', 6).primary();
    t.string('nama_kantor', 60).notNullable();
    // 'DINAS' or 'KECAMATAN'
    t.string('jenis', 10).notNullable();
  });
  await db.schema.createTable(LAYANAN_TABLE, (t) => {
    t.string('kd_layanan', 1).primary();
    t.string('nama_layanan', 60).notNullable();
  });
  await db.schema.createTable(KUOTA_TABLE, (t) => {
    t.string('kd_kantor', 6).notNullable();
    t.string('kd_layanan', 1).notNullable();
    // Places per working day; the count starts again every day.
    t.integer('kuota_harian').notNullable();
    t.string('aktif', 1).notNullable().defaultTo('Y');
    t.primary(['kd_kantor', 'kd_layanan']);
  });
  await db.schema.createTable(LIBUR_TABLE, (t) => {
    t.date('tanggal').primary();
    t.string('keterangan', 60).notNullable();
  });
  await db.schema.createTable(ANTRIAN_TABLE, (t) => {
    t.increments('id_antrian').primary();
    t.string('kd_kantor', 6).notNullable();
    t.string('kd_layanan', 1).notNullable();
    t.date('tgl_kunjungan').notNullable();
    // Serial of the day per office and queue: the ticket is `<kd_layanan>-<no_urut, 3 digits>`.
    t.integer('no_urut').notNullable();
    t.string('no_tiket', 8).notNullable();
    t.string('nik', 16).notNullable();
    t.string('nama', 60);
    t.string('no_hp', 15);
    t.string('sumber', 5).notNullable();
    t.string('status', 10).notNullable();
    t.dateTime('tgl_daftar').notNullable();
    t.string('loket', 3);
    t.string('petugas', 18);
    // The booking site's own reference (the caller's), unique; NULL for tickets taken at the office.
    t.string('kd_referensi', 40).nullable().unique('uq_antrian_referensi');
    t.dateTime('tgl_ubah');
    t.unique(['kd_kantor', 'kd_layanan', 'tgl_kunjungan', 'no_urut'], 'uq_antrian_tiket');
  });
  await db.schema.createTable(LOG_TABLE, (t) => {
    t.increments('id_log').primary();
    t.integer('id_antrian').notNullable();
    t.string('status', 10).notNullable();
    t.dateTime('waktu').notNullable();
    t.string('petugas', 18);
    t.string('keterangan', 100);
  });
}

export async function createAntrianIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(ANTRIAN_TABLE, (t) => {
    t.index(['nik'], 'idx_antrian_nik');
    t.index(['tgl_daftar', 'id_antrian'], 'idx_antrian_tgl_daftar');
    t.index(['kd_kantor', 'tgl_kunjungan'], 'idx_antrian_kantor_tgl');
  });
  await db.schema.alterTable(LOG_TABLE, (t) => t.index(['id_antrian'], 'idx_antrian_log_antrian'));
}
