import type { Arrival, ArrivalRequest } from '../port';
import { isoDateFromLegacy, isoDateTimeFromLegacy, legacyDateFromIso } from '../../base/rest/dates';

/**
 * The SKDWNI API's arrival records, decoded. Its quirks stop here:
 * - the people arriving come as an array of JSON numbers (or strings): back to 16 digits;
 * - new KK / KTP flags are 'Y' (ya) / 'T' (tidak); anything else is null rather than a guess;
 * - region codes are ten digits without dots: dotted again ('' origin: unknown);
 * - blanks mean "none": '-' for no address, '' for no reference.
 */
export interface DatangRecord {
  no_datang: string;
  no_skpwni: string;
  nik_datang?: Array<number | string> | null;
  kode_wil_asal?: string | null;
  kode_wil_tujuan?: string | null;
  alamat_tujuan?: string | null;
  kk_baru?: string | null;
  ktp_baru?: string | null;
  tgl_datang?: string | null;
  tgl_entri?: string | null;
  no_referensi?: string | null;
}

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

export function decodeNik(value: number | string): string {
  const digits = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value.trim();
  return digits.padStart(16, '0');
}

export function decodeFlag(value: unknown): boolean | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toUpperCase();
  return v === 'Y' ? true : v === 'T' ? false : null;
}

export function dottedRegion(value: unknown): string | null {
  const code = typeof value === 'string' ? value.trim() : '';
  return /^\d{10}$/.test(code) ? `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}` : null;
}

const undotted = (code: string) => code.replace(/\./g, '');

export function toArrival(record: DatangRecord): Arrival {
  return {
    arrivalNumber: record.no_datang.trim(),
    moveOutLetterNumber: record.no_skpwni.trim(),
    arrivingNiks: (record.nik_datang ?? []).map(decodeNik),
    originRegionCode: dottedRegion(record.kode_wil_asal),
    destinationRegionCode: dottedRegion(record.kode_wil_tujuan) ?? '',
    destinationAddress: cleanText(record.alamat_tujuan),
    newFamilyCardIssued: decodeFlag(record.kk_baru),
    newIdCardsIssued: decodeFlag(record.ktp_baru),
    arrivalDate: isoDateFromLegacy(record.tgl_datang),
    recordedAt: isoDateTimeFromLegacy(record.tgl_entri),
    reference: cleanText(record.no_referensi),
  };
}

export function requestBody(request: ArrivalRequest): Record<string, unknown> {
  return {
    no_referensi: request.reference,
    no_skpwni: request.moveOutLetterNumber,
    nik_datang: request.arrivingNiks.join(';'),
    kode_wil_tujuan: undotted(request.destination.regionCode),
    alamat_tujuan: request.destination.address ?? undefined,
    kk_baru: request.newFamilyCard ? 'Y' : 'T',
    ktp_baru: request.newIdCards ? 'Y' : 'T',
    tgl_datang: legacyDateFromIso(request.arrivalDate),
    skpwni: request.letter && {
      no_kk: request.letter.familyCardNumber,
      kode_wil_asal: undotted(request.letter.originRegionCode),
      kode_wil_tujuan: undotted(request.letter.destinationRegionCode),
      nik_anggota: request.letter.movers.join(';'),
    },
  };
}

/** Arrivals grouped under each asked NIK they name, in the application's order (oldest first). */
export function groupByArrivingNik(records: readonly DatangRecord[], asked: readonly string[]): Map<string, Arrival[]> {
  const wanted = new Set(asked);
  const byNik = new Map<string, Arrival[]>();
  for (const record of records) {
    const arrival = toArrival(record);
    for (const nik of arrival.arrivingNiks) {
      if (!wanted.has(nik)) continue;
      byNik.set(nik, [...(byNik.get(nik) ?? []), arrival]);
    }
  }
  return byNik;
}
