import type { LegacyStorage } from '@core/config/shared';
import type { RunningSoapApp } from '../akta-kawin/server';
import { startOverOwnDatabase } from '../base/own-database-server';
import { startSoapEmulator } from '../base/soap';
import { aktaCeraiService } from './service';

export type { RunningSoapApp };

/**
 * The divorce registry application: its SOAP service on its own port, over its own database
 * (provisioned by aktaCeraiEmulator, see ./emulator.ts). Used by tests and by scripts/start.ts;
 * the same runtime controls as the marriage registry (RunningSoapApp).
 */
export interface AktaCeraiServerOptions {
  port: number;
  host?: string;
  /** WS-Security UsernameToken the service requires. */
  credentials: { username: string; password: string };
  latencyMs?: number;
  /** The regency in deed numbers, e.g. '36.74' (default). */
  regencyCode?: string;
  log?: (line: string) => void;
}

export async function startAktaCerai(storage: LegacyStorage, options: AktaCeraiServerOptions): Promise<RunningSoapApp> {
  return startOverOwnDatabase('akta-cerai', storage, (db) =>
    startSoapEmulator(aktaCeraiService(db, { regencyCode: options.regencyCode ?? '36.74' }), {
      port: options.port, host: options.host, credentials: options.credentials, latencyMs: options.latencyMs, log: options.log,
    }),
  );
}
