import type { Knex } from 'knex';

/**
 * The marriage registry's own table (non-Muslim marriages), in the style of the civil-registry
 * modules: UPPERCASE columns, the marriage date as VARCHAR 'DD-MM-YYYY' but the registration date
 * as DATE, religion as SIAK's AGAMA code, both spouses and two witnesses as NIK + name columns (NIK
 * NULL when the person is not on file here), the couple's residence over NO_PROP/NO_KAB/NO_KEC/NO_KEL,
 * no foreign keys. REF_GERBANG holds the client reference of a deed written through Gerbang.
 */
export const KAWIN_TABLE = 'CAPIL_KAWIN';
export const AKTA_KAWIN_TABLES = [KAWIN_TABLE];

export async function createAktaKawinSchema(db: Knex): Promise<void> {
  await db.schema.createTable(KAWIN_TABLE, (t) => {
    t.string('NO_AKTA_KWN', 40).primary();
    t.string('NIK_SUAMI', 16);
    t.string('NAMA_SUAMI', 60).notNullable();
    t.date('TGL_LHR_SUAMI');
    t.string('NIK_ISTRI', 16);
    t.string('NAMA_ISTRI', 60).notNullable();
    t.date('TGL_LHR_ISTRI');
    t.string('TGL_KWN', 10).notNullable();
    t.string('TMPT_KWN', 60);
    t.integer('AGAMA').notNullable();
    t.string('NAMA_LEMBAGA', 80);
    t.string('NIK_SAKSI1', 16);
    t.string('NAMA_SAKSI1', 60);
    t.date('TGL_LHR_SAKSI1');
    t.string('NIK_SAKSI2', 16);
    t.string('NAMA_SAKSI2', 60);
    t.date('TGL_LHR_SAKSI2');
    t.date('TGL_DAFTAR').notNullable();
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.integer('NO_KEL').notNullable();
    t.string('PETUGAS', 30);
    t.dateTime('TGL_ENTRI');
    t.string('REF_GERBANG', 64);
  });
}

export async function createAktaKawinIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(KAWIN_TABLE, (t) => {
    t.index(['NIK_SUAMI'], 'IDX_CAPIL_KAWIN_SUAMI');
    t.index(['NIK_ISTRI'], 'IDX_CAPIL_KAWIN_ISTRI');
    t.unique(['REF_GERBANG'], { indexName: 'UQ_CAPIL_KAWIN_REF' });
  });
}
