import { regions } from '@core/domain/regions';
import { KLASIFIKASI } from './schema';

/**
 * Region codes as the move-out application stores them: ten digits without dots
 * ('3674011001' for kelurahan 36.74.01.1001). Only desa/kelurahan codes of the Kemendagri list
 * are accepted on a letter: the form asks for the destination down to the village.
 */
export function undotted(code: string): string {
  return code.replace(/\./g, '');
}

/** '3674011001' -> '36.74.01.1001'; undefined when it is not ten digits. */
export function dotted(code: string): string | undefined {
  if (!/^\d{10}$/.test(code)) return undefined;
  return `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
}

/** The dotted village code of an undotted one, when the Kemendagri list knows it as a village. */
export function knownVillage(code: string): string | undefined {
  const full = dotted(code);
  return full && regions().get(full)?.level === 'village' ? full : undefined;
}

/** Klasifikasi kepindahan from two dotted village codes. */
export function classify(origin: string, destination: string): string {
  const [p1, r1, d1] = origin.split('.');
  const [p2, r2, d2] = destination.split('.');
  if (origin === destination) return KLASIFIKASI.DALAM_DESA;
  if (p1 !== p2) return KLASIFIKASI.ANTAR_PROVINSI;
  if (r1 !== r2) return KLASIFIKASI.ANTAR_KABUPATEN;
  if (d1 !== d2) return KLASIFIKASI.ANTAR_KECAMATAN;
  return KLASIFIKASI.ANTAR_DESA;
}

/** Every village of a regency ('36.74'), in file order. */
export function villagesOf(regencyCode: string): string[] {
  return regions().childrenOf(regencyCode).flatMap((kecamatan) => regions().childrenOf(kecamatan.code)).map((v) => v.code);
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Letter numbers as the Dinas writes them: 474.2/<serial of the year>/SKPWNI/<regency>/<Roman month>/<year>. */
export function letterNumber(regency4: string, isoDate: string, serial: number): string {
  const month = ROMAN[Number(isoDate.slice(5, 7)) - 1];
  return `474.2/${String(serial).padStart(5, '0')}/SKPWNI/${regency4}/${month}/${isoDate.slice(0, 4)}`;
}
