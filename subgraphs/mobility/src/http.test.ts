import { HopSigner, HopVerifier } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopCallClaims, signHop } from '@core/context/hop-token';
import { createLogger } from '@core/log';
import { locateOutboxDatabase } from '@core/outbox';
import { dropAppDatabase } from '@core/sql/app-database';
import { Tenants } from '@core/tenants';
import { orangAsingEmulator } from '@sim/orang-asing/emulator';
import { pindahDatangEmulator } from '@sim/pindah-datang/emulator';
import { pindahKeluarEmulator } from '@sim/pindah-keluar/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { startMobility, type MobilityInProcess } from '../../../tests/support/mobility';
import { principalFor } from '../../../tests/support/principals';

/**
 * The mobility subgraph as its process serves it (tests/support/mobility.ts, as the end-to-end
 * stack starts it): GraphQL only with the gateway's signed hop token, readiness by catalogue id.
 */
describe(`mobility subgraph over HTTP (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let mobility: MobilityInProcess;
  const signer = HopSigner.development();

  beforeAll(async () => {
    legacy = await seededStorage('mobility-http', [siakEmulator, pindahKeluarEmulator, pindahDatangEmulator, orangAsingEmulator]);
    await dropAppDatabase(locateOutboxDatabase('mobility', legacy.storage));
    mobility = await startMobility(legacy.storage, { verifier: HopVerifier.development(), tenants: Tenants.load(), logger: createLogger('test', 'silent') });
  });

  afterAll(async () => {
    await mobility?.stop();
    if (legacy) await dropAppDatabase(locateOutboxDatabase('mobility', legacy.storage));
    await legacy?.cleanup();
  });

  async function post(query: string, variables: Record<string, unknown>, signed = true) {
    const body = JSON.stringify({ query, variables });
    const context = { requestId: 'http-test', principal: principalFor('OFFICER', { region: '36.74' }), tenant: 'tangsel', purpose: 'counter service' };
    const token = signHop(hopCallClaims(context, { audience: 'mobility', body, deadlineMs: 5_000 }), signer);
    const res = await fetch(`${mobility.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signed ? { [CONTEXT_HEADER]: token } : {}) }, body });
    return { status: res.status, body: (await res.json()) as { data?: Record<string, any>; errors?: Array<{ extensions?: Record<string, unknown> }> } };
  }

  it('reads a seeded letter for an officer with the gateway\'s token, and refuses a call without it', async () => {
    const row = (await legacy.open('pindah-keluar')('t_skpwni').select('no_skpwni').orderBy('no_skpwni').first()) as { no_skpwni: string };
    const query = 'query ($n: String!) { moveOutLetter(number: $n) { number movers { nik } } }';
    const answer = await post(query, { n: row.no_skpwni });
    expect(answer.status).toBe(200);
    expect(answer.body.data!.moveOutLetter.number).toBe(row.no_skpwni);
    expect((await post(query, { n: row.no_skpwni }, false)).status).toBe(401);
  });

  it('names siak, pindah-keluar, pindah-datang and orang-asing on /readyz, and pindah-datang alone as not ready while it is down', async () => {
    const ready = await fetch(`${mobility.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { legacy: Record<string, string> }).legacy).sort()).toEqual(['orang-asing', 'pindah-datang', 'pindah-keluar', 'siak']);
    await mobility.apps.pindahDatang.stop();
    try {
      const down = await fetch(`${mobility.url}/readyz`);
      expect(down.status).toBe(503);
      const states = ((await down.json()) as { legacy: Record<string, string> }).legacy;
      expect(states).toMatchObject({ siak: 'ready', 'pindah-keluar': 'ready', 'orang-asing': 'ready' });
      expect(states['pindah-datang']).not.toBe('ready');
    } finally {
      await mobility.apps.pindahDatang.restart();
    }
  });
});
