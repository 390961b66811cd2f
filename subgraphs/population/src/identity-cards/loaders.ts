import { createIkdLoaders, type IkdLoaders } from '@adapters/ikd';
import { createKiaLoaders, type KiaLoaders } from '@adapters/kia';
import { createKtpCetakLoaders, type KtpCetakLoaders } from '@adapters/ktp-cetak';
import { createKtpRekamLoaders, type KtpRekamLoaders } from '@adapters/ktp-rekam';
import type { Deadline } from '@core/deadline';
import { legacyUnavailable } from '@core/errors';
import type { IdentityCardApps } from './apps';

/** One request's loaders over the card applications: one call per application per query level. */
export interface IdentityCardLoaders {
  ktpRekam: KtpRekamLoaders;
  ktpCetak: KtpCetakLoaders;
  kia: KiaLoaders;
  ikd: IkdLoaders;
}

/** What a request holds: loaders for reads, the (audited) ports for writes; absent when this process has no card apps. */
export interface IdentityCardAccess {
  loaders: IdentityCardLoaders;
  ports: IdentityCardApps;
}

export function createIdentityCardAccess(apps: IdentityCardApps, deadline: Deadline): IdentityCardAccess {
  return {
    loaders: {
      ktpRekam: createKtpRekamLoaders(apps.ktpRekam, deadline),
      ktpCetak: createKtpCetakLoaders(apps.ktpCetak, deadline),
      kia: createKiaLoaders(apps.kia, deadline),
      ikd: createIkdLoaders(apps.ikd, deadline),
    },
    ports: apps,
  };
}

/**
 * The card access of a request, or LEGACY_UNAVAILABLE for `app` when this process was started
 * without the card applications (a subgraph built for SIAK alone, e.g. by a test).
 */
export function cardsFor(cards: IdentityCardAccess | undefined, app: string): IdentityCardAccess {
  if (!cards) throw legacyUnavailable(app, new Error('the card applications are not connected in this process'));
  return cards;
}
