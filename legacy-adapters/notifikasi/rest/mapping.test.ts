import { GerbangError } from '@core/errors';
import {
  checkPhone, checkReference, decodeChannel, decodeFailure, decodePhone, decodeStatus, instantFromWib, notificationReference, sendBody,
  toNotification, toReport, type PesanRecord,
  REPORT_FEED,
} from './mapping';
import { smsPartCount } from './sms-length';

const record: PesanRecord = {
  id_pesan: 1042,
  ref_klien: 'GB-NT-0a1b2c',
  kanal: 'WA',
  no_tujuan: '6281234567890',
  jml_bagian: 1,
  biaya: 500,
  status: 4,
  kd_gagal: '',
  tgl_terima: '30-11-2026 09:00:00 WIB',
  tgl_kirim: '30-11-2026 09:00:02 WIB',
  tgl_laporan: '',
};

describe('notifikasi mapping', () => {
  it('decodes a message into domain terms, leaving its text behind', () => {
    expect(toNotification({ ...record, pesan: 'rahasia' } as PesanRecord)).toEqual({
      messageId: '1042',
      reference: 'GB-NT-0a1b2c',
      channel: 'WHATSAPP',
      phone: '+6281234567890',
      status: 'DELIVERED',
      failure: null,
      parts: 1,
      priceRupiah: 500,
      acceptedAt: '2026-11-30T09:00:00+07:00',
      sentAt: '2026-11-30T09:00:02+07:00',
      finishedAt: null,
    });
    expect(toNotification({ id_pesan: '7', ref_klien: '', status: 'x', jml_bagian: 'two' })).toMatchObject({ messageId: '7', reference: null, status: null, parts: 1, priceRupiah: 0, channel: null, phone: null });
  });

  it('reads statuses as numbers or text, the WhatsApp read receipt as delivered, unknown codes as null', () => {
    expect([1, '2', 3, '4', 9, ' 9 ', '09'].map(decodeStatus)).toEqual(['QUEUED', 'SENT', 'DELIVERED', 'DELIVERED', 'FAILED', 'FAILED', 'FAILED']);
    expect([5, '', null, 'DITERIMA'].map(decodeStatus)).toEqual([null, null, null, null]);
    expect(['E01', 'e02', 'E03', 'E04', 'E99', '', null].map(decodeFailure)).toEqual(['UNKNOWN_NUMBER', 'PHONE_UNREACHABLE', 'NOT_ON_WHATSAPP', 'REJECTED_BY_OPERATOR', null, null, null]);
    expect(['SMS', 'wa', 'EMAIL', ''].map(decodeChannel)).toEqual(['SMS', 'WHATSAPP', null, null]);
  });

  it('writes numbers +628…, from the gateway\'s 628… or a JSON number', () => {
    expect(decodePhone('6281234567890')).toBe('+6281234567890');
    expect(decodePhone(6281234567890)).toBe('+6281234567890');
    expect(decodePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(decodePhone('622112345678')).toBeNull();
    expect(decodePhone('')).toBeNull();
  });

  it('turns WIB moments into instants with their offset, and blanks or nonsense into null', () => {
    expect(instantFromWib('30-11-2026 09:00:00 WIB')).toBe('2026-11-30T09:00:00+07:00');
    expect(instantFromWib('30-11-2026 09:00:00')).toBe('2026-11-30T09:00:00+07:00');
    expect(instantFromWib('30-11-2026 10:00:00 WITA')).toBe('2026-11-30T10:00:00+08:00');
    expect(Date.parse(instantFromWib('01-01-2027 06:59:59 WIB')!)).toBe(Date.parse('2026-12-31T23:59:59Z'));
    for (const blank of ['', '-', '00-00-0000 00:00:00 WIB', '31-02-2026 10:00:00 WIB', '30-11-2026', null]) expect(instantFromWib(blank)).toBeNull();
  });

  it('decodes a report with its cursor and who made it', () => {
    expect(toReport({ id_laporan: 88, id_pesan: 1042, ref_klien: 'GB-1', kanal: 'WA', status: 4, kd_gagal: '', waktu: '30-11-2026 09:00:07 WIB', sumber: 'OPERATOR' })).toEqual({
      messageId: '1042', reference: 'GB-1', channel: 'WHATSAPP', status: 'DELIVERED', failure: null, read: true, at: '2026-11-30T09:00:07+07:00', source: 'OPERATOR', cursor: 'notifikasi:88',
    });
    expect(toReport({ id_laporan: 89, id_pesan: 5, status: 9, kd_gagal: 'E02', sumber: 'PETUGAS' })).toMatchObject({ status: 'FAILED', failure: 'PHONE_UNREACHABLE', read: false, source: 'GATEWAY_STAFF' });
    expect(REPORT_FEED.idOf(REPORT_FEED.cursorFor(88))).toBe(88);
    expect(REPORT_FEED.idOf(null)).toBe(0);
    for (const bad of ['88', 'pengaduan:88', 'notifikasi:-1', 'notifikasi:']) expect(() => REPORT_FEED.idOf(bad)).toThrow(GerbangError);
  });

  it('checks references and numbers before anything is sent, and builds the body the gateway reads', () => {
    expect(() => checkReference('GB-NT-0123456789abcdef01234567')).not.toThrow();
    for (const bad of ['', 'a'.repeat(33), 'ada spasi', 'é']) expect(() => checkReference(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_REFERENCE' }) }));
    expect(() => checkPhone('+6281234567890')).not.toThrow();
    for (const bad of ['081234567890', '+62212345678', '+628123']) expect(() => checkPhone(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_PHONE' }) }));
    expect(sendBody({ reference: 'GB-1', channel: 'WHATSAPP', phone: '+6281234567890', text: 'Halo' })).toEqual({ kanal: 'WA', no_tujuan: '6281234567890', pesan: 'Halo', ref_klien: 'GB-1' });
  });

  it('builds stable gateway references that survive its 32-character cut and its blindness to case', () => {
    const a = notificationReference('GBNT', 'idem-KEY-1:submission-PO-20261130-00001:READY');
    expect(a).toMatch(/^GBNT-[0-9a-f]{24}$/);
    expect(a.length).toBeLessThanOrEqual(32);
    expect(notificationReference('GBNT', 'idem-KEY-1:submission-PO-20261130-00001:READY')).toBe(a);
    expect(notificationReference('GBNT', 'idem-key-1:submission-PO-20261130-00001:READY')).not.toBe(a);
    expect(() => notificationReference('GB-NT', 'x')).toThrow();
  });

  it('counts SMS parts as the operators do', () => {
    expect(smsPartCount('a'.repeat(160))).toBe(1);
    expect(smsPartCount('a'.repeat(161))).toBe(2);
    expect(smsPartCount('a'.repeat(918))).toBe(6);
    expect(smsPartCount('a'.repeat(919))).toBe(7);
    expect(smsPartCount(`${'a'.repeat(159)}€`)).toBe(2);
    expect(smsPartCount('ā'.repeat(70))).toBe(1);
    expect(smsPartCount('ā'.repeat(402))).toBe(6);
    expect(smsPartCount('ā'.repeat(403))).toBe(7);
  });
});
