/**
 * How the estate's SOAP applications fail: a SOAP 1.1 `soap:Fault` with HTTP 500, `faultcode`
 * soap:Client (the request is wrong) or soap:Server (the application failed), `faultstring` for
 * people (Indonesian, UPPERCASE), and in `detail` the application's own error element
 * `<KesalahanLayanan><Kode>E02</Kode><Pesan>…</Pesan></KesalahanLayanan>`.
 *
 * | Kode | Pesan                    | faultcode   | meaning                                        |
 * |------|--------------------------|-------------|------------------------------------------------|
 * | E01  | DATA TIDAK DITEMUKAN     | soap:Client | no such record (single-key operations only)    |
 * | E02  | PERMINTAAN TIDAK VALID   | soap:Client | a field is missing or malformed                |
 * | E03  | DATA SUDAH ADA           | soap:Client | a record with this reference exists already    |
 * | E04  | OTENTIKASI GAGAL         | soap:Client | missing or wrong WS-Security UsernameToken     |
 * | E05  | OPERASI TIDAK DIKENAL    | soap:Client | no such operation                              |
 * | E06  | FORMAT PESAN SALAH       | soap:Client | not XML, not a SOAP 1.1 envelope               |
 * | E99  | KESALAHAN SISTEM         | soap:Server | the application failed inside                  |
 */
export const KODE = {
  TIDAK_DITEMUKAN: 'E01',
  TIDAK_VALID: 'E02',
  SUDAH_ADA: 'E03',
  OTENTIKASI_GAGAL: 'E04',
  OPERASI_TIDAK_DIKENAL: 'E05',
  FORMAT_SALAH: 'E06',
  KESALAHAN_SISTEM: 'E99',
} as const;
export type KodeKesalahan = (typeof KODE)[keyof typeof KODE];

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch';

/** Thrown by an operation (or the base) to answer with a soap:Fault. */
export class SoapFault extends Error {
  constructor(
    readonly kode: KodeKesalahan,
    readonly pesan: string,
    readonly faultcode: FaultCode = kode === KODE.KESALAHAN_SISTEM ? 'Server' : 'Client',
  ) {
    super(pesan);
    this.name = 'SoapFault';
  }
}

export const tidakDitemukan = (pesan = 'DATA TIDAK DITEMUKAN') => new SoapFault(KODE.TIDAK_DITEMUKAN, pesan);
export const tidakValid = (pesan: string) => new SoapFault(KODE.TIDAK_VALID, pesan);
export const sudahAda = (pesan = 'DATA SUDAH ADA') => new SoapFault(KODE.SUDAH_ADA, pesan);
