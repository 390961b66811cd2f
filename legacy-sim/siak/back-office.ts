import type { Knex } from 'knex';

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

function timestamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace('T', ' ');
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
 * SIAK's nightly consolidation, as the old application runs it: the register tables are held
 * locked for `seconds` while it works, and everything that reads SIAK meanwhile waits. This is
 * how SIAK is "slowed" for real in fault tests: readers block in the database itself.
 * SQLite: an exclusive lock on the file (WAL readers are shut out too); MariaDB: LOCK TABLES.
 */
export async function holdRegisterTables(db: Knex, seconds: number, onHeld: () => void = () => undefined): Promise<void> {
  const sleep = () => new Promise((r) => setTimeout(r, seconds * 1000));
  if (db.client.config.client === 'mysql2') {
    await db.transaction(async (trx) => {
      await trx.raw('LOCK TABLES BIODATA_WNI WRITE, DATA_KELUARGA WRITE, JENIS_PKRJN_MASTER WRITE');
      onHeld();
      await sleep();
      await trx.raw('UNLOCK TABLES');
    });
    return;
  }
  // One pooled connection (see openAppDatabase): the pragma and the transaction share it.
  await db.raw('PRAGMA locking_mode = EXCLUSIVE');
  await db.raw('BEGIN EXCLUSIVE');
  await db('BIODATA_WNI').count({ n: '*' });
  onHeld();
  await sleep();
  await db.raw('COMMIT');
  await db.raw('PRAGMA locking_mode = NORMAL');
  // The exclusive lock is released on the next access after leaving exclusive mode.
  await db('BIODATA_WNI').count({ n: '*' });
}
