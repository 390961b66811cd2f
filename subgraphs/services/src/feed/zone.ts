/**
 * The applications record office wall-clock time without a zone ('2026-11-30T09:15:00'); the event
 * flow takes instants. The offset is the tenant zone's at that moment (Intl; no server zone involved).
 */
export function withZone(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local.slice(0, 19)}Z`);
  if (Number.isNaN(asUtc)) return local;
  const offsetMinutes = (instant: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
    const wall = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
    return Math.round((wall - instant) / 60_000);
  };
  // Two passes settle a guess near a change of offset (none in Indonesia, but zones are data).
  let offset = offsetMinutes(asUtc);
  offset = offsetMinutes(asUtc - offset * 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local.slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
