import { decodeChecksum, decodeContentType, isoDateTime, storedPath, storedPathParts, toArchivedDocument, type ArsipRow } from './mapping';

const row: ArsipRow = {
  id_arsip: 'ARS-20180312-0A1B2C3D',
  jenis_dokumen: 'kk',
  nik_pemilik: '3674014508900002',
  nama_asli: ' scan kk.pdf ',
  ukuran: '1234',
  tipe_konten: 'application/x-pdf',
  checksum_sha256: 'AB'.repeat(32),
  path_simpan: '2018\\03\\ARS-20180312-0A1B2C3D.PDF',
  tgl_unggah: '2018-03-12 09:14:00',
  no_referensi: null,
};

describe('arsip mapping', () => {
  it('decodes a pre-migration row into domain terms', () => {
    expect(toArchivedDocument(row)).toEqual({
      archiveId: 'ARS-20180312-0A1B2C3D', documentType: 'KK', ownerNik: '3674014508900002', originalName: 'scan kk.pdf', sizeBytes: 1234,
      contentType: 'application/pdf', checksum: 'ab'.repeat(32), archivedAt: '2018-03-12T09:14:00', reference: null,
    });
  });

  it('reads the old content types, and nothing it does not know', () => {
    expect(['image/jpg', 'image/pjpeg', 'IMAGE/JPEG', 'image/png', 'application/pdf'].map(decodeContentType)).toEqual(['image/jpeg', 'image/jpeg', 'image/jpeg', 'image/png', 'application/pdf']);
    expect(decodeContentType('image/tiff')).toBeNull();
    expect(decodeChecksum(' ABC ')).toBe('abc');
    expect(isoDateTime('2026-01-05T10:00:00')).toBe('2026-01-05T10:00:00');
    expect(isoDateTime('')).toBeNull();
  });

  it('reads Windows paths, and refuses one leaving the archive', () => {
    expect(storedPathParts('2018\\03\\X.PDF')).toEqual(['2018', '03', 'X.PDF']);
    expect(storedPathParts('2018/03/X.PDF')).toEqual(['2018', '03', 'X.PDF']);
    expect(() => storedPathParts('..\\..\\etc\\passwd')).toThrow();
    expect(() => storedPathParts('C:\\X.PDF')).toThrow();
    expect(storedPath('2026-11-30', 'ARS-20261130-0000000A', 'PNG')).toBe('2026\\11\\ARS-20261130-0000000A.PNG');
  });
});
