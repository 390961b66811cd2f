import type { Knex } from 'knex';

/**
 * The complaints desk's own tables (catalogue #20, "pengaduan"), as its vendor built them: a
 * complaint row, a history row for everything that happens to it (the complaint coming in, each
 * status change, each answer from an officer), and the counter the ticket numbers come from.
 * Lower-case Indonesian names with a `t_` prefix, integer status codes with a gap, two-digit
 * category codes (one retired), the unit a complaint is about as a region code without dots, no
 * foreign keys.
 */
export const PENGADUAN_TABLE = 't_pengaduan';
export const TANGGAPAN_TABLE = 't_tanggapan';
export const NOMOR_TABLE = 't_nomor';
export const PENGADUAN_TABLES = [PENGADUAN_TABLE, TANGGAPAN_TABLE, NOMOR_TABLE];

/** Status codes: 1 baru, 2 diproses (sent to the unit concerned), 3 dijawab, 4 selesai (closed), 9 ditolak (not a complaint, spam). */
export const STATUS = { BARU: 1, DIPROSES: 2, DIJAWAB: 3, SELESAI: 4, DITOLAK: 9 } as const;
export const STATUS_KET: Record<number, string> = { 1: 'BARU', 2: 'DIPROSES', 3: 'DIJAWAB', 4: 'SELESAI', 9: 'DITOLAK' };

/**
 * The moves the desk allows. An answered complaint goes back to DIPROSES when the resident is not
 * satisfied; SELESAI and DITOLAK are final.
 */
export const ALLOWED_MOVES: Record<number, readonly number[]> = { 1: [2, 3, 9], 2: [3, 9], 3: [2, 4], 4: [], 9: [] };

/** Category codes ('10' SARAN was retired in 2021 when suggestions moved to a survey; old rows keep it). */
export const KATEGORI: Record<string, string> = {
  '01': 'KTP-EL',
  '02': 'KARTU KELUARGA',
  '03': 'AKTA CATATAN SIPIL',
  '04': 'PINDAH DATANG',
  '05': 'LAYANAN ONLINE',
  '06': 'ANTRIAN',
  '07': 'SIKAP PETUGAS',
  '08': 'PUNGUTAN LIAR',
  '09': 'LAINNYA',
  '10': 'SARAN',
};
/** Categories a new complaint may carry. */
export const KATEGORI_AKTIF = ['01', '02', '03', '04', '05', '06', '07', '08', '09'] as const;

/** How the complaint came in: W website, S SMS, L loket (at a counter), M media sosial. */
export const SALURAN = ['W', 'S', 'L', 'M'] as const;

/** History row kinds: L laporan masuk, S status diubah, J jawaban petugas. */
export const JENIS = { LAPORAN: 'L', STATUS: 'S', JAWABAN: 'J' } as const;

/** The unit a complaint is about: 'DINAS', 'ONLINE', a kecamatan (6 digits) or a kelurahan (10 digits). */
export const UNIT = /^(DINAS|ONLINE|\d{6}|\d{10})$/;

export async function createPengaduanSchema(db: Knex): Promise<void> {
  await db.schema.createTable(PENGADUAN_TABLE, (t) => {
    t.increments('id_pengaduan').primary();
    t.string('no_tiket', 20).notNullable().unique('uq_pengaduan_tiket');
    // The portal's own reference; NULL for complaints taken at a counter or by SMS.
    t.string('no_referensi', 40).nullable().unique('uq_pengaduan_referensi');
    t.string('nik_pelapor', 16).nullable();
    t.string('nama_pelapor', 60).notNullable();
    t.string('no_hp', 20).nullable();
    t.string('saluran', 1).notNullable();
    t.string('kd_kategori', 2).notNullable();
    t.string('kd_unit', 10).nullable();
    // Whatever the resident typed as their application number: free text, not checked.
    t.string('no_permohonan', 40).nullable();
    t.string('judul', 100).nullable();
    t.text('isi').notNullable();
    t.integer('kd_status').notNullable();
    t.dateTime('tgl_lapor').notNullable();
    t.dateTime('tgl_update').notNullable();
    t.string('petugas_update', 30).nullable();
  });
  await db.schema.createTable(TANGGAPAN_TABLE, (t) => {
    // The history's own sequence: what the "since" feed pages on.
    t.increments('id_tanggapan').primary();
    t.integer('id_pengaduan').notNullable();
    t.string('jenis', 1).notNullable();
    t.integer('kd_status').notNullable();
    t.text('isi').nullable();
    t.string('petugas', 30).nullable();
    t.dateTime('tgl').notNullable();
    t.string('no_referensi', 40).nullable().unique('uq_tanggapan_referensi');
  });
  await db.schema.createTable(NOMOR_TABLE, (t) => {
    t.string('nama', 10).primary();
    t.integer('nilai').notNullable();
    t.string('periode', 6).notNullable();
  });
}

export async function createPengaduanIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PENGADUAN_TABLE, (t) => {
    t.index(['nik_pelapor'], 'idx_pengaduan_nik');
    t.index(['no_permohonan'], 'idx_pengaduan_permohonan');
    t.index(['tgl_lapor'], 'idx_pengaduan_tgl');
    t.index(['kd_status', 'tgl_lapor'], 'idx_pengaduan_status_tgl');
  });
  await db.schema.alterTable(TANGGAPAN_TABLE, (t) => t.index(['id_pengaduan'], 'idx_tanggapan_pengaduan'));
}
