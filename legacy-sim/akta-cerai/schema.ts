import type { Knex } from 'knex';

/**
 * The divorce registry's own table, in the style of the civil-registry modules: UPPERCASE
 * columns, the marriage it ends by deed number (NO_AKTA_KWN, as typed: it may be another regency's
 * deed, so no foreign key, and none exists in this separate system anyway) and date, both former
 * spouses as NIK + name (NIK NULL when not on file here), the court decision as number, court and
 * DATE, the petitioner as 'S' (suami) or 'I' (istri), the residence over NO_PROP/NO_KAB/NO_KEC/NO_KEL.
 * REF_GERBANG holds the client reference of a deed written through Gerbang.
 */
export const CERAI_TABLE = 'CAPIL_CERAI';
export const AKTA_CERAI_TABLES = [CERAI_TABLE];

export async function createAktaCeraiSchema(db: Knex): Promise<void> {
  await db.schema.createTable(CERAI_TABLE, (t) => {
    t.string('NO_AKTA_CRAI', 40).primary();
    t.string('NO_AKTA_KWN', 40).notNullable();
    t.date('TGL_KWN');
    t.string('NIK_SUAMI', 16);
    t.string('NAMA_SUAMI', 60).notNullable();
    t.string('NIK_ISTRI', 16);
    t.string('NAMA_ISTRI', 60).notNullable();
    t.string('NO_PUTUSAN', 60).notNullable();
    t.date('TGL_PUTUSAN').notNullable();
    t.string('NAMA_PN', 80).notNullable();
    t.string('PENGGUGAT', 1);
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

export async function createAktaCeraiIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(CERAI_TABLE, (t) => {
    t.index(['NIK_SUAMI'], 'IDX_CAPIL_CERAI_SUAMI');
    t.index(['NIK_ISTRI'], 'IDX_CAPIL_CERAI_ISTRI');
    // Not unique: numbers typed for other regencies' deeds are not this office's to vouch for.
    t.index(['NO_AKTA_KWN'], 'IDX_CAPIL_CERAI_KWN');
    t.unique(['REF_GERBANG'], { indexName: 'UQ_CAPIL_CERAI_REF' });
  });
}
