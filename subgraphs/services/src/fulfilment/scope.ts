import type { FulfilmentRule } from '../routing/routing';
import type { ServiceRequestRecord } from '../sources/source';
import { SIAK, addsNewborn } from './newborn-on-card';

/**
 * Whether a finished request is one its rule's register takes. A rule names a service; most
 * registers take every request of it, but SIAK's write takes only the KK changes that add a newborn
 * (the others stay with the Dinas's SIAK screen): for those the fulfilment records nothing and
 * `ServiceRequest.fulfilment` is null. One place for the consumer (what is written) and the view
 * (what is shown), so that they never disagree.
 */
export function fulfils(rule: FulfilmentRule, record: ServiceRequestRecord): boolean {
  return rule.register !== SIAK || addsNewborn(record);
}
