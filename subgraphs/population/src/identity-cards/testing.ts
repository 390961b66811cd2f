import { connectIkd, DEVELOPMENT_IKD_KEY, type IkdConnection } from '@adapters/ikd';
import { connectKia, DEVELOPMENT_KIA_KEY, type KiaConnection } from '@adapters/kia';
import { connectKtpCetak, DEVELOPMENT_KTP_CETAK_KEY, type KtpCetakConnection } from '@adapters/ktp-cetak';
import { connectKtpRekam, type KtpRekamConnection } from '@adapters/ktp-rekam';
import { resilienceSettings } from '@adapters/base/resilience';
import type { LegacyStorage } from '@core/config/shared';
import { startIkd, type RunningIkd } from '@sim/ikd/server';
import { startKia, type RunningKia } from '@sim/kia/server';
import { startKtpCetak, type RunningKtpCetak } from '@sim/ktp-cetak/server';
import type { IdentityCardApps } from './apps';

/**
 * For tests: the three REST card applications as real emulators on free ports over `storage`
 * (which must hold their seeded databases, and ktp-rekam's), and the four adapters connected to
 * them as index.ts connects them. Tests count calls at the emulators (`emulators.kia.calls.total`)
 * and at ktp-rekam's pool (`connections.ktpRekam.client.statementCount`), and stop/restart them.
 */
export interface RunningCardApps {
  apps: IdentityCardApps;
  emulators: { ktpCetak: RunningKtpCetak; kia: RunningKia; ikd: RunningIkd };
  connections: { ktpRekam: KtpRekamConnection; ktpCetak: KtpCetakConnection; kia: KiaConnection; ikd: IkdConnection };
  close(): Promise<void>;
}

export async function startCardApps(storage: LegacyStorage, options: { timeoutMs?: number } = {}): Promise<RunningCardApps> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const ktpCetakSim = await startKtpCetak(storage, { port: 0, apiKey: DEVELOPMENT_KTP_CETAK_KEY, listSlowMs: 50 });
    started.push(ktpCetakSim);
    const kiaSim = await startKia(storage, { port: 0, apiKey: DEVELOPMENT_KIA_KEY });
    started.push(kiaSim);
    // A test sends many requests in a second from one key: the rate limit has its own tests.
    const ikdSim = await startIkd(storage, { port: 0, apiKey: DEVELOPMENT_IKD_KEY, rateLimit: { requests: 100_000, windowMs: 1_000 } });
    started.push(ikdSim);
    // No retries, a short half-open: a stopped app shows at once and comes back soon in tests.
    const resilience = resilienceSettings({ timeoutMs: options.timeoutMs ?? 2_000, retries: 0, halfOpenAfterMs: 200 });
    const ktpRekam = connectKtpRekam(storage, { timeoutMs: options.timeoutMs ?? 3_000 });
    const ktpCetak = connectKtpCetak({ baseUrl: ktpCetakSim.url, apiKey: DEVELOPMENT_KTP_CETAK_KEY, resilience });
    const kia = connectKia({ baseUrl: kiaSim.url, apiKey: DEVELOPMENT_KIA_KEY, resilience });
    const ikd = connectIkd({ baseUrl: ikdSim.url, apiKey: DEVELOPMENT_IKD_KEY, resilience });
    return {
      apps: {
        ktpRekam: ktpRekam.port,
        ktpCetak: ktpCetak.port,
        kia: kia.port,
        ikd: ikd.port,
        health: { 'ktp-cetak': () => ktpCetak.client.health(), kia: () => kia.client.health(), ikd: () => ikd.client.health() },
      },
      emulators: { ktpCetak: ktpCetakSim, kia: kiaSim, ikd: ikdSim },
      connections: { ktpRekam, ktpCetak, kia, ikd },
      async close() {
        ktpCetak.client.close();
        kia.client.close();
        ikd.client.close();
        await ktpRekam.client.close();
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
