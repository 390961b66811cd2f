import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson, WorldReligion } from '../world/types';

/**
 * The world's civil marriages, as the marriage registry (akta-kawin) and the divorce registry
 * (akta-cerai) both need them. Only non-Muslim marriages get a deed from Disdukcapil (Muslim
 * marriages are registered by the KUA), so only those are here:
 * - a couple on one KK: two MARRIED members of opposite sex with the same marriage date (head and
 *   spouse, a married child and the CHILD_IN_LAW, parents who moved in);
 * - a DIVORCED resident: the marriage that ended; the former spouse lives elsewhere (no NIK on
 *   file, a name only).
 * A marriage from before the city had its own registry, or celebrated elsewhere, has a deed of
 * another regency: it is known by number (SIAK, a divorce deed) but has no row in this registry.
 *
 * Deterministic: per-person PRNGs seeded from the world seed and a NIK (so nothing depends on the
 * generator's own stream), daily serials counted in the world's family order, and witnesses and
 * former spouses drawn from the adults met earlier in that order. Any emulator that walks
 * generateFamilies(world) through one MarriageRegistry gets the same deeds.
 */
export interface MarriageParty {
  nik: string | null;
  name: string;
  birthDate: string | null;
}

export interface WorldMarriage {
  /** e.g. '3674-KW-14022015-0003'; the regency and date of registration are in it. */
  deedNumber: string;
  /** True when this regency's registry issued it (it has a row in akta-kawin). */
  registeredHere: boolean;
  husband: MarriageParty;
  wife: MarriageParty;
  /** ISO date of the marriage (the religious blessing and the civil record the same day). */
  marriedOn: string;
  /** ISO date the deed was registered. */
  registeredOn: string;
  religion: WorldReligion;
  /** Church, temple or other institution that blessed the marriage. */
  institution: string;
  witnesses: readonly [MarriageParty, MarriageParty];
  /** Kelurahan of the couple's residence (the resident's KK). */
  kelurahanCode: string;
  /** The residents of the world this deed belongs to (one for a divorced resident, two for a couple). */
  residents: readonly WorldPerson[];
  /** Set when the resident is DIVORCED: the marriage ended by a court decision. */
  ended: boolean;
}

/** Regencies whose deeds residents bring along (marriages celebrated before moving here). */
const ELSEWHERE = ['31.71', '31.74', '36.03', '36.71', '32.73', '33.74', '12.71'];
/** A regency's own registry starts numbering deeds after it was formed (Tangsel: late 2008). */
const OWN_REGISTRY_FROM: Record<string, string> = { '36.74': '2009-01-01' };
const WITNESS_AGE = 21;
const POOL_SIZE = 400;

const INSTITUTIONS: Partial<Record<WorldReligion, readonly string[]>> = {
  PROTESTANT: ['GEREJA HKBP SERPONG', 'GKI BSD', 'GBI BINTARO', 'GPIB MAGNALIA DEI', 'GEREJA BETHEL INDONESIA PAMULANG', 'GKJ CIPUTAT'],
  CATHOLIC: ['GEREJA KATOLIK ST. MONIKA BSD', 'GEREJA KATOLIK SANTA MATIAS RASUL', 'PAROKI ST. HELENA CURUG', 'GEREJA KATOLIK ST. BERNADET CIPUTAT'],
  HINDU: ['PURA ERLANGGA', 'PURA KERTA JAYA TANGERANG'],
  BUDDHIST: ['VIHARA AVALOKITESVARA SERPONG', 'VIHARA DHARMA SUCI', 'VIHARA BODHICITTA'],
  CONFUCIAN: ['LITANG KHONGHUCU BOEN TEK BIO', 'KLENTENG CHO SU KONG'],
  BELIEF_OR_OTHER: ['PEMUKA PENGHAYAT KEPERCAYAAN SAPTA DARMA', 'PEMUKA PENGHAYAT KEPERCAYAAN PERMADI'],
};

