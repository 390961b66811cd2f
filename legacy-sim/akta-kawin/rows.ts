import { AGAMA } from '../siak/code-tables';
import { splitRegion } from '../siak/rows';
import type { WorldMarriage } from './marriages';

/** A marriage deed row as the registry stores it (see ./schema.ts). */
export type KawinRow = Record<string, string | number | null>;

export function legacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** The row for a deed this registry issued; officers typed names in UPPERCASE. */
export function kawinRow(m: WorldMarriage, officerIndex: number, place: string): KawinRow {
  const [s1, s2] = m.witnesses;
  return {
    NO_AKTA_KWN: m.deedNumber,
    NIK_SUAMI: m.husband.nik,
    NAMA_SUAMI: m.husband.name.toUpperCase(),
    TGL_LHR_SUAMI: m.husband.birthDate,
    NIK_ISTRI: m.wife.nik,
    NAMA_ISTRI: m.wife.name.toUpperCase(),
    TGL_LHR_ISTRI: m.wife.birthDate,
    TGL_KWN: legacyDate(m.marriedOn),
    TMPT_KWN: place.toUpperCase(),
    AGAMA: AGAMA[m.religion],
    NAMA_LEMBAGA: m.institution,
    NIK_SAKSI1: s1.nik,
    NAMA_SAKSI1: s1.name.toUpperCase(),
    TGL_LHR_SAKSI1: s1.birthDate,
    NIK_SAKSI2: s2.nik,
    NAMA_SAKSI2: s2.name.toUpperCase(),
    TGL_LHR_SAKSI2: s2.birthDate,
    TGL_DAFTAR: m.registeredOn,
    ...splitRegion(m.kelurahanCode),
    PETUGAS: `capil${String(officerIndex).padStart(2, '0')}`,
    TGL_ENTRI: `${m.registeredOn} 10:00:00`,
    REF_GERBANG: null,
  };
}
