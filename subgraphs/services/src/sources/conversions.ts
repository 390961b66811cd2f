/** The ISO date after `date` (UTC midnights: no server time zone involved). */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The app's change id as an event id (the flow takes A-Z a-z 0-9 . _ : @ / -; the apps write 'number#step'). */
export function eventSafe(changeId: string): string {
  return changeId.replace(/[^A-Za-z0-9._:@/-]/g, '/');
}