/** 32-bit FNV-1a of a NIK mixed with the world seed and a salt: a stable per-person seed. */
export function personSeed(worldSeed: number, salt: number, nik: string): number {
  let h = (0x811c9dc5 ^ worldSeed ^ salt) >>> 0;
  for (let i = 0; i < nik.length; i++) h = Math.imul(h ^ nik.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function deedNumber(regencyCode: string, kind: 'KW' | 'CR', isoDate: string, serial: number): string {
  return `${regencyCode.replace(/\./g, '')}-${kind}-${isoDate.slice(8, 10)}${isoDate.slice(5, 7)}${isoDate.slice(0, 4)}-${String(serial).padStart(4, '0')}`;
}

function party(person: WorldPerson): MarriageParty {
  return { nik: person.nik, name: person.name, birthDate: person.birthDate };
}

export class MarriageRegistry {
  private readonly serials = new Map<string, number>();
  private readonly adults: WorldPerson[] = [];
  private readonly reference: number;
  private readonly ownFrom: string;

  constructor(private readonly world: WorldOptions) {
    this.reference = isoToDay(world.referenceDate);
    this.ownFrom = OWN_REGISTRY_FROM[world.regencyCode] ?? '1975-01-01';
  }

  /** The family's non-Muslim marriages. Call for every family, in the world's order. */
  marriagesOf(family: WorldFamily): WorldMarriage[] {
    const out: WorldMarriage[] = [];
    const paired = new Set<string>();
    for (const person of family.members) {
      if (person.religion === 'ISLAM' || !person.marriageDate || paired.has(person.nik)) continue;
      if (person.maritalStatus === 'MARRIED') {
        const spouse = family.members.find((m) => m !== person && m.maritalStatus === 'MARRIED' && m.sex !== person.sex && m.marriageDate === person.marriageDate && !paired.has(m.nik));
        if (!spouse) continue;
        paired.add(person.nik).add(spouse.nik);
        const [husband, wife] = person.sex === 'MALE' ? [person, spouse] : [spouse, person];
        out.push(this.marriage(husband.nik, party(husband), party(wife), person, family, [husband, wife], false));
      } else if (person.maritalStatus === 'DIVORCED') {
        paired.add(person.nik);
        const former = this.formerSpouse(person);
        const [husband, wife] = person.sex === 'MALE' ? [party(person), former] : [former, party(person)];
        out.push(this.marriage(person.nik, husband, wife, person, family, [person], true));
      }
    }
    for (const m of family.members) {
      if (ageOn(isoToDay(m.birthDate), this.reference) >= 25) this.adults.push(m);
    }
    if (this.adults.length > POOL_SIZE) this.adults.splice(0, this.adults.length - POOL_SIZE);
    return out;
  }

  private marriage(key: string, husband: MarriageParty, wife: MarriageParty, person: WorldPerson, family: WorldFamily, residents: WorldPerson[], ended: boolean): WorldMarriage {
    const rng = new Random(personSeed(this.world.seed, 0x4b57, key));
    const married = isoToDay(person.marriageDate!);
    const registered = Math.min(married + rng.int(0, 12), this.reference - 1);
    const registeredOn = dayToIso(registered);
    const here = registeredOn >= this.ownFrom && rng.chance(0.85);
    const regency = here ? this.world.regencyCode : rng.pick(ELSEWHERE.filter((r) => r !== this.world.regencyCode));
    let serial: number;
    if (here) {
      serial = (this.serials.get(registeredOn) ?? 0) + 1;
      this.serials.set(registeredOn, serial);
    } else {
      serial = rng.int(1, 400);
    }
    const religion = person.religion;
    return {
      deedNumber: deedNumber(regency, 'KW', registeredOn, serial),
      registeredHere: here,
      husband,
      wife,
      marriedOn: person.marriageDate!,
      registeredOn,
      religion,
      institution: rng.pick(INSTITUTIONS[religion] ?? INSTITUTIONS.PROTESTANT!),
      witnesses: [this.witness(rng, married, [husband, wife], person.fatherName), this.witness(rng, married, [husband, wife], person.motherName)],
      kelurahanCode: family.kelurahanCode,
      residents,
      ended,
    };
  }

  /** An adult met earlier, at least 21 on the wedding day; else a parent of the resident (`parent`, NIK not on file). */
  private witness(rng: Random, marriedDay: number, couple: MarriageParty[], parent: string): MarriageParty {
    for (let tries = 0; tries < 6 && this.adults.length > 0; tries++) {
      const candidate = rng.pick(this.adults);
      if (addYears(isoToDay(candidate.birthDate), WITNESS_AGE) > marriedDay) continue;
      if (couple.some((c) => c.nik === candidate.nik)) continue;
      return party(candidate);
    }
    return { nik: null, name: parent, birthDate: null };
  }

  /** The former spouse of a divorced resident: a name from an adult of the other sex met earlier. */
  private formerSpouse(person: WorldPerson): MarriageParty {
    const rng = new Random(personSeed(this.world.seed, 0x4d414e, person.nik));
    const others = this.adults.filter((a) => a.sex !== person.sex);
    const name = others.length > 0 ? rng.pick(others).name : person.sex === 'MALE' ? person.motherName : person.fatherName;
    return { nik: null, name, birthDate: null };
  }
}
