/**
 * The civil register's vocabulary in domain terms, shared by every layer that speaks it: ports,
 * the synthetic world and (through the SDL enums of the same names) the schema. Legacy codes for
 * these values live only in adapters and emulators.
 */
export type Sex = 'MALE' | 'FEMALE';
export type Religion = 'ISLAM' | 'PROTESTANT' | 'CATHOLIC' | 'HINDU' | 'BUDDHIST' | 'CONFUCIAN' | 'BELIEF_OR_OTHER';
export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
/** Relationship to the head of family, as on the KK. */
export type FamilyRelationship =
  | 'HEAD' | 'HUSBAND' | 'WIFE' | 'CHILD' | 'CHILD_IN_LAW' | 'GRANDCHILD'
  | 'PARENT' | 'PARENT_IN_LAW' | 'OTHER_RELATIVE' | 'HOUSEHOLD_HELPER' | 'OTHER';
/** Highest education, in ascending order. */
export type Education =
  | 'NONE' | 'PRIMARY_INCOMPLETE' | 'PRIMARY' | 'JUNIOR_SECONDARY' | 'SENIOR_SECONDARY'
  | 'DIPLOMA_I_II' | 'DIPLOMA_III' | 'BACHELOR' | 'MASTER' | 'DOCTORATE';
