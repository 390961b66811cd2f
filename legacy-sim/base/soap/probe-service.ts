import { tidakDitemukan, tidakValid, sudahAda, type SoapService } from './index';

/**
 * A small SOAP app for the base's own tests (emulator and adapter side): a register of goods with
 * a batch lookup, a single lookup that faults when nothing is found, a write that refuses a
 * duplicate reference, one that always fails inside, and a slow one.
 */
export const PROBE_NAMESPACE = 'http://probe.gerbang.test/ws/barang';

export function probeService(): SoapService & { written: Map<string, string> } {
  const items = new Map(Array.from({ length: 23 }, (_, i) => [`B${String(i + 1).padStart(3, '0')}`, `BARANG ${i + 1}`]));
  const written = new Map<string, string>();
  return {
    app: 'probe-soap',
    name: 'BarangService',
    namespace: PROBE_NAMESPACE,
    written,
    types: [{ name: 'Barang', fields: [{ name: 'Kode', type: 'string' }, { name: 'Nama', type: 'string', optional: true }, { name: 'Jumlah', type: 'int', optional: true }] }],
    operations: [
      { name: 'Ping', input: [], output: [{ name: 'Waktu', type: 'string' }], handle: () => ({ Waktu: '29-11-2026 10:00:00' }) },
      {
        name: 'GetBarangList',
        input: [{ name: 'DaftarKode', type: 'string', many: true, optional: true }],
        output: [{ name: 'Barang', type: 'Barang', many: true, optional: true }],
        handle: ({ body }) => {
          const kodes = (body.DaftarKode ?? []) as string[];
          if (kodes.length > 100) throw tidakValid('MAKSIMAL 100 KODE');
          return { Barang: kodes.filter((k) => items.has(k)).map((k) => ({ Kode: k, Nama: k === 'B007' ? null : items.get(k), Jumlah: Number(k.slice(1)) })) };
        },
      },
      {
        name: 'GetBarang',
        input: [{ name: 'Kode', type: 'string' }],
        output: [{ name: 'Barang', type: 'Barang' }],
        handle: ({ body }) => {
          const nama = items.get(String(body.Kode ?? ''));
          if (!nama) throw tidakDitemukan();
          return { Barang: { Kode: body.Kode, Nama: nama } };
        },
      },
      {
        name: 'CatatBarang',
        input: [{ name: 'Referensi', type: 'string' }, { name: 'Nama', type: 'string' }],
        output: [{ name: 'Kode', type: 'string' }],
        handle: ({ body }) => {
          const ref = String(body.Referensi ?? '');
          if (!ref) throw tidakValid('REFERENSI WAJIB DIISI');
          if (ref === 'RUSAK') throw new Error('ORA-01017 at db.internal');
          if (written.has(ref)) throw sudahAda('REFERENSI SUDAH TERDAFTAR');
          const kode = `N${String(written.size + 1).padStart(3, '0')}`;
          written.set(ref, kode);
          return { Kode: kode };
        },
      },
      { name: 'Rusak', input: [], output: [], handle: () => { throw new Error('disk full at /var/lib/app'); } },
      { name: 'Lambat', input: [], output: [{ name: 'Hasil', type: 'string' }], slowMs: 3_000, handle: () => ({ Hasil: 'akhirnya' }) },
    ],
  };
}
