import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random, WeightedTable } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { DOKUMEN, type StatusLetter } from './schema';

/**
 * The legalisation requests of the year before the reference date, drawn deterministically from the
 * world (own PRNG stream, person by person): residents asking for stamped copies of their KK,
 * birth deed, KTP-el, marriage deed… for school, work or a bank: about one adult in twenty a year
 * asks, fewer get through (many documents carry a TTE by now); at least two dozen in any world.
 * Only documents the app accepts are there: those issued before
 * their kind carried an electronic signature (the counter refuses the others and writes nothing).
 * Most are collected; a few were rejected, some wait to be collected, recent ones are in the work.
 */
export interface LgsPermohonanRow {
  ID: number;
  NO_PERMOHONAN: string;
  NIK_PEMOHON: string;
  NAMA_PEMOHON: string | null;
  KD_DOK: string;
  NO_DOK: string;
  TGL_TERBIT_DOK: string | null;
  JML_LEMBAR: number;
  SUMBER: string;
  STATUS: string;
  TGL_MASUK: string;
  TGL_VERIFIKASI: string | null;
  TGL_SIAP: string | null;
  TGL_AMBIL: string | null;
  TGL_TOLAK: string | null;
  ALASAN_TOLAK: string | null;
  PETUGAS: string | null;
  TGL_UBAH: string;
  REF_GERBANG: string | null;
}

const RATE_PER_RESIDENT = 0.06;
const MINIMUM = 24;
const WINDOW_DAYS = 365;
const OFFICERS = ['RINA.S', 'AGUS.P', 'DEWI.K', 'HENDRA.W', 'SITI.N'];
const REJECTIONS = ['DOKUMEN ASLI TIDAK DIBAWA', 'FOTOKOPI TIDAK TERBACA', 'DATA BERBEDA DENGAN SIAK'];
const KINDS = new WeightedTable<string>([['KK', 45], ['AKTA_LHR', 30], ['KTP', 10], ['AKTA_KWN', 7], ['KIA', 3], ['AKTA_MATI', 3], ['AKTA_CRAI', 2]]);
const TTE_SINCE = new Map(DOKUMEN.map(([code, , since]) => [code, since]));

