import type { Knex } from 'knex';
import { badUserInput } from '@core/errors';
import type { ApplicationFilter } from '../port';
import { nextDay, serviceCodes, statusCodes } from './mapping';

/** The worklist's and the counts' filters, in the portal's codes. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(value: string | undefined, argument: string): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    throw badUserInput(argument, 'INVALID_DATE', `${argument} must be an ISO date (YYYY-MM-DD).`);
  }
}

/**
 * True when the filter cannot match any portal application (another service point, the offline
 * channel, only statuses or services the portal does not have): the answer is empty without asking.
 * Checks the dates first, so bad input is an error whatever else is asked.
 */
export function filtersMatchNothing(filter: ApplicationFilter): boolean {
  checkDate(filter.submittedFrom, 'submittedFrom');
  checkDate(filter.submittedTo, 'submittedTo');
  if (filter.servicePoint && filter.servicePoint.kind !== 'ONLINE_PORTAL') return true;
  if (filter.channel === 'OFFLINE') return true;
  if (filter.statuses?.length && statusCodes(filter.statuses).length === 0) return true;
  if (filter.serviceKinds?.length && serviceCodes(filter.serviceKinds).length === 0) return true;
  return false;
}

/** Adds the filter's conditions on `permohonan` aliased P (services through a subquery on ref_layanan). */
export function applyFilter(db: Knex, query: Knex.QueryBuilder, filter: ApplicationFilter): Knex.QueryBuilder {
  if (filter.statuses?.length) query.whereIn('P.status', statusCodes(filter.statuses));
  if (filter.serviceKinds?.length) query.whereIn('P.id_layanan', db('ref_layanan').select('id_layanan').whereIn('kode', serviceCodes(filter.serviceKinds)));
  if (filter.channel) query.where('P.antar_ojol', filter.channel === 'OJOL' ? 1 : 0);
  if (filter.submittedFrom) query.where('P.tgl_pengajuan', '>=', `${filter.submittedFrom} 00:00:00`);
  if (filter.submittedTo) query.where('P.tgl_pengajuan', '<', `${nextDay(filter.submittedTo)} 00:00:00`);
  return query;
}
