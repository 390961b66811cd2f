import type { Knex } from 'knex';

/**
 * The death registry's table, in the style of SIAK's civil-registry module: UPPERCASE columns,
 * numeric cause codes, the date of death and of the report as VARCHAR 'DD-MM-YYYY' (older rows,
 * typed before the 2022 upgrade, with slashes: 'DD/MM/YYYY'), the residence split over
 * NO_PROP/NO_KAB/NO_KEC/NO_KEL, no foreign keys. REF_GERBANG holds the client reference of a
 * deed written through Gerbang, so that a retried write is recognised; officers leave it empty.
 */
export const AKTA_MATI_TABLES = ['CAPIL_MATI'];

export async function createAktaMatiSchema(db: Knex): Promise<void> {
  await db.schema.createTable('CAPIL_MATI', (t) => {
    t.string('NO_AKTA_MATI', 40).primary();
    t.string('NIK', 16).notNullable();
    t.string('NAMA_LGKP', 60).notNullable();
    t.integer('JENIS_KLMIN');
    t.date('TGL_LHR');
    t.string('TGL_MATI', 10).notNullable();
    t.string('JAM_MATI', 5);
    t.string('TMPT_MATI', 80);
    /** 1 sakit biasa/tua, 2 wabah penyakit, 3 kecelakaan, 4 kriminalitas, 5 bunuh diri, 6 lainnya. */
    t.integer('SEBAB_MATI');
    t.string('NIK_PELAPOR', 16);
    t.string('NAMA_PELAPOR', 60);
    t.string('TGL_LAPOR', 10).notNullable();
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.integer('NO_KEL').notNullable();
    t.string('PETUGAS', 30);
    t.dateTime('TGL_ENTRI');
    t.string('REF_GERBANG', 64);
  });
}

export async function createAktaMatiIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable('CAPIL_MATI', (t) => {
    t.index(['NIK'], 'IDX_CAPIL_MATI_NIK');
    t.unique(['REF_GERBANG'], { indexName: 'UQ_CAPIL_MATI_REF' });
  });
}
