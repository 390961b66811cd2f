/**
 * The digital ID (IKD, Identitas Kependudukan Digital) port: whether a resident's digital ID is
 * activated, in domain terms. Read-only: activation happens in the resident's phone app and at an
 * office's verification desk, not through Gerbang. Served by the REST adapter (./rest).
 *
 * Batch methods take many keys and return a Map (one call to the application per batch of up to
 * its limit); NIKs the register does not know (never opened the app) are absent. Every method
 * takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

/** NOT_ACTIVATED: registered in the app but never finished; PENDING_VERIFICATION: waiting for an officer. */
export type DigitalIdState = 'NOT_ACTIVATED' | 'PENDING_VERIFICATION' | 'ACTIVE' | 'SUSPENDED';
export type DevicePlatform = 'ANDROID' | 'IOS' | 'OTHER';

export interface DigitalId {
  nik: string;
  /** null when the application holds a state this port does not know. */
  state: DigitalIdState | null;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone) the resident registered in the app. */
  registeredAt: string | null;
  /** ISO local date-time it was activated (verified), once it has been. */
  activatedAt: string | null;
  /** The phone's platform, null when the application did not record it. */
  platform: DevicePlatform | null;
  /** Why a SUSPENDED digital ID was suspended, as the office wrote it. */
  suspensionNote: string | null;
}

export interface IkdPort {
  digitalIdsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DigitalId>>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
