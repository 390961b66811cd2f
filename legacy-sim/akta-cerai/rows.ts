import { splitRegion } from '../siak/rows';
import type { WorldDivorce } from './divorces';

/** A divorce deed row as the registry stores it (see ./schema.ts). */
export type CeraiRow = Record<string, string | number | null>;

export const PENGGUGAT = { HUSBAND: 'S', WIFE: 'I' } as const;

/** The row for a deed this registry issued; officers typed names in UPPERCASE, case numbers as the court sent them. */
export function ceraiRow(d: WorldDivorce, officerIndex: number): CeraiRow {
  return {
    NO_AKTA_CRAI: d.deedNumber,
    NO_AKTA_KWN: d.marriage.deedNumber,
    TGL_KWN: d.marriage.marriedOn,
    NIK_SUAMI: d.husband.nik,
    NAMA_SUAMI: d.husband.name.toUpperCase(),
    NIK_ISTRI: d.wife.nik,
    NAMA_ISTRI: d.wife.name.toUpperCase(),
    NO_PUTUSAN: d.decisionNumber,
    TGL_PUTUSAN: d.decidedOn,
    NAMA_PN: d.court,
    PENGGUGAT: PENGGUGAT[d.filedBy],
    TGL_DAFTAR: d.registeredOn,
    ...splitRegion(d.kelurahanCode),
    PETUGAS: `capil${String(officerIndex).padStart(2, '0')}`,
    TGL_ENTRI: `${d.registeredOn} 11:00:00`,
    REF_GERBANG: null,
  };
}
