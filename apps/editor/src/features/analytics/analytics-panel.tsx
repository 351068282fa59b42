import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AnalyticsQuery } from '../../api/api-client';
import { viewNode } from '../../flows/node-view';
import { api } from '../auth';
import { editorStore, useEditor } from '../../store';
import { useLatest } from '../shell/load-state';
import {
  IDLE_CHOICES,
  PERIODS,
  exitLines,
  percent,
  periodSentence,
  stepSentence,
  totalLines,
  type PeriodPreset,
} from './analytics-words';
import './analytics.css';

/** Today in the browser's calendar, as YYYY-MM-DD (the default of a custom range's two days). */
function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * The analytics side panel, shown while Analytics is on: the period picker, the totals and the
 * completion rate, then each step of the flow with its figures in plain words. Asking for another
 * period replaces the analytics the canvas cards show too (the editor store holds them).
 */
/** One day of a custom range, kept within the other day (From never after To). */
function DayField({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: string;
  min?: string;
  max?: string;
  onChange: (day: string) => void;
}) {
  return (
    <label className="analytics__field">
      <span>{label}</span>
      <input
        type="date"
        value={value}
        min={min}
        max={max}
        required
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

export function AnalyticsPanel() {
  const { analytics, nodes, remoteId } = useEditor(
    useShallow((state) => ({
      analytics: state.analytics,
      nodes: state.nodes,
      remoteId: state.flows.find((entry) => entry.key === state.openKey)?.remoteId,
    })),
  );
  const [period, setPeriod] = useState<PeriodPreset>('7d');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [idleHours, setIdleHours] = useState(24);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Two quick choices send two requests whose answers may come back in either order: only the
  // answer to the latest request may be shown, or the figures would not match the choices on screen.
  const figures = useLatest();

  if (!analytics) return null;

  const load = async (query: AnalyticsQuery) => {
    if (!remoteId) return;
    const isLatest = figures.start();
    setLoading(true);
    setFailure(null);
    try {
      const next = await api.analytics(remoteId, { version: analytics.version, ...query });
      // Only if nothing was chosen since and the panel still shows the figures this answer replaces
      // (Analytics still on, for the same flow: another flow's figures are another object).
      if (isLatest() && editorStore.getState().analytics === analytics)
        editorStore.setState({ analytics: next });
    } catch {
      if (isLatest()) setFailure('The figures could not be loaded. Check the dates and try again.');
    } finally {
      if (isLatest()) setLoading(false);
    }
  };
  const query = (over: Partial<{ period: PeriodPreset; idleHours: number }> = {}): AnalyticsQuery => {
    const chosen = over.period ?? period;
    return {
      period: chosen,
      idleHours: over.idleHours ?? idleHours,
      ...(chosen === 'custom' ? { from, to } : {}),
    };
  };

  const totals = analytics.totals;
  const steps = nodes
    .map((node) => ({
      node,
      view: viewNode(node.data.nodeType, node.data.config),
      stats: analytics.nodes.find((entry) => entry.nodeId === node.id),
    }))
    .filter(({ stats }) => stats && (stats.reached > 0 || stats.dropped > 0 || stats.inProgress > 0))
    .sort((a, b) => (b.stats?.reached ?? 0) - (a.stats?.reached ?? 0));

  return (
    <section className="analytics" aria-label="Analytics" aria-busy={loading}>
      <h2 className="panel-title">
        Analytics <span className="analytics__version">version {analytics.version}</span>
      </h2>
      <div className="analytics__controls">
        <label className="analytics__field">
          <span>Period</span>
          <select
            value={period}
            onChange={(event) => {
              const next = event.target.value as PeriodPreset;
              setPeriod(next);
              // A custom range waits for its days and "Show"; the presets load at once.
              if (next !== 'custom') void load(query({ period: next }));
            }}
          >
            {PERIODS.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        {period === 'custom' && (
          <form
            className="analytics__range"
            aria-label="Custom range"
            onSubmit={(event) => {
              event.preventDefault();
              void load(query());
            }}
          >
            <DayField label="From" value={from} max={to} onChange={setFrom} />
            <DayField label="To" value={to} min={from} onChange={setTo} />
            <button type="submit" className="button button--small">
              Show
            </button>
          </form>
        )}
      </div>
      <p className="analytics__period muted">{periodSentence(analytics.period)}</p>
      {failure && (
        <p className="analytics__failure" role="alert">
          {failure}
        </p>
      )}
      <p className="analytics__rate" data-rate={totals.completionRate}>
        <strong>{percent(totals.completed, totals.started)}</strong> completed
        <span className="muted">
          {' '}
          ({totals.completed} of {totals.started} started)
        </span>
      </p>
      <dl className="analytics__totals">
        {totalLines(totals).map((line) => (
          <div key={line.key} className={`analytics__total analytics__total--${line.key}`} title={line.hint}>
            <dt>{line.label}</dt>
            <dd data-total={line.key}>{line.value}</dd>
          </div>
        ))}
      </dl>
      <label className="analytics__field analytics__idle">
        <span>Count as dropped after no reply for</span>
        <select
          value={idleHours}
          onChange={(event) => {
            const hours = Number(event.target.value);
            setIdleHours(hours);
            void load(query({ idleHours: hours }));
          }}
        >
          {IDLE_CHOICES.map((choice) => (
            <option key={choice.hours} value={choice.hours}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <p className="analytics__note muted">
        A question with its own time to answer uses that time instead; a wait uses its length.
      </p>
      <h3 className="analytics__heading">Steps</h3>
      {steps.length === 0 ? (
        <p className="muted">No run reached a step in this period.</p>
      ) : (
        <ol className="analytics__steps">
          {steps.map(({ node, view, stats }) => (
            <li key={node.id} className="analytics__step" data-step={node.id}>
              <p className="analytics__step-title">
                <span aria-hidden="true">{view.icon}</span> {view.title}
              </p>
              {view.summary && <p className="analytics__step-summary">{view.summary}</p>}
              <p className="analytics__step-figures">{stepSentence(stats)}</p>
              {exitLines(node.data.nodeType, node.data.config, stats).length > 0 && (
                <ul className="analytics__exits" aria-label="Where they went next">
                  {exitLines(node.data.nodeType, node.data.config, stats).map((line) => (
                    <li key={line.label}>
                      {line.label}: <strong>{line.runs}</strong>
                    </li>
                  ))}
                </ul>
              )}
              {stats && stats.options.length > 0 && (
                <ul className="analytics__taps" aria-label="Button taps">
                  {stats.options.map((option) => (
                    <li key={option.id} data-option={option.title}>
                      <span className="analytics__chip">{option.title}</span> tapped by{' '}
                      <strong>{option.taps}</strong>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
