import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import type { Knex } from 'knex';
import { locateAppFolders } from '@core/files/app-folders';
import { arsipEmulator } from '@sim/arsip/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { administratorHeaders, startStack, type Stack } from '../support/stack';

/**
 * The gateway's upload endpoint, end to end: a file streams from the client through the gateway
 * and the documents subgraph into the archive (arsip's table and folder), with the limits checked
 * on the way (size by counting, type by content), who may upload decided at the gateway and for
 * whom in the subgraph, and nothing left behind by a refusal.
 */
const LIMIT = 256 * 1024;

/** A PDF of `size` bytes, made in chunks (as a client streams a scan). */
function* pdf(size: number, fill = 7): Generator<Buffer> {
  const head = Buffer.from('%PDF-1.4\n', 'latin1');
  yield head;
  let left = size - head.length;
  while (left > 0) {
    const n = Math.min(16_384, left);
    yield Buffer.alloc(n, fill);
    left -= n;
  }
}

interface Sent {
  status: number;
  body: any;
}

/** POSTs chunks to /uploads; `length: false` sends it chunked, without a Content-Length. */
async function upload(url: string, query: string, chunks: Iterable<Buffer>, headers: Record<string, string>, options: { length?: boolean } = {}): Promise<Sent> {
  const parts = [...chunks];
  const size = parts.reduce((n, c) => n + c.length, 0);
  return new Promise((resolve, reject) => {
    const req = request(`${url}/uploads?${query}`, { method: 'POST', headers: { ...headers, ...(options.length === false ? {} : { 'content-length': String(size) }) } });
    req.on('response', (res) => {
      const got: Buffer[] = [];
      res.on('data', (c: Buffer) => got.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(got).toString('utf8')) }));
    });
    // A server that refuses early may close while we still send: its answer is what counts.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    void (async () => {
      for (const part of parts) {
        if (req.destroyed) return;
        if (!req.write(part)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })();
  });
}

const sha256 = (chunks: Iterable<Buffer>) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex');
};

