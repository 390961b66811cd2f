import { Random } from '../world/random';
import { operatorKnown } from './phones';
import { STATUS, type Kanal } from './schema';

/**
 * What will become of a message, drawn once when the gateway accepts it, so that what clients
 * see is reproducible: the same seed and the same message id always give the same outcome.
 *   - a prefix no operator serves: SMS fail at once with E01; WhatsApp after handover with E03
 *     (WhatsApp only finds out that nobody registered the number);
 *   - with probability `failureRate`: SMS E02 (handset off, after handover) or E04 (the operator's
 *     spam filter, at once); WhatsApp E03 or E02, after handover;
 *   - otherwise delivered: SMS DITERIMA; WhatsApp DITERIMA or, half the time, DIBACA straight away
 *     (WhatsApp sends the read receipt without a separate delivery receipt).
 * Delays are fixed knobs: handover `sendDelayMs` after acceptance, the last report
 * `reportDelayMs` after handover (at handover for failures at once).
 */
export interface DeliveryRules {
  seed: number;
  /** 0 to 1. */
  failureRate: number;
  sendDelayMs: number;
  reportDelayMs: number;
}

export interface Plan {
  kirim: Date;
  laporan: Date;
  status: number;
  gagal: string | null;
}

export function planFor(rules: DeliveryRules, idPesan: number, kanal: Kanal, noTujuan: string, accepted: Date): Plan {
  const rng = new Random((rules.seed ^ Math.imul(idPesan, 0x9e3779b1)) >>> 0);
  const kirim = new Date(accepted.getTime() + rules.sendDelayMs);
  const laporan = new Date(kirim.getTime() + rules.reportDelayMs);
  const fails = (gagal: string, atOnce: boolean): Plan => ({ kirim, laporan: atOnce ? kirim : laporan, status: STATUS.GAGAL, gagal });
  if (!operatorKnown(noTujuan)) return kanal === 'SMS' ? fails('E01', true) : fails('E03', false);
  if (rng.chance(rules.failureRate)) {
    if (kanal === 'SMS') return rng.chance(0.7) ? fails('E02', false) : fails('E04', true);
    return fails(rng.chance(0.6) ? 'E03' : 'E02', false);
  }
  return { kirim, laporan, status: kanal === 'WA' && rng.chance(0.5) ? STATUS.DIBACA : STATUS.DITERIMA, gagal: null };
}
