import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { sudahAda, tidakDitemukan, tidakValid, type SoapField, type SoapService } from '../base/soap';
import { AKTA_KAWIN_TIME_ZONE, DuplicateReference, deedsByNumber, deedsByReference, deedsBySpouseNik, registerDeed } from './deeds';
import { aktaPerkawinanXml } from './records';
import type { KawinRow } from './rows';
import { KAWIN_TABLE } from './schema';

/**
 * The marriage registry's SOAP service (base: legacy-sim/base/soap), operations as the vendor named them:
 *   Ping
 *   GetAktaPerkawinanByNik         one NIK (husband or wife); fault E01 when there is none
 *   GetAktaPerkawinanByNikList     many NIKs in one call; an empty answer when none
 *   GetAktaPerkawinanByNo / ByNoList
 *   GetAktaPerkawinanByReferensiList   deeds by the caller's own reference (check before writing again)
 *   CatatPerkawinan                register a marriage; E03 if the reference (or the same marriage) is there
 */
export const AKTA_KAWIN_NAMESPACE = 'urn:disdukcapil:capil:perkawinan:v1';
const MAX_KEYS = 1000;
const NIK = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/;
const WITNESS_AGE = 21;

const list = (name: string, item: string): SoapField => ({ name, type: item, many: true, optional: true });
const deeds: SoapField[] = [list('AktaPerkawinan', 'AktaPerkawinan')];

function keys(value: unknown, name: string, pattern: RegExp): string[] {
  const all = ((value ?? []) as string[]).map((k) => k.trim()).filter(Boolean);
  if (all.length > MAX_KEYS) throw tidakValid(`${name} MAKSIMAL ${MAX_KEYS}`);
  for (const k of all) if (!pattern.test(k)) throw tidakValid(`${name} TIDAK VALID: ${k}`);
  return all;
}

/** 'dd/MM/yyyy' to ISO, or undefined. */
function isoFromSlash(text: unknown): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(text ?? '').trim());
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

