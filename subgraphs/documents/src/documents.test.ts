import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLObjectType } from 'graphql';
import type { Knex } from 'knex';
import { connectArsip, type ArsipConnection } from '@adapters/arsip';
import { resilienceSettings } from '@adapters/base/resilience';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { connectTte, type TteConnection } from '@adapters/tte';
import { AuditWriter, openAuditStore } from '@core/audit';
import { ANONYMOUS, type RequestContext } from '@core/context/request-context';
import { deadlineIn } from '@core/deadline';
import { locateAppFolders } from '@core/files/app-folders';
import { createLogger } from '@core/log';
import { locateOutboxDatabase, openOutboxStore, OutboxDispatcher, OutboxMutations, type OutboxStore } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { createSubgraphApollo, type SubgraphDefinition } from '@core/subgraph/subgraph-server';
import type { UploadDescriptor } from '@core/subgraph/uploads';
import { Tenants } from '@core/tenants';
import { damageFile } from '@sim/arsip/back-office';
import { seededDamage } from '@sim/arsip/content';
import { arsipEmulator } from '@sim/arsip/emulator';
import { provisionArsipFiles } from '@sim/arsip/files';
import { ARSIP_TABLE } from '@sim/arsip/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { TTD_TABLE } from '@sim/tte/schema';
import { startTte, type RunningTte } from '@sim/tte/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { ADMINISTRATOR_REQUEST, principalFor } from '../../../tests/support/principals';
import type { DocumentsContext } from './context';
import { registerDocumentsHandlers } from './handlers';
import { documentsSubgraph } from './server';
import { signingReference } from './signing';

const API_KEY = 'kunci-documents-test';
const MAX_BYTES = 2 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PDF of `totalBytes` made on the fly, as an upload arrives (never a whole Buffer); counts what it produced. */
function pdfStream(totalBytes: number, produced = { bytes: 0 }, head = '%PDF-1.7\n'): AsyncGenerator<Buffer> {
  return (async function* () {
    const block = Buffer.alloc(64 * 1024, 0x20);
    const first = Buffer.from(head);
    produced.bytes += first.length;
    yield first;
    while (produced.bytes < totalBytes) {
      const n = Math.min(block.length, totalBytes - produced.bytes);
      produced.bytes += n;
      yield block.subarray(0, n);
    }
  })();
}

