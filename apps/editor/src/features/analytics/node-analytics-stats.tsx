import type { NodeAnalytics } from '../../api/api-client';
import { nodeErrorSummary } from '../canvas/node-error-summary';
import { percent } from './analytics-words';

/** What a canvas card shows while Analytics is on: reached, waiting, dropped, failures, button taps. */
export function NodeAnalyticsStats({ stats }: { stats: NodeAnalytics | undefined }) {
  const errors = nodeErrorSummary(stats);
  const tapped = stats?.options ?? [];
  return (
    <p className="flow-node__stats" data-reached={stats?.reached ?? 0}>
      <span title="Runs that reached this step">▶ {stats?.reached ?? 0} reached</span>
      {stats && stats.inProgress > 0 && (
        <span className="flow-node__waiting" title="Runs waiting here for a reply or a timer">
          ⏳ {stats.inProgress} waiting
        </span>
      )}
      {stats && stats.dropped > 0 && (
        <span className="flow-node__dropoff" title="Contacts who stopped answering at this step">
          ↓ {stats.dropped} dropped ({percent(stats.dropped, stats.reached)})
        </span>
      )}
      {errors && (
        <span className="flow-node__errors" title="Why runs failed at this step">
          {errors}
        </span>
      )}
      {tapped.length > 0 && (
        <span className="flow-node__taps" aria-label="Button taps">
          {tapped.map((option) => `${option.title}: ${option.taps}`).join(' · ')}
        </span>
      )}
    </p>
  );
}
