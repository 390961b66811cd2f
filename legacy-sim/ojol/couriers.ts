import type { Random } from '../world/random';

/**
 * The partner's couriers, as its couriers' app knows them: a name, a motorbike plate of the
 * Jakarta-Tangerang area (B … or A …) and a phone. Drawn, not stored: the partner keeps its
 * drivers in a system of its own that this integration never sees.
 */
const FIRST = ['Agus', 'Budi', 'Dedi', 'Eko', 'Fajar', 'Hendra', 'Irfan', 'Joko', 'Rizki', 'Slamet', 'Taufik', 'Wahyu', 'Yusuf', 'Asep', 'Ujang'];
const LAST = ['Saputra', 'Hidayat', 'Pratama', 'Setiawan', 'Nugroho', 'Kurniawan', 'Santoso', 'Gunawan', 'Firmansyah', 'Maulana'];

export interface Courier {
  nama: string;
  plat: string;
  telp: string;
}

export function drawCourier(rng: Random): Courier {
  const letters = () => String.fromCharCode(65 + rng.int(0, 25)) + String.fromCharCode(65 + rng.int(0, 25));
  return {
    nama: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
    plat: `${rng.pick(['B', 'B', 'B', 'A'])} ${rng.int(1000, 9999)} ${letters()}${rng.chance(0.5) ? String.fromCharCode(65 + rng.int(0, 25)) : ''}`,
    telp: `628${rng.pick(['12', '13', '21', '52', '57', '77', '95'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
  };
}

/** Why an order failed or the partner cancelled it, as its couriers' app words it. */
export const ALASAN_GAGAL = ['PENERIMA TIDAK DI TEMPAT', 'ALAMAT TIDAK DITEMUKAN', 'PENERIMA MENOLAK', 'NOMOR TIDAK DAPAT DIHUBUNGI'];
export const ALASAN_BATAL_MITRA = ['TIDAK ADA DRIVER TERSEDIA', 'DRIVER MEMBATALKAN', 'CUACA BURUK'];
