import type { Knex } from 'knex';

/**
 * The foreign residents' register (SKTT, Surat Keterangan Tempat Tinggal), in the style of SIAK's
 * modules: UPPERCASE columns, the sex as 1/2, the residence split over NO_PROP/NO_KAB/NO_KEC/NO_KEL,
 * no foreign keys. A foreigner has no NIK: the passport number is the key people are found by.
 * One registration per passport (NO_PASPOR unique); REF_GERBANG holds the client reference of a
 * registration made through Gerbang, so that a retried write is recognised.
 */
export const ORANG_ASING_TABLE = 'ORANG_ASING';
export const ORANG_ASING_TABLES = [ORANG_ASING_TABLE];

export async function createOrangAsingSchema(db: Knex): Promise<void> {
  await db.schema.createTable(ORANG_ASING_TABLE, (t) => {
    t.string('NO_SKTT', 30).primary();
    t.string('NO_PASPOR', 20).notNullable();
    /** ISO 3166 alpha-3 since the 2019 upgrade; older rows the country's name in Indonesian. */
    t.string('KWRNGRN', 40).notNullable();
    t.string('NAMA_LGKP', 80).notNullable();
    t.integer('JENIS_KLMIN');
    t.date('TGL_LHR');
    /** KITAS / KITAP; before the 2019 upgrade ITAS / ITAP. */
    t.string('JENIS_IZIN', 5).notNullable();
    t.string('NO_IZIN', 30).notNullable();
    t.date('TGL_AKHIR_IZIN').notNullable();
    t.string('SPONSOR', 80);
    t.string('ALAMAT', 120);
    t.integer('NO_RT');
    t.integer('NO_RW');
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.integer('NO_KEL').notNullable();
    t.string('PETUGAS', 30);
    t.dateTime('TGL_ENTRI');
    t.string('REF_GERBANG', 64);
  });
}

export async function createOrangAsingIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(ORANG_ASING_TABLE, (t) => {
    t.unique(['NO_PASPOR'], { indexName: 'UQ_ORANG_ASING_PASPOR' });
    t.unique(['REF_GERBANG'], { indexName: 'UQ_ORANG_ASING_REF' });
    t.index(['NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL'], 'IDX_ORANG_ASING_WILAYAH');
    t.index(['TGL_AKHIR_IZIN'], 'IDX_ORANG_ASING_IZIN');
  });
}
