import { addYears, ageOn, yearOf } from './dates';
import {
  COUPLE_HEAD_AGE, DESIRED_CHILDREN, ELDER_HEAD_AGE, HOUSEHOLD_KIND, SAME_ETHNICITY_MARRIAGE, SPOUSE_AGE_GAP,
  WIFE_MARRIAGE_AGE, ethnicityTable, leftHome, religionTable,
} from './demography';
import { lastWord, lineageSurname, personName, type Ethnicity } from './names';
import { WeightedTable, type Random } from './random';
import type { WorldMaritalStatus, WorldRelationship, WorldReligion, WorldSex } from './types';

// Math is bound once per module: global lookups are slow inside jest's vm sandbox, and these run millions of times.
const { max, min } = Math;
const NEVER = -Infinity;

/**
 * Who lives together on one KK, with consistent life histories: a couple marries after both are
 * 19, children follow 9 months to 3 years later and then every 1.5 to 6 years while the mother
 * is under 45, grown children leave to start their own KK, a married child may stay with spouse
 * and grandchildren, a widowed parent may move in. Identifiers and attributes are added later
 * (generator.ts); this module only decides people, names, dates and kinship.
 */

/** A family line: ethnicity and the name it passes on (marga, fam, surname), if any. */
export interface Lineage {
  ethnicity: Ethnicity;
  surname: string | null;
  /** Some Muslim families give sons their father's last name ('Hendra Saputra' -> 'Rizky Saputra'). */
  sonsTakeFathersName: boolean;
}

export interface Member {
  sex: WorldSex;
  birthDay: number;
  relationship: WorldRelationship;
  maritalStatus: WorldMaritalStatus;
  marriageDay: number | null;
  religion: WorldReligion;
  lineage: Lineage;
  name: string;
  motherName: string;
  fatherName: string;
  /** Parents when they are members of the same KK (resolved after assembly), else null. */
  mother: Member | null;
  father: Member | null;
  /** Ethnicity of the (possibly invented) mother, used if she is added to the household. */
  motherEthnicity: Ethnicity;
  /** Born into this household (a child or grandchild), hence where the family lived. */
  bornHere: boolean;
}

export interface Household {
  members: Member[];
  /** Latest birth or marriage among the members: a KK is (re)issued after such an event. */
  latestEventDay: number;
}

const MUSLIM_STYLE: ReadonlySet<Ethnicity> = new Set(['JAVANESE', 'SUNDANESE', 'BETAWI', 'MINANG', 'OTHER_MUSLIM']);

const RANK: Record<WorldRelationship, number> = {
  HEAD: 0, HUSBAND: 1, WIFE: 1, CHILD: 2, CHILD_IN_LAW: 3, GRANDCHILD: 4,
  PARENT: 5, PARENT_IN_LAW: 6, OTHER_RELATIVE: 7, HOUSEHOLD_HELPER: 8, OTHER: 9,
};

const GRANDCHILDREN = new WeightedTable<number>([[0, 15], [1, 35], [2, 35], [3, 15]]);
const PARENTS_PRESENT = new WeightedTable<'MOTHER' | 'FATHER' | 'BOTH'>([['MOTHER', 70], ['FATHER', 12], ['BOTH', 18]]);
const SINGLE_PARENT_CASE = new WeightedTable<'WIDOW' | 'WIDOWER' | 'DIVORCED_WOMAN' | 'DIVORCED_MAN'>([
  ['WIDOW', 62], ['WIDOWER', 10], ['DIVORCED_WOMAN', 20], ['DIVORCED_MAN', 8],
]);
const HELPER_STATUS = new WeightedTable<WorldMaritalStatus>([['SINGLE', 55], ['MARRIED', 25], ['WIDOWED', 12], ['DIVORCED', 8]]);
const HELPER_ETHNICITY = new WeightedTable<Ethnicity>([['JAVANESE', 55], ['SUNDANESE', 45]]);

