import type { IkdPort } from '@adapters/ikd';
import type { KiaPort } from '@adapters/kia';
import type { KtpCetakPort } from '@adapters/ktp-cetak';
import type { KtpRekamPort } from '@adapters/ktp-rekam';
import type { LegacyHealth } from '@adapters/base/resilience';
import { NotReady, type ReadinessChecks } from '@core/http/operational-routes';
import type { Deadline } from '@core/deadline';

/**
 * The four applications behind a resident's cards, by catalogue id, as one process connected them
 * (index.ts once per process; tests over their own emulators).
 */
export interface IdentityCardApps {
  ktpRekam: KtpRekamPort;
  ktpCetak: KtpCetakPort;
  kia: KiaPort;
  ikd: IkdPort;
  /** The REST clients' breaker state, so /readyz tells "breaker open" from "down". */
  health?: Partial<Record<'ktp-cetak' | 'kia' | 'ikd', () => LegacyHealth>>;
}

/** A check that says "breaker open" without knocking on an application the breaker protects. */
function check(ping: (deadline: Deadline) => Promise<void>, health?: () => LegacyHealth) {
  return async (deadline: Deadline) => {
    if (health?.() === 'breaker-open') throw new NotReady('breaker open');
    await ping(deadline);
  };
}

/** /readyz entries named by catalogue id: 'ktp-rekam', 'ktp-cetak', 'kia', 'ikd'. */
export function identityCardReadiness(apps: IdentityCardApps): ReadinessChecks {
  return {
    'ktp-rekam': (deadline) => apps.ktpRekam.ping(deadline),
    'ktp-cetak': check((d) => apps.ktpCetak.ping(d), apps.health?.['ktp-cetak']),
    kia: check((d) => apps.kia.ping(d), apps.health?.kia),
    ikd: check((d) => apps.ikd.ping(d), apps.health?.ikd),
  };
}
