import type { Knex } from 'knex';

/**
 * The KTP-el enrolment application's table, as its vendor built it: Indonesian snake_case
 * columns, one-letter status codes, dates as VARCHAR 'DD-MM-YYYY' with the time apart, the
 * enrolling office split over no_prop/no_kab/no_kec (no_kec 0 for the Dinas itself), and flags
 * saying WHETHER each biometric was captured. The biometrics themselves live in the national
 * AFIS, never here (and never in this project). No foreign keys: the NIK is typed or scanned.
 */
export const KTP_REKAM_TABLES = ['t_perekaman'];

export async function createKtpRekamSchema(db: Knex): Promise<void> {
  await db.schema.createTable('t_perekaman', (t) => {
    t.increments('id_perekaman').primary();
    t.string('nik', 16).notNullable();
    t.string('nama_lgkp', 60);
    /** 'B' baru (sent, awaiting the central match), 'D' duplikat (matched someone else's biometrics), 'S' sukses. */
    t.string('status_rekam', 1).notNullable();
    t.string('tgl_rekam', 10);
    t.string('jam_rekam', 8);
    t.string('tempat_rekam', 80);
    t.integer('no_prop').notNullable();
    t.integer('no_kab').notNullable();
    t.integer('no_kec').notNullable();
    /** '1'/'0' since 2014; the first enrolment software wrote 'Y'/'T' (ya/tidak). */
    t.string('flag_sidik_jari', 1);
    t.string('flag_iris', 1);
    t.string('flag_foto', 1);
    t.string('flag_ttd', 1);
    t.string('petugas', 30);
    t.string('keterangan', 120);
    t.dateTime('tgl_entri');
  });
}

/** Enrolments are looked up by NIK (the counter's search and every integration). */
export async function createKtpRekamIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable('t_perekaman', (t) => {
    t.index(['nik'], 'idx_perekaman_nik');
  });
}
