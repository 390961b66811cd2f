import { localDateTimeIn } from '@core/tenants';
import type { PersonalDataAccessResolvers } from '../generated/resolvers-types';

/** An audit record as the API shows it (core/audit/record.ts). */
export const PersonalDataAccess: PersonalDataAccessResolvers = {
  // The trail keeps UTC instants; the API's DateTime is local time, here on the tenant's clock.
  at: (record, _args, { tenant }) => localDateTimeIn(tenant.timeZone, new Date(record.at)).replace(' ', 'T'),
  access: (record) => (record.access === 'write' ? 'WRITE' : 'READ'),
  roles: (record) => record.principal.roles,
  institution: (record) => record.principal.institution ?? null,
  accessedBy: (record) => record.principal.id ?? null,
  requestId: (record) => record.requestId,
};
