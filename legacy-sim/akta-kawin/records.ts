import type { KawinRow } from './rows';

/**
 * A marriage deed as the registry's SOAP service shows it. Quirks kept on purpose (the adapter
 * absorbs them): the marriage date and birth dates as 'dd/MM/yyyy' (the vendor's Java formatter),
 * the registration date as an xsd:dateTime at midnight WIB ('2015-02-14T00:00:00+07:00'), a NIK
 * not on file as '-', religion as SIAK's code beside an UPPERCASE label, the residence as one
 * 10-digit region code ('3674011001'), names as typed.
 */
export const AGAMA_LABEL: Record<number, string> = { 1: 'ISLAM', 2: 'KRISTEN', 3: 'KATHOLIK', 4: 'HINDU', 5: 'BUDHA', 6: 'KHONGHUCU', 7: 'KEPERCAYAAN TERHADAP TUHAN YME' };

/** A DATE column as ISO (SQLite gives text, MariaDB may give a Date). */
export function isoOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export function slashDate(iso: string | null): string {
  return iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
}

/** 'DD-MM-YYYY' as stored (officers also typed 'D-M-YYYY') to 'dd/MM/yyyy'. */
function storedToSlash(text: unknown): string {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(String(text ?? '').trim());
  return m ? `${m[1]!.padStart(2, '0')}/${m[2]!.padStart(2, '0')}/${m[3]}` : String(text ?? '');
}

function pihak(nik: unknown, nama: unknown, tglLahir: unknown): Record<string, unknown> {
  return { Nik: nik ? String(nik) : '-', Nama: String(nama ?? ''), TglLahir: slashDate(isoOf(tglLahir)) };
}

export function regionCode10(row: KawinRow): string {
  const two = (n: unknown) => String(n ?? 0).padStart(2, '0');
  return `${two(row.NO_PROP)}${two(row.NO_KAB)}${two(row.NO_KEC)}${String(row.NO_KEL ?? 0).padStart(4, '0')}`;
}

export function aktaPerkawinanXml(row: KawinRow): Record<string, unknown> {
  const registered = isoOf(row.TGL_DAFTAR);
  const saksi = [1, 2]
    .filter((i) => row[`NAMA_SAKSI${i}`])
    .map((i) => pihak(row[`NIK_SAKSI${i}`], row[`NAMA_SAKSI${i}`], row[`TGL_LHR_SAKSI${i}`]));
  return {
    NoAkta: row.NO_AKTA_KWN,
    Suami: pihak(row.NIK_SUAMI, row.NAMA_SUAMI, row.TGL_LHR_SUAMI),
    Istri: pihak(row.NIK_ISTRI, row.NAMA_ISTRI, row.TGL_LHR_ISTRI),
    TglPerkawinan: storedToSlash(row.TGL_KWN),
    TempatPerkawinan: row.TMPT_KWN ?? '',
    KodeAgama: Number(row.AGAMA),
    Agama: AGAMA_LABEL[Number(row.AGAMA)] ?? '',
    LembagaAgama: row.NAMA_LEMBAGA ?? '',
    Saksi: saksi,
    TglDaftar: registered ? `${registered}T00:00:00+07:00` : '',
    KodeWilayah: regionCode10(row),
    Referensi: row.REF_GERBANG ?? '',
  };
}
