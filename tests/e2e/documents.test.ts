import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { arsipEmulator } from '@sim/arsip/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { tteEmulator } from '@sim/tte/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { administratorHeaders, postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Documents through the gateway: an issued document uploaded to the archive, signed by tte, and
 * verified by its QR code by anyone without a token; a tampered or revoked one reported as not
 * valid; a stored file whose bytes changed on disk reported corrupt and refused for signing; tte
 * down touching only its own fields.
 */
const SIGNING = `
  mutation ($key: String!, $archiveId: String!, $number: String!) {
    signDocument(idempotencyKey: $key, input: { archiveId: $archiveId, documentNumber: $number }) {
      state replayed deliveries { app state errorCode }
      signature { id type number documentHash qrPayload status signer { name nip position } }
    }
  }`;
const VERIFY = `query ($qr: String!) { verifyDocument(qrPayload: $qr) { verdict genuine current revoked note document { type number signedAt revokedAt documentHash signer { name nip position } } } }`;
const ANONYMOUS = { authorization: '' };

async function uploadPdf(gatewayUrl: string, owner: string, key: string, body: Buffer): Promise<{ archiveId: string; checksum: string }> {
  const res = await fetch(`${gatewayUrl}/uploads?owner=${owner}&type=KK&name=kk-terbit.pdf`, {
    method: 'POST',
    headers: { ...(await administratorHeaders()), 'idempotency-key': key, 'content-type': 'application/pdf' },
    body: new Uint8Array(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { archiveId: string; checksum: string };
}

describe(`documents end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let arsip: Knex;
  let person: { NIK: string; NO_KK: string; NAMA_LGKP: string };
  /** The first test's signed document's QR code. */
  let signedQr = '';

  beforeAll(async () => {
    legacy = await seededStorage('documents-e2e', [siakEmulator, arsipEmulator, tteEmulator]);
    arsip = legacy.open('arsip');
    person = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP').where('STAT_HIDUP', 1).orderBy('NIK').first()) as typeof person;
    stack = await startStack(legacy.storage, { documents: true });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% Kartu Keluarga ${text}\n${'x'.repeat(2_000)}\n%%EOF\n`, 'latin1');

  it('signs an issued document, and anyone verifies its QR code without a token, seeing only what is printed', async () => {
    const file = await uploadPdf(stack.gatewayUrl, person.NIK, 'docs-e2e-kk-1', pdf(person.NO_KK));
    const signed = await postGraphQL(stack.gatewayUrl, SIGNING, { key: 'docs-e2e-sign-1', archiveId: file.archiveId, number: person.NO_KK });
    expect(signed.body.errors).toBeUndefined();
    const signing = signed.body.data!.signDocument;
    expect(signing).toMatchObject({ state: 'DELIVERED', replayed: false, signature: { type: 'KK', number: person.NO_KK, documentHash: file.checksum, status: 'ACTIVE' } });

    signedQr = signing.signature.qrPayload;
    const verified = await postGraphQL(stack.gatewayUrl, VERIFY, { qr: signing.signature.qrPayload }, ANONYMOUS);
    expect(verified.body.errors).toBeUndefined();
    expect(verified.body.data!.verifyDocument).toMatchObject({ verdict: 'VALID', genuine: true, current: true, revoked: false, document: { type: 'KK', number: person.NO_KK, documentHash: file.checksum } });
    expect(verified.body.data!.verifyDocument.document.signer.name).toEqual(expect.any(String));
    // Nothing about the owner: not their NIK, not their name, not the archive's ids.
    expect(verified.text).not.toContain(person.NIK);
    expect(verified.text).not.toContain(person.NAMA_LGKP);
    expect(verified.text).not.toContain(file.archiveId);

    // Asking again with the same key signs nothing new.
    const again = await postGraphQL(stack.gatewayUrl, SIGNING, { key: 'docs-e2e-sign-1', archiveId: file.archiveId, number: person.NO_KK });
    expect(again.body.data!.signDocument).toMatchObject({ replayed: true, signature: { id: signing.signature.id } });
  });

  it('reports a tampered QR code and a revoked signature as not valid', async () => {
    const file = await uploadPdf(stack.gatewayUrl, person.NIK, 'docs-e2e-kk-2', pdf(`${person.NO_KK} kedua`));
    const { qrPayload, id } = (await postGraphQL(stack.gatewayUrl, SIGNING, { key: 'docs-e2e-sign-2', archiveId: file.archiveId, number: person.NO_KK })).body.data!.signDocument.signature;
    // One character changed in the middle of the payload (a forged number or hash).
    const middle = Math.floor(qrPayload.length / 2);
    const tampered = qrPayload.slice(0, middle) + (qrPayload[middle] === 'A' ? 'B' : 'A') + qrPayload.slice(middle + 1);
    const forged = await postGraphQL(stack.gatewayUrl, VERIFY, { qr: tampered }, ANONYMOUS);
    expect(forged.body.errors).toBeUndefined();
    expect(forged.body.data!.verifyDocument).toMatchObject({ genuine: false, current: false, document: null });
    expect(['TAMPERED', 'UNKNOWN']).toContain(forged.body.data!.verifyDocument.verdict);

    const revoked = await postGraphQL(stack.gatewayUrl, `mutation ($id: String!) { revokeSignature(idempotencyKey: "docs-e2e-revoke-2", input: { signatureId: $id, reason: "SALAH CETAK" }) { state signature { status revocationReason } } }`, { id });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data!.revokeSignature).toMatchObject({ state: 'DELIVERED', signature: { status: 'REVOKED' } });
    const after = await postGraphQL(stack.gatewayUrl, VERIFY, { qr: qrPayload }, ANONYMOUS);
    expect(after.body.data!.verifyDocument).toMatchObject({ verdict: 'REVOKED', genuine: true, current: false, revoked: true });
  });

  it('reports a stored file whose bytes changed on disk as corrupt on read, and refuses to sign it', async () => {
    const file = await uploadPdf(stack.gatewayUrl, person.NIK, 'docs-e2e-kk-3', pdf(`${person.NO_KK} ketiga`));
    const row = (await arsip('arsip_dokumen').select('path_simpan').where('id_arsip', file.archiveId).first()) as { path_simpan: string };
    const path = join(stack.documents!.archiveFolder, ...row.path_simpan.split('\\'));
    const integrity = `query ($id: String!) { archivedDocument(archiveId: $id) { id checksum integrity } }`;
    expect((await postGraphQL(stack.gatewayUrl, integrity, { id: file.archiveId })).body.data!.archivedDocument.integrity).toBe('INTACT');
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(path, bytes);
    const read = await postGraphQL(stack.gatewayUrl, integrity, { id: file.archiveId });
    expect(read.body.data!.archivedDocument).toMatchObject({ checksum: file.checksum, integrity: 'CORRUPT' });
    const refused = await postGraphQL(stack.gatewayUrl, SIGNING, { key: 'docs-e2e-sign-3', archiveId: file.archiveId, number: person.NO_KK });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DOCUMENT_CORRUPT' });
  });

  it('with tte down, only signatures fail: the archive still answers, and /readyz names tte', async () => {
    const tte = stack.documents!.apps.tte;
    await tte.stop();
    try {
      const verify = await postGraphQL(stack.gatewayUrl, VERIFY, { qr: signedQr }, ANONYMOUS);
      expect(verify.body.errors?.[0]?.extensions?.code).toBe('LEGACY_UNAVAILABLE');
      expect(verify.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      const archive = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { name archivedDocuments { id type integrity } } }`, { nik: person.NIK });
      expect(archive.body.errors).toBeUndefined();
      expect(archive.body.data!.resident.archivedDocuments.length).toBeGreaterThan(0);
      const ready = await fetch(`${stack.gatewayUrl}/readyz`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(text).toContain('"tte"');
      expect(text).toContain('"arsip"');
    } finally {
      await tte.restart();
    }
  });
});
