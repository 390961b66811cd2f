import { regions, type Region } from '@core/domain/regions';
import { WeightedTable, type Random } from './random';

/**
 * Where the synthetic population lives: the regency's real kecamatan and kelurahan from the
 * Kemendagri directory, weighted by population so that Pondok Aren has about four times the
 * residents of Setu, as it has in reality. Also the regency people move in from (Kabupaten Batang
 * for Tangsel), since NIKs keep the kecamatan of first registration for life.
 */

/** Approximate residents per Tangsel kecamatan (BPS, rounded); only the ratios matter. */
const TANGSEL_WEIGHTS: Record<string, number> = {
  'Pondok Aren': 400_000,
  'Pamulang': 360_000,
  'Ciputat': 240_000,
  'Ciputat Timur': 200_000,
  'Serpong': 190_000,
  'Serpong Utara': 180_000,
  'Setu': 90_000,
};

/**
 * Postal codes per Tangsel kelurahan. Plausible rather than authoritative: codes follow the Pos
 * Indonesia pattern for the area (1522x Pondok Aren, 153xx Serpong/Setu, 154xx Ciputat/Pamulang).
 */
const TANGSEL_POSTAL: Record<string, string> = {
  'Ciater': '15310', 'Rawabuntu': '15318', 'Rawa Mekar Jaya': '15310', 'Lengkong Gudang': '15321', 'Lengkong Wetan': '15322',
  'Buaran': '15310', 'Lengkong Gudang Timur': '15310', 'Cilenggang': '15310', 'Serpong': '15311',
  'Pakulonan': '15325', 'Pakualam': '15320', 'Pakujaya': '15324', 'Pondok Jagung': '15326', 'Pondok Jagung Timur': '15326',
  'Jelupang': '15323', 'Lengkong Karya': '15310',
  'Pondok Betung': '15221', 'Pondok Pucung': '15229', 'Pondok Karya': '15225', 'Pondok Jaya': '15220', 'Pondok Aren': '15224',
  'Pondok Kacang Barat': '15226', 'Pondok Kacang Timur': '15226', 'Parigi': '15227', 'Parigi Baru': '15228',
  'Jurangmangu Barat': '15223', 'Jurangmangu Timur': '15222',
  'Sawah Baru': '15413', 'Serua': '15414', 'Ciputat': '15411', 'Sawah': '15413', 'Serua Indah': '15414', 'Jombang': '15414', 'Cipayung': '15411',
  'Cempaka Putih': '15412', 'Pondok Ranji': '15412', 'Pisangan': '15419', 'Cireundeu': '15419', 'Rempoa': '15412', 'Rengas': '15412',
  'Pamulang Barat': '15417', 'Benda Baru': '15418', 'Pondok Benda': '15416', 'Pondok Cabe Udik': '15418', 'Pondok Cabe Ilir': '15418',
  'Kedaung': '15415', 'Bambu Apus': '15415', 'Pamulang Timur': '15417',
  'Muncul': '15314', 'Setu': '15314', 'Keranggan': '15314', 'Kademangan': '15313', 'Babakan': '15315', 'Bakti Jaya': '15315',
};

/** Postal codes per Batang kecamatan (plausible, 512xx). */
const BATANG_POSTAL: Record<string, string> = {
  'Wonotunggal': '51253', 'Bandar': '51254', 'Blado': '51255', 'Reban': '51273', 'Bawang': '51274', 'Tersono': '51272',
  'Gringsing': '51281', 'Limpung': '51271', 'Subah': '51262', 'Tulis': '51261', 'Batang': '51211', 'Warungasem': '51252',
  'Kandeman': '51261', 'Pecalungan': '51262', 'Banyuputih': '51271',
};

export interface KelurahanPlan {
  code: string;
  name: string;
  postalCode: string;
}

export interface KecamatanPlan {
  code: string;
  name: string;
  kelurahan: KelurahanPlan[];
}

export interface RegencyPlan {
  regencyCode: string;
  regencyName: string;
  kecamatan: KecamatanPlan[];
  /** Weighted by population. */
  pickKecamatan(rng: Random): KecamatanPlan;
  /** The regency newcomers were first registered in (Batang for Tangsel, Tangsel for Batang). */
  moversRegencyCode: string;
  moversRegencyName: string;
  moversKecamatan: string[];
}

function postalCode(regencyCode: string, kecamatan: Region, kelurahan: Region, index: number): string {
  if (regencyCode === '36.74') {
    const known = TANGSEL_POSTAL[kelurahan.name];
    if (known) return known;
  }
  if (regencyCode === '33.25') {
    const base = BATANG_POSTAL[kecamatan.name];
    // Kecamatan Batang (the town) has one code per kelurahan, 51211-51216.
    if (base) return kecamatan.name === 'Batang' ? String(51211 + (index % 6)) : base;
  }
  // Elsewhere: stable per kelurahan, derived from its code, so re-runs agree.
  let h = 0;
  for (const ch of kelurahan.code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return String(10000 + (h % 90000));
}

function regencyOf(code: string): Region {
  const region = regions().get(code);
  if (!region || region.level !== 'regency') throw new Error(`Unknown regency code "${code}" (expected e.g. '36.74')`);
  return region;
}

function kecamatanOf(regencyCode: string): KecamatanPlan[] {
  const list = regions().childrenOf(regencyCode).filter((r) => r.level === 'district');
  if (list.length === 0) throw new Error(`Regency ${regencyCode} has no kecamatan in the region directory`);
  return list.map((kec) => {
    const villages = regions().childrenOf(kec.code).filter((r) => r.level === 'village');
    if (villages.length === 0) throw new Error(`Kecamatan ${kec.code} has no kelurahan in the region directory`);
    return {
      code: kec.code,
      name: kec.name,
      kelurahan: villages.map((kel, i) => ({ code: kel.code, name: kel.name, postalCode: postalCode(regencyCode, kec, kel, i) })),
    };
  });
}

export function planRegency(regencyCode: string): RegencyPlan {
  const regency = regencyOf(regencyCode);
  const kecamatan = kecamatanOf(regencyCode);
  // Other regencies: equal weights. A Tangsel kecamatan missing from the table gets an average one.
  const weights: Record<string, number> = regencyCode === '36.74' ? TANGSEL_WEIGHTS : {};
  const fallback = regencyCode === '36.74' ? 200_000 : 1;
  const table = new WeightedTable(kecamatan.map((k) => [k, weights[k.name] ?? fallback] as const));
  const moversRegencyCode = regencyCode === '33.25' ? '36.74' : '33.25';
  const movers = regencyOf(moversRegencyCode);
  return {
    regencyCode,
    regencyName: regency.name,
    kecamatan,
    pickKecamatan: (rng) => table.draw(rng),
    moversRegencyCode,
    moversRegencyName: movers.name,
    moversKecamatan: regions().childrenOf(moversRegencyCode).filter((r) => r.level === 'district').map((r) => r.code),
  };
}
