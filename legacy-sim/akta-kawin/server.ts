import type { LegacyStorage } from '@core/config/shared';
import { startOverOwnDatabase, type WithOwnDatabase } from '../base/own-database-server';
import { startSoapEmulator, type RunningSoapEmulator } from '../base/soap';
import { aktaKawinService } from './service';

/**
 * The marriage registry application: its SOAP service on its own port, over its own database
 * (provisioned by aktaKawinEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts.
 */
export interface AktaKawinServerOptions {
  port: number;
  host?: string;
  /** WS-Security UsernameToken the service requires. */
  credentials: { username: string; password: string };
  latencyMs?: number;
  /** The regency in deed numbers, e.g. '36.74' (default). */
  regencyCode?: string;
  log?: (line: string) => void;
}

/** The running app: the SOAP base's runtime controls (calls per operation, setLatency, stop, restart) and close. */
export type RunningSoapApp = WithOwnDatabase<RunningSoapEmulator>;

export async function startAktaKawin(storage: LegacyStorage, options: AktaKawinServerOptions): Promise<RunningSoapApp> {
  return startOverOwnDatabase('akta-kawin', storage, (db) =>
    startSoapEmulator(aktaKawinService(db, { regencyCode: options.regencyCode ?? '36.74' }), {
      port: options.port, host: options.host, credentials: options.credentials, latencyMs: options.latencyMs, log: options.log,
    }),
  );
}
