import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { sudahAda, tidakDitemukan, tidakValid, type SoapField, type SoapOperation, type SoapService } from '../base/soap';
import { AKTA_CERAI_TIME_ZONE, DuplicateReference, deedsByMarriageDeed, deedsByNumber, deedsByReference, deedsBySpouseNik, registerDeed } from './deeds';
import { aktaPerceraianXml } from './records';
import type { CeraiRow } from './rows';

/**
 * The divorce registry's SOAP service (base: legacy-sim/base/soap), operations as the vendor named them:
 *   Ping
 *   GetAktaPerceraianByNik          one NIK (former husband or wife); fault E01 when there is none
 *   GetAktaPerceraianByNikList      many NIKs in one call; an empty answer when none
 *   GetAktaPerceraianByNo / ByNoList
 *   GetAktaPerceraianByNoAktaPerkawinanList   the divorce that ended each marriage deed
 *   GetAktaPerceraianByReferensiList   deeds by the caller's own reference (check before writing again)
 *   CatatPerceraian                 register a divorce; E03 if the reference is there or the marriage already ended
 */
export const AKTA_CERAI_NAMESPACE = 'urn:disdukcapil:capil:perceraian:v1';
const MAX_KEYS = 1000;
const NIK = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/;
const DEED = /^[\w./-]{1,40}$/;
/** A civil suit of a district court: '245/Pdt.G/2017/PN Tng' (blanks around the slashes tolerated). */
const DECISION = /^\d{1,5}\s*\/\s*Pdt\.G\s*\/\s*\d{4}\s*\/\s*PN[ .]?\S.{0,30}$/i;

const list = (name: string, item: string): SoapField => ({ name, type: item, many: true, optional: true });
const deeds: SoapField[] = [list('AktaPerceraian', 'AktaPerceraian')];

function keys(value: unknown, name: string, pattern: RegExp): string[] {
  const all = ((value ?? []) as string[]).map((k) => k.trim()).filter(Boolean);
  if (all.length > MAX_KEYS) throw tidakValid(`${name} MAKSIMAL ${MAX_KEYS}`);
  for (const k of all) if (!pattern.test(k)) throw tidakValid(`${name} TIDAK VALID: ${k}`);
  return all;
}

/** 'dd-MM-yyyy' to ISO, or undefined. */
function isoFromDash(text: unknown): string | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(String(text ?? '').trim());
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

interface Party { Nik?: string; Nama?: string }

function partyValues(party: Party | undefined, label: string): { nik: string | null; nama: string } {
  const nama = (party?.Nama ?? '').replace(/\s+/g, ' ').trim().toUpperCase();
  if (!nama) throw tidakValid(`NAMA ${label} WAJIB DIISI`);
  const nik = (party?.Nik ?? '').trim();
  if (nik && !NIK.test(nik)) throw tidakValid(`NIK ${label} TIDAK VALID`);
  return { nik: nik || null, nama };
}

/** The row CatatPerceraian writes, checked as the counter screen checks it. */
function newDeed(body: Record<string, unknown>, today: string): CeraiRow {
  const referensi = String(body.Referensi ?? '').trim();
  if (!REFERENCE.test(referensi)) throw tidakValid('REFERENSI TIDAK VALID');
  const kawin = String(body.NoAktaPerkawinan ?? '').trim().toUpperCase();
  if (!DEED.test(kawin)) throw tidakValid('NO AKTA PERKAWINAN TIDAK VALID');
  const tglKawin = isoFromDash(body.TglPerkawinan);
  if (!tglKawin) throw tidakValid('TGL PERKAWINAN TIDAK VALID');
  const suami = partyValues(body.Suami as Party, 'SUAMI');
  const istri = partyValues(body.Istri as Party, 'ISTRI');
  if (!suami.nik && !istri.nik) throw tidakValid('NIK SUAMI ATAU ISTRI WAJIB DIISI');
  const pengadilan = String(body.Pengadilan ?? '').replace(/\s+/g, ' ').trim().toUpperCase();
  const putusan = String(body.NoPutusan ?? '').trim();
  // Muslim couples divorce before the Pengadilan Agama, which issues its own akta cerai.
  if (pengadilan.startsWith('PENGADILAN AGAMA') || /\/\s*PA\b/i.test(putusan)) throw tidakValid('PERCERAIAN AGAMA ISLAM DICATAT OLEH PENGADILAN AGAMA');
  if (!pengadilan.startsWith('PENGADILAN NEGERI')) throw tidakValid('NAMA PENGADILAN TIDAK VALID');
  if (!DECISION.test(putusan)) throw tidakValid('NOMOR PUTUSAN TIDAK VALID');
  const tglPutusan = isoFromDash(body.TglPutusan);
  if (!tglPutusan || tglPutusan > today || tglPutusan < tglKawin) throw tidakValid('TGL PUTUSAN TIDAK VALID');
  const penggugat = String(body.Penggugat ?? '').trim().toUpperCase();
  if (penggugat !== 'S' && penggugat !== 'I') throw tidakValid('PENGGUGAT HARUS S ATAU I');
  const wilayah = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/.exec(String(body.KodeWilayah ?? '').trim());
  if (!wilayah) throw tidakValid('KODE WILAYAH TIDAK VALID');
  return {
    NO_AKTA_KWN: kawin,
    TGL_KWN: tglKawin,
    NIK_SUAMI: suami.nik, NAMA_SUAMI: suami.nama,
    NIK_ISTRI: istri.nik, NAMA_ISTRI: istri.nama,
    NO_PUTUSAN: putusan,
    TGL_PUTUSAN: tglPutusan,
    NAMA_PN: pengadilan,
    PENGGUGAT: penggugat,
    NO_PROP: Number(wilayah[1]), NO_KAB: Number(wilayah[2]), NO_KEC: Number(wilayah[3]), NO_KEL: Number(wilayah[4]),
    PETUGAS: 'WS-GERBANG',
    REF_GERBANG: referensi,
  };
}

