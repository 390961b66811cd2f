/**
 * The envelope every REST legacy application of the estate answers with, and its status codes.
 * Like the bank-switching codes their vendors borrowed, the status is two digits in a string, and
 * most failures still come back as HTTP 200: only a bad API key (401), an unknown route (404) and
 * rate limiting (429) change the HTTP status. `pesan` is for people, in Indonesian, UPPERCASE.
 *
 * | status | pesan                      | HTTP | meaning                                          |
 * |--------|----------------------------|------|--------------------------------------------------|
 * | 00     | SUKSES                     | 200  | done; `data` holds the answer                    |
 * | 05     | PERMINTAAN TIDAK VALID     | 200  | a parameter is missing or malformed              |
 * | 14     | DATA TIDAK DITEMUKAN       | 200  | no such record (`data` is null)                  |
 * | 30     | FORMAT PESAN SALAH         | 200  | the request body is not readable JSON            |
 * | 41     | API KEY TIDAK VALID        | 401  | missing or wrong API key header                  |
 * | 51     | DATA SUDAH ADA             | 200  | a record with this reference exists already      |
 * | 57     | LAYANAN TIDAK DIKENAL      | 404  | no such route                                    |
 * | 91     | LAYANAN SEDANG SIBUK       | 429  | too many requests; Retry-After says when to come back |
 * | 96     | KESALAHAN SISTEM           | 200  | the application failed inside                    |
 */
export const STATUS = {
  SUKSES: '00',
  PERMINTAAN_TIDAK_VALID: '05',
  TIDAK_DITEMUKAN: '14',
  FORMAT_SALAH: '30',
  API_KEY_TIDAK_VALID: '41',
  DATA_SUDAH_ADA: '51',
  LAYANAN_TIDAK_DIKENAL: '57',
  SIBUK: '91',
  KESALAHAN_SISTEM: '96',
} as const;
export type LegacyStatus = (typeof STATUS)[keyof typeof STATUS];

export interface Envelope {
  status: string;
  pesan: string;
  data: unknown;
  /** Paged lists only. */
  halaman?: number;
  per_halaman?: number;
  total?: number;
}

/** What a route answers: the envelope, and the HTTP status and headers around it. */
export interface RestAnswer {
  http: number;
  headers?: Record<string, string>;
  envelope: Envelope;
}

export interface PageInfo {
  halaman: number;
  per_halaman: number;
  total: number;
}

export function sukses(data: unknown, page?: PageInfo): RestAnswer {
  return { http: 200, envelope: { status: STATUS.SUKSES, pesan: 'SUKSES', data, ...page } };
}

export function tidakDitemukan(pesan = 'DATA TIDAK DITEMUKAN'): RestAnswer {
  return { http: 200, envelope: { status: STATUS.TIDAK_DITEMUKAN, pesan, data: null } };
}

export function gagal(status: LegacyStatus, pesan: string, http = 200, headers?: Record<string, string>): RestAnswer {
  return { http, headers, envelope: { status, pesan, data: null } };
}

/**
 * Thrown by a route to answer with a failure status (a bad parameter, a duplicate); anything else
 * a route throws is answered as status 96, as the legacy application's catch-all does.
 */
export class LegacyRequestError extends Error {
  constructor(
    readonly status: LegacyStatus,
    readonly pesan: string,
  ) {
    super(pesan);
    this.name = 'LegacyRequestError';
  }
}

export function permintaanTidakValid(pesan: string): LegacyRequestError {
  return new LegacyRequestError(STATUS.PERMINTAAN_TIDAK_VALID, pesan);
}
