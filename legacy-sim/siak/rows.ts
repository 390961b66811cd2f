import { deathOf } from '../world/mortality';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { AGAMA, GOL_DRH, JENIS_KLMIN, PDDK_AKH, STAT_HBKEL, STAT_HIDUP, STAT_KWN } from './code-tables';

/**
 * The synthetic world written the way SIAK writes it: UPPERCASE text, numeric codes, the region
 * split into four integers. A few legacy blemishes are reproduced on purpose (doubled spaces and
 * trailing blanks typed by officers years ago) because adapters must cope with them.
 */
export type BiodataRow = Record<string, string | number | null>;
export type KeluargaRow = Record<string, string | number | null>;

export function splitRegion(code: string): { NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number } {
  const [prop, kab, kec, kel] = code.split('.').map(Number);
  if (prop === undefined || kab === undefined || kec === undefined || kel === undefined) throw new Error(`Not a kelurahan code: ${code}`);
  return { NO_PROP: prop, NO_KAB: kab, NO_KEC: kec, NO_KEL: kel };
}

/** Legacy data-entry blemish, deterministic per NIK: roughly 1 name in 100 has extra blanks. */
function legacyName(name: string, nik: string): string {
  const upper = name.toUpperCase();
  const n = Number(nik.slice(-2));
  if (n === 7) return upper.replace(' ', '  ');
  if (n === 13) return `${upper} `;
  return upper;
}

/**
 * `world` decides who has died since the KK was issued (legacy-sim/world/mortality.ts, the same
 * answer the death registry seeds its deeds from): SIAK marks them deceased, as the Dinas did
 * when the death was registered.
 */
export function biodataRow(person: WorldPerson, family: WorldFamily, world: WorldOptions): BiodataRow {
  const entered = `${family.issuedOn} 09:00:00`;
  const death = deathOf(person, family, world);
  return {
    NIK: person.nik,
    NO_KK: family.kkNumber,
    NAMA_LGKP: legacyName(person.name, person.nik),
    JENIS_KLMIN: JENIS_KLMIN[person.sex],
    TMPT_LHR: person.birthPlace.toUpperCase(),
    TGL_LHR: person.birthDate,
    GOL_DRH: GOL_DRH[person.bloodType],
    AGAMA: AGAMA[person.religion],
    STAT_KWN: STAT_KWN[person.maritalStatus],
    STAT_HBKEL: STAT_HBKEL[person.relationship],
    PDDK_AKH: PDDK_AKH[person.education],
    JENIS_PKRJN: person.occupationCode,
    NIK_IBU: person.motherNik,
    NAMA_LGKP_IBU: person.motherName.toUpperCase(),
    NIK_AYAH: person.fatherNik,
    NAMA_LGKP_AYAH: person.fatherName.toUpperCase(),
    NO_AKTA_LHR: person.birthDeedNumber,
    NO_AKTA_KWN: null,
    TGL_KWN: person.marriageDate,
    NO_AKTA_CRAI: null,
    TGL_CRAI: null,
    STAT_HIDUP: death ? STAT_HIDUP.DECEASED : STAT_HIDUP.ALIVE,
    ...splitRegion(family.kelurahanCode),
    TGL_ENTRI: entered,
    // The record changed when the death was entered (the deed's registration follows within days).
    TGL_UBAH: death ? `${death.date} 10:00:00` : null,
  };
}

export function keluargaRow(family: WorldFamily): KeluargaRow {
  const head = family.members[0];
  if (!head || head.relationship !== 'HEAD') throw new Error(`Family ${family.kkNumber} has no head first`);
  return {
    NO_KK: family.kkNumber,
    NAMA_KEP: legacyName(head.name, head.nik),
    ALAMAT: family.street.toUpperCase(),
    NO_RT: family.rt,
    NO_RW: family.rw,
    DUSUN: null,
    KODE_POS: family.postalCode,
    TELP: family.phone,
    NIK_KK: head.nik,
    ...splitRegion(family.kelurahanCode),
    TGL_INSERTION: `${family.issuedOn} 09:00:00`,
    TGL_UPDATION: null,
  };
}
