import { readFileSync } from 'node:fs';
import type { BenchResult } from './bench-report';
import {
  hotFunctions,
  hotLocations,
  nativeCallers,
  ownFunctionsInclusive,
  type CpuProfile,
} from './cpu-profile-summary';

/**
 * Summarises a .cpuprofile (one the app wrote for AppProcess.startProfile/stopProfile, covering the
 * measured window only) by package/lib and by function.
 */
export function profileReport(name: string, file: string): BenchResult {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const busyMs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
  const pct = (value: number) => `${value.toFixed(1).padStart(5)} %`;
  return {
    name,
    metrics: { 'profiled s': Math.round(busyMs / 100) / 10 },
    details: [
      `CPU profile: ${file} (open in Chrome DevTools > Performance)`,
      'self time by package / lib (share of busy samples):',
      ...hotLocations(profile, 12).map((entry) => `  ${pct(entry.selfPercent)}  ${entry.where}`),
      'hottest functions (self time):',
      ...hotFunctions(profile, 20).map(
        (entry) => `  ${pct(entry.selfPercent)}  ${entry.name}  (${entry.where})`,
      ),
      "the project's own functions by total time (with what they call, native writes included):",
      ...ownFunctionsInclusive(profile, 15).map(
        (entry) => `  ${pct(entry.selfPercent)}  ${entry.name}  (${entry.where})`,
      ),
      'socket and buffer writes (writev, writeBuffer, writeUtf8String) by caller:',
      ...nativeCallers(profile, ['writev', 'writeBuffer', 'writeUtf8String']).map(
        (entry) => `  ${pct(entry.selfPercent)}  ${entry.caller}`,
      ),
    ],
  };
}
