import { listArg, numberArg, parseFlags } from './bench-args';

describe('bench flags', () => {
  it('separates scenario names from --flag value pairs, a bare flag meaning true', () => {
    expect(parseFlags(['timers', '--runs', '500', '--json', 'faults'])).toEqual({
      positionals: ['timers', 'faults'],
      args: { runs: '500', json: 'true' },
    });
  });

  it('takes --pg-stats and --pg-phases as switches, so a scenario name after them stays one', () => {
    expect(parseFlags(['--pg-stats', 'conversation-step', '--pg-phases', 'timers'])).toEqual({
      positionals: ['conversation-step', 'timers'],
      args: { 'pg-stats': 'true', 'pg-phases': 'true' },
    });
  });

  it('reads numbers and lists, with defaults, and names a bad value', () => {
    expect(numberArg({ runs: '500' }, 'runs', 1)).toBe(500);
    expect(numberArg({}, 'runs', 7)).toBe(7);
    expect(listArg({ loads: '10, 30,100' }, 'loads', [])).toEqual([10, 30, 100]);
    expect(() => numberArg({ runs: 'many' }, 'runs', 1)).toThrow(
      '--runs must be a non-negative number, got "many"',
    );
  });
});
