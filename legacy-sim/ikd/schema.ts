import type { Knex } from 'knex';

/**
 * The digital ID (IKD, Identitas Kependudukan Digital) activation register, as the vendor's
 * application keeps it: one row per resident who has started activation in the IKD phone app
 * (`nik` is the key), the state as a word, the phone as the app reported it (free text), local
 * WIB time without a zone. Residents who never opened the app have no row.
 */
export const IKD_TABLE = 't_aktivasi_ikd';
export const IKD_TABLES = [IKD_TABLE];

/** State words the current version writes (the pilot version wrote others: see rows.ts). */
export const STATUS_AKTIVASI = ['BELUM AKTIVASI', 'MENUNGGU VERIFIKASI', 'AKTIF', 'DITANGGUHKAN'] as const;
export type StatusAktivasi = (typeof STATUS_AKTIVASI)[number];

export async function createIkdSchema(db: Knex): Promise<void> {
  await db.schema.createTable(IKD_TABLE, (t) => {
    t.string('nik', 16).primary();
    t.string('status_aktivasi', 24).notNullable();
    // When the resident registered in the phone app.
    t.dateTime('tgl_daftar').notNullable();
    // When an officer verified the face match and QR; NULL until then.
    t.dateTime('tgl_aktivasi');
    // As the phone app reported it: 'Android 13 (SM-A145F)', 'iOS 17.4 (iPhone 13)', or the pilot's 'ANDROID'.
    t.string('perangkat', 60);
    t.string('keterangan', 120);
    t.string('petugas', 18);
    t.dateTime('tgl_ubah');
  });
}

export async function createIkdIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(IKD_TABLE, (t) => {
    t.index(['status_aktivasi', 'tgl_daftar'], 'idx_ikd_status_tgl');
  });
}
