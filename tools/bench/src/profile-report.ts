import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './bench-report';
import {
  hotFunctions,
  hotLocations,
  nativeCallers,
  withoutFirst,
  type CpuProfile,
} from './cpu-profile-summary';

/**
 * Reads the .cpuprofile a process wrote into `dir` (node --cpu-prof --cpu-prof-dir) when it exited,
 * leaves out its first `skipMs` (start-up), and summarises it by package/lib and by function.
 */
export function profileReport(name: string, dir: string, skipMs: number): BenchResult {
  const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile was written into ${dir}`);
  const profile = withoutFirst(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, skipMs);
  const busyMs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
  const pct = (value: number) => `${value.toFixed(1).padStart(5)} %`;
  return {
    name,
    metrics: { 'profiled s (after start-up)': Math.round(busyMs / 100) / 10 },
    details: [
      `CPU profile: ${join(dir, file)} (open in Chrome DevTools > Performance)`,
      'self time by package / lib (share of busy samples):',
      ...hotLocations(profile, 12).map((entry) => `  ${pct(entry.selfPercent)}  ${entry.where}`),
      'hottest functions (self time):',
      ...hotFunctions(profile, 20).map(
        (entry) => `  ${pct(entry.selfPercent)}  ${entry.name}  (${entry.where})`,
      ),
      'socket and buffer writes (writev, writeBuffer, writeUtf8String) by caller:',
      ...nativeCallers(profile, ['writev', 'writeBuffer', 'writeUtf8String']).map(
        (entry) => `  ${pct(entry.selfPercent)}  ${entry.caller}`,
      ),
    ],
  };
}
