import { Tenants } from '@core/tenants';
import { DEFAULT_ROUTING_DIR } from '../config';
import { addWorkingDays, dueAt, latestOverdueSubmission } from './calendar';
import { loadServiceRoutings, routingFrom } from './services-file';

const tenants = Tenants.load();
const tangsel = tenants.get('tangsel')!;

/** The tenants' services files and their validation: every problem listed, no routing rule in code. */
describe('service routing', () => {
  it('loads both tenants: Batang has no kiosks, no ojol and no Sirena', () => {
    const routings = loadServiceRoutings(tenants, DEFAULT_ROUTING_DIR);
    const t = routings.get('tangsel')!;
    const b = routings.get('batang')!;
    expect(t.route('FAMILY_CARD_CHANGE', 'OFFLINE', 'KELURAHAN')).toBe('sirena');
    expect(t.route('FIRST_ID_CARD', 'OJOL', 'ONLINE_PORTAL')).toBe('portal-online');
    expect(b.route('FIRST_ID_CARD', 'ONLINE', 'ONLINE_PORTAL')).toBe('portal-online');
    expect(b.route('FIRST_ID_CARD', 'OJOL', 'ONLINE_PORTAL')).toBeUndefined();
    expect(b.route('FAMILY_CARD_CHANGE', 'OFFLINE', 'KELURAHAN')).toBeUndefined();
    expect(b.routes().some((r) => r.servicePoint === 'MALL_KIOSK')).toBe(false);
    expect(b.kiosks).toEqual([]);
    expect(t.kiosks).toHaveLength(4);
  });

  it('lists every problem of a file at once', () => {
    const problems: string[] = [];
    const routing = routingFrom(tangsel, {
      tenant: 'tangsel', workingWeek: ['MON'],
      routes: [
        { app: 'portal-online', services: ['FIRST_ID_CARD', 'TELEPORT'], channels: ['ONLINE', 'PIGEON'], servicePoints: ['ONLINE_PORTAL', 'MOON'] },
        { app: 'warung', services: ['FIRST_ID_CARD'], channels: ['ONLINE'], servicePoints: ['ONLINE_PORTAL'] },
      ],
      standards: {},
      quotas: [{ office: '33.25.01', service: 'FIRST_ID_CARD', perDay: 10 }, { office: 'ADM-NOWHERE', service: 'FIRST_ID_CARD', perDay: 10 }],
    }, 'tangsel.services.json', problems);
    expect(routing).toBeUndefined();
    const text = problems.join('\n');
    for (const expected of ['unknown service kind "TELEPORT"', 'unknown channel "PIGEON"', 'unknown service point kind "MOON"', 'unknown application "warung"', 'routed twice', 'FIRST_ID_CARD is routed but has no service standard', '"33.25.01" is not an office', '"ADM-NOWHERE" is not an office']) {
      expect(text).toContain(expected);
    }
  });

  it('counts standards in working days on the tenant calendar, due at the end of the last day', () => {
    const calendar = { workingDays: new Set([1, 2, 3, 4, 5]), holidays: new Set(['2026-12-25']) };
    // Thursday 24 December 2026 + 1 working day: Friday is a holiday, then the weekend: Monday 28.
    expect(addWorkingDays(calendar, '2026-12-24', 1)).toBe('2026-12-28');
    expect(dueAt(calendar, '2026-12-24T10:00:00', 0)).toBe('2026-12-24T23:59:59');
    // Overdue on Tuesday 29th with one working day: submitted by Sunday 27th (due Monday 28th).
    expect(latestOverdueSubmission(calendar, '2026-12-29', 1)).toBe('2026-12-27');
  });
});
