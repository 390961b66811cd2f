import type { Knex } from 'knex';

/**
 * The Dinas's legalisation application (catalogue #19): requests for stamped, signed copies
 * ("legalisir") of population documents, at the Dinas counter or from the online portal. Written
 * in the SIAK style (UPPERCASE columns, no foreign keys), with quirks of its own:
 * - the status as one letter, and no history table: each step has its own date column
 *   (TGL_MASUK, TGL_VERIFIKASI, TGL_SIAP, TGL_AMBIL, TGL_TOLAK) and TGL_UBAH says when the row last changed;
 * - the document's issue date as text 'DD-MM-YYYY', as typed from the document;
 * - the source as a letter (L counter, O online).
 * The app refuses documents that carry an electronic signature (TTE): since the Dinas prints KK,
 * deeds and KIA with a TTE and a QR code, their printouts are valid as they are. Which documents
 * and since when is the app's own reference table, LGS_REF_DOKUMEN.TTE_SEJAK: a document of that
 * kind issued on or after that date is refused at entry, and nothing is written.
 */
export const PERMOHONAN_TABLE = 'LGS_PERMOHONAN';
export const REF_DOKUMEN_TABLE = 'LGS_REF_DOKUMEN';
export const LEGALISIR_TABLES = [PERMOHONAN_TABLE, REF_DOKUMEN_TABLE];

/** The app's document types: code, name, e-signed since (null: never, a KTP-el copy is legalised). */
export const DOKUMEN: ReadonlyArray<readonly [string, string, string | null]> = [
  ['KK', 'KARTU KELUARGA', '2020-07-01'],
  ['KTP', 'KTP-EL', null],
  ['KIA', 'KARTU IDENTITAS ANAK', '2020-07-01'],
  ['AKTA_LHR', 'AKTA KELAHIRAN', '2020-07-01'],
  ['AKTA_MATI', 'AKTA KEMATIAN', '2020-07-01'],
  ['AKTA_KWN', 'AKTA PERKAWINAN', '2020-07-01'],
  ['AKTA_CRAI', 'AKTA PERCERAIAN', '2020-07-01'],
];

/** Status letters: Baru, Verifikasi, Siap diambil (stamped), Diambil, Tolak. */
export const STATUS_LETTERS = ['B', 'V', 'S', 'A', 'T'] as const;
export type StatusLetter = (typeof STATUS_LETTERS)[number];

/** The date column each status stamps. */
export const STEP_COLUMN: Readonly<Record<StatusLetter, string>> = { B: 'TGL_MASUK', V: 'TGL_VERIFIKASI', S: 'TGL_SIAP', A: 'TGL_AMBIL', T: 'TGL_TOLAK' };

/** The most copies the app stamps per request. */
export const MAX_LEMBAR = 10;

export async function createLegalisirSchema(db: Knex): Promise<void> {
  await db.schema.createTable(REF_DOKUMEN_TABLE, (t) => {
    t.string('KD_DOK', 10).primary();
    t.string('NM_DOK', 60).notNullable();
    t.date('TTE_SEJAK');
  });
  await db.schema.createTable(PERMOHONAN_TABLE, (t) => {
    t.increments('ID').primary();
    /** 'LGS-<regency>-<YYYYMMDD>-<serial of the day>'. */
    t.string('NO_PERMOHONAN', 30).notNullable();
    t.string('NIK_PEMOHON', 16).notNullable();
    t.string('NAMA_PEMOHON', 80);
    t.string('KD_DOK', 10).notNullable();
    t.string('NO_DOK', 40).notNullable();
    t.string('TGL_TERBIT_DOK', 10);
    t.integer('JML_LEMBAR').notNullable();
    t.string('SUMBER', 1).notNullable();
    t.string('STATUS', 1).notNullable();
    t.dateTime('TGL_MASUK').notNullable();
    t.dateTime('TGL_VERIFIKASI');
    t.dateTime('TGL_SIAP');
    t.dateTime('TGL_AMBIL');
    t.dateTime('TGL_TOLAK');
    t.string('ALASAN_TOLAK', 200);
    t.string('PETUGAS', 30);
    t.dateTime('TGL_UBAH').notNullable();
    t.string('REF_GERBANG', 64);
  });
}

export async function createLegalisirIndexes(db: Knex): Promise<void> {
  await db.schema.alterTable(PERMOHONAN_TABLE, (t) => {
    t.unique(['NO_PERMOHONAN'], { indexName: 'UQ_LGS_NO_PERMOHONAN' });
    t.unique(['REF_GERBANG'], { indexName: 'UQ_LGS_REF' });
    t.index(['NIK_PEMOHON'], 'IDX_LGS_NIK');
    t.index(['TGL_MASUK', 'ID'], 'IDX_LGS_MASUK');
    t.index(['TGL_UBAH', 'ID'], 'IDX_LGS_UBAH');
  });
}
