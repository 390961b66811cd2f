import { permintaanTidakValid, type PageInfo } from './envelope';

/**
 * `?halaman=&per_halaman=` as the REST apps read them: pages count from 1, a page holds at most
 * `maxPerPage` items, and anything unreadable is status 05.
 */
export interface PageRequest {
  halaman: number;
  perHalaman: number;
  offset: number;
}

export function pageOf(query: URLSearchParams, options: { defaultPerPage?: number; maxPerPage?: number } = {}): PageRequest {
  const max = options.maxPerPage ?? 100;
  const halaman = wholeNumber(query.get('halaman'), 1, 'halaman');
  const perHalaman = wholeNumber(query.get('per_halaman'), options.defaultPerPage ?? 20, 'per_halaman');
  if (halaman < 1) throw permintaanTidakValid('HALAMAN HARUS 1 ATAU LEBIH');
  if (perHalaman < 1 || perHalaman > max) throw permintaanTidakValid(`PER_HALAMAN HARUS 1 SAMPAI ${max}`);
  return { halaman, perHalaman, offset: (halaman - 1) * perHalaman };
}

export function pageInfo(page: PageRequest, total: number): PageInfo {
  return { halaman: page.halaman, per_halaman: page.perHalaman, total };
}

function wholeNumber(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value)) throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return Number(value);
}