interface Couple {
  husband: Member;
  wife: Member;
  marriageDay: number;
}

/** Builds one household at a time; holds only the per-run constants. */
export class HouseholdBuilder {
  private readonly religions: WeightedTable<WorldReligion>;

  constructor(
    private readonly rng: Random,
    private readonly referenceDay: number,
    private readonly regencyCode: string,
  ) {
    this.religions = religionTable(regencyCode);
  }

  build(): Household {
    const religion = this.religions.draw(this.rng);
    const kind = HOUSEHOLD_KIND.draw(this.rng);
    const members =
      kind === 'COUPLE' ? this.coupleHousehold(religion)
        : kind === 'SINGLE_PARENT' ? this.singleParentHousehold(religion)
          : kind === 'THREE_GENERATIONS' ? this.threeGenerationHousehold(religion)
            : this.aloneHousehold(religion);
    return finish(members);
  }

  // ---- households --------------------------------------------------------------------------

  private coupleHousehold(religion: WorldReligion): Member[] {
    const { husband, wife, children } = this.family(religion, this.band(COUPLE_HEAD_AGE), DESIRED_CHILDREN.draw(this.rng));
    // Very rarely the wife is registered as head and the husband as SUAMI.
    const [head, spouse] = this.rng.chance(0.01) ? [wife, husband] : [husband, wife];
    head.relationship = 'HEAD';
    spouse.relationship = spouse.sex === 'MALE' ? 'HUSBAND' : 'WIFE';
    const members = [head, spouse, ...children.filter((c) => this.staysHome(c))];
    if (ageOn(head.birthDay, this.referenceDay) <= 62 && this.rng.chance(0.1)) members.push(...this.parentsOf(this.rng.chance(0.55) ? head : spouse, head));
    this.addExtras(members, head, 0.04, 0.025);
    return members;
  }

  private singleParentHousehold(religion: WorldReligion): Member[] {
    const [youngest, oldest] = COUPLE_HEAD_AGE.draw(this.rng);
    const { husband, wife, children } = this.family(religion, this.rng.int(max(youngest, 26), max(oldest, 26)), max(1, DESIRED_CHILDREN.draw(this.rng)));
    const situation = SINGLE_PARENT_CASE.draw(this.rng);
    const head = situation === 'WIDOW' || situation === 'DIVORCED_WOMAN' ? wife : husband;
    head.relationship = 'HEAD';
    head.maritalStatus = situation.startsWith('DIVORCED') ? 'DIVORCED' : 'WIDOWED';
    const members = [head, ...children.filter((c) => this.staysHome(c))];
    if (ageOn(head.birthDay, this.referenceDay) <= 62 && this.rng.chance(0.08)) members.push(...this.parentsOf(head, head));
    this.addExtras(members, head, 0.04, 0.015);
    return members;
  }

  private threeGenerationHousehold(religion: WorldReligion): Member[] {
    const { husband, wife, children } = this.family(religion, this.band(ELDER_HEAD_AGE), max(2, DESIRED_CHILDREN.draw(this.rng)));
    const grown = children.filter((c) => ageOn(c.birthDay, this.referenceDay) >= 22);
    const elders: Member[] = [];
    if (this.rng.chance(0.65)) {
      husband.relationship = 'HEAD';
      wife.relationship = 'WIFE';
      elders.push(husband, wife);
    } else {
      const head = this.rng.chance(0.75) ? wife : husband;
      head.relationship = 'HEAD';
      head.maritalStatus = 'WIDOWED';
      elders.push(head);
    }
    const head = elders[0] as Member;
    if (grown.length === 0) {
      const members = [...elders, ...children.filter((c) => this.staysHome(c))];
      this.addExtras(members, head, 0.03, 0.03);
      return members;
    }
    const married = this.rng.pick(grown);
    const members = [...elders, ...children.filter((c) => c === married || this.staysHome(c))];
    members.push(...this.childsFamily(married));
    this.addExtras(members, head, 0.03, 0.03);
    return members;
  }

