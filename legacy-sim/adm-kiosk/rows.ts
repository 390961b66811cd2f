import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';
import { kiosksOf, mallsOf, type Kiosk } from './malls';
import type { JenisDokumen, Peristiwa, StatusCetak, StatusPin } from './schema';

/**
 * The PINs and prints already in the application, drawn from the world. Deterministic: one PRNG
 * stream of its own, consumed family by family in the world's order. About one family in twenty
 * printed something at a mall kiosk over the 60 days before the world's reference date: its family
 * card, a member's birth deed, or a child's KIA. Most PINs were entered at a kiosk within minutes
 * and printed in about two minutes; a few prints failed (paper jam); some PINs expired unused
 * after their 15 minutes, a few were withdrawn.
 */
export interface PinRow {
  id_pin: number;
  pin: string;
  nik: string;
  jenis_dokumen: JenisDokumen;
  no_dokumen: string;
  kanal: string;
  dibuat: string;
  berlaku_sampai: string;
  status_pin: StatusPin;
  dipakai: string | null;
  id_kiosk: string | null;
  kd_referensi: string | null;
}

export interface CetakRow {
  id_cetak?: number;
  id_pin: number;
  id_kiosk: string;
  mulai: string;
  estimasi_selesai: string;
  selesai: string | null;
  status_cetak: StatusCetak;
  keterangan: string | null;
}

export interface LogRow {
  id_log?: number;
  id_pin: number;
  peristiwa: Peristiwa;
  waktu: string;
  id_kiosk: string | null;
  petugas: string | null;
  keterangan: string | null;
}

export interface SeededPin {
  pin: PinRow;
  cetak: CetakRow | null;
  log: LogRow[];
}

export const PIN_MINUTES = 15;
export const PRINT_SECONDS = 120;

export class KioskHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly kiosks: Kiosk[];
  private nextId = 1;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x61646d6b) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.kiosks = kiosksOf(mallsOf(world.regencyCode));
  }

  pinsFor(family: WorldFamily): SeededPin[] {
    const rng = this.rng;
    if (this.kiosks.length === 0 || !rng.chance(0.05)) return [];
    const adults = family.members.filter((m) => ageOn(isoToDay(m.birthDate), this.referenceDay) >= 17);
    const requester = adults.length > 0 ? rng.pick(adults) : family.members[0]!;
    const children = family.members.filter((m) => ageOn(isoToDay(m.birthDate), this.referenceDay) < 17);
    const deeds = family.members.filter((m) => m.birthDeedNumber);
    const roll = rng.next();
    let document: { jenis: JenisDokumen; nomor: string };
    if (roll < 0.2 && children.length > 0) document = { jenis: 'KIA', nomor: rng.pick(children).nik };
    else if (roll < 0.45 && deeds.length > 0) document = { jenis: 'AKTA_LAHIR', nomor: rng.pick(deeds).birthDeedNumber! };
    else document = { jenis: 'KK', nomor: family.kkNumber };
    return [this.pin(requester.nik, document)];
  }

  private pin(nik: string, document: { jenis: JenisDokumen; nomor: string }): SeededPin {
    const rng = this.rng;
    const id = this.nextId++;
    const day = dayToIso(this.referenceDay - rng.int(1, 60));
    const dibuat = `${day} ${pad2(rng.int(9, 20))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`;
    const berlaku = plusSeconds(dibuat, PIN_MINUTES * 60);
    const kanal = rng.weighted<string>([['WEB', 5], ['APP', 4], ['WA', 1]]);
    const pin: PinRow = {
      id_pin: id, pin: String(rng.int(0, 999_999)).padStart(6, '0'), nik, jenis_dokumen: document.jenis, no_dokumen: document.nomor, kanal, dibuat, berlaku_sampai: berlaku,
      status_pin: 'AKTIF', dipakai: null, id_kiosk: null, kd_referensi: `PIN-${day.replace(/-/g, '')}-${String(id).padStart(6, '0')}`,
    };
    const log: LogRow[] = [{ id_pin: id, peristiwa: 'PIN_TERBIT', waktu: dibuat, id_kiosk: null, petugas: null, keterangan: null }];
    const roll = rng.next();
    let cetak: CetakRow | null = null;
    if (roll < 0.8) {
      const kiosk = rng.pick(this.kiosks).id_kiosk;
      const used = plusSeconds(dibuat, rng.int(60, PIN_MINUTES * 60 - 30));
      const failed = roll >= 0.76;
      const ends = plusSeconds(used, failed ? rng.int(30, 90) : PRINT_SECONDS + rng.int(-10, 10));
      Object.assign(pin, { status_pin: 'TERPAKAI', dipakai: used, id_kiosk: kiosk });
      cetak = { id_pin: id, id_kiosk: kiosk, mulai: used, estimasi_selesai: plusSeconds(used, PRINT_SECONDS), selesai: ends, status_cetak: failed ? 'GAGAL' : 'SELESAI', keterangan: failed ? 'KERTAS MACET' : null };
      log.push({ id_pin: id, peristiwa: 'CETAK_MULAI', waktu: used, id_kiosk: kiosk, petugas: null, keterangan: null });
      log.push({ id_pin: id, peristiwa: failed ? 'CETAK_GAGAL' : 'CETAK_SELESAI', waktu: ends, id_kiosk: kiosk, petugas: null, keterangan: failed ? 'KERTAS MACET' : null });
    } else if (roll < 0.95) {
      pin.status_pin = 'KEDALUWARSA';
      log.push({ id_pin: id, peristiwa: 'PIN_KEDALUWARSA', waktu: berlaku, id_kiosk: null, petugas: null, keterangan: null });
    } else {
      pin.status_pin = 'BATAL';
      log.push({ id_pin: id, peristiwa: 'PIN_BATAL', waktu: plusSeconds(dibuat, rng.int(30, 600)), id_kiosk: null, petugas: null, keterangan: 'DIBATALKAN PEMOHON' });
    }
    return { pin, cetak, log };
  }
}

/** 'YYYY-MM-DD HH:mm:ss' plus seconds, across midnight if need be. */
export function plusSeconds(stamp: string, seconds: number): string {
  const at = new Date(`${stamp.replace(' ', 'T')}Z`).getTime() + seconds * 1000;
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
