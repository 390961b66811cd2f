import type DataLoader from 'dataloader';
import type { AuditWriter } from '@core/audit';
import { recordAccess, foreignResidentSubjects } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { checkedListLoader, checkedLookupLoader, subjectCheck } from '@core/graphql/request-loader';
import type { MoveOutLetter, PindahKeluarPort } from '@adapters/pindah-keluar';
import type { Arrival, PindahDatangPort } from '@adapters/pindah-datang';
import type { ForeignResident, ForeignerPage, ForeignerSearch, OrangAsingPort } from '@adapters/orang-asing';
import type { MoveRows, MoveSubject } from './row-access';

/** The applications this subgraph reads. */
export interface MobilityApps {
  pindahKeluar: PindahKeluarPort;
  pindahDatang: PindahDatangPort;
  orangAsing: OrangAsingPort;
}

/**
 * Per-request loaders: one legacy call per application and query level (the ports are
 * batch-shaped), rows outside the caller's reach withheld, and everything given out written to
 * the audit trail first — fail closed (AUDIT_UNAVAILABLE) when the trail cannot take it.
 */
export interface MobilityLoaders {
  moveOutLettersByNik: DataLoader<string, MoveOutLetter[]>;
  moveOutLetterByNumber: DataLoader<string, MoveOutLetter | null>;
  arrivalsByNik: DataLoader<string, Arrival[]>;
  foreignerByPassport: DataLoader<string, ForeignResident | null>;
  /** One page of the register (one statement; not batched), rows outside the caller's region left out. */
  searchForeigners(search: ForeignerSearch, deadline: Deadline): Promise<ForeignerPage>;
  /** Audits foreign residents given out by a search. */
  auditForeigners(operation: string, foreigners: readonly ForeignResident[]): Promise<void>;
}

const MAX_BATCH = 500;

export const letterSubject = (l: MoveOutLetter): MoveSubject => ({ niks: [l.applicantNik, ...l.movers], familyCardNumber: l.familyCardNumber, regionCodes: [l.origin.regionCode, l.destination.regionCode] });
export const arrivalSubject = (a: Arrival): MoveSubject => ({ niks: a.arrivingNiks, familyCardNumber: null, regionCodes: [a.originRegionCode, a.destinationRegionCode] });

export function createMobilityLoaders(apps: MobilityApps, rows: MoveRows, audit: AuditWriter, request: RequestContext, deadline: Deadline): MobilityLoaders {
  const append = (operation: string, niks: readonly string[]): Promise<void> => recordAccess(audit, request, { operation, niks });
  const record = async (operation: string, niks: Iterable<string | null>): Promise<void> => {
    const unique = [...new Set([...niks].filter((n): n is string => !!n))];
    if (unique.length > 0) await append(operation, unique);
  };
  // Foreigners have no NIK: the trail names them by passport and SKTT number (core/audit).
  const auditForeigners = async (operation: string, foreigners: readonly ForeignResident[]): Promise<void> => {
    if (foreigners.length > 0) await append(operation, foreigners.flatMap((f) => foreignResidentSubjects(f)));
  };

  /** One legacy call for the batch; rows checked; what is given out audited under `operation`. */
  const single = <V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V>>, subject: (v: V) => MoveSubject): DataLoader<string, V | null> =>
    checkedLookupLoader(deadline, app, fetch, MAX_BATCH, subjectCheck(rows, deadline, subject, (niks) => record(`${app}.${operation}`, niks)));
  const lists = <V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V[]>>, subject: (v: V) => MoveSubject): DataLoader<string, V[]> =>
    checkedListLoader(deadline, app, fetch, MAX_BATCH, subjectCheck(rows, deadline, subject, (niks) => record(`${app}.${operation}`, niks)));

  const { pindahKeluar, pindahDatang, orangAsing } = apps;
  return {
    moveOutLettersByNik: lists('pindah-keluar', 'moveOutLettersOf', (k, d) => pindahKeluar.moveOutLettersOf(k, d), letterSubject),
    moveOutLetterByNumber: single('pindah-keluar', 'moveOutLetterByNumber', (k, d) => pindahKeluar.moveOutLetterByNumber(k, d), letterSubject),
    arrivalsByNik: lists('pindah-datang', 'arrivalsOf', (k, d) => pindahDatang.arrivalsOf(k, d), arrivalSubject),
    foreignerByPassport: checkedLookupLoader(deadline, 'orang-asing', (passports, d) => orangAsing.foreignersByPassport(passports, d), MAX_BATCH, {
      guard: () => rows.guard(),
      mayRead: async (f) => rows.mayReadForeigner(f.kelurahanCode),
      withhold: (passport) => rows.withhold(passport),
      audit: (shown) => auditForeigners('orang-asing.foreignersByPassport', shown),
    }),
    async searchForeigners(search, d) {
      rows.guard();
      throwIfCancelled(d, 'orang-asing');
      const page = await orangAsing.searchForeigners(search, d);
      // The search already runs inside the caller's region; checked again per row all the same.
      return { ...page, foreigners: page.foreigners.filter((f) => rows.mayReadForeigner(f.kelurahanCode)) };
    },
    auditForeigners,
  };
}
