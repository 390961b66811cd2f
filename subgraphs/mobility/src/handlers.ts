import type { OutboxDispatcher } from '@core/outbox';
import type { OrangAsingPort } from '@adapters/orang-asing';
import type { PindahDatangPort } from '@adapters/pindah-datang';
import type { PindahKeluarPort } from '@adapters/pindah-keluar';
import type { SiakMoveRecorder } from '@adapters/siak';
import { registerArrivalHandlers } from './arrival';
import { registerForeignerHandlers } from './foreigner';
import { registerMoveHandlers } from './move-within-city';

export interface WrittenApps {
  pindahKeluar: PindahKeluarPort;
  pindahDatang: PindahDatangPort;
  orangAsing: OrangAsingPort;
  siak: SiakMoveRecorder;
}

/**
 * Every write the mobility subgraph sends through its outbox, as every replica registers them:
 * what a stored message turns into. Each application checks its reference before writing again
 * (pindah-keluar and pindah-datang by no_referensi, orang-asing by REF_GERBANG; SIAK by its own
 * state, see legacy-adapters/siak/sql/record-move.ts), so a redelivery never writes twice.
 * requestMoveOut's letter uses the same pindah-keluar handler as moveWithinCity's.
 */
export function registerMobilityHandlers(dispatcher: OutboxDispatcher, apps: WrittenApps): OutboxDispatcher {
  registerMoveHandlers(dispatcher, apps);
  registerArrivalHandlers(dispatcher, apps.pindahDatang);
  return registerForeignerHandlers(dispatcher, apps.orangAsing);
}
