import { ErrorCode, GerbangError } from '@core/errors';
import { decodeUploadDescriptor, encodeUploadDescriptor, uploadErrorBody, uploadStatusOf } from './upload-route';

describe('the upload descriptor header', () => {
  const descriptor = { idempotencyKey: 'scan-1', ownerNik: '3674030403870001', documentType: 'KK', fileName: 'kartu keluarga (1).pdf', declaredContentType: 'application/pdf' };

  it('carries the descriptor as header-safe text and back', () => {
    const text = encodeUploadDescriptor(descriptor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUploadDescriptor(text)).toEqual(descriptor);
  });

  it('keeps names in any script (the header is base64url of UTF-8)', () => {
    const named = { ...descriptor, fileName: 'akta kelahiran – Siti Nurhaliza ✓.pdf' };
    expect(decodeUploadDescriptor(encodeUploadDescriptor(named))?.fileName).toBe(named.fileName);
  });

  it('refuses what is not a descriptor: other charsets, bad JSON, missing or oversized fields, extra fields dropped', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeUploadDescriptor('not base64url!')).toBeUndefined();
    expect(decodeUploadDescriptor(Buffer.from('{nope').toString('base64url'))).toBeUndefined();
    expect(decodeUploadDescriptor(b64({ ...descriptor, ownerNik: undefined }))).toBeUndefined();
    expect(decodeUploadDescriptor(b64({ ...descriptor, fileName: 'x'.repeat(256) }))).toBeUndefined();
    expect(decodeUploadDescriptor(b64({ ...descriptor, documentType: 42 }))).toBeUndefined();
    expect(decodeUploadDescriptor(b64({ ...descriptor, admin: true }))).toEqual(descriptor);
    expect(decodeUploadDescriptor('A'.repeat(5_000))).toBeUndefined();
  });
});

describe('upload refusals', () => {
  it('answer with the status their code and reason call for', () => {
    expect(uploadStatusOf(ErrorCode.BAD_USER_INPUT, 'FILE_TOO_LARGE')).toBe(413);
    expect(uploadStatusOf(ErrorCode.BAD_USER_INPUT, 'UNSUPPORTED_CONTENT')).toBe(415);
    expect(uploadStatusOf(ErrorCode.BAD_USER_INPUT, 'INVALID_NIK')).toBe(400);
    expect(uploadStatusOf(ErrorCode.FORBIDDEN, 'NOT_YOUR_FAMILY')).toBe(403);
    expect(uploadStatusOf(ErrorCode.CONFLICT, 'REFERENCE_IN_USE')).toBe(409);
    expect(uploadStatusOf(ErrorCode.LEGACY_UNAVAILABLE, undefined)).toBe(503);
    expect(uploadStatusOf(ErrorCode.DEADLINE_EXCEEDED, undefined)).toBe(504);
  });

  it('show a Gerbang error as it is, and nothing of any other error', () => {
    const shown = uploadErrorBody(new GerbangError(ErrorCode.BAD_USER_INPUT, 'Only PDF, JPEG and PNG files are archived.', { argument: 'content', reason: 'UNSUPPORTED_CONTENT' }));
    expect(shown).toEqual({ status: 415, body: { errors: [{ message: 'Only PDF, JPEG and PNG files are archived.', extensions: { code: 'BAD_USER_INPUT', argument: 'content', reason: 'UNSUPPORTED_CONTENT' } }] } });
    const hidden = uploadErrorBody(new Error("ENOENT: no such file or directory, open '/srv/arsip/2026/x.tmp'"));
    expect(hidden).toEqual({ status: 500, body: { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
  });
});
