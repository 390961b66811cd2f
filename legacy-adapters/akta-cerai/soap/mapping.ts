import { asList, soapDate, soapText } from '../../base/soap/values';
import type { DivorceDeed, DivorceRegistration, Person, Petitioner } from '../port';

/**
 * The divorce registry's SOAP answers to domain values and back. Everything legacy stops here;
 * this vendor's habits are not the marriage registry's: dates as 'dd-MM-yyyy', the deed's date as
 * an xsd:dateTime without offset (.NET's '0001-01-01T00:00:00' when empty), a NIK not on file as a
 * nil element (or empty, '-', zeros), the petitioner as 'S' (suami) / 'I' (istri), the residence as
 * a dotted kelurahan code (older rows: ten digits), the court's case number as the clerk typed it
 * (blanks around the slashes), marriage deed numbers typed in any case, UPPERCASE names with
 * stray blanks, lists that are absent when empty.
 */
export interface PihakXml { Nik?: unknown; Nama?: unknown }
export interface AktaPerceraianXml {
  NoAkta?: unknown;
  NoAktaPerkawinan?: unknown;
  TglPerkawinan?: unknown;
  Suami?: PihakXml;
  Istri?: PihakXml;
  NoPutusan?: unknown;
  TglPutusan?: unknown;
  Pengadilan?: unknown;
  Penggugat?: unknown;
  TglAkta?: unknown;
  KodeWilayah?: unknown;
  Referensi?: unknown;
}

const PETITIONER: Record<string, Petitioner> = { S: 'HUSBAND', I: 'WIFE' };
const PENGGUGAT: Record<Petitioner, string> = { HUSBAND: 'S', WIFE: 'I' };

/** A NIK as the registry writes it; nil, '', '-', zeros and anything not 16 digits are null. */
export function nikOf(value: unknown): string | null {
  const text = soapText(value);
  return text !== null && /^\d{16}$/.test(text) && !/^0+$/.test(text) ? text : null;
}

export function petitionerOf(value: unknown): Petitioner | null {
  return PETITIONER[soapText(value)?.toUpperCase() ?? ''] ?? null;
}

/** '36.74.01.1001' (or '3674011001' on older rows) to '36.74.01.1001'; null otherwise. */
export function kelurahanOf(value: unknown): string | null {
  const text = soapText(value);
  const m = text ? /^(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})$/.exec(text) : null;
  return m ? `${m[1]}.${m[2]}.${m[3]}.${m[4]}` : null;
}

/** '245 / Pdt.G / 2017 / PN Tng' as the court wrote it: '245/Pdt.G/2017/PN Tng'. */
export function courtDecisionNumberOf(value: unknown): string | null {
  return soapText(value)?.replace(/\s*\/\s*/g, '/') ?? null;
}

/** A deed number as issued: UPPERCASE, no blanks ('3674-kw-14022015-0003 ' → '3674-KW-14022015-0003'). */
export function deedNumberOf(value: unknown): string | null {
  const text = soapText(value);
  return text ? text.replace(/\s+/g, '').toUpperCase() : null;
}

export function personOf(pihak: PihakXml | undefined): Person {
  return { nik: nikOf(pihak?.Nik), name: soapText(pihak?.Nama) ?? '' };
}

export function toDivorceDeed(xml: AktaPerceraianXml): DivorceDeed {
  return {
    number: deedNumberOf(xml.NoAkta) ?? '',
    marriageDeedNumber: deedNumberOf(xml.NoAktaPerkawinan),
    marriedOn: soapDate(xml.TglPerkawinan),
    husband: personOf(xml.Suami),
    wife: personOf(xml.Istri),
    courtDecisionNumber: courtDecisionNumberOf(xml.NoPutusan),
    courtDecisionDate: soapDate(xml.TglPutusan),
    court: soapText(xml.Pengadilan),
    filedBy: petitionerOf(xml.Penggugat),
    registeredOn: soapDate(xml.TglAkta),
    kelurahanCode: kelurahanOf(xml.KodeWilayah),
  };
}

/** The deeds of an answer, absent or one or many. */
export function deedsOf(answer: { AktaPerceraian?: unknown } | null): AktaPerceraianXml[] {
  return asList<AktaPerceraianXml>(answer?.AktaPerceraian);
}

export function dashDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** A party as CatatPerceraian reads it: the NIK left out when the person is not on file. */
function pihak(person: Person): Record<string, unknown> {
  return { ...(person.nik ? { Nik: person.nik } : {}), Nama: person.name };
}

/** The CatatPerceraian request for a registration. */
export function catatPerceraianRequest(reg: DivorceRegistration): Record<string, unknown> {
  return {
    Referensi: reg.clientReference,
    NoAktaPerkawinan: deedNumberOf(reg.marriageDeedNumber) ?? '',
    TglPerkawinan: dashDate(reg.marriedOn),
    Suami: pihak(reg.husband),
    Istri: pihak(reg.wife),
    NoPutusan: reg.courtDecisionNumber.trim(),
    TglPutusan: dashDate(reg.courtDecisionDate),
    Pengadilan: reg.court,
    Penggugat: PENGGUGAT[reg.filedBy],
    KodeWilayah: reg.kelurahanCode,
  };
}
