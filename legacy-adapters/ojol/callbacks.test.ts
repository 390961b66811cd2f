import { createHmac } from 'node:crypto';
import { verifyOjolCallback } from './callbacks';
import { COURIER_STATUS_RANK, isCourierStatusAdvance, isFinalCourierStatus } from './port';

const SECRET = 'rahasia-callback-uji-123';
const NOW = new Date('2026-12-07T03:47:10Z');
const SENT = Math.floor(NOW.getTime() / 1000) - 4;

function signed(body: Record<string, unknown>, secret = SECRET): { rawBody: string; headers: Record<string, string> } {
  const rawBody = JSON.stringify(body);
  return { rawBody, headers: { 'x-ojol-signature': `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`, 'x-ojol-timestamp': String(body.waktu_kirim) } };
}

const body = { id_event: 812, no_order: 'OJL-261207-000123', ref_mitra: 'ANT-1', jenis: 'ANTAR', status: 'DIJEMPUT', waktu_status: SENT - 60, biaya: 18500, driver: { nama: 'Agus', plat: 'B 1 X', telp: '6281299990000' }, bukti: null, alasan: null, dibatalkan_oleh: null, waktu_kirim: SENT };

describe('ojol callback verification', () => {
  it('accepts a callback signed with the shared secret, and decodes it', () => {
    const verdict = verifyOjolCallback({ ...signed(body), secret: SECRET, now: NOW });
    expect(verdict).toEqual({ ok: true, event: expect.objectContaining({ eventId: '812', orderId: 'OJL-261207-000123', status: 'PICKED_UP', sentAt: '2026-12-07T03:47:06Z' }) });
    // As node gives a Buffer body and headers in any case.
    const { rawBody, headers } = signed(body);
    expect(verifyOjolCallback({ rawBody: Buffer.from(rawBody), headers: { 'X-Ojol-Signature': headers['x-ojol-signature'], 'X-Ojol-Timestamp': headers['x-ojol-timestamp'] }, secret: SECRET, now: NOW }).ok).toBe(true);
  });

  it('refuses a missing or malformed signature, another secret, and a body changed after signing', () => {
    const { rawBody, headers } = signed(body);
    expect(verifyOjolCallback({ rawBody, headers: { 'x-ojol-timestamp': headers['x-ojol-timestamp'] }, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'MISSING_SIGNATURE' });
    expect(verifyOjolCallback({ rawBody, headers: { ...headers, 'x-ojol-signature': 'md5=abc' }, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'MISSING_SIGNATURE' });
    expect(verifyOjolCallback({ ...signed(body, 'another-secret-1234567'), secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'BAD_SIGNATURE' });
    expect(verifyOjolCallback({ rawBody: rawBody.replace('DIJEMPUT', 'SELESAI'), headers, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'BAD_SIGNATURE' });
    // Re-serialised JSON is not the raw body (key order, blanks): it must not pass by accident.
    expect(verifyOjolCallback({ rawBody: JSON.stringify(JSON.parse(rawBody), null, 1), headers, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'BAD_SIGNATURE' });
  });

  it('refuses a stale callback, a timestamp header that is not the signed moment, and a replay under a fresh header', () => {
    expect(verifyOjolCallback({ ...signed(body), secret: SECRET, now: new Date(NOW.getTime() + 10 * 60_000) })).toEqual({ ok: false, refusal: 'STALE' });
    expect(verifyOjolCallback({ ...signed(body), secret: SECRET, now: new Date(NOW.getTime() - 10 * 60_000) })).toEqual({ ok: false, refusal: 'STALE' });
    expect(verifyOjolCallback({ ...signed(body), secret: SECRET, now: new Date(NOW.getTime() + 10 * 60_000), toleranceSeconds: 900 }).ok).toBe(true);
    const { rawBody, headers } = signed(body);
    expect(verifyOjolCallback({ rawBody, headers: { ...headers, 'x-ojol-timestamp': String(SENT + 600) }, secret: SECRET, now: new Date(NOW.getTime() + 600_000) })).toEqual({ ok: false, refusal: 'BAD_TIMESTAMP' });
    expect(verifyOjolCallback({ rawBody, headers: { 'x-ojol-signature': headers['x-ojol-signature']! }, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'BAD_TIMESTAMP' });
  });

  it('refuses a signed body it cannot read', () => {
    const notJson = 'hello';
    const headers = { 'x-ojol-signature': `sha256=${createHmac('sha256', SECRET).update(notJson).digest('hex')}`, 'x-ojol-timestamp': String(SENT) };
    expect(verifyOjolCallback({ rawBody: notJson, headers, secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'MALFORMED_BODY' });
    expect(verifyOjolCallback({ ...signed({ ...body, no_order: '' }), secret: SECRET, now: NOW })).toEqual({ ok: false, refusal: 'MALFORMED_BODY' });
    expect(() => verifyOjolCallback({ ...signed(body), secret: '', now: NOW })).toThrow();
  });

  it('ranks statuses so that a consumer never moves one backwards', () => {
    expect(isCourierStatusAdvance(null, 'SEARCHING_COURIER')).toBe(true);
    expect(isCourierStatusAdvance('COURIER_ASSIGNED', 'PICKED_UP')).toBe(true);
    expect(isCourierStatusAdvance('DELIVERED', 'PICKED_UP')).toBe(false);
    expect(isCourierStatusAdvance('PICKED_UP', 'PICKED_UP')).toBe(false);
    expect(isCourierStatusAdvance('CANCELLED', 'DELIVERED')).toBe(false);
    expect(isCourierStatusAdvance('SEARCHING_COURIER', 'CANCELLED')).toBe(true);
    expect(['DELIVERED', 'FAILED', 'CANCELLED'].every((s) => isFinalCourierStatus(s as keyof typeof COURIER_STATUS_RANK))).toBe(true);
    expect(isFinalCourierStatus('PICKED_UP')).toBe(false);
  });
});
