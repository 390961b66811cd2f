import type { Knex } from 'knex';

/**
 * The electronic signature application's own tables, as the vendor built them: `tte_` prefix,
 * lower-case Indonesian names. Its signing key lives in its own table (the vendor's "HSM" is a
 * row), the signatures in another; a revoked signature stays, with its status changed.
 */
export const KUNCI_TABLE = 'tte_kunci';
export const TTD_TABLE = 'tte_tanda_tangan';
export const TTE_TABLES = [KUNCI_TABLE, TTD_TABLE];

/** Status strings the application writes. */
export const STATUS_TTD = { AKTIF: 'AKTIF', DICABUT: 'DICABUT' } as const;

export async function createTteSchema(db: Knex): Promise<void> {
  await db.schema.createTable(KUNCI_TABLE, (t) => {
    t.string('id_kunci', 20).primary();
    // PEM text: PKCS#8 private key and SPKI public key (Ed25519).
    t.text('kunci_privat').notNullable();
    t.text('kunci_publik').notNullable();
    t.string('aktif', 1).notNullable();
    t.dateTime('tgl_buat').notNullable();
  });
  await db.schema.createTable(TTD_TABLE, (t) => {
    t.string('id_ttd', 32).primary();
    t.string('jenis_dokumen', 20).notNullable();
    t.string('no_dokumen', 60).notNullable();
    // SHA-256 of the document, lower-case hex.
    t.string('hash_dokumen', 64).notNullable();
    t.string('nama_penandatangan', 80).notNullable();
    t.string('nip_penandatangan', 18).notNullable();
    t.string('jabatan_penandatangan', 80).notNullable();
    t.dateTime('tgl_ttd').notNullable();
    t.string('id_kunci', 20).notNullable();
    t.text('qr_payload').notNullable();
    t.string('status', 10).notNullable();
    t.dateTime('tgl_cabut');
    t.string('alasan_cabut', 120);
    // The caller's own reference; NULL for documents signed in the application's own screen.
    t.string('no_referensi', 40).nullable().unique('uq_tte_no_referensi');
  });
}

export async function createTteIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(TTD_TABLE, (t) => {
    t.index(['jenis_dokumen', 'no_dokumen'], 'idx_tte_dokumen');
  });
}
