import { smsPartCount } from '@adapters/notifikasi/rest/sms-length';
import { COURIER_JOB_KINDS, COURIER_ORDER_STATUSES } from '@adapters/ojol';
import { renderCourierNotice } from './courier-templates';

const SENDER = 'Disdukcapil Kota Tangerang Selatan';
const COURIER = { name: 'Agus Saputra', plate: 'B 4321 XYZ' };

describe('courier notification templates', () => {
  it('tells each status of a delivery and of a pickup, naming the item and who comes', () => {
    expect(renderCourierNotice({ kind: 'DELIVERY', status: 'COURIER_ASSIGNED', item: 'KTP-el', courier: COURIER, reason: null }, 'WHATSAPP', 'Disdukcapil Tangsel')).toBe(
      'Disdukcapil Tangsel: Kurir Agus Saputra (B 4321 XYZ) akan mengantar KTP-el Anda.',
    );
    expect(renderCourierNotice({ kind: 'DELIVERY', status: 'COURIER_ASSIGNED', item: 'KTP-el', courier: null, reason: null }, 'SMS', 'Disdukcapil Tangsel')).toBe('Disdukcapil Tangsel: Kurir akan mengantar KTP-el Anda.');
    expect(renderCourierNotice({ kind: 'PICKUP', status: 'PICKED_UP', item: 'Berkas persyaratan KK', courier: COURIER, reason: null }, 'SMS', 'Disdukcapil Tangsel')).toBe(
      'Disdukcapil Tangsel: Berkas persyaratan KK Anda sudah dijemput kurir dan sedang dibawa ke kantor kami.',
    );
    const texts = new Set<string>();
    for (const kind of COURIER_JOB_KINDS) for (const status of COURIER_ORDER_STATUSES) texts.add(renderCourierNotice({ kind, status, item: 'KTP-el', courier: COURIER, reason: null }, 'WHATSAPP', SENDER));
    expect(texts.size).toBe(COURIER_JOB_KINDS.length * COURIER_ORDER_STATUSES.length);
  });

  it('keeps every SMS to one plain part, with a long item, courier and reason', () => {
    const long = { name: `Muhammad Ridwan Kamil Saputra Wijaya ${'a'.repeat(40)}`, plate: 'B 1234 ABCD' };
    for (const kind of COURIER_JOB_KINDS) {
      for (const status of COURIER_ORDER_STATUSES) {
        const text = renderCourierNotice({ kind, status, item: `Akta kelahiran asli, KK asli dan surat keterangan — café ${'x'.repeat(80)}`, courier: long, reason: `Penerima tidak di tempat; ${'alamat '.repeat(40)}` }, 'SMS', SENDER);
        expect(text.length).toBeLessThanOrEqual(160);
        expect(smsPartCount(text)).toBe(1);
        expect(text).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it('tells why a job failed, never a long number the item or the reason carries, nor the receiver', () => {
    const text = renderCourierNotice({ kind: 'DELIVERY', status: 'FAILED', item: 'KK 3674031201090003', courier: COURIER, reason: 'Penerima menolak, NIK 3674030403870001 beda' }, 'WHATSAPP', 'Disdukcapil Tangsel');
    expect(text).toBe('Disdukcapil Tangsel: Pengantaran KK (disamarkan) Anda tidak berhasil. Alasan: Penerima menolak, NIK (disamarkan) beda');
    expect(renderCourierNotice({ kind: 'DELIVERY', status: 'DELIVERED', item: 'KTP-el', courier: COURIER, reason: 'diterima IBU SARI' }, 'WHATSAPP', 'X')).not.toContain('SARI');
  });
});
