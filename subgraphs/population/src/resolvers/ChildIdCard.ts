import { todayIn } from '@core/tenants';
import type { ChildIdCardResolvers } from '../generated/resolvers-types';

export const ChildIdCard: ChildIdCardResolvers = {
  // Through the row-scoped register: a child the caller may not see stays null.
  child: async (card, _args, { siak }) => await siak.residentByNik.load(card.childNik),

  // On the tenant's calendar: the card is valid through expiresOn (ISO dates compare as text).
  expired: (card, _args, { tenant }) => (card.expiresOn ? card.expiresOn < todayIn(tenant.timeZone) : null),
};