describe(`uploads through the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let arsip: Knex;
  let folder: string;
  let person: { NIK: string; NO_KK: string };
  let stranger: { NIK: string };
  let admin: Record<string, string>;

  beforeAll(async () => {
    legacy = await seededStorage('uploads-e2e', [siakEmulator, arsipEmulator, tteEmulator]);
    const siak = legacy.open('siak');
    arsip = legacy.open('arsip');
    person = (await siak('BIODATA_WNI').select('NIK', 'NO_KK').where('STAT_HIDUP', 1).orderBy('NIK').first()) as typeof person;
    stranger = (await siak('BIODATA_WNI').select('NIK').whereNot('NO_KK', person.NO_KK).orderBy('NIK', 'desc').first()) as typeof stranger;
    stack = await startStack(legacy.storage, { documents: true, gatewayEnv: { GATEWAY_UPLOAD_MAX_BYTES: String(LIMIT) } });
    folder = locateAppFolders('arsip', legacy.storage).archive;
    admin = await administratorHeaders();
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const filesInArchive = () => readdirSync(folder, { recursive: true }).length;
  const rowsOf = async (nik: string) => Number(((await arsip('arsip_dokumen').count({ n: '*' }).where('nik_pemilik', nik)) as Array<{ n: number | string }>)[0]!.n);
  const query = (owner: string, name = 'kk.pdf', type = 'KK') => `owner=${owner}&type=${type}&name=${encodeURIComponent(name)}`;

  it('streams a file into the archive with its checksum, once per key', async () => {
    const chunks = [...pdf(100_000)];
    const first = await upload(stack.gatewayUrl, query(person.NIK), chunks, { ...admin, 'idempotency-key': 'upload-e2e-1', 'content-type': 'application/pdf' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ documentType: 'KK', contentType: 'application/pdf', sizeBytes: 100_000, checksum: sha256(chunks), created: true });
    expect(first.body.archiveId).toEqual(expect.any(String));
    // A retry after a lost answer: the same document, nothing stored twice.
    const rows = await rowsOf(person.NIK);
    const files = filesInArchive();
    const again = await upload(stack.gatewayUrl, query(person.NIK), chunks, { ...admin, 'idempotency-key': 'upload-e2e-1', 'content-type': 'application/pdf' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ archiveId: first.body.archiveId, created: false });
    expect(await rowsOf(person.NIK)).toBe(rows);
    expect(filesInArchive()).toBe(files);
  });

  it('refuses a file over the limit, told or not by Content-Length, and leaves nothing behind', async () => {
    const rows = await rowsOf(person.NIK);
    const files = filesInArchive();
    const told = await upload(stack.gatewayUrl, query(person.NIK), pdf(LIMIT + 1), { ...admin, 'idempotency-key': 'upload-e2e-big-1' });
    expect(told.status).toBe(413);
    expect(told.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE' });
    // Chunked: the gateway finds out while counting, part of the file already at the archive.
    const streamed = await upload(stack.gatewayUrl, query(person.NIK), pdf(LIMIT * 3), { ...admin, 'idempotency-key': 'upload-e2e-big-2' }, { length: false });
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors[0].extensions).toMatchObject({ reason: 'FILE_TOO_LARGE' });
    // The archive removes its partial file when the copy is cut (give it a moment).
    await new Promise((r) => setTimeout(r, 300));
    expect(filesInArchive()).toBe(files);
    expect(await rowsOf(person.NIK)).toBe(rows);
  });

  it('tells the type by content: a text file named .pdf, or declared as PDF while a PNG, is refused', async () => {
    const rows = await rowsOf(person.NIK);
    const files = filesInArchive();
    const text = await upload(stack.gatewayUrl, query(person.NIK, 'surat.pdf'), [Buffer.from('Surat pengantar RT 003/RW 005\n'.repeat(200))], { ...admin, 'idempotency-key': 'upload-e2e-text' });
    expect(text.status).toBe(415);
    expect(text.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_CONTENT' });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2_000, 1)]);
    const mismatch = await upload(stack.gatewayUrl, query(person.NIK, 'foto.pdf'), [png], { ...admin, 'idempotency-key': 'upload-e2e-png', 'content-type': 'application/pdf' });
    expect(mismatch.status).toBe(415);
    expect(mismatch.body.errors[0].extensions).toMatchObject({ reason: 'CONTENT_TYPE_MISMATCH' });
    expect(filesInArchive()).toBe(files);
    expect(await rowsOf(person.NIK)).toBe(rows);
  });

  it('lets residents upload for their own family only, staff with a purpose, and nobody else', async () => {
    const resident = { authorization: `Bearer ${await issueToken({ sub: 'resident-upload', roles: ['RESIDENT'], tenant: 'tangsel', nik: person.NIK })}` };
    const own = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...resident, 'idempotency-key': 'upload-e2e-own' });
    expect(own.status).toBe(201);
    const other = await upload(stack.gatewayUrl, query(stranger.NIK), pdf(5_000), { ...resident, 'idempotency-key': 'upload-e2e-other' });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const anonymous = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { 'idempotency-key': 'upload-e2e-anon' });
    expect(anonymous.status).toBe(401);
    const kiosk = { authorization: `Bearer ${await issueToken({ sub: 'kiosk-upload', roles: ['KIOSK'], tenant: 'tangsel' })}` };
    const byKiosk = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...kiosk, 'idempotency-key': 'upload-e2e-kiosk' });
    expect(byKiosk.status).toBe(403);
    expect(byKiosk.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_SCOPE' });
    const officer = { authorization: `Bearer ${await issueToken({ sub: 'officer-upload', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' })}` };
    const noPurpose = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...officer, 'idempotency-key': 'upload-e2e-officer' });
    expect(noPurpose.status).toBe(403);
    expect(noPurpose.body.errors[0].extensions).toMatchObject({ reason: 'PURPOSE_REQUIRED' });
    const withPurpose = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...officer, 'x-purpose': 'berkas pindah', 'idempotency-key': 'upload-e2e-officer' });
    expect(withPurpose.status).toBe(201);
  });

  it('says what is missing or malformed, before reading the file', async () => {
    const noKey = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), admin);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MISSING_PARAMETER' });
    const badNik = await upload(stack.gatewayUrl, query('12345'), pdf(5_000), { ...admin, 'idempotency-key': 'upload-e2e-badnik' });
    expect(badNik.status).toBe(400);
    expect(badNik.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const get = await fetch(`${stack.gatewayUrl}/uploads`);
    expect(get.status).toBe(405);
  });

  it('answers 503 while the documents subgraph is down, and takes the file once it is back', async () => {
    await stack.restartDocuments(async () => {
      const down = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...admin, 'idempotency-key': 'upload-e2e-down' });
      expect(down.status).toBe(503);
      expect(down.body.errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    });
    const back = await upload(stack.gatewayUrl, query(person.NIK), pdf(5_000), { ...admin, 'idempotency-key': 'upload-e2e-down' });
    expect(back.status).toBe(201);
  });
});
