import { SoapLegacyClient } from '../base/soap/client';
import type { AktaKawinSettings } from './config';
import type { AktaKawinPort } from './port';
import { AKTA_KAWIN_OPERATIONS, AktaKawinSoapAdapter } from './soap/akta-kawin-soap-adapter';

export type { AktaKawinPort, MarriageDeed, MarriageRegistration, Person, RegisteredMarriage, Religion } from './port';
export { createAktaKawinLoaders, type AktaKawinLoaders } from './loaders';
export { DEVELOPMENT_AKTA_KAWIN_CREDENTIALS, aktaKawinConfigSchema, aktaKawinSettingsFrom, type AktaKawinSettings } from './config';

export interface AktaKawinConnection {
  port: AktaKawinPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: SoapLegacyClient;
}

/** The marriage registry adapter for this process: one client (WSDL, connections, breaker) shared by all requests. */
export function connectAktaKawin(settings: AktaKawinSettings & { maxSockets?: number }): AktaKawinConnection {
  const client = new SoapLegacyClient('akta-kawin', {
    url: settings.url,
    credentials: settings.credentials,
    operations: AKTA_KAWIN_OPERATIONS,
    pingOperation: 'Ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new AktaKawinSoapAdapter(client), client };
}
