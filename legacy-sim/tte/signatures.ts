import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { keyFromPem, readQr, signQr, type QrClaims, type SigningKey } from './keys';
import { KUNCI_TABLE, STATUS_TTD, TTD_TABLE } from './schema';

/**
 * What the signature application does to its tables, for its API (./api.ts) and its officers'
 * screen (./back-office.ts) alike.
 */
export const TTE_TIME_ZONE = 'Asia/Jakarta';

export interface TtdRow {
  id_ttd: string;
  jenis_dokumen: string;
  no_dokumen: string;
  hash_dokumen: string;
  nama_penandatangan: string;
  nip_penandatangan: string;
  jabatan_penandatangan: string;
  tgl_ttd: string;
  id_kunci: string;
  qr_payload: string;
  status: string;
  tgl_cabut: string | null;
  alasan_cabut: string | null;
  no_referensi: string | null;
}

/** The official whose name goes on what the application signs (one per office). */
export interface Signer {
  nama: string;
  nip: string;
  jabatan: string;
}

export const DEFAULT_SIGNER: Signer = { nama: 'Drs. H. AHMAD SUBAGJA, M.Si', nip: '197203151998031004', jabatan: 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL' };

/** Signature ids as the application makes them: TTE-<yyyymmdd>-<8 hex>. */
export function signatureId(isoDay: string, hex: string): string {
  return `TTE-${isoDay.replace(/-/g, '')}-${hex.toUpperCase()}`;
}

export function rowFor(doc: { jenis: string; no: string; hash: string; referensi: string | null }, signer: Signer, key: SigningKey, stamp: string, id: string): TtdRow {
  const claims: QrClaims = { id, jenis: doc.jenis, no: doc.no, hash: doc.hash, tgl: stamp, kid: key.id };
  return {
    id_ttd: id,
    jenis_dokumen: doc.jenis,
    no_dokumen: doc.no,
    hash_dokumen: doc.hash,
    nama_penandatangan: signer.nama,
    nip_penandatangan: signer.nip,
    jabatan_penandatangan: signer.jabatan,
    tgl_ttd: stamp,
    id_kunci: key.id,
    qr_payload: signQr(claims, key),
    status: STATUS_TTD.AKTIF,
    tgl_cabut: null,
    alasan_cabut: null,
    no_referensi: doc.referensi,
  };
}

/** The application's keys, loaded once per server (they only change with a re-seed). */
export async function loadKeys(db: Knex): Promise<{ active: SigningKey; byId: Map<string, SigningKey> }> {
  const rows = (await db(KUNCI_TABLE).select('id_kunci', 'kunci_privat', 'aktif')) as Array<{ id_kunci: string; kunci_privat: string; aktif: string }>;
  const byId = new Map(rows.map((r) => [r.id_kunci, keyFromPem(r.id_kunci, r.kunci_privat)]));
  const activeRow = rows.find((r) => r.aktif === 'Y');
  if (!activeRow) throw new Error(`${KUNCI_TABLE}: no active key`);
  return { active: byId.get(activeRow.id_kunci)!, byId };
}

export async function signatureById(db: Knex, id: string): Promise<TtdRow | undefined> {
  return (await db(TTD_TABLE).where({ id_ttd: id }).first()) as TtdRow | undefined;
}

export async function signaturesByReference(db: Knex, references: readonly string[]): Promise<TtdRow[]> {
  return (await db(TTD_TABLE).whereIn('no_referensi', [...references]).orderBy('id_ttd')) as TtdRow[];
}

export async function signaturesOfDocument(db: Knex, jenis: string, no: string): Promise<TtdRow[]> {
  return (await db(TTD_TABLE).where({ jenis_dokumen: jenis, no_dokumen: no }).orderBy([{ column: 'tgl_ttd' }, { column: 'id_ttd' }])) as TtdRow[];
}

export class DuplicateReference extends Error {}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export interface NewSignature {
  jenis: string;
  no: string;
  hash: string;
  referensi: string;
}

/** Signs a document once per reference: a second request with the same reference is refused. */
export async function signDocument(db: Knex, doc: NewSignature, signer: Signer, key: SigningKey, now = new Date()): Promise<TtdRow> {
  const stamp = localDateTimeIn(TTE_TIME_ZONE, now);
  const row = rowFor(doc, signer, key, stamp, signatureId(stamp.slice(0, 10), randomBytes(4).toString('hex')));
  try {
    await db.transaction(async (trx) => {
      if (await trx(TTD_TABLE).where({ no_referensi: doc.referensi }).first()) throw new DuplicateReference(doc.referensi);
      await trx(TTD_TABLE).insert(row);
    });
  } catch (error) {
    if (isUniqueViolation(error) && (await db(TTD_TABLE).where({ no_referensi: doc.referensi }).first())) throw new DuplicateReference(doc.referensi);
    throw error;
  }
  return row;
}

export class AlreadyRevoked extends Error {}

export async function revokeSignature(db: Knex, id: string, alasan: string, now = new Date()): Promise<TtdRow | undefined> {
  const row = await signatureById(db, id);
  if (!row) return undefined;
  if (row.status === STATUS_TTD.DICABUT) throw new AlreadyRevoked(id);
  await db(TTD_TABLE).where({ id_ttd: id, status: STATUS_TTD.AKTIF }).update({ status: STATUS_TTD.DICABUT, tgl_cabut: localDateTimeIn(TTE_TIME_ZONE, now), alasan_cabut: alasan.toUpperCase() });
  return signatureById(db, id);
}

export type Verification =
  | { outcome: 'TAMPERED' }
  | { outcome: 'UNKNOWN' }
  | { outcome: 'SIGNED'; row: TtdRow; newest: boolean };

/**
 * Reads a QR payload: its signature must check with the application's key, and its claims must
 * match the stored signature (the hash above all); then whether the document was signed again
 * since (a newer, unrevoked signature of the same document supersedes this one).
 */
export async function verifyPayload(db: Knex, payload: string, keys: Map<string, SigningKey>): Promise<Verification> {
  const claims = readQr(payload, (kid) => keys.get(kid));
  if (!claims) return { outcome: 'TAMPERED' };
  const row = await signatureById(db, claims.id);
  if (!row) return { outcome: 'UNKNOWN' };
  if (row.hash_dokumen !== claims.hash || row.no_dokumen !== claims.no || row.jenis_dokumen !== claims.jenis) return { outcome: 'TAMPERED' };
  const all = await signaturesOfDocument(db, row.jenis_dokumen, row.no_dokumen);
  const newer = all.filter((r) => r.status === STATUS_TTD.AKTIF && (r.tgl_ttd > row.tgl_ttd || (r.tgl_ttd === row.tgl_ttd && r.id_ttd > row.id_ttd)));
  return { outcome: 'SIGNED', row, newest: newer.length === 0 };
}
