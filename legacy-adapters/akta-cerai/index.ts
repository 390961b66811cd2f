import { SoapLegacyClient } from '../base/soap/client';
import type { AktaCeraiSettings } from './config';
import type { AktaCeraiPort } from './port';
import { AKTA_CERAI_OPERATIONS, AktaCeraiSoapAdapter } from './soap/akta-cerai-soap-adapter';

export type { AktaCeraiPort, DivorceDeed, DivorceRegistration, Person, Petitioner, RegisteredDivorce } from './port';
export { createAktaCeraiLoaders, type AktaCeraiLoaders } from './loaders';
export { DEVELOPMENT_AKTA_CERAI_CREDENTIALS, aktaCeraiConfigSchema, aktaCeraiSettingsFrom, type AktaCeraiSettings } from './config';

export interface AktaCeraiConnection {
  port: AktaCeraiPort;
  /** For readiness (`client.health()`), tests (`client.callCount`) and shutdown (`client.close()`). */
  client: SoapLegacyClient;
}

/** The divorce registry adapter for this process: one client (WSDL, connections, breaker) shared by all requests. */
export function connectAktaCerai(settings: AktaCeraiSettings & { maxSockets?: number }): AktaCeraiConnection {
  const client = new SoapLegacyClient('akta-cerai', {
    url: settings.url,
    credentials: settings.credentials,
    operations: AKTA_CERAI_OPERATIONS,
    pingOperation: 'Ping',
    resilience: settings.resilience,
    maxSockets: settings.maxSockets,
  });
  return { port: new AktaCeraiSoapAdapter(client), client };
}
