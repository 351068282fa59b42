import type { RunSummary } from '@leadline/database';

export type { RunDetail, RunEventView, RunMessageView, RunSummary } from '@leadline/database';

export interface RunPage {
  data: RunSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
