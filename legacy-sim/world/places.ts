import type { Ethnicity } from './names';
import { isoToDay } from './dates';
import { WeightedTable, type Random } from './random';

/**
 * Where people were born and where families live. Birth places follow migration into the
 * Jakarta suburbs: Betawi were mostly born around Jakarta and Tangerang, migrants in their home
 * province, and children born after Kota Tangerang Selatan was created (26 November 2008) mostly
 * in 'Tangerang Selatan'. Street and estate names are plausible, not a gazetteer.
 */

type Weighted = ReadonlyArray<readonly [string, number]>;

const even = (places: readonly string[]): Weighted => places.map((p) => [p, 1] as const);

const ORIGIN: Record<Ethnicity, WeightedTable<string>> = {
  JAVANESE: new WeightedTable([
    ['Semarang', 5], ['Yogyakarta', 5], ['Surakarta', 4], ['Klaten', 4], ['Boyolali', 3], ['Sukoharjo', 2], ['Wonogiri', 4], ['Kebumen', 4],
    ['Purworejo', 3], ['Magelang', 3], ['Pekalongan', 3], ['Batang', 2], ['Tegal', 3], ['Brebes', 3], ['Banyumas', 3], ['Cilacap', 3],
    ['Kendal', 2], ['Pati', 2], ['Kudus', 2], ['Jepara', 2], ['Madiun', 2], ['Kediri', 2], ['Malang', 3], ['Surabaya', 4],
    ['Blitar', 2], ['Tulungagung', 1], ['Ngawi', 1], ['Ponorogo', 2], ['Bandar Lampung', 2], ['Metro', 1], ['Jakarta', 6],
  ]),
  SUNDANESE: new WeightedTable([
    ['Bandung', 6], ['Bogor', 6], ['Sukabumi', 4], ['Garut', 4], ['Tasikmalaya', 4], ['Cianjur', 4], ['Kuningan', 3], ['Cirebon', 3],
    ['Sumedang', 2], ['Majalengka', 2], ['Ciamis', 3], ['Serang', 4], ['Pandeglang', 3], ['Lebak', 3], ['Subang', 2], ['Karawang', 2],
    ['Purwakarta', 1], ['Tangerang', 6], ['Jakarta', 4],
  ]),
  BETAWI: new WeightedTable([['Jakarta', 10], ['Tangerang', 8], ['Depok', 2], ['Bekasi', 2], ['Bogor', 1]]),
  MINANG: new WeightedTable([['Padang', 8], ['Bukittinggi', 4], ['Payakumbuh', 3], ['Solok', 2], ['Pariaman', 3], ['Batusangkar', 2], ['Padang Panjang', 2], ['Pekanbaru', 2], ['Jakarta', 3]]),
  MANDAILING: new WeightedTable([['Padang Sidempuan', 5], ['Medan', 6], ['Panyabungan', 3], ['Sibolga', 2], ['Rantau Prapat', 2], ['Jakarta', 2]]),
  OTHER_MUSLIM: new WeightedTable([
    ['Palembang', 6], ['Makassar', 5], ['Bandar Lampung', 5], ['Pontianak', 3], ['Banjarmasin', 3], ['Pekanbaru', 3], ['Jambi', 3], ['Bengkulu', 2],
    ['Mataram', 2], ['Samarinda', 2], ['Balikpapan', 2], ['Banda Aceh', 2], ['Ternate', 1], ['Gorontalo', 1], ['Medan', 3], ['Jakarta', 4],
  ]),
  BATAK_TOBA: new WeightedTable([['Medan', 8], ['Pematangsiantar', 5], ['Tarutung', 4], ['Balige', 4], ['Sibolga', 2], ['Porsea', 2], ['Dolok Sanggul', 2], ['Tebing Tinggi', 2], ['Kabanjahe', 2], ['Jakarta', 5]]),
  MANADO: new WeightedTable([['Manado', 8], ['Tomohon', 3], ['Bitung', 2], ['Tondano', 3], ['Amurang', 1], ['Airmadidi', 1], ['Jakarta', 3]]),
  AMBON: new WeightedTable([['Ambon', 10], ['Tual', 2], ['Masohi', 2], ['Saumlaki', 1], ['Jakarta', 3]]),
  FLORES: new WeightedTable([['Ende', 4], ['Maumere', 4], ['Larantuka', 3], ['Kupang', 5], ['Ruteng', 3], ['Bajawa', 2], ['Atambua', 2], ['Labuan Bajo', 1], ['Jakarta', 2]]),
  CHINESE: new WeightedTable([
    ['Jakarta', 10], ['Tangerang', 8], ['Medan', 4], ['Pontianak', 3], ['Singkawang', 2], ['Pangkal Pinang', 2], ['Surabaya', 3], ['Semarang', 2],
    ['Bandung', 3], ['Bogor', 1], ['Palembang', 2], ['Makassar', 1], ['Pekanbaru', 1], ['Cirebon', 1],
  ]),
  BALINESE: new WeightedTable(even(['Denpasar', 'Gianyar', 'Tabanan', 'Singaraja', 'Klungkung', 'Karangasem', 'Bangli', 'Negara', 'Badung'])),
};

