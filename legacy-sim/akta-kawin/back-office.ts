import type { Knex } from 'knex';
import { deedsBySpouseNik } from './deeds';
import type { KawinRow } from './rows';
import { KAWIN_TABLE } from './schema';

/**
 * What an officer does in the marriage registry's own screens, straight on its table: the SOAP
 * service (and so the gateway) must show these changes on the next call.
 */
const EDITABLE = new Set(['NAMA_SUAMI', 'NAMA_ISTRI', 'TMPT_KWN', 'TGL_KWN', 'NAMA_LEMBAGA', 'NIK_SAKSI1', 'NAMA_SAKSI1', 'NIK_SAKSI2', 'NAMA_SAKSI2']);

export async function correctMarriageDeed(db: Knex, number: string, changes: Record<string, string | number | null>): Promise<void> {
  const bad = Object.keys(changes).filter((c) => !EDITABLE.has(c));
  if (bad.length > 0) throw new Error(`${KAWIN_TABLE}: cannot edit ${bad.join(', ')}; editable: ${[...EDITABLE].join(', ')}`);
  const updated = await db(KAWIN_TABLE).where({ NO_AKTA_KWN: number }).update(changes);
  if (updated !== 1) throw new Error(`${KAWIN_TABLE}: no deed ${number}`);
}

export function marriageDeedsOf(db: Knex, nik: string): Promise<KawinRow[]> {
  return deedsBySpouseNik(db, [nik]);
}

export async function sampleMarriageDeeds(db: Knex, limit: number): Promise<KawinRow[]> {
  return (await db(KAWIN_TABLE).select('NO_AKTA_KWN', 'NIK_SUAMI', 'NAMA_SUAMI', 'NIK_ISTRI', 'NAMA_ISTRI', 'TGL_KWN', 'AGAMA').orderBy('NO_AKTA_KWN').limit(limit)) as KawinRow[];
}
