import type { Knex } from 'knex';

/**
 * The kecamatan counter application (catalogue #17): the 7 services every kecamatan office handles
 * at its counter, one database for the regency's kecamatan offices. Written by a local vendor in
 * lower-case Indonesian snake_case, unlike SIAK: the office as `no_prop/no_kab/no_kec`, the service
 * as an integer code (`kec_ref_layanan`), the status as an Indonesian word, the NIP of the counter
 * staff on each row, local (WIB) time, no foreign keys.
 *
 * Version 2 of the app (July 2024) added a status history (`kec_riwayat_status`): requests entered
 * before it have no history rows, only their current status and last update on the request row.
 * `ref_gerbang` holds the client reference of a request made through Gerbang (unique), so a
 * retried write is recognised.
 */
export const PERMOHONAN_TABLE = 'kec_permohonan';
export const RIWAYAT_TABLE = 'kec_riwayat_status';
export const REF_LAYANAN_TABLE = 'kec_ref_layanan';
export const KECAMATAN_TABLES = [PERMOHONAN_TABLE, RIWAYAT_TABLE, REF_LAYANAN_TABLE];

/** The app's service codes, as its reference table lists them (99: anything else the counter wrote down). */
export const LAYANAN: ReadonlyArray<readonly [number, string]> = [
  [1, 'KTP-EL BARU (PEREKAMAN 17 TAHUN)'],
  [2, 'KTP-EL PENGGANTIAN (HILANG/RUSAK/PERUBAHAN DATA)'],
  [3, 'KK BARU'],
  [4, 'KK PERUBAHAN'],
  [5, 'KIA'],
  [6, 'SURAT PINDAH KELUAR'],
  [7, 'PINDAH DATANG'],
  [99, 'LAIN-LAIN'],
];

/** The statuses the counter screen writes (version 1 wrote them in lower case). */
export const STATUS_WORDS = ['DITERIMA', 'DIPROSES', 'SELESAI', 'DITOLAK'] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

export async function createKecamatanSchema(db: Knex): Promise<void> {
  await db.schema.createTable(REF_LAYANAN_TABLE, (t) => {
    t.integer('kd_layanan').primary();
    t.string('nm_layanan', 80).notNullable();
  });
  await db.schema.createTable(PERMOHONAN_TABLE, (t) => {
    t.increments('id_permohonan').primary();
    /** 'REG-<6-digit kecamatan>-<YYYYMMDD>-<serial of the office and day>'. */
    t.string('no_registrasi', 32).notNullable();
    t.integer('kd_layanan').notNullable();
    t.string('nik_pemohon', 16);
    t.string('nama_pemohon', 80);
    t.string('no_kk', 16);
    t.integer('no_prop').notNullable();
    t.integer('no_kab').notNullable();
    t.integer('no_kec').notNullable();
    t.string('status', 10).notNullable();
    /** NIP (18 digits) of the counter staff who last worked the request. */
    t.string('nip_petugas', 18);
    t.string('keterangan', 200);
    t.dateTime('tgl_daftar').notNullable();
    t.dateTime('tgl_update');
    t.string('ref_gerbang', 64);
  });
  await db.schema.createTable(RIWAYAT_TABLE, (t) => {
    t.increments('id_riwayat').primary();
    t.integer('id_permohonan').notNullable();
    t.string('status', 10).notNullable();
    t.string('nip_petugas', 18);
    t.string('catatan', 200);
    t.dateTime('tgl_status').notNullable();
  });
}

export async function createKecamatanIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PERMOHONAN_TABLE, (t) => {
    t.unique(['no_registrasi'], { indexName: 'uq_kec_permohonan_noreg' });
    t.unique(['ref_gerbang'], { indexName: 'uq_kec_permohonan_ref' });
    t.index(['nik_pemohon'], 'idx_kec_permohonan_nik');
    t.index(['no_prop', 'no_kab', 'no_kec', 'tgl_daftar'], 'idx_kec_permohonan_kantor');
    t.index(['tgl_daftar', 'id_permohonan'], 'idx_kec_permohonan_tgl');
  });
  await db.schema.alterTable(RIWAYAT_TABLE, (t) => {
    t.index(['id_permohonan', 'id_riwayat'], 'idx_kec_riwayat_permohonan');
  });
}
