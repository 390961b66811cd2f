import { capped, dayFull } from './quotas';

describe('the tenant\'s daily quota over antrian\'s', () => {
  const days = [
    { date: '2026-12-07', capacity: 60, placesLeft: 30 }, // 30 used
    { date: '2026-12-08', capacity: 60, placesLeft: 55 }, // 5 used
    { date: '2026-12-09', capacity: 20, placesLeft: 20 },
  ];

  it('leaves the places of the smaller quota, counting what is used against both', () => {
    expect(capped(days, 40)).toEqual([
      { date: '2026-12-07', capacity: 40, placesLeft: 10 },
      { date: '2026-12-08', capacity: 40, placesLeft: 35 },
      { date: '2026-12-09', capacity: 20, placesLeft: 20 },
    ]);
  });

  it('drops a day the tenant\'s cap has filled, and changes nothing without a cap', () => {
    expect(capped(days, 30).map((d) => d.date)).toEqual(['2026-12-08', '2026-12-09']);
    expect(capped(days, undefined)).toEqual(days);
  });

  it('refuses a full day as antrian does: CONFLICT DAY_FULL with the next free days', () => {
    expect(dayFull(capped(days, 30)).extensions).toMatchObject({ code: 'CONFLICT', reason: 'DAY_FULL', nextFreeDays: ['2026-12-08', '2026-12-09'] });
  });
});
