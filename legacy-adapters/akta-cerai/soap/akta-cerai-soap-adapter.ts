import { throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import { faultOf } from '../../base/resilience';
import type { SoapLegacyClient } from '../../base/soap/client';
import type { AktaCeraiPort, DivorceDeed, DivorceRegistration, RegisteredDivorce } from '../port';
import { catatPerceraianRequest, deedNumberOf, deedsOf, toDivorceDeed, type AktaPerceraianXml } from './mapping';

/** The operations this adapter uses, as reads (tried again) or writes (sent once). */
export const AKTA_CERAI_OPERATIONS = {
  Ping: 'read',
  GetAktaPerceraianByNikList: 'read',
  GetAktaPerceraianByNoList: 'read',
  GetAktaPerceraianByNoAktaPerkawinanList: 'read',
  GetAktaPerceraianByReferensiList: 'read',
  CatatPerceraian: 'write',
} as const;

const APP = 'akta-cerai';
/** Time worth keeping to look up a write whose answer was lost. */
const LOOK_AGAIN_MIN_MS = 100;
/** Muslim divorces are decided by a Pengadilan Agama ('…/Pdt.G/2020/PA.Tgrs') and registered there. */
const RELIGIOUS_COURT = /^\s*pengadilan\s+agama\b/i;
const RELIGIOUS_CASE = /\/\s*PA\b/i;

type DeedList = { AktaPerceraian?: AktaPerceraianXml[] };

/** The divorce registry through its SOAP service: one call per batch, whatever the number of keys. */
export class AktaCeraiSoapAdapter implements AktaCeraiPort {
  constructor(private readonly soap: SoapLegacyClient) {}

  private async list(operation: string, field: string, keys: readonly string[], deadline: Deadline): Promise<AktaPerceraianXml[]> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return [];
    return deedsOf(await this.soap.call<DeedList>(operation, { [field]: unique }, deadline));
  }

  async divorceDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed[]>> {
    const wanted = new Set(niks);
    const found = new Map<string, DivorceDeed[]>();
    const deeds = (await this.list('GetAktaPerceraianByNikList', 'DaftarNik', niks, deadline)).map(toDivorceDeed);
    deeds.sort((a, b) => (a.registeredOn ?? '').localeCompare(b.registeredOn ?? '') || a.number.localeCompare(b.number));
    for (const deed of deeds) {
      for (const nik of new Set([deed.husband.nik, deed.wife.nik])) {
        if (nik && wanted.has(nik)) found.set(nik, [...(found.get(nik) ?? []), deed]);
      }
    }
    return found;
  }

  async divorceDeedsByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>> {
    const deeds = (await this.list('GetAktaPerceraianByNoList', 'DaftarNoAkta', numbers, deadline)).map(toDivorceDeed);
    return new Map(deeds.map((d) => [d.number, d]));
  }

  async divorceDeedsByMarriageDeed(marriageDeedNumbers: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>> {
    // Asked as given (any case), answered under the caller's own spelling of each number.
    const asked = new Map<string, string[]>();
    for (const key of marriageDeedNumbers) {
      const normal = deedNumberOf(key);
      if (normal) asked.set(normal, [...(asked.get(normal) ?? []), key]);
    }
    const found = new Map<string, DivorceDeed>();
    for (const deed of (await this.list('GetAktaPerceraianByNoAktaPerkawinanList', 'DaftarNoAktaPerkawinan', [...asked.keys()], deadline)).map(toDivorceDeed)) {
      for (const key of asked.get(deed.marriageDeedNumber ?? '') ?? []) found.set(key, deed);
    }
    return found;
  }

  async divorceRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, DivorceDeed>> {
    const found = new Map<string, DivorceDeed>();
    for (const xml of await this.list('GetAktaPerceraianByReferensiList', 'DaftarReferensi', references, deadline)) {
      const reference = typeof xml.Referensi === 'string' ? xml.Referensi.trim() : '';
      if (reference) found.set(reference, toDivorceDeed(xml));
    }
    return found;
  }

  async registerDivorce(registration: DivorceRegistration, deadline: Deadline): Promise<RegisteredDivorce> {
    if (RELIGIOUS_COURT.test(registration.court) || RELIGIOUS_CASE.test(registration.courtDecisionNumber)) {
      throw refused('Divorces decided by a religious court are registered by that court, not the civil registry.', 'RELIGIOUS_COURT_DIVORCE');
    }
    const reference = registration.clientReference;
    const before = (await this.divorceRegistrationsByReference([reference], deadline)).get(reference);
    if (before) return { deed: before, created: false };
    throwIfCancelled(deadline, APP);
    let answer;
    try {
      answer = await this.soap.callAccepting<{ AktaPerceraian?: AktaPerceraianXml }>('CatatPerceraian', catatPerceraianRequest(registration), deadline, ['E03']);
    } catch (error) {
      const fault = faultOf(error);
      if (fault?.kind === 'rejected' && fault.legacyStatus === 'E02') throw refused('The divorce registry refused this registration.', 'REFUSED_BY_REGISTRY', error);
      // No answer: the deed may have landed. Look once more while there is time.
      if (fault?.kind !== 'rejected' && deadline.remaining() > LOOK_AGAIN_MIN_MS) {
        const landed = await this.divorceRegistrationsByReference([reference], deadline).catch(() => new Map<string, DivorceDeed>());
        const deed = landed.get(reference);
        if (deed) return { deed, created: true };
      }
      throw error;
    }
    if (answer.body?.AktaPerceraian) return { deed: toDivorceDeed(answer.body.AktaPerceraian), created: true };
    // E03: the reference is there (a concurrent retry), or the marriage already ended under another reference.
    const existing = (await this.divorceRegistrationsByReference([reference], deadline)).get(reference);
    if (existing) return { deed: existing, created: false };
    throw new GerbangError(ErrorCode.CONFLICT, 'This marriage already has a divorce deed.', { app: APP, reason: 'MARRIAGE_ALREADY_DISSOLVED' });
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.soap.ping(deadline);
  }
}

function refused(message: string, reason: string, cause?: unknown): GerbangError {
  return new GerbangError(ErrorCode.BAD_USER_INPUT, message, { app: APP, reason }, { cause });
}
