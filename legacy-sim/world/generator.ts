import { bloodType, education, occupation } from './attributes';
import { addYears, ageOn, dayToIso, isoToDay, yearOf } from './dates';
import { planRegency, type KecamatanPlan, type RegencyPlan } from './geography';
import { HouseholdBuilder, type Member } from './household';
import { IdentityRegistry } from './identity';
import type { Ethnicity } from './names';
import { birthPlace, localBirthPlace, phoneNumber, streetAddress, TANGSEL_FORMED_DAY } from './places';
import { Random } from './random';
import type { WorldFamily, WorldOptions, WorldPerson } from './types';

// Math is bound once per module: global lookups are slow inside jest's vm sandbox, and these run millions of times.
const { max, min } = Math;
const NEVER = -Infinity;

/**
 * The synthetic population, one KK at a time. Generation is a single pass over one seeded PRNG
 * stream, so (1) the same options always give byte-identical families, (2) a smaller world is a
 * prefix of a larger one with the same seed, and (3) nothing is kept between families except the
 * serial counters in IdentityRegistry: 1.4 million residents stream through in constant memory.
 */

/** The first KKs of the new numbering date from when Kota Tangerang Selatan was formed. */
const FIRST_KK_DAY = TANGSEL_FORMED_DAY;
/** Birth deeds became near-universal for people born from 1990 on; older people mostly have none. */
const DEED_ERA_DAY = isoToDay('1990-01-01');
/** Earliest move into the regency we model (older moves changed nothing in today's NIKs). */
const EARLIEST_MOVE_DAY = isoToDay('1985-01-01');

/** Share of people not born into their household who were nevertheless born locally. */
const LOCAL_BIRTH: Record<Ethnicity, number> = {
  BETAWI: 0.85, SUNDANESE: 0.35, CHINESE: 0.45, JAVANESE: 0.2, MINANG: 0.12, MANDAILING: 0.12, OTHER_MUSLIM: 0.12,
  BATAK_TOBA: 0.12, MANADO: 0.12, AMBON: 0.12, FLORES: 0.1, BALINESE: 0.1,
};

