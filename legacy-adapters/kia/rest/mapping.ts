import type { ChildIdCard, ChildIdCardReason, ChildIdCardStatus } from '../port';
import { isoDateFromLegacy, legacyDateFromIso } from '../../base/rest/dates';

/**
 * The KIA API's card records, decoded. Its quirks stop here:
 * - every date is 'DD-MM-YYYY' text; blanks and impossible dates become null;
 * - first-version cards (before 2019) have no expiry (''): it is the day before the 17th
 *   birthday, so it is worked out from the birth date, as the card itself says;
 * - status words in two generations: 'TERBIT' / 'DICETAK' / 'DIAMBIL' / 'DIGANTI', and the first
 *   version's 'BARU', 'SUDAH CETAK', 'SUDAH DIAMBIL' in any case; unknown words become null;
 * - `no_kk` of first-version rows starts with an apostrophe (typed into a spreadsheet);
 * - a missing `no_permohonan` is ''; names are UPPERCASE with stray blanks.
 */
export interface KiaRecord {
  no_kia: string;
  nik_anak: string | number;
  no_kk?: string | number | null;
  nama_anak?: string | null;
  tgl_lahir?: string | null;
  jenis_permohonan?: string | null;
  status_kia?: string | null;
  tgl_terbit?: string | null;
  tgl_berlaku?: string | null;
  no_permohonan?: string | null;
}

/** The family lookup's answer: one group per family card that has any card. */
export interface KiaFamilyGroup {
  no_kk: string | number;
  jumlah_kia?: number;
  kia?: KiaRecord[] | null;
}

const STATUSES: Record<string, ChildIdCardStatus> = {
  TERBIT: 'ISSUED',
  BARU: 'ISSUED',
  DICETAK: 'PRINTED',
  'SUDAH CETAK': 'PRINTED',
  DIAMBIL: 'COLLECTED',
  'SUDAH DIAMBIL': 'COLLECTED',
  DIGANTI: 'REPLACED',
};

const REASONS: Record<string, ChildIdCardReason> = { BARU: 'NEW', HILANG: 'LOST', RUSAK: 'DAMAGED' };
const REASON_WORDS: Record<ChildIdCardReason, string> = { NEW: 'BARU', LOST: 'HILANG', DAMAGED: 'RUSAK' };

/** Blank-looking values ('', '-', whitespace) to null; blanks inside collapsed. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

/** A NIK or KK number as text or JSON number, with the spreadsheet apostrophe some rows carry; null when it is not 16 digits. */
export function decodeNumber16(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value).padStart(16, '0') : '') : typeof value === 'string' ? value.trim().replace(/^'/, '') : '';
  return /^\d{16}$/.test(text) ? text : null;
}

export function decodeStatus(value: unknown): ChildIdCardStatus | null {
  if (typeof value !== 'string') return null;
  return STATUSES[value.trim().toUpperCase().replace(/\s+/g, ' ')] ?? null;
}

export function decodeReason(value: unknown): ChildIdCardReason | null {
  if (typeof value !== 'string') return null;
  return REASONS[value.trim().toUpperCase()] ?? null;
}

export function encodeReason(reason: ChildIdCardReason): string {
  return REASON_WORDS[reason];
}

/** The day before the 17th birthday (29 February birthdays count from 28 February in common years). */
export function expiryFromBirth(birthIso: string): string {
  const [year, month, day] = birthIso.split('-').map(Number) as [number, number, number];
  const target = year + 17;
  const leap = target % 4 === 0 && (target % 100 !== 0 || target % 400 === 0);
  const birthday = Date.UTC(target, month - 1, month === 2 && day === 29 && !leap ? 28 : day);
  return new Date(birthday - 86_400_000).toISOString().slice(0, 10);
}

export function toChildIdCard(record: KiaRecord): ChildIdCard {
  const birthDate = isoDateFromLegacy(record.tgl_lahir);
  return {
    cardNumber: record.no_kia.trim(),
    childNik: decodeNumber16(record.nik_anak) ?? String(record.nik_anak).trim(),
    familyCardNumber: decodeNumber16(record.no_kk),
    childName: cleanText(record.nama_anak),
    birthDate,
    status: decodeStatus(record.status_kia),
    reason: decodeReason(record.jenis_permohonan),
    issuedOn: isoDateFromLegacy(record.tgl_terbit),
    expiresOn: isoDateFromLegacy(record.tgl_berlaku) ?? (birthDate && expiryFromBirth(birthDate)),
    reference: cleanText(record.no_permohonan),
  };
}

/** The card in force among a child's cards: the newest not replaced; none when all were. */
export function cardInForce(cards: readonly ChildIdCard[]): ChildIdCard | undefined {
  let best: ChildIdCard | undefined;
  for (const card of cards) {
    if (card.status === 'REPLACED') continue;
    if (!best || `${card.issuedOn ?? ''}|${card.cardNumber}` > `${best.issuedOn ?? ''}|${best.cardNumber}`) best = card;
  }
  return best;
}

/** The card in force of each child in a batch answer. */
export function cardsInForceByNik(records: readonly KiaRecord[]): Map<string, ChildIdCard> {
  const byNik = new Map<string, ChildIdCard[]>();
  for (const record of records) {
    const card = toChildIdCard(record);
    const list = byNik.get(card.childNik);
    if (list) list.push(card);
    else byNik.set(card.childNik, [card]);
  }
  const result = new Map<string, ChildIdCard>();
  for (const [nik, cards] of byNik) {
    const card = cardInForce(cards);
    if (card) result.set(nik, card);
  }
  return result;
}

/** The family lookup, per family card: the card in force of each child on it. */
export function cardsInForceByFamily(groups: readonly KiaFamilyGroup[]): Map<string, ChildIdCard[]> {
  const result = new Map<string, ChildIdCard[]>();
  for (const group of groups) {
    const kk = decodeNumber16(group.no_kk);
    if (!kk) continue;
    const cards = [...cardsInForceByNik(group.kia ?? []).values()];
    if (cards.length > 0) result.set(kk, [...(result.get(kk) ?? []), ...cards]);
  }
  return result;
}

/** The request body the application's POST /api/kia expects. */
export function requestBody(request: { childNik: string; familyCardNumber: string; childName: string; birthDate: string; reference: string; reason?: ChildIdCardReason }): Record<string, string> {
  return {
    nik_anak: request.childNik,
    no_kk: request.familyCardNumber,
    nama_anak: request.childName.replace(/\s+/g, ' ').trim().toUpperCase(),
    tgl_lahir: legacyDateFromIso(request.birthDate),
    jenis_permohonan: encodeReason(request.reason ?? 'NEW'),
    no_permohonan: request.reference,
  };
}
