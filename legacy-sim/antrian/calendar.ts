import { regions } from '@core/domain/regions';
import { dayToIso, isoToDay } from '../world/dates';
import { KANTOR_DINAS, LAYANAN, LAYANAN_KECAMATAN, type KodeLayanan } from './schema';

/**
 * The application's view of the city and of the calendar: its offices (the Dinas and each
 * kecamatan of the regency it serves), which queues each office opens with how many places a
 * day, and the days offices are closed (weekends and the holidays in its own table).
 */
export interface Kantor {
  kd_kantor: string;
  nama_kantor: string;
  jenis: 'DINAS' | 'KECAMATAN';
}

/** The offices of a regency ('36.74'): the Dinas first, then its kecamatan in region-list order. */
export function officesOf(regencyCode: string): Kantor[] {
  const regency = regions().get(regencyCode);
  const dinas: Kantor = { kd_kantor: KANTOR_DINAS, nama_kantor: `DISDUKCAPIL ${(regency?.name ?? regencyCode).toUpperCase()}`, jenis: 'DINAS' };
  const kecamatan = regions().childrenOf(regencyCode).map((k): Kantor => ({ kd_kantor: k.code.replace(/\./g, ''), nama_kantor: `KECAMATAN ${k.name.toUpperCase()}`, jenis: 'KECAMATAN' }));
  return [dinas, ...kecamatan];
}

/** Daily places per queue as the Dinas configured them at the start: the Dinas has more counters. */
export function defaultQuotas(office: Kantor): Array<{ kd_layanan: KodeLayanan; kuota_harian: number }> {
  if (office.jenis === 'DINAS') {
    const dinas: Record<KodeLayanan, number> = { A: 60, B: 50, C: 30, D: 50, E: 40, F: 50, G: 25, H: 30, I: 30, J: 40, K: 15, L: 10 };
    return (Object.keys(LAYANAN) as KodeLayanan[]).map((kd) => ({ kd_layanan: kd, kuota_harian: dinas[kd] }));
  }
  const kecamatan: Partial<Record<KodeLayanan, number>> = { A: 25, B: 20, C: 10, D: 20, E: 15, H: 10, I: 10 };
  return LAYANAN_KECAMATAN.map((kd) => ({ kd_layanan: kd, kuota_harian: kecamatan[kd]! }));
}

/**
 * National holidays and collective leave days the application's administrator entered (its own
 * table; offices are closed on them as on weekends).
 */
export const HARI_LIBUR: ReadonlyArray<{ tanggal: string; keterangan: string }> = [
  { tanggal: '2025-12-25', keterangan: 'HARI RAYA NATAL' },
  { tanggal: '2025-12-26', keterangan: 'CUTI BERSAMA NATAL' },
  { tanggal: '2026-01-01', keterangan: 'TAHUN BARU MASEHI' },
  { tanggal: '2026-01-16', keterangan: 'ISRA MIKRAJ' },
  { tanggal: '2026-02-17', keterangan: 'TAHUN BARU IMLEK' },
  { tanggal: '2026-03-19', keterangan: 'HARI SUCI NYEPI' },
  { tanggal: '2026-03-20', keterangan: 'IDUL FITRI' },
  { tanggal: '2026-03-23', keterangan: 'CUTI BERSAMA IDUL FITRI' },
  { tanggal: '2026-04-03', keterangan: 'WAFAT YESUS KRISTUS' },
  { tanggal: '2026-05-01', keterangan: 'HARI BURUH' },
  { tanggal: '2026-05-14', keterangan: 'KENAIKAN YESUS KRISTUS' },
  { tanggal: '2026-05-27', keterangan: 'IDUL ADHA' },
  { tanggal: '2026-06-01', keterangan: 'HARI LAHIR PANCASILA' },
  { tanggal: '2026-08-17', keterangan: 'HARI KEMERDEKAAN RI' },
  { tanggal: '2026-12-25', keterangan: 'HARI RAYA NATAL' },
  { tanggal: '2027-01-01', keterangan: 'TAHUN BARU MASEHI' },
];

/** 0 Sunday … 6 Saturday, for an ISO date. */
export function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/** Offices open Monday to Friday, except the holidays given. */
export function isWorkingDay(iso: string, holidays: ReadonlySet<string>): boolean {
  const d = weekday(iso);
  return d !== 0 && d !== 6 && !holidays.has(iso);
}

export function addDays(iso: string, days: number): string {
  return dayToIso(isoToDay(iso) + days);
}

/** Ticket as printed and called out: queue letter, dash, serial of the day on three digits. */
export function ticketNumber(kdLayanan: string, noUrut: number): string {
  return `${kdLayanan}-${String(noUrut).padStart(3, '0')}`;
}
