import { buildKk } from '@core/domain/kk';
import { buildNik } from '@core/domain/nik';
import { isoToDay } from './dates';

/**
 * Hands out NIK, KK and birth-deed serials. A NIK is unique because its serial counts up per
 * (kecamatan, DDMMYY with the +40 for women), exactly as Dukcapil numbers them; a KK serial per
 * (kecamatan, issue date). The counters live in flat typed arrays indexed by those keys: a few MB
 * whatever the scale, where a Map keyed by prefix would grow with the population.
 */

/** Slots per year of century: 12 months x 31 days (some never used; simpler than exact). */
const DATE_SLOTS = 100 * 12 * 31;

function dateSlot(iso: string): number {
  // Unary + rather than Number(): global lookups are slow inside jest's vm sandbox.
  const yy = +iso.slice(2, 4);
  const mm = +iso.slice(5, 7);
  const dd = +iso.slice(8, 10);
  return yy * 372 + (mm - 1) * 31 + (dd - 1);
}

export class IdentityRegistry {
  private readonly kecIndex = new Map<string, number>();
  private readonly nikSerials: Uint16Array;
  private readonly kkSerials: Uint16Array;
  private readonly deedSerials = new Map<string, Uint16Array>();
  private readonly deedBaseDay = isoToDay('1900-01-01');

  constructor(kecamatanCodes: readonly string[], private readonly referenceDay: number) {
    kecamatanCodes.forEach((code, i) => this.kecIndex.set(code, i));
    this.nikSerials = new Uint16Array(kecamatanCodes.length * DATE_SLOTS * 2);
    this.kkSerials = new Uint16Array(kecamatanCodes.length * DATE_SLOTS);
  }

  private index(kecamatanCode: string): number {
    const i = this.kecIndex.get(kecamatanCode);
    if (i === undefined) throw new Error(`IdentityRegistry: kecamatan ${kecamatanCode} was not registered`);
    return i;
  }

  /** Next NIK for a person first registered in `kecamatanCode`; `birthDate` ISO. */
  nik(kecamatanCode: string, birthDate: string, sex: 'MALE' | 'FEMALE'): string {
    const slot = (this.index(kecamatanCode) * DATE_SLOTS + dateSlot(birthDate)) * 2 + (sex === 'FEMALE' ? 1 : 0);
    const serial = (this.nikSerials[slot] ?? 0) + 1;
    if (serial > 9999) throw new Error(`NIK serials exhausted for ${kecamatanCode} ${birthDate} ${sex}`);
    this.nikSerials[slot] = serial;
    return buildNik(kecamatanCode, birthDate, sex, serial);
  }

  /** Next KK number issued by `kecamatanCode` on `issuedOn` (ISO). */
  kk(kecamatanCode: string, issuedOn: string): string {
    const slot = this.index(kecamatanCode) * DATE_SLOTS + dateSlot(issuedOn);
    const serial = (this.kkSerials[slot] ?? 0) + 1;
    if (serial > 9999) throw new Error(`KK serials exhausted for ${kecamatanCode} ${issuedOn}`);
    this.kkSerials[slot] = serial;
    return buildKk(kecamatanCode, issuedOn, serial);
  }

  /**
   * Next birth deed number of the regency that registered the birth, e.g. '3674-LU-01012020-0001'
   * ('LU' is the register for ordinary births; the date is the birth date).
   */
  birthDeed(regencyCode: string, birthDate: string): string {
    const regency = regencyCode.replace(/\./g, '');
    let serials = this.deedSerials.get(regency);
    if (!serials) {
      serials = new Uint16Array(this.referenceDay - this.deedBaseDay + 1);
      this.deedSerials.set(regency, serials);
    }
    const slot = isoToDay(birthDate) - this.deedBaseDay;
    if (slot < 0 || slot >= serials.length) throw new Error(`Birth deed date ${birthDate} outside 1900..reference date`);
    const serial = (serials[slot] ?? 0) + 1;
    if (serial > 9999) throw new Error(`Birth deed serials exhausted for ${regency} ${birthDate}`);
    serials[slot] = serial;
    return `${regency}-LU-${birthDate.slice(8, 10)}${birthDate.slice(5, 7)}${birthDate.slice(0, 4)}-${`${serial}`.padStart(4, '0')}`;
  }
}
