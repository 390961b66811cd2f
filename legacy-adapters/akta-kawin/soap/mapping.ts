import type { Religion } from '@core/domain/population';
import { asList, soapDate, soapInt, soapText } from '../../base/soap/values';
import type { MarriageDeed, MarriageRegistration, Person } from '../port';

/**
 * The marriage registry's SOAP answers to domain values and back. Everything legacy stops here:
 * dates as 'dd/MM/yyyy' and the registration date as an xsd:dateTime with the office's offset,
 * an unknown NIK as '-' (or empty, or zeros), religion as SIAK's AGAMA code beside a label (the code
 * wins; unknown codes are null), the residence as one 10-digit region code, UPPERCASE names with
 * stray blanks, lists that are absent when empty.
 */
export interface PihakXml { Nik?: unknown; Nama?: unknown; TglLahir?: unknown }
export interface AktaPerkawinanXml {
  NoAkta?: unknown;
  Suami?: PihakXml;
  Istri?: PihakXml;
  TglPerkawinan?: unknown;
  TempatPerkawinan?: unknown;
  KodeAgama?: unknown;
  Agama?: unknown;
  LembagaAgama?: unknown;
  Saksi?: unknown;
  TglDaftar?: unknown;
  KodeWilayah?: unknown;
  Referensi?: unknown;
}

const RELIGION_BY_CODE: Record<number, Religion> = { 1: 'ISLAM', 2: 'PROTESTANT', 3: 'CATHOLIC', 4: 'HINDU', 5: 'BUDDHIST', 6: 'CONFUCIAN', 7: 'BELIEF_OR_OTHER' };
const CODE_BY_RELIGION = Object.fromEntries(Object.entries(RELIGION_BY_CODE).map(([code, religion]) => [religion, Number(code)])) as Record<Religion, number>;

export function religionFromCode(code: unknown): Religion | null {
  const n = soapInt(code);
  return n === null ? null : RELIGION_BY_CODE[n] ?? null;
}

export function religionCode(religion: Religion): number {
  return CODE_BY_RELIGION[religion];
}

/** A NIK as the registry writes it; '-', '', zeros and anything not 16 digits are null. */
export function nikOf(value: unknown): string | null {
  const text = soapText(value);
  return text !== null && /^\d{16}$/.test(text) && !/^0+$/.test(text) ? text : null;
}

/** '3674011001' to '36.74.01.1001'; null when it is not ten digits. */
export function kelurahanFromRegion10(value: unknown): string | null {
  const text = soapText(value);
  const m = text ? /^(\d{2})(\d{2})(\d{2})(\d{4})$/.exec(text) : null;
  return m ? `${m[1]}.${m[2]}.${m[3]}.${m[4]}` : null;
}

export function region10FromKelurahan(code: string): string {
  return code.replace(/\./g, '');
}

export function personOf(pihak: PihakXml | undefined): Person {
  return { nik: nikOf(pihak?.Nik), name: soapText(pihak?.Nama) ?? '', birthDate: soapDate(pihak?.TglLahir) };
}

export function toMarriageDeed(xml: AktaPerkawinanXml): MarriageDeed {
  return {
    number: soapText(xml.NoAkta) ?? '',
    husband: personOf(xml.Suami),
    wife: personOf(xml.Istri),
    marriedOn: soapDate(xml.TglPerkawinan),
    registeredOn: soapDate(xml.TglDaftar),
    place: soapText(xml.TempatPerkawinan),
    religion: religionFromCode(xml.KodeAgama),
    religiousInstitution: soapText(xml.LembagaAgama),
    witnesses: asList<PihakXml>(xml.Saksi).map(personOf).filter((w) => w.name !== ''),
    kelurahanCode: kelurahanFromRegion10(xml.KodeWilayah),
  };
}

/** The deeds of an answer, absent or one or many. */
export function deedsOf(answer: { AktaPerkawinan?: unknown } | null): AktaPerkawinanXml[] {
  return asList<AktaPerkawinanXml>(answer?.AktaPerkawinan);
}

export function slashDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

function pihak(person: Person): Record<string, unknown> {
  return { Nik: person.nik ?? '-', Nama: person.name, ...(person.birthDate ? { TglLahir: slashDate(person.birthDate) } : {}) };
}

/** The CatatPerkawinan request for a registration. */
export function catatPerkawinanRequest(reg: MarriageRegistration): Record<string, unknown> {
  return {
    Referensi: reg.clientReference,
    Suami: pihak(reg.husband),
    Istri: pihak(reg.wife),
    TglPerkawinan: slashDate(reg.marriedOn),
    ...(reg.place ? { TempatPerkawinan: reg.place } : {}),
    KodeAgama: religionCode(reg.religion),
    LembagaAgama: reg.religiousInstitution,
    Saksi: reg.witnesses.map(pihak),
    KodeWilayah: region10FromKelurahan(reg.kelurahanCode),
  };
}
