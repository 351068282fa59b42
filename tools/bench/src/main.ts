// Benchmarks: `npm run bench -- <name> [--json]`. Results are printed as a table (or JSON) and
// the JSON is kept in tools/bench/results/<name>.json for docs/performance.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable, type BenchResult } from './bench-report';
import { benchCore } from './core.bench';

const BENCHES: Record<string, (args: { conversations: number }) => Promise<BenchResult>> = {
  core: benchCore,
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      conversations: { type: 'string', default: '5000' },
    },
  });
  const names = positionals.length ? positionals : Object.keys(BENCHES);
  const results: BenchResult[] = [];
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    const result = await bench({ conversations: Number(values.conversations) });
    results.push(result);
    const record = {
      ...result,
      machine: { node: process.version, cpus: 'reference: 2 cores' },
      at: new Date().toISOString(),
    };
    writeFileSync(join(__dirname, '..', 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
  process.stdout.write(`${values.json ? JSON.stringify(results, null, 2) : renderTable(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