/** Born in one's home region: Tangsel's children after 2008, Tangerang and Jakarta before. */
const TANGSEL_AFTER_2008 = new WeightedTable([['Tangerang Selatan', 66], ['Tangerang', 17], ['Jakarta', 13], ['Depok', 2], ['Bogor', 2]]);
const TANGSEL_BEFORE_2008 = new WeightedTable([['Tangerang', 58], ['Jakarta', 38], ['Bogor', 2], ['Depok', 2]]);
const BATANG = new WeightedTable([['Batang', 80], ['Pekalongan', 12], ['Kendal', 5], ['Semarang', 3]]);

/** The day Kota Tangerang Selatan was formed (UU 51/2008); its first KKs date from then. */
export const TANGSEL_FORMED_DAY = isoToDay('2008-11-26');

/** Birth place of someone born in the regency `regencyCode` (named `regencyName` for others). */
export function localBirthPlace(rng: Random, regencyCode: string, regencyName: string, birthDay: number): string {
  if (regencyCode === '36.74') return (birthDay >= TANGSEL_FORMED_DAY ? TANGSEL_AFTER_2008 : TANGSEL_BEFORE_2008).draw(rng);
  if (regencyCode === '33.25') return BATANG.draw(rng);
  return regencyName.replace(/^(Kota|Kabupaten)\s+/, '');
}

/** Birth place of someone born in the home region of their ethnicity. */
export function birthPlace(rng: Random, ethnicity: Ethnicity): string {
  return ORIGIN[ethnicity].draw(rng);
}

const FLOWERS_AND_TREES = [
  'Melati', 'Mawar', 'Anggrek', 'Kenanga', 'Cempaka', 'Dahlia', 'Flamboyan', 'Kamboja', 'Teratai', 'Seroja', 'Nusa Indah', 'Bougenville',
  'Asoka', 'Kemuning', 'Mangga', 'Rambutan', 'Durian', 'Jambu', 'Nangka', 'Belimbing', 'Sawo', 'Salak', 'Duku', 'Kelapa', 'Pinang',
  'Bambu', 'Beringin', 'Cemara', 'Akasia', 'Jati', 'Merpati', 'Cendrawasih', 'Rajawali', 'Kutilang', 'Nuri', 'Elang', 'Pendidikan',
  'Pembangunan', 'Swadaya', 'Bhakti', 'Damai', 'Sejahtera', 'Masjid', 'Haji Naim', 'Haji Sarmili', 'Haji Rean', 'Musholla', 'Sekolah',
  'Kavling', 'Perintis', 'Merdeka', 'Kebon', 'Kali', 'Setia Budi', 'Amal', 'Sawo Kecik', 'Manggis', 'Delima', 'Kenari', 'Pala',
];
const KAMPUNG = ['Sawah', 'Bulak', 'Dukuh', 'Rawa', 'Kebon', 'Pabuaran', 'Cilalung', 'Kedaung', 'Parung', 'Babakan', 'Gardu', 'Bojong'];
const ROMAN = ['', '', '', ' I', ' II', ' III', ' IV', ' V'];

