import { legacyDateTime } from '../base/rest';
import type { TtdRow } from './signatures';

/**
 * A signature as the application's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * the hash in UPPER-case hex; dates local 'DD-MM-YYYY HH:mm:ss'; `tgl_cabut` '' and `alasan_cabut`
 * '-' while not revoked; `no_referensi` '' for documents signed in the application's own screen.
 */
export function ttdJson(row: TtdRow): Record<string, unknown> {
  return {
    id_ttd: row.id_ttd,
    jenis_dokumen: row.jenis_dokumen,
    no_dokumen: row.no_dokumen,
    hash_dokumen: row.hash_dokumen.toUpperCase(),
    penandatangan: { nama: row.nama_penandatangan, nip: row.nip_penandatangan, jabatan: row.jabatan_penandatangan },
    tgl_ttd: legacyDateTime(row.tgl_ttd),
    qr: row.qr_payload,
    status: row.status,
    tgl_cabut: legacyDateTime(row.tgl_cabut, ''),
    alasan_cabut: row.alasan_cabut ?? '-',
    no_referensi: row.no_referensi ?? '',
  };
}

/**
 * A verification answer: `sah` 'Y'/'T' (the signature checks with the application's key),
 * `berlaku` 'Y'/'T' (not revoked and not superseded by a newer signature of the same document),
 * `keterangan` the application's reason in words; the document's public metadata only when sah.
 */
export function verifikasiJson(sah: boolean, berlaku: boolean, keterangan: string, row?: TtdRow): Record<string, unknown> {
  return {
    sah: sah ? 'Y' : 'T',
    berlaku: berlaku ? 'Y' : 'T',
    keterangan,
    dokumen: row
      ? {
          id_ttd: row.id_ttd,
          jenis_dokumen: row.jenis_dokumen,
          no_dokumen: row.no_dokumen,
          hash_dokumen: row.hash_dokumen.toUpperCase(),
          penandatangan: { nama: row.nama_penandatangan, nip: row.nip_penandatangan, jabatan: row.jabatan_penandatangan },
          tgl_ttd: legacyDateTime(row.tgl_ttd),
          status: row.status,
          tgl_cabut: legacyDateTime(row.tgl_cabut, ''),
        }
      : null,
  };
}
