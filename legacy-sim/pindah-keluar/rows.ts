import { buildKk } from '@core/domain/kk';
import { regions } from '@core/domain/regions';
import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { streetAddress } from '../world/places';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { classify, letterNumber, undotted, villagesOf } from './regions';

/**
 * The move-out letters already issued, drawn from the world. Deterministic: one PRNG stream of
 * its own, consumed family by family in the world's order. Three kinds, each consistent with the
 * world (and so with SIAK, seeded from the same world):
 * - a family that moved within the city: its whole family moved from another kelurahan of the
 *   city a few days before its current KK was issued (destination = where it lives now; the old
 *   KK number, issued at the origin, is on the letter);
 * - a grown child who moved out of the city recently (to a desa of the other regency in the
 *   region list), the letter within the last four months, some cancelled by an officer;
 * - now and then a whole family that is leaving the city (letter in the last two months).
 */
export interface SkpwniRow {
  no_skpwni: string;
  tahun: number;
  no_urut: number;
  no_kk: string;
  nik_pemohon: string;
  kode_wil_asal: string;
  alamat_asal: string | null;
  kode_wil_tujuan: string;
  alamat_tujuan: string | null;
  klasifikasi: string;
  alasan: string;
  jenis_kepindahan: string;
  tgl_pindah: string;
  tgl_terbit: string;
  status_surat: string;
  no_referensi: string | null;
  petugas: string | null;
}

export interface AnggotaRow {
  no_skpwni: string;
  no_urut: number;
  nik: string;
}

export interface SeededLetters {
  letters: SkpwniRow[];
  members: AnggotaRow[];
}

/** SKPWNI under this application began when the city ran its own Dinas (2009). */
const CITY_LETTERS_FROM = isoToDay('2009-06-01');
const DUKUH = ['KRAJAN', 'KALIBELI', 'SIDOREJO', 'KARANGANYAR', 'SUMBERSARI', 'PESANTREN', 'WATES', 'TEGALSARI'];