/** Main roads and housing estates of each Tangsel kecamatan, by kecamatan name. */
const LOCAL: Record<string, { roads: readonly string[]; estates: readonly string[] }> = {
  'Serpong': {
    roads: ['Jl. Raya Serpong', 'Jl. Raya Puspiptek', 'Jl. Pahlawan Seribu', 'Jl. Raya Cilenggang', 'Jl. Lengkong Gudang Timur Raya', 'Jl. Raya Rawabuntu', 'Jl. Ciater Raya'],
    estates: ['Perumahan Griya Loka', 'Perumahan Taman Giri Loka', 'Perumahan Serpong Park', 'Perumahan Puri Serpong', 'Perumahan Nusa Loka', 'Perumahan Villa Serpong'],
  },
  'Serpong Utara': {
    roads: ['Jl. Raya Serpong', 'Jl. Jalur Sutera', 'Jl. Raya Pondok Jagung', 'Jl. Raya Pakujaya', 'Jl. Raya Jelupang', 'Jl. Raya Pakulonan'],
    estates: ['Perumahan Villa Melati Mas', 'Perumahan Alam Sutera', 'Perumahan Taman Serpong', 'Perumahan Pondok Jagung Asri', 'Perumahan Griya Jelupang'],
  },
  'Pondok Aren': {
    roads: ['Jl. Raya Pondok Aren', 'Jl. Ceger Raya', 'Jl. Raya Jurangmangu', 'Jl. Raya Parigi', 'Jl. Pondok Kacang Raya', 'Jl. Raya Pondok Betung', 'Jl. Graha Raya'],
    estates: ['Perumahan Bintaro Jaya Sektor 9', 'Perumahan Graha Raya Bintaro', 'Perumahan Pondok Aren Indah', 'Perumahan Pondok Safari Indah', 'Perumahan Parigi Permai', 'Perumahan Pondok Kacang Prima'],
  },
  'Ciputat': {
    roads: ['Jl. Raya Ciputat Parung', 'Jl. Aria Putra', 'Jl. Raya Serua', 'Jl. Dewi Sartika', 'Jl. Jombang Raya', 'Jl. Raya Cipayung'],
    estates: ['Perumahan Villa Bintaro Indah', 'Perumahan Serua Permai', 'Perumahan Puri Bintaro', 'Perumahan Sawah Baru Indah', 'Komplek Dosen UIN'],
  },
  'Ciputat Timur': {
    roads: ['Jl. Ir. H. Juanda', 'Jl. Raya Cirendeu', 'Jl. WR. Supratman', 'Jl. Rempoa Raya', 'Jl. Pisangan Raya', 'Jl. Raya Pondok Ranji'],
    estates: ['Perumahan Bintaro Sektor 1', 'Perumahan Cirendeu Permai', 'Perumahan Rempoa Permai', 'Komplek Pondok Ranji Indah', 'Perumahan Cempaka Putih Asri'],
  },
  'Pamulang': {
    roads: ['Jl. Siliwangi', 'Jl. Raya Pamulang', 'Jl. Surya Kencana', 'Jl. Benda Raya', 'Jl. Pajajaran', 'Jl. Raya Pondok Cabe', 'Jl. Kedaung Raya'],
    estates: ['Perumahan Pamulang Permai', 'Perumahan Pamulang Estate', 'Perumahan Reni Jaya', 'Perumahan Pondok Benda Indah', 'Perumahan Villa Dago', 'Perumahan Pondok Cabe Mutiara'],
  },
  'Setu': {
    roads: ['Jl. Raya Setu', 'Jl. Raya Puspiptek', 'Jl. Raya Muncul', 'Jl. Babakan Raya', 'Jl. Raya Kademangan'],
    estates: ['Perumahan Taman Setu Indah', 'Perumahan Griya Setu Asri', 'Perumahan Puspiptek Indah', 'Perumahan Bakti Jaya Permai'],
  },
};

const STREET_KIND = new WeightedTable<'JALAN' | 'GANG' | 'KAMPUNG' | 'ROAD' | 'ESTATE'>([
  ['JALAN', 34], ['GANG', 22], ['KAMPUNG', 6], ['ROAD', 10], ['ESTATE', 28],
]);

/** A street address without RT/RW, e.g. 'Jl. Melati No. 12' or 'Perumahan Villa Melati Mas Blok B2 No. 5'. */
export function streetAddress(rng: Random, kecamatanName: string): string {
  const local = LOCAL[kecamatanName];
  const kind = STREET_KIND.draw(rng);
  const number = rng.int(1, rng.chance(0.8) ? 60 : 180);
  if (kind === 'ESTATE' && local) {
    const block = `${rng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'])}${rng.int(1, 12)}`;
    return `${rng.pick(local.estates)} Blok ${block} No. ${rng.int(1, 30)}`;
  }
  if (kind === 'ROAD' && local) return `${rng.pick(local.roads)} No. ${number}`;
  if (kind === 'GANG') return `Gg. ${rng.pick(FLOWERS_AND_TREES)}${rng.pick(ROMAN)} No. ${rng.int(1, 40)}`;
  if (kind === 'KAMPUNG') return `Kp. ${rng.pick(KAMPUNG)} No. ${number}`;
  return `Jl. ${rng.pick(FLOWERS_AND_TREES)}${rng.pick(ROMAN)} No. ${number}`;
}

/** Indonesian mobile prefixes (Telkomsel, Indosat, XL, Axis, Tri, Smartfren). */
const MOBILE_PREFIXES = ['0811', '0812', '0813', '0821', '0822', '0823', '0852', '0853', '0814', '0815', '0816', '0855', '0856', '0857', '0858', '0817', '0818', '0819', '0859', '0877', '0878', '0831', '0832', '0838', '0895', '0896', '0897', '0898', '0899', '0881', '0882', '0887', '0888'];

/** A mobile number such as '081234567890' (10 to 13 digits, as Indonesian numbers vary). */
export function phoneNumber(rng: Random): string {
  let digits = rng.pick(MOBILE_PREFIXES);
  const rest = rng.int(6, 8);
  for (let i = 0; i < rest; i++) digits += `${rng.int(0, 9)}`;
  return digits;
}
