import type { Knex } from 'knex';
import { AuditReader, openAuditStore } from '@core/audit';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { WSDL_CALL } from '@sim/base/soap/server';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * The civil registry through the gateway: deeds beside the population register in one query,
 * batched per registry; writes that land in the registries in their own formats exactly once,
 * also when a registry is down and the subgraph restarts before it returns; a court-ordered change
 * that completes when the application's batch job has run; each registry failing alone.
 */
describe(`civil registry end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let siak: Knex;
  let kawinDb: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('civil-registry-e2e', [siakEmulator, aktaLahirEmulator, aktaMatiEmulator, aktaKawinEmulator, aktaCeraiEmulator]);
    siak = legacy.open('siak');
    kawinDb = legacy.open('akta-kawin');
    stack = await startStack(legacy.storage, { civilRegistry: true });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('answers a resident with their deeds beside the register, and a whole family with one call per registry', async () => {
    const married = (await kawinDb('CAPIL_KAWIN').select('NIK_SUAMI').whereNotNull('NIK_SUAMI').orderBy('NO_AKTA_KWN').first()) as { NIK_SUAMI: string };
    const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${married.NIK_SUAMI}") { name maritalStatus family { number } marriageDeeds { number wife { name } } birthDeed { number } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.resident.marriageDeeds.length).toBeGreaterThan(0);
    expect(['MARRIED', 'DIVORCED', 'WIDOWED']).toContain(body.data!.resident.maritalStatus);

    const biggest = (await siak('BIODATA_WNI').select('NO_KK').count({ n: '*' }).groupBy('NO_KK').orderBy([{ column: 'n', order: 'desc' }, { column: 'NO_KK' }]).first()) as { NO_KK: string };
    const kk = biggest.NO_KK;
    const apps = stack.civilRegistry!.apps;
    // Operations only: the adapter's one-time fetch of the WSDL is not a call per query.
    const operations = (app: typeof apps.aktaKawin) => app.calls.total - app.calls.of(WSDL_CALL);
    const before = { kawin: operations(apps.aktaKawin), cerai: operations(apps.aktaCerai) };
    const family = await postGraphQL(stack.gatewayUrl, `{ family(number: "${kk}") { members { name birthDeed { number } deathDeed { number } marriageDeeds { number } divorceDeeds { number } } } }`);
    expect(family.body.errors).toBeUndefined();
    expect(family.body.data!.family.members.length).toBeGreaterThan(1);
    // One SOAP call per registry for every member at once.
    expect(operations(apps.aktaKawin) - before.kawin).toBe(1);
    expect(operations(apps.aktaCerai) - before.cerai).toBe(1);

    // Every deed given out is in the audit trail, under this request, by the civil-registry subgraph.
    const requestId = family.headers.get('x-request-id')!;
    const store = await openAuditStore(legacy.storage);
    try {
      const recorded = await until('the deed reads in the audit trail', async () => {
        const page = await new AuditReader(store).search({ tenant: 'tangsel' }, { first: 200 });
        const mine = page.records.filter((r) => r.requestId === requestId && r.operation !== 'siak.familiesByNumber' && !r.operation.startsWith('siak.'));
        return mine.length > 0 ? mine : undefined;
      });
      expect(recorded.every((r) => r.access === 'read' && r.principal.id === 'test-administrator' && r.purpose === 'automated test')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('fails only the fields of a registry that is down, and recovers when it is back', async () => {
    const nik = ((await kawinDb('CAPIL_KAWIN').select('NIK_ISTRI').whereNotNull('NIK_ISTRI').orderBy('NO_AKTA_KWN').first()) as { NIK_ISTRI: string }).NIK_ISTRI;
    const query = `{ resident(nik: "${nik}") { name birthDeed { number } marriageDeeds { number } divorceDeeds { number } } }`;
    for (const app of ['aktaKawin', 'aktaCerai'] as const) {
      const running = stack.civilRegistry!.apps[app];
      await running.stop();
      try {
        const { body } = await postGraphQL(stack.gatewayUrl, query);
        const failed = (body.errors ?? []).map((e) => [(e as { path?: string[] }).path?.join('.'), e.extensions?.code]);
        expect(failed).toEqual([[`resident.${app === 'aktaKawin' ? 'marriageDeeds' : 'divorceDeeds'}`, 'LEGACY_UNAVAILABLE']]);
        expect(body.data!.resident.name).toEqual(expect.any(String));
        const ready = (await (await fetch(`${stack.gatewayUrl}/readyz`)).json()) as { legacy: Record<string, string> };
        expect(ready.legacy[app === 'aktaKawin' ? 'akta-kawin' : 'akta-cerai']).not.toBe('ready');
      } finally {
        await running.restart();
      }
      // Its breaker lets a probe through shortly after, and the fields answer again.
      await until(`${app} to answer again`, async () => {
        const { body } = await postGraphQL(stack.gatewayUrl, query);
        return body.errors ? undefined : true;
      });
    }
    const ready = (await (await fetch(`${stack.gatewayUrl}/readyz`)).json()) as { legacy: Record<string, string> };
    for (const app of ['siak', 'akta-lahir', 'akta-mati', 'akta-kawin', 'akta-cerai', 'capil-perubahan']) expect(ready.legacy[app]).toBe('ready');
  });

  it('keeps a marriage registered while akta-kawin is down, and delivers it exactly once after a subgraph restart', async () => {
    const singles = (await siak('BIODATA_WNI').select('NIK', 'JENIS_KLMIN').where({ STAT_KWN: 1, STAT_HIDUP: 1 }).where('TGL_LHR', '<=', '1995-01-01').orderBy('NIK')) as Array<{ NIK: string; JENIS_KLMIN: number }>;
    const husband = singles.find((r) => Number(r.JENIS_KLMIN) === 1)!.NIK;
    const wife = singles.find((r) => Number(r.JENIS_KLMIN) === 2)!.NIK;
    const input = { husbandNik: husband, wifeNik: wife, marriedOn: '2025-06-01', place: 'Gereja Santa Monika', religion: 'CATHOLIC', religiousInstitution: 'Paroki Santa Monika', witnesses: [{ name: 'Yohanes Wibowo', birthDate: '1970-02-03' }, { name: 'Maria Lestari', birthDate: '1975-04-05' }] };
    const REGISTER = 'mutation ($input: RegisterMarriageInput!) { registerMarriage(idempotencyKey: "e2e-marriage-1", input: $input) { reference replayed state deliveries { app state } } }';
    const rows = () => kawinDb('CAPIL_KAWIN').where({ NIK_SUAMI: husband, NIK_ISTRI: wife });

    await stack.civilRegistry!.apps.aktaKawin.stop();
    const first = await postGraphQL(stack.gatewayUrl, REGISTER, { input });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.registerMarriage).toMatchObject({ replayed: false, state: 'PENDING', deliveries: [{ app: 'akta-kawin', state: 'PENDING' }] });
    expect(await rows()).toHaveLength(0);

    // The subgraph goes down and comes back while akta-kawin is still away; then akta-kawin returns.
    await stack.restartCivilRegistry();
    await stack.civilRegistry!.apps.aktaKawin.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows()).toHaveLength(0);
    await stack.civilRegistry!.apps.aktaKawin.restart();

    const followed = await until('the marriage to be delivered', async () => {
      const { body } = await postGraphQL(stack.gatewayUrl, '{ marriageRegistration(idempotencyKey: "e2e-marriage-1") { state deed { number } } }');
      return body.data?.marriageRegistration?.state === 'DELIVERED' ? body.data.marriageRegistration : undefined;
    });
    expect(await rows()).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ REF_GERBANG: first.body.data!.registerMarriage.reference, NO_AKTA_KWN: followed.deed.number });

    const again = await postGraphQL(stack.gatewayUrl, REGISTER, { input });
    expect(again.body.data!.registerMarriage).toMatchObject({ replayed: true, reference: first.body.data!.registerMarriage.reference });
    expect(await rows()).toHaveLength(1);
  });

  it('files a court-ordered name change that completes when capil-perubahan\'s batch job has run', async () => {
    const nik = ((await siak('BIODATA_WNI').select('NIK').where({ STAT_HIDUP: 1 }).where('TGL_LHR', '<', '2000-01-01').orderBy('NIK', 'desc').first()) as { NIK: string }).NIK;
    const FILE = `mutation { fileCourtOrderedChange(idempotencyKey: "e2e-change-1", input: { nik: "${nik}", change: NAME_CHANGE, newName: "Nama Baru Sekali", courtOrder: { number: "321/Pdt.P/2025/PN.Tng", court: "Pengadilan Negeri Tangerang", date: "2025-05-02" } }) { state replayed } }`;
    const filed = await postGraphQL(stack.gatewayUrl, FILE);
    expect(filed.body.errors).toBeUndefined();
    expect(['PENDING', 'ACCEPTED']).toContain(filed.body.data!.fileCourtOrderedChange.state);
    const done = await until('the batch job to answer', async () => {
      const { body } = await postGraphQL(stack.gatewayUrl, '{ courtOrderedChangeRequest(idempotencyKey: "e2e-change-1") { state annotation { number newName } } }');
      return body.data?.courtOrderedChangeRequest?.state === 'ACCEPTED' ? body.data.courtOrderedChangeRequest : undefined;
    });
    expect(done.annotation).toMatchObject({ newName: expect.stringMatching(/NAMA BARU SEKALI/i) });
    const resident = await until('the annotation on the resident', async () => {
      const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { courtOrderedChanges { number } } }`);
      const numbers = (body.data?.resident?.courtOrderedChanges ?? []).map((c: { number: string }) => c.number);
      return numbers.includes(done.annotation.number) ? numbers : undefined;
    });
    expect(resident).toContain(done.annotation.number);
    const again = await postGraphQL(stack.gatewayUrl, FILE);
    expect(again.body.data!.fileCourtOrderedChange.replayed).toBe(true);
  });
});
