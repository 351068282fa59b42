import { waitLeft } from './stop-deadline';

describe('waitLeft: a stop step waits within the caller’s timeout', () => {
  it('what is left of the timeout when that is less than the step’s bound', () => {
    expect(waitLeft(1_300, 1_000, 1_000)).toBe(300);
  });
  it('the step’s bound when more is left', () => {
    expect(waitLeft(20_000, 1_000, 1_000)).toBe(1_000);
  });
  it('nothing once the deadline has passed', () => {
    expect(waitLeft(1_000, 1_000, 1_500)).toBe(0);
  });
});
