import type { AntrianPort, Appointment } from '@adapters/antrian';
import type { Deadline } from '@core/deadline';
import type { RequestSource, ServiceRequestRecord } from './source';

/**
 * antrian (#15) as a request source: appointments booked online for an office (the Dinas or a
 * kecamatan) and tickets taken there. A booking is a request of its own (SUBMITTED when booked,
 * IN_PROCESS once checked in, COMPLETED when served); the counter request made at check-in links
 * back to it (appointments.ts).
 */
export const ANTRIAN = 'antrian';

export function fromAppointment(a: Appointment): ServiceRequestRecord {
  return {
    app: ANTRIAN,
    localId: a.id,
    service: a.serviceKind,
    serviceName: null,
    // A booking the app cannot place is still the resident's: shown at the Dinas, offline.
    channel: a.channel ?? 'OFFLINE',
    servicePoint: a.servicePoint ?? { kind: 'DINAS', id: null },
    applicantNik: a.applicantNik,
    otherNiks: [],
    familyNumber: null,
    status: a.status,
    timeline: a.timeline.map(({ status, at, note, by }) => ({ status, at, note, by })),
    submittedAt: a.submittedAt,
    // What the resident shows at the office: the ticket and the visit day.
    registrationNumber: a.visitDate ? `${a.ticket} ${a.visitDate}` : a.ticket,
    producedDocuments: [],
    rejectionReason: null,
  };
}

/** The feed's end, read once when the poller first meets antrian (the app has no "latest" call). */
async function endOfFeed(port: AntrianPort, deadline: Deadline): Promise<string> {
  let cursor: string | null = null;
  for (let round = 0; round < 1_000; round++) {
    const page = await port.changesSince(cursor, 500, deadline);
    if (page.cursor === cursor || page.changes.length === 0) return page.cursor;
    cursor = page.cursor;
  }
  return cursor ?? '';
}

export function antrianSource(port: AntrianPort): RequestSource {
  return {
    app: ANTRIAN,
    // The queue is worked in antrian's own screen, and its list cannot tell a booking made online
    // from a ticket taken at the office: bookings are left out of the officers' worklists and
    // counts (which filter by channel) rather than shown under a channel they may not have. They
    // are found by id, among the resident's requests, from the counter request made at check-in,
    // and in the event flow.
    couldMatch: () => false,
    async byIds(ids, d) {
      const found = await port.appointmentsById(ids, d);
      return new Map([...found].map(([k, a]) => [k, fromAppointment(a)]));
    },
    async byApplicants(niks, d) {
      const found = await port.appointmentsOf(niks, d);
      // The port gives oldest first; sources answer newest first.
      return new Map([...found].map(([k, list]) => [k, list.map(fromAppointment).reverse()]));
    },
    // Not asked (couldMatch is false): nothing of antrian is counted in the overview.
    counts: async () => [],
    async changesSince(cursor, limit, d) {
      // '' stands for "from the start" (the cursor store keeps strings).
      const page = await port.changesSince(cursor || null, Math.min(limit, 500), d);
      return {
        cursor: page.cursor,
        changes: page.changes.map((c) => ({ changeId: c.cursor, localId: c.appointmentId, applicantNik: c.applicantNik, service: c.serviceKind, change: { status: c.change.status, at: c.change.at, note: c.change.note, by: c.change.by } })),
      };
    },
    latestCursor: (d) => endOfFeed(port, d),
    ping: (d) => port.ping(d),
  };
}
