import type { Knex } from 'knex';

/**
 * The birth registry's table, in the style of SIAK's civil-registry module: UPPERCASE columns,
 * the birth date as DATE but the registration date as VARCHAR 'DD-MM-YYYY', the late-registration
 * flag as 'Y'/'T' (added in 2016: NULL on older deeds), parents by NIK and name (NIK empty when
 * the parent is not on the child's KK), the family's residence over NO_PROP/NO_KAB/NO_KEC/NO_KEL,
 * no foreign keys. REF_GERBANG holds the client reference of a deed written through Gerbang.
 */
export const AKTA_LAHIR_TABLES = ['CAPIL_LAHIR'];

export async function createAktaLahirSchema(db: Knex): Promise<void> {
  await db.schema.createTable('CAPIL_LAHIR', (t) => {
    t.string('NO_AKTA_LHR', 40).primary();
    t.string('NIK_ANAK', 16);
    t.string('NAMA_ANAK', 60).notNullable();
    t.integer('JENIS_KLMIN');
    t.string('TMPT_LHR', 60);
    t.date('TGL_LHR');
    t.string('NIK_IBU', 16);
    t.string('NAMA_IBU', 60);
    t.string('NIK_AYAH', 16);
    t.string('NAMA_AYAH', 60);
    t.string('TGL_DAFTAR', 10).notNullable();
    t.string('FLAG_TERLAMBAT', 1);
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.integer('NO_KEL').notNullable();
    t.string('PETUGAS', 30);
    t.dateTime('TGL_ENTRI');
    t.string('REF_GERBANG', 64);
  });
}

export async function createAktaLahirIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable('CAPIL_LAHIR', (t) => {
    t.index(['NIK_ANAK'], 'IDX_CAPIL_LAHIR_NIK');
    t.unique(['REF_GERBANG'], { indexName: 'UQ_CAPIL_LAHIR_REF' });
  });
}