  private aloneHousehold(religion: WorldReligion): Member[] {
    const roll = this.rng.next();
    let member: Member;
    if (roll < 0.5) {
      const sex: WorldSex = this.rng.chance(0.55) ? 'MALE' : 'FEMALE';
      member = this.adult(this.newLineage(religion), religion, sex, this.birthForAge(this.rng.int(22, 40)), 'SINGLE', null);
    } else if (roll < 0.82) {
      const sex: WorldSex = this.rng.chance(0.75) ? 'FEMALE' : 'MALE';
      const birth = this.birthForAge(this.rng.int(60, 90));
      member = this.adult(this.newLineage(religion), religion, sex, birth, 'WIDOWED', this.pastMarriage(birth, sex));
    } else {
      const sex: WorldSex = this.rng.chance(0.5) ? 'FEMALE' : 'MALE';
      const birth = this.birthForAge(this.rng.int(28, 65));
      member = this.adult(this.newLineage(religion), religion, sex, birth, 'DIVORCED', this.pastMarriage(birth, sex));
    }
    member.relationship = 'HEAD';
    const members = [member];
    this.addExtras(members, member, 0.03, ageOn(member.birthDay, this.referenceDay) >= 70 ? 0.08 : 0.005);
    return members;
  }

  // ---- building blocks ---------------------------------------------------------------------

  /** A married couple (husband aged `husbandAge`) with the children they had by now. */
  private family(religion: WorldReligion, husbandAge: number, desiredChildren: number): Couple & { children: Member[] } {
    const couple = this.couple(religion, husbandAge);
    const children = this.births(couple.marriageDay, couple.wife.birthDay, desiredChildren)
      .map((day, i) => this.child(couple.husband, couple.wife, day, i + 1, 'CHILD'));
    return { ...couple, children };
  }

  private couple(religion: WorldReligion, husbandAge: number): Couple {
    const rng = this.rng;
    let gap = SPOUSE_AGE_GAP.draw(rng);
    if (husbandAge - gap < 19) gap = husbandAge - 19;
    const wifeAge = husbandAge - gap;
    const husbandBirth = this.birthForAge(husbandAge);
    const wifeBirth = this.birthForAge(wifeAge);
    const [lo, hi] = WIFE_MARRIAGE_AGE.draw(rng);
    const ageAtMarriage = min(wifeAge, max(19, 19 - gap, rng.int(lo, hi)));
    const marriageDay = this.clampMarriage(addYears(wifeBirth, ageAtMarriage) + rng.int(0, 364), [husbandBirth, wifeBirth]);
    const husbandLineage = this.newLineage(religion);
    const wifeLineage = this.spouseLineage(religion, husbandLineage);
    return {
      husband: this.adult(husbandLineage, religion, 'MALE', husbandBirth, 'MARRIED', marriageDay),
      wife: this.adult(wifeLineage, religion, 'FEMALE', wifeBirth, 'MARRIED', marriageDay),
      marriageDay,
    };
  }

  /** Birth days of a couple's children, stopping at the reference date or the mother's 45th year. */
  private births(marriageDay: number, motherBirth: number, desired: number): number[] {
    const days: number[] = [];
    let day = marriageDay + this.rng.int(280, 1100);
    while (days.length < desired && day < this.referenceDay && ageOn(motherBirth, day) < 45) {
      days.push(day);
      day += this.rng.int(550, 2200);
    }
    return days;
  }

