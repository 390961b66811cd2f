import { createHash } from 'node:crypto';
import { dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';
import type { SigningKey } from './keys';
import { DEFAULT_SIGNER, rowFor, signatureId, type TtdRow } from './signatures';
import { STATUS_TTD } from './schema';

/**
 * The signatures already in the application when the gateway arrives, drawn from the world: the
 * family cards (KK) issued since electronic signing began (2021) were signed; a few were signed
 * again after a correction (the older signature is then superseded, not revoked) and a few were
 * revoked. Deterministic: its own PRNG stream, consumed family by family in the world's order.
 */
const TTE_START = isoToDay('2021-01-04');

export class TteHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;

  constructor(
    world: WorldOptions,
    private readonly key: SigningKey,
  ) {
    this.rng = new Random((world.seed ^ 0x74746521) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  rowsFor(family: WorldFamily): TtdRow[] {
    const rng = this.rng;
    const issued = isoToDay(family.issuedOn);
    // Only a share of the cards are signed electronically; keeps seeding light.
    if (issued < TTE_START || issued >= this.referenceDay || !rng.chance(0.5)) return [];
    const rows = [this.signed(family, issued)];
    if (rng.chance(0.08)) rows.push(this.signed(family, rng.int(issued, this.referenceDay - 1)));
    else if (rng.chance(0.04)) {
      const row = rows[0]!;
      row.status = STATUS_TTD.DICABUT;
      row.tgl_cabut = `${dayToIso(rng.int(issued, this.referenceDay - 1))} 10:00:00`;
      row.alasan_cabut = rng.pick(['SALAH CETAK', 'DATA TIDAK SESUAI', 'DOKUMEN DIBATALKAN']);
    }
    return rows;
  }

  private signed(family: WorldFamily, day: number): TtdRow {
    const rng = this.rng;
    const iso = dayToIso(day);
    const time = `${String(rng.int(8, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
    const hex = rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
    // The card's content is not in this application: its hash stands for it.
    const hash = createHash('sha256').update(`KK|${family.kkNumber}|${iso}|${hex}`).digest('hex');
    return rowFor({ jenis: 'KK', no: family.kkNumber, hash, referensi: null }, DEFAULT_SIGNER, this.key, `${iso} ${time}`, signatureId(iso, hex));
  }
}