export class SkpwniHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly cityVillages: string[];
  private readonly elsewhere: string[];
  private readonly serials = new Map<number, number>();

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x706e646b) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
    this.cityVillages = villagesOf(world.regencyCode);
    // Destinations out of the city: the villages of the other regencies the region list knows.
    this.elsewhere = regions().all.filter((r) => r.level === 'regency' && r.code !== world.regencyCode).flatMap((r) => villagesOf(r.code));
  }

  lettersFor(family: WorldFamily): SeededLetters {
    const rng = this.rng;
    const out: SeededLetters = { letters: [], members: [] };
    const issuedDay = isoToDay(family.issuedOn);
    if (issuedDay >= CITY_LETTERS_FROM && rng.chance(0.08)) this.movedWithinCity(family, issuedDay, out);
    const grown = family.members.filter((p) => p.relationship === 'CHILD' && this.age(p) >= 19 && this.age(p) <= 35);
    if (grown.length > 0 && rng.chance(0.12)) this.leftCity(family, [rng.pick(grown)], '4', 120, out);
    else if (rng.chance(0.015)) this.leftCity(family, family.members, '2', 60, out);
    return out;
  }

  private age(person: WorldPerson): number {
    return ageOn(isoToDay(person.birthDate), this.referenceDay);
  }

  private movedWithinCity(family: WorldFamily, kkIssuedDay: number, out: SeededLetters): void {
    const rng = this.rng;
    const destination = family.kelurahanCode;
    let origin = rng.pick(this.cityVillages);
    if (origin === destination) origin = this.cityVillages[(this.cityVillages.indexOf(origin) + 1) % this.cityVillages.length]!;
    const moveDay = kkIssuedDay - rng.int(0, 7);
    const issued = moveDay - rng.int(1, 14);
    const movers = family.members.filter((p) => isoToDay(p.birthDate) < issued);
    if (movers.length === 0) return;
    const originKecamatan = origin.split('.').slice(0, 3).join('.');
    const oldKk = buildKk(originKecamatan, dayToIso(Math.max(isoToDay('1995-01-02'), issued - rng.int(365, 3650))), rng.int(9001, 9999));
    const kecamatanName = regions().get(originKecamatan)?.name ?? '';
    const address = `${streetAddress(rng, kecamatanName)} RT ${this.rtRw()}`.toUpperCase();
    this.letter(out, {
      kk: oldKk, applicant: movers[0]!.nik, movers, origin, originAddress: address, destination,
      destinationAddress: `${family.street} RT ${pad3(family.rt)} RW ${pad3(family.rw)}`.toUpperCase(),
      reason: rng.pick(['5', '5', '6', '1']), jenis: movers.length === family.members.length ? '2' : '3', moveDay, issued,
    });
  }

  private leftCity(family: WorldFamily, movers: readonly WorldPerson[], jenis: string, withinDays: number, out: SeededLetters): void {
    const rng = this.rng;
    if (this.elsewhere.length === 0) return;
    const issued = this.referenceDay - rng.int(1, withinDays);
    const destination = rng.pick(this.elsewhere);
    this.letter(out, {
      kk: family.kkNumber, applicant: jenis === '4' ? movers[0]!.nik : family.members[0]!.nik, movers,
      origin: family.kelurahanCode, originAddress: `${family.street} RT ${pad3(family.rt)} RW ${pad3(family.rw)}`.toUpperCase(), destination,
      destinationAddress: rng.chance(0.15) ? null : `DUKUH ${rng.pick(DUKUH)} RT ${this.rtRw()}`,
      reason: jenis === '4' ? rng.pick(['1', '1', '2', '6']) : rng.pick(['1', '6', '5']), jenis, moveDay: issued + rng.int(0, 14), issued,
      cancelled: rng.chance(0.1),
    });
  }

  private rtRw(): string {
    return `${pad3(this.rng.int(1, 12))} RW ${pad3(this.rng.int(1, 9))}`;
  }

  private letter(out: SeededLetters, l: { kk: string; applicant: string; movers: readonly WorldPerson[]; origin: string; originAddress: string | null; destination: string; destinationAddress: string | null; reason: string; jenis: string; moveDay: number; issued: number; cancelled?: boolean }): void {
    const rng = this.rng;
    const iso = dayToIso(l.issued);
    const year = Number(iso.slice(0, 4));
    const serial = (this.serials.get(year) ?? 0) + 1;
    this.serials.set(year, serial);
    const number = letterNumber(this.regency4, iso, serial);
    out.letters.push({
      no_skpwni: number,
      tahun: year,
      no_urut: serial,
      no_kk: l.kk,
      nik_pemohon: l.applicant,
      kode_wil_asal: undotted(l.origin),
      alamat_asal: l.originAddress,
      kode_wil_tujuan: undotted(l.destination),
      alamat_tujuan: l.destinationAddress,
      klasifikasi: classify(l.origin, l.destination),
      alasan: l.reason,
      jenis_kepindahan: l.jenis,
      tgl_pindah: dayToIso(l.moveDay),
      tgl_terbit: `${iso} ${pad2(rng.int(8, 15))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`,
      status_surat: l.cancelled ? 'BATAL' : 'TERBIT',
      // Letters asked for through the online portal carry its reference; counter ones none.
      no_referensi: l.issued >= isoToDay('2021-01-01') && rng.chance(0.4) ? `PMH-${iso.replace(/-/g, '')}-${String(serial).padStart(5, '0')}` : null,
      petugas: `19${rng.int(65, 99)}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}20${pad2(rng.int(5, 23))}${pad2(rng.int(1, 12))}${rng.int(1, 2)}${String(rng.int(1, 20)).padStart(3, '0')}`,
    });
    l.movers.forEach((person, i) => out.members.push({ no_skpwni: number, no_urut: i + 1, nik: person.nik }));
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}