  private child(father: Member, mother: Member, birthDay: number, birthOrder: number, relationship: WorldRelationship): Member {
    const sex: WorldSex = this.rng.chance(0.51) ? 'MALE' : 'FEMALE';
    const lineage = father.lineage;
    return {
      sex,
      birthDay,
      relationship,
      maritalStatus: 'SINGLE',
      marriageDay: null,
      religion: father.religion,
      lineage,
      name: this.nameFor(lineage, father.religion, sex, yearOf(birthDay), birthOrder, father.name),
      motherName: mother.name,
      fatherName: father.name,
      mother,
      father,
      motherEthnicity: mother.lineage.ethnicity,
      bornHere: true,
    };
  }

  /** An adult founding member, with invented parents who live elsewhere. */
  private adult(lineage: Lineage, religion: WorldReligion, sex: WorldSex, birthDay: number, maritalStatus: WorldMaritalStatus, marriageDay: number | null): Member {
    const rng = this.rng;
    const year = yearOf(birthDay);
    const fatherName = this.nameFor(lineage, religion, 'MALE', year - rng.int(24, 38), rng.int(1, 4), null);
    const motherEthnicity = rng.chance(SAME_ETHNICITY_MARRIAGE) ? lineage.ethnicity : ethnicityTable(this.regencyCode, religion).draw(rng);
    const motherName = personName(rng, {
      ethnicity: motherEthnicity, religion, sex: 'FEMALE', birthYear: year - rng.int(20, 35),
      surname: lineageSurname(rng, motherEthnicity, lineage.surname), birthOrder: rng.int(1, 4),
    });
    return {
      sex,
      birthDay,
      relationship: 'OTHER',
      maritalStatus,
      marriageDay,
      religion,
      lineage,
      name: this.nameFor(lineage, religion, sex, year, rng.int(1, 4), fatherName),
      motherName,
      fatherName,
      mother: null,
      father: null,
      motherEthnicity,
      bornHere: false,
    };
  }

  /** The grown child who stays with spouse (CHILD_IN_LAW) and their children (GRANDCHILD). */
  private childsFamily(child: Member): Member[] {
    const rng = this.rng;
    const age = ageOn(child.birthDay, this.referenceDay);
    const marriageDay = this.clampMarriage(addYears(child.birthDay, rng.int(19, min(age, 33))) + rng.int(0, 364), [child.birthDay]);
    // Husbands are usually a few years older than their wives, and at least 19 at the wedding.
    const offset = child.sex === 'MALE' ? rng.int(0, 6) : -rng.int(0, 7);
    const spouseBirth = min(addYears(child.birthDay, offset) + rng.int(-180, 180), addYears(marriageDay, -19));
    const spouseSex: WorldSex = child.sex === 'MALE' ? 'FEMALE' : 'MALE';
    const spouse = this.adult(this.spouseLineage(child.religion, child.lineage), child.religion, spouseSex, spouseBirth, 'MARRIED', marriageDay);
    spouse.relationship = 'CHILD_IN_LAW';
    child.maritalStatus = 'MARRIED';
    child.marriageDay = marriageDay;
    const [father, mother] = child.sex === 'MALE' ? [child, spouse] : [spouse, child];
    const grandchildren = this.births(marriageDay, mother.birthDay, GRANDCHILDREN.draw(rng))
      .map((day, i) => this.child(father, mother, day, i + 1, 'GRANDCHILD'));
    // One in five: the marriage ended and the child came home with the grandchildren.
    if (rng.chance(0.2)) {
      child.maritalStatus = rng.chance(0.7) ? 'DIVORCED' : 'WIDOWED';
      return grandchildren;
    }
    return [spouse, ...grandchildren];
  }

