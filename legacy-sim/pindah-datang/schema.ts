import type { Knex } from 'knex';

/**
 * The move-in application's own tables (SKDWNI, Surat Keterangan Datang WNI), as the vendor built
 * them, no foreign keys:
 * - `t_skpwni_masuk`: move-out letters this office can accept arrivals against: those received
 *   through the national exchange from other regencies (source PUSAT) and those an officer typed
 *   in from the paper letter when registering an arrival (source INPUT). The people are one
 *   ';'-separated string, as the exchange sends them; region codes ten digits without dots.
 * - `t_datang` + `t_datang_anggota`: arrivals and the people arriving; new KK / KTP flags 'Y'/'T'.
 */
export const SKPWNI_MASUK_TABLE = 't_skpwni_masuk';
export const DATANG_TABLE = 't_datang';
export const DATANG_ANGGOTA_TABLE = 't_datang_anggota';
export const PINDAH_DATANG_TABLES = [SKPWNI_MASUK_TABLE, DATANG_TABLE, DATANG_ANGGOTA_TABLE];

export async function createPindahDatangSchema(db: Knex): Promise<void> {
  await db.schema.createTable(SKPWNI_MASUK_TABLE, (t) => {
    t.string('no_skpwni', 40).primary();
    t.string('no_kk', 16).notNullable();
    t.string('kode_wil_asal', 10).notNullable();
    t.string('kode_wil_tujuan', 10).notNullable();
    t.string('nik_anggota', 400).notNullable();
    t.string('sumber', 5).notNullable();
    t.dateTime('tgl_terima').notNullable();
  });
  await db.schema.createTable(DATANG_TABLE, (t) => {
    t.string('no_datang', 40).primary();
    t.integer('tahun').notNullable();
    t.integer('no_urut').notNullable();
    t.string('no_skpwni', 40).notNullable();
    t.string('kode_wil_tujuan', 10).notNullable();
    t.string('alamat_tujuan', 120);
    t.string('kk_baru', 1).notNullable();
    t.string('ktp_baru', 1).notNullable();
    t.date('tgl_datang').notNullable();
    t.dateTime('tgl_entri').notNullable();
    t.string('no_referensi', 40).nullable().unique('uq_datang_no_referensi');
    t.string('petugas', 18);
    t.unique(['tahun', 'no_urut'], 'uq_datang_tahun_urut');
  });
  await db.schema.createTable(DATANG_ANGGOTA_TABLE, (t) => {
    t.string('no_datang', 40).notNullable();
    t.integer('no_urut').notNullable();
    t.string('nik', 16).notNullable();
    t.primary(['no_datang', 'nik']);
  });
}

export async function createPindahDatangIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(DATANG_ANGGOTA_TABLE, (t) => t.index(['nik'], 'idx_datang_anggota_nik'));
  await db.schema.alterTable(DATANG_TABLE, (t) => {
    t.index(['no_skpwni'], 'idx_datang_no_skpwni');
    t.index(['tgl_entri'], 'idx_datang_tgl_entri');
  });
}
