import type { LegacyStorage } from '@core/config/shared';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { startSoapEmulator, type SoapCallCounts } from '../base/soap';
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

export interface RunningSoapApp {
  /** The service URL (…/ws); the WSDL is at `${url}?wsdl`. */
  readonly url: string;
  readonly wsdlUrl: string;
  readonly port: number;
  /** Calls received per operation, e.g. calls.of('GetAktaPerkawinanByNikList'); 'WSDL' for WSDL downloads. */
  readonly calls: SoapCallCounts;
  setLatency(ms: number, operation?: string): void;
  /** Stops the server (open connections are cut); the database stays open for `restart`. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and closes the database. */
  close(): Promise<void>;
}

export async function startAktaKawin(storage: LegacyStorage, options: AktaKawinServerOptions): Promise<RunningSoapApp> {
  const db = openAppDatabase(locateAppDatabase('akta-kawin', storage), { mustExist: true, poolMax: 5 });
  try {
    const server = await startSoapEmulator(aktaKawinService(db, { regencyCode: options.regencyCode ?? '36.74' }), {
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
