import type { Knex } from 'knex';

/**
 * The child ID card (KIA) application's own table, as the vendor built it: lower-case Indonesian
 * names with a `t_` prefix, no foreign keys, and every date kept as VARCHAR 'DD-MM-YYYY' text
 * (the first version was built on spreadsheets; the columns stayed text when it moved to a
 * database). One row per card issued (`no_kia`); a child has a second row when a lost or damaged
 * card was replaced, and the old row then says DIGANTI.
 */
export const KIA_TABLE = 't_kia';
export const KIA_TABLES = [KIA_TABLE];

/** Status words the current version writes (the first version wrote others: see rows.ts). */
export const STATUS_KIA = ['TERBIT', 'DICETAK', 'DIAMBIL', 'DIGANTI'] as const;
export type StatusKia = (typeof STATUS_KIA)[number];

/** What the counter form asks: a first card, or a replacement for a lost or damaged one. */
export const JENIS_PERMOHONAN = ['BARU', 'HILANG', 'RUSAK'] as const;
export type JenisPermohonan = (typeof JENIS_PERMOHONAN)[number];

export async function createKiaSchema(db: Knex): Promise<void> {
  await db.schema.createTable(KIA_TABLE, (t) => {
    t.string('no_kia', 24).primary();
    t.string('nik_anak', 16).notNullable();
    // Text, and in rows migrated from the first version with a leading apostrophe (spreadsheet habit).
    t.string('no_kk', 17).notNullable();
    t.string('nama_anak', 80).notNullable();
    t.string('tgl_lahir', 10).notNullable();
    t.string('jenis_permohonan', 6).notNullable();
    t.string('status_kia', 20).notNullable();
    t.string('tgl_terbit', 10).notNullable();
    // '' in first-version rows: that version did not print an expiry.
    t.string('tgl_berlaku', 10).notNullable();
    // The portal's or partner's own reference; NULL for cards requested at the counter.
    t.string('no_permohonan', 40).nullable().unique('uq_kia_no_permohonan');
    t.string('petugas', 18);
    t.dateTime('tgl_entri').notNullable();
    t.dateTime('tgl_ubah');
  });
}

export async function createKiaIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(KIA_TABLE, (t) => {
    t.index(['nik_anak'], 'idx_kia_nik_anak');
    t.index(['no_kk'], 'idx_kia_no_kk');
    t.index(['status_kia'], 'idx_kia_status');
  });
}
