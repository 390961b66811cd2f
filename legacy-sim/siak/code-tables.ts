/**
 * SIAK's code tables (`*_MASTER`, columns NO and DESCRIP) as the legacy application stores them,
 * and the translation of the synthetic world's values into those codes. This is the emulator's
 * side; the adapter has its own decoding (legacy-adapters/siak/codes.ts) and never imports this.
 */
import type { WorldBloodType, WorldEducation, WorldMaritalStatus, WorldRelationship, WorldReligion, WorldSex } from '../world/types';
import { OCCUPATIONS } from '../world/occupations';

export const JENIS_KLMIN: Record<WorldSex, number> = { MALE: 1, FEMALE: 2 };
export const AGAMA: Record<WorldReligion, number> = { ISLAM: 1, PROTESTANT: 2, CATHOLIC: 3, HINDU: 4, BUDDHIST: 5, CONFUCIAN: 6, BELIEF_OR_OTHER: 7 };
export const STAT_KWN: Record<WorldMaritalStatus, number> = { SINGLE: 1, MARRIED: 2, DIVORCED: 3, WIDOWED: 4 };
export const STAT_HBKEL: Record<WorldRelationship, number> = {
  HEAD: 1, HUSBAND: 2, WIFE: 3, CHILD: 4, CHILD_IN_LAW: 5, GRANDCHILD: 6,
  PARENT: 7, PARENT_IN_LAW: 8, OTHER_RELATIVE: 9, HOUSEHOLD_HELPER: 10, OTHER: 11,
};
export const PDDK_AKH: Record<WorldEducation, number> = {
  NONE: 1, PRIMARY_INCOMPLETE: 2, PRIMARY: 3, JUNIOR_SECONDARY: 4, SENIOR_SECONDARY: 5,
  DIPLOMA_I_II: 6, DIPLOMA_III: 7, BACHELOR: 8, MASTER: 9, DOCTORATE: 10,
};
/** SIAK records 13 ("TIDAK TAHU") when the blood type is unknown. */
export const GOL_DRH: Record<WorldBloodType, number> = { A: 1, B: 2, AB: 3, O: 4, UNKNOWN: 13 };
/** Assumption (the public sources do not say): 1 alive, 2 deceased. */
export const STAT_HIDUP = { ALIVE: 1, DECEASED: 2 } as const;

type CodeRow = { NO: number; DESCRIP: string };

export const CODE_TABLES: Record<string, CodeRow[]> = {
  JENIS_KLMIN_MASTER: [
    { NO: 1, DESCRIP: 'LAKI-LAKI' },
    { NO: 2, DESCRIP: 'PEREMPUAN' },
  ],
  AGAMA_MASTER: [
    { NO: 1, DESCRIP: 'ISLAM' },
    { NO: 2, DESCRIP: 'KRISTEN' },
    { NO: 3, DESCRIP: 'KATHOLIK' },
    { NO: 4, DESCRIP: 'HINDU' },
    { NO: 5, DESCRIP: 'BUDHA' },
    { NO: 6, DESCRIP: 'KHONGHUCU' },
    { NO: 7, DESCRIP: 'KEPERCAYAAN TERHADAP TUHAN YME / LAINNYA' },
  ],
  STAT_KWN_MASTER: [
    { NO: 1, DESCRIP: 'BELUM KAWIN' },
    { NO: 2, DESCRIP: 'KAWIN' },
    { NO: 3, DESCRIP: 'CERAI HIDUP' },
    { NO: 4, DESCRIP: 'CERAI MATI' },
  ],
  STAT_HBKEL_MASTER: [
    { NO: 1, DESCRIP: 'KEPALA KELUARGA' },
    { NO: 2, DESCRIP: 'SUAMI' },
    { NO: 3, DESCRIP: 'ISTRI' },
    { NO: 4, DESCRIP: 'ANAK' },
    { NO: 5, DESCRIP: 'MENANTU' },
    { NO: 6, DESCRIP: 'CUCU' },
    { NO: 7, DESCRIP: 'ORANG TUA' },
    { NO: 8, DESCRIP: 'MERTUA' },
    { NO: 9, DESCRIP: 'FAMILI LAIN' },
    { NO: 10, DESCRIP: 'PEMBANTU' },
    { NO: 11, DESCRIP: 'LAINNYA' },
  ],
  PDDK_AKH_MASTER: [
    { NO: 1, DESCRIP: 'TIDAK/BELUM SEKOLAH' },
    { NO: 2, DESCRIP: 'BELUM TAMAT SD/SEDERAJAT' },
    { NO: 3, DESCRIP: 'TAMAT SD/SEDERAJAT' },
    { NO: 4, DESCRIP: 'SLTP/SEDERAJAT' },
    { NO: 5, DESCRIP: 'SLTA/SEDERAJAT' },
    { NO: 6, DESCRIP: 'DIPLOMA I/II' },
    { NO: 7, DESCRIP: 'AKADEMI/DIPLOMA III/SARJANA MUDA' },
    { NO: 8, DESCRIP: 'DIPLOMA IV/STRATA I' },
    { NO: 9, DESCRIP: 'STRATA II' },
    { NO: 10, DESCRIP: 'STRATA III' },
  ],
  GOL_DRH_MASTER: ['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'TIDAK TAHU'].map((d, i) => ({ NO: i + 1, DESCRIP: d })),
  JENIS_PKRJN_MASTER: OCCUPATIONS.map((o) => ({ NO: o.code, DESCRIP: o.label })),
};
