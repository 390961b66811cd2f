import { isoDateFromLegacy, isoDateTimeFromLegacy, legacyDateFromIso } from './dates';

describe('REST legacy dates', () => {
  it('reads DD-MM-YYYY, and nothing for the apps\' blanks or impossible dates', () => {
    expect(isoDateFromLegacy('17-08-1945')).toBe('1945-08-17');
    expect(isoDateFromLegacy(' 01-02-2024 ')).toBe('2024-02-01');
    expect(isoDateFromLegacy('01-02-2024 10:11:12')).toBe('2024-02-01');
    for (const blank of ['', '-', '00-00-0000', '31-02-2024', '2024-02-01', null, undefined, 20240201]) expect(isoDateFromLegacy(blank)).toBeNull();
    expect(isoDateFromLegacy('29-02-2024')).toBe('2024-02-29');
    expect(isoDateFromLegacy('29-02-2023')).toBeNull();
  });

  it('reads DD-MM-YYYY HH:mm[:ss] as a local date-time without a zone', () => {
    expect(isoDateTimeFromLegacy('05-01-2026 14:03:09')).toBe('2026-01-05T14:03:09');
    expect(isoDateTimeFromLegacy('05-01-2026 14:03')).toBe('2026-01-05T14:03:00');
    expect(isoDateTimeFromLegacy('05-01-2026')).toBe('2026-01-05T00:00:00');
    expect(isoDateTimeFromLegacy('05-01-2026 25:00:00')).toBeNull();
    expect(isoDateTimeFromLegacy('00-00-0000 00:00:00')).toBeNull();
  });

  it('writes ISO dates the legacy way', () => {
    expect(legacyDateFromIso('2026-11-29')).toBe('29-11-2026');
    expect(() => legacyDateFromIso('29-11-2026')).toThrow();
  });
});
