import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import type { JenisPermohonan, StatusKia } from './schema';

/**
 * The KIA application's cards, drawn from the world: most children under 17 have one (fewer among
 * babies, whose parents have not come yet), teenagers who turned 17 recently keep their expired
 * card's row; a few children had a lost or damaged card replaced. Deterministic: one PRNG stream
 * of its own, consumed person by person in the world's order.
 *
 * Kept on purpose, because the adapter must cope: cards from the application's first version
 * (before 2019) carry the old status words ('BARU', 'SUDAH CETAK', 'Sudah Diambil'), no expiry
 * (''), and the family card number with a leading apostrophe, as typed into the spreadsheet.
 */
export interface KiaRow {
  no_kia: string;
  nik_anak: string;
  no_kk: string;
  nama_anak: string;
  tgl_lahir: string;
  jenis_permohonan: JenisPermohonan;
  status_kia: string;
  tgl_terbit: string;
  tgl_berlaku: string;
  no_permohonan: string | null;
  petugas: string | null;
  tgl_entri: string;
  tgl_ubah: string | null;
}

/** Tangerang Selatan began issuing KIA in March 2016 (Permendagri 2/2016). */
const KIA_START = isoToDay('2016-03-01');
export const FIRST_VERSION_UNTIL = isoToDay('2019-01-01');
/** The card is for children: it expires the day before the 17th birthday. */
export const KIA_AGE_LIMIT = 17;

/** 'YYYY-MM-DD' to the application's 'DD-MM-YYYY'. */
export function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** The day before the 17th birthday, 'DD-MM-YYYY'. */
export function expiryFor(birthIso: string): string {
  return ddmmyyyy(dayToIso(addYears(isoToDay(birthIso), KIA_AGE_LIMIT) - 1));
}

/** Card numbers as the application makes them: KIA-<regency>-<year>-<serial of the year>. */
export function cardNumber(regency4: string, year: string, serial: number): string {
  return `KIA-${regency4}-${year}-${String(serial).padStart(6, '0')}`;
}

/** How the first version wrote the statuses (it had no DIGANTI: replacements came later). */
function firstVersionStatus(status: StatusKia, rng: Random): string {
  if (status === 'TERBIT') return 'BARU';
  if (status === 'DICETAK') return 'SUDAH CETAK';
  if (status === 'DIAMBIL') return rng.chance(0.5) ? 'SUDAH DIAMBIL' : 'Sudah Diambil';
  return status;
}

export class KiaHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly serials = new Map<string, number>();

  constructor(world: WorldOptions) {
    // Its own stream: the world's stream is the generator's alone.
    this.rng = new Random((world.seed ^ 0x006b6961) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
  }

  rowsFor(family: WorldFamily): KiaRow[] {
    const rows: KiaRow[] = [];
    for (const person of family.members) rows.push(...this.cardsOf(person, family.kkNumber));
    return rows;
  }

  private cardsOf(person: WorldPerson, kkNumber: string): KiaRow[] {
    const rng = this.rng;
    const today = this.referenceDay;
    const birthDay = isoToDay(person.birthDate);
    const age = ageOn(birthDay, today);
    // Teenagers up to 19 may still have the row of the card they outgrew; married minors get a KTP instead.
    if (age >= 20 || person.marriageDate) return [];
    const first = Math.max(birthDay, KIA_START);
    const last = Math.min(addYears(birthDay, KIA_AGE_LIMIT) - 1, today - 1);
    if (first > last) return [];
    const chance = age === 0 ? 0.55 : age < KIA_AGE_LIMIT ? 0.85 : 0.6;
    if (!rng.chance(chance)) return [];
    // Babies born since the start mostly get theirs with the birth deed, within two months.
    const issued = birthDay >= KIA_START && rng.chance(0.5) ? rng.int(first, Math.min(last, birthDay + 60)) : rng.int(first, last);
    const cards = [this.card(person, kkNumber, issued, 'BARU')];
    if (rng.chance(0.03) && issued + 60 < last) {
      cards[0]!.status_kia = 'DIGANTI';
      const again = rng.int(issued + 60, last);
      cards.push(this.card(person, kkNumber, again, rng.chance(0.6) ? 'HILANG' : 'RUSAK'));
    }
    return cards;
  }

  /** An officer's NIP: birth date, appointment month, sex, serial (18 digits). */
  private nip(): string {
    const rng = this.rng;
    const two = (n: number) => String(n).padStart(2, '0');
    return `19${rng.int(65, 99)}${two(rng.int(1, 12))}${two(rng.int(1, 28))}20${two(rng.int(5, 23))}${two(rng.int(1, 12))}${rng.int(1, 2)}${String(rng.int(1, 20)).padStart(3, '0')}`;
  }

  /** A card issued on `day`; its status follows from the time since. */
  private card(person: WorldPerson, kkNumber: string, day: number, jenis: JenisPermohonan): KiaRow {
    const rng = this.rng;
    const since = this.referenceDay - day;
    const status: StatusKia = since <= 2 ? rng.pick<StatusKia>(['TERBIT', 'DICETAK']) : since <= 30 ? (rng.chance(0.4) ? 'DICETAK' : 'DIAMBIL') : rng.chance(0.04) ? 'DICETAK' : 'DIAMBIL';
    const iso = dayToIso(day);
    const year = iso.slice(0, 4);
    const serial = (this.serials.get(year) ?? 0) + 1;
    this.serials.set(year, serial);
    const firstVersion = day < FIRST_VERSION_UNTIL;
    const time = `${String(rng.int(8, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
    return {
      no_kia: cardNumber(this.regency4, year, serial),
      nik_anak: person.nik,
      no_kk: firstVersion ? `'${kkNumber}` : kkNumber,
      nama_anak: person.name.toUpperCase(),
      tgl_lahir: ddmmyyyy(person.birthDate),
      jenis_permohonan: jenis,
      status_kia: firstVersion ? firstVersionStatus(status, rng) : status,
      tgl_terbit: ddmmyyyy(iso),
      tgl_berlaku: firstVersion ? '' : expiryFor(person.birthDate),
      // Cards asked for through the online portal carry its reference; counter requests have none.
      no_permohonan: !firstVersion && rng.chance(0.25) ? `PMH-KIA-${iso.replace(/-/g, '')}-${String(serial).padStart(6, '0')}` : null,
      petugas: this.nip(),
      tgl_entri: `${iso} ${time}`,
      tgl_ubah: null,
    };
  }
}
