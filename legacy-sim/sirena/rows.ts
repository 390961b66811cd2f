import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';
import { REJECTIONS } from './schema';

/**
 * Sirena's history, drawn deterministically from the world (own PRNG stream, family by family):
 * about one file per 60 residents in the 120 days before the reference date, sent by the family's
 * kelurahan in weekly batches. Mostly KK changes and birth deeds, some deaths, marriages, new KKs
 * and divorces. Each item moves on by itself: verified, processed, ready at the kelurahan,
 * collected; one in twelve rejected by the Dinas with a reason; a few stuck past their standard;
 * a few malformed ones rejected by the app's own check on arrival (the trigger in schema.ts).
 */
export interface BatchRow {
  ID_BATCH: number;
  NO_BATCH: string;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  PETUGAS_KEL: string;
  TGL_KIRIM: string;
  JML_ITEM: number;
  KETERANGAN: string | null;
  REF_GERBANG: string | null;
}

export interface ItemRow {
  ID_ITEM: number;
  ID_BATCH: number;
  NO_URUT: number;
  JENIS_BERKAS: number | null;
  NIK_PEMOHON: string | null;
  NIK_SUBJEK: string | null;
  NO_KK: string | null;
  NAMA_SUBJEK: string | null;
  TGL_PERISTIWA: string | null;
  KETERANGAN: string | null;
  STATUS: string;
  ALASAN_TOLAK: string | null;
  TGL_STATUS: string;
  PETUGAS: string | null;
}

export interface RiwayatRow {
  ID_RIWAYAT: number;
  ID_ITEM: number;
  STATUS: string;
  CATATAN: string | null;
  PETUGAS: string | null;
  TGL: string;
}

