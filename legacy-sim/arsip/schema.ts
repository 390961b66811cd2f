import type { Knex } from 'knex';

/**
 * The digital archive's own table: one row per archived file, the file itself on disk in the
 * application's folder tree (core/files/app-folders.ts, `archive/`), at `path_simpan` relative to
 * it. The checksum column is how the application (and we) tell a file that changed on disk.
 */
export const ARSIP_TABLE = 'arsip_dokumen';
export const ARSIP_TABLES = [ARSIP_TABLE];

export async function createArsipSchema(db: Knex): Promise<void> {
  await db.schema.createTable(ARSIP_TABLE, (t) => {
    t.string('id_arsip', 24).primary();
    t.string('jenis_dokumen', 20).notNullable();
    t.string('nik_pemilik', 16).notNullable();
    t.string('nama_asli', 200).notNullable();
    t.bigInteger('ukuran').notNullable();
    t.string('tipe_konten', 40).notNullable();
    t.string('checksum_sha256', 64).notNullable();
    // Relative to the archive folder, Windows-style: '2024\03\ARS-20240312-0A1B2C3D.PDF'.
    t.string('path_simpan', 200).notNullable();
    t.dateTime('tgl_unggah').notNullable();
    t.string('petugas', 30);
    // The uploader's own reference; NULL for files scanned at the counter.
    t.string('no_referensi', 40).nullable().unique('uq_arsip_no_referensi');
  });
}

export async function createArsipIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(ARSIP_TABLE, (t) => {
    t.index(['nik_pemilik'], 'idx_arsip_nik');
  });
}
