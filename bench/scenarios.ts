/**
 * The queries the benchmark sends, the same text to the gateway and to the subgraph directly.
 * Each scenario cycles through real keys from the seeded SIAK, so that caches cannot flatter it.
 */
export interface Samples {
  niks: string[];
  /** Living adults the death-registration run may register as deceased. */
  deathPool: string[];
  familyNumbers: string[];
  names: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Spans subgraphs: only the gateway can answer it. */
  gatewayOnly?: boolean;
  body(i: number, samples: Samples): { query: string; variables: Record<string, unknown> };
}

const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

export const SCENARIOS: Scenario[] = [
  {
    name: 'resident',
    description: 'resident(nik) with decoded fields and address',
    body: (i, s) => ({
      query: 'query ($nik: String!) { resident(nik: $nik) { nik name sex birthDate religion maritalStatus relationship education occupation { label } address { street rt rw kelurahan { name } kecamatan { name } } } }',
      variables: { nik: pick(s.niks, i) },
    }),
  },
  {
    name: 'family',
    description: 'family(number) with head and all members',
    body: (i, s) => ({
      query: 'query ($number: String!) { family(number: $number) { number headName address { street rt rw kelurahan { name } } head { nik name } members { nik name sex birthDate relationship } } }',
      variables: { number: pick(s.familyNumbers, i) },
    }),
  },
  {
    name: 'family-cards',
    description: 'family(number) with every member\'s KTP-el enrolment and prints, KIA and digital ID (SIAK + 4 card apps over SQL and REST)',
    body: (i, s) => ({
      query: 'query ($number: String!) { family(number: $number) { number members { nik name identityCard { enrolment { status enrolledOn } printJobs { jobNumber status } } childIdCard { cardNumber expiresOn } digitalId { state } } } }',
      variables: { number: pick(s.familyNumbers, i) },
    }),
  },
  {
    name: 'resident-cards-deeds',
    description: 'resident(nik) with KTP-el, digital ID and birth and marriage deeds: two subgraphs, SIAK and five more legacy apps (SQL, REST, SOAP)',
    gatewayOnly: true,
    body: (i, s) => ({
      query: 'query ($nik: String!) { resident(nik: $nik) { nik name identityCard { enrolment { status } printJobs { status } } digitalId { state } birthDeed { number registeredOn } marriageDeeds { number marriedOn } } }',
      variables: { nik: pick(s.niks, i) },
    }),
  },
  {
    name: 'search',
    description: 'residents(filter: name + kecamatan, first: 20) with family numbers',
    body: (i, s) => ({
      query: 'query ($name: String!, $region: String!) { residents(filter: { name: $name, regionCode: $region }, first: 20) { edges { node { nik name birthDate family { number } } } pageInfo { hasNextPage endCursor } } }',
      variables: { name: pick(s.names, i), region: `36.74.0${(i % 7) + 1}` },
    }),
  },
];

/**
 * The first cross-application write: a death registered through the gateway, recorded in the
 * civil-registry subgraph's outbox and delivered to akta-mati and SIAK before it answers. Each
 * request registers another living resident (so a run changes the emulated estate: `npm run seed
 * -- --force` restores it), under its own idempotency key.
 */
export function deathRegistration(i: number, samples: Samples, run: string): { query: string; variables: Record<string, unknown> } {
  return {
    query: 'mutation ($key: String!, $input: RegisterDeathInput!) { registerDeath(idempotencyKey: $key, input: $input) { state deed { number } } }',
    variables: { key: `bench-${run}-${i}`, input: { nik: samples.deathPool[i % samples.deathPool.length], dateOfDeath: '2025-03-01', timeOfDeath: '08:15', placeOfDeath: 'rumah', cause: 'ILLNESS', reporterName: 'Budi Santoso' } },
  };
}
