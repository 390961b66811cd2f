import type { Knex } from 'knex';

/**
 * The SMS/WhatsApp gateway's own tables (catalogue #23, "notifikasi"), as its vendor built them:
 * one row per message it accepted (with the plan of what the operator will report, drawn when it
 * was accepted), one row per delivery report (the "since" feed the clients poll), and the
 * settings the operator changes at run time (the send rate). Lower-case Indonesian names with a
 * `tb_` prefix, integer status codes with a gap, failure reasons as 'E0x' codes, no foreign keys.
 */
export const PESAN_TABLE = 'tb_pesan';
export const LAPORAN_TABLE = 'tb_laporan';
export const PENGATURAN_TABLE = 'tb_pengaturan';
export const NOTIFIKASI_TABLES = [PESAN_TABLE, LAPORAN_TABLE, PENGATURAN_TABLE];

/**
 * Status codes: 1 antri (accepted, waiting for the operator), 2 terkirim (handed to the operator),
 * 3 diterima (the handset confirmed), 4 dibaca (WhatsApp only: read; WhatsApp often reports the
 * read receipt alone, without a separate "diterima"), 9 gagal (with a kd_gagal).
 */
export const STATUS = { ANTRI: 1, TERKIRIM: 2, DITERIMA: 3, DIBACA: 4, GAGAL: 9 } as const;
export const STATUS_KET: Record<number, string> = { 1: 'ANTRI', 2: 'TERKIRIM', 3: 'DITERIMA', 4: 'DIBACA', 9: 'GAGAL' };
/** Statuses after which nothing more happens to a message. */
export const FINAL_STATUSES: readonly number[] = [STATUS.DITERIMA, STATUS.DIBACA, STATUS.GAGAL];

/**
 * Why a message failed. E01 and E04 come from the operator at once (the message never leaves
 * ANTRI); E02 and E03 after it was handed over (TERKIRIM, then GAGAL).
 */
export const GAGAL: Record<string, string> = {
  E01: 'NOMOR TIDAK DIKENAL',
  E02: 'NOMOR TIDAK AKTIF / DI LUAR JANGKAUAN',
  E03: 'NOMOR TIDAK TERDAFTAR WHATSAPP',
  E04: 'DITOLAK OPERATOR',
};
export const GAGAL_SEGERA: readonly string[] = ['E01', 'E04'];

export const KANAL = ['SMS', 'WA'] as const;
export type Kanal = (typeof KANAL)[number];

/** Who wrote a report: the operator's delivery report, or the gateway's back-office staff by hand. */
export const SUMBER = { OPERATOR: 'OPERATOR', PETUGAS: 'PETUGAS' } as const;

/** Settings rows. KUNCI_TULIS is the write lock every writer bumps first (see ./messages.ts). */
export const PENGATURAN = { RATE: 'RATE_PER_DETIK', KUNCI: 'KUNCI_TULIS' } as const;

/** The vendor's column for the client reference: longer references are cut to this, silently. */
export const REF_KLIEN_MAX = 32;

export async function createNotifikasiSchema(db: Knex): Promise<void> {
  await db.schema.createTable(PESAN_TABLE, (t) => {
    t.increments('id_pesan').primary();
    // The client's reference: not unique (the gateway dedupes only within 24 hours), and compared
    // without case, as the vendor's MySQL collation does (SQLite is told so explicitly).
    if (db.client.config.client === 'mysql2') t.string('ref_klien', REF_KLIEN_MAX).nullable();
    else t.specificType('ref_klien', `varchar(${REF_KLIEN_MAX}) COLLATE NOCASE`).nullable();
    t.string('kanal', 3).notNullable();
    // '628…', whatever the client sent ('08…', '+628…').
    t.string('no_tujuan', 16).notNullable();
    t.text('isi_pesan').notNullable();
    t.integer('jml_bagian').notNullable();
    t.integer('biaya').notNullable();
    t.integer('kd_status').notNullable();
    t.string('kd_gagal', 3).nullable();
    t.string('url_callback', 200).nullable();
    t.dateTime('tgl_terima').notNullable();
    t.dateTime('tgl_kirim').nullable();
    t.dateTime('tgl_laporan').nullable();
    // The plan drawn at acceptance: when the operator takes it, when its last report comes, how it ends.
    t.dateTime('jadwal_kirim').notNullable();
    t.dateTime('jadwal_laporan').notNullable();
    t.integer('rencana_status').notNullable();
    t.string('rencana_gagal', 3).nullable();
  });
  await db.schema.createTable(LAPORAN_TABLE, (t) => {
    // The reports' own sequence: what the "since" feed pages on.
    t.increments('id_laporan').primary();
    t.integer('id_pesan').notNullable();
    t.integer('kd_status').notNullable();
    t.string('kd_gagal', 3).nullable();
    t.dateTime('waktu').notNullable();
    t.string('sumber', 8).notNullable();
    // NULL: the message has no callback; 'N' to be sent; 'Y' sent; 'E' sent once and lost (never again).
    t.string('status_callback', 1).nullable();
  });
  await db.schema.createTable(PENGATURAN_TABLE, (t) => {
    t.string('nama', 30).primary();
    t.string('nilai', 100).notNullable();
  });
}

export async function createNotifikasiIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PESAN_TABLE, (t) => {
    t.index(['ref_klien'], 'idx_pesan_ref');
    t.index(['no_tujuan'], 'idx_pesan_tujuan');
    t.index(['kd_status', 'jadwal_kirim'], 'idx_pesan_status_kirim');
    t.index(['tgl_terima'], 'idx_pesan_terima');
  });
  await db.schema.alterTable(LAPORAN_TABLE, (t) => {
    t.index(['id_pesan'], 'idx_laporan_pesan');
    t.index(['status_callback'], 'idx_laporan_callback');
  });
}
