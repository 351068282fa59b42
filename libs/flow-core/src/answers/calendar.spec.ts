import fc from 'fast-check';
import { addDays, fromDayNumber, isRealDate, toDayNumber, weekdayOf } from './calendar';

describe('calendar arithmetic', () => {
  it('agrees with the host calendar for every day from 1600 to 2400', () => {
    const MIN = Date.UTC(1600, 0, 1) / 86400000;
    const MAX = Date.UTC(2400, 11, 31) / 86400000;
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: MAX }), (dayNumber) => {
        const host = new Date(dayNumber * 86400000);
        const date = fromDayNumber(dayNumber);
        expect(date).toEqual({
          year: host.getUTCFullYear(),
          month: host.getUTCMonth() + 1,
          day: host.getUTCDate(),
        });
        expect(toDayNumber(date)).toBe(dayNumber);
        expect(weekdayOf(date)).toBe(host.getUTCDay());
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [{ year: 2026, month: 2, day: 28 }, 1, { year: 2026, month: 3, day: 1 }],
    [{ year: 2028, month: 2, day: 28 }, 1, { year: 2028, month: 2, day: 29 }],
    [{ year: 2026, month: 12, day: 31 }, 1, { year: 2027, month: 1, day: 1 }],
    [{ year: 2026, month: 1, day: 1 }, -1, { year: 2025, month: 12, day: 31 }],
  ])('adds days across month and year ends: %j + %i', (date, days, expected) => {
    expect(addDays(date, days)).toEqual(expected);
  });

  it.each([
    [{ year: 2026, month: 2, day: 29 }, false],
    [{ year: 2000, month: 2, day: 29 }, true],
    [{ year: 1900, month: 2, day: 29 }, false],
    [{ year: 2026, month: 4, day: 31 }, false],
    [{ year: 2026, month: 0, day: 1 }, false],
    [{ year: 2026, month: 1, day: 1.5 }, false],
  ])('knows whether %j is a real date', (date, expected) => {
    expect(isRealDate(date)).toBe(expected);
  });
});
