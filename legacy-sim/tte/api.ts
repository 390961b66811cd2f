import type { Knex } from 'knex';
import { STATUS, gagal, permintaanTidakValid, sukses, tidakDitemukan, legacyDateTime, type RestRoute, keyList } from '../base/rest';
import { localDateTimeIn } from '@core/tenants';
import type { SigningKey } from './keys';
import { verifikasiJson, ttdJson } from './records';
import { STATUS_TTD } from './schema';
import { AlreadyRevoked, DuplicateReference, TTE_TIME_ZONE, revokeSignature, signDocument, signatureById, signaturesByReference, verifyPayload, type Signer } from './signatures';

/**
 * The signature application's REST API (base: legacy-sim/base/rest):
 *   GET  /api/ping
 *   GET  /api/tte?no_referensi=a,b       signatures by the caller's own reference (status 14 when none)
 *   GET  /api/tte/:id_ttd                one signature
 *   POST /api/tte                        sign {jenis_dokumen, no_dokumen, hash_dokumen, no_referensi}; 51 if the reference exists
 *   POST /api/tte/:id_ttd/cabut          revoke {alasan}; 51 if already revoked
 *   GET  /api/verifikasi?qr=<payload>    verify a QR code's payload (14 when well signed but unknown)
 */
const MAX_KEYS = 500;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const JENIS = /^[A-Z][A-Z_]{1,19}$/;
const HASH = /^[0-9a-fA-F]{64}$/;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

function fieldsOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
  return body as Record<string, unknown>;
}

export interface TteApiOptions {
  signer: Signer;
  keys: { active: SigningKey; byId: Map<string, SigningKey> };
}

export function tteRoutes(db: Knex, options: TteApiOptions): RestRoute[] {
  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'TTE DISDUKCAPIL', waktu: legacyDateTime(localDateTimeIn(TTE_TIME_ZONE)) }) },
    {
      method: 'GET',
      path: '/api/tte',
      handle: async ({ query }) => {
        const references = keyList(query, 'no_referensi', REFERENCE, MAX_KEYS);
        if (references.length === 0) throw permintaanTidakValid('NO_REFERENSI WAJIB DIISI');
        const rows = await signaturesByReference(db, references);
        return rows.length === 0 ? tidakDitemukan() : sukses(rows.map(ttdJson));
      },
    },
    {
      method: 'GET',
      path: '/api/tte/:id_ttd',
      handle: async ({ params }) => {
        const row = await signatureById(db, params.id_ttd ?? '');
        return row ? sukses(ttdJson(row)) : tidakDitemukan();
      },
    },
    {
      method: 'POST',
      path: '/api/tte',
      handle: async ({ body }) => {
        const fields = fieldsOf(body);
        const jenis = text(fields, 'jenis_dokumen')?.toUpperCase();
        const no = text(fields, 'no_dokumen');
        const hash = text(fields, 'hash_dokumen');
        const referensi = text(fields, 'no_referensi');
        if (!jenis || !JENIS.test(jenis)) throw permintaanTidakValid('JENIS_DOKUMEN TIDAK VALID');
        if (!no || no.length > 60) throw permintaanTidakValid('NO_DOKUMEN TIDAK VALID');
        if (!hash || !HASH.test(hash)) throw permintaanTidakValid('HASH_DOKUMEN HARUS SHA-256 (64 HEKSADESIMAL)');
        if (!referensi || !REFERENCE.test(referensi)) throw permintaanTidakValid('NO_REFERENSI TIDAK VALID');
        try {
          return sukses(ttdJson(await signDocument(db, { jenis, no, hash: hash.toLowerCase(), referensi }, options.signer, options.keys.active)));
        } catch (error) {
          if (error instanceof DuplicateReference) return gagal(STATUS.DATA_SUDAH_ADA, 'NO REFERENSI SUDAH TERDAFTAR');
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/tte/:id_ttd/cabut',
      handle: async ({ params, body }) => {
        const alasan = text(fieldsOf(body), 'alasan');
        if (!alasan || alasan.length > 120) throw permintaanTidakValid('ALASAN WAJIB DIISI (MAKS 120)');
        try {
          const row = await revokeSignature(db, params.id_ttd ?? '', alasan);
          return row ? sukses(ttdJson(row)) : tidakDitemukan();
        } catch (error) {
          if (error instanceof AlreadyRevoked) return gagal(STATUS.DATA_SUDAH_ADA, 'TANDA TANGAN SUDAH DICABUT');
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/api/verifikasi',
      handle: async ({ query }) => {
        const payload = query.get('qr')?.trim();
        if (!payload || payload.length > 2_000) throw permintaanTidakValid('QR WAJIB DIISI');
        const result = await verifyPayload(db, payload, options.keys.byId);
        if (result.outcome === 'UNKNOWN') return tidakDitemukan('TANDA TANGAN TIDAK DIKENAL');
        if (result.outcome === 'TAMPERED') return sukses(verifikasiJson(false, false, 'TANDA TANGAN TIDAK SAH / DOKUMEN TELAH DIUBAH'));
        const { row, newest } = result;
        if (row.status === STATUS_TTD.DICABUT) return sukses(verifikasiJson(true, false, `TANDA TANGAN DICABUT: ${row.alasan_cabut ?? ''}`.trim(), row));
        if (!newest) return sukses(verifikasiJson(true, false, 'DOKUMEN TELAH DITANDATANGANI ULANG (VERSI LAMA)', row));
        return sukses(verifikasiJson(true, true, 'TANDA TANGAN SAH DAN BERLAKU', row));
      },
    },
  ];
}
