import { regions } from '@core/domain/regions';

/**
 * The malls the city put kiosks in, as the application's master data: four malls, one in each of
 * the first four kecamatan of the regency it serves, two kiosks each (three in the first, the
 * busiest). Kiosk ids are `ADM-<mall>-<nn>`.
 */
export interface Mall {
  kode_mall: string;
  nama_mall: string;
  kode_kec: string;
}

export interface Kiosk {
  id_kiosk: string;
  kode_mall: string;
  status_kiosk: 'AKTIF' | 'RUSAK';
}

export function mallsOf(regencyCode: string): Mall[] {
  return regions().childrenOf(regencyCode).slice(0, 4).map((k, i) => ({ kode_mall: `M${i + 1}`, nama_mall: `MAL ${k.name.toUpperCase()}`, kode_kec: k.code.replace(/\./g, '') }));
}

export function kiosksOf(malls: readonly Mall[]): Kiosk[] {
  return malls.flatMap((mall, i) => Array.from({ length: i === 0 ? 3 : 2 }, (_, n): Kiosk => ({ id_kiosk: `ADM-${mall.kode_mall}-${String(n + 1).padStart(2, '0')}`, kode_mall: mall.kode_mall, status_kiosk: 'AKTIF' })));
}