function ageAt(birthIso: string, onIso: string): number {
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onIso.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

interface Party { Nik?: string; Nama?: string; TglLahir?: string }

function partyValues(party: Party | undefined, label: string, needNik: boolean): { nik: string | null; nama: string; lahir: string | null } {
  const nama = (party?.Nama ?? '').replace(/\s+/g, ' ').trim().toUpperCase();
  if (!nama) throw tidakValid(`NAMA ${label} WAJIB DIISI`);
  const nik = (party?.Nik ?? '').trim();
  if ((needNik || (nik && nik !== '-')) && !NIK.test(nik)) throw tidakValid(`NIK ${label} TIDAK VALID`);
  const lahir = party?.TglLahir ? isoFromSlash(party.TglLahir) : undefined;
  if (party?.TglLahir && !lahir) throw tidakValid(`TGL LAHIR ${label} TIDAK VALID`);
  return { nik: NIK.test(nik) ? nik : null, nama, lahir: lahir ?? null };
}

/** The row CatatPerkawinan writes, checked as the counter screen checks it. */
function newDeed(body: Record<string, unknown>, today: string): KawinRow {
  const referensi = String(body.Referensi ?? '').trim();
  if (!REFERENCE.test(referensi)) throw tidakValid('REFERENSI TIDAK VALID');
  const suami = partyValues(body.Suami as Party, 'SUAMI', true);
  const istri = partyValues(body.Istri as Party, 'ISTRI', true);
  const tgl = isoFromSlash(body.TglPerkawinan);
  if (!tgl || tgl > today) throw tidakValid('TGL PERKAWINAN TIDAK VALID');
  const agama = Number(body.KodeAgama);
  if (agama === 1) throw tidakValid('PERKAWINAN AGAMA ISLAM DICATAT OLEH KUA');
  if (!Number.isInteger(agama) || agama < 2 || agama > 7) throw tidakValid('KODE AGAMA TIDAK VALID');
  const saksi = ((body.Saksi ?? []) as Party[]).map((s, i) => partyValues(s, `SAKSI ${i + 1}`, false));
  if (saksi.length !== 2) throw tidakValid('SAKSI HARUS DUA ORANG');
  for (const s of saksi) if (!s.lahir || ageAt(s.lahir, tgl) < WITNESS_AGE) throw tidakValid('SAKSI HARUS BERUMUR MINIMAL 21 TAHUN');
  const wilayah = String(body.KodeWilayah ?? '').trim();
  if (!/^\d{10}$/.test(wilayah)) throw tidakValid('KODE WILAYAH TIDAK VALID');
  const [s1, s2] = saksi as [typeof saksi[0], typeof saksi[0]];
  return {
    NIK_SUAMI: suami.nik, NAMA_SUAMI: suami.nama, TGL_LHR_SUAMI: suami.lahir,
    NIK_ISTRI: istri.nik, NAMA_ISTRI: istri.nama, TGL_LHR_ISTRI: istri.lahir,
    TGL_KWN: `${tgl.slice(8, 10)}-${tgl.slice(5, 7)}-${tgl.slice(0, 4)}`,
    TMPT_KWN: String(body.TempatPerkawinan ?? '').trim().toUpperCase() || null,
    AGAMA: agama,
    NAMA_LEMBAGA: String(body.LembagaAgama ?? '').trim().toUpperCase() || null,
    NIK_SAKSI1: s1.nik, NAMA_SAKSI1: s1.nama, TGL_LHR_SAKSI1: s1.lahir,
    NIK_SAKSI2: s2.nik, NAMA_SAKSI2: s2.nama, TGL_LHR_SAKSI2: s2.lahir,
    NO_PROP: Number(wilayah.slice(0, 2)), NO_KAB: Number(wilayah.slice(2, 4)), NO_KEC: Number(wilayah.slice(4, 6)), NO_KEL: Number(wilayah.slice(6)),
    PETUGAS: 'WS-GERBANG',
    REF_GERBANG: referensi,
  };
}

export interface AktaKawinServiceOptions {
  /** '36.74': the regency in deed numbers. */
  regencyCode: string;
}

export function aktaKawinService(db: Knex, options: AktaKawinServiceOptions): SoapService {
  const party: SoapField[] = [{ name: 'Nik', type: 'string' }, { name: 'Nama', type: 'string' }, { name: 'TglLahir', type: 'string', optional: true }];
  return {
    app: 'akta-kawin',
    name: 'AktaPerkawinanService',
    namespace: AKTA_KAWIN_NAMESPACE,
    types: [
      { name: 'Pihak', fields: party },
      {
        name: 'AktaPerkawinan',
        fields: [
          { name: 'NoAkta', type: 'string' }, { name: 'Suami', type: 'Pihak' }, { name: 'Istri', type: 'Pihak' },
          { name: 'TglPerkawinan', type: 'string' }, { name: 'TempatPerkawinan', type: 'string' }, { name: 'KodeAgama', type: 'int' },
          { name: 'Agama', type: 'string' }, { name: 'LembagaAgama', type: 'string' }, list('Saksi', 'Pihak'),
          { name: 'TglDaftar', type: 'string' }, { name: 'KodeWilayah', type: 'string' }, { name: 'Referensi', type: 'string', optional: true },
        ],
      },
    ],
    operations: [
      { name: 'Ping', input: [], output: [{ name: 'Status', type: 'string' }, { name: 'Waktu', type: 'string' }], handle: () => ({ Status: 'OK', Waktu: localDateTimeIn(AKTA_KAWIN_TIME_ZONE) }) },
      {
        name: 'GetAktaPerkawinanByNik',
        input: [{ name: 'Nik', type: 'string' }],
        output: deeds,
        handle: async ({ body }) => {
          const [nik] = keys([body.Nik ?? ''], 'NIK', NIK);
          if (!nik) throw tidakValid('NIK WAJIB DIISI');
          const rows = await deedsBySpouseNik(db, [nik]);
          // The single lookup's quirk: nothing found is a fault, unlike the list operations.
          if (rows.length === 0) throw tidakDitemukan();
          return { AktaPerkawinan: rows.map(aktaPerkawinanXml) };
        },
      },
      {
        name: 'GetAktaPerkawinanByNikList',
        input: [{ name: 'DaftarNik', type: 'string', many: true, optional: true }],
        output: deeds,
        handle: async ({ body }) => ({ AktaPerkawinan: (await deedsBySpouseNik(db, keys(body.DaftarNik, 'NIK', NIK))).map(aktaPerkawinanXml) }),
      },
      {
        name: 'GetAktaPerkawinanByNo',
        input: [{ name: 'NoAkta', type: 'string' }],
        output: deeds,
        handle: async ({ body }) => {
          const rows = await deedsByNumber(db, [String(body.NoAkta ?? '').trim()]);
          if (rows.length === 0) throw tidakDitemukan();
          return { AktaPerkawinan: rows.map(aktaPerkawinanXml) };
        },
      },
      {
        name: 'GetAktaPerkawinanByNoList',
        input: [{ name: 'DaftarNoAkta', type: 'string', many: true, optional: true }],
        output: deeds,
        handle: async ({ body }) => ({ AktaPerkawinan: (await deedsByNumber(db, keys(body.DaftarNoAkta, 'NO AKTA', /^[\w./-]{1,40}$/))).map(aktaPerkawinanXml) }),
      },
      {
        name: 'GetAktaPerkawinanByReferensiList',
        input: [{ name: 'DaftarReferensi', type: 'string', many: true, optional: true }],
        output: deeds,
        handle: async ({ body }) => ({ AktaPerkawinan: (await deedsByReference(db, keys(body.DaftarReferensi, 'REFERENSI', REFERENCE))).map(aktaPerkawinanXml) }),
      },
      {
        name: 'CatatPerkawinan',
        input: [
          { name: 'Referensi', type: 'string' }, { name: 'Suami', type: 'Pihak' }, { name: 'Istri', type: 'Pihak' },
          { name: 'TglPerkawinan', type: 'string' }, { name: 'TempatPerkawinan', type: 'string', optional: true }, { name: 'KodeAgama', type: 'int' },
          { name: 'LembagaAgama', type: 'string' }, list('Saksi', 'Pihak'), { name: 'KodeWilayah', type: 'string' },
        ],
        output: [{ name: 'AktaPerkawinan', type: 'AktaPerkawinan' }],
        handle: async ({ body }) => {
          const row = newDeed(body, localDateTimeIn(AKTA_KAWIN_TIME_ZONE).slice(0, 10));
          const same = await db(KAWIN_TABLE).where({ NIK_SUAMI: row.NIK_SUAMI, NIK_ISTRI: row.NIK_ISTRI, TGL_KWN: row.TGL_KWN }).first();
          if (same) throw sudahAda('PERKAWINAN SUDAH TERCATAT');
          try {
            return { AktaPerkawinan: aktaPerkawinanXml(await registerDeed(db, row, options.regencyCode)) };
          } catch (error) {
            if (error instanceof DuplicateReference) throw sudahAda('REFERENSI SUDAH TERDAFTAR');
            throw error;
          }
        },
      },
    ],
  };
}
