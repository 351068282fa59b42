import { MIN_WAIT_MS, parseDuration } from '../../flow/duration';
import type { NodeLintIssue } from '../node-definition';

/** WAIT_TOO_SHORT: a wait or timeout below MIN_WAIT_MS (a timer loop would spin hundreds of times a second). */
export function lintWaitLength(duration: string | undefined, path: string): NodeLintIssue[] {
  if (duration === undefined) return [];
  const ms = parseDuration(duration);
  if (ms === undefined || ms >= MIN_WAIT_MS) return [];
  return [
    {
      code: 'WAIT_TOO_SHORT',
      severity: 'error',
      path,
      message: `"${duration}" is shorter than the shortest wait allowed (${MIN_WAIT_MS / 1000} second).`,
    },
  ];
}
