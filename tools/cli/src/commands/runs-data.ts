// What the `runs` commands share. The queries themselves are the database lib's run repository (the
// same as GET /api/runs); it is imported lazily by each command so that `validate` stays DB-free.
import type { RunStatusName } from '@leadline/database';

export type { RunDetail, RunSummary } from '@leadline/database';
export type RunStatus = RunStatusName;

export const RUN_STATUSES: readonly RunStatus[] = [
  'running',
  'waiting',
  'completed',
  'handoff',
  'failed',
  'cancelled',
];
export const ACTIVE_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'handoff'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isRunId = (text: string) => UUID.test(text);
