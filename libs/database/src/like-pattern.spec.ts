import { escapeLikePattern } from './like-pattern';

describe('escapeLikePattern', () => {
  it('escapes the LIKE wildcards and the escape character itself, and nothing else', () => {
    expect(escapeLikePattern('100% solar_ltd')).toBe('100\\% solar\\_ltd');
    expect(escapeLikePattern('a\\b')).toBe('a\\\\b');
    expect(escapeLikePattern('Ana María +44 (0)')).toBe('Ana María +44 (0)');
  });
});
