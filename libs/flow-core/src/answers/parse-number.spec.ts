import { parseAnswer } from './index';

const number = (text: string) => parseAnswer('number', { text });

describe('number answers', () => {
  it.each<[string, number]>([
    ['1234', 1234],
    ['42', 42],
    ['-3', -3],
    ['+5', 5],
    ['0.5', 0.5],
    ['0.1', 0.1],
    ['.5', 0.5],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1,234', 1234],
    ['1.234', 1234],
    ['0,500', 0.5],
    ['1234,567', 1234.567],
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ['1 000 000', 1000000],
    ["1'234.5", 1234.5],
    ['1\u2019234.5', 1234.5],
    ['1.234.567', 1234567],
    ['1,234,567.89', 1234567.89],
    ['R$ 1.500', 1500],
    ['R$ -1.500', -1500],
    ['-R$ 1.500', -1500],
    ['€1.500,00', 1500],
    ['$1,500', 1500],
    ['$-5', -5],
    ['R1500', 1500],
    ['1500 ZAR', 1500],
    ['1500USD', 1500],
    ['1.5k', 1500],
    ['1.1k', 1100],
    ['2 K', 2000],
    ['5 mil reais', 5000],
    ['1,5 milhões', 1500000],
    ['2.5 million', 2500000],
    ['50%', 50],
    ['about 12', 12],
    ['around R 350 per month', 350],
    ['It is 1500.', 1500],
    ['I have 3 kids', 3],
    ['\u2212 7', -7],
    ['１２３', 123],
    ['0', 0],
    ['-0', 0],
  ])('reads %j as %p', (text, expected) => {
    expect(number(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'five',
    'abc',
    '5 or 6',
    'between 5 and 10',
    '5-10',
    '2026-03-05',
    '1,,2',
    '12 34',
    '3 4',
    '1.234.5',
    '1.234,567.8',
    '1 234.567.8',
    '--5',
    'x-5',
    'abc123',
    '5kids',
    '1st',
    '1e5',
    '0x10',
    '9'.repeat(400),
  ])('rejects %j', (text) => {
    expect(number(text)).toMatchObject({ ok: false, reason: 'invalid_number' });
  });

  it('returns -0 as 0 so a saved value never prints as "-0"', () => {
    const result = number('-0');
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });
});
