import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import { requireNik } from '@core/validation';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { ApplicationSubmission } from '../port';
import { PERMOHONAN_COLUMNS, registrationPrefix, serviceCodes, type PermohonanRow } from './mapping';

/**
 * Writing an online application as the portal's own form does: a numbered row in `permohonan`
 * (status 1, diajukan), its uploads in `permohonan_lampiran`, and the status page's log row. The
 * adapter has no transaction across statements, so every step is safe to repeat: the row is
 * inserted unless the client reference is there (and takes the next registration number of the
 * day in the same statement), attachments are inserted ignoring those there already, and the log
 * row is written unless the submission is logged. A retry after a failure half-way completes the
 * rest and writes nothing twice; until then the timeline still shows the submission (mapping.ts).
 */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const ARCHIVE_ID = /^ARS-\d{8}-[0-9A-F]{8}$/;
const DOCUMENT_TYPE = /^[A-Z0-9_]{1,30}$/;
const PHONE = /^\+?[0-9][0-9 -]{5,18}$/;
const MAX_ATTACHMENTS = 20;

function validate(s: ApplicationSubmission): void {
  const bad = (argument: string, message: string) => badUserInput(argument, 'INVALID', message);
  if (!REFERENCE.test(s.clientReference)) throw bad('clientReference', 'clientReference must be 1-64 letters, digits or / _ . : -');
  requireNik(s.applicantNik, 'applicantNik');
  if (s.phone !== undefined && !PHONE.test(s.phone.trim())) throw bad('phone', 'phone must be 6-19 digits.');
  if ((s.note?.length ?? 0) > 255) throw bad('note', 'note must be at most 255 characters.');
  if (s.attachments.length > MAX_ATTACHMENTS) throw bad('attachments', `at most ${MAX_ATTACHMENTS} attachments.`);
  for (const a of s.attachments) {
    if (!ARCHIVE_ID.test(a.archiveId.trim().toUpperCase())) throw bad('attachments', 'archiveId must be an archive id like ARS-20260105-0A1B2C3D.');
    if (!DOCUMENT_TYPE.test(a.documentType.trim().toUpperCase())) throw bad('attachments', 'documentType must be 1-30 letters, digits or _.');
    if ((a.fileName?.length ?? 0) > 120) throw bad('attachments', 'fileName must be at most 120 characters.');
  }
}

export async function writeSubmission(
  sql: SqlLegacyClient,
  site: { regencyCode: string; timeZone: string },
  submission: ApplicationSubmission,
  deadline: Deadline,
): Promise<{ reference: string; created: boolean }> {
  validate(submission);
  const codes = serviceCodes([submission.serviceKind]);
  const offered = codes.length === 0 ? [] : await sql.query<{ id_layanan: number; kode: string }>(sql.db('ref_layanan').select('id_layanan', 'kode').whereIn('kode', codes).where('aktif', 1), deadline);
  // The kind's first code is the default form (a lost card for a replacement).
  const service = codes.map((c) => offered.find((o) => o.kode === c)).find((o) => o !== undefined);
  if (!service) throw badUserInput('serviceKind', 'SERVICE_NOT_OFFERED', 'The online portal does not offer this service.');

  const stamp = localDateTimeIn(site.timeZone);
  const reference = submission.clientReference;
  const outcome = await registerDeedOnce<PermohonanRow & Record<string, unknown>>(
    sql,
    {
      table: 'permohonan',
      numberColumn: 'no_registrasi',
      numberPrefix: registrationPrefix(site.regencyCode, stamp.slice(0, 10)),
      referenceColumn: 'ref_klien',
      reference,
      // One application per reference: the reference is also the "person" the base checks.
      personColumn: 'ref_klien',
      person: reference,
      values: {
        nik_pemohon: submission.applicantNik, id_layanan: service.id_layanan, status: 1, antar_ojol: submission.courierDelivery ? 1 : 0,
        no_hp: submission.phone?.trim() || null, catatan: submission.note?.trim() || null, tgl_dibuat: stamp, tgl_pengajuan: stamp, tgl_update: stamp, ref_klien: reference,
      },
    },
    (query) => query.select(PERMOHONAN_COLUMNS.map((c) => `D.${c}`)),
    deadline,
  );
  const row = outcome.row;
  if (row.nik_pemohon !== submission.applicantNik || Number(row.id_layanan) !== Number(service.id_layanan)) {
    throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another application.', { argument: 'clientReference', reason: 'REFERENCE_IN_USE' });
  }
  const id = Number(row.id_permohonan);
  if (submission.attachments.length > 0) {
    await sql.execute(
      sql.db('permohonan_lampiran')
        .insert(submission.attachments.map((a) => ({ id_permohonan: id, jenis_dokumen: a.documentType.trim().toUpperCase(), id_arsip: a.archiveId.trim().toUpperCase(), nama_file: a.fileName?.trim() || null, tgl_unggah: stamp })))
        .onConflict(['id_permohonan', 'id_arsip'])
        .ignore(),
      deadline,
    );
  }
  await sql.execute(
    sql.db.raw(
      'INSERT INTO permohonan_log (id_permohonan, status_lama, status_baru, keterangan, petugas, tgl_log) SELECT ?, 0, 1, ?, NULL, ? FROM (SELECT 1 AS one) s '
        + 'WHERE NOT EXISTS (SELECT 1 FROM permohonan_log WHERE id_permohonan = ? AND status_baru = 1)',
      [id, 'Permohonan diajukan', String(row.tgl_pengajuan ?? stamp), id],
    ),
    deadline,
  );
  return { reference, created: outcome.kind === 'created' };
}
