import type { Knex } from 'knex';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';
import { tcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * A request submitted while its application is down, through the gateway: portal-online's database
 * server really goes away (the services subgraph reaches it through a TCP proxy the test cuts, as
 * if the server stopped), the submission is accepted and kept (PENDING, the reason on record), the
 * subgraph itself restarts meanwhile, and when the server is back the request is delivered once.
 * MariaDB only: an embedded SQLite database is a file inside the process and cannot be stopped on
 * its own (the in-process services tests play that outage instead).
 */
const SUBMIT = `mutation ($key: String!, $input: SubmitServiceRequestInput!) { submitServiceRequest(idempotencyKey: $key, input: $input) {
  replayed application state errorCode request { id status } } }`;
const FOLLOW = `query ($key: String!) { serviceRequestSubmission(idempotencyKey: $key) { state attempts errorCode request { id application status registrationNumber } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const suite = testBackend() === 'mysql' ? describe : describe.skip;
if (testBackend() !== 'mysql') console.warn('services outage end to end: SKIPPED on SQLite (an embedded database cannot be stopped apart from the process); runs on MariaDB');

suite(`a service request while its application is down (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let proxy: TcpProxy;
  let portal: Knex;
  let nik: string;

  beforeAll(async () => {
    legacy = await seededStorage('services-outage', [siakEmulator, portalOnlineEmulator, sirenaEmulator]);
    portal = legacy.open('portal-online');
    const url = new URL(legacy.storage.mysqlUrl!);
    proxy = await tcpProxy(url.hostname, Number(url.port || 3306));
    const proxied = { ...legacy.storage, mysqlUrl: `${url.protocol}//${url.username}${url.password ? `:${url.password}` : ''}@127.0.0.1:${proxy.port}` };
    stack = await startStack(legacy.storage, { services: true, servicesStorageOf: { 'portal-online': proxied } });
    nik = ((await legacy.open('siak')('BIODATA_WNI').select('NIK').where({ STAT_HIDUP: 1, STAT_HBKEL: 1 }).orderBy('NIK').first()) as { NIK: string }).NIK;
  });

  afterAll(async () => {
    await stack?.stop();
    await proxy?.stop();
    await legacy?.cleanup();
  });

  it('accepts and keeps it, survives a restart of the subgraph, and delivers it once when the application is back', async () => {
    const headers = { authorization: `Bearer ${await issueToken({ sub: 'resident-outage', roles: ['RESIDENT'], tenant: 'tangsel', nik })}` };
    const input = { service: 'FAMILY_CARD_CHANGE', channel: 'ONLINE', servicePoint: { kind: 'ONLINE_PORTAL' }, applicantNik: nik, note: 'tambah anggota keluarga' };
    await proxy.stop();

    const first = await postGraphQL(stack.gatewayUrl, SUBMIT, { key: 'while-down-1', input }, headers);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.submitServiceRequest).toMatchObject({ replayed: false, application: 'portal-online', state: 'PENDING', request: null });
    // Operators see it: the gateway is not ready, and names the application by its catalogue id.
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('"portal-online"');
    let followed;
    for (let i = 0; i < 50; i++) {
      followed = (await postGraphQL(stack.gatewayUrl, FOLLOW, { key: 'while-down-1' }, headers)).body.data!.serviceRequestSubmission;
      if (followed.errorCode) break;
      await sleep(100);
    }
    expect(followed).toMatchObject({ state: 'PENDING', errorCode: 'LEGACY_UNAVAILABLE', request: null });

    // The subgraph goes down and comes back while the application is still away: the write is kept.
    await stack.restartServices();
    expect((await postGraphQL(stack.gatewayUrl, FOLLOW, { key: 'while-down-1' }, headers)).body.data!.serviceRequestSubmission.state).toBe('PENDING');

    await proxy.start();
    for (let i = 0; i < 100; i++) {
      followed = (await postGraphQL(stack.gatewayUrl, FOLLOW, { key: 'while-down-1' }, headers)).body.data!.serviceRequestSubmission;
      if (followed.state === 'DELIVERED') break;
      await sleep(100);
    }
    expect(followed).toMatchObject({ state: 'DELIVERED', request: { application: 'portal-online', status: 'SUBMITTED' } });
    const again = await postGraphQL(stack.gatewayUrl, SUBMIT, { key: 'while-down-1', input }, headers);
    expect(again.body.data!.submitServiceRequest).toMatchObject({ replayed: true, state: 'DELIVERED' });
    const rows = await portal('permohonan').where('nik_pemohon', nik).andWhere('ref_klien', 'like', 'GB-SR-%');
    expect(rows).toHaveLength(1);
  });
});
