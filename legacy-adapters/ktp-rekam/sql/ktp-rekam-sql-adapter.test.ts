import type { Knex } from 'knex';
import { deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { recordEnrolment, setEnrolmentStatus } from '@sim/ktp-rekam/back-office';
import { ktpRekamEmulator } from '@sim/ktp-rekam/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { connectKtpRekam, createKtpRekamLoaders, type KtpRekamPort } from '../index';

const unhurried = () => deadlineIn(10_000);

/** The enrolment adapter against the running emulator's table (SQLite or MariaDB). */
describe(`KTP-el enrolment SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let client: SqlLegacyClient;
  let adapter: KtpRekamPort;

  beforeAll(async () => {
    legacy = await seededStorage('ktp-rekam-adapter', [ktpRekamEmulator]);
    officer = legacy.open('ktp-rekam');
    ({ port: adapter, client } = connectKtpRekam(legacy.storage, { timeoutMs: 5_000 }));
  });

  afterAll(async () => {
    await client?.close();
    await legacy?.cleanup();
  });

  async function niksWithStatus(status: string, n: number): Promise<string[]> {
    const rows = (await officer('t_perekaman').distinct('nik').where({ status_rekam: status }).orderBy('nik').limit(n)) as Array<{ nik: string }>;
    return rows.map((r) => r.nik);
  }

  it('loads the enrolments of many NIKs in one statement and leaves the never-enrolled out', async () => {
    const niks = await niksWithStatus('S', 40);
    const before = client.statementCount;
    const found = await adapter.enrolmentsOf([...niks, '3674011708850999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(found.size).toBe(40);
    expect(found.has('3674011708850999')).toBe(false);
    const latest = found.get(niks[0]!)![0]!;
    expect(latest.nik).toBe(niks[0]);
    expect(latest.enrolledOn).toMatch(/^20[12]\d-\d{2}-\d{2}$/);
    expect(latest.enrolledAt?.startsWith(latest.enrolledOn!)).toBe(true);
    expect(latest.office.regionCode).toMatch(/^36\.74(\.0[1-7])?$/);
    expect(Object.values(latest.biometrics).every((b) => typeof b === 'boolean')).toBe(true);
  });

  it('gives every status of the application, and biometric flags only as yes/no', async () => {
    const niks = [...(await niksWithStatus('B', 2)), ...(await niksWithStatus('D', 2))];
    const found = await adapter.enrolmentsOf(niks, unhurried());
    const statuses = new Set([...found.values()].flat().map((e) => e.status));
    expect(statuses.has('NEW') || statuses.has('DUPLICATE')).toBe(true);
    expect(statuses.has(null)).toBe(false);
    for (const e of [...found.values()].flat()) expect(Object.keys(e.biometrics).sort()).toEqual(['fingerprints', 'iris', 'photo', 'signature']);
  });

  it('shows an officer\'s new enrolment, newest first, and its status once the central match answers', async () => {
    const [nik] = await niksWithStatus('S', 1);
    const id = await recordEnrolment(officer, { nik: nik!, name: 'X', kecamatan: 0, regencyCode: '36.74', officer: 'op_test', iris: false }, new Date('2026-03-01T03:04:05Z'));
    let list = (await adapter.enrolmentsOf([nik!], unhurried())).get(nik!)!;
    expect(list[0]).toMatchObject({ status: 'NEW', enrolledAt: '2026-03-01T10:04:05', office: { kind: 'DINAS', regionCode: '36.74' }, biometrics: { iris: false, fingerprints: true } });
    expect(list.length).toBeGreaterThan(1);
    await setEnrolmentStatus(officer, id, 'D');
    list = (await adapter.enrolmentsOf([nik!], unhurried())).get(nik!)!;
    expect(list[0]!.status).toBe('DUPLICATE');
  });

  it('loads what one level of a query asks for in one statement, and never sends a batch once the caller left', async () => {
    const niks = await niksWithStatus('S', 5);
    const loaders = createKtpRekamLoaders(adapter, unhurried());
    const before = client.statementCount;
    const lists = await Promise.all([...niks, '3674011708850999'].map((n) => loaders.enrolmentsByNik.load(n)));
    expect(client.statementCount - before).toBe(1);
    expect(lists.at(-1)).toEqual([]);
    const request = startDeadline(10_000);
    const late = createKtpRekamLoaders(adapter, request.deadline);
    const load = late.enrolmentsByNik.load(niks[0]!).then(() => 'loaded', (e: unknown) => (e as GerbangError).code);
    request.callerLeft();
    expect(await load).toBe('DEADLINE_EXCEEDED');
    expect(client.statementCount - before).toBe(1);
  });
});

describe('KTP-el enrolment SQL adapter when the application is down', () => {
  it('reports LEGACY_UNAVAILABLE without the driver\'s message', async () => {
    const storage = testBackend() === 'mysql'
      ? { mysqlUrl: 'mysql://root@127.0.0.1:1', mysqlDatabasePrefix: 'gerbang_', dataDir: '/nonexistent' }
      : { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir: '/proc/gerbang-no-such-dir' };
    const { port, client } = connectKtpRekam(storage, { timeoutMs: 2_000 });
    try {
      const error = await port.enrolmentsOf(['3674011708850003'], unhurried()).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ktp-rekam' });
      expect((error as GerbangError).message).not.toMatch(/127\.0\.0\.1|ECONN|sqlite|select|perekaman/i);
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
