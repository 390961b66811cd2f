import type { Deadline } from '@core/deadline';
import type { RestLegacyClient } from '../../base/rest/client';
import type { DigitalId, IkdPort } from '../port';
import { digitalIdsByNik, type IkdRecord } from './mapping';

/**
 * The IKD application through its REST API. The batch lookup is a POST with the NIKs in the body
 * (a search: safe to send again, so it is retried like a read); up to 500 NIKs per call, one call
 * per slice beyond that. The application is rate-limited per key: a call answered 429 waits the
 * Retry-After it was given and is tried again, but only while the request's deadline still covers
 * the wait and an attempt (the resilience layer, ../../base/resilience); otherwise it is
 * LEGACY_UNAVAILABLE with reason RATE_LIMITED at once. Rate limits do not open the breaker.
 */
const MAX_NIKS = 500;

export class IkdRestAdapter implements IkdPort {
  constructor(private readonly rest: RestLegacyClient) {}

  async digitalIdsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DigitalId>> {
    const unique = [...new Set(niks)];
    const result = new Map<string, DigitalId>();
    for (let i = 0; i < unique.length; i += MAX_NIKS) {
      const answer = await this.rest.call<IkdRecord[]>({ method: 'POST', path: '/api/ikd/cek-status', body: { nik: unique.slice(i, i + MAX_NIKS) }, safe: true }, deadline);
      for (const [nik, id] of digitalIdsByNik(answer.data ?? [])) result.set(nik, id);
    }
    return result;
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }
}
