import { REQUEST_STATUSES, SERVICE_KINDS } from '@core/domain/services';
import { smsPartCount } from '@adapters/notifikasi/rest/sms-length';
import { cleanNote, renderNotice, SERVICE_NAMES } from './templates';

const SENDER = 'Disdukcapil Kota Tangerang Selatan';
const NIK = '3674030403870001';

describe('notification templates', () => {
  it('has a text for every status but DRAFT, naming every service in Indonesian', () => {
    for (const service of [...SERVICE_KINDS, null]) {
      for (const status of REQUEST_STATUSES) {
        const text = renderNotice({ status, service, note: null }, 'WHATSAPP', SENDER);
        if (status === 'DRAFT') expect(text).toBeNull();
        else expect(text).toContain(service ? SERVICE_NAMES[service] : 'layanan kependudukan');
      }
    }
    expect(renderNotice({ status: 'READY', service: 'FIRST_ID_CARD', note: null }, 'SMS', 'Disdukcapil Tangsel')).toBe(
      'Disdukcapil Tangsel: Dokumen KTP-el pertama Anda sudah jadi dan siap diambil atau dikirim.',
    );
  });

  it('keeps every SMS to one part of 160 GSM characters, even with a long, accented reason', () => {
    const reason = `Berkas “surat keterangan lahir” dari RS tidak terbaca — mohon unggah ulang dengan resolusi lebih tinggi; café ${'x'.repeat(300)}`;
    for (const service of [...SERVICE_KINDS, null]) {
      for (const status of REQUEST_STATUSES) {
        const text = renderNotice({ status, service, note: reason }, 'SMS', SENDER);
        if (text === null) continue;
        expect(text.length).toBeLessThanOrEqual(160);
        expect(smsPartCount(text)).toBe(1);
        expect(text).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it('tells the reason of a rejection, and only of a rejection', () => {
    const rejected = renderNotice({ status: 'REJECTED', service: 'BIRTH_REGISTRATION', note: 'Surat lahir tidak ada.' }, 'SMS', 'Disdukcapil Tangsel');
    expect(rejected).toBe('Disdukcapil Tangsel: Permohonan akta kelahiran Anda ditolak. Alasan: Surat lahir tidak ada.');
    expect(renderNotice({ status: 'IN_PROCESS', service: 'BIRTH_REGISTRATION', note: 'catatan internal petugas' }, 'WHATSAPP', 'X')).not.toContain('catatan');
    const long = renderNotice({ status: 'REJECTED', service: 'MOVE_OUT', note: 'kata '.repeat(200) }, 'WHATSAPP', 'X')!;
    expect(long.length).toBeLessThan(700);
    expect(long).toMatch(/\.\.\.$/);
  });

  it('never sends a NIK, KK or other long number an officer wrote in the note', () => {
    const notes = [`NIK ${NIK} tidak sesuai KK 3674031201090003`, `nik: 3674 0304 0387 0001 salah`, `hubungi 0812-3456-7890`];
    for (const note of notes) {
      for (const channel of ['SMS', 'WHATSAPP'] as const) {
        const text = renderNotice({ status: 'REJECTED', service: 'FAMILY_CARD_CHANGE', note }, channel, 'Disdukcapil Tangsel')!;
        expect(text.replace(/\D/g, ' ')).not.toMatch(/\d{8,}/);
        expect(text).not.toContain('0001');
      }
    }
    expect(cleanNote(`NIK ${NIK} salah, RT 004/RW 12`)).toBe('NIK (disamarkan) salah, RT 004/RW 12');
  });
});