  /** Parents of `child` (head or spouse) moving in, as PARENT or PARENT_IN_LAW of `head`. */
  private parentsOf(child: Member, head: Member): Member[] {
    const rng = this.rng;
    const motherAgeAtBirth = rng.int(20, 38);
    const motherBirth = addYears(child.birthDay, -motherAgeAtBirth) - rng.int(0, 364);
    if (ageOn(motherBirth, this.referenceDay) > 95) return [];
    const fatherBirth = addYears(motherBirth, -max(0, SPOUSE_AGE_GAP.draw(rng))) - rng.int(0, 200);
    const present = ageOn(fatherBirth, this.referenceDay) > 97 ? 'MOTHER' : PARENTS_PRESENT.draw(rng);
    const marriageDay = this.clampMarriage(addYears(child.birthDay, -rng.int(1, min(4, motherAgeAtBirth - 19))) - rng.int(0, 300), [motherBirth, fatherBirth]);
    const relationship: WorldRelationship = child === head ? 'PARENT' : 'PARENT_IN_LAW';
    const status: WorldMaritalStatus = present === 'BOTH' ? 'MARRIED' : 'WIDOWED';
    const out: Member[] = [];
    if (present !== 'MOTHER') {
      const father = this.adult(child.lineage, child.religion, 'MALE', fatherBirth, status, marriageDay);
      father.name = child.fatherName;
      father.relationship = relationship;
      child.father = father;
      out.push(father);
    }
    if (present !== 'FATHER') {
      // Her own family name, if her people have one, is the last word of her name.
      const surname = lineageSurname(rng, child.motherEthnicity) === null ? null : lastWord(child.motherName);
      const lineage: Lineage = { ethnicity: child.motherEthnicity, surname, sonsTakeFathersName: false };
      const mother = this.adult(lineage, child.religion, 'FEMALE', motherBirth, status, marriageDay);
      mother.name = child.motherName;
      mother.relationship = relationship;
      child.mother = mother;
      out.push(mother);
    }
    return out;
  }

  /** Occasionally a relative (FAMILI LAIN) and/or a live-in domestic worker (PEMBANTU). */
  private addExtras(members: Member[], head: Member, relativeChance: number, helperChance: number): void {
    if (this.rng.chance(relativeChance)) members.push(this.relative(head));
    if (this.rng.chance(helperChance)) members.push(this.helper(head.religion));
  }

  private relative(head: Member): Member {
    const rng = this.rng;
    const sex: WorldSex = rng.chance(0.5) ? 'MALE' : 'FEMALE';
    const headAge = ageOn(head.birthDay, this.referenceDay);
    let member: Member;
    if (rng.chance(0.5) && headAge <= 70) {
      // A younger or older sibling: same parents, same family name.
      const age = max(15, min(85, headAge + rng.int(-12, 12)));
      member = this.adult(head.lineage, head.religion, sex, this.birthForAge(age), 'SINGLE', null);
      member.fatherName = head.fatherName;
      member.motherName = head.motherName;
      member.mother = head.mother;
      member.father = head.father;
      member.name = this.nameFor(head.lineage, head.religion, sex, yearOf(member.birthDay), rng.int(1, 4), head.fatherName);
    } else {
      // A nephew or niece, from the head's own line or a sister's.
      const lineage = rng.chance(0.5) ? head.lineage : this.newLineage(head.religion);
      member = this.adult(lineage, head.religion, sex, this.birthForAge(rng.int(6, 28)), 'SINGLE', null);
    }
    member.relationship = 'OTHER_RELATIVE';
    const age = ageOn(member.birthDay, this.referenceDay);
    if (age >= 25 && rng.chance(0.15)) {
      member.maritalStatus = rng.chance(0.55) ? 'DIVORCED' : 'WIDOWED';
      member.marriageDay = this.pastMarriage(member.birthDay, sex);
    }
    return member;
  }

