import { checkNik } from '@core/domain/nik';
import { regions } from '@core/domain/regions';
import { DAILY_QUOTA, LAYANAN, OPEN, PLAN_AHEAD_DAYS, SASARAN, parseDashedDate, type ReasonCode, type RegisterEvent } from './format';

/**
 * The batch job's checks on one schedule line, in the order the old application makes them: the
 * first failing check is the reason written back.
 */
export type Verdict = { ok: true; plannedOn: string } | { ok: false; reason: ReasonCode };

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Is '3674011001' a kelurahan of the regency this instance serves ('36.74')? */
export function servesKelurahan(regencyCode: string, code: string): boolean {
  if (!/^\d{10}$/.test(code)) return false;
  const dotted = `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
  return dotted.startsWith(`${regencyCode}.`) && regions().get(dotted)?.level === 'village';
}

export function checkLine(line: Record<string, string>, today: string, regencyCode: string, open: readonly RegisterEvent[]): Verdict {
  if (!line.ID_KUNJUNGAN || !line.NIK || !line.KD_KEL || !line.TGL_RENCANA || !line.KD_LAYANAN || !line.KD_SASARAN) return { ok: false, reason: 'A09' };
  if (!checkNik(line.NIK).ok) return { ok: false, reason: 'A01' };
  if (!servesKelurahan(regencyCode, line.KD_KEL)) return { ok: false, reason: 'A02' };
  const plannedOn = parseDashedDate(line.TGL_RENCANA);
  if (!plannedOn || plannedOn < today || plannedOn > addDays(today, PLAN_AHEAD_DAYS)) return { ok: false, reason: 'A03' };
  const services = line.KD_LAYANAN.toUpperCase().split('+');
  if (services.some((s) => !Object.hasOwn(LAYANAN, s))) return { ok: false, reason: 'A04' };
  if (!Object.hasOwn(SASARAN, line.KD_SASARAN.toUpperCase())) return { ok: false, reason: 'A05' };
  if (open.some((v) => v.NIK === line.NIK && OPEN.has(v.STATUS))) return { ok: false, reason: 'A07' };
  const sameDay = open.filter((v) => OPEN.has(v.STATUS) && v.KD_KEL === line.KD_KEL && parseDashedDate(v.TGL_RENCANA) === plannedOn).length;
  if (sameDay >= DAILY_QUOTA) return { ok: false, reason: 'A06' };
  return { ok: true, plannedOn };
}

/** Visit numbers: JB-<regency>-<YY>-<serial of the year, 6 digits>, e.g. 'JB-3674-26-000123'. */
export function nextVisitNumber(regencyCode: string, today: string, events: readonly RegisterEvent[]): string {
  const prefix = `JB-${regencyCode.replace('.', '')}-${today.slice(2, 4)}-`;
  let max = 0;
  for (const e of events) if (e.NO_KUNJUNGAN.startsWith(prefix)) max = Math.max(max, Number(e.NO_KUNJUNGAN.slice(prefix.length)) || 0);
  return `${prefix}${String(max + 1).padStart(6, '0')}`;
}
