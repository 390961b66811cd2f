import type { Knex } from 'knex';
import { deedsBySpouseNik } from './deeds';
import type { CeraiRow } from './rows';
import { CERAI_TABLE } from './schema';

/**
 * What an officer does in the divorce registry's own screens, straight on its table: the SOAP
 * service (and so the gateway) must show these changes on the next call. The deed and marriage
 * numbers are not editable (a wrong one is cancelled and registered again at the counter).
 */
const EDITABLE = new Set(['NAMA_SUAMI', 'NAMA_ISTRI', 'NIK_SUAMI', 'NIK_ISTRI', 'NO_PUTUSAN', 'TGL_PUTUSAN', 'NAMA_PN', 'PENGGUGAT', 'TGL_KWN']);

export async function correctDivorceDeed(db: Knex, number: string, changes: Record<string, string | number | null>): Promise<void> {
  const bad = Object.keys(changes).filter((c) => !EDITABLE.has(c));
  if (bad.length > 0) throw new Error(`${CERAI_TABLE}: cannot edit ${bad.join(', ')}; editable: ${[...EDITABLE].join(', ')}`);
  const updated = await db(CERAI_TABLE).where({ NO_AKTA_CRAI: number }).update(changes);
  if (updated !== 1) throw new Error(`${CERAI_TABLE}: no deed ${number}`);
}

export function divorceDeedsOf(db: Knex, nik: string): Promise<CeraiRow[]> {
  return deedsBySpouseNik(db, [nik]);
}

export async function sampleDivorceDeeds(db: Knex, limit: number): Promise<CeraiRow[]> {
  return (await db(CERAI_TABLE).select('NO_AKTA_CRAI', 'NO_AKTA_KWN', 'NIK_SUAMI', 'NAMA_SUAMI', 'NIK_ISTRI', 'NAMA_ISTRI', 'NO_PUTUSAN', 'TGL_PUTUSAN').orderBy('NO_AKTA_CRAI').limit(limit)) as CeraiRow[];
}