/** 'DD-MM-YYYY', as the app keeps a document's issue date. */
export function legacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** 'LGS-<regency, 4 digits>-<YYYYMMDD>-': the app's request numbers of a day, before the serial. */
export function requestPrefix(regencyCode: string, isoDay: string): string {
  return `LGS-${regencyCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

function stamp(minute: number): string {
  const day = Math.floor(minute / 1440);
  const m = minute - day * 1440;
  return `${dayToIso(day)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
}

/** The next moment the Dinas counter is open (08:00–15:00, Monday to Friday) at or after `minute`. */
function officeHours(minute: number): number {
  let day = Math.floor(minute / 1440);
  let m = minute - day * 1440;
  if (m >= 15 * 60) {
    day += 1;
    m = 8 * 60 + (m % 30);
  } else if (m < 8 * 60) m = 8 * 60 + (m % 30);
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 Sunday (1970-01-01 was a Thursday)
  if (weekday === 6) day += 2;
  else if (weekday === 0) day += 1;
  return day * 1440 + m;
}

interface Document {
  code: string;
  number: string;
  issued: string;
}

type Draft = Omit<LgsPermohonanRow, 'ID' | 'NO_PERMOHONAN'>;

export class LegalisirHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly drafts: Draft[] = [];
  private readonly candidates: Array<[WorldFamily, WorldPerson]> = [];

  constructor(private readonly world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x6c67736c) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
  }

  add(family: WorldFamily): void {
    for (const person of family.members) {
      if (ageOn(isoToDay(person.birthDate), this.referenceDay) < 17) continue;
      if (this.candidates.length < 200) this.candidates.push([family, person]);
      if (this.rng.chance(RATE_PER_RESIDENT)) this.draw(family, person);
    }
  }

  /** A document of the person's the app would legalise, if the chosen kind gives one. */
  private documentOf(family: WorldFamily, person: WorldPerson): Document | undefined {
    const rng = this.rng;
    const code = KINDS.draw(rng);
    let document: Document | undefined;
    if (code === 'KK') document = { code, number: family.kkNumber, issued: family.issuedOn };
    else if (code === 'KTP') document = { code, number: person.nik, issued: rng.date('2012-06-01', dayToIso(this.referenceDay - 30)) };
    else if (code === 'AKTA_LHR') {
      const m = person.birthDeedNumber ? /-(\d{2})(\d{2})(\d{4})-/.exec(person.birthDeedNumber) : null;
      if (m && person.birthDeedNumber) document = { code, number: person.birthDeedNumber, issued: `${m[3]}-${m[2]}-${m[1]}` };
    } else if (code === 'AKTA_KWN' && person.marriageDate) {
      document = { code, number: `${this.regency4}-KW-${legacyDate(person.marriageDate).replace(/-/g, '')}-${String(rng.int(1, 40)).padStart(4, '0')}`, issued: person.marriageDate };
    } else if (code === 'KIA' || code === 'AKTA_MATI' || code === 'AKTA_CRAI') {
      const issued = rng.date('2015-01-01', '2020-06-30');
      const register = code === 'KIA' ? 'KIA' : code === 'AKTA_MATI' ? 'KM' : 'CR';
      document = { code, number: `${this.regency4}-${register}-${legacyDate(issued).replace(/-/g, '')}-${String(rng.int(1, 60)).padStart(4, '0')}`, issued };
    }
    if (!document) return undefined;
    const since = TTE_SINCE.get(document.code);
    return since && document.issued >= since ? undefined : document;
  }

  private draw(family: WorldFamily, person: WorldPerson): void {
    const rng = this.rng;
    const document = this.documentOf(family, person);
    if (!document) return;
    // More requests recently.
    const day = this.referenceDay - 1 - Math.floor((WINDOW_DAYS - 1) * rng.next() ** 1.5);
    let at = officeHours(day * 1440 + rng.int(7 * 60, 15 * 60));
    const online = rng.chance(0.3);
    const age = this.referenceDay - Math.floor(at / 1440);
    const roll = rng.next();
    let final: StatusLetter;
    if (age > 7) final = roll < 0.8 ? 'A' : roll < 0.88 ? 'T' : roll < 0.98 ? 'S' : 'V';
    else final = roll < 0.25 ? 'B' : roll < 0.5 ? 'V' : roll < 0.8 ? 'S' : roll < 0.92 ? 'A' : 'T';
    const steps: Array<[StatusLetter, number]> = [['B', at]];
    const next = (max: number) => (at = officeHours(at + rng.int(10, max)));
    if (final !== 'B') steps.push(final === 'T' && rng.chance(0.5) ? ['T', next(240)] : ['V', next(240)]);
    if (final === 'T' && steps.at(-1)![0] !== 'T') steps.push(['T', next(600)]);
    if (final === 'S' || final === 'A') steps.push(['S', next(24 * 60)]);
    if (final === 'A') steps.push(['A', next(5 * 24 * 60)]);
    const cap = this.referenceDay * 1440;
    while (steps.length > 1 && steps.at(-1)![1] >= cap) steps.pop();
    const when = (letter: StatusLetter) => {
      const step = steps.find(([l]) => l === letter);
      return step ? stamp(step[1]) : null;
    };
    const last = steps.at(-1)!;
    this.drafts.push({
      NIK_PEMOHON: person.nik,
      NAMA_PEMOHON: person.name.toUpperCase(),
      KD_DOK: document.code,
      NO_DOK: document.number,
      TGL_TERBIT_DOK: legacyDate(document.issued),
      JML_LEMBAR: rng.pick([1, 2, 2, 3, 3, 5, 5, 10]),
      SUMBER: online ? 'O' : 'L',
      STATUS: last[0],
      TGL_MASUK: stamp(steps[0]![1]),
      TGL_VERIFIKASI: when('V'),
      TGL_SIAP: when('S'),
      TGL_AMBIL: when('A'),
      TGL_TOLAK: when('T'),
      ALASAN_TOLAK: last[0] === 'T' ? rng.pick(REJECTIONS) : null,
      PETUGAS: last[0] === 'B' && online ? null : rng.pick(OFFICERS),
      TGL_UBAH: stamp(last[1]),
      REF_GERBANG: null,
    });
  }

  /** Every request in order of entry, numbered per day; at least the minimum. */
  rows(): LgsPermohonanRow[] {
    for (let tries = 0; this.drafts.length < MINIMUM && this.candidates.length > 0 && tries < 1_000; tries += 1) this.draw(...this.rng.pick(this.candidates));
    const ordered = [...this.drafts].sort((a, b) => (a.TGL_MASUK < b.TGL_MASUK ? -1 : a.TGL_MASUK > b.TGL_MASUK ? 1 : 0));
    const serials = new Map<string, number>();
    return ordered.map((draft, i) => {
      const prefix = requestPrefix(this.world.regencyCode, draft.TGL_MASUK.slice(0, 10));
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      return { ID: i + 1, NO_PERMOHONAN: `${prefix}${String(serial).padStart(4, '0')}`, ...draft };
    });
  }
}
