import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { skttPrefix, type OrangAsingRow } from './rows';
import { ORANG_ASING_TABLE } from './schema';

/**
 * What an officer does in the register's own screens, straight on its table: the gateway must see
 * these changes on the next query. The application numbers SKTT itself (next serial of the day)
 * and stamps local (WIB) time.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';

export async function showForeigner(db: Knex, passport: string): Promise<OrangAsingRow | undefined> {
  return (await db(ORANG_ASING_TABLE).where({ NO_PASPOR: passport.toUpperCase() }).first()) as OrangAsingRow | undefined;
}

/** Permits ending on or before `isoDay`, soonest first: the office's follow-up list. */
export async function permitsEndingBy(db: Knex, isoDay: string): Promise<OrangAsingRow[]> {
  return (await db(ORANG_ASING_TABLE).where('TGL_AKHIR_IZIN', '<=', isoDay).orderBy('TGL_AKHIR_IZIN')) as OrangAsingRow[];
}

/** A renewed permit brought to the counter: new number and end date on the same registration. */
export async function extendPermit(db: Knex, passport: string, permitNumber: string, endsOn: string, now = new Date()): Promise<OrangAsingRow> {
  const changed = await db(ORANG_ASING_TABLE).where({ NO_PASPOR: passport.toUpperCase() }).update({ NO_IZIN: permitNumber.toUpperCase(), TGL_AKHIR_IZIN: endsOn, TGL_ENTRI: localDateTimeIn(APP_TIME_ZONE, now) });
  if (changed !== 1) throw new Error(`${ORANG_ASING_TABLE}: no registration for passport ${passport}`);
  return (await showForeigner(db, passport))!;
}

export type CounterRegistration = Omit<OrangAsingRow, 'NO_SKTT' | 'TGL_ENTRI' | 'REF_GERBANG'>;

/** Registers a foreigner at the counter (no client reference); returns the new SKTT number. */
export async function registerAtCounter(db: Knex, row: CounterRegistration, regency4: string, now = new Date()): Promise<string> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const prefix = skttPrefix(regency4, stamp.slice(0, 10));
  return db.transaction(async (trx) => {
    const last = (await trx(ORANG_ASING_TABLE).max({ n: 'NO_SKTT' }).where('NO_SKTT', 'like', `${prefix}%`)) as Array<{ n: string | null }>;
    const number = `${prefix}${String(Number(last[0]?.n?.slice(prefix.length) ?? 0) + 1).padStart(4, '0')}`;
    await trx(ORANG_ASING_TABLE).insert({ ...row, NO_PASPOR: row.NO_PASPOR.toUpperCase(), NO_SKTT: number, TGL_ENTRI: stamp, REF_GERBANG: null });
    return number;
  });
}
