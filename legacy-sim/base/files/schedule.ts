/**
 * When a file app's batch job runs. Production apps run "nightly" at a fixed local time; tests and
 * demos run them every few hundred milliseconds. Written as text in configuration:
 *   'every 200ms' | 'every 30s' | 'every 5m'   — a fixed pause between the end of one run and the next
 *   'nightly 01:30' | 'daily 01:30'             — once a day at that wall-clock time, in the app's zone
 */
export type BatchSchedule = { kind: 'every'; ms: number } | { kind: 'daily'; minuteOfDay: number; timeZone: string };

const EVERY = /^every\s+(\d+)\s*(ms|s|m)$/i;
const DAILY = /^(?:nightly|daily)\s+([01]\d|2[0-3]):([0-5]\d)$/i;

export function parseSchedule(text: string, timeZone: string): BatchSchedule {
  const every = EVERY.exec(text.trim());
  if (every) {
    const ms = Number(every[1]) * ({ ms: 1, s: 1_000, m: 60_000 } as const)[every[2]!.toLowerCase() as 'ms' | 's' | 'm'];
    if (ms < 10) throw new Error(`batch schedule "${text}": at least 10ms between runs`);
    return { kind: 'every', ms };
  }
  const daily = DAILY.exec(text.trim());
  if (daily) return { kind: 'daily', minuteOfDay: Number(daily[1]) * 60 + Number(daily[2]), timeZone };
  throw new Error(`batch schedule "${text}": expected "every <n>ms|s|m" or "nightly HH:MM"`);
}

/** Milliseconds from `now` until the next run. */
export function delayUntilNextRun(schedule: BatchSchedule, now: Date = new Date()): number {
  if (schedule.kind === 'every') return schedule.ms;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: schedule.timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const secondOfDay = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  let wait = schedule.minuteOfDay * 60 - secondOfDay;
  if (wait <= 0) wait += 24 * 3600;
  return wait * 1000 - now.getMilliseconds();
}
