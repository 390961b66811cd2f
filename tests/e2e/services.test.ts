import type { Knex } from 'knex';
import { metricsRegistry } from '@core/metrics';
import { arsipEmulator } from '@sim/arsip/emulator';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { setStatus } from '@sim/portal-online/back-office';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Service requests through the gateway: a resident's requests beside the register and their
 * archived documents in one query; an officer's worklist whose page of 50 costs the same legacy
 * statements as a page of 5; a status an officer changes in the portal's own screen seen through
 * the API within seconds.
 */
describe(`service requests end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let portal: Knex;
  let applicant: string;

  beforeAll(async () => {
    legacy = await seededStorage('services-e2e', [siakEmulator, portalOnlineEmulator, sirenaEmulator, pengaduanEmulator, kecamatanEmulator, legalisirEmulator, arsipEmulator, tteEmulator]);
    portal = legacy.open('portal-online');
    const siak = legacy.open('siak');
    const applications = (await portal('permohonan').select('nik_pemohon').orderBy('no_registrasi')) as Array<{ nik_pemohon: string }>;
    for (const { nik_pemohon } of applications) {
      if (await siak('BIODATA_WNI').where({ NIK: nik_pemohon, STAT_HIDUP: 1 }).first()) {
        applicant = nik_pemohon;
        break;
      }
    }
    stack = await startStack(legacy.storage, { services: true, documents: true });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const statements = async (app: string) => {
    const text = await metricsRegistry.getSingleMetricAsString('gerbang_legacy_statements_total');
    return Number(new RegExp(`gerbang_legacy_statements_total\\{app="${app}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('gives a resident their requests, the register and their archived documents in one query', async () => {
    const token = await issueToken({ sub: 'resident-services', roles: ['RESIDENT'], tenant: 'tangsel', nik: applicant });
    const { body } = await postGraphQL(
      stack.gatewayUrl,
      `query ($nik: String!) { resident(nik: $nik) { name family { number } serviceRequests { id service channel status submittedAt dueAt overdue registrationNumber servicePoint { kind } timeline { status at } } archivedDocuments { id type } } }`,
      { nik: applicant },
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors).toBeUndefined();
    const resident = body.data!.resident;
    expect(resident.name).toEqual(expect.any(String));
    expect(resident.serviceRequests.length).toBeGreaterThan(0);
    const request = resident.serviceRequests[0];
    expect(request.id).toMatch(/^sr_/);
    expect(request.id).not.toContain(request.registrationNumber ?? '\u0000');
    expect(request.timeline.length).toBeGreaterThan(0);
    expect(Array.isArray(resident.archivedDocuments)).toBe(true);
  });

  it('serves an officer\'s worklist page of 50 with the same legacy statements as a page of 5', async () => {
    const worklist = `query ($first: Int!) { serviceRequests(first: $first) { edges { node { id status service } } pageInfo { hasNextPage endCursor } } }`;
    const once = async (first: number) => {
      const before = { portal: await statements('portal-online'), sirena: await statements('sirena') };
      const { body } = await postGraphQL(stack.gatewayUrl, worklist, { first });
      expect(body.errors).toBeUndefined();
      return { items: body.data!.serviceRequests.edges.length, portal: (await statements('portal-online')) - before.portal, sirena: (await statements('sirena')) - before.sirena };
    };
    // The change-feed poller reads the same applications in this process every 200 ms, and only
    // ever adds statements: the fewest over three tries is the page's own cost.
    const cost = async (first: number) => {
      const tries = [await once(first), await once(first), await once(first)];
      return { items: tries[0]!.items, portal: Math.min(...tries.map((t) => t.portal)), sirena: Math.min(...tries.map((t) => t.sirena)) };
    };
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty.items).toBeGreaterThan(five.items);
    expect(five.portal).toBeGreaterThan(0);
    expect({ portal: fifty.portal, sirena: fifty.sirena }).toEqual({ portal: five.portal, sirena: five.sirena });
  });

  it('shows a status an officer changed in the portal\'s own screen through the gateway', async () => {
    const waiting = (await portal('permohonan').select('no_registrasi', 'nik_pemohon').where('status', 1).orderBy('no_registrasi').first()) as { no_registrasi: string; nik_pemohon: string };
    const query = `query ($nik: String!) { resident(nik: $nik) { serviceRequests { registrationNumber status timeline { status note } } } }`;
    await setStatus(portal, waiting.no_registrasi, 3, 'foto KK tidak terbaca', '198001012005011001');
    const { body } = await postGraphQL(stack.gatewayUrl, query, { nik: waiting.nik_pemohon });
    expect(body.errors).toBeUndefined();
    const seen = body.data!.resident.serviceRequests.find((r: { registrationNumber: string }) => r.registrationNumber === waiting.no_registrasi);
    expect(seen.status).toBe('REJECTED');
    expect(seen.timeline.at(-1)).toMatchObject({ status: 'REJECTED', note: 'foto KK tidak terbaca' });
  });
});
