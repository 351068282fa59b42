import { parseAnswer, type ParseOptions } from './index';

// 2026-03-06 is a Friday.
const TODAY = '2026-03-06';
const date = (text: string, options: ParseOptions = { today: TODAY }) =>
  parseAnswer('date', { text }, options);

describe('date answers', () => {
  it.each<[string, string]>([
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['5/3/2026', '2026-03-05'],
    ['05/03/2026', '2026-03-05'],
    ['5.3.2026', '2026-03-05'],
    ['5-3-2026', '2026-03-05'],
    ['5 / 3 / 2026', '2026-03-05'],
    ['5/3/26', '2026-03-05'],
    ['5 March 2026', '2026-03-05'],
    ['March 5, 2026', '2026-03-05'],
    ['Mar 5 26', '2026-03-05'],
    ['5-Mar-2026', '2026-03-05'],
    ['2026 March 5', '2026-03-05'],
    ['the 5th of March 2026', '2026-03-05'],
    ['Thursday, 5 March 2026', '2026-03-05'],
    ['5 de março de 2026', '2026-03-05'],
    ['5 de marzo de 2026', '2026-03-05'],
    ['5. März 2026', '2026-03-05'],
    ['5 Maart 2026', '2026-03-05'],
    ['1º de dezembro de 2026', '2026-12-01'],
    ['29/2/2028', '2028-02-29'],
    ['31 Dec 2026', '2026-12-31'],
  ])('reads %j as %s', (text, expected) => {
    expect(date(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ['today', '2026-03-06'],
    ['Today!', '2026-03-06'],
    ['tomorrow', '2026-03-07'],
    ['yesterday', '2026-03-05'],
    ['the day after tomorrow', '2026-03-08'],
    ['hoje', '2026-03-06'],
    ['amanhã', '2026-03-07'],
    ['depois de amanhã', '2026-03-08'],
    ['hoy', '2026-03-06'],
    ['mañana', '2026-03-07'],
    ['pasado mañana', '2026-03-08'],
    ['morgen', '2026-03-07'],
    // Without a year, the next occurrence counting today.
    ['6 Mar', '2026-03-06'],
    ['Mar 7', '2026-03-07'],
    ['5 Mar', '2027-03-05'],
    ['5/3', '2027-03-05'],
    ['sept 1', '2026-09-01'],
    ['29 Feb', '2028-02-29'],
    // A weekday alone is its next occurrence counting today; "next" skips today.
    ['friday', '2026-03-06'],
    ['on Monday', '2026-03-09'],
    ['next friday', '2026-03-13'],
    ['sexta-feira', '2026-03-06'],
    ['el lunes', '2026-03-09'],
  ])('reads the relative %j as %s on a Friday, 6 March 2026', (text, expected) => {
    expect(date(text)).toEqual({ ok: true, value: expected });
  });

  it('reads numeric dates month first for the US only', () => {
    expect(date('5/3/2026', { defaultCountry: 'US' })).toEqual({ ok: true, value: '2026-05-03' });
    expect(date('12/31/2026', { defaultCountry: 'us' })).toEqual({ ok: true, value: '2026-12-31' });
    expect(date('5/3/2026', { defaultCountry: 'CA' })).toEqual({ ok: true, value: '2026-03-05' });
    expect(date('12/31/2026', { defaultCountry: 'BR' })).toMatchObject({ ok: false, reason: 'invalid_date' });
  });

  it.each<[string, string | undefined]>([
    ['31/2/2026', TODAY],
    ['29/2/2027', TODAY],
    ['32/1/2026', TODAY],
    ['13/13/2026', TODAY],
    ['0/1/2026', TODAY],
    ['2026-02-30', TODAY],
    ['5/3/1899', TODAY],
    ['5/3/2200', TODAY],
    ['5/3/202', TODAY],
    ['March 2026', TODAY],
    ['5 days ago', TODAY],
    ['5 March at 3pm', TODAY],
    ['next week', TODAY],
    ['soon', TODAY],
    ['5', TODAY],
    ['2026-03-05-01', TODAY],
    ['5 6 March', TODAY],
    ['today', undefined],
    ['friday', undefined],
    ['5 Mar', undefined],
    ['today', 'yesterday'],
    ['today', '2026-02-30'],
  ])('rejects %j (today %s)', (text, today) => {
    expect(date(text, { today })).toMatchObject({ ok: false, reason: 'invalid_date' });
  });
});
