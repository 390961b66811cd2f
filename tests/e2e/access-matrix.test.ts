import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { siakEmulator } from '@sim/siak/emulator';
import { ikdEmulator } from '@sim/ikd/emulator';
import { kiaEmulator } from '@sim/kia/emulator';
import { ktpCetakEmulator } from '@sim/ktp-cetak/emulator';
import { ktpRekamEmulator } from '@sim/ktp-rekam/emulator';
import { recordEnrolment, setEnrolmentStatus } from '@sim/ktp-rekam/back-office';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { sampleMarriageDeeds } from '@sim/akta-kawin/back-office';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { sampleAnnotations } from '@sim/capil-perubahan/back-office';
import { arsipEmulator } from '@sim/arsip/emulator';
import { orangAsingEmulator } from '@sim/orang-asing/emulator';
import { pindahDatangEmulator } from '@sim/pindah-datang/emulator';
import { pindahKeluarEmulator } from '@sim/pindah-keluar/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { ojolEmulator } from '@sim/ojol/emulator';
import { requestId } from '../../subgraphs/services/src/ids';
import type { Knex } from 'knex';
import { locateAppFolders } from '@core/files/app-folders';
import { ROLES, SAFELISTED_ROLES, type Role } from '@core/context/roles';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { accessRulesOf, withoutAccessRules } from '../../gateway/src/authorization/rules';
import { operationId } from '../../gateway/src/persisted-operations';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Who may see what, field by field: every role against every field of the committed supergraph,
 * through the gateway, asserting allowed / denied / masked as specified below. The specification
 * is this table, not the schema: a field added to the supergraph without a row here fails the
 * first test, and a row whose outcome the rules do not produce fails the matrix.
 *
 * Roles: ANONYMOUS (no token) plus every role of core/context/roles.ts, each with the claims its
 * token would carry (a resident is the person looked up; an officer serves the whole city; a
 * kelurahan operator the person's kelurahan).
 */
type Caller = Role | 'ANONYMOUS';
type Outcome = 'allow' | 'deny' | 'mask';
const CALLERS: readonly Caller[] = ['ANONYMOUS', ...ROLES];

/** Builds an expectation: the listed callers get the outcome, everyone else is denied. */
function only(outcomes: Partial<Record<Caller, Outcome>>): Record<Caller, Outcome> {
  return Object.fromEntries(CALLERS.map((c) => [c, outcomes[c] ?? 'deny'])) as Record<Caller, Outcome>;
}

const allow = (...callers: Caller[]): Partial<Record<Caller, Outcome>> => Object.fromEntries(callers.map((c) => [c, 'allow']));
const mask = (...callers: Caller[]): Partial<Record<Caller, Outcome>> => Object.fromEntries(callers.map((c) => [c, 'mask']));

/** Residents themselves, and staff who work with the register. */
const PERSONAL = only(allow('RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));
/** Also to a partner regency verifying an identity. */
const VERIFIABLE = only(allow('RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR', 'PARTNER_SERVICE'));
/** Anyone who may look a resident up at all. */
const ON_LOOKUP = only(allow('RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR', 'PARTNER_SERVICE', 'KIOSK'));
/** NIK: in clear for the resident and for officers; masked for kelurahan operators and machines. */
const NIK = only({ ...allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'), ...mask('KELURAHAN_OPERATOR', 'KIOSK', 'PARTNER_SERVICE') });
const KK = only({ ...allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'), ...mask('KELURAHAN_OPERATOR') });
/** NIKs on deeds: only roles that may read deeds reach them; masked for kelurahan operators. */
const NIK_OF_DEED = KK;
/** Parents' NIKs: never to channels, and only to roles that may read identifiers. */
const PARENT_NIK = only(allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'));
const SEARCH = only(allow('OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));

/**
 * Every field of the supergraph: its expected outcome per caller, and how a query reaches it
 * (`$nik`, `$kk` and `$region` are the person looked up, their card and their kelurahan).
 */
/**
 * Whose record a row reads: `person` (a living, married resident with a birth deed), or someone
 * with a deed of the kind the row is about. A resident's token is for the subject (or, for the
 * deceased, a living member of their family card), so rows test field rules, not row rules.
 */
type Subject = 'person' | 'deceased' | 'married' | 'divorced' | 'annotated' | 'moved' | 'arrived' | 'archived' | 'foreigner' | 'signature' | 'qr' | 'applied' | 'complained';
const MATRIX: Record<string, { expect: Record<Caller, Outcome>; query: string; subject: Subject }> = {};
function field(coordinate: string, expect: Record<Caller, Outcome>, query: string, subject: Subject = 'person'): void {
  MATRIX[coordinate] = { expect, query, subject };
}
const onResident = (selection: string) => `query ($nik: String!) { resident(nik: $nik) { ${selection} } }`;
const onFamily = (selection: string) => `query ($kk: String!) { family(number: $kk) { ${selection} } }`;
const onSearch = (selection: string) => `query ($region: String!) { residents(filter: { regionCode: $region }, first: 2) { ${selection} } }`;

field('Query.resident', ON_LOOKUP, onResident('name'));
field('Query.family', PERSONAL, onFamily('headName'));
field('Query.residents', SEARCH, onSearch('pageInfo { hasNextPage }'));
field('Resident.nik', NIK, onResident('nik'));
field('Resident.name', ON_LOOKUP, onResident('name'));
field('Resident.sex', ON_LOOKUP, onResident('sex'));
for (const name of ['birthPlace', 'birthDate', 'age', 'alive']) field(`Resident.${name}`, VERIFIABLE, onResident(name));
for (const name of ['bloodType', 'religion', 'maritalStatus', 'relationship', 'education', 'updatedAt']) field(`Resident.${name}`, PERSONAL, onResident(name));
field('Resident.occupation', PERSONAL, onResident('occupation { code }'));
field('Occupation.code', PERSONAL, onResident('occupation { code }'));
field('Occupation.label', PERSONAL, onResident('occupation { label }'));
field('Resident.family', PERSONAL, onResident('family { headName }'));
field('Resident.address', PERSONAL, onResident('address { rt }'));
field('Resident.mother', PERSONAL, onResident('mother { name }'));
field('Resident.father', PERSONAL, onResident('father { name }'));
field('Parent.name', PERSONAL, onResident('mother { name }'));
field('Parent.nik', PARENT_NIK, onResident('mother { nik }'));
field('Family.number', KK, onFamily('number'));
field('Family.headName', PERSONAL, onFamily('headName'));
field('Family.head', PERSONAL, onFamily('head { name }'));
field('Family.members', PERSONAL, onFamily('members { name }'));
field('Family.address', PERSONAL, onFamily('address { rt }'));
field('Family.updatedAt', PERSONAL, onFamily('updatedAt'));
for (const name of ['street', 'rt', 'rw', 'hamlet', 'postalCode']) field(`Address.${name}`, PERSONAL, onResident(`address { ${name} }`));
for (const name of ['kelurahan', 'kecamatan', 'regency', 'province']) field(`Address.${name}`, PERSONAL, onResident(`address { ${name} { code } }`));
field('Region.code', PERSONAL, onResident('address { kelurahan { code } }'));
field('Region.name', PERSONAL, onResident('address { kelurahan { name } }'));
field('ResidentConnection.edges', SEARCH, onSearch('edges { cursor }'));
field('ResidentConnection.pageInfo', SEARCH, onSearch('pageInfo { hasNextPage }'));
field('ResidentEdge.cursor', SEARCH, onSearch('edges { cursor }'));
field('ResidentEdge.node', SEARCH, onSearch('edges { node { name } }'));
field('PageInfo.hasNextPage', SEARCH, onSearch('pageInfo { hasNextPage }'));
field('PageInfo.endCursor', SEARCH, onSearch('pageInfo { endCursor }'));

/** The personal-data trail: a resident their own, auditors and administrators any of their tenant. */
const TRAIL = only(allow('RESIDENT', 'AUDITOR', 'ADMINISTRATOR'));
const TRAIL_WHO = only(allow('AUDITOR', 'ADMINISTRATOR'));
const onTrail = (selection: string) => `query ($nik: String!) { personalDataAccesses(nik: $nik, first: 1) { ${selection} } }`;
field('Query.personalDataAccesses', TRAIL, onTrail('pageInfo { hasNextPage }'));
field('PersonalDataAccessConnection.edges', TRAIL, onTrail('edges { cursor }'));
field('PersonalDataAccessConnection.pageInfo', TRAIL, onTrail('pageInfo { hasNextPage }'));
field('PersonalDataAccessEdge.cursor', TRAIL, onTrail('edges { cursor }'));
field('PersonalDataAccessEdge.node', TRAIL, onTrail('edges { node { at } }'));
for (const name of ['at', 'access', 'operation', 'purpose', 'roles', 'institution']) field(`PersonalDataAccess.${name}`, TRAIL, onTrail(`edges { node { ${name} } }`));
for (const name of ['accessedBy', 'requestId']) field(`PersonalDataAccess.${name}`, TRAIL_WHO, onTrail(`edges { node { ${name} } }`));

/** Civil-registry deeds: read like the rest of the register; numbers masked as KK numbers are. */
const DEED_NUMBER = KK;
const WRITE = only(allow('OFFICER', 'ADMINISTRATOR'));
const deedQuery = (root: string, selection: string) => `query ($deed: String!) { ${root}(number: $deed) { ${selection} } }`;
field('Query.birthDeed', PERSONAL, deedQuery('birthDeed', 'childName'));
field('Query.deathDeed', PERSONAL, deedQuery('deathDeed', 'name'), 'deceased');
field('Query.marriageDeed', PERSONAL, deedQuery('marriageDeed', 'marriedOn'), 'married');
field('Query.divorceDeed', PERSONAL, deedQuery('divorceDeed', 'registeredOn'), 'divorced');
field('Resident.birthDeed', PERSONAL, onResident('birthDeed { childName }'));
field('Resident.deathDeed', PERSONAL, onResident('deathDeed { name }'), 'deceased');
field('Resident.marriageDeeds', PERSONAL, onResident('marriageDeeds { marriedOn }'), 'married');
field('Resident.divorceDeeds', PERSONAL, onResident('divorceDeeds { registeredOn }'), 'divorced');
field('Resident.courtOrderedChanges', PERSONAL, onResident('courtOrderedChanges { court }'), 'annotated');
field('BirthDeed.number', DEED_NUMBER, deedQuery('birthDeed', 'number'));
field('BirthDeed.childNik', NIK_OF_DEED, deedQuery('birthDeed', 'childNik'));
for (const name of ['childName', 'sex', 'birthPlace', 'birthDate', 'registeredOn', 'lateRegistration']) field(`BirthDeed.${name}`, PERSONAL, deedQuery('birthDeed', name));
for (const name of ['mother', 'father']) field(`BirthDeed.${name}`, PERSONAL, deedQuery('birthDeed', `${name} { name }`));
field('DeedParent.name', PERSONAL, deedQuery('birthDeed', 'mother { name }'));
field('DeedParent.nik', PARENT_NIK, deedQuery('birthDeed', 'mother { nik }'));
field('DeathDeed.number', DEED_NUMBER, deedQuery('deathDeed', 'number'), 'deceased');
field('DeathDeed.nik', NIK_OF_DEED, deedQuery('deathDeed', 'nik'), 'deceased');
for (const name of ['name', 'dateOfDeath', 'timeOfDeath', 'placeOfDeath', 'cause', 'reporterName', 'registeredOn']) field(`DeathDeed.${name}`, PERSONAL, deedQuery('deathDeed', name), 'deceased');
field('MarriageDeed.number', DEED_NUMBER, deedQuery('marriageDeed', 'number'), 'married');
for (const name of ['marriedOn', 'registeredOn', 'place', 'religiousInstitution']) field(`MarriageDeed.${name}`, PERSONAL, deedQuery('marriageDeed', name), 'married');
for (const name of ['husband', 'wife']) field(`MarriageDeed.${name}`, PERSONAL, deedQuery('marriageDeed', `${name} { name }`), 'married');
field('Spouse.name', PERSONAL, deedQuery('marriageDeed', 'husband { name }'), 'married');
field('Spouse.nik', NIK_OF_DEED, deedQuery('marriageDeed', 'husband { nik }'), 'married');
field('DivorceDeed.number', DEED_NUMBER, deedQuery('divorceDeed', 'number'), 'divorced');
field('DivorceDeed.marriageDeedNumber', DEED_NUMBER, deedQuery('divorceDeed', 'marriageDeedNumber'), 'divorced');
for (const name of ['marriedOn', 'courtDecisionNumber', 'courtDecisionDate', 'court', 'filedBy', 'registeredOn']) field(`DivorceDeed.${name}`, PERSONAL, deedQuery('divorceDeed', name), 'divorced');
for (const name of ['husband', 'wife']) field(`DivorceDeed.${name}`, PERSONAL, deedQuery('divorceDeed', `${name} { name }`), 'divorced');
for (const name of ['number', 'change', 'courtOrderNumber', 'court', 'courtOrderDate', 'previousName', 'newName', 'recordedOn', 'annulled']) field(`CourtOrderedChange.${name}`, PERSONAL, onResident(`courtOrderedChanges { ${name} }`), 'annotated');

/**
 * Registrations: staff who work the counters write, and follow what they wrote. An unknown key
 * answers null, and a mutation with input the subgraph refuses (BAD_USER_INPUT) still shows the
 * caller was let through: no record is written by the matrix.
 */
const followQuery = (root: string, selection: string) => `query { ${root}(idempotencyKey: "matrix-none") { ${selection} } }`;
const REGISTRATIONS: Array<[string, string]> = [['DeathRegistration', 'deathRegistration'], ['BirthRegistration', 'birthRegistration'], ['MarriageRegistration', 'marriageRegistration'], ['CourtOrderedChangeRequest', 'courtOrderedChangeRequest']];
for (const [type, root] of REGISTRATIONS) {
  field(`Query.${root}`, WRITE, followQuery(root, 'state'));
  const fields = ['idempotencyKey', 'reference', 'replayed', 'state', 'deliveries { app }', type === 'CourtOrderedChangeRequest' ? 'annotation { court }' : 'deed { registeredOn }'];
  if (type === 'CourtOrderedChangeRequest') fields.push('rejectionReason', 'processedOn');
  for (const selection of fields) field(`${type}.${selection.split(' ')[0]}`, WRITE, followQuery(root, selection));
}
for (const name of ['app', 'state', 'attempts', 'errorCode']) field(`Delivery.${name}`, WRITE, followQuery('deathRegistration', `deliveries { ${name} }`));
field('Mutation.registerDeath', WRITE, 'mutation { registerDeath(idempotencyKey: "matrix-refused", input: { nik: "123", dateOfDeath: "2026-01-01", placeOfDeath: "X", cause: ILLNESS, reporterName: "X" }) { state } }');
field('Mutation.registerBirth', WRITE, 'mutation { registerBirth(idempotencyKey: "matrix-refused", input: { childNik: "123", familyNumber: "123", childName: "X", sex: MALE, birthPlace: "X", birthDate: "2026-01-01", mother: { name: "X" } }) { state } }');
field('Mutation.registerMarriage', WRITE, 'mutation { registerMarriage(idempotencyKey: "matrix-refused", input: { husbandNik: "123", wifeNik: "123", marriedOn: "2026-01-01", religion: CATHOLIC, religiousInstitution: "X", witnesses: [] }) { state } }');
field('Mutation.fileCourtOrderedChange', WRITE, 'mutation { fileCourtOrderedChange(idempotencyKey: "matrix-refused", input: { nik: "123", change: NAME_CHANGE, courtOrder: { number: "X", court: "X", date: "2026-01-01" }, newName: "X" }) { state } }');
// Cards (KTP-el enrolment and print, KIA, IKD): the resident's own and staff who read the register.
const OWN_CARDS = only(allow('RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));
field('Resident.identityCard', OWN_CARDS, onResident('identityCard { __typename }'));
field('IdentityCard.enrolment', OWN_CARDS, onResident('identityCard { enrolment { status } }'));
field('IdentityCard.printJobs', OWN_CARDS, onResident('identityCard { printJobs { jobNumber } }'));
for (const name of ['status', 'enrolledOn', 'enrolledAt']) field(`Enrolment.${name}`, OWN_CARDS, onResident(`identityCard { enrolment { ${name} } }`));
field('Enrolment.office', OWN_CARDS, onResident('identityCard { enrolment { office { kind } } }'));
for (const name of ['kind', 'regionCode', 'name']) field(`EnrolmentOffice.${name}`, OWN_CARDS, onResident(`identityCard { enrolment { office { ${name} } } }`));
// Biometric capture is sensitive (not-a-channel); no channel role reaches a card at all anyway.
field('Enrolment.biometrics', OWN_CARDS, onResident('identityCard { enrolment { biometrics { photo } } }'));
for (const name of ['fingerprints', 'iris', 'photo', 'signature']) field(`BiometricsCaptured.${name}`, OWN_CARDS, onResident(`identityCard { enrolment { biometrics { ${name} } } }`));
for (const name of ['jobNumber', 'status', 'reason', 'requestedAt', 'printedOn', 'collectedOn', 'pickupPlace', 'failureNote']) field(`CardPrintJob.${name}`, OWN_CARDS, onResident(`identityCard { printJobs { ${name} } }`));
field('Resident.childIdCard', OWN_CARDS, onResident('childIdCard { cardNumber }'));
for (const name of ['cardNumber', 'status', 'reason', 'issuedOn', 'expiresOn', 'expired']) field(`ChildIdCard.${name}`, OWN_CARDS, onFamily(`childIdCards { ${name} }`));
field('ChildIdCard.child', OWN_CARDS, onFamily('childIdCards { child { name } }'));
field('Family.childIdCards', PERSONAL, onFamily('childIdCards { cardNumber }'));
field('Resident.digitalId', OWN_CARDS, onResident('digitalId { state }'));
for (const name of ['state', 'registeredAt', 'activatedAt', 'platform', 'suspensionNote']) field(`DigitalId.${name}`, OWN_CARDS, onResident(`digitalId { ${name} }`));
// A card print: counter staff and administrators (purpose stated), a resident for themself (the
// subgraph checks the NIK). Every caller asks with the same key, so one job is queued at most.
field(
  'Mutation.requestCardPrint',
  only(allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR')),
  'mutation ($nik: String!) { requestCardPrint(input: { nik: $nik, reason: DAMAGED, pickupPlace: "KANTOR DISDUKCAPIL" }, idempotencyKey: "access-matrix-print") { jobNumber } }',
);

// Moving (mobility subgraph): moves read like deeds; the people moving are residents; foreigners
// are for staff who work with the register; writes and their follow queries are counter work.
const onLetter = (selection: string) => `query ($deed: String!) { moveOutLetter(number: $deed) { ${selection} } }`;
const onArrivals = (selection: string) => `query ($nik: String!) { resident(nik: $nik) { arrivals { ${selection} } } }`;
field('Query.moveOutLetter', PERSONAL, onLetter('number'), 'moved');
field('Resident.moveOutLetters', PERSONAL, onResident('moveOutLetters { number }'), 'moved');
field('Resident.arrivals', PERSONAL, onResident('arrivals { number }'), 'arrived');
for (const name of ['number', 'status', 'scope', 'leavesCity', 'reason', 'movingMembers', 'moveDate', 'issuedAt']) field(`MoveOutLetter.${name}`, PERSONAL, onLetter(name), 'moved');
field('MoveOutLetter.familyCardNumber', KK, onLetter('familyCardNumber'), 'moved');
for (const name of ['applicant', 'movers']) field(`MoveOutLetter.${name}`, PERSONAL, onLetter(`${name} { name }`), 'moved');
for (const name of ['origin', 'destination']) field(`MoveOutLetter.${name}`, PERSONAL, onLetter(`${name} { regionCode }`), 'moved');
for (const name of ['regionCode', 'regionName', 'address']) field(`MovePlace.${name}`, PERSONAL, onLetter(`origin { ${name} }`), 'moved');
for (const name of ['number', 'moveOutLetterNumber', 'originRegionCode', 'newFamilyCardIssued', 'newIdCardsIssued', 'arrivalDate', 'recordedAt']) field(`Arrival.${name}`, PERSONAL, onArrivals(name), 'arrived');
field('Arrival.people', PERSONAL, onArrivals('people { name }'), 'arrived');
field('Arrival.destination', PERSONAL, onArrivals('destination { regionCode }'), 'arrived');

const FOREIGNERS = only(allow('OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));
const FOREIGN_ID = only({ ...allow('OFFICER', 'ADMINISTRATOR'), ...mask('KELURAHAN_OPERATOR') });
const onForeigner = (selection: string) => `query ($deed: String!) { foreignResident(passportNumber: $deed) { ${selection} } }`;
const onForeigners = (selection: string) => `query { foreignResidents(first: 1) { ${selection} } }`;
field('Query.foreignResident', FOREIGNERS, onForeigner('name'), 'foreigner');
field('Query.foreignResidents', FOREIGNERS, onForeigners('totalCount'), 'foreigner');
for (const name of ['registrationNumber', 'nationality', 'name', 'sex', 'birthDate', 'sponsor', 'kelurahanCode', 'registeredAt']) field(`ForeignResident.${name}`, FOREIGNERS, onForeigner(name), 'foreigner');
field('ForeignResident.passportNumber', FOREIGN_ID, onForeigner('passportNumber'), 'foreigner');
field('ForeignResident.permit', FOREIGNERS, onForeigner('permit { expiresOn }'), 'foreigner');
field('ForeignResident.address', FOREIGNERS, onForeigner('address { street }'), 'foreigner');
for (const name of ['type', 'expiresOn']) field(`StayPermit.${name}`, FOREIGNERS, onForeigner(`permit { ${name} }`), 'foreigner');
field('StayPermit.number', FOREIGN_ID, onForeigner('permit { number }'), 'foreigner');
for (const name of ['street', 'rt', 'rw']) field(`ForeignerAddress.${name}`, FOREIGNERS, onForeigner(`address { ${name} }`), 'foreigner');
field('ForeignerAddress.kelurahan', FOREIGNERS, onForeigner('address { kelurahan { code } }'), 'foreigner');
field('ForeignResidentConnection.totalCount', FOREIGNERS, onForeigners('totalCount'), 'foreigner');
field('ForeignResidentConnection.edges', FOREIGNERS, onForeigners('edges { cursor }'), 'foreigner');
field('ForeignResidentConnection.pageInfo', FOREIGNERS, onForeigners('pageInfo { hasNextPage }'), 'foreigner');
field('ForeignResidentEdge.cursor', FOREIGNERS, onForeigners('edges { cursor }'), 'foreigner');
field('ForeignResidentEdge.node', FOREIGNERS, onForeigners('edges { node { name } }'), 'foreigner');

const MOBILITY_REQUESTS: Array<[string, string, string[]]> = [
  ['MoveOutRequest', 'moveOutRequest', ['letterNumber', 'letter { number }']],
  ['MoveRegistration', 'moveRegistration', ['letterNumber', 'arrivalNumber', 'familyCardNumber', 'newFamilyCard']],
  ['ArrivalRegistration', 'arrivalRegistration', ['arrivalNumber']],
  ['ForeignerRegistration', 'foreignerRegistration', ['registrationNumber']],
];
for (const [type, root, own] of MOBILITY_REQUESTS) {
  field(`Query.${root}`, WRITE, followQuery(root, 'state'));
  for (const selection of ['idempotencyKey', 'reference', 'replayed', 'state', 'deliveries { app }', ...own]) field(`${type}.${selection.split(' ')[0]}`, WRITE, followQuery(root, selection));
}
for (const name of ['app', 'state', 'attempts', 'errorCode']) field(`MobilityDelivery.${name}`, WRITE, followQuery('moveRegistration', `deliveries { ${name} }`));
const place = '{ regionCode: "36.74.01.1001", street: "X", rt: 1, rw: 1 }';
field('Mutation.requestMoveOut', WRITE, `mutation { requestMoveOut(idempotencyKey: "matrix-refused", input: { familyCardNumber: "123", applicantNik: "123", movers: ["123"], destination: ${place}, reason: WORK, moveDate: "2026-01-01" }) { state } }`);
field('Mutation.moveWithinCity', WRITE, `mutation { moveWithinCity(idempotencyKey: "matrix-refused", input: { familyCardNumber: "123", applicantNik: "123", movers: ["123"], destination: ${place}, reason: WORK, moveDate: "2026-01-01" }) { state } }`);
field('Mutation.registerArrival', WRITE, `mutation { registerArrival(idempotencyKey: "matrix-refused", input: { moveOutLetterNumber: "X", arrivingNiks: ["123"], destination: ${place}, arrivalDate: "2026-01-01", newFamilyCard: false, newIdCards: false }) { state } }`);
field('Mutation.registerForeigner', WRITE, `mutation { registerForeigner(idempotencyKey: "matrix-refused", input: { passportNumber: "", nationality: "X", name: "X", sex: MALE, birthDate: "2026-01-01", permitType: KITAS, permitNumber: "X", permitExpiresOn: "2026-01-01", address: ${place} }) { state } }`);

// Documents: the QR check is public (what the paper shows); the archive is personal data of the
// owner; signatures and their requests are counter work.
const PUBLIC = only(allow('ANONYMOUS', ...ROLES));
const onVerify = (selection: string) => `query ($deed: String!) { verifyDocument(qrPayload: $deed) { ${selection} } }`;
field('Query.verifyDocument', PUBLIC, onVerify('verdict'), 'qr');
for (const name of ['verdict', 'genuine', 'current', 'revoked', 'note']) field(`DocumentVerification.${name}`, PUBLIC, onVerify(name), 'qr');
field('DocumentVerification.document', PUBLIC, onVerify('document { number }'), 'qr');
for (const name of ['type', 'number', 'signedAt', 'revokedAt', 'documentHash']) field(`VerifiedDocument.${name}`, PUBLIC, onVerify(`document { ${name} }`), 'qr');
field('VerifiedDocument.signer', PUBLIC, onVerify('document { signer { name } }'), 'qr');
for (const name of ['name', 'nip', 'position']) field(`Signer.${name}`, PUBLIC, onVerify(`document { signer { ${name} } }`), 'qr');

const onArchived = (selection: string) => `query ($deed: String!) { archivedDocument(archiveId: $deed) { ${selection} } }`;
field('Query.archivedDocument', PERSONAL, onArchived('type'), 'archived');
field('Resident.archivedDocuments', PERSONAL, onResident('archivedDocuments { type }'), 'archived');
for (const name of ['id', 'type', 'originalName', 'sizeBytes', 'contentType', 'checksum', 'archivedAt', 'integrity']) field(`ArchivedDocument.${name}`, PERSONAL, onArchived(name), 'archived');
field('ArchivedDocument.owner', PERSONAL, onArchived('owner { name }'), 'archived');

const onSignature = (selection: string) => `query ($deed: String!) { documentSignature(signatureId: $deed) { ${selection} } }`;
field('Query.documentSignature', WRITE, onSignature('type'), 'signature');
for (const name of ['id', 'type', 'number', 'documentHash', 'signedAt', 'qrPayload', 'status', 'revokedAt', 'revocationReason']) field(`DocumentSignature.${name}`, WRITE, onSignature(name), 'signature');
field('DocumentSignature.signer', WRITE, onSignature('signer { name }'), 'signature');
field('Query.documentSigning', WRITE, followQuery('documentSigning', 'state'));
for (const selection of ['idempotencyKey', 'reference', 'replayed', 'archiveId', 'state', 'deliveries { app }', 'signature { id }']) field(`DocumentSigning.${selection.split(' ')[0]}`, WRITE, followQuery('documentSigning', selection));
for (const name of ['app', 'state', 'attempts', 'errorCode']) field(`DocumentDelivery.${name}`, WRITE, followQuery('documentSigning', `deliveries { ${name} }`));
field('Mutation.signDocument', WRITE, 'mutation { signDocument(idempotencyKey: "matrix-refused", input: { archiveId: "X", documentNumber: "X" }) { state } }');
const revoke = (selection: string) => `mutation { revokeSignature(idempotencyKey: "matrix-refused", input: { signatureId: "X", reason: "matrix" }) { ${selection} } }`;
field('Mutation.revokeSignature', WRITE, revoke('state'));
for (const selection of ['idempotencyKey', 'signatureId', 'replayed', 'state', 'deliveries { app }', 'signature { id }']) field(`SignatureRevocation.${selection.split(' ')[0]}`, WRITE, revoke(selection));

// Service requests (services subgraph): personal data of the applicant, read like the register;
// worklists and counts are staff work; residents apply online and follow what they submitted;
// Sirena batches are kelurahan operators' work.
const onRequest = (selection: string) => `query ($deed: ID!) { serviceRequest(id: $deed) { ${selection} } }`;
const onWorklist = (selection: string) => `query { serviceRequests(first: 2) { ${selection} } }`;
const onCounts = (selection: string) => `query { serviceRequestCounts { ${selection} } }`;
const REQUESTS = only(allow('RESIDENT', 'OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));
const SUBMITTERS = REQUESTS;
const BATCHES = only(allow('KELURAHAN_OPERATOR', 'ADMINISTRATOR'));
field('Query.serviceRequest', REQUESTS, onRequest('status'), 'applied');
field('Resident.serviceRequests', REQUESTS, onResident('serviceRequests { status }'), 'applied');
for (const name of ['id', 'application', 'service', 'serviceName', 'channel', 'status', 'submittedAt', 'dueAt', 'overdue', 'registrationNumber', 'producedDocuments', 'rejectionReason']) field(`ServiceRequest.${name}`, REQUESTS, onRequest(name), 'applied');
field('ServiceRequest.applicant', REQUESTS, onRequest('applicant { name }'), 'applied');
field('ServiceRequest.servicePoint', REQUESTS, onRequest('servicePoint { kind }'), 'applied');
field('ServiceRequest.timeline', REQUESTS, onRequest('timeline { status }'), 'applied');
for (const name of ['kind', 'id']) field(`ServicePoint.${name}`, REQUESTS, onRequest(`servicePoint { ${name} }`), 'applied');
for (const name of ['status', 'at', 'note', 'by']) field(`StatusChange.${name}`, REQUESTS, onRequest(`timeline { ${name} }`), 'applied');
field('Query.serviceRequests', SEARCH, onWorklist('pageInfo { hasNextPage }'));
field('ServiceRequestConnection.edges', SEARCH, onWorklist('edges { cursor }'));
field('ServiceRequestConnection.pageInfo', SEARCH, onWorklist('pageInfo { hasNextPage }'));
field('ServiceRequestEdge.cursor', SEARCH, onWorklist('edges { cursor }'));
field('ServiceRequestEdge.node', SEARCH, onWorklist('edges { node { status } }'));
field('Query.serviceRequestCounts', SEARCH, onCounts('count'));
for (const name of ['channel', 'status', 'count']) field(`ServiceRequestCount.${name}`, SEARCH, onCounts(name));
field('Query.serviceRequestSubmission', SUBMITTERS, followQuery('serviceRequestSubmission', 'state'));
for (const selection of ['idempotencyKey', 'replayed', 'state', 'attempts', 'errorCode', 'application', 'request { id }']) field(`ServiceRequestSubmission.${selection.split(' ')[0]}`, SUBMITTERS, followQuery('serviceRequestSubmission', selection));
field('Mutation.submitServiceRequest', SUBMITTERS, 'mutation { submitServiceRequest(idempotencyKey: "matrix-refused", input: { service: FIRST_ID_CARD, channel: ONLINE, servicePoint: { kind: ONLINE_PORTAL }, applicantNik: "123" }) { state } }');
field('Query.sirenaBatchFiling', BATCHES, followQuery('sirenaBatchFiling', 'state'));
for (const selection of ['idempotencyKey', 'replayed', 'state', 'attempts', 'errorCode', 'batchNumber', 'items { accepted }']) field(`SirenaBatchFiling.${selection.split(' ')[0]}`, BATCHES, followQuery('sirenaBatchFiling', selection));
for (const selection of ['itemNumber', 'accepted', 'reason', 'message', 'request { id }']) field(`SirenaItemOutcome.${selection.split(' ')[0]}`, BATCHES, followQuery('sirenaBatchFiling', `items { ${selection} }`));
// Counter work: moving a kecamatan or legalisation request on, by the officers of that counter.
field('Mutation.updateServiceRequestStatus', only(allow('OFFICER')), 'mutation { updateServiceRequestStatus(id: "sr_x", status: IN_PROCESS) { status } }');
field('Mutation.fileSirenaBatch', BATCHES, 'mutation { fileSirenaBatch(idempotencyKey: "matrix-refused", input: { kelurahanCode: "X", items: [] }) { state } }');
// Appointments (antrian): residents book for their family from home and officers for walk-ins; only
// officers check in. The free days carry no personal data. Input refused by the subgraph writes nothing.
const BOOKERS = only(allow('RESIDENT', 'OFFICER'));
const onDays = (selection: string) => `query { appointmentDays(service: FIRST_ID_CARD, servicePoint: { kind: DINAS }, days: 2) { ${selection} } }`;
field('Query.appointmentDays', BOOKERS, onDays('date'));
for (const name of ['date', 'capacity', 'placesLeft']) field(`AppointmentDay.${name}`, BOOKERS, onDays(name));
field('Mutation.bookAppointment', BOOKERS, 'mutation { bookAppointment(idempotencyKey: "matrix-refused", input: { service: FIRST_ID_CARD, servicePoint: { kind: DINAS }, applicantNik: "123", visitDate: "2026-12-07" }) { id } }');
field('Mutation.cancelAppointment', BOOKERS, 'mutation { cancelAppointment(id: "sr_x") { id } }');
const checkIn = (selection: string) => `mutation { checkInAppointment(id: "sr_x") { ${selection} } }`;
field('Mutation.checkInAppointment', only(allow('OFFICER')), checkIn('appointment { id }'));
for (const selection of ['appointment { id }', 'counterRequest { state }']) field(`AppointmentCheckIn.${selection.split(' ')[0]}`, only(allow('OFFICER')), checkIn(selection));
field('ServiceRequest.appointment', REQUESTS, onRequest('appointment { id }'), 'applied');
field('ServiceRequest.fulfilment', REQUESTS, onRequest('fulfilment { state }'), 'applied');
field('ServiceRequest.history', REQUESTS, onRequest('history { step }'), 'applied');
for (const name of ['register', 'state', 'attempts', 'errorCode', 'cardPrintJobNumber', 'cardPrintStatus']) field(`RequestFulfilment.${name}`, REQUESTS, onRequest(`fulfilment { ${name} }`), 'applied');
for (const name of ['application', 'step', 'status', 'at', 'note', 'by']) field(`RequestStep.${name}`, REQUESTS, onRequest(`history { ${name} }`), 'applied');
// Mall kiosks: a resident asks for a PIN (their own family's document) and may withdraw it; only a
// kiosk redeems one and follows its print. Input the subgraph refuses writes nothing here; the
// print looked up is a portal request's id, which no kiosk runs (null).
const KIOSK_ONLY = only(allow('KIOSK'));
const RESIDENT_ONLY = only(allow('RESIDENT'));
const askPin = (selection: string) => `mutation { requestKioskPin(idempotencyKey: "matrix-refused", input: { document: FAMILY_CARD, number: "123" }) { ${selection} } }`;
const onKioskPrint = (selection: string) => `query ($deed: ID!) { kioskPrint(id: $deed) { ${selection} } }`;
field('Mutation.requestKioskPin', RESIDENT_ONLY, askPin('pin'));
for (const selection of ['pin', 'validUntil', 'request { id }']) field(`KioskPin.${selection.split(' ')[0]}`, RESIDENT_ONLY, askPin(selection));
field('Mutation.withdrawKioskPin', RESIDENT_ONLY, 'mutation { withdrawKioskPin(id: "sr_x") { status } }');
field('Mutation.redeemKioskPin', KIOSK_ONLY, 'mutation { redeemKioskPin(pin: "matrix") { state } }');
field('Query.kioskPrint', KIOSK_ONLY, onKioskPrint('state'), 'applied');
for (const name of ['id', 'document', 'documentNumber', 'state', 'startedAt', 'expectedDoneAt', 'endedAt', 'failureReason']) field(`KioskPrint.${name}`, KIOSK_ONLY, onKioskPrint(name), 'applied');

// Complaints (the pengaduan desk): personal data of the complainant; the complainant and the desk's
// officers read them (administrators too); the worklist and counts are the desk's work; residents
// and counter officers file them (input the subgraph refuses writes nothing here); officers answer.
const COMPLAINTS = only(allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'));
const DESK = only(allow('OFFICER', 'ADMINISTRATOR'));
const COMPLAINANTS = only(allow('RESIDENT', 'OFFICER'));
const onComplaint = (selection: string) => `query ($deed: String!) { complaint(ticketNumber: $deed) { ${selection} } }`;
const onComplaints = (selection: string) => `query { complaints(first: 2) { ${selection} } }`;
const onComplaintCounts = (selection: string) => `query { complaintCounts { ${selection} } }`;
field('Query.complaint', COMPLAINTS, onComplaint('status'), 'complained');
for (const name of ['ticketNumber', 'category', 'status', 'subject', 'text', 'source', 'channel', 'serviceRequestNumber', 'complainantName', 'phone', 'submittedAt', 'updatedAt']) field(`Complaint.${name}`, COMPLAINTS, onComplaint(name), 'complained');
field('Complaint.concerns', COMPLAINTS, onComplaint('concerns { kind }'), 'complained');
field('Complaint.complainant', COMPLAINTS, onComplaint('complainant { name }'), 'complained');
field('Complaint.history', COMPLAINTS, onComplaint('history { kind }'), 'complained');
for (const name of ['kind', 'status', 'text', 'by', 'at']) field(`ComplaintStep.${name}`, COMPLAINTS, onComplaint(`history { ${name} }`), 'complained');
field('Resident.complaints', COMPLAINTS, onResident('complaints { status }'), 'complained');
field('ServiceRequest.complaints', COMPLAINTS, onRequest('complaints { status }'), 'applied');
field('Query.complaints', DESK, onComplaints('pageInfo { hasNextPage }'));
field('ComplaintConnection.edges', DESK, onComplaints('edges { cursor }'));
field('ComplaintConnection.pageInfo', DESK, onComplaints('pageInfo { hasNextPage }'));
field('ComplaintEdge.cursor', DESK, onComplaints('edges { cursor }'));
field('ComplaintEdge.node', DESK, onComplaints('edges { node { status } }'));
field('Query.complaintCounts', DESK, onComplaintCounts('count'));
for (const name of ['status', 'count']) field(`ComplaintCount.${name}`, DESK, onComplaintCounts(name));
field('Query.complaintFiling', COMPLAINANTS, followQuery('complaintFiling', 'state'));
for (const selection of ['idempotencyKey', 'replayed', 'state', 'attempts', 'errorCode', 'ticketNumber', 'complaint { status }']) field(`ComplaintFiling.${selection.split(' ')[0]}`, COMPLAINANTS, followQuery('complaintFiling', selection));
field('Mutation.fileComplaint', COMPLAINANTS, 'mutation { fileComplaint(idempotencyKey: "matrix-refused", input: { category: OTHER, text: "short" }) { state } }');
field('Mutation.respondToComplaint', only(allow('OFFICER')), 'mutation { respondToComplaint(ticketNumber: "X", idempotencyKey: "matrix-refused", input: { answer: "matrix" }) { status } }');

// Courier orders (delivery subgraph): personal data of the applicant; residents (own family) and
// counter officers order and read them, administrators read; a quote carries no personal data; a
// courier sees only their own open jobs (registered operations). The order looked up does not exist
// (null): rows have their own tests (tests/e2e/delivery.test.ts). Input refused writes nothing.
const ORDERS = only(allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'));
const ORDERERS = only(allow('RESIDENT', 'OFFICER'));
const COURIER_ONLY = only(allow('COURIER'));
const onOrder = (selection: string) => `query { courierOrder(id: "GB-OJL-000000000000000000000000") { ${selection} } }`;
const onQuote = (selection: string) => `query { courierQuote(kind: DELIVERY, location: { latitude: -6.29, longitude: 106.71 }) { ${selection} } }`;
const orderCourier = (selection: string) => `mutation { requestCourier(idempotencyKey: "matrix-refused", input: { serviceRequestId: "X", applicantNik: "123", kind: DELIVERY, quoteId: "X", address: "X", location: { latitude: 0, longitude: 0 }, contactName: "X", contactPhone: "X", item: "X" }) { ${selection} } }`;
const onJobs = (selection: string) => `query { courierJobs { ${selection} } }`;
field('Query.courierOrder', ORDERS, onOrder('status'));
for (const name of ['id', 'kind', 'status', 'partnerOrderNumber', 'feeRupiah', 'item', 'reason', 'placementError', 'requestedAt', 'updatedAt']) field(`CourierOrder.${name}`, ORDERS, onOrder(name));
for (const selection of ['serviceRequest { id }', 'courier { name }', 'origin { address }', 'destination { address }', 'proof { receiverName }', 'timeline { status }']) field(`CourierOrder.${selection.split(' ')[0]}`, ORDERS, onOrder(selection));
for (const name of ['address', 'contactName', 'contactPhone']) field(`CourierPlace.${name}`, ORDERS, onOrder(`origin { ${name} }`));
field('CourierPlace.location', ORDERS, onOrder('origin { location { latitude } }'));
for (const name of ['latitude', 'longitude']) field(`GeoPoint.${name}`, ORDERS, onOrder(`origin { location { ${name} } }`));
for (const name of ['name', 'plate', 'phone']) field(`Courier.${name}`, ORDERS, onOrder(`courier { ${name} }`));
for (const name of ['receiverName', 'photoReference', 'at', 'receiverCheck']) field(`ProofOfDelivery.${name}`, ORDERS, onOrder(`proof { ${name} }`));
field('ProofOfDelivery.position', ORDERS, onOrder('proof { position { latitude } }'));
for (const name of ['status', 'at']) field(`CourierStatusChange.${name}`, ORDERS, onOrder(`timeline { ${name} }`));
field('ServiceRequest.courierOrders', ORDERS, onRequest('courierOrders { status }'), 'applied');
field('ServiceRequest.notifications', ORDERS, onRequest('notifications { status }'), 'applied');
for (const name of ['subject', 'status', 'channel', 'state', 'failure', 'read', 'at']) field(`ResidentNotice.${name}`, ORDERS, onRequest(`notifications { ${name} }`), 'applied');
field('Query.courierQuote', ORDERERS, onQuote('feeRupiah'));
for (const name of ['quoteId', 'kind', 'feeRupiah', 'distanceMeters', 'validUntil']) field(`CourierQuote.${name}`, ORDERERS, onQuote(name));
field('Mutation.requestCourier', ORDERERS, orderCourier('state'));
for (const selection of ['idempotencyKey', 'replayed', 'state', 'errorCode', 'order { id }']) field(`CourierOrderPlacement.${selection.split(' ')[0]}`, ORDERERS, orderCourier(selection));
field('Mutation.cancelCourier', ORDERERS, 'mutation { cancelCourier(id: "X") { status } }');
field('Query.courierJobs', COURIER_ONLY, onJobs('id'));
for (const name of ['id', 'kind', 'status', 'address', 'contactName', 'contactPhone', 'item']) field(`CourierJob.${name}`, COURIER_ONLY, onJobs(name));

const SUPERGRAPH = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

/** Every field of the API's object types (federation's own machinery left out). */
function apiFields(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    for (const name of Object.keys(type.getFields())) if (!name.startsWith('_')) out.push(`${type.name}.${name}`);
  }
  return out.sort();
}

describe('every field of the supergraph has a rule and a row in the access matrix', () => {
  // The API as clients see it: federation's join and link machinery taken out.
  const schema = Supergraph.build(withoutAccessRules(SUPERGRAPH)).apiSchema().toGraphQLJSSchema();
  const rules = accessRulesOf(SUPERGRAPH);

  it('lists every field of the API in the matrix (a field nobody thought about fails here)', () => {
    const missing = apiFields(schema).filter((coordinate) => !MATRIX[coordinate]);
    expect(missing).toEqual([]);
  });

  it('has no row for a field the API no longer has', () => {
    const fields = new Set(apiFields(schema));
    expect(Object.keys(MATRIX).filter((coordinate) => !fields.has(coordinate))).toEqual([]);
  });

  it('puts a rule on every root field (nothing is open by accident)', () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => !!t);
    const open = roots.flatMap((root) =>
      Object.values(root.getFields())
        .filter((f) => !f.name.startsWith('_'))
        .filter((f) => !rules.field(root.name, f.name) && !rules.type(getNamedType(f.type).name))
        .map((f) => `${root.name}.${f.name}`),
    );
    expect(open).toEqual([]);
  });
});

describe(`the access matrix: every role against every field, through the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let person: { NIK: string; NO_KK: string; NO_KEC: number; NO_KEL: number };
  /** Per subject: the NIK looked up, the deed number of its kind, and the resident whose token reads it. */
  const subjects = new Map<Subject, { nik: string; deed: string; residentNik: string }>();
  const tokens = new Map<string, string>();
  const manifestDir = mkdtempSync(join(tmpdir(), 'gerbang-matrix-'));
  const manifestFile = join(manifestDir, 'manifest.json');

  beforeAll(async () => {
    legacy = await seededStorage('access-matrix', [siakEmulator, ktpRekamEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator, aktaLahirEmulator, aktaMatiEmulator, aktaKawinEmulator, aktaCeraiEmulator, pindahKeluarEmulator, pindahDatangEmulator, orangAsingEmulator, tteEmulator, arsipEmulator, portalOnlineEmulator, sirenaEmulator, pengaduanEmulator, kecamatanEmulator, legalisirEmulator, ojolEmulator, notifikasiEmulator]);
    const siak = legacy.open('siak');
    const births = new Map(((await legacy.open('akta-lahir')('CAPIL_LAHIR').select('NIK_ANAK', 'NO_AKTA_LHR').whereNotNull('NIK_ANAK')) as Array<{ NIK_ANAK: string; NO_AKTA_LHR: string }>).map((r) => [r.NIK_ANAK, r.NO_AKTA_LHR]));
    // Someone whose every field has a value: a mother with a NIK, an occupation, a family card, a birth deed.
    const candidates = (await siak('BIODATA_WNI as B')
      .join('DATA_KELUARGA as K', 'K.NO_KK', 'B.NO_KK')
      .select('B.NIK', 'B.NO_KK', 'B.NO_KEC', 'B.NO_KEL')
      .whereRaw("LENGTH(TRIM(B.NIK_IBU)) = 16 AND B.NIK_IBU <> '0000000000000000'")
      .whereNotNull('B.JENIS_PKRJN')
      // Married and alive, so that a card print may be asked for them (Mutation.requestCardPrint).
      .where('B.STAT_KWN', 2)
      .where('B.STAT_HIDUP', 1)
      .orderBy('B.NIK')) as Array<typeof person>;
    person = candidates.find((c) => births.has(c.NIK))!;
    subjects.set('person', { nik: person.NIK, deed: births.get(person.NIK)!, residentNik: person.NIK });
    // The deceased: a living member of their family card is the resident who reads the deed.
    for (const death of (await legacy.open('akta-mati')('CAPIL_MATI').select('NIK', 'NO_AKTA_MATI').orderBy('NO_AKTA_MATI')) as Array<{ NIK: string; NO_AKTA_MATI: string }>) {
      const kk = ((await siak('BIODATA_WNI').select('NO_KK').where('NIK', death.NIK).first()) as { NO_KK: string } | undefined)?.NO_KK;
      const living = kk ? ((await siak('BIODATA_WNI').select('NIK').where({ NO_KK: kk, STAT_HIDUP: 1 }).first()) as { NIK: string } | undefined) : undefined;
      if (living) {
        subjects.set('deceased', { nik: death.NIK, deed: death.NO_AKTA_MATI, residentNik: living.NIK });
        break;
      }
    }
    const [marriage] = await sampleMarriageDeeds(legacy.open('akta-kawin'), 1);
    subjects.set('married', { nik: String(marriage!.NIK_SUAMI), deed: String(marriage!.NO_AKTA_KWN), residentNik: String(marriage!.NIK_SUAMI) });
    const divorce = (await legacy.open('akta-cerai')('CAPIL_CERAI').select('NO_AKTA_CRAI', 'NIK_SUAMI', 'NIK_ISTRI').orderBy('NO_AKTA_CRAI').first()) as { NO_AKTA_CRAI: string; NIK_SUAMI: string | null; NIK_ISTRI: string | null };
    const divorcedNik = (divorce.NIK_SUAMI ?? divorce.NIK_ISTRI)!;
    subjects.set('divorced', { nik: divorcedNik, deed: divorce.NO_AKTA_CRAI, residentNik: divorcedNik });
    // Enrolled at the counter and matched: a card may be printed.
    const rekam = legacy.open('ktp-rekam');
    const id = await recordEnrolment(rekam, { nik: person.NIK, name: 'ACCESS MATRIX', kecamatan: 0, regencyCode: '36.74', officer: 'matrix' });
    await setEnrolmentStatus(rekam, id, 'S');
    // Kiosks and couriers run registered operations only: here every query of the matrix is registered.
    const operations = [...new Set(Object.values(MATRIX).map((row) => row.query))];
    writeFileSync(manifestFile, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: operations.map((body, i) => ({ id: operationId(body), name: `Matrix${i}`, type: body.trimStart().startsWith('mutation') ? 'mutation' : 'query', body })) }));
    await moreSubjects(legacy, siak);
    stack = await startStack(legacy.storage, { identityCards: true, civilRegistry: true, mobility: true, documents: true, services: true, delivery: true, gatewayEnv: { GATEWAY_PERSISTED_OPERATIONS_FILE: manifestFile } });
    const [annotation] = await sampleAnnotations(locateAppFolders('capil-perubahan', legacy.storage), 1);
    subjects.set('annotated', { nik: annotation!.NIK, deed: annotation!.NO_CATATAN, residentNik: annotation!.NIK });
    for (const [subject, { residentNik }] of subjects) {
      for (const role of ROLES) {
        // Staff serve the whole city here: the matrix is about fields; rows have their own tests.
        const region = role === 'OFFICER' || role === 'KELURAHAN_OPERATOR' ? '36.74' : undefined;
        // A kiosk's subject is its kiosk id (one of the tenant's): kiosk mutations check it.
        const sub = role === 'KIOSK' ? 'ADM-M1-01' : `${role.toLowerCase()}-matrix`;
        tokens.set(`${role}|${subject}`, await issueToken({ sub, roles: [role], tenant: 'tangsel', region, nik: role === 'RESIDENT' ? residentNik : undefined }));
      }
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  /** A living resident of the city among `niks`, if any. */
  async function livingResident(siak: Knex, niks: readonly string[]): Promise<string | undefined> {
    if (niks.length === 0) return undefined;
    const row = (await siak('BIODATA_WNI').select('NIK').whereIn('NIK', [...niks]).where('STAT_HIDUP', 1).orderBy('NIK').first()) as { NIK: string } | undefined;
    return row?.NIK;
  }

  /** Subjects of the moving and documents rows: someone with a letter, an arrival, an archived file; a foreigner; a signature. */
  async function moreSubjects(store: TestLegacyStorage, siak: Knex): Promise<void> {
    const keluar = store.open('pindah-keluar');
    for (const letter of (await keluar('t_skpwni').select('no_skpwni').where('status_surat', 'TERBIT').orderBy('no_skpwni')) as Array<{ no_skpwni: string }>) {
      const movers = ((await keluar('t_skpwni_anggota').select('nik').where('no_skpwni', letter.no_skpwni)) as Array<{ nik: string }>).map((r) => r.nik);
      const nik = await livingResident(siak, movers);
      if (nik) {
        subjects.set('moved', { nik, deed: letter.no_skpwni, residentNik: nik });
        break;
      }
    }
    const datang = store.open('pindah-datang');
    for (const arrival of (await datang('t_datang_anggota').select('nik', 'no_datang').orderBy('no_datang')) as Array<{ nik: string; no_datang: string }>) {
      const nik = await livingResident(siak, [arrival.nik]);
      if (nik) {
        subjects.set('arrived', { nik, deed: arrival.no_datang, residentNik: nik });
        break;
      }
    }
    for (const file of (await store.open('arsip')('arsip_dokumen').select('id_arsip', 'nik_pemilik').orderBy('id_arsip')) as Array<{ id_arsip: string; nik_pemilik: string }>) {
      const nik = await livingResident(siak, [file.nik_pemilik]);
      if (nik) {
        subjects.set('archived', { nik, deed: file.id_arsip, residentNik: nik });
        break;
      }
    }
    const foreigner = (await store.open('orang-asing')('ORANG_ASING').select('NO_PASPOR').orderBy('NO_SKTT').first()) as { NO_PASPOR: string };
    subjects.set('foreigner', { nik: person.NIK, deed: foreigner.NO_PASPOR, residentNik: person.NIK });
    const signature = (await store.open('tte')('tte_tanda_tangan').select('id_ttd', 'qr_payload').where('status', 'AKTIF').orderBy('id_ttd').first()) as { id_ttd: string; qr_payload: string };
    subjects.set('signature', { nik: person.NIK, deed: signature.id_ttd, residentNik: person.NIK });
    subjects.set('qr', { nik: person.NIK, deed: signature.qr_payload, residentNik: person.NIK });
    for (const application of (await store.open('portal-online')('permohonan').select('no_registrasi', 'nik_pemohon').orderBy('no_registrasi')) as Array<{ no_registrasi: string; nik_pemohon: string }>) {
      const nik = await livingResident(siak, [application.nik_pemohon]);
      if (nik) {
        subjects.set('applied', { nik, deed: requestId('portal-online', application.no_registrasi), residentNik: nik });
        break;
      }
    }
    for (const complaint of (await store.open('pengaduan')('t_pengaduan').select('no_tiket', 'nik_pelapor').whereNotNull('nik_pelapor').orderBy('no_tiket')) as Array<{ no_tiket: string; nik_pelapor: string }>) {
      const nik = await livingResident(siak, [complaint.nik_pelapor]);
      if (nik) {
        subjects.set('complained', { nik, deed: complaint.no_tiket, residentNik: nik });
        break;
      }
    }
    for (const subject of ['moved', 'arrived', 'archived', 'applied', 'complained'] as const) if (!subjects.has(subject)) throw new Error(`the seeded estate has no subject for ${subject}`);
  }

  /** Where in the answer the field asked for sits: the deepest path of the selection. */
  const leafOf = (data: unknown): unknown => {
    let value = data;
    while (value && typeof value === 'object') {
      if (Array.isArray(value)) value = value[0];
      else value = Object.values(value as Record<string, unknown>)[0];
    }
    return value;
  };

  /** As a kiosk or courier app sends it: the registered operation's id instead of its text. */
  async function postRegistered(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } }),
    });
    return { body: (await res.json()) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
  }

  async function outcomeFor(caller: Caller, row: { query: string; subject: Subject; expect: Record<Caller, Outcome> }): Promise<{ outcome: Outcome | 'error'; detail: string }> {
    const subject = subjects.get(row.subject)!;
    const headers: Record<string, string> = { authorization: caller === 'ANONYMOUS' ? '' : `Bearer ${tokens.get(`${caller}|${row.subject}`)}`, 'x-purpose': 'access matrix' };
    const kelurahan = `36.74.${String(person.NO_KEC).padStart(2, '0')}.${person.NO_KEL}`;
    const variables = Object.fromEntries(Object.entries({ nik: subject.nik, kk: person.NO_KK, region: kelurahan, deed: subject.deed }).filter(([name]) => row.query.includes(`$${name}`)));
    const { body } =
      caller !== 'ANONYMOUS' && SAFELISTED_ROLES.has(caller)
        ? await postRegistered(row.query, variables, headers)
        : await postGraphQL(stack.gatewayUrl, row.query, variables, headers);
    const forbidden = (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    const others = (body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
    // A write the subgraph refused for its input was let through by the rules: the matrix writes nothing.
    if (others.length > 0 && forbidden.length === 0 && row.query.startsWith('mutation') && others.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) return { outcome: 'allow', detail: 'BAD_USER_INPUT' };
    if (others.length > 0) return { outcome: 'error', detail: JSON.stringify(others) };
    const leaf = leafOf(body.data);
    if (forbidden.length > 0) return { outcome: leaf === null || leaf === undefined ? 'deny' : 'error', detail: JSON.stringify(body) };
    // A null without FORBIDDEN is allowed: the register simply has no value there (no blood type recorded).
    return { outcome: typeof leaf === 'string' && /\*{4,}/.test(leaf) ? 'mask' : 'allow', detail: JSON.stringify(leaf) };
  }

  it.each(Object.keys(MATRIX))('%s', async (coordinate) => {
    const row = MATRIX[coordinate]!;
    const expected = row.expect;
    const seen: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const caller of CALLERS) {
      const { outcome, detail } = await outcomeFor(caller, row);
      seen[caller] = outcome === expected[caller] ? outcome : `${outcome} (${detail.slice(0, 300)})`;
      wanted[caller] = expected[caller];
    }
    expect(seen).toEqual(wanted);
  });
});
