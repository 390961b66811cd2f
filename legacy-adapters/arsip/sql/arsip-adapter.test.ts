import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { locateAppFolders } from '@core/files/app-folders';
import { damageFile } from '@sim/arsip/back-office';
import { seededDamage } from '@sim/arsip/content';
import { arsipEmulator } from '@sim/arsip/emulator';
import { provisionArsipFiles } from '@sim/arsip/files';
import { ARSIP_TABLE } from '@sim/arsip/schema';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectArsip, createArsipLoaders, type ArsipConnection, type OpenedDocument } from '../index';

const unhurried = () => deadlineIn(10_000);
const MAX_BYTES = 64 * 1024;
const PDF = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

/** Yields `content` in small chunks, as an upload arrives. */
async function* chunks(content: Buffer, size = 7, pauseMs = 0): AsyncGenerator<Buffer> {
  for (let i = 0; i < content.length; i += size) {
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    yield content.subarray(i, i + size);
  }
}

async function readAll(opened: OpenedDocument | null): Promise<Buffer> {
  if (opened?.integrity !== 'INTACT') throw new Error(`not intact: ${opened?.integrity}`);
  const parts: Buffer[] = [];
  for await (const part of opened.content) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** The archive adapter against the emulator's table and folder (SQLite or MariaDB). */
describe(`arsip adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let arsip: ArsipConnection;
  let folder: string;
  const request = (over: Partial<Parameters<ArsipConnection['port']['archiveDocument']>[0]> = {}) => ({
    reference: 'UPLOAD-1', ownerNik: '3674014508900002', documentType: 'KK', originalName: 'C:\\Users\\x\\scan kk.pdf', ...over,
  });

  beforeAll(async () => {
    legacy = await seededStorage('arsip-adapter', [arsipEmulator]);
    await provisionArsipFiles(legacy.storage);
    officer = legacy.open('arsip');
    folder = locateAppFolders('arsip', legacy.storage).archive;
    arsip = connectArsip(legacy.storage, { timeoutMs: 5_000, maxBytes: MAX_BYTES, officer: 'GERBANG', timeZone: 'Asia/Jakarta' });
  });

  afterAll(async () => {
    await arsip?.client.close();
    await legacy?.cleanup();
  });

  /** Every file under the archive folder, temporary ones included. */
  function filesOnDisk(): string[] {
    return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  }

  it('streams a file in, hashing and sniffing it, once per reference', async () => {
    const content = PDF('kartu keluarga');
    const first = await arsip.port.archiveDocument(request(), chunks(content), unhurried());
    expect(first.created).toBe(true);
    expect(first.document).toMatchObject({ documentType: 'KK', ownerNik: '3674014508900002', originalName: 'scan kk.pdf', sizeBytes: content.length, contentType: 'application/pdf', reference: 'UPLOAD-1' });
    expect(first.document.checksum).toMatch(/^[0-9a-f]{64}$/);
    const again = await arsip.port.archiveDocument(request(), chunks(content), unhurried());
    expect(again).toEqual({ document: first.document, created: false });
    expect(await officer(ARSIP_TABLE).where({ no_referensi: 'UPLOAD-1' })).toHaveLength(1);
    expect(await readAll(await arsip.port.openDocument(first.document.archiveId, unhurried()))).toEqual(content);
    const row = (await officer(ARSIP_TABLE).where({ id_arsip: first.document.archiveId }).first()) as { path_simpan: string };
    expect(row.path_simpan).toMatch(/^\d{4}\\\d{2}\\ARS-\d{8}-[0-9A-F]{8}\.PDF$/);
    await expect(arsip.port.archiveDocument(request({ ownerNik: '3674011708850003' }), chunks(content), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('refuses a file too large (stopping the copy early), of an unknown kind, or not what was declared, leaving nothing behind', async () => {
    const before = filesOnDisk().length;
    let produced = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield PDF('big');
      for (; produced < 10_000; produced += 1) yield Buffer.alloc(16 * 1024);
    }
    const tooLarge = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-BIG' }), endless(), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(tooLarge?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_LARGE' });
    expect(produced).toBeLessThan(10);
    const gif = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-GIF' }), chunks(Buffer.from('GIF89a-not-allowed')), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(gif?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_CONTENT' });
    const tiny = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-TINY' }), chunks(Buffer.from('%P')), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(tiny?.extensions).toMatchObject({ reason: 'UNSUPPORTED_CONTENT' });
    const mismatch = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-PNG', declaredContentType: 'application/pdf' }), chunks(PNG), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(mismatch?.extensions).toMatchObject({ reason: 'CONTENT_TYPE_MISMATCH' });
    expect(filesOnDisk().length).toBe(before);
    expect(await officer(ARSIP_TABLE).whereIn('no_referensi', ['UPLOAD-BIG', 'UPLOAD-GIF', 'UPLOAD-TINY', 'UPLOAD-PNG'])).toHaveLength(0);
    expect((await arsip.port.archiveDocument(request({ reference: 'UPLOAD-PNG', declaredContentType: 'image/png' }), chunks(PNG), unhurried())).document.contentType).toBe('image/png');
  });

  it('two uploads with one reference at once keep one row and one file', async () => {
    const before = filesOnDisk().length;
    const [a, b] = await Promise.all([
      arsip.port.archiveDocument(request({ reference: 'UPLOAD-RACE' }), chunks(PDF('race a'), 5, 1), unhurried()),
      arsip.port.archiveDocument(request({ reference: 'UPLOAD-RACE' }), chunks(PDF('race b'), 5, 1), unhurried()),
    ]);
    expect(a.document.archiveId).toBe(b.document.archiveId);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await officer(ARSIP_TABLE).where({ no_referensi: 'UPLOAD-RACE' })).toHaveLength(1);
    expect(filesOnDisk().length).toBe(before + 1);
  });

  it('gives up a slow upload at the deadline, removing what it had written', async () => {
    const before = filesOnDisk().length;
    const started = performance.now();
    const error = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-SLOW' }), chunks(PDF('x'.repeat(400)), 10, 20), deadlineIn(300)).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(filesOnDisk().length).toBe(before);
    expect(await officer(ARSIP_TABLE).where({ no_referensi: 'UPLOAD-SLOW' })).toHaveLength(0);
  });

  it('verifies seeded files on read: intact, changed on disk (corrupt), lost (missing)', async () => {
    const rows = (await officer(ARSIP_TABLE).whereNull('no_referensi').select('id_arsip')) as Array<{ id_arsip: string }>;
    const intact = rows.find((r) => seededDamage(r.id_arsip) === 'NONE')!;
    const opened = await arsip.port.openDocument(intact.id_arsip, unhurried());
    expect(opened?.integrity).toBe('INTACT');
    const bytes = await readAll(opened);
    expect(bytes.length).toBe(opened!.document.sizeBytes);
    await damageFile(officer, legacy.storage, intact.id_arsip);
    expect(await arsip.port.openDocument(intact.id_arsip, unhurried())).toMatchObject({ integrity: 'CORRUPT', document: { archiveId: intact.id_arsip } });
    const changed = rows.find((r) => seededDamage(r.id_arsip) === 'CHANGED');
    if (changed) expect((await arsip.port.openDocument(changed.id_arsip, unhurried()))?.integrity).toBe('CORRUPT');
    const missing = rows.find((r) => seededDamage(r.id_arsip) === 'MISSING');
    if (missing) expect((await arsip.port.openDocument(missing.id_arsip, unhurried()))?.integrity).toBe('MISSING');
    expect(await arsip.port.openDocument('ARS-20000101-00000000', unhurried())).toBeNull();
  });

  it('loads the documents of many owners, by id and by reference, in one statement each', async () => {
    const owners = ((await officer(ARSIP_TABLE).distinct('nik_pemilik').orderBy('nik_pemilik').limit(30)) as Array<{ nik_pemilik: string }>).map((r) => r.nik_pemilik);
    let before = arsip.client.statementCount;
    const byOwner = await arsip.port.documentsOfOwners([...owners, '3674011708850999'], unhurried());
    expect(arsip.client.statementCount - before).toBe(1);
    expect(new Set(byOwner.keys())).toEqual(new Set(owners));
    const ids = [...byOwner.values()].flat().map((d) => d.archiveId);
    before = arsip.client.statementCount;
    expect((await arsip.port.documentsById(ids, unhurried())).size).toBe(ids.length);
    expect(arsip.client.statementCount - before).toBe(1);
    expect([...(await arsip.port.documentsByReference(['UPLOAD-1', 'NONE'], unhurried())).keys()]).toEqual(['UPLOAD-1']);
    const loaders = createArsipLoaders(arsip.port, unhurried());
    before = arsip.client.statementCount;
    const lists = await Promise.all(owners.slice(0, 5).map((nik) => loaders.documentsByOwner.load(nik)));
    expect(arsip.client.statementCount - before).toBe(1);
    expect(lists.every((l) => l.length > 0)).toBe(true);
  });

  it('the files the adapter writes sit where the archive says', async () => {
    const { document } = await arsip.port.archiveDocument(request({ reference: 'UPLOAD-WHERE' }), chunks(PDF('where')), unhurried());
    const row = (await officer(ARSIP_TABLE).where({ id_arsip: document.archiveId }).first()) as { path_simpan: string };
    expect(existsSync(join(folder, ...row.path_simpan.split('\\')))).toBe(true);
  });
});
