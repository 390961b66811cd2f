import type { Knex } from 'knex';
import type { IkdRow } from './rows';
import { IKD_TABLE } from './schema';

/** What the IKD application reads from its table, for its API (./api.ts) and its officers' screens. */

/** The office runs on WIB and stamps local time without a zone. */
export const IKD_TIME_ZONE = 'Asia/Jakarta';

export async function rowsByNik(db: Knex, niks: readonly string[]): Promise<IkdRow[]> {
  return (await db(IKD_TABLE).whereIn('nik', [...niks])) as IkdRow[];
}

export async function rowOf(db: Knex, nik: string): Promise<IkdRow | undefined> {
  return (await db(IKD_TABLE).where({ nik }).first()) as IkdRow | undefined;
}
