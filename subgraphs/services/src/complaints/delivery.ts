import type { NewComplaint, PengaduanPort } from '@adapters/pengaduan';
import type { OutboxDispatcher } from '@core/outbox';

/**
 * How a complaint recorded in the services outbox reaches the complaints desk. The desk keeps the
 * complaint's reference (no_referensi, unique there) and the adapter looks it up before posting
 * and again after a post that got no answer, so a redelivery never files a second complaint. The
 * desk's refusals (BAD_USER_INPUT, CONFLICT) end the delivery as FAILED; the desk being down keeps
 * the message PENDING, tried again with backoff until it is accepted.
 */
export const PENGADUAN = 'pengaduan';
export const FILE_COMPLAINT = 'fileComplaint';

/** A complaint as it waits in the outbox: the desk's own input, reference included. */
export type ComplaintFilingPayload = NewComplaint;

/** What a delivered filing keeps: the desk's ticket number. */
export interface FiledComplaint {
  ticketNumber: string;
}

export function registerComplaintHandlers(dispatcher: OutboxDispatcher, port: PengaduanPort): OutboxDispatcher {
  return dispatcher.register(PENGADUAN, FILE_COMPLAINT, async (message, deadline): Promise<FiledComplaint> => {
    const filed = await port.submitComplaint(message.payload as ComplaintFilingPayload, deadline);
    return { ticketNumber: filed.ticketNumber };
  });
}
