// What the analytics view says about a step's failures: the most frequent reason, in the words of
// its latest message (codes and step ids stay out of sight; the message names what went wrong).
import type { NodeAnalytics } from '../../api/api-client';

export function nodeErrorSummary(stats: Pick<NodeAnalytics, 'errors'> | undefined): string | undefined {
  const top = stats?.errors?.[0];
  if (!top) return undefined;
  const others = (stats?.errors ?? []).slice(1).reduce((sum, error) => sum + error.runs, 0);
  const reason = top.lastMessage ?? 'failed';
  return `⚠ ${top.runs} failed: ${reason}${others ? ` (+${others} for other reasons)` : ''}`;
}
