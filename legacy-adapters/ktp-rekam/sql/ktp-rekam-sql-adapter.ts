import type { Deadline } from '@core/deadline';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { Enrolment, KtpRekamPort } from '../port';
import { newestFirst, toEnrolment, type PerekamanRow } from './mapping';

/**
 * The enrolment application through its own table. One statement per port call, whatever the
 * number of NIKs. Ordering happens here, not in SQL: the date is a 'DD-MM-YYYY' string, which
 * the database would sort by day of the month.
 */
const COLUMNS = [
  'id_perekaman', 'nik', 'status_rekam', 'tgl_rekam', 'jam_rekam', 'tempat_rekam', 'no_prop', 'no_kab', 'no_kec',
  'flag_sidik_jari', 'flag_iris', 'flag_foto', 'flag_ttd',
];

export class KtpRekamSqlAdapter implements KtpRekamPort {
  constructor(private readonly sql: SqlLegacyClient) {}

  async enrolmentsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, Enrolment[]>> {
    const found = new Map<string, Enrolment[]>();
    if (niks.length === 0) return found;
    const rows = await this.sql.query<PerekamanRow>(this.sql.db('t_perekaman').select(COLUMNS).whereIn('nik', [...niks]), deadline);
    const byNik = new Map<string, Array<{ enrolment: Enrolment; id: number }>>();
    for (const row of rows) {
      const enrolment = toEnrolment(row);
      const list = byNik.get(enrolment.nik) ?? [];
      list.push({ enrolment, id: Number(row.id_perekaman) });
      byNik.set(enrolment.nik, list);
    }
    for (const [nik, list] of byNik) found.set(nik, list.sort(newestFirst).map((e) => e.enrolment));
    return found;
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
