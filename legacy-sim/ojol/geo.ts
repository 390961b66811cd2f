/**
 * The partner's map and tariff, reduced to what the emulator needs: a road distance estimated from
 * the straight line, a distance-based fee in whole rupiah, a service area, and plausible
 * coordinates for the city's places (the synthetic world has addresses but no coordinates).
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** The Dinas office (Pusat Pemerintahan Kota Tangerang Selatan, Ciater): where pickups end and deliveries start. */
export const KANTOR_DINAS = {
  alamat: 'Gedung Pusat Pemerintahan Kota Tangerang Selatan, Jl. Maruga Raya No. 1, Ciater, Serpong',
  lat: -6.3196,
  lon: 106.6978,
  nama: 'LOKET OJOL DISDUKCAPIL',
  telp: '0215379901',
};

/** Where the partner serves: an order longer than this is refused (status 65). */
export const MAX_DISTANCE_M = 40_000;

/** Roads are not straight: the partner's estimate is the straight line times this. */
const ROAD_FACTOR = 1.3;

/** Tariff: a minimum fee for the first 3 km, then per km; rounded up to Rp 500. */
const MIN_FEE = 9_000;
const MIN_FEE_KM = 3;
const PER_KM = 2_500;

export function straightLineMeters(a: LatLon, b: LatLon): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The partner's road distance, in whole metres (at least 100 m). */
export function roadMeters(a: LatLon, b: LatLon): number {
  return Math.max(100, Math.round(straightLineMeters(a, b) * ROAD_FACTOR));
}

export function feeFor(meters: number): number {
  const km = meters / 1000;
  const raw = km <= MIN_FEE_KM ? MIN_FEE : MIN_FEE + (km - MIN_FEE_KM) * PER_KM;
  return Math.ceil(raw / 500) * 500;
}

/** A stable point for a kelurahan code ('36.74.01.1001'), within a few km of the city's middle. */
export function kelurahanPoint(code: string): LatLon {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const u = (h % 1000) / 1000;
  const v = (Math.floor(h / 1000) % 1000) / 1000;
  return { lat: round7(-6.3 + (u - 0.5) * 0.1), lon: round7(106.71 + (v - 0.5) * 0.1) };
}

export function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

export function validLatLon(p: { lat: unknown; lon: unknown }): p is LatLon {
  return typeof p.lat === 'number' && typeof p.lon === 'number' && Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}
