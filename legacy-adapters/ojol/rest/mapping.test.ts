import {
  decodeCoordinate, decodeKilometres, decodeKind, decodeRupiah, decodeStatus, instantFromEpoch, instantFromWib, normalisePhone, orderBody,
  toChange, toEvent, toOrder, toQuote, type OrderRecord,
  CHANGE_FEED,
} from './mapping';

const record: OrderRecord = {
  no_order: 'OJL-261207-000123',
  ref_mitra: 'ANT-20261207-00001',
  jenis: 'ANTAR',
  id_tarif: 'TRF261207ABCDEF0123',
  asal: { alamat: 'Jl. Maruga Raya No. 1, Ciater', lat: '-6.3196000', lon: '106.6978000', nama: 'LOKET OJOL DISDUKCAPIL', telp: '62215379901' },
  tujuan: { alamat: ' Jl. Melati  No. 12, Pondok Aren ', lat: '-6.2705000', lon: '106.7012000', nama: 'Budi Santoso', telp: '6281234567890' },
  barang: 'KTP-EL',
  catatan: '',
  jarak: '7,3',
  biaya: '18.500',
  status: 40,
  status_ket: 'SELESAI',
  driver_nama: 'Agus Saputra',
  driver_plat: 'b 1234 xyz',
  driver_telp: '6281299990000',
  penerima: 'Siti',
  foto_bukti: 'bukti/OJL-261207-000123.jpg',
  waktu_terima: '2026-12-07 11:42:05',
  lat_terima: '-6.2705500',
  lon_terima: '106.7011800',
  alasan: '',
  dibatalkan_oleh: '',
  dibuat: '2026-12-07 10:00:00',
  diubah: '2026-12-07 11:42:05',
  riwayat: [
    { id: 812, status: 40, status_ket: 'SELESAI', keterangan: 'DITERIMA Siti', waktu: '2026-12-07 11:42:05' },
    { id: 801, status: 10, status_ket: 'MENCARI DRIVER', keterangan: '', waktu: '2026-12-07 10:00:00' },
  ],
};

