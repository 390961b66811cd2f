import { createHash } from 'node:crypto';
import { regions } from '@core/domain/regions';
import type { AppFolders } from '@core/files/app-folders';
import { generateFamilies } from '../world/generator';
import { dayToIso, isoToDay } from '../world/dates';
import type { WorldOptions, WorldPerson } from '../world/types';
import { REGISTER_ACTIVE, dashedDate } from './format';
import { appendRegister, type RegisterEntry } from './register';

/**
 * Past annotations for a small, deterministic share of the world's residents: about one child in
 * 60 recognised or legitimated by a court order, and about one adult in 150 whose name a court
 * changed from an old spelling (SOEHARTO → SUHARTO style: the register keeps the old spelling as
 * NAMA_LAMA and today's name as NAMA_BARU). Chosen by a hash of the NIK, so the same world always
 * gets the same annotations, whatever the scale.
 */
const CHILD_SHARE = 60;
const ADULT_SHARE = 150;

/** Where a regency's residents go to court; others fall back to "PENGADILAN NEGERI <regency>". */
const DISTRICT_COURTS: Record<string, string> = { '36.74': 'PENGADILAN NEGERI TANGERANG', '33.25': 'PENGADILAN NEGERI BATANG' };

function courtOf(regencyCode: string): string {
  const name = regions().get(regencyCode)?.name.toUpperCase().replace(/^(KOTA|KABUPATEN|KAB\.)\s+/, '') ?? regencyCode;
  return DISTRICT_COURTS[regencyCode] ?? `PENGADILAN NEGERI ${name}`;
}

function hashOf(nik: string): number {
  return createHash('sha256').update(nik).digest().readUInt32BE(0);
}

/** The name as it was spelled before the 1972 spelling reform, or undefined when nothing differs. */
function oldSpelling(name: string): string | undefined {
  const old = name.toUpperCase().replace(/U/g, 'OE').replace(/J/g, 'DJ').replace(/Y/g, 'J').replace(/C/g, 'TJ');
  return old === name.toUpperCase() ? undefined : old;
}

function annotationFor(person: WorldPerson, h: number, world: WorldOptions): Omit<RegisterEntry, 'NO_CATATAN'> | undefined {
  const born = isoToDay(person.birthDate);
  const reference = isoToDay(world.referenceDate);
  const isChild = person.relationship === 'CHILD' && person.fatherName !== '';
  const base = { ID_PERMOHONAN: `SEED-${person.nik}`, NIK: person.nik, NIK_AYAH: '', NAMA_AYAH: '', NAMA_LAMA: '', NAMA_BARU: '', NAMA_PN: courtOf(world.regencyCode), STATUS: REGISTER_ACTIVE, PETUGAS: 'MIGRASI' };
  let type: string;
  if (isChild && h % CHILD_SHARE === 0) {
    type = (h >>> 8) % 2 === 0 ? '01' : '02';
    Object.assign(base, { NIK_AYAH: person.fatherNik ?? '', NAMA_AYAH: person.fatherName.toUpperCase() });
  } else if (!isChild && h % ADULT_SHARE === 1) {
    const old = oldSpelling(person.name);
    if (!old) return undefined;
    type = '05';
    Object.assign(base, { NAMA_LAMA: old, NAMA_BARU: person.name.toUpperCase() });
  } else {
    return undefined;
  }
  // A court order some time after birth (and before the world's reference date), recorded within 30 days.
  const span = Math.max(1, reference - born - 60);
  const orderDay = born + 30 + ((h >>> 4) % span);
  const recordedDay = Math.min(reference - 1, orderDay + ((h >>> 12) % 30));
  const orderYear = dayToIso(orderDay).slice(0, 4);
  return {
    ...base,
    KD_JENIS: type,
    NO_PENETAPAN: `${(h >>> 16) % 900 + 100}/PDT.P/${orderYear}/PN.${courtOf(world.regencyCode).split(' ').pop()!.slice(0, 3)}`,
    TGL_PENETAPAN: dashedDate(dayToIso(orderDay)),
    TGL_CATAT: dashedDate(dayToIso(recordedDay)),
  };
}

export async function seedRegister(folders: AppFolders, world: WorldOptions): Promise<number> {
  const entries: RegisterEntry[] = [];
  const serials = new Map<string, number>();
  const regency = world.regencyCode.replace('.', '');
  for (const family of generateFamilies(world)) {
    for (const person of family.members) {
      const annotation = annotationFor(person, hashOf(person.nik), world);
      if (!annotation) continue;
      const day = annotation.TGL_CATAT.replace(/-/g, '');
      const serial = (serials.get(day) ?? 0) + 1;
      serials.set(day, serial);
      entries.push({ ...annotation, NO_CATATAN: `${regency}-CP-${day}-${String(serial).padStart(4, '0')}` });
    }
  }
  await appendRegister(folders.data, entries);
  return entries.length;
}
