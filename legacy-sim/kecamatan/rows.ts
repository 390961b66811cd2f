import { planRegency } from '../world/geography';
import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import type { StatusWord } from './schema';

/**
 * The counter's history, drawn deterministically from the world (own PRNG stream, family by
 * family): over the two years before the reference date, residents come to their kecamatan office
 * (now and then another one) for the 7 services — a first KTP-el after their 17th birthday, a
 * replacement card, a KIA for a child, a new or changed KK, moving out or in — about one request
 * per ten residents, more of them recent. Old requests are mostly done (some rejected, a few
 * stuck: overdue), recent ones still received or in process.
 *
 * Kept on purpose: requests entered before version 2 (July 2024) have no history rows and their
 * status in lower case, as version 1 wrote it.
 */
export interface PermohonanRow {
  id_permohonan: number;
  no_registrasi: string;
  kd_layanan: number;
  nik_pemohon: string | null;
  nama_pemohon: string | null;
  no_kk: string | null;
  no_prop: number;
  no_kab: number;
  no_kec: number;
  status: string;
  nip_petugas: string | null;
  keterangan: string | null;
  tgl_daftar: string;
  tgl_update: string | null;
  ref_gerbang: string | null;
}

export interface RiwayatRow {
  id_riwayat: number;
  id_permohonan: number;
  status: string;
  nip_petugas: string | null;
  catatan: string | null;
  tgl_status: string;
}

/** The day version 2 (with the status history) went live. */
export const VERSION_2_DAY = '2024-07-01';
const WINDOW_DAYS = 730;
const OPEN_MINUTE = 8 * 60;
const CLOSE_MINUTE = 15 * 60;

const REJECTIONS = ['BERKAS TIDAK LENGKAP', 'KK BELUM DIPERBARUI', 'PEMOHON TIDAK HADIR', 'DATA TIDAK SESUAI SIAK', 'SURAT PENGANTAR RT/RW TIDAK ADA'];
const DONE_NOTES = [null, null, null, 'DIAMBIL SENDIRI', 'DIAMBIL KELUARGA', 'DIKIRIM OJOL'];

/** 'REG-<6-digit kecamatan>-<YYYYMMDD>-': the registration numbers of an office and day, before the serial. */
export function registrationPrefix(kecamatanCode: string, isoDay: string): string {
  return `REG-${kecamatanCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

/** 'YYYY-MM-DD hh:mm:ss' of a moment counted in minutes since 1970-01-01 (local time). */
export function stampOf(minute: number): string {
  const day = Math.floor(minute / 1440);
  const m = minute - day * 1440;
  return `${dayToIso(day)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
}

/** Counters are closed on Saturday and Sunday: such a day moves back to Friday. */
function workingDay(day: number): number {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 Sunday … 6 Saturday (1970-01-01 was a Thursday)
  return weekday === 0 ? day - 2 : weekday === 6 ? day - 1 : day;
}

/** The next moment the counters are open (08:00–15:00 on a working day) at or after `minute`. */
function officeHours(minute: number): number {
  let day = Math.floor(minute / 1440);
  let m = minute - day * 1440;
  if (m >= CLOSE_MINUTE) {
    day += 1;
    m = OPEN_MINUTE + (m % 30);
  } else if (m < OPEN_MINUTE) m = OPEN_MINUTE + (m % 30);
  const weekday = (((day + 4) % 7) + 7) % 7;
  if (weekday === 6) day += 2;
  else if (weekday === 0) day += 1;
  return day * 1440 + m;
}

/** Deterministic 18-digit NIPs: birth date, appointment month, sex, serial. */
function staffOf(rng: Random, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const born = dayToIso(rng.int(isoToDay('1968-01-01'), isoToDay('1996-12-31'))).replace(/-/g, '');
    const appointed = `${rng.int(2005, 2022)}${String(rng.int(1, 12)).padStart(2, '0')}`;
    return `${born}${appointed}${rng.int(1, 2)}${String(i + 1).padStart(3, '0')}`;
  });
}

interface Draft {
  kind: number;
  person: WorldPerson;
  family: WorldFamily;
  /** Earliest day the request can have been made (e.g. the 17th birthday). */
  from: number;
}

