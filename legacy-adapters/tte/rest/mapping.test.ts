import { cleanText, decodeFlag, decodeHash, decodeSigner, decodeStatus, toDocumentSignature, toQrVerification, type TtdRecord } from './mapping';

const HASH = 'ab'.repeat(32);
const record: TtdRecord = {
  id_ttd: 'TTE-20260105-9F1C22A0',
  jenis_dokumen: 'akta_lahir ',
  no_dokumen: '3674-LT-05012026-0001',
  hash_dokumen: HASH.toUpperCase(),
  penandatangan: { nama: 'Drs. H. AHMAD  SUBAGJA, M.Si', nip: '197203151998031004', jabatan: 'KEPALA DINAS' },
  tgl_ttd: '05-01-2026 09:14:03',
  qr: 'eyJ.abc',
  status: 'AKTIF',
  tgl_cabut: '',
  alasan_cabut: '-',
  no_referensi: 'PORTAL-1',
};

describe('tte mapping', () => {
  it('decodes a signature record into domain terms', () => {
    expect(toDocumentSignature(record)).toEqual({
      signatureId: 'TTE-20260105-9F1C22A0',
      documentType: 'AKTA_LAHIR',
      documentNumber: '3674-LT-05012026-0001',
      documentHash: HASH,
      signer: { name: 'Drs. H. AHMAD SUBAGJA, M.Si', nip: '197203151998031004', position: 'KEPALA DINAS' },
      signedAt: '2026-01-05T09:14:03',
      qrPayload: 'eyJ.abc',
      status: 'ACTIVE',
      revokedAt: null,
      revocationReason: null,
      reference: 'PORTAL-1',
    });
  });

  it('lower-cases the hash, reads statuses, flags and blanks', () => {
    expect(decodeHash(' ABCD ')).toBe('abcd');
    expect(decodeStatus(' dicabut')).toBe('REVOKED');
    expect(decodeStatus('DITANGGUHKAN')).toBeNull();
    expect([decodeFlag('Y'), decodeFlag('y '), decodeFlag('T'), decodeFlag(null)]).toEqual([true, true, false, false]);
    expect(cleanText(' - ')).toBeNull();
    expect(toDocumentSignature({ ...record, no_referensi: '', status: 'DICABUT', tgl_cabut: '06-01-2026 10:00:00', alasan_cabut: 'SALAH  CETAK' })).toMatchObject({
      reference: null, status: 'REVOKED', revokedAt: '2026-01-06T10:00:00', revocationReason: 'SALAH CETAK',
    });
    expect(decodeSigner({ nama: 'X', nip: 197203151998031 })).toEqual({ name: 'X', nip: '000197203151998031', position: null });
  });

  it('reads a verification answer into a verdict', () => {
    expect(toQrVerification({ sah: 'Y', berlaku: 'Y', keterangan: 'SAH', dokumen: record })).toMatchObject({ verdict: 'VALID', genuine: true, current: true, revoked: false, document: { documentHash: HASH } });
    expect(toQrVerification({ sah: 'Y', berlaku: 'T', dokumen: record })).toMatchObject({ verdict: 'SUPERSEDED', current: false });
    expect(toQrVerification({ sah: 'Y', berlaku: 'T', dokumen: { ...record, status: 'DICABUT' } })).toMatchObject({ verdict: 'REVOKED', revoked: true, current: false });
    // The app's flags are not trusted over the status: a revoked signature is never current.
    expect(toQrVerification({ sah: 'Y', berlaku: 'Y', dokumen: { ...record, status: 'DICABUT' } })).toMatchObject({ verdict: 'REVOKED', current: false });
    expect(toQrVerification({ sah: 'T', berlaku: 'T', keterangan: 'TIDAK SAH', dokumen: null })).toEqual({ verdict: 'TAMPERED', genuine: false, current: false, revoked: false, note: 'TIDAK SAH', document: null });
    expect(toQrVerification({ sah: 'Y', dokumen: null }).verdict).toBe('TAMPERED');
    expect(toQrVerification(null)).toMatchObject({ verdict: 'UNKNOWN', genuine: false });
  });
});
