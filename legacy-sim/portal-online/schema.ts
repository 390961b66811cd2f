import type { Knex } from 'knex';

/**
 * The online application portal (a PHP web application of the 2020s, in the style of its kind):
 * lower-case Indonesian snake_case columns, DATETIME columns in office time, no foreign keys.
 * - `permohonan`: one row per application. `status` is the portal's integer code (0 draft,
 *   1 diajukan, 2 verifikasi, 3 ditolak, 4 diproses, 5 selesai); `id_layanan` is a row of
 *   `ref_layanan`; `antar_ojol` = 1 when the resident asked for courier delivery. `no_registrasi`
 *   is the number the resident follows on the status page, `<regency4>-ONL-<YYYYMMDD>-<serial>`.
 *   `ref_klien` holds the client reference of an application sent through Gerbang.
 * - `permohonan_lampiran`: the uploaded requirement documents, by their archive id in arsip
 *   (`ARS-YYYYMMDD-XXXXXXXX`); the portal keeps no files itself.
 * - `permohonan_log`: the status page's history, one row per change. It came with the 2023
 *   upgrade: applications submitted before it have no rows for their earlier steps.
 */
export const PERMOHONAN_TABLE = 'permohonan';
export const LAMPIRAN_TABLE = 'permohonan_lampiran';
export const LOG_TABLE = 'permohonan_log';
export const LAYANAN_TABLE = 'ref_layanan';
export const PORTAL_ONLINE_TABLES = [PERMOHONAN_TABLE, LAMPIRAN_TABLE, LOG_TABLE, LAYANAN_TABLE];

export async function createPortalOnlineSchema(db: Knex): Promise<void> {
  await db.schema.createTable(LAYANAN_TABLE, (t) => {
    t.integer('id_layanan').primary();
    t.string('kode', 20).notNullable();
    t.string('nama_layanan', 80).notNullable();
    /** Days the portal promises on its page (the office's published standard). */
    t.integer('sla_hari').notNullable();
    t.tinyint('aktif').notNullable();
  });
  await db.schema.createTable(PERMOHONAN_TABLE, (t) => {
    t.increments('id_permohonan').primary();
    t.string('no_registrasi', 30).notNullable();
    t.string('nik_pemohon', 16).notNullable();
    t.integer('id_layanan').notNullable();
    t.tinyint('status').notNullable();
    t.tinyint('antar_ojol').notNullable().defaultTo(0);
    t.string('no_hp', 20);
    t.string('catatan', 255);
    t.dateTime('tgl_dibuat').notNullable();
    /** Null for drafts. */
    t.dateTime('tgl_pengajuan');
    t.dateTime('tgl_update').notNullable();
    t.string('ref_klien', 64);
  });
  await db.schema.createTable(LAMPIRAN_TABLE, (t) => {
    t.increments('id_lampiran').primary();
    t.integer('id_permohonan').notNullable();
    t.string('jenis_dokumen', 30).notNullable();
    t.string('id_arsip', 30).notNullable();
    t.string('nama_file', 120);
    t.dateTime('tgl_unggah').notNullable();
  });
  await db.schema.createTable(LOG_TABLE, (t) => {
    t.increments('id_log').primary();
    t.integer('id_permohonan').notNullable();
    t.tinyint('status_lama');
    t.tinyint('status_baru').notNullable();
    t.string('keterangan', 255);
    /** An officer's NIP; null when the resident or the portal itself made the change. */
    t.string('petugas', 30);
    t.dateTime('tgl_log').notNullable();
  });
}

export async function createPortalOnlineIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PERMOHONAN_TABLE, (t) => {
    t.unique(['no_registrasi'], { indexName: 'uq_permohonan_noreg' });
    t.unique(['ref_klien'], { indexName: 'uq_permohonan_ref' });
    t.index(['nik_pemohon'], 'idx_permohonan_nik');
    t.index(['status', 'tgl_pengajuan'], 'idx_permohonan_status');
  });
  await db.schema.alterTable(LAMPIRAN_TABLE, (t) => {
    t.unique(['id_permohonan', 'id_arsip'], { indexName: 'uq_lampiran_arsip' });
  });
  await db.schema.alterTable(LOG_TABLE, (t) => {
    t.index(['id_permohonan'], 'idx_log_permohonan');
  });
}
