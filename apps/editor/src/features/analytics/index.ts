export { AnalyticsPanel } from './analytics-panel';
export { NodeAnalyticsStats } from './node-analytics-stats';