export class KecamatanHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly kecamatan: string[];
  /** Counter staff NIPs per kecamatan code. */
  readonly staff = new Map<string, string[]>();
  private readonly requests: Array<Omit<PermohonanRow, 'id_permohonan' | 'no_registrasi'> & { kecamatan: string; steps: Array<Omit<RiwayatRow, 'id_riwayat' | 'id_permohonan'> & { minute: number }> }> = [];

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x6b656361) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.kecamatan = planRegency(world.regencyCode).kecamatan.map((k) => k.code);
    for (const code of this.kecamatan) this.staff.set(code, staffOf(this.rng, 4));
  }

  /** Draws the family's requests (kept until `rows()`: numbers and ids follow the order of entry). */
  add(family: WorldFamily): void {
    const rng = this.rng;
    const head = family.members[0]!;
    const drafts: Draft[] = [];
    const windowStart = this.referenceDay - WINDOW_DAYS;
    for (const person of family.members) {
      const born = isoToDay(person.birthDate);
      const age = ageOn(born, this.referenceDay);
      const seventeenth = addYears(born, 17);
      if (seventeenth > windowStart && seventeenth < this.referenceDay && rng.chance(0.45)) drafts.push({ kind: 1, person, family, from: seventeenth });
      else if (age >= 17 && rng.chance(0.05)) drafts.push({ kind: 2, person, family, from: Math.max(windowStart, seventeenth) });
      if (age < 17 && rng.chance(0.06)) drafts.push({ kind: 5, person: head, family, from: Math.max(windowStart, born) });
    }
    if (rng.chance(0.08)) drafts.push({ kind: 4, person: head, family, from: windowStart });
    if (rng.chance(0.012)) drafts.push({ kind: 3, person: head, family, from: windowStart });
    if (rng.chance(0.012)) drafts.push({ kind: 6, person: head, family, from: windowStart });
    if (rng.chance(0.012)) drafts.push({ kind: 7, person: head, family, from: windowStart });
    if (rng.chance(0.004)) drafts.push({ kind: 99, person: head, family, from: windowStart });
    for (const draft of drafts) this.draw(draft);
  }

  private draw({ kind, person, family, from }: Draft): void {
    const rng = this.rng;
    // More requests recently: the square pulls days towards the reference date.
    const span = Math.max(1, this.referenceDay - 1 - from);
    const day = workingDay(this.referenceDay - 1 - Math.floor(span * rng.next() ** 2));
    const submitted = day * 1440 + rng.int(OPEN_MINUTE, CLOSE_MINUTE - 1);
    const own = family.kelurahanCode.slice(0, 8);
    const kecamatan = rng.chance(0.95) || !this.kecamatan.length ? own : rng.pick(this.kecamatan);
    const staff = this.staff.get(kecamatan) ?? staffOf(rng, 1);
    const age = this.referenceDay - day;
    const roll = rng.next();
    // Where it ends up, by how long ago it was made.
    let final: StatusWord;
    if (age > 14) final = roll < 0.84 ? 'SELESAI' : roll < 0.93 ? 'DITOLAK' : roll < 0.98 ? 'DIPROSES' : 'DITERIMA';
    else if (age > 2) final = roll < 0.5 ? 'SELESAI' : roll < 0.58 ? 'DITOLAK' : roll < 0.88 ? 'DIPROSES' : 'DITERIMA';
    else final = roll < 0.4 ? 'DITERIMA' : roll < 0.8 ? 'DIPROSES' : roll < 0.95 ? 'SELESAI' : 'DITOLAK';
    const receivedBy = rng.pick(staff);
    const steps: Array<{ status: StatusWord; minute: number; nip: string; note: string | null }> = [{ status: 'DITERIMA', minute: submitted, nip: receivedBy, note: null }];
    let at = submitted;
    const later = (maxMinutes: number) => (at = officeHours(at + rng.int(5, maxMinutes)));
    if (final !== 'DITERIMA' && !(final === 'DITOLAK' && rng.chance(0.5))) steps.push({ status: 'DIPROSES', minute: later(24 * 60), nip: rng.pick(staff), note: null });
    if (final === 'SELESAI') steps.push({ status: 'SELESAI', minute: later(3 * 24 * 60), nip: rng.pick(staff), note: rng.pick(DONE_NOTES) });
    if (final === 'DITOLAK') steps.push({ status: 'DITOLAK', minute: later(2 * 24 * 60), nip: rng.pick(staff), note: rng.pick(REJECTIONS) });
    // Nothing happens after the reference date: a request is where its last step before it left it.
    const cap = this.referenceDay * 1440;
    while (steps.length > 1 && steps[steps.length - 1]!.minute >= cap) steps.pop();
    const last = steps[steps.length - 1]!;
    const version1 = dayToIso(day) < VERSION_2_DAY;
    const [prop, kab, kec] = kecamatan.split('.').map(Number);
    this.requests.push({
      kecamatan,
      kd_layanan: kind,
      nik_pemohon: person.nik,
      nama_pemohon: person.name.toUpperCase(),
      no_kk: family.kkNumber,
      no_prop: prop ?? 0,
      no_kab: kab ?? 0,
      no_kec: kec ?? 0,
      status: version1 ? last.status.toLowerCase() : last.status,
      nip_petugas: last.nip,
      keterangan: last.note,
      tgl_daftar: stampOf(submitted),
      tgl_update: stampOf(last.minute),
      ref_gerbang: null,
      steps: version1 ? [] : steps.map((s) => ({ status: s.status, nip_petugas: s.nip, catatan: s.note, tgl_status: stampOf(s.minute), minute: s.minute })),
    });
  }

  /** Every request in order of entry, numbered per office and day, with its history. */
  rows(): { permohonan: PermohonanRow[]; riwayat: RiwayatRow[] } {
    const ordered = [...this.requests].sort((a, b) => (a.tgl_daftar < b.tgl_daftar ? -1 : a.tgl_daftar > b.tgl_daftar ? 1 : 0));
    const serials = new Map<string, number>();
    const permohonan: PermohonanRow[] = [];
    const steps: Array<Omit<RiwayatRow, 'id_riwayat'> & { minute: number }> = [];
    ordered.forEach(({ kecamatan, steps: own, ...row }, i) => {
      const prefix = registrationPrefix(kecamatan, row.tgl_daftar.slice(0, 10));
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      permohonan.push({ id_permohonan: i + 1, no_registrasi: `${prefix}${String(serial).padStart(4, '0')}`, ...row });
      for (const step of own) steps.push({ id_permohonan: i + 1, ...step });
    });
    // History rows were written as things happened: ids follow time.
    steps.sort((a, b) => a.minute - b.minute || a.id_permohonan - b.id_permohonan);
    const riwayat = steps.map(({ minute: _minute, ...step }, i) => ({ id_riwayat: i + 1, ...step }));
    return { permohonan, riwayat };
  }
}