function validate(options: WorldOptions): void {
  if (!Number.isInteger(options.seed)) throw new Error(`world seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(options.scale) || options.scale < 0) throw new Error(`world scale must be a whole number >= 0, got ${options.scale}`);
  isoToDay(options.referenceDate);
}

/**
 * Streams the families of the world described by `options` until `scale` residents are reached.
 * Options are checked at the call, not at the first iteration, so mistakes surface where made.
 */
export function generateFamilies(options: WorldOptions): Generator<WorldFamily> {
  validate(options);
  return stream(new World(options), options.scale);
}

function* stream(world: World, scale: number): Generator<WorldFamily> {
  let residents = 0;
  while (residents < scale) {
    const family = world.nextFamily();
    residents += family.members.length;
    yield family;
  }
}

/** The whole world as an array: for tests and small scales only (memory grows with scale). */
export function generateWorld(options: WorldOptions): WorldFamily[] {
  return [...generateFamilies(options)];
}

/** Residents in a list or stream of families. */
export function countResidents(families: Iterable<WorldFamily>): number {
  let n = 0;
  for (const f of families) n += f.members.length;
  return n;
}

/** Per-run state: the PRNG, the regency plan and the serial counters. */
class World {
  private readonly rng: Random;
  private readonly plan: RegencyPlan;
  private readonly registry: IdentityRegistry;
  private readonly households: HouseholdBuilder;
  private readonly referenceDay: number;

  constructor(private readonly options: WorldOptions) {
    this.rng = new Random(options.seed);
    this.referenceDay = isoToDay(options.referenceDate);
    this.plan = planRegency(options.regencyCode);
    this.registry = new IdentityRegistry([...this.plan.kecamatan.map((k) => k.code), ...this.plan.moversKecamatan], this.referenceDay);
    this.households = new HouseholdBuilder(this.rng, this.referenceDay, options.regencyCode);
  }

  nextFamily(): WorldFamily {
    const rng = this.rng;
    const kecamatan = this.plan.pickKecamatan(rng);
    const kelurahan = rng.pick(kecamatan.kelurahan);
    const { members, latestEventDay } = this.households.build();
    const head = members[0] as Member;

    // Families who moved in keep the NIKs of where they were first registered; children born
    // after the move are registered here.
    const origin = this.origin(kecamatan);
    const moveDay = origin ? this.moveDay(head) : NEVER;

    // Parallel to `members` (arrays, not Maps: families are tiny and this runs per family).
    const firstRegistration: string[] = [];
    const niks: string[] = [];
    for (const m of members) {
      const kec = origin && m.birthDay < moveDay ? origin : this.personalOrigin(kecamatan);
      firstRegistration.push(kec);
      niks.push(this.registry.nik(kec, dayToIso(m.birthDay), m.sex));
    }

    const issuedDay = rng.int(min(max(FIRST_KK_DAY, latestEventDay, moveDay), this.referenceDay), this.referenceDay);
    const issuedOn = dayToIso(issuedDay);
    return {
      kkNumber: this.registry.kk(kecamatan.code, issuedOn),
      street: streetAddress(rng, kecamatan.name),
      rt: rng.int(1, 20),
      rw: rng.int(1, 15),
      kelurahanCode: kelurahan.code,
      postalCode: kelurahan.postalCode,
      phone: rng.chance(0.6) ? phoneNumber(rng) : null,
      issuedOn,
      members: members.map((m, i) => this.person(m, members, niks, firstRegistration[i] ?? kecamatan.code, moveDay)),
    };
  }

  /** Kecamatan the family came from: ~10% moved within the regency, ~5.5% from the movers' regency. */
  private origin(current: KecamatanPlan): string | null {
    const roll = this.rng.next();
    if (roll < 0.055) return this.rng.pick(this.plan.moversKecamatan);
    if (roll < 0.155 && this.plan.kecamatan.length > 1) {
      let other = current;
      while (other === current) other = this.rng.pick(this.plan.kecamatan);
      return other.code;
    }
    return null;
  }

  /** A person of a local family is still sometimes first registered elsewhere (a spouse who married in). */
  private personalOrigin(current: KecamatanPlan): string {
    const roll = this.rng.next();
    if (roll < 0.025 && this.plan.kecamatan.length > 1) return this.rng.pick(this.plan.kecamatan).code;
    if (roll < 0.03) return this.rng.pick(this.plan.moversKecamatan);
    return current.code;
  }

  private moveDay(head: Member): number {
    const from = max(addYears(head.birthDay, 18), EARLIEST_MOVE_DAY);
    const to = this.referenceDay - 30;
    return this.rng.int(min(from, to), to);
  }

  private birthPlace(m: Member, firstRegistration: string, moveDay: number): string {
    const rng = this.rng;
    const plan = this.plan;
    if (firstRegistration.startsWith(`${plan.moversRegencyCode}.`)) {
      return rng.chance(0.85) ? localBirthPlace(rng, plan.moversRegencyCode, plan.moversRegencyName, m.birthDay) : birthPlace(rng, m.lineage.ethnicity);
    }
    const localShare = m.bornHere && m.birthDay >= moveDay ? 0.9
      : this.options.regencyCode === '33.25' ? 0.85
        : LOCAL_BIRTH[m.lineage.ethnicity];
    return rng.chance(localShare) ? localBirthPlace(rng, plan.regencyCode, plan.regencyName, m.birthDay) : birthPlace(rng, m.lineage.ethnicity);
  }

  private person(m: Member, members: Member[], niks: string[], firstRegistration: string, moveDay: number): WorldPerson {
    const nikOf = (other: Member | null): string | null => (other ? (niks[members.indexOf(other)] ?? null) : null);
    const rng = this.rng;
    const age = ageOn(m.birthDay, this.referenceDay);
    const birthDate = dayToIso(m.birthDay);
    const schooling = education(rng, age, yearOf(m.birthDay), m.relationship);
    const work = occupation(rng, { age, sex: m.sex, maritalStatus: m.maritalStatus, relationship: m.relationship, education: schooling });
    const deed = m.birthDay >= DEED_ERA_DAY && rng.chance(0.92) ? this.registry.birthDeed(firstRegistration.slice(0, 5), birthDate) : null;
    return {
      nik: nikOf(m) as string,
      name: m.name,
      sex: m.sex,
      birthPlace: this.birthPlace(m, firstRegistration, moveDay),
      birthDate,
      bloodType: bloodType(rng),
      religion: m.religion,
      maritalStatus: m.maritalStatus,
      relationship: m.relationship,
      education: work.education,
      occupationCode: work.code,
      motherName: m.motherName,
      fatherName: m.fatherName,
      motherNik: nikOf(m.mother),
      fatherNik: nikOf(m.father),
      birthDeedNumber: deed,
      marriageDate: m.maritalStatus === 'SINGLE' || m.marriageDay === null ? null : dayToIso(m.marriageDay),
      firstRegistrationKecamatan: firstRegistration,
    };
  }
}
