import { throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import { faultOf } from '../../base/resilience';
import type { SoapLegacyClient } from '../../base/soap/client';
import type { AktaKawinPort, MarriageDeed, MarriageRegistration, RegisteredMarriage } from '../port';
import { catatPerkawinanRequest, deedsOf, toMarriageDeed, type AktaPerkawinanXml } from './mapping';

/** The operations this adapter uses, as reads (tried again) or writes (sent once). */
export const AKTA_KAWIN_OPERATIONS = {
  Ping: 'read',
  GetAktaPerkawinanByNikList: 'read',
  GetAktaPerkawinanByNoList: 'read',
  GetAktaPerkawinanByReferensiList: 'read',
  CatatPerkawinan: 'write',
} as const;

const APP = 'akta-kawin';
/** Time worth keeping to look up a write whose answer was lost. */
const LOOK_AGAIN_MIN_MS = 100;

type DeedList = { AktaPerkawinan?: AktaPerkawinanXml[] };

/** The marriage registry through its SOAP service: one call per batch, whatever the number of keys. */
export class AktaKawinSoapAdapter implements AktaKawinPort {
  constructor(private readonly soap: SoapLegacyClient) {}

  private async list(operation: string, field: string, keys: readonly string[], deadline: Deadline): Promise<MarriageDeed[]> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return [];
    return deedsOf(await this.soap.call<DeedList>(operation, { [field]: unique }, deadline)).map(toMarriageDeed);
  }

  async marriageDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed[]>> {
    const wanted = new Set(niks);
    const found = new Map<string, MarriageDeed[]>();
    const deeds = await this.list('GetAktaPerkawinanByNikList', 'DaftarNik', niks, deadline);
    deeds.sort((a, b) => (a.registeredOn ?? '').localeCompare(b.registeredOn ?? '') || a.number.localeCompare(b.number));
    for (const deed of deeds) {
      for (const nik of new Set([deed.husband.nik, deed.wife.nik])) {
        if (nik && wanted.has(nik)) found.set(nik, [...(found.get(nik) ?? []), deed]);
      }
    }
    return found;
  }

  async marriageDeedsByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed>> {
    const deeds = await this.list('GetAktaPerkawinanByNoList', 'DaftarNoAkta', numbers, deadline);
    return new Map(deeds.map((d) => [d.number, d]));
  }

  async marriageRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, MarriageDeed>> {
    const unique = [...new Set(references)];
    const found = new Map<string, MarriageDeed>();
    if (unique.length === 0) return found;
    const answer = await this.soap.call<DeedList>('GetAktaPerkawinanByReferensiList', { DaftarReferensi: unique }, deadline);
    for (const xml of deedsOf(answer)) {
      const reference = typeof xml.Referensi === 'string' ? xml.Referensi.trim() : '';
      if (reference) found.set(reference, toMarriageDeed(xml));
    }
    return found;
  }

  async registerMarriage(registration: MarriageRegistration, deadline: Deadline): Promise<RegisteredMarriage> {
    if (registration.religion === 'ISLAM') throw refused('Muslim marriages are registered by the KUA, not the civil registry.', 'MUSLIM_MARRIAGE');
    const reference = registration.clientReference;
    const before = (await this.marriageRegistrationsByReference([reference], deadline)).get(reference);
    if (before) return { deed: before, created: false };
    throwIfCancelled(deadline, APP);
    let answer;
    try {
      answer = await this.soap.callAccepting<{ AktaPerkawinan?: AktaPerkawinanXml }>('CatatPerkawinan', catatPerkawinanRequest(registration), deadline, ['E03']);
    } catch (error) {
      const fault = faultOf(error);
      if (fault?.kind === 'rejected' && fault.legacyStatus === 'E02') throw refused('The marriage registry refused this registration.', 'REFUSED_BY_REGISTRY', error);
      // No answer: the deed may have landed. Look once more while there is time.
      if (fault?.kind !== 'rejected' && deadline.remaining() > LOOK_AGAIN_MIN_MS) {
        const landed = await this.marriageRegistrationsByReference([reference], deadline).catch(() => new Map<string, MarriageDeed>());
        const deed = landed.get(reference);
        if (deed) return { deed, created: true };
      }
      throw error;
    }
    if (answer.body?.AktaPerkawinan) return { deed: toMarriageDeed(answer.body.AktaPerkawinan), created: true };
    // E03: the reference is there (a concurrent retry), or the same marriage under another reference.
    const existing = (await this.marriageRegistrationsByReference([reference], deadline)).get(reference);
    if (existing) return { deed: existing, created: false };
    throw new GerbangError(ErrorCode.CONFLICT, 'This marriage is already registered.', { app: APP, reason: 'MARRIAGE_ALREADY_REGISTERED' });
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.soap.ping(deadline);
  }
}

function refused(message: string, reason: string, cause?: unknown): GerbangError {
  return new GerbangError(ErrorCode.BAD_USER_INPUT, message, { app: APP, reason }, { cause });
}
