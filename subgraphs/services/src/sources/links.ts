/**
 * How a request names the one it came from, in the application's own reference column: the
 * kecamatan request made at an appointment's check-in carries `GB-ANTRIAN-<antrian's id>`, so the
 * link is kept by the application itself, for good, and read back with the request.
 */
const APPOINTMENT_REFERENCE = /^GB-ANTRIAN-(\d{1,10})$/;

export const appointmentReference = (antrianId: string): string => `GB-ANTRIAN-${antrianId}`;

export const appointmentOfReference = (reference: string | null): string | undefined => (reference ? APPOINTMENT_REFERENCE.exec(reference)?.[1] : undefined);
