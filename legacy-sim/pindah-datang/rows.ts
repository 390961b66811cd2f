import { regions } from '@core/domain/regions';
import { dayToIso, isoToDay } from '../world/dates';
import { streetAddress } from '../world/places';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { letterNumber, undotted, villagesOf } from '../pindah-keluar/regions';
import type { SeededLetters } from '../pindah-keluar/rows';

/**
 * The arrivals already registered, drawn from the world (own PRNG stream, deterministic):
 * - residents whose NIK was issued in another regency (the world's Batang-NIK residents) arrived
 *   with an inter-city SKPWNI from that regency (received through the national exchange), a few
 *   days before their current KK was issued here (new KK 'Y'; new KTP for the adults);
 * - the city's own moves within the city (the pindah-keluar seed, passed in) arrived at their
 *   destination: the letter copied in, the arrival a few days after it.
 */
export interface SkpwniMasukRow {
  no_skpwni: string;
  no_kk: string;
  kode_wil_asal: string;
  kode_wil_tujuan: string;
  nik_anggota: string;
  sumber: string;
  tgl_terima: string;
}

export interface DatangRow {
  no_datang: string;
  tahun: number;
  no_urut: number;
  no_skpwni: string;
  kode_wil_tujuan: string;
  alamat_tujuan: string | null;
  kk_baru: string;
  ktp_baru: string;
  tgl_datang: string;
  tgl_entri: string;
  no_referensi: string | null;
  petugas: string | null;
}

export interface DatangAnggotaRow {
  no_datang: string;
  no_urut: number;
  nik: string;
}

export interface SeededArrivals {
  letters: SkpwniMasukRow[];
  arrivals: DatangRow[];
  members: DatangAnggotaRow[];
}

/** Arrival numbers as the Dinas writes them: 475/<serial of the year>/SKDWNI/<regency>/<year>. */
export function arrivalNumber(regency4: string, year: number, serial: number): string {
  return `475/${String(serial).padStart(5, '0')}/SKDWNI/${regency4}/${year}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad3 = (n: number) => String(n).padStart(3, '0');

export class ArrivalHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regencyCode: string;
  private readonly regency4: string;
  private readonly serials = new Map<number, number>();
  private readonly letterSerials = new Map<string, number>();

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x64746e67) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regencyCode = world.regencyCode;
    this.regency4 = world.regencyCode.replace('.', '');
  }

  /** `moveOuts`: the family's letters in the pindah-keluar seed. */
  arrivalsFor(family: WorldFamily, moveOuts: SeededLetters): SeededArrivals {
    const out: SeededArrivals = { letters: [], arrivals: [], members: [] };
    this.fromElsewhere(family, out);
    for (const letter of moveOuts.letters) {
      if (!letter.kode_wil_tujuan.startsWith(this.regency4) || letter.status_surat !== 'TERBIT' || isoToDay(letter.tgl_pindah) >= this.referenceDay) continue;
      const niks = moveOuts.members.filter((m) => m.no_skpwni === letter.no_skpwni).map((m) => m.nik);
      out.letters.push({ no_skpwni: letter.no_skpwni, no_kk: letter.no_kk, kode_wil_asal: letter.kode_wil_asal, kode_wil_tujuan: letter.kode_wil_tujuan, nik_anggota: niks.join(';'), sumber: 'INPUT', tgl_terima: `${letter.tgl_pindah} 09:00:00` });
      this.arrival(out, letter.no_skpwni, niks, letter.kode_wil_tujuan, letter.alamat_tujuan, isoToDay(letter.tgl_pindah), niks.length > 1 || letter.jenis_kepindahan === '2', false);
    }
    return out;
  }

  private fromElsewhere(family: WorldFamily, out: SeededArrivals): void {
    const rng = this.rng;
    const kkDay = isoToDay(family.issuedOn);
    const arrived = kkDay - rng.int(0, 10);
    const issued = arrived - rng.int(3, 30);
    const movers = family.members.filter((p) => !p.firstRegistrationKecamatan.startsWith(`${this.regencyCode}.`) && isoToDay(p.birthDate) < issued);
    if (movers.length === 0 || arrived >= this.referenceDay) return;
    const kecamatan = movers[0]!.firstRegistrationKecamatan;
    const regency = kecamatan.split('.').slice(0, 2).join('.');
    const villages = regions().childrenOf(kecamatan).map((v) => v.code);
    const origins = villages.length > 0 ? villages : villagesOf(regency);
    if (origins.length === 0) return;
    const origin = rng.pick(origins);
    const issuedIso = dayToIso(issued);
    const regency4 = regency.replace('.', '');
    const serial = (this.letterSerials.get(`${regency4}${issuedIso.slice(0, 4)}`) ?? 0) + 1;
    this.letterSerials.set(`${regency4}${issuedIso.slice(0, 4)}`, serial);
    const number = letterNumber(regency4, issuedIso, serial);
    // The family card they left behind, issued by the origin kecamatan (serial 9001+: not the world's).
    const oldKk = `${undotted(kecamatan)}${issuedIso.slice(8, 10)}${issuedIso.slice(5, 7)}${issuedIso.slice(2, 4)}${rng.int(9001, 9999)}`;
    out.letters.push({ no_skpwni: number, no_kk: oldKk, kode_wil_asal: undotted(origin), kode_wil_tujuan: undotted(family.kelurahanCode), nik_anggota: movers.map((m) => m.nik).join(';'), sumber: 'PUSAT', tgl_terima: `${dayToIso(issued + 1)} 07:30:00` });
    const address = `${family.street} RT ${pad3(family.rt)} RW ${pad3(family.rw)}`.toUpperCase();
    this.arrival(out, number, movers.map((m) => m.nik), undotted(family.kelurahanCode), address, arrived, true, this.hasAdult(movers, arrived));
  }

  private hasAdult(people: readonly WorldPerson[], day: number): boolean {
    return people.some((p) => day - isoToDay(p.birthDate) >= 17 * 365);
  }

  private arrival(out: SeededArrivals, letter: string, niks: readonly string[], destination: string, address: string | null, day: number, newKk: boolean, newKtp: boolean): void {
    const rng = this.rng;
    const iso = dayToIso(day);
    const year = Number(iso.slice(0, 4));
    const serial = (this.serials.get(year) ?? 0) + 1;
    this.serials.set(year, serial);
    const number = arrivalNumber(this.regency4, year, serial);
    out.arrivals.push({
      no_datang: number,
      tahun: year,
      no_urut: serial,
      no_skpwni: letter,
      kode_wil_tujuan: destination,
      alamat_tujuan: address ?? `${streetAddress(rng, '')} RT ${pad3(rng.int(1, 12))} RW ${pad3(rng.int(1, 9))}`.toUpperCase(),
      kk_baru: newKk ? 'Y' : 'T',
      ktp_baru: newKtp ? 'Y' : 'T',
      tgl_datang: iso,
      tgl_entri: `${iso} ${pad2(rng.int(8, 15))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`,
      no_referensi: day >= isoToDay('2021-01-01') && rng.chance(0.4) ? `PMH-${iso.replace(/-/g, '')}-D${String(serial).padStart(5, '0')}` : null,
      petugas: `19${rng.int(65, 99)}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}20${pad2(rng.int(5, 23))}${pad2(rng.int(1, 12))}${rng.int(1, 2)}${pad3(rng.int(1, 20))}`,
    });
    niks.forEach((nik, i) => out.members.push({ no_datang: number, no_urut: i + 1, nik }));
  }
}
