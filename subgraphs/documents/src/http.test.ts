import { HopSigner, HopVerifier } from '@core/context/hop-keys';
import { ANONYMOUS } from '@core/context/request-context';
import { CONTEXT_HEADER, hopCallClaims, signHop } from '@core/context/hop-token';
import { createLogger } from '@core/log';
import { locateOutboxDatabase } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { Tenants } from '@core/tenants';
import { arsipEmulator } from '@sim/arsip/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { TTD_TABLE } from '@sim/tte/schema';
import { startDocuments, type DocumentsInProcess } from '../../../tests/support/documents';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';

/**
 * The documents subgraph as its process serves it (tests/support/documents.ts, as the end-to-end
 * stack starts it): GraphQL only with the gateway's signed hop token, readiness by catalogue id.
 */
describe(`documents subgraph over HTTP (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let documents: DocumentsInProcess;
  const signer = HopSigner.development();

  beforeAll(async () => {
    legacy = await seededStorage('documents-http', [siakEmulator, tteEmulator, arsipEmulator]);
    documents = await startDocuments(legacy.storage, { verifier: HopVerifier.development(), tenants: Tenants.load(), logger: createLogger('test', 'silent') });
  });

  afterAll(async () => {
    await documents?.stop();
    if (legacy) await dropAppDatabase(locateOutboxDatabase('documents', legacy.storage));
    await legacy?.cleanup();
  });

  async function post(query: string, variables: Record<string, unknown>, signed = true) {
    const body = JSON.stringify({ query, variables });
    const token = signHop(hopCallClaims({ requestId: 'http-test', principal: ANONYMOUS, tenant: 'tangsel' }, { audience: 'documents', body, deadlineMs: 5_000 }), signer);
    const res = await fetch(`${documents.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signed ? { [CONTEXT_HEADER]: token } : {}) }, body });
    return { status: res.status, body: (await res.json()) as { data?: Record<string, any>; errors?: Array<{ extensions?: Record<string, unknown> }> } };
  }

  it('verifies a seeded document\'s QR code for an anonymous caller, and refuses a call without the gateway\'s token', async () => {
    const [row] = (await legacy.open('tte')(TTD_TABLE).where({ status: 'AKTIF' }).orderBy('id_ttd').limit(1).select('qr_payload', 'no_dokumen')) as Array<{ qr_payload: string; no_dokumen: string }>;
    const query = 'query ($qr: String!) { verifyDocument(qrPayload: $qr) { genuine document { number } } }';
    const answer = await post(query, { qr: row!.qr_payload });
    expect(answer.status).toBe(200);
    expect(answer.body.data!.verifyDocument).toMatchObject({ genuine: true, document: { number: row!.no_dokumen } });
    const direct = await post(query, { qr: row!.qr_payload }, false);
    expect(direct.status).toBe(401);
  });

  it('names tte, arsip and siak on /readyz, and tte alone as not ready while it is down', async () => {
    const ready = await fetch(`${documents.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { legacy: Record<string, string> };
    expect(Object.keys(body.legacy).sort()).toEqual(['arsip', 'siak', 'tte']);
    await documents.apps.tte.stop();
    try {
      const down = await fetch(`${documents.url}/readyz`);
      expect(down.status).toBe(503);
      const states = ((await down.json()) as { legacy: Record<string, string> }).legacy;
      expect(states.arsip).toBe('ready');
      expect(states.siak).toBe('ready');
      expect(states.tte).not.toBe('ready');
    } finally {
      await documents.apps.tte.restart();
    }
  });
});