  private helper(familyReligion: WorldReligion): Member {
    const rng = this.rng;
    const religion: WorldReligion = rng.chance(0.92) ? 'ISLAM' : familyReligion;
    const ethnicity = religion === 'ISLAM' ? HELPER_ETHNICITY.draw(rng) : ethnicityTable(this.regencyCode, religion).draw(rng);
    const lineage: Lineage = { ethnicity, surname: lineageSurname(rng, ethnicity), sonsTakeFathersName: false };
    const sex: WorldSex = rng.chance(0.85) ? 'FEMALE' : 'MALE';
    const birth = this.birthForAge(rng.int(18, 55));
    const status = ageOn(birth, this.referenceDay) < 21 ? 'SINGLE' : HELPER_STATUS.draw(rng);
    const member = this.adult(lineage, religion, sex, birth, status, status === 'SINGLE' ? null : this.pastMarriage(birth, sex));
    member.relationship = 'HOUSEHOLD_HELPER';
    return member;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private newLineage(religion: WorldReligion): Lineage {
    const ethnicity = ethnicityTable(this.regencyCode, religion).draw(this.rng);
    return {
      ethnicity,
      surname: lineageSurname(this.rng, ethnicity),
      sonsTakeFathersName: MUSLIM_STYLE.has(ethnicity) && this.rng.chance(0.3),
    };
  }

  private spouseLineage(religion: WorldReligion, partner: Lineage): Lineage {
    const ethnicity = this.rng.chance(SAME_ETHNICITY_MARRIAGE) ? partner.ethnicity : ethnicityTable(this.regencyCode, religion).draw(this.rng);
    return { ethnicity, surname: lineageSurname(this.rng, ethnicity, partner.surname), sonsTakeFathersName: false };
  }

  /**
   * A name in the lineage's style. Clan names (marga, fam, Chinese surnames) go to sons and
   * daughters; a father's last name, in families that pass it on, only to sons.
   */
  private nameFor(lineage: Lineage, religion: WorldReligion, sex: WorldSex, birthYear: number, birthOrder: number, fatherName: string | null): string {
    let surname = lineage.surname;
    if (!surname && lineage.sonsTakeFathersName && sex === 'MALE' && fatherName) surname = lastWord(fatherName);
    return personName(this.rng, { ethnicity: lineage.ethnicity, religion, sex, birthYear, surname, birthOrder });
  }

  private band(table: WeightedTable<readonly [number, number]>): number {
    const [youngest, oldest] = table.draw(this.rng);
    return this.rng.int(youngest, oldest);
  }

  /** A birth day giving exactly `age` completed years on the reference date. */
  private birthForAge(age: number): number {
    const earliest = addYears(this.referenceDay, -(age + 1)) + 1;
    const latest = min(addYears(this.referenceDay, -age), this.referenceDay - 1);
    return this.rng.int(earliest, latest);
  }

  /** Marriage no earlier than everyone's 19th birthday and no later than the day before reference. */
  private clampMarriage(day: number, births: readonly number[]): number {
    let earliest = NEVER;
    for (const b of births) earliest = max(earliest, addYears(b, 19));
    return min(max(day, earliest), this.referenceDay - 1);
  }

  /** Marriage date of someone now widowed or divorced. */
  private pastMarriage(birthDay: number, sex: WorldSex): number {
    const age = ageOn(birthDay, this.referenceDay);
    const at = sex === 'FEMALE' ? this.rng.int(19, 30) : this.rng.int(21, 33);
    return this.clampMarriage(addYears(birthDay, min(at, max(19, age - 1))) + this.rng.int(0, 364), [birthDay]);
  }

  private staysHome(child: Member): boolean {
    return !this.rng.chance(leftHome(ageOn(child.birthDay, this.referenceDay)));
  }
}

/** KK order (head, spouse, children eldest first, ...) and in-household parent links only. */
function finish(members: Member[]): Household {
  let latestEventDay = NEVER;
  for (const m of members) {
    if (m.mother && !members.includes(m.mother)) m.mother = null;
    if (m.father && !members.includes(m.father)) m.father = null;
    latestEventDay = max(latestEventDay, m.birthDay, m.marriageDay ?? NEVER);
  }
  members.sort((a, b) => RANK[a.relationship] - RANK[b.relationship] || a.birthDay - b.birthDay);
  return { members, latestEventDay };
}
