import type DataLoader from 'dataloader';
import type { AuditWriter } from '@core/audit';
import { recordAccess, foreignResidentSubjects } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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

  function single<V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V>>, subject: (v: V) => MoveSubject): DataLoader<string, V | null> {
    return requestLoader<string, V | null>(deadline, async (keys) => {
      rows.guard();
      throwIfCancelled(deadline, app);
      const found = await fetch(keys, deadline);
      const out: Array<V | null> = [];
      for (const key of keys) {
        const value = found.get(key);
        if (value === undefined) out.push(null);
        else if (await rows.mayRead(subject(value), deadline)) out.push(value);
        else {
          rows.withhold(key);
          out.push(null);
        }
      }
      await record(`${app}.${operation}`, out.flatMap((v) => (v ? subject(v).niks : [])));
      return out;
    }, { maxBatchSize: MAX_BATCH });
  }

  function lists<V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V[]>>, subject: (v: V) => MoveSubject): DataLoader<string, V[]> {
    return requestLoader<string, V[]>(deadline, async (keys) => {
      rows.guard();
      throwIfCancelled(deadline, app);
      const found = await fetch(keys, deadline);
      const out: V[][] = [];
      for (const key of keys) {
        const visible: V[] = [];
        for (const value of found.get(key) ?? []) if (await rows.mayRead(subject(value), deadline)) visible.push(value);
        out.push(visible);
      }
      await record(`${app}.${operation}`, out.flat().flatMap((v) => subject(v).niks));
      return out;
    }, { maxBatchSize: MAX_BATCH });
  }

  const { pindahKeluar, pindahDatang, orangAsing } = apps;
  return {
    moveOutLettersByNik: lists('pindah-keluar', 'moveOutLettersOf', (k, d) => pindahKeluar.moveOutLettersOf(k, d), letterSubject),
    moveOutLetterByNumber: single('pindah-keluar', 'moveOutLetterByNumber', (k, d) => pindahKeluar.moveOutLetterByNumber(k, d), letterSubject),
    arrivalsByNik: lists('pindah-datang', 'arrivalsOf', (k, d) => pindahDatang.arrivalsOf(k, d), arrivalSubject),
    foreignerByPassport: requestLoader<string, ForeignResident | null>(deadline, async (passports) => {
      rows.guard();
      throwIfCancelled(deadline, 'orang-asing');
      const found = await orangAsing.foreignersByPassport(passports, deadline);
      const out = passports.map((p) => {
        const f = found.get(p);
        if (!f) return null;
        if (rows.mayReadForeigner(f.kelurahanCode)) return f;
        rows.withhold(p);
        return null;
      });
      await auditForeigners('orang-asing.foreignersByPassport', out.filter((f): f is ForeignResident => !!f));
      return out;
    }, { maxBatchSize: MAX_BATCH }),
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