export interface AktaCeraiServiceOptions {
  /** '36.74': the regency in deed numbers. */
  regencyCode: string;
}

export function aktaCeraiService(db: Knex, options: AktaCeraiServiceOptions): SoapService {
  const party: SoapField[] = [{ name: 'Nik', type: 'string', optional: true }, { name: 'Nama', type: 'string' }];
  const single = (name: string, field: string, find: (key: string) => Promise<CeraiRow[]>): SoapOperation => ({
    name,
    input: [{ name: field, type: 'string' }],
    output: deeds,
    handle: async ({ body }) => {
      const key = String(body[field] ?? '').trim();
      if (!key) throw tidakValid(`${field.toUpperCase()} WAJIB DIISI`);
      const rows = await find(key);
      // The single lookups' quirk: nothing found is a fault, unlike the list operations.
      if (rows.length === 0) throw tidakDitemukan();
      return { AktaPerceraian: rows.map(aktaPerceraianXml) };
    },
  });
  const many = (name: string, field: string, label: string, pattern: RegExp, find: (keys: string[]) => Promise<CeraiRow[]>): SoapOperation => ({
    name,
    input: [{ name: field, type: 'string', many: true, optional: true }],
    output: deeds,
    handle: async ({ body }) => ({ AktaPerceraian: (await find(keys(body[field], label, pattern))).map(aktaPerceraianXml) }),
  });
  return {
    app: 'akta-cerai',
    name: 'AktaPerceraianService',
    namespace: AKTA_CERAI_NAMESPACE,
    types: [
      { name: 'Pihak', fields: party },
      {
        name: 'AktaPerceraian',
        fields: [
          { name: 'NoAkta', type: 'string' }, { name: 'NoAktaPerkawinan', type: 'string' }, { name: 'TglPerkawinan', type: 'string' },
          { name: 'Suami', type: 'Pihak' }, { name: 'Istri', type: 'Pihak' },
          { name: 'NoPutusan', type: 'string' }, { name: 'TglPutusan', type: 'string' }, { name: 'Pengadilan', type: 'string' },
          { name: 'Penggugat', type: 'string' }, { name: 'TglAkta', type: 'string' }, { name: 'KodeWilayah', type: 'string' },
          { name: 'Referensi', type: 'string', optional: true },
        ],
      },
    ],
    operations: [
      { name: 'Ping', input: [], output: [{ name: 'Status', type: 'string' }, { name: 'Waktu', type: 'string' }], handle: () => ({ Status: 'OK', Waktu: localDateTimeIn(AKTA_CERAI_TIME_ZONE) }) },
      single('GetAktaPerceraianByNik', 'Nik', async (nik) => {
        if (!NIK.test(nik)) throw tidakValid(`NIK TIDAK VALID: ${nik}`);
        return deedsBySpouseNik(db, [nik]);
      }),
      many('GetAktaPerceraianByNikList', 'DaftarNik', 'NIK', NIK, (niks) => deedsBySpouseNik(db, niks)),
      single('GetAktaPerceraianByNo', 'NoAkta', (no) => deedsByNumber(db, [no])),
      many('GetAktaPerceraianByNoList', 'DaftarNoAkta', 'NO AKTA', DEED, (numbers) => deedsByNumber(db, numbers)),
      many('GetAktaPerceraianByNoAktaPerkawinanList', 'DaftarNoAktaPerkawinan', 'NO AKTA PERKAWINAN', DEED, (numbers) => deedsByMarriageDeed(db, numbers.map((n) => n.toUpperCase()))),
      many('GetAktaPerceraianByReferensiList', 'DaftarReferensi', 'REFERENSI', REFERENCE, (refs) => deedsByReference(db, refs)),
      {
        name: 'CatatPerceraian',
        input: [
          { name: 'Referensi', type: 'string' }, { name: 'NoAktaPerkawinan', type: 'string' }, { name: 'TglPerkawinan', type: 'string' },
          { name: 'Suami', type: 'Pihak' }, { name: 'Istri', type: 'Pihak' },
          { name: 'NoPutusan', type: 'string' }, { name: 'TglPutusan', type: 'string' }, { name: 'Pengadilan', type: 'string' },
          { name: 'Penggugat', type: 'string' }, { name: 'KodeWilayah', type: 'string' },
        ],
        output: [{ name: 'AktaPerceraian', type: 'AktaPerceraian' }],
        handle: async ({ body }) => {
          const row = newDeed(body, localDateTimeIn(AKTA_CERAI_TIME_ZONE).slice(0, 10));
          // A marriage ends once: a second divorce of the same deed is refused, whatever the reference.
          const [ended] = await deedsByMarriageDeed(db, [String(row.NO_AKTA_KWN)]);
          if (ended && ended.REF_GERBANG !== row.REF_GERBANG) throw sudahAda('PERKAWINAN SUDAH TERCATAT CERAI');
          try {
            return { AktaPerceraian: aktaPerceraianXml(await registerDeed(db, row, options.regencyCode)) };
          } catch (error) {
            if (error instanceof DuplicateReference) throw sudahAda('REFERENSI SUDAH TERDAFTAR');
            throw error;
          }
        },
      },
    ],
  };
}
