import type { Knex } from 'knex';

/**
 * Sirena, the kelurahan collective service (an older PHP application on the office's server):
 * UPPERCASE columns, the kelurahan over NO_PROP/NO_KAB/NO_KEC/NO_KEL, no foreign keys.
 * - SIRENA_BATCH: one row per batch a kelurahan operator sends, numbered
 *   `SRN-<kelurahan 10 digits>-<YYYYMMDD>-<serial>`; REF_GERBANG holds the client reference of a
 *   batch sent through Gerbang.
 * - SIRENA_ITEM: one row per file in the batch (NO_URUT 1, 2, …), its own status as a letter
 *   (K kirim, V verifikasi, T tolak, P proses, S selesai — ready at the kelurahan, A diambil),
 *   JENIS_BERKAS 1 KK baru, 2 KK perubahan, 3 akta lahir, 4 akta mati, 5 akta kawin, 6 akta cerai;
 *   the event's date as VARCHAR 'DD-MM-YYYY'.
 * - SIRENA_RIWAYAT: every status an item took, with who and when.
 *
 * The app's 2019 database rules: a trigger checks every new item and rejects a malformed one
 * (STATUS 'T' with ALASAN_TOLAK) while the rest of its batch goes through — whoever inserts it,
 * the kelurahan screen or an integration.
 */
export const BATCH_TABLE = 'SIRENA_BATCH';
export const ITEM_TABLE = 'SIRENA_ITEM';
export const RIWAYAT_TABLE = 'SIRENA_RIWAYAT';
export const SIRENA_TABLES = [BATCH_TABLE, ITEM_TABLE, RIWAYAT_TABLE];

/** The reasons the app writes, in the order it checks. */
export const REJECTIONS = {
  JENIS: 'JENIS BERKAS TIDAK DIKENAL',
  NIK_PEMOHON: 'NIK PEMOHON TIDAK VALID',
  NIK_SUBJEK: 'NIK SUBJEK TIDAK VALID',
  NO_KK: 'NO KK TIDAK VALID',
  TGL: 'TANGGAL PERISTIWA TIDAK VALID',
  NAMA: 'NAMA SUBJEK KOSONG',
} as const;

function rejectionExpression(mysql: boolean): string {
  const digits16 = (c: string) => (mysql ? `COALESCE(NEW.${c} REGEXP '^[0-9]{16}$', 0) = 1` : `(COALESCE(LENGTH(NEW.${c}), 0) = 16 AND NEW.${c} NOT GLOB '*[^0-9]*')`);
  const ddmmyyyy = (c: string) => (mysql ? `COALESCE(NEW.${c} REGEXP '^(0[1-9]|[12][0-9]|3[01])-(0[1-9]|1[0-2])-(19|20)[0-9]{2}$', 0) = 1` : `(COALESCE(LENGTH(NEW.${c}), 0) = 10 AND NEW.${c} GLOB '[0-3][0-9]-[01][0-9]-[12][09][0-9][0-9]' AND SUBSTR(NEW.${c}, 1, 2) BETWEEN '01' AND '31' AND SUBSTR(NEW.${c}, 4, 2) BETWEEN '01' AND '12')`);
  return `CASE
    WHEN NEW.JENIS_BERKAS IS NULL OR NEW.JENIS_BERKAS NOT IN (1, 2, 3, 4, 5, 6) THEN '${REJECTIONS.JENIS}'
    WHEN NOT (${digits16('NIK_PEMOHON')}) THEN '${REJECTIONS.NIK_PEMOHON}'
    WHEN (NEW.NIK_SUBJEK IS NOT NULL AND NOT (${digits16('NIK_SUBJEK')})) OR (NEW.NIK_SUBJEK IS NULL AND NEW.JENIS_BERKAS IN (4, 5, 6)) THEN '${REJECTIONS.NIK_SUBJEK}'
    WHEN NEW.JENIS_BERKAS IN (1, 2, 3) AND NOT (${digits16('NO_KK')}) THEN '${REJECTIONS.NO_KK}'
    WHEN NEW.JENIS_BERKAS IN (3, 4, 5, 6) AND NOT (${ddmmyyyy('TGL_PERISTIWA')}) THEN '${REJECTIONS.TGL}'
    WHEN NEW.JENIS_BERKAS = 3 AND COALESCE(TRIM(NEW.NAMA_SUBJEK), '') = '' THEN '${REJECTIONS.NAMA}'
    ELSE NULL END`;
}