export const JENIS = { KK_BARU: 1, KK_UBAH: 2, AKTA_LAHIR: 3, AKTA_MATI: 4, AKTA_KAWIN: 5, AKTA_CERAI: 6 } as const;
/** Days the Dinas promises per kind (the office's standard, as Sirena's page shows it). */
const STANDARD: Record<number, number> = { 1: 3, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1 };
const DINAS_OFFICERS = ['198203122009011002', '198507242010012015', '199001152015031004'];
const REASONS = ['Berkas persyaratan tidak lengkap', 'Data tidak sesuai dengan SIAK', 'Surat keterangan kelahiran tidak terbaca'];
const RECENT_DAYS = 120;
const RATE_PER_RESIDENT = 1 / 60;
const MINIMUM_ITEMS = 30;

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
const at = (day: number, minutes: number) => `${dayToIso(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/** 'SRN-<kelurahan 10 digits>-<YYYYMMDD>-': a kelurahan's batch numbers of a day, before the serial. */
export function batchPrefix(kelurahanCode: string, isoDay: string): string {
  return `SRN-${kelurahanCode.replace(/\./g, '')}-${isoDay.replace(/-/g, '')}-`;
}

interface Draft {
  kelurahan: string;
  week: number;
  item: Omit<ItemRow, 'ID_ITEM' | 'ID_BATCH' | 'NO_URUT' | 'STATUS' | 'ALASAN_TOLAK' | 'TGL_STATUS' | 'PETUGAS'>;
}

/** The seed's own malformed items (a NIK a digit short, an ISO date): the reason the app's check gives them. */
function rejectionOf(item: ItemRow): string | null {
  if (item.NIK_PEMOHON?.length !== 16) return REJECTIONS.NIK_PEMOHON;
  if (item.TGL_PERISTIWA !== null && !/^\d{2}-\d{2}-\d{4}$/.test(item.TGL_PERISTIWA)) return REJECTIONS.TGL;
  return null;
}

export class SirenaHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly drafts: Draft[] = [];
  private readonly families: WorldFamily[] = [];

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x7369726e) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  addFamily(family: WorldFamily): void {
    if (this.families.length < 100) this.families.push(family);
    if (this.rng.chance(Math.min(0.9, RATE_PER_RESIDENT * family.members.length))) this.fileFor(family);
  }

  private fileFor(family: WorldFamily): void {
    const rng = this.rng;
    const head = family.members[0]!;
    const day = rng.int(this.referenceDay - RECENT_DAYS, this.referenceDay - 1);
    const week = Math.floor(day / 7);
    const roll = rng.int(1, 100);
    const adult = family.members.find((m) => ageOn(isoToDay(m.birthDate), this.referenceDay) >= 21 && m !== head) ?? head;
    let item: Draft['item'];
    const base = { NIK_PEMOHON: head.nik, NO_KK: family.kkNumber, KETERANGAN: null };
    const eventDay = ddmmyyyy(dayToIso(day - rng.int(1, 20)));
    if (roll <= 40) item = { ...base, JENIS_BERKAS: JENIS.KK_UBAH, NIK_SUBJEK: rng.pick(family.members).nik, NAMA_SUBJEK: null, TGL_PERISTIWA: null };
    else if (roll <= 70) item = { ...base, JENIS_BERKAS: JENIS.AKTA_LAHIR, NIK_SUBJEK: null, NAMA_SUBJEK: `BAYI ${head.name.split(' ').pop()!.toUpperCase()}`, TGL_PERISTIWA: eventDay };
    else if (roll <= 80) item = { ...base, JENIS_BERKAS: JENIS.AKTA_MATI, NIK_SUBJEK: family.members[family.members.length - 1]!.nik, NAMA_SUBJEK: null, TGL_PERISTIWA: eventDay };
    else if (roll <= 88) item = { ...base, JENIS_BERKAS: JENIS.AKTA_KAWIN, NIK_SUBJEK: adult.nik, NAMA_SUBJEK: null, TGL_PERISTIWA: eventDay };
    else if (roll <= 96) item = { ...base, JENIS_BERKAS: JENIS.KK_BARU, NIK_SUBJEK: adult.nik, NAMA_SUBJEK: null, TGL_PERISTIWA: null };
    else item = { ...base, JENIS_BERKAS: JENIS.AKTA_CERAI, NIK_SUBJEK: adult.nik, NAMA_SUBJEK: null, TGL_PERISTIWA: eventDay };
    // Typed at the kelurahan: now and then a date the old way round or a NIK a digit short.
    if (rng.chance(0.03)) item = item.TGL_PERISTIWA ? { ...item, TGL_PERISTIWA: dayToIso(day) } : { ...item, NIK_PEMOHON: head.nik.slice(0, 15) };
    this.drafts.push({ kelurahan: family.kelurahanCode, week, item });
  }

  /** The batches (one per kelurahan and week, sent on its Friday or the last day before the reference), their items and histories. */
  finish(): { batches: BatchRow[]; items: ItemRow[]; riwayat: RiwayatRow[] } {
    while (this.drafts.length < MINIMUM_ITEMS && this.families.length > 0) this.fileFor(this.rng.pick(this.families));
    const groups = new Map<string, Draft[]>();
    for (const d of this.drafts) groups.set(`${d.kelurahan}|${d.week}`, [...(groups.get(`${d.kelurahan}|${d.week}`) ?? []), d]);
    const batches: BatchRow[] = [];
    const items: ItemRow[] = [];
    const steps: Array<Omit<RiwayatRow, 'ID_RIWAYAT'>> = [];
    const serials = new Map<string, number>();
    const keys = [...groups.keys()].sort();
    for (const key of keys) {
      const group = groups.get(key)!;
      const { kelurahan, week } = group[0]!;
      const day = Math.min(week * 7 + 1, this.referenceDay - 1);
      const iso = dayToIso(day);
      const prefix = batchPrefix(kelurahan, iso);
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      const [prop, kab, kec, kel] = kelurahan.split('.').map(Number);
      const sent = at(day, this.rng.int(9 * 60, 15 * 60));
      const operator = `kel${kelurahan.slice(-4)}`;
      const batch: BatchRow = {
        ID_BATCH: batches.length + 1, NO_BATCH: `${prefix}${String(serial).padStart(4, '0')}`, NO_PROP: prop!, NO_KAB: kab!, NO_KEC: kec!, NO_KEL: kel!,
        PETUGAS_KEL: operator, TGL_KIRIM: sent, JML_ITEM: group.length, KETERANGAN: null, REF_GERBANG: null,
      };
      batches.push(batch);
      group.forEach((d, i) => {
        const item: ItemRow = { ...d.item, ID_ITEM: items.length + 1, ID_BATCH: batch.ID_BATCH, NO_URUT: i + 1, STATUS: 'K', ALASAN_TOLAK: null, TGL_STATUS: sent, PETUGAS: null };
        items.push(item);
        const malformed = rejectionOf(item);
        if (malformed) {
          // The app's check rejects it on arrival (schema.ts): the seed records what the trigger writes.
          Object.assign(item, { STATUS: 'T', ALASAN_TOLAK: malformed });
          steps.push({ ID_ITEM: item.ID_ITEM, STATUS: 'T', CATATAN: malformed, PETUGAS: null, TGL: sent });
          return;
        }
        steps.push({ ID_ITEM: item.ID_ITEM, STATUS: 'K', CATATAN: null, PETUGAS: operator, TGL: sent });
        this.progress(item, day, operator, steps);
      });
    }
    const riwayat = steps.sort((a, b) => a.TGL.localeCompare(b.TGL) || a.ID_ITEM - b.ID_ITEM).map((s, i) => ({ ...s, ID_RIWAYAT: i + 1 }));
    return { batches, items, riwayat };
  }

  /** Moves a well-formed item on from its batch's day: V, then T (with a reason) or P, S, A; never past the reference date. */
  private progress(item: ItemRow, sentDay: number, operator: string, steps: Array<Omit<RiwayatRow, 'ID_RIWAYAT'>>): void {
    const rng = this.rng;
    const standard = STANDARD[item.JENIS_BERKAS ?? 0] ?? 3;
    const stuck = this.referenceDay - sentDay > standard + 5 && rng.chance(0.1);
    const officer = rng.pick(DINAS_OFFICERS);
    let day = sentDay;
    const path: Array<[string, string | null, string | null]> = [['V', 'Diverifikasi Dinas', officer]];
    if (rng.chance(1 / 12)) path.push(['T', rng.pick(REASONS), officer]);
    else path.push(['P', null, officer], ['S', 'Dokumen siap diambil di kelurahan', officer], ['A', 'Diambil pemohon', operator]);
    for (const [index, [status, note, by]] of path.entries()) {
      if (stuck && index >= 1) break;
      day += status === 'A' ? rng.int(1, 7) : rng.int(0, status === 'S' ? standard : 1);
      if (day >= this.referenceDay) break;
      const stamp = at(day, rng.int(8 * 60, 16 * 60));
      if (stamp <= item.TGL_STATUS) continue;
      item.STATUS = status;
      item.TGL_STATUS = stamp;
      item.ALASAN_TOLAK = status === 'T' ? note : null;
      item.PETUGAS = by;
      steps.push({ ID_ITEM: item.ID_ITEM, STATUS: status, CATATAN: note, PETUGAS: by, TGL: stamp });
    }
  }
}
