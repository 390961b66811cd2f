import type { Knex } from 'knex';

/**
 * The move-out application's own tables (SKPWNI, Surat Keterangan Pindah WNI, form F-1.03), as the
 * vendor built them: a letter row and one row per person moving, lower-case Indonesian names with
 * a `t_` prefix, region codes stored without dots, the form's boxes as one-digit codes, no
 * foreign keys.
 */
export const SKPWNI_TABLE = 't_skpwni';
export const ANGGOTA_TABLE = 't_skpwni_anggota';
export const PINDAH_KELUAR_TABLES = [SKPWNI_TABLE, ANGGOTA_TABLE];

/** Klasifikasi kepindahan, worked out by the application from origin and destination codes. */
export const KLASIFIKASI = { DALAM_DESA: '1', ANTAR_DESA: '2', ANTAR_KECAMATAN: '3', ANTAR_KABUPATEN: '4', ANTAR_PROVINSI: '5' } as const;

/** Alasan pindah (the form's boxes): work, education, security, health, housing, family, other. */
export const ALASAN_PINDAH = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** Jenis kepindahan: 1 head only, 2 head and whole family, 3 head and some members, 4 members only. */
export const JENIS_KEPINDAHAN = ['1', '2', '3', '4'] as const;

/** Letter status: issued, or cancelled by an officer when the resident withdrew. */
export const STATUS_SURAT = ['TERBIT', 'BATAL'] as const;
export type StatusSurat = (typeof STATUS_SURAT)[number];

export async function createPindahKeluarSchema(db: Knex): Promise<void> {
  await db.schema.createTable(SKPWNI_TABLE, (t) => {
    t.string('no_skpwni', 40).primary();
    // The letter number's serial counts per year; kept apart so the next one is a MAX, not a parse.
    t.integer('tahun').notNullable();
    t.integer('no_urut').notNullable();
    t.string('no_kk', 16).notNullable();
    t.string('nik_pemohon', 16).notNullable();
    t.string('kode_wil_asal', 10).notNullable();
    t.string('alamat_asal', 120);
    t.string('kode_wil_tujuan', 10).notNullable();
    t.string('alamat_tujuan', 120);
    t.string('klasifikasi', 1).notNullable();
    t.string('alasan', 1).notNullable();
    t.string('jenis_kepindahan', 1).notNullable();
    t.date('tgl_pindah').notNullable();
    t.dateTime('tgl_terbit').notNullable();
    t.string('status_surat', 8).notNullable();
    // The portal's own reference; NULL for letters made at the counter.
    t.string('no_referensi', 40).nullable().unique('uq_skpwni_no_referensi');
    t.string('petugas', 18);
    t.unique(['tahun', 'no_urut'], 'uq_skpwni_tahun_urut');
  });
  await db.schema.createTable(ANGGOTA_TABLE, (t) => {
    t.string('no_skpwni', 40).notNullable();
    t.integer('no_urut').notNullable();
    t.string('nik', 16).notNullable();
    t.primary(['no_skpwni', 'nik']);
  });
}

export async function createPindahKeluarIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(ANGGOTA_TABLE, (t) => t.index(['nik'], 'idx_skpwni_anggota_nik'));
  await db.schema.alterTable(SKPWNI_TABLE, (t) => t.index(['tgl_terbit'], 'idx_skpwni_tgl_terbit'));
}
