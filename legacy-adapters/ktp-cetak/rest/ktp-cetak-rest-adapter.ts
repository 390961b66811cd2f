import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { faultOf } from '../../base/resilience';
import type { CardPrintJob, KtpCetakPort, PrintQueuePage, PrintQueueQuery, PrintRequest } from '../port';
import { encodeReason, encodeStatus, groupByNik, toCardPrintJob, type CetakRecord } from './mapping';

/**
 * The print queue through its REST API. One call per port method whatever the number of keys
 * (GET /api/cetak?nik=a,b,c); the application answers a batch with no jobs as status 14.
 *
 * Writes are made safe to ask again with the requester's reference (no_permohonan), which the
 * application keeps unique: the adapter looks it up before queueing; the application refuses a
 * reference it knows (status 51), and then the adapter answers the job already queued. A POST that
 * timed out may have been queued all the same: the adapter looks once more, if time is left.
 */
const DUPLICATE_REFERENCE = '51';

function conflict(): GerbangError {
  return new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for a print request for another resident.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
}

export class KtpCetakRestAdapter implements KtpCetakPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async printJobsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, CardPrintJob[]>> {
    if (niks.length === 0) return new Map();
    const records = await this.rest.get<CetakRecord[]>('/api/cetak', { nik: [...new Set(niks)] }, deadline);
    return groupByNik(records ?? []);
  }

  async printJob(jobNumber: string, deadline: Deadline): Promise<CardPrintJob | null> {
    const record = await this.rest.get<CetakRecord>(`/api/cetak/${encodeURIComponent(jobNumber)}`, {}, deadline);
    return record ? toCardPrintJob(record) : null;
  }

  async requestPrint(request: PrintRequest, deadline: Deadline): Promise<CardPrintJob> {
    const known = await this.byReference(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<CetakRecord>('/api/cetak', {
        nik: request.nik,
        no_permohonan: request.reference,
        alasan: encodeReason(request.reason),
        lokasi_ambil: request.pickupPlace,
      }, deadline, [DUPLICATE_REFERENCE]);
    } catch (error) {
      // No answer (timed out, connection cut): it may have been queued. Look, if time allows.
      const unanswered = error instanceof GerbangError && (error.code === ErrorCode.LEGACY_TIMEOUT || (error.code === ErrorCode.LEGACY_UNAVAILABLE && faultOf(error)?.legacyStatus === undefined && faultOf(error)?.httpStatus === undefined));
      if (!unanswered || cancellationOf(deadline)) throw error;
      const landed = await this.byReference(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === DUPLICATE_REFERENCE || !answer.data) {
      // Queued meanwhile by another try with the same reference.
      const existing = await this.byReference(request, deadline);
      if (existing) return existing;
      throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The ktp-cetak application is not available right now; try again later.', { app: 'ktp-cetak', retryable: true });
    }
    return toCardPrintJob(answer.data);
  }

  async printQueue(query: PrintQueueQuery, deadline: Deadline): Promise<PrintQueuePage> {
    const page = await this.rest.getPage<CetakRecord>('/api/daftar-cetak', { status: query.status && encodeStatus(query.status) }, { halaman: query.page, perHalaman: query.perPage }, deadline);
    return { jobs: page.items.map(toCardPrintJob), total: page.total, hasNextPage: page.hasNextPage };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  /** The job already queued under this reference; CONFLICT when it is another resident's. */
  private async byReference(request: PrintRequest, deadline: Deadline): Promise<CardPrintJob | undefined> {
    const records = await this.rest.get<CetakRecord[]>('/api/cetak', { no_permohonan: request.reference }, deadline);
    const job = records?.map(toCardPrintJob)[0];
    if (job && job.nik !== request.nik) throw conflict();
    return job;
  }
}
