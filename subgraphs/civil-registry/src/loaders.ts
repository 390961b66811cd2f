import type DataLoader from 'dataloader';
import type { AuditWriter } from '@core/audit';
import { recordAccess } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { checkedListLoader, checkedLookupLoader, subjectCheck } from '@core/graphql/request-loader';
import type { AktaCeraiPort, DivorceDeed } from '@adapters/akta-cerai';
import type { AktaKawinPort, MarriageDeed, Person } from '@adapters/akta-kawin';
import type { AktaLahirPort, BirthDeed } from '@adapters/akta-lahir';
import type { AktaMatiPort, DeathDeed } from '@adapters/akta-mati';
import type { Annotation, CapilPerubahanPort } from '@adapters/capil-perubahan';
import type { DeedRows, DeedSubject } from './row-access';

/** The registries this subgraph reads. */
export interface Registries {
  aktaLahir: AktaLahirPort;
  aktaMati: AktaMatiPort;
  aktaKawin: AktaKawinPort;
  capilPerubahan: CapilPerubahanPort;
  aktaCerai: AktaCeraiPort;
}

/** A divorce deed with its former spouses as the API's Spouse (akta-cerai records no birth dates). */
export type DivorceDeedView = Omit<DivorceDeed, 'husband' | 'wife'> & { husband: Person; wife: Person };

/**
 * Per-request loaders over the registries: one legacy call per registry and query level (the
 * loaders batch), rows outside the caller's reach withheld, and every deed given out written to
 * the audit trail first — one record per legacy call that returned people, fail closed
 * (AUDIT_UNAVAILABLE) when the trail cannot take it.
 */
export interface DeedLoaders {
  birthDeedByNik: DataLoader<string, BirthDeed | null>;
  birthDeedByNumber: DataLoader<string, BirthDeed | null>;
  deathDeedByNik: DataLoader<string, DeathDeed | null>;
  deathDeedByNumber: DataLoader<string, DeathDeed | null>;
  marriageDeedsByNik: DataLoader<string, MarriageDeed[]>;
  marriageDeedByNumber: DataLoader<string, MarriageDeed | null>;
  divorceDeedsByNik: DataLoader<string, DivorceDeedView[]>;
  divorceDeedByNumber: DataLoader<string, DivorceDeedView | null>;
  annotationsByNik: DataLoader<string, Annotation[]>;
}

const MAX_BATCH = 1000;

export const birthSubject = (d: BirthDeed): DeedSubject => ({ niks: [d.childNik, d.mother?.nik ?? null, d.father?.nik ?? null], kelurahanCode: d.kelurahanCode });
export const deathSubject = (d: DeathDeed): DeedSubject => ({ niks: [d.nik], kelurahanCode: d.kelurahanCode });
export const marriageSubject = (d: MarriageDeed): DeedSubject => ({ niks: [d.husband.nik, d.wife.nik], kelurahanCode: d.kelurahanCode });
export const divorceSubject = (d: DivorceDeedView): DeedSubject => ({ niks: [d.husband.nik, d.wife.nik], kelurahanCode: d.kelurahanCode });
export const annotationSubject = (a: Annotation): DeedSubject => ({ niks: [a.nik, a.fatherNik], kelurahanCode: null });

export function createDeedLoaders(registries: Registries, rows: DeedRows, audit: AuditWriter, request: RequestContext, deadline: Deadline): DeedLoaders {
  const record = (operation: string, niks: Iterable<string | null>): Promise<void> => recordAccess(audit, request, { operation, niks });

  /** One legacy call for the batch; rows checked; what is given out audited under `operation`. */
  const single = <V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V>>, subject: (v: V) => DeedSubject): DataLoader<string, V | null> =>
    checkedLookupLoader(deadline, app, fetch, MAX_BATCH, subjectCheck(rows, deadline, subject, (niks) => record(`${app}.${operation}`, niks)));
  const lists = <V>(app: string, operation: string, fetch: (keys: readonly string[], d: Deadline) => Promise<Map<string, V[]>>, subject: (v: V) => DeedSubject): DataLoader<string, V[]> =>
    checkedListLoader(deadline, app, fetch, MAX_BATCH, subjectCheck(rows, deadline, subject, (niks) => record(`${app}.${operation}`, niks)));

  const { aktaLahir, aktaMati, aktaKawin, capilPerubahan, aktaCerai } = registries;
  const divorceView = (d: DivorceDeed): DivorceDeedView => ({ ...d, husband: { ...d.husband, birthDate: null }, wife: { ...d.wife, birthDate: null } });
  const mapValues = <K, A, B>(map: Map<K, A>, f: (a: A) => B): Map<K, B> => new Map([...map].map(([k, v]) => [k, f(v)]));
  return {
    birthDeedByNik: single('akta-lahir', 'birthDeedsOf', (k, d) => aktaLahir.birthDeedsOf(k, d), birthSubject),
    birthDeedByNumber: single('akta-lahir', 'birthDeedByNumber', (k, d) => aktaLahir.birthDeedByNumber(k, d), birthSubject),
    deathDeedByNik: single('akta-mati', 'deathDeedsOf', (k, d) => aktaMati.deathDeedsOf(k, d), deathSubject),
    deathDeedByNumber: single('akta-mati', 'deathDeedByNumber', (k, d) => aktaMati.deathDeedByNumber(k, d), deathSubject),
    marriageDeedsByNik: lists('akta-kawin', 'marriageDeedsOf', (k, d) => aktaKawin.marriageDeedsOf(k, d), marriageSubject),
    marriageDeedByNumber: single('akta-kawin', 'marriageDeedsByNumber', (k, d) => aktaKawin.marriageDeedsByNumber(k, d), marriageSubject),
    divorceDeedsByNik: lists('akta-cerai', 'divorceDeedsOf', async (k, d) => mapValues(await aktaCerai.divorceDeedsOf(k, d), (deeds) => deeds.map(divorceView)), divorceSubject),
    divorceDeedByNumber: single('akta-cerai', 'divorceDeedsByNumber', async (k, d) => mapValues(await aktaCerai.divorceDeedsByNumber(k, d), divorceView), divorceSubject),
    annotationsByNik: lists('capil-perubahan', 'annotationsByNik', (k, d) => capilPerubahan.annotationsByNik(k, d), annotationSubject),
  };
}
