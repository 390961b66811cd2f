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
/** Parents' NIKs: never to channels, and only to roles that may read identifiers. */
const PARENT_NIK = only(allow('RESIDENT', 'OFFICER', 'ADMINISTRATOR'));
const SEARCH = only(allow('OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR'));

/**
 * Every field of the supergraph: its expected outcome per caller, and how a query reaches it
 * (`$nik`, `$kk` and `$region` are the person looked up, their card and their kelurahan).
 */
const MATRIX: Record<string, { expect: Record<Caller, Outcome>; query: string }> = {};
function field(coordinate: string, expect: Record<Caller, Outcome>, query: string): void {
  MATRIX[coordinate] = { expect, query };
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
  const tokens = new Map<Caller, string>();
  const manifestDir = mkdtempSync(join(tmpdir(), 'gerbang-matrix-'));
  const manifestFile = join(manifestDir, 'manifest.json');

  beforeAll(async () => {
    legacy = await seededStorage('access-matrix', [siakEmulator, ktpRekamEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator]);
    const siak = legacy.open('siak');
    // Someone whose every field has a value: a mother with a NIK, an occupation, a family card.
    person = (await siak('BIODATA_WNI as B')
      .join('DATA_KELUARGA as K', 'K.NO_KK', 'B.NO_KK')
      .select('B.NIK', 'B.NO_KK', 'B.NO_KEC', 'B.NO_KEL')
      .whereRaw("LENGTH(TRIM(B.NIK_IBU)) = 16 AND B.NIK_IBU <> '0000000000000000'")
      .whereNotNull('B.JENIS_PKRJN')
      // Married, so that a card print may be asked for them (Mutation.requestCardPrint).
      .where('B.STAT_KWN', 2)
      .orderBy('B.NIK')
      .first()) as typeof person;
    // Enrolled at the counter and matched: a card may be printed.
    const rekam = legacy.open('ktp-rekam');
    const id = await recordEnrolment(rekam, { nik: person.NIK, name: 'ACCESS MATRIX', kecamatan: 0, regencyCode: '36.74', officer: 'matrix' });
    await setEnrolmentStatus(rekam, id, 'S');
    // Kiosks and couriers run registered operations only: here every query of the matrix is registered.
    const operations = [...new Set(Object.values(MATRIX).map((row) => row.query))];
    writeFileSync(manifestFile, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: operations.map((body, i) => ({ id: operationId(body), name: `Matrix${i}`, type: body.trimStart().startsWith('mutation') ? 'mutation' : 'query', body })) }));
    stack = await startStack(legacy.storage, { identityCards: true, gatewayEnv: { GATEWAY_PERSISTED_OPERATIONS_FILE: manifestFile } });
    const kelurahan = `36.74.${String(person.NO_KEC).padStart(2, '0')}.${person.NO_KEL}`;
    for (const role of ROLES) {
      const region = role === 'OFFICER' ? '36.74' : role === 'KELURAHAN_OPERATOR' ? kelurahan : undefined;
      tokens.set(role, await issueToken({ sub: `${role.toLowerCase()}-matrix`, roles: [role], tenant: 'tangsel', region, nik: role === 'RESIDENT' ? person.NIK : undefined }));
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
    rmSync(manifestDir, { recursive: true, force: true });
  });

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

  async function outcomeFor(caller: Caller, query: string): Promise<{ outcome: Outcome | 'error'; detail: string }> {
    const headers: Record<string, string> = { authorization: caller === 'ANONYMOUS' ? '' : `Bearer ${tokens.get(caller)}`, 'x-purpose': 'access matrix' };
    const kelurahan = `36.74.${String(person.NO_KEC).padStart(2, '0')}.${person.NO_KEL}`;
    const variables = { nik: person.NIK, kk: person.NO_KK, region: kelurahan };
    const { body } =
      caller !== 'ANONYMOUS' && SAFELISTED_ROLES.has(caller)
        ? await postRegistered(query, variables, headers)
        : await postGraphQL(stack.gatewayUrl, query, variables, headers);
    const forbidden = (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    const others = (body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
    if (others.length > 0) return { outcome: 'error', detail: JSON.stringify(others) };
    const leaf = leafOf(body.data);
    if (forbidden.length > 0) return { outcome: leaf === null || leaf === undefined ? 'deny' : 'error', detail: JSON.stringify(body) };
    // A null without FORBIDDEN is allowed: the register simply has no value there (no blood type recorded).
    return { outcome: typeof leaf === 'string' && /\*{4,}/.test(leaf) ? 'mask' : 'allow', detail: JSON.stringify(leaf) };
  }

  it.each(Object.keys(MATRIX))('%s', async (coordinate) => {
    const { expect: expected, query } = MATRIX[coordinate]!;
    const seen: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const caller of CALLERS) {
      const { outcome, detail } = await outcomeFor(caller, query);
      seen[caller] = outcome === expected[caller] ? outcome : `${outcome} (${detail.slice(0, 300)})`;
      wanted[caller] = expected[caller];
    }
    expect(seen).toEqual(wanted);
  });
});
