import { z } from 'zod';
import { ui } from './ui-hints';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const HOUR_MS = UNIT_MS.h;

/**
 * The shortest wait or question timeout a flow may set (validation code WAIT_TOO_SHORT). A loop
 * through `wait "0.001s"` is a loop without a wait in all but name: hundreds of transitions a second.
 */
export const MIN_WAIT_MS = 1_000;
export const DAY_MS = UNIT_MS.d;

/** Milliseconds in a duration such as "90s", "15m", "2h" or "3d"; undefined when malformed. */
export function parseDuration(value: string): number | undefined {
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  return Number.isFinite(ms) ? ms : undefined;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  if (ms % DAY_MS === 0 && ms >= DAY_MS) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0 && ms >= HOUR_MS) return `${ms / HOUR_MS}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Human wording for messages a marketer reads: "1 day 2 hours", "45 minutes". */
export function describeDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'an unbounded time';
  const parts: string[] = [];
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / 60_000);
  if (days) parts.push(`${days} day${days > 1 ? 's' : ''}`);
  if (hours) parts.push(`${hours} hour${hours > 1 ? 's' : ''}`);
  if (minutes && !days) parts.push(`${minutes} minute${minutes > 1 ? 's' : ''}`);
  return parts.length ? parts.join(' ') : `${Math.round(ms / 1000)} seconds`;
}

export const durationSchema = z
  .string()
  .refine((value) => parseDuration(value) !== undefined, {
    message: 'must be a number and a unit s, m, h or d, e.g. "90s", "15m", "2h", "3d"',
  })
  .meta({
    description: 'A number and a unit: s, m, h, d (e.g. "90s", "15m", "2h", "3d")',
    ...ui({ widget: 'duration' }),
  });
