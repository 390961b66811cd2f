import type { OutboxDispatcher } from '@core/outbox';
import type { AktaKawinPort, MarriageRegistration } from '@adapters/akta-kawin';
import type { AktaLahirPort, BirthRegistration } from '@adapters/akta-lahir';
import type { AktaMatiPort } from '@adapters/akta-mati';
import type { CapilPerubahanPort, ChangeRequest } from '@adapters/capil-perubahan';
import type { SiakDeathRecorder } from '@adapters/siak';
import { BIRTH } from './birth-registration';
import { registerDeathHandlers } from './death-registration';
import { MARRIAGE } from './marriage-registration';

export interface WrittenRegistries {
  aktaLahir: AktaLahirPort;
  aktaMati: AktaMatiPort;
  aktaKawin: AktaKawinPort;
  capilPerubahan: CapilPerubahanPort;
}

/**
 * Every write the civil-registry subgraph sends through its outbox, as every replica registers
 * them: what a stored message turns into. Each port checks its client reference before writing
 * again (akta-lahir, akta-kawin by clientReference; capil-perubahan drops a request file only when
 * none is there for the reference), so a redelivery never writes twice.
 */
export function registerCivilRegistryHandlers(dispatcher: OutboxDispatcher, registries: WrittenRegistries, siak: SiakDeathRecorder): OutboxDispatcher {
  return registerDeathHandlers(dispatcher, registries.aktaMati, siak)
    .register('akta-lahir', BIRTH, async (message, deadline) => {
      const { deed } = await registries.aktaLahir.registerBirth(message.payload as BirthRegistration, deadline);
      return { deedNumber: deed.number };
    })
    .register('akta-kawin', MARRIAGE, async (message, deadline) => {
      const { deed } = await registries.aktaKawin.registerMarriage(message.payload as MarriageRegistration, deadline);
      return { deedNumber: deed.number };
    })
    // The outcome at hand-over: PENDING until the batch job ran (ACCEPTED/REJECTED on a redelivery after it).
    .register('capil-perubahan', 'submitChangeRequest', async (message, deadline) => await registries.capilPerubahan.submitChangeRequest(message.payload as ChangeRequest, deadline));
}
