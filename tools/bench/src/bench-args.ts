/** Flags after the scenario name, e.g. `--contacts 200 --seconds 20`, as strings. */
export type BenchArgs = Record<string, string | undefined>;

export function numberArg(args: BenchArgs, name: string, fallback: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export function listArg(args: BenchArgs, name: string, fallback: number[]): number[] {
  const raw = args[name];
  if (raw === undefined) return fallback;
  return raw.split(',').map((part) => numberArg({ [name]: part.trim() }, name, 0));
}

/** Flags that never take a value, so `--json faults` keeps `faults` as a scenario name. */
const SWITCHES = new Set(['json', 'profile', 'pg-stats', 'pg-phases', 'webhook-keep-alive']);

/** `--a 1 --b x` → { a: '1', b: 'x' }; a switch, or a flag without a value, is 'true'. */
export function parseFlags(argv: string[]): { positionals: string[]; args: BenchArgs } {
  const positionals: string[] = [];
  const args: BenchArgs = {};
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const name = token.slice(2);
    const value = argv[i + 1];
    if (SWITCHES.has(name) || value === undefined || value.startsWith('--')) args[name] = 'true';
    else {
      args[name] = value;
      i += 1;
    }
  }
  return { positionals, args };
}
