import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import type { RunningSoapApp } from '../akta-kawin/server';
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
  const db = openAppDatabase(locateAppDatabase('akta-cerai', storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await startSoapEmulator(aktaCeraiService(db, { regencyCode: options.regencyCode ?? '36.74' }), {
      port: options.port, host: options.host, credentials: options.credentials, latencyMs: options.latencyMs, log: options.log,
    });
    return {
      get url() { return server.url; },
      get wsdlUrl() { return server.wsdlUrl; },
      get port() { return server.port; },
      calls: server.calls,
      setLatency: (ms, operation) => server.setLatency(ms, operation),
      stop: () => server.stop(),
      restart: () => server.restart(),
      async close() {
        await server.stop();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
