import { dayToIso, isoToDay } from '../world/dates';
import { deathOf } from '../world/mortality';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { MarriageRegistry, deedNumber, personSeed, type MarriageParty, type WorldMarriage } from '../akta-kawin/marriages';

/**
 * The world's divorces, as the divorce registry (akta-cerai) holds them. A divorce deed is only
 * issued by Disdukcapil for a marriage it could register, i.e. a non-Muslim one (Muslim couples
 * divorce before the Pengadilan Agama, which issues its own akta cerai). So the divorces are
 * exactly the marriages MarriageRegistry marks `ended`: every DIVORCED (cerai hidup) non-Muslim
 * resident, SIAK's STAT_KWN 3, with the same marriage deed number akta-kawin knows.
 *
 * The world has no divorce dates, so they are drawn here, deterministically: a per-resident PRNG
 * seeded from the world seed and the NIK, the decision of a Pengadilan Negeri at least half a year
 * after the wedding (less when the wedding was recent), registered here within two months after
 * it became final (14 days after the decision) and before the resident's death if they have died,
 * daily serials counted in the world's family order.
 * Walk generateFamilies(world) through one DivorceRegistry to get the same deeds everywhere.
 */
export type Petitioner = 'HUSBAND' | 'WIFE';

export interface WorldDivorce {
  /** e.g. '3674-CR-02032018-0001'; the regency and date of registration are in it. */
  deedNumber: string;
  /** True when this regency's registry issued it (it has a row in akta-cerai). */
  registeredHere: boolean;
  /** The marriage that ended; its deedNumber may be another regency's (then akta-kawin has no row). */
  marriage: WorldMarriage;
  husband: MarriageParty;
  wife: MarriageParty;
  /** As the court wrote it, e.g. '245/Pdt.G/2017/PN Tng'. */
  decisionNumber: string;
  court: string;
  /** ISO dates. */
  decidedOn: string;
  registeredOn: string;
  filedBy: Petitioner;
  kelurahanCode: string;
  resident: WorldPerson;
}

/** District courts (civil divorces of non-Muslims) and their case-number suffixes. */
const COURTS: ReadonlyArray<readonly [string, string, number]> = [
  ['PENGADILAN NEGERI TANGERANG', 'PN Tng', 70],
  ['PENGADILAN NEGERI JAKARTA SELATAN', 'PN Jkt.Sel', 12],
  ['PENGADILAN NEGERI JAKARTA BARAT', 'PN Jkt.Brt', 8],
  ['PENGADILAN NEGERI SERANG', 'PN Srg', 5],
  ['PENGADILAN NEGERI BOGOR', 'PN Bgr', 5],
];
/** The same start as the marriage registry's (akta-kawin/marriages.ts): Tangsel's registry from 2009. */
const OWN_REGISTRY_FROM: Record<string, string> = { '36.74': '2009-01-01' };
/** A decision is final (berkekuatan hukum tetap) 14 days after it is read, if nobody appeals. */
const FINAL_AFTER_DAYS = 14;

function dotted(regency4: string): string {
  return `${regency4.slice(0, 2)}.${regency4.slice(2, 4)}`;
}

export class DivorceRegistry {
  readonly marriages: MarriageRegistry;
  private readonly serials = new Map<string, number>();
  private readonly reference: number;
  private readonly ownFrom: string;

  constructor(private readonly world: WorldOptions) {
    this.marriages = new MarriageRegistry(world);
    this.reference = isoToDay(world.referenceDate);
    this.ownFrom = OWN_REGISTRY_FROM[world.regencyCode] ?? '1975-01-01';
  }

  /** The family's divorces. Call for every family, in the world's order (it feeds the marriage registry too). */
  divorcesOf(family: WorldFamily): WorldDivorce[] {
    return this.marriages.marriagesOf(family).filter((m) => m.ended).map((m) => this.divorce(m, family));
  }

  private divorce(marriage: WorldMarriage, family: WorldFamily): WorldDivorce {
    const resident = marriage.residents[0]!;
    const rng = new Random(personSeed(this.world.seed, 0x4352, resident.nik));
    const married = isoToDay(marriage.marriedOn);
    // A resident who has since died (world/mortality.ts, as SIAK and the death registry have it) divorced before that.
    const death = deathOf(resident, family, this.world);
    const last = Math.min(this.reference - 1, death ? isoToDay(death.date) - 1 : Infinity);
    const latest = Math.max(married, last - FINAL_AFTER_DAYS - 1);
    const earliest = Math.min(latest, married + 180);
    const decided = rng.int(earliest, latest);
    const registered = Math.max(decided, Math.min(decided + FINAL_AFTER_DAYS + rng.int(1, 60), last));
    const registeredOn = dayToIso(registered);
    const decidedOn = dayToIso(decided);
    // The office that registered the marriage records its end; a marriage from elsewhere is recorded here when the city had its registry, mostly.
    const here = marriage.registeredHere || (registeredOn >= this.ownFrom && rng.chance(0.6));
    const regency = here ? this.world.regencyCode : dotted(marriage.deedNumber.slice(0, 4));
    let serial: number;
    if (here) {
      serial = (this.serials.get(registeredOn) ?? 0) + 1;
      this.serials.set(registeredOn, serial);
    } else {
      serial = rng.int(1, 300);
    }
    const [court, suffix] = rng.weighted(COURTS.map(([name, code, weight]) => [[name, code] as const, weight] as const));
    // About one clerk in ten typed the case number with blanks around the slashes.
    const sep = rng.chance(0.1) ? ' / ' : '/';
    return {
      deedNumber: deedNumber(regency, 'CR', registeredOn, serial),
      registeredHere: here,
      marriage,
      husband: marriage.husband,
      wife: marriage.wife,
      decisionNumber: [rng.int(1, 1500), 'Pdt.G', decidedOn.slice(0, 4), suffix].join(sep),
      court,
      decidedOn,
      registeredOn,
      filedBy: rng.chance(0.65) ? 'WIFE' : 'HUSBAND',
      kelurahanCode: family.kelurahanCode,
      resident,
    };
  }
}
