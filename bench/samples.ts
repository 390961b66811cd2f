import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../legacy-sim/config';
import type { Samples } from './scenarios';

/**
 * Real keys from the seeded SIAK for the bench and the chaos run: a few hundred residents from
 * each kecamatan, so that every region and family shape is hit.
 */
export async function loadSamples(): Promise<Samples> {
  const db = openAppDatabase(locateAppDatabase('siak', loadSimConfig().storage), { mustExist: true });
  try {
    const residents: Array<{ NIK: string; NO_KK: string; NAMA_LGKP: string }> = [];
    for (let kec = 1; kec <= 7; kec += 1) {
      residents.push(...((await db('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP').where({ NO_KEC: kec }).orderBy('NIK').limit(300)) as typeof residents));
    }
    // Living adults far from the read samples, for the death-registration run (each is registered dead once).
    const deathPool = ((await db('BIODATA_WNI').select('NIK').where('STAT_HIDUP', 1).where('TGL_LHR', '<', '2000-01-01').orderBy('NIK', 'desc').limit(1_000)) as Array<{ NIK: string }>).map((r) => r.NIK);
    return {
      deathPool,
      niks: residents.map((r) => r.NIK),
      familyNumbers: [...new Set(residents.map((r) => r.NO_KK))],
      // (A first name of one letter would be a search the API refuses: TOO_SHORT.)
      names: [...new Set(residents.map((r) => r.NAMA_LGKP.trim().split(/\s+/)[0]!.slice(0, 4)))].filter((name) => name.length >= 2),
    };
  } finally {
    await db.destroy();
  }
}
