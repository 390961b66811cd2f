import { isoOf } from '../akta-kawin/records';
import type { CeraiRow } from './rows';

/**
 * A divorce deed as the registry's SOAP service shows it. This module came from another vendor
 * than the marriage registry's, and its habits differ (the adapter absorbs them): dates as
 * 'dd-MM-yyyy', the deed's date (TglAkta) as an xsd:dateTime without offset ('2018-03-02T00:00:00',
 * .NET's way), a NIK not on file as a nil element, the petitioner as 'S' (suami) or 'I' (istri),
 * the residence as the dotted kelurahan code, the court's case number as typed (blanks around
 * the slashes included), names as typed.
 */
export function dashDate(iso: string | null): string {
  return iso ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '';
}

export function dottedRegion(row: CeraiRow): string {
  const two = (n: unknown) => String(n ?? 0).padStart(2, '0');
  return `${two(row.NO_PROP)}.${two(row.NO_KAB)}.${two(row.NO_KEC)}.${String(row.NO_KEL ?? 0).padStart(4, '0')}`;
}

function pihak(nik: unknown, nama: unknown): Record<string, unknown> {
  return { Nik: nik ? String(nik) : null, Nama: String(nama ?? '') };
}

export function aktaPerceraianXml(row: CeraiRow): Record<string, unknown> {
  const registered = isoOf(row.TGL_DAFTAR);
  return {
    NoAkta: row.NO_AKTA_CRAI,
    NoAktaPerkawinan: row.NO_AKTA_KWN ?? '',
    TglPerkawinan: dashDate(isoOf(row.TGL_KWN)),
    Suami: pihak(row.NIK_SUAMI, row.NAMA_SUAMI),
    Istri: pihak(row.NIK_ISTRI, row.NAMA_ISTRI),
    NoPutusan: row.NO_PUTUSAN ?? '',
    TglPutusan: dashDate(isoOf(row.TGL_PUTUSAN)),
    Pengadilan: row.NAMA_PN ?? '',
    Penggugat: row.PENGGUGAT ?? '',
    TglAkta: registered ? `${registered}T00:00:00` : '0001-01-01T00:00:00',
    KodeWilayah: dottedRegion(row),
    Referensi: row.REF_GERBANG ?? '',
  };
}
