import type { LegacyStorage } from '@core/config/shared';
import { connectSqlApp, type SqlLegacyClient } from '../base/sql/sql-client';
import type { KtpRekamPort } from './port';
import { KtpRekamSqlAdapter } from './sql/ktp-rekam-sql-adapter';

export type { BiometricsCaptured, Enrolment, EnrolmentOffice, EnrolmentStatus, KtpRekamPort } from './port';
export { createKtpRekamLoaders, type KtpRekamLoaders } from './loaders';

export interface KtpRekamConnection {
  port: KtpRekamPort;
  client: SqlLegacyClient;
}

export interface KtpRekamOptions {
  /** Per-statement timeout. */
  timeoutMs: number;
  /** MariaDB connections (default 10), or SQLite worker threads (default 2). */
  poolMax?: number;
}

/** The enrolment adapter for this process: one pool, shared by all requests. */
export function connectKtpRekam(storage: LegacyStorage, options: KtpRekamOptions): KtpRekamConnection {
  const client = connectSqlApp('ktp-rekam', storage, options);
  return { port: new KtpRekamSqlAdapter(client), client };
}
