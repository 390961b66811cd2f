import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { BatchFiling } from '../port';
import { batchPrefix, kindCode, toAppDate } from './mapping';
import { NOTE_WIDTH, noteWithNewborn } from './newborn';

/**
 * Filing a batch as the kelurahan screen does: the numbered batch row, its items (the app's check
 * rejects malformed ones on arrival, with a reason, and lets the others through), and each item's
 * first history row. No transaction spans the statements, so each is safe to repeat: the batch is
 * inserted unless its reference is there, items ignoring those there already, history rows only
 * for items without one. The adapter checks only what would break the statement (sizes); whether
 * an item is well-formed is the app's to say.
 */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const KELURAHAN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const MAX_ITEMS = 200;

function validate(f: BatchFiling): void {
  const bad = (argument: string, message: string) => badUserInput(argument, 'INVALID', message);
  if (!REFERENCE.test(f.clientReference)) throw bad('clientReference', 'clientReference must be 1-64 letters, digits or / _ . : -');
  if (!KELURAHAN.test(f.kelurahanCode)) throw bad('kelurahanCode', 'kelurahanCode must look like 36.74.01.1001.');
  if (!/^[A-Za-z0-9._-]{1,30}$/.test(f.operator)) throw bad('operator', 'operator must be a user name of 1-30 letters or digits.');
  if (f.items.length === 0 || f.items.length > MAX_ITEMS) throw bad('items', `a batch has 1-${MAX_ITEMS} items.`);
  for (const item of f.items) {
    const tooLong = [[item.applicantNik, 20], [item.subjectNik, 20], [item.familyNumber, 20], [item.eventDate, 20], [item.subjectName, 80], [item.note, 255]] as const;
    if (tooLong.some(([value, max]) => (value?.length ?? 0) > max)) throw bad('items', 'an item has a field longer than Sirena keeps (NIK/KK/date 20, name 80, note 255).');
    if ((noteWithNewborn(item.note, item.newborn)?.length ?? 0) > NOTE_WIDTH) throw bad('items', `an item's note with the newborn's details is longer than Sirena keeps (${NOTE_WIDTH}).`);
  }
}

export async function writeBatch(sql: SqlLegacyClient, timeZone: string, filing: BatchFiling, deadline: Deadline): Promise<{ batchId: number; created: boolean }> {
  validate(filing);
  const stamp = localDateTimeIn(timeZone);
  const [prop, kab, kec, kel] = filing.kelurahanCode.split('.').map(Number);
  const reference = filing.clientReference;
  const outcome = await registerDeedOnce<{ ID_BATCH: number; NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number; JML_ITEM: number; REF_GERBANG: string } & Record<string, unknown>>(
    sql,
    {
      table: 'SIRENA_BATCH', numberColumn: 'NO_BATCH', numberPrefix: batchPrefix(filing.kelurahanCode, stamp.slice(0, 10)),
      referenceColumn: 'REF_GERBANG', reference, personColumn: 'REF_GERBANG', person: reference,
      values: { NO_PROP: prop!, NO_KAB: kab!, NO_KEC: kec!, NO_KEL: kel!, PETUGAS_KEL: filing.operator, TGL_KIRIM: stamp, JML_ITEM: filing.items.length, KETERANGAN: null, REF_GERBANG: reference },
    },
    (query) => query.select('D.ID_BATCH', 'D.NO_PROP', 'D.NO_KAB', 'D.NO_KEC', 'D.NO_KEL', 'D.JML_ITEM', 'D.REF_GERBANG', 'D.TGL_KIRIM'),
    deadline,
  );
  const row = outcome.row;
  if ([row.NO_PROP, row.NO_KAB, row.NO_KEC, row.NO_KEL].map(Number).join('.') !== [prop, kab, kec, kel].join('.') || Number(row.JML_ITEM) !== filing.items.length) {
    throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another batch.', { argument: 'clientReference', reason: 'REFERENCE_IN_USE' });
  }
  const batchId = Number(row.ID_BATCH);
  const sentAt = String(row.TGL_KIRIM ?? stamp);
  await sql.execute(
    sql.db('SIRENA_ITEM')
      .insert(filing.items.map((item, i) => ({
        ID_BATCH: batchId, NO_URUT: i + 1, JENIS_BERKAS: kindCode(item.serviceKind) ?? null, NIK_PEMOHON: item.applicantNik.trim(), NIK_SUBJEK: item.subjectNik?.trim() || null,
        NO_KK: item.familyNumber?.trim() || null, NAMA_SUBJEK: item.subjectName?.replace(/\s+/g, ' ').trim().toUpperCase() || null, TGL_PERISTIWA: toAppDate(item.eventDate),
        KETERANGAN: noteWithNewborn(item.note, item.newborn), STATUS: 'K', ALASAN_TOLAK: null, TGL_STATUS: sentAt, PETUGAS: null,
      })))
      .onConflict(['ID_BATCH', 'NO_URUT'])
      .ignore(),
    deadline,
  );
  // Each item's first history row: sent (K) by the operator, or rejected (T) by the app's check.
  await sql.execute(
    sql.db.raw(
      'INSERT INTO SIRENA_RIWAYAT (ID_ITEM, STATUS, CATATAN, PETUGAS, TGL) SELECT I.ID_ITEM, I.STATUS, I.ALASAN_TOLAK, CASE WHEN I.STATUS = ? THEN NULL ELSE ? END, ? FROM SIRENA_ITEM I '
        + 'WHERE I.ID_BATCH = ? AND NOT EXISTS (SELECT 1 FROM SIRENA_RIWAYAT R WHERE R.ID_ITEM = I.ID_ITEM)',
      ['T', filing.operator, sentAt, batchId],
    ),
    deadline,
  );
  return { batchId, created: outcome.kind === 'created' };
}
