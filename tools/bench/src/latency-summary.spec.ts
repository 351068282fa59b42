import { summariseLatencies } from './latency-summary';

describe('summariseLatencies', () => {
  it('gives the median, the 99th percentile and the maximum', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summariseLatencies(values)).toEqual({ count: 100, p50: 51, p99: 100, max: 100 });
  });

  it('gives zeros for no values', () => {
    expect(summariseLatencies([])).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  });
});
