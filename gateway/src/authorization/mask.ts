/**
 * How a masked identifier looks: its first six characters (the region it was issued in) and last
 * four stay, everything between becomes `*` — 3674011203900001 is shown as 367401******0001.
 * Enough for a kiosk or a kelurahan operator to tell two people apart and for a resident to
 * recognise their own number, not enough to use it. Values that are not text pass unchanged.
 */
const KEEP_START = 6;
const KEEP_END = 4;

export function maskIdentifier(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.length <= KEEP_START + KEEP_END) return '*'.repeat(value.length);
  return `${value.slice(0, KEEP_START)}${'*'.repeat(value.length - KEEP_START - KEEP_END)}${value.slice(-KEEP_END)}`;
}