describe('ojol mapping', () => {
  it('decodes an order into domain terms, WIB moments as UTC instants', () => {
    expect(toOrder(record)).toEqual({
      orderId: 'OJL-261207-000123',
      reference: 'ANT-20261207-00001',
      kind: 'DELIVERY',
      quoteId: 'TRF261207ABCDEF0123',
      origin: { address: 'Jl. Maruga Raya No. 1, Ciater', location: { latitude: -6.3196, longitude: 106.6978 }, contactName: 'LOKET OJOL DISDUKCAPIL', contactPhone: null },
      destination: { address: 'Jl. Melati No. 12, Pondok Aren', location: { latitude: -6.2705, longitude: 106.7012 }, contactName: 'Budi Santoso', contactPhone: '+6281234567890' },
      itemDescription: 'KTP-EL',
      note: null,
      feeRupiah: 18500,
      distanceMeters: 7300,
      status: 'DELIVERED',
      courier: { name: 'Agus Saputra', plate: 'B 1234 XYZ', phone: '+6281299990000' },
      proof: { receiverName: 'Siti', photoReference: 'bukti/OJL-261207-000123.jpg', at: '2026-12-07T04:42:05Z', location: { latitude: -6.27055, longitude: 106.70118 } },
      reason: null,
      cancelledBy: null,
      createdAt: '2026-12-07T03:00:00Z',
      updatedAt: '2026-12-07T04:42:05Z',
      history: [
        { eventId: '801', status: 'SEARCHING_COURIER', note: null, at: '2026-12-07T03:00:00Z' },
        { eventId: '812', status: 'DELIVERED', note: 'DITERIMA Siti', at: '2026-12-07T04:42:05Z' },
      ],
    });
  });

  it('reads statuses as API numbers and as words in either spelling; unknown codes are null', () => {
    expect([10, '20', 30, 40, 90, 99, 50, null].map(decodeStatus)).toEqual(['SEARCHING_COURIER', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED', 'CANCELLED', null, null]);
    expect(['MENCARI_DRIVER', 'driver ditemukan', 'DIJEMPUT', 'Selesai', 'GAGAL', 'DIBATALKAN', 'HILANG'].map(decodeStatus)).toEqual(['SEARCHING_COURIER', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED', 'CANCELLED', null]);
    // A partner release that sent only the word in the API.
    expect(toOrder({ ...record, status: '', status_ket: 'DIJEMPUT' }).status).toBe('PICKED_UP');
    expect(['JEMPUT', 'antar', 'KIRIM'].map(decodeKind)).toEqual(['PICKUP', 'DELIVERY', null]);
  });

  it('reads the partner\'s numbers: fees with thousands dots, km with a decimal comma, coordinates as text', () => {
    expect(['18.500', 'Rp 18.500', 'Rp. 9.000', 18500, '1.234.500', '18,500', '', 'gratis'].map(decodeRupiah)).toEqual([18500, 18500, 9000, 18500, 1234500, null, null, null]);
    expect(['7,3', '12', 0.8, '', 'x'].map(decodeKilometres)).toEqual([7300, 12000, 800, null, null]);
    expect(['-6.3196000', -6.3, '', 'abc'].map(decodeCoordinate)).toEqual([-6.3196, -6.3, null, null]);
    expect(['6281234567890', '081234567890', '+62 812-3456-7890', '62215379901', ''].map(normalisePhone)).toEqual(['+6281234567890', '+6281234567890', '+6281234567890', null, null]);
  });

  it('reads moments: WIB wall-clock and epoch seconds to the same UTC instant; blanks and nonsense to null', () => {
    expect(instantFromWib('2026-12-07 10:00:00')).toBe('2026-12-07T03:00:00Z');
    expect(instantFromWib('2026-12-07 03:30:00')).toBe('2026-12-06T20:30:00Z');
    expect(instantFromEpoch(Date.UTC(2026, 11, 7, 3, 0, 0) / 1000)).toBe('2026-12-07T03:00:00Z');
    expect(instantFromEpoch('1796612400')).toBe('2026-12-07T03:00:00Z');
    expect(['', '0000-00-00 00:00:00', '2026-02-30 10:00:00', '07-12-2026 10:00:00', null].map(instantFromWib)).toEqual([null, null, null, null, null]);
    expect([0, '', 'x', null].map(instantFromEpoch)).toEqual([null, null, null, null]);
  });

  it('treats the API\'s blanks as none: no courier, no proof, a cancellation\'s reason and who', () => {
    const searching = toOrder({ ...record, status: 99, driver_nama: '', driver_plat: '', driver_telp: '', penerima: '', foto_bukti: '', waktu_terima: '', lat_terima: '', lon_terima: '', alasan: 'SALAH ALAMAT', dibatalkan_oleh: 'P' });
    expect(searching).toMatchObject({ status: 'CANCELLED', courier: null, proof: null, reason: 'SALAH ALAMAT', cancelledBy: 'CALLER' });
    expect(toOrder({ ...record, dibatalkan_oleh: 'M' }).cancelledBy).toBe('PARTNER');
  });

  it('reads a quote, and refuses one it cannot read', () => {
    expect(toQuote({ id_tarif: 'TRF261207ABCDEF0123', jenis: 'JEMPUT', jarak: '4,1', biaya: '11.000', berlaku_sampai: '2026-12-07 10:10:00' }, 'DELIVERY')).toEqual({
      quoteId: 'TRF261207ABCDEF0123', kind: 'PICKUP', feeRupiah: 11000, distanceMeters: 4100, validUntil: '2026-12-07T03:10:00Z',
    });
    expect(toQuote({ id_tarif: 'TRF261207ABCDEF0123', biaya: 'gratis', berlaku_sampai: '2026-12-07 10:10:00' }, 'DELIVERY')).toBeNull();
  });

  it('reads a callback body: words, epoch moments, nulls for none', () => {
    expect(toEvent({
      id_event: 812, no_order: 'OJL-261207-000123', ref_mitra: 'ANT-1', jenis: 'ANTAR', status: 'SELESAI', waktu_status: 1796615225, biaya: 18500,
      driver: { nama: 'Agus Saputra', plat: 'B 1234 XYZ', telp: '6281299990000' }, bukti: { penerima: 'Siti', foto: 'bukti/x.jpg', waktu: 1796615225, lat: -6.27055, lon: 106.70118 },
      alasan: null, dibatalkan_oleh: null, waktu_kirim: 1796615226,
    })).toEqual({
      eventId: '812', orderId: 'OJL-261207-000123', reference: 'ANT-1', kind: 'DELIVERY', status: 'DELIVERED', statusAt: '2026-12-07T03:47:05Z', feeRupiah: 18500,
      courier: { name: 'Agus Saputra', plate: 'B 1234 XYZ', phone: '+6281299990000' },
      proof: { receiverName: 'Siti', photoReference: 'bukti/x.jpg', at: '2026-12-07T03:47:05Z', location: { latitude: -6.27055, longitude: 106.70118 } },
      reason: null, cancelledBy: null, sentAt: '2026-12-07T03:47:06Z',
    });
    expect(toEvent({ no_order: 'OJL-261207-000123', ref_mitra: 'ANT-1', waktu_kirim: 1796615226 })).toBeNull();
    expect(toEvent({ id_event: 'x', no_order: 'OJL-261207-000123', ref_mitra: 'ANT-1', waktu_kirim: 1796615226 })).toBeNull();
  });

  it('makes and reads its own feed cursors only', () => {
    expect(CHANGE_FEED.idOf(null)).toBe(0);
    expect(CHANGE_FEED.idOf(CHANGE_FEED.cursorFor(812))).toBe(812);
    expect(() => CHANGE_FEED.idOf('pengaduan:812')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'INVALID_CURSOR' }) }));
    expect(toChange({ id: 9, no_order: 'OJL-261207-000123', ref_mitra: 'ANT-1', status: 30, keterangan: '', waktu: '2026-12-07 10:30:00' })).toEqual({
      eventId: '9', orderId: 'OJL-261207-000123', reference: 'ANT-1', status: 'PICKED_UP', note: null, at: '2026-12-07T03:30:00Z', cursor: 'ojol:9',
    });
  });

  it('writes an order the way the partner reads it', () => {
    const place = (address: string) => ({ address, location: { latitude: -6.3, longitude: 106.7 }, contactName: 'Budi', contactPhone: '081234567890' });
    expect(orderBody({ reference: 'ANT-1', quoteId: 'TRF261207ABCDEF0123', kind: 'PICKUP', origin: place('Jl. Melati No. 12'), destination: place('Kantor Dinas'), itemDescription: 'Berkas KK' })).toEqual({
      ref_mitra: 'ANT-1', id_tarif: 'TRF261207ABCDEF0123', jenis: 'JEMPUT',
      asal: { alamat: 'Jl. Melati No. 12', lat: -6.3, lon: 106.7, nama: 'Budi', telp: '081234567890' },
      tujuan: { alamat: 'Kantor Dinas', lat: -6.3, lon: 106.7, nama: 'Budi', telp: '081234567890' },
      barang: 'Berkas KK', catatan: undefined,
    });
  });
});
