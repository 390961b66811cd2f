import type { Knex } from 'knex';

/**
 * The KTP-el print queue's own table, as the vendor's application has it: lower-case Indonesian
 * names with a `t_` prefix, the status as a string, no foreign keys. One row per print job
 * (`no_cetak`); a resident has one per card ever printed, failed attempts included.
 */
export const CETAK_TABLE = 't_cetak_ktp';
export const KTP_CETAK_TABLES = [CETAK_TABLE];

/** Status strings the application writes (older versions wrote some differently: see rows.ts). */
export const STATUS_CETAK = ['ANTRI', 'CETAK', 'SIAP_AMBIL', 'DIAMBIL', 'GAGAL'] as const;
export type StatusCetak = (typeof STATUS_CETAK)[number];

/** Reason for a print: 1 new card, 2 lost, 3 damaged, 4 data changed (the counter form's boxes). */
export const ALASAN = { BARU: '1', HILANG: '2', RUSAK: '3', PERUBAHAN_DATA: '4' } as const;

export async function createKtpCetakSchema(db: Knex): Promise<void> {
  await db.schema.createTable(CETAK_TABLE, (t) => {
    t.string('no_cetak', 24).primary();
    t.string('nik', 16).notNullable();
    // The portal's or partner's own reference; NULL for jobs entered at the counter.
    t.string('no_permohonan', 40).nullable().unique('uq_cetak_no_permohonan');
    t.string('status_cetak', 12).notNullable();
    t.string('alasan', 1).notNullable();
    t.string('lokasi_ambil', 60);
    t.dateTime('tgl_permohonan').notNullable();
    t.date('tgl_cetak');
    t.date('tgl_ambil');
    t.string('keterangan', 120);
    t.string('petugas', 18);
    t.dateTime('tgl_ubah');
  });
}

export async function createKtpCetakIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(CETAK_TABLE, (t) => {
    t.index(['nik'], 'idx_cetak_nik');
    t.index(['status_cetak', 'tgl_permohonan'], 'idx_cetak_status_tgl');
  });
}
