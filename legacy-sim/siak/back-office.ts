import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';

/**
 * What an officer does in SIAK's own screens, done straight on its tables: the API must show these
 * changes on the next query. The application stamps TGL_UBAH / TGL_UPDATION itself, so we do too.
 */
const EDITABLE_BIODATA = new Set([
  'NAMA_LGKP', 'TMPT_LHR', 'TGL_LHR', 'GOL_DRH', 'AGAMA', 'STAT_KWN', 'STAT_HBKEL', 'PDDK_AKH', 'JENIS_PKRJN',
  'NAMA_LGKP_IBU', 'NAMA_LGKP_AYAH', 'TGL_KWN', 'STAT_HIDUP', 'NO_KK', 'NO_KEC', 'NO_KEL',
]);
const EDITABLE_KELUARGA = new Set(['NAMA_KEP', 'ALAMAT', 'NO_RT', 'NO_RW', 'DUSUN', 'KODE_POS', 'TELP', 'NO_KEC', 'NO_KEL']);

type Changes = Record<string, string | number | null>;

function checkColumns(changes: Changes, allowed: Set<string>, table: string): void {
  const bad = Object.keys(changes).filter((c) => !allowed.has(c));
  if (bad.length > 0) throw new Error(`${table}: cannot edit ${bad.join(', ')}; editable: ${[...allowed].join(', ')}`);
}

/** Tangsel's SIAK runs in a WIB office: it stamps changes in local time, without a zone. */
const SIAK_TIME_ZONE = 'Asia/Jakarta';

function timestamp(now: Date): string {
  return localDateTimeIn(SIAK_TIME_ZONE, now);
}

export async function editResident(db: Knex, nik: string, changes: Changes, now = new Date()): Promise<void> {
  checkColumns(changes, EDITABLE_BIODATA, 'BIODATA_WNI');
  const updated = await db('BIODATA_WNI').where({ NIK: nik }).update({ ...changes, TGL_UBAH: timestamp(now) });
  if (updated !== 1) throw new Error(`BIODATA_WNI: no resident with NIK ${nik}`);
}

export async function editFamily(db: Knex, kk: string, changes: Changes, now = new Date()): Promise<void> {
  checkColumns(changes, EDITABLE_KELUARGA, 'DATA_KELUARGA');
  const updated = await db('DATA_KELUARGA').where({ NO_KK: kk }).update({ ...changes, TGL_UPDATION: timestamp(now) });
  if (updated !== 1) throw new Error(`DATA_KELUARGA: no family with NO_KK ${kk}`);
}

export async function showResident(db: Knex, nik: string): Promise<Record<string, unknown> | undefined> {
  return (await db('BIODATA_WNI').where({ NIK: nik }).first()) as Record<string, unknown> | undefined;
}

/** A few residents and their families, for people looking for a NIK to try. */
export async function sampleResidents(db: Knex, limit: number): Promise<Array<{ NIK: string; NO_KK: string; NAMA_LGKP: string }>> {
  return (await db('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP').where({ STAT_HBKEL: 1 }).orderBy('NO_KK').limit(limit)) as Array<{ NIK: string; NO_KK: string; NAMA_LGKP: string }>;
}

/**
 * SIAK's nightly consolidation, as the old application runs it on MariaDB: the register tables are
 * held locked (LOCK TABLES) for `seconds`, and everything that reads SIAK meanwhile waits in the
 * database. This is how SIAK is "slowed" for real in fault tests. On SQLite the emulator keeps its
 * file in WAL mode, where readers never wait for a writer and an exclusive lock needs every other
 * connection closed: there the nightly batch is refused with a message saying so.
 */
export async function holdRegisterTables(db: Knex, seconds: number, onHeld: () => void = () => undefined): Promise<void> {
  if (db.client.config.client !== 'mysql2') {
    throw new Error('nightly-batch locks SIAK\'s tables on MariaDB only (MYSQL_URL); SQLite in WAL mode does not block readers');
  }
  await db.transaction(async (trx) => {
    await trx.raw('LOCK TABLES BIODATA_WNI WRITE, DATA_KELUARGA WRITE, JENIS_PKRJN_MASTER WRITE');
    onHeld();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await trx.raw('UNLOCK TABLES');
  });
}
