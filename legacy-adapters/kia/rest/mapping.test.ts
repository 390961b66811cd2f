import { cardInForce, cardsInForceByFamily, cardsInForceByNik, cleanText, decodeNumber16, decodeReason, decodeStatus, encodeReason, expiryFromBirth, requestBody, toChildIdCard, type KiaRecord } from './mapping';

const record: KiaRecord = {
  no_kia: 'KIA-3674-2025-000123',
  nik_anak: '3674015207180003',
  no_kk: '3674011203150007',
  nama_anak: 'PUTRI  AYU LESTARI ',
  tgl_lahir: '12-07-2018',
  jenis_permohonan: 'BARU',
  status_kia: 'DIAMBIL',
  tgl_terbit: '03-02-2025',
  tgl_berlaku: '11-07-2035',
  no_permohonan: 'PORTAL-KIA-000001',
};

describe('kia mapping', () => {
  it('decodes a card record into domain terms', () => {
    expect(toChildIdCard(record)).toEqual({
      cardNumber: 'KIA-3674-2025-000123',
      childNik: '3674015207180003',
      familyCardNumber: '3674011203150007',
      childName: 'PUTRI AYU LESTARI',
      birthDate: '2018-07-12',
      status: 'COLLECTED',
      reason: 'NEW',
      issuedOn: '2025-02-03',
      expiresOn: '2035-07-11',
      reference: 'PORTAL-KIA-000001',
    });
  });

  it('reads both generations of status words, in any case, and nothing it does not know', () => {
    expect(['TERBIT', 'DICETAK', 'DIAMBIL', 'DIGANTI'].map(decodeStatus)).toEqual(['ISSUED', 'PRINTED', 'COLLECTED', 'REPLACED']);
    expect(['BARU', 'SUDAH CETAK', 'Sudah Diambil', ' sudah  diambil '].map(decodeStatus)).toEqual(['ISSUED', 'PRINTED', 'COLLECTED', 'COLLECTED']);
    expect(decodeStatus('DIBATALKAN')).toBeNull();
    expect(decodeStatus(null)).toBeNull();
  });

  it('reads the request kinds both ways', () => {
    expect(['BARU', 'hilang', 'RUSAK', 'GANTI', null].map(decodeReason)).toEqual(['NEW', 'LOST', 'DAMAGED', null, null]);
    expect(encodeReason('LOST')).toBe('HILANG');
  });

  it('strips the spreadsheet apostrophe from old family card numbers, and refuses what is not 16 digits', () => {
    expect(decodeNumber16("'3674011203150007")).toBe('3674011203150007');
    expect(decodeNumber16(' 3674011203150007 ')).toBe('3674011203150007');
    expect(decodeNumber16(3674011203150007)).toBe('3674011203150007');
    expect(decodeNumber16('36740112')).toBeNull();
    expect(toChildIdCard({ ...record, no_kk: "'3674011203150007" }).familyCardNumber).toBe('3674011203150007');
  });

  it('works the expiry out from the birth date when the first version left it blank', () => {
    expect(toChildIdCard({ ...record, tgl_berlaku: '' }).expiresOn).toBe('2035-07-11');
    expect(expiryFromBirth('2016-01-01')).toBe('2032-12-31');
    // 29 February: the 17th birthday in a common year is taken as 28 February, as the application does.
    expect(expiryFromBirth('2012-02-29')).toBe('2029-02-27');
    expect(toChildIdCard({ ...record, tgl_berlaku: '', tgl_lahir: '00-00-0000' }).expiresOn).toBeNull();
  });

  it('treats the application\'s blanks as none', () => {
    expect(toChildIdCard({ ...record, no_permohonan: '', nama_anak: '-', tgl_terbit: '31-02-2025' })).toMatchObject({ reference: null, childName: null, issuedOn: null });
    expect(cleanText('  ')).toBeNull();
  });

  it('keeps the card in force per child: the newest not replaced', () => {
    const old = { ...record, no_kia: 'KIA-3674-2019-000001', status_kia: 'DIGANTI', tgl_terbit: '05-05-2019' };
    const replacement = { ...record, no_kia: 'KIA-3674-2023-000010', jenis_permohonan: 'HILANG', status_kia: 'DICETAK', tgl_terbit: '01-03-2023' };
    const other = { ...record, no_kia: 'KIA-3674-2020-000002', nik_anak: '3674014101200001' };
    const map = cardsInForceByNik([old, replacement, other]);
    expect(map.get('3674015207180003')).toMatchObject({ cardNumber: 'KIA-3674-2023-000010', reason: 'LOST' });
    expect(map.get('3674014101200001')?.cardNumber).toBe('KIA-3674-2020-000002');
    expect(cardInForce([toChildIdCard(old)])).toBeUndefined();
  });

  it('groups the family lookup by family card, one card in force per child', () => {
    const groups = [
      { no_kk: '3674011203150007', jumlah_kia: 2, kia: [record, { ...record, no_kia: 'KIA-3674-2016-000001', nik_anak: '3674010101160002', no_kk: "'3674011203150007" }] },
      { no_kk: '3674011203150099', jumlah_kia: 1, kia: [{ ...record, status_kia: 'DIGANTI' }] },
    ];
    const map = cardsInForceByFamily(groups);
    expect([...map.keys()]).toEqual(['3674011203150007']);
    expect(map.get('3674011203150007')!.map((c) => c.childNik)).toEqual(['3674015207180003', '3674010101160002']);
  });

  it('writes the request the way the application reads it', () => {
    expect(requestBody({ childNik: '3674015207180003', familyCardNumber: '3674011203150007', childName: ' Putri  Ayu ', birthDate: '2018-07-12', reference: 'R-1', reason: 'DAMAGED' })).toEqual({
      nik_anak: '3674015207180003', no_kk: '3674011203150007', nama_anak: 'PUTRI AYU', tgl_lahir: '12-07-2018', jenis_permohonan: 'RUSAK', no_permohonan: 'R-1',
    });
  });
});
