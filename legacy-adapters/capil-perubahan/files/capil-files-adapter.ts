import type { Deadline } from '@core/deadline';
import type { FileDropClient } from '../../base/files/file-drop-client';
import type { Annotation, CapilPerubahanPort, ChangeRequest, ChangeRequestOutcome } from '../port';
import { EXPORT_FILE, REQUEST_FIELDS, exportProblem, requestFileName, requestIdFor, resultFileName, toAnnotation, toOutcome, toRequestLine } from './mapping';

/**
 * capil-perubahan over its file protocol:
 * - annotations of many NIKs: one read of the register export the app publishes after each batch
 *   run (REKAP_CATATAN.TXT in its outbox), indexed by NIK. As fresh as the app's last run.
 * - a change request: one request file per reference (PERUBAHAN_<id>.CSV), dropped atomically after
 *   looking whether that reference was dropped or answered already (check before writing again).
 * - outcomes: one listing of the outbox, then the result file of each answered reference; the
 *   inbox and archive are listed only for references not answered yet (PENDING or never seen).
 */
export class CapilFilesAdapter implements CapilPerubahanPort {
  constructor(private readonly client: FileDropClient) {}

  async annotationsByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, Annotation[]>> {
    const wanted = new Set(niks);
    const found = new Map<string, Annotation[]>();
    if (wanted.size === 0) return found;
    const parsed = await this.client.read('outbox', EXPORT_FILE, deadline);
    // No export yet means the app has never run its batch: nothing we could answer from.
    if (!parsed) throw this.client.unreadable('register export missing');
    const problem = exportProblem(parsed);
    if (problem) throw this.client.unreadable(problem);
    for (const record of parsed.records) {
      const annotation = toAnnotation(record);
      if (!wanted.has(annotation.nik)) continue;
      const list = found.get(annotation.nik) ?? [];
      list.push(annotation);
      found.set(annotation.nik, list);
    }
    return found;
  }

  async submitChangeRequest(request: ChangeRequest, deadline: Deadline): Promise<ChangeRequestOutcome> {
    const requestId = requestIdFor(request.reference);
    // Built first: input the format cannot carry is refused before anything touches the app.
    const line = toRequestLine(request, requestId);
    const state = await this.client.locate(requestFileName(requestId), resultFileName(requestId), deadline);
    if (state === 'ANSWERED') {
      const outcome = await this.outcomeOf(request.reference, deadline);
      if (outcome) return outcome;
    }
    if (state === 'ABSENT') await this.client.drop(requestFileName(requestId), [[...REQUEST_FIELDS], line], deadline);
    return { reference: request.reference, state: 'PENDING' };
  }

  async changeRequestOutcomes(references: readonly string[], deadline: Deadline): Promise<Map<string, ChangeRequestOutcome>> {
    const outcomes = new Map<string, ChangeRequestOutcome>();
    if (references.length === 0) return outcomes;
    const answered = new Set(await this.client.list('outbox', deadline));
    const unanswered: string[] = [];
    for (const reference of new Set(references)) {
      const outcome = answered.has(resultFileName(requestIdFor(reference))) ? await this.outcomeOf(reference, deadline) : undefined;
      if (outcome) outcomes.set(reference, outcome);
      else unanswered.push(reference);
    }
    if (unanswered.length > 0) {
      const waiting = new Set([...(await this.client.list('inbox', deadline)), ...(await this.client.list('archive', deadline))]);
      for (const reference of unanswered) {
        if (waiting.has(requestFileName(requestIdFor(reference)))) outcomes.set(reference, { reference, state: 'PENDING' });
      }
    }
    return outcomes;
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.client.ping(deadline);
  }

  private async outcomeOf(reference: string, deadline: Deadline): Promise<ChangeRequestOutcome | undefined> {
    const requestId = requestIdFor(reference);
    const parsed = await this.client.read('outbox', resultFileName(requestId), deadline);
    const record = parsed?.records.find((r) => r.ID_PERMOHONAN === requestId);
    return record ? toOutcome(reference, record) : undefined;
  }
}
