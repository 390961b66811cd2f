import type { Knex } from 'knex';
import { CODE_TABLES } from './code-tables';

/**
 * SIAK's tables as the legacy application has them: UPPERCASE names, numeric codes, the region
 * split over NO_PROP/NO_KAB/NO_KEC/NO_KEL, no foreign keys. Only the columns Gerbang and the
 * officers' screens use are modelled; the real BIODATA_WNI has many more.
 */
export const SIAK_TABLES = ['BIODATA_WNI', 'DATA_KELUARGA', 'SETUP_PROP', 'SETUP_KAB', 'SETUP_KEC', 'SETUP_KEL', ...Object.keys(CODE_TABLES)];

function regionColumns(t: Knex.CreateTableBuilder): void {
  t.integer('NO_PROP').notNullable();
  t.integer('NO_KAB').notNullable();
  t.integer('NO_KEC').notNullable();
  t.integer('NO_KEL').notNullable();
}

export async function createSiakSchema(db: Knex): Promise<void> {
  await db.schema.createTable('BIODATA_WNI', (t) => {
    t.string('NIK', 16).primary();
    t.string('NO_KK', 16).notNullable();
    t.string('NAMA_LGKP', 60).notNullable();
    t.integer('JENIS_KLMIN').notNullable();
    t.string('TMPT_LHR', 60);
    t.date('TGL_LHR');
    t.integer('GOL_DRH');
    t.integer('AGAMA');
    t.integer('STAT_KWN');
    t.integer('STAT_HBKEL');
    t.integer('PDDK_AKH');
    t.integer('JENIS_PKRJN');
    t.string('NIK_IBU', 16);
    t.string('NAMA_LGKP_IBU', 60);
    t.string('NIK_AYAH', 16);
    t.string('NAMA_LGKP_AYAH', 60);
    t.string('NO_AKTA_LHR', 40);
    t.string('NO_AKTA_KWN', 40);
    t.date('TGL_KWN');
    t.string('NO_AKTA_CRAI', 40);
    t.date('TGL_CRAI');
    t.integer('STAT_HIDUP').notNullable().defaultTo(1);
    regionColumns(t);
    t.dateTime('TGL_ENTRI');
    t.dateTime('TGL_UBAH');
  });
  await db.schema.createTable('DATA_KELUARGA', (t) => {
    t.string('NO_KK', 16).primary();
    t.string('NAMA_KEP', 60).notNullable();
    t.string('ALAMAT', 120);
    t.integer('NO_RT');
    t.integer('NO_RW');
    t.string('DUSUN', 60);
    t.string('KODE_POS', 5);
    t.string('TELP', 20);
    t.string('NIK_KK', 16);
    regionColumns(t);
    t.dateTime('TGL_INSERTION');
    t.dateTime('TGL_UPDATION');
  });
  await db.schema.createTable('SETUP_PROP', (t) => {
    t.integer('NO_PROP').primary();
    t.string('NAMA_PROP', 60).notNullable();
  });
  await db.schema.createTable('SETUP_KAB', (t) => {
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.string('NAMA_KAB', 60).notNullable();
    t.primary(['NO_PROP', 'NO_KAB']);
  });
  await db.schema.createTable('SETUP_KEC', (t) => {
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.string('NAMA_KEC', 60).notNullable();
    t.primary(['NO_PROP', 'NO_KAB', 'NO_KEC']);
  });
  await db.schema.createTable('SETUP_KEL', (t) => {
    regionColumns(t);
    t.string('NAMA_KEL', 60).notNullable();
    t.primary(['NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL']);
  });
  for (const table of Object.keys(CODE_TABLES)) {
    await db.schema.createTable(table, (t) => {
      t.integer('NO').primary();
      t.string('DESCRIP', 80).notNullable();
    });
  }
}

/**
 * The secondary indexes a SIAK database has, built after the bulk load (several times faster
 * than maintaining them row by row). Each serves a way the register is read: by family, by name,
 * and by name within a kecamatan or a kelurahan.
 */
export async function createSiakIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable('BIODATA_WNI', (t) => {
    t.index(['NO_KK'], 'IDX_BIODATA_NO_KK');
    t.index(['NAMA_LGKP'], 'IDX_BIODATA_NAMA');
    t.index(['NO_PROP', 'NO_KAB', 'NO_KEC', 'NAMA_LGKP'], 'IDX_BIODATA_KEC_NAMA');
    t.index(['NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL', 'NAMA_LGKP'], 'IDX_BIODATA_KEL_NAMA');
  });
}