/** The item check, in each backend's trigger dialect (MariaDB sets the row before it is written; SQLite corrects it after). */
async function createItemCheck(db: Knex): Promise<void> {
  if (db.client.config.client === 'mysql2') {
    const reason = rejectionExpression(true);
    await db.raw(`CREATE TRIGGER TRG_SIRENA_ITEM_CEK BEFORE INSERT ON ${ITEM_TABLE} FOR EACH ROW SET NEW.STATUS = IF((${reason}) IS NULL, NEW.STATUS, 'T'), NEW.ALASAN_TOLAK = COALESCE(${reason}, NEW.ALASAN_TOLAK)`);
  } else {
    const reason = rejectionExpression(false);
    await db.raw(`CREATE TRIGGER TRG_SIRENA_ITEM_CEK AFTER INSERT ON ${ITEM_TABLE} FOR EACH ROW WHEN (${reason}) IS NOT NULL
      BEGIN UPDATE ${ITEM_TABLE} SET STATUS = 'T', ALASAN_TOLAK = (${reason}) WHERE ID_ITEM = NEW.ID_ITEM; END`);
  }
}

export async function createSirenaSchema(db: Knex): Promise<void> {
  await db.schema.createTable(BATCH_TABLE, (t) => {
    t.increments('ID_BATCH').primary();
    t.string('NO_BATCH', 40).notNullable();
    t.integer('NO_PROP').notNullable();
    t.integer('NO_KAB').notNullable();
    t.integer('NO_KEC').notNullable();
    t.integer('NO_KEL').notNullable();
    t.string('PETUGAS_KEL', 30).notNullable();
    t.dateTime('TGL_KIRIM').notNullable();
    t.integer('JML_ITEM').notNullable();
    t.string('KETERANGAN', 255);
    t.string('REF_GERBANG', 64);
  });
  await db.schema.createTable(ITEM_TABLE, (t) => {
    t.increments('ID_ITEM').primary();
    t.integer('ID_BATCH').notNullable();
    t.integer('NO_URUT').notNullable();
    t.integer('JENIS_BERKAS');
    t.string('NIK_PEMOHON', 20);
    t.string('NIK_SUBJEK', 20);
    t.string('NO_KK', 20);
    t.string('NAMA_SUBJEK', 80);
    t.string('TGL_PERISTIWA', 20);
    t.string('KETERANGAN', 255);
    t.string('STATUS', 1).notNullable();
    t.string('ALASAN_TOLAK', 100);
    t.dateTime('TGL_STATUS').notNullable();
    t.string('PETUGAS', 30);
  });
  await db.schema.createTable(RIWAYAT_TABLE, (t) => {
    t.increments('ID_RIWAYAT').primary();
    t.integer('ID_ITEM').notNullable();
    t.string('STATUS', 1).notNullable();
    t.string('CATATAN', 255);
    t.string('PETUGAS', 30);
    t.dateTime('TGL').notNullable();
  });
  await createItemCheck(db);
}

export async function createSirenaIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(BATCH_TABLE, (t) => {
    t.unique(['NO_BATCH'], { indexName: 'UQ_SIRENA_BATCH_NO' });
    t.unique(['REF_GERBANG'], { indexName: 'UQ_SIRENA_BATCH_REF' });
    t.index(['NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL'], 'IDX_SIRENA_BATCH_KEL');
  });
  await db.schema.alterTable(ITEM_TABLE, (t) => {
    t.unique(['ID_BATCH', 'NO_URUT'], { indexName: 'UQ_SIRENA_ITEM_URUT' });
    t.index(['NIK_PEMOHON'], 'IDX_SIRENA_ITEM_NIK');
    t.index(['STATUS'], 'IDX_SIRENA_ITEM_STATUS');
  });
  await db.schema.alterTable(RIWAYAT_TABLE, (t) => {
    t.index(['ID_ITEM'], 'IDX_SIRENA_RIWAYAT_ITEM');
  });
}
