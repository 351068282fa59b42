import { quietUntil } from './quiet-hours';

describe('quietUntil', () => {
  const night = { start: '22:00', end: '07:00' };

  it('holds until the end of quiet hours that span midnight, in the person’s time zone', () => {
    // 23:30 in Lisbon (winter, UTC+0) → 07:00 next morning.
    expect(quietUntil(new Date('2026-12-06T23:30:00Z'), night, 'Europe/Lisbon')).toEqual(
      new Date('2026-12-07T07:00:00Z'),
    );
    // 05:10:42 in New York (UTC-5) → 07:00 local = 12:00 UTC.
    expect(quietUntil(new Date('2026-12-07T10:10:42Z'), night, 'America/New_York')).toEqual(
      new Date('2026-12-07T12:00:00Z'),
    );
  });

  it('lets notifications through outside quiet hours, at the exact end, and without quiet hours', () => {
    expect(quietUntil(new Date('2026-12-06T12:00:00Z'), night, 'Europe/Lisbon')).toBeNull();
    expect(quietUntil(new Date('2026-12-07T07:00:00Z'), night, 'Europe/Lisbon')).toBeNull();
    expect(quietUntil(new Date('2026-12-06T23:00:00Z'), null, 'UTC')).toBeNull();
    expect(quietUntil(new Date('2026-12-06T23:00:00Z'), { start: '09:00', end: '09:00' }, 'UTC')).toBeNull();
  });

  it('handles quiet hours within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(new Date('2026-12-06T12:15:00Z'), lunch, 'UTC')).toEqual(
      new Date('2026-12-06T13:30:00Z'),
    );
    expect(quietUntil(new Date('2026-12-06T11:59:00Z'), lunch, 'UTC')).toBeNull();
  });
});