/** The documents subgraph in-process over tte's REST emulator, arsip's table and folder, SIAK and its outbox. */
describe(`documents subgraph (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let tteDb: Knex;
  let arsipDb: Knex;
  /** The archive as seeded, before this suite's uploads: only those ids have seeded damage (an upload whose id hashes to "missing" is whole). */
  let seededIds: Set<string>;
  let siakDb: Knex;
  let tteApp: RunningTte;
  let tte: TteConnection;
  let arsip: ArsipConnection;
  let siak: SiakConnection;
  let audit: AuditWriter;
  let store: OutboxStore;
  let dispatcher: OutboxDispatcher;
  let definition: SubgraphDefinition<DocumentsContext>;
  let apollo: ApolloServer<DocumentsContext>;
  let folder: string;

  /** A family with at least two members, its head owning an intact archived family-card scan. */
  let owner: { nik: string; name: string; familyNumber: string; kelurahanCode: string; memberNik: string; archiveId: string };
  let officerRequest: Omit<RequestContext, 'requestId'>;
  let outsiderRequest: Omit<RequestContext, 'requestId'>;
  let residentRequest: Omit<RequestContext, 'requestId'>;
  const anonymousRequest: Omit<RequestContext, 'requestId'> = { principal: ANONYMOUS, tenant: 'tangsel' };

  beforeAll(async () => {
    legacy = await seededStorage('documents', [siakEmulator, tteEmulator, arsipEmulator]);
    await provisionArsipFiles(legacy.storage);
    tteDb = legacy.open('tte');
    arsipDb = legacy.open('arsip');
    seededIds = new Set(((await arsipDb(ARSIP_TABLE).select('id_arsip')) as Array<{ id_arsip: string }>).map((r) => r.id_arsip));
    siakDb = legacy.open('siak');
    folder = locateAppFolders('arsip', legacy.storage).archive;
    tteApp = await startTte(legacy.storage, { port: 0, apiKey: API_KEY });
    tte = connectTte({ baseUrl: tteApp.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
    arsip = connectArsip(legacy.storage, { timeoutMs: 5_000, maxBytes: MAX_BYTES, officer: 'GERBANG', timeZone: 'Asia/Jakarta' });
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000, timeZone: 'Asia/Jakarta' });
    audit = new AuditWriter(await openAuditStore(legacy.storage));
    store = await openOutboxStore('documents', legacy.storage);
    dispatcher = registerDocumentsHandlers(new OutboxDispatcher(store, { pollIntervalMs: 50, backoff: { initialMs: 50, maxMs: 100 } }), tte.port);
    dispatcher.start();
    const mutations = new OutboxMutations(store, dispatcher, { waitForDeliveryMs: 2_000 });
    definition = documentsSubgraph({
      tte: tte.port, arsip: arsip.port, siak: siak.port, mutations, audit, tenants: Tenants.load(), logger: createLogger('test', 'silent'),
      readiness: { tte: { ping: (d) => tte.port.ping(d), health: () => tte.client.health() }, arsip: { ping: (d) => arsip.port.ping(d) }, siak: { ping: (d) => siak.port.ping(d) } },
    });
    apollo = createSubgraphApollo(definition);
    await apollo.start();

    // An intact family-card scan whose owner's family card has another member.
    const scans = (await arsipDb(ARSIP_TABLE).where({ jenis_dokumen: 'KK' }).orWhere({ jenis_dokumen: 'kk' }).orderBy('id_arsip').select('id_arsip', 'nik_pemilik')) as Array<{ id_arsip: string; nik_pemilik: string }>;
    for (const scan of scans.filter((s) => seededDamage(s.id_arsip) === 'NONE')) {
      const resident = (await siak.port.residentsByNik([scan.nik_pemilik], deadlineIn(5_000))).get(scan.nik_pemilik);
      if (!resident?.familyNumber) continue;
      const members = (await siak.port.membersByFamily([resident.familyNumber], deadlineIn(5_000))).get(resident.familyNumber) ?? [];
      const other = members.find((m) => m.nik !== resident.nik);
      if (!other) continue;
      owner = { nik: resident.nik, name: resident.name, familyNumber: resident.familyNumber, kelurahanCode: resident.kelurahanCode, memberNik: other.nik, archiveId: scan.id_arsip };
      break;
    }
    if (!owner) throw new Error('the test world has no intact family-card scan of a family of two or more');
    const kecamatan = owner.kelurahanCode.split('.').slice(0, 3).join('.');
    const elsewhere = kecamatan.endsWith('.01') ? '36.74.02' : '36.74.01';
    officerRequest = { principal: principalFor('OFFICER', { id: 'officer-doc', region: kecamatan }), tenant: 'tangsel', purpose: 'document service, ticket D-1' };
    outsiderRequest = { principal: principalFor('OFFICER', { id: 'officer-far', region: elsewhere }), tenant: 'tangsel', purpose: 'document service, ticket D-2' };
    residentRequest = { principal: principalFor('RESIDENT', { id: 'resident-doc', nik: owner.nik }), tenant: 'tangsel' };
  });

  afterAll(async () => {
    await apollo?.stop();
    await dispatcher?.stop();
    await store?.close();
    await audit?.close();
    tte?.client.close();
    await tteApp?.close();
    await Promise.all([siak?.client.close(), arsip?.client.close()]);
    if (legacy) await dropAppDatabase(locateOutboxDatabase('documents', legacy.storage));
    await legacy?.cleanup();
  });

  async function run(query: string, variables: Record<string, unknown> = {}, request: Omit<RequestContext, 'requestId'> = ADMINISTRATOR_REQUEST) {
    const contextValue = definition.buildContext({ requestId: 'test', ...request }, deadlineIn(10_000));
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { data: response.body.singleResult.data as Record<string, any> | null | undefined, errors: response.body.singleResult.errors };
  }

  const upload = (descriptor: Partial<UploadDescriptor>, body: AsyncIterable<Uint8Array>, request: Omit<RequestContext, 'requestId'> = officerRequest) =>
    definition.uploads!({ requestId: 'upload', ...request }, { idempotencyKey: 'up-1', ownerNik: owner.nik, documentType: 'KK', fileName: 'scan.pdf', ...descriptor }, body, deadlineIn(30_000));

  /** Every file under the archive folder, temporary ones included. */
  const filesOnDisk = () => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));

  const SIGN = `mutation ($key: String!, $input: SignDocumentInput!) { signDocument(idempotencyKey: $key, input: $input) {
    reference replayed archiveId state deliveries { app state attempts errorCode }
    signature { id type number documentHash signer { name nip position } signedAt qrPayload status revokedAt } } }`;
  const VERIFY = `query ($qr: String!) { verifyDocument(qrPayload: $qr) { verdict genuine current revoked note
    document { type number documentHash signedAt revokedAt signer { name nip position } } } }`;
  const REVOKE = `mutation ($key: String!, $input: RevokeSignatureInput!) { revokeSignature(idempotencyKey: $key, input: $input) {
    signatureId replayed state deliveries { app state errorCode } signature { id status revokedAt revocationReason } } }`;

  it('archives an upload, signs it, and its QR verifies as VALID for anyone, showing only what the paper shows', async () => {
    const receipt = await upload({ idempotencyKey: 'doc-flow-1' }, pdfStream(300 * 1024));
    expect(receipt).toMatchObject({ documentType: 'KK', contentType: 'application/pdf', sizeBytes: 300 * 1024, created: true });
    expect(receipt.checksum).toMatch(/^[0-9a-f]{64}$/);
    const again = await upload({ idempotencyKey: 'doc-flow-1' }, pdfStream(300 * 1024));
    expect(again).toEqual({ ...receipt, created: false });

    const signed = await run(SIGN, { key: 'sign-flow-1', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest);
    expect(signed.errors).toBeUndefined();
    const signing = signed.data!.signDocument;
    expect(signing).toMatchObject({ replayed: false, state: 'DELIVERED', archiveId: receipt.archiveId, reference: signingReference('tangsel', 'sign-flow-1') });
    expect(signing.signature).toMatchObject({ type: 'KK', number: owner.familyNumber, documentHash: receipt.checksum, status: 'ACTIVE', revokedAt: null });
    expect((await tteDb(TTD_TABLE).where({ no_referensi: signing.reference })).length).toBe(1);

    const verified = await run(VERIFY, { qr: signing.signature.qrPayload }, anonymousRequest);
    expect(verified.errors).toBeUndefined();
    expect(verified.data!.verifyDocument).toMatchObject({
      verdict: 'VALID', genuine: true, current: true, revoked: false,
      document: { type: 'KK', number: owner.familyNumber, documentHash: receipt.checksum, signer: signing.signature.signer, revokedAt: null },
    });
    // Nothing of the resident and nothing of the archive.
    const text = JSON.stringify(verified.data);
    for (const secret of [owner.nik, owner.name, receipt.archiveId, signing.reference]) expect(text).not.toContain(secret);
    // A scanner's newline is fine.
    expect((await run(VERIFY, { qr: `${signing.signature.qrPayload}\n` }, anonymousRequest)).data!.verifyDocument.verdict).toBe('VALID');

    // A repeat of the signing answers the first and signs nothing again; the follow query shows it.
    const repeat = await run(SIGN, { key: 'sign-flow-1', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest);
    expect(repeat.data!.signDocument).toMatchObject({ replayed: true, signature: { id: signing.signature.id } });
    expect((await tteDb(TTD_TABLE).where({ no_referensi: signing.reference })).length).toBe(1);
    const followed = await run('{ documentSigning(idempotencyKey: "sign-flow-1") { state signature { id } } }', {}, officerRequest);
    expect(followed.data!.documentSigning).toEqual({ state: 'DELIVERED', signature: { id: signing.signature.id } });
    // Another officer's key is not theirs to follow.
    expect((await run('{ documentSigning(idempotencyKey: "sign-flow-1") { state } }', {}, outsiderRequest)).data!.documentSigning).toBeNull();
  });

  it('the verification types carry exactly what is printed on a document', () => {
    const schema = buildSubgraphSchema({ typeDefs: definition.typeDefs });
    const fields = (type: string) => Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort();
    expect(fields('DocumentVerification')).toEqual(['current', 'document', 'genuine', 'note', 'revoked', 'verdict']);
    expect(fields('VerifiedDocument')).toEqual(['documentHash', 'number', 'revokedAt', 'signedAt', 'signer', 'type']);
    expect(fields('Signer')).toEqual(['name', 'nip', 'position']);
  });

  it('reports a changed payload as TAMPERED, and refuses a payload that cannot be one with BAD_USER_INPUT', async () => {
    const [row] = (await tteDb(TTD_TABLE).where({ status: 'AKTIF' }).orderBy('id_ttd').limit(1).select('qr_payload')) as Array<{ qr_payload: string }>;
    const [claims, signature] = row!.qr_payload.split('.') as [string, string];
    const json = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...json, no: '3674000000000001' })).toString('base64url')}.${signature}`;
    const tampered = await run(VERIFY, { qr: forged }, anonymousRequest);
    expect(tampered.errors).toBeUndefined();
    expect(tampered.data!.verifyDocument).toEqual({ verdict: 'TAMPERED', genuine: false, current: false, revoked: false, note: expect.anything(), document: null });
    const flipped = `${claims}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect((await run(VERIFY, { qr: flipped }, anonymousRequest)).data!.verifyDocument).toMatchObject({ verdict: 'TAMPERED', document: null });

    for (const [qr, reason] of [['x'.repeat(2_001), 'TOO_LONG'], ['abc.def; DROP TABLE', 'BAD_CHARACTERS'], ['   ', 'EMPTY'], ['TTE1.abc.def', 'MALFORMED'], ['abcdef', 'MALFORMED']] as const) {
      const bad = await run(VERIFY, { qr }, anonymousRequest);
      expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'qrPayload', reason });
      expect(bad.errors![0]!.message).not.toContain('DROP');
    }
  });

  it('answers LEGACY_UNAVAILABLE for a verification while tte is down', async () => {
    const [row] = (await tteDb(TTD_TABLE).orderBy('id_ttd').limit(1).select('qr_payload')) as Array<{ qr_payload: string }>;
    await tteApp.stop();
    try {
      const down = await run(VERIFY, { qr: row!.qr_payload }, anonymousRequest);
      expect(down.errors![0]!.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    } finally {
      await tteApp.restart();
    }
    await sleep(300); // the breaker's half-open pause
  });

  it('revokes a signature (then REVOKED), a repeat answers the first, a second revocation is refused; re-signing supersedes', async () => {
    const receipt = await upload({ idempotencyKey: 'doc-revoke-1' }, pdfStream(10_000));
    const first = (await run(SIGN, { key: 'sign-revoke-1', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest)).data!.signDocument.signature;
    // tte orders signatures by their time stamp (whole seconds): the newer one must be a second later.
    await sleep(1_100);
    const second = (await run(SIGN, { key: 'sign-revoke-2', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest)).data!.signDocument.signature;
    expect(second.id).not.toBe(first.id);
    expect((await run(VERIFY, { qr: first.qrPayload }, anonymousRequest)).data!.verifyDocument).toMatchObject({ verdict: 'SUPERSEDED', genuine: true, current: false });

    const input = { signatureId: second.id, reason: 'salah cetak nomor' };
    const revoked = await run(REVOKE, { key: 'revoke-1', input }, officerRequest);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeSignature).toMatchObject({ signatureId: second.id, replayed: false, state: 'DELIVERED', signature: { id: second.id, status: 'REVOKED' } });
    expect(revoked.data!.revokeSignature.signature.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const verified = await run(VERIFY, { qr: second.qrPayload }, anonymousRequest);
    expect(verified.data!.verifyDocument).toMatchObject({ verdict: 'REVOKED', genuine: true, current: false, revoked: true, document: { revokedAt: expect.stringMatching(/^\d{4}-/) } });

    expect((await run(REVOKE, { key: 'revoke-1', input }, officerRequest)).data!.revokeSignature).toMatchObject({ replayed: true, state: 'DELIVERED' });
    const twice = await run(REVOKE, { key: 'revoke-2', input }, officerRequest);
    expect(twice.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_REVOKED' });
    const unknown = await run(REVOKE, { key: 'revoke-3', input: { signatureId: 'TTE-20260101-00000000', reason: 'tidak ada' } }, officerRequest);
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SIGNATURE' });
    const looked = await run('query ($id: String!) { documentSignature(signatureId: $id) { id status revocationReason } }', { id: second.id }, officerRequest);
    // tte keeps the reason in its own upper case.
    expect(looked.data!.documentSignature).toEqual({ id: second.id, status: 'REVOKED', revocationReason: 'SALAH CETAK NOMOR' });
  });

  it('records a signing while tte is down as PENDING, and signs it exactly once after tte is back', async () => {
    const receipt = await upload({ idempotencyKey: 'doc-pending-1' }, pdfStream(20_000));
    await tteApp.stop();
    let reference: string;
    try {
      const pending = await run(SIGN, { key: 'sign-pending-1', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest);
      expect(pending.errors).toBeUndefined();
      expect(pending.data!.signDocument).toMatchObject({ state: 'PENDING', signature: null, deliveries: [{ app: 'tte', state: 'PENDING' }] });
      reference = pending.data!.signDocument.reference;
      await sleep(300);
      expect(await tteDb(TTD_TABLE).where({ no_referensi: reference })).toHaveLength(0);
    } finally {
      await tteApp.restart();
    }
    let state = 'PENDING';
    for (let i = 0; i < 100 && state !== 'DELIVERED'; i++) {
      await sleep(100);
      state = (await run('{ documentSigning(idempotencyKey: "sign-pending-1") { state } }', {}, officerRequest)).data!.documentSigning.state;
    }
    const followed = await run('{ documentSigning(idempotencyKey: "sign-pending-1") { state deliveries { attempts } signature { documentHash status } } }', {}, officerRequest);
    expect(followed.data!.documentSigning).toMatchObject({ state: 'DELIVERED', signature: { documentHash: receipt.checksum, status: 'ACTIVE' } });
    expect(followed.data!.documentSigning.deliveries[0].attempts).toBeGreaterThan(1);
    expect(await tteDb(TTD_TABLE).where({ no_referensi: reference })).toHaveLength(1);
  });

  it('reports a file changed on disk as CORRUPT, and refuses to sign it (the key stays free)', async () => {
    const receipt = await upload({ idempotencyKey: 'doc-corrupt-1' }, pdfStream(5_000));
    const INTEGRITY = 'query ($id: String!) { archivedDocument(archiveId: $id) { id checksum integrity } }';
    expect((await run(INTEGRITY, { id: receipt.archiveId }, officerRequest)).data!.archivedDocument).toEqual({ id: receipt.archiveId, checksum: receipt.checksum, integrity: 'INTACT' });
    await damageFile(arsipDb, legacy.storage, receipt.archiveId);
    expect((await run(INTEGRITY, { id: receipt.archiveId }, officerRequest)).data!.archivedDocument.integrity).toBe('CORRUPT');
    const refused = await run(SIGN, { key: 'sign-corrupt-1', input: { archiveId: receipt.archiveId, documentNumber: owner.familyNumber } }, officerRequest);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_CORRUPT', argument: 'input.archiveId' });
    expect(await store.status('tangsel', 'sign-corrupt-1')).toBeUndefined();

    const missing = (await arsipDb(ARSIP_TABLE).orderBy('id_arsip').select('id_arsip', 'nik_pemilik')).find((r: { id_arsip: string }) => seededIds.has(r.id_arsip) && seededDamage(r.id_arsip) === 'MISSING') as { id_arsip: string } | undefined;
    if (missing) {
      expect((await run(INTEGRITY, { id: missing.id_arsip })).data!.archivedDocument.integrity).toBe('MISSING');
      const gone = await run(SIGN, { key: 'sign-missing-1', input: { archiveId: missing.id_arsip, documentNumber: '1' } });
      expect(gone.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_MISSING' });
    }
    const unknown = await run(SIGN, { key: 'sign-unknown-1', input: { archiveId: 'ARS-20200101-00000000', documentNumber: '1' } }, officerRequest);
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_DOCUMENT' });
    const malformed = await run(SIGN, { key: 'sign-bad-1', input: { archiveId: '../../etc/passwd', documentNumber: '1' } }, officerRequest);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ARCHIVE_ID' });
  });

  it('shows a resident their family\'s archived documents, staff those of their region, and withholds the rest', async () => {
    const OWN = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik archivedDocuments { id type owner { nik } integrity } } } }`;
    const reps = [{ __typename: 'Resident', nik: owner.nik }];
    const mine = await run(OWN, { reps }, residentRequest);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities[0].archivedDocuments).toEqual(expect.arrayContaining([{ id: owner.archiveId, type: 'KK', owner: { nik: owner.nik }, integrity: 'INTACT' }]));
    // A family member sees the head's documents too; the officer of the region as well; another region's officer not.
    const member = { principal: principalFor('RESIDENT', { id: 'member', nik: owner.memberNik }), tenant: 'tangsel' };
    expect((await run(OWN, { reps }, member)).data!._entities[0].archivedDocuments.map((d: { id: string }) => d.id)).toContain(owner.archiveId);
    expect((await run(OWN, { reps }, officerRequest)).data!._entities[0].archivedDocuments.map((d: { id: string }) => d.id)).toContain(owner.archiveId);
    expect((await run(OWN, { reps }, outsiderRequest)).data!._entities[0].archivedDocuments).toEqual([]);

    const BY_ID = 'query ($id: String!) { archivedDocument(archiveId: $id) { id owner { nik } } }';
    const stranger = (await siakDb('BIODATA_WNI').whereNot({ NO_KK: owner.familyNumber }).orderBy('NIK').first('NIK')) as { NIK: string };
    const other = { principal: principalFor('RESIDENT', { id: 'stranger', nik: stranger.NIK }), tenant: 'tangsel' };
    expect((await run(BY_ID, { id: owner.archiveId }, other)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    expect((await run(BY_ID, { id: owner.archiveId }, outsiderRequest)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    expect((await run(BY_ID, { id: owner.archiveId }, anonymousRequest)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_ACCESS' });
    expect((await run(BY_ID, { id: owner.archiveId }, { ...officerRequest, purpose: undefined })).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    expect((await run(BY_ID, { id: 'ARS-20200101-00000000' }, officerRequest)).data!.archivedDocument).toBeNull();
    // Signing is staff work, whatever a resident's token says.
    const bySelf = await run(SIGN, { key: 'sign-resident', input: { archiveId: owner.archiveId, documentNumber: owner.familyNumber } }, residentRequest);
    expect(bySelf.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STAFF_ONLY' });
    // An officer may not sign a document of a resident outside their region.
    const far = await run(SIGN, { key: 'sign-far', input: { archiveId: owner.archiveId, documentNumber: owner.familyNumber } }, outsiderRequest);
    expect(far.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
  });

  it('reads many residents\' archived documents with one archive statement, and records each read in the audit trail', async () => {
    const owners = (await arsipDb(ARSIP_TABLE).distinct('nik_pemilik').orderBy('nik_pemilik').limit(12)) as Array<{ nik_pemilik: string }>;
    const before = arsip.client.statementCount;
    const { data, errors } = await run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { archivedDocuments { id checksum } } } }', { reps: owners.map((o) => ({ __typename: 'Resident', nik: o.nik_pemilik })) });
    expect(errors).toBeUndefined();
    expect(arsip.client.statementCount - before).toBe(1);
    expect((data!._entities as Array<{ archivedDocuments: unknown[] }>).every((r) => r.archivedDocuments.length > 0)).toBe(true);
    // Each owner given out is in the trail under the read that gave it out, with the purpose.
    const trail = await audit.reader().byNik(owners[0]!.nik_pemilik, { first: 5 }, { tenant: 'tangsel' });
    expect(trail.records[0]).toMatchObject({ operation: 'arsip.documentsOfOwners', access: 'read', purpose: 'automated test' });
    // A verification is not personal data: nothing is recorded for it.
    const [row] = (await tteDb(TTD_TABLE).orderBy('id_ttd').limit(1).select('qr_payload')) as Array<{ qr_payload: string }>;
    const stored = (await audit.reader().search({ tenant: 'tangsel' }, { first: 1 })).records[0]!.id;
    await run(VERIFY, { qr: row!.qr_payload }, anonymousRequest);
    expect((await audit.reader().search({ tenant: 'tangsel' }, { first: 1 })).records[0]!.id).toBe(stored);
  });

  describe('uploads', () => {
    it('refuses a file over the limit as soon as it passes it, leaving nothing behind', async () => {
      const before = filesOnDisk();
      const produced = { bytes: 0 };
      const error = await upload({ idempotencyKey: 'too-large-1' }, pdfStream(20 * 1024 * 1024, produced)).catch((e: unknown) => e);
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'file', reason: 'FILE_TOO_LARGE' } });
      // The copy stopped near the limit, not at the end of the 20 MB.
      expect(produced.bytes).toBeLessThan(MAX_BYTES + 1024 * 1024);
      expect(filesOnDisk()).toEqual(before);
    });

    it('tells the type by content: not a PDF/JPEG/PNG, or not what was declared, is refused and leaves nothing', async () => {
      const before = filesOnDisk();
      const exe = await upload({ idempotencyKey: 'wrong-type-1', fileName: 'scan.pdf' }, pdfStream(50_000, { bytes: 0 }, 'MZ\x90\x00 not a pdf')).catch((e: unknown) => e);
      expect(exe).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'file', reason: 'UNSUPPORTED_CONTENT' } });
      const mismatch = await upload({ idempotencyKey: 'mismatch-1', declaredContentType: 'image/png' }, pdfStream(50_000)).catch((e: unknown) => e);
      expect(mismatch).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'file', reason: 'CONTENT_TYPE_MISMATCH' } });
      const declared = await upload({ idempotencyKey: 'declared-1', declaredContentType: 'text/html' }, pdfStream(1_000)).catch((e: unknown) => e);
      expect(declared).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'declaredContentType', reason: 'UNSUPPORTED_CONTENT' } });
      expect(filesOnDisk()).toEqual(before);
      const ok = await upload({ idempotencyKey: 'declared-ok', declaredContentType: 'application/pdf; name=x', fileName: 'C:\\Users\\loket\\kk baru.pdf' }, pdfStream(1_000));
      const row = (await arsipDb(ARSIP_TABLE).where({ id_arsip: ok.archiveId }).first()) as { nama_asli: string; petugas: string };
      expect(row).toMatchObject({ nama_asli: 'kk baru.pdf', petugas: 'GERBANG' });
    });

    it.each([
      [{ idempotencyKey: 'spaces are bad' }, 'idempotencyKey', 'INVALID_IDEMPOTENCY_KEY'],
      [{ ownerNik: '12345' }, 'ownerNik', 'NOT_16_DIGITS'],
      [{ documentType: 'K' }, 'documentType', 'INVALID_DOCUMENT_TYPE'],
      [{ documentType: 'KK; DROP' }, 'documentType', 'INVALID_DOCUMENT_TYPE'],
      [{ fileName: '   ' }, 'fileName', 'INVALID_FILE_NAME'],
      [{ fileName: 'a\u0000b.pdf' }, 'fileName', 'INVALID_FILE_NAME'],
    ])('refuses the descriptor %j (%s %s) before reading the body', async (descriptor, argument, reason) => {
      const produced = { bytes: 0 };
      const error = await upload(descriptor, pdfStream(10_000, produced)).catch((e: unknown) => e);
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument, reason } });
      expect(produced.bytes).toBe(0);
    });

    it('lets a resident file for their own family card only, officers for their region only, administrators for the tenant', async () => {
      const forMember = await upload({ idempotencyKey: 'res-member-1', ownerNik: owner.memberNik }, pdfStream(1_000), residentRequest);
      expect(forMember.created).toBe(true);
      const stranger = (await siakDb('BIODATA_WNI').whereNot({ NO_KK: owner.familyNumber }).orderBy('NIK').first('NIK')) as { NIK: string };
      const cases: Array<[Omit<RequestContext, 'requestId'>, Partial<UploadDescriptor>, string]> = [
        [residentRequest, { ownerNik: stranger.NIK }, 'NOT_YOUR_FAMILY'],
        [outsiderRequest, {}, 'OUTSIDE_YOUR_REGION'],
        [{ ...officerRequest, purpose: undefined }, {}, 'PURPOSE_REQUIRED'],
        [{ principal: principalFor('AUDITOR'), tenant: 'tangsel' }, {}, 'NO_ACCESS'],
        [anonymousRequest, {}, 'NO_ACCESS'],
        [{ principal: principalFor('KIOSK'), tenant: 'tangsel' }, {}, 'NO_ACCESS'],
      ];
      for (const [request, descriptor, reason] of cases) {
        const produced = { bytes: 0 };
        const error = await upload({ idempotencyKey: `refused-${reason}`, ...descriptor }, pdfStream(1_000, produced), request).catch((e: unknown) => e);
        expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN', reason } });
        expect(produced.bytes).toBe(0);
      }
      // An administrator serves the whole tenant.
      expect((await upload({ idempotencyKey: 'by-admin-1' }, pdfStream(1_000), ADMINISTRATOR_REQUEST)).created).toBe(true);
      const unknownNik = await upload({ idempotencyKey: 'unknown-owner', ownerNik: '3674011708850999' }, pdfStream(1_000)).catch((e: unknown) => e);
      expect(unknownNik).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'ownerNik', reason: 'UNKNOWN_NIK' } });
    });

    it('stores two uploads for two callers using the same key, and refuses a key reused for another document', async () => {
      const byOfficer = await upload({ idempotencyKey: 'shared-key' }, pdfStream(2_000));
      const byResident = await upload({ idempotencyKey: 'shared-key' }, pdfStream(3_000), residentRequest);
      expect(byResident.archiveId).not.toBe(byOfficer.archiveId);
      const reused = await upload({ idempotencyKey: 'shared-key', documentType: 'KTP' }, pdfStream(2_000)).catch((e: unknown) => e);
      expect(reused).toMatchObject({ extensions: { code: 'CONFLICT', argument: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED' } });
    });
  });
});
