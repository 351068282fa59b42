import type { FlowAnalytics, NodeAnalytics } from '../../api/api-client';
import { exitLines, periodSentence, stepSentence, totalLines } from './analytics-words';

const node = (extra: Partial<NodeAnalytics>): NodeAnalytics => ({
  nodeId: 'offer',
  reached: 0,
  ports: {},
  dropOff: 0,
  dropOffRate: 0,
  errors: [],
  inProgress: 0,
  dropped: 0,
  options: [],
  ...extra,
});

describe('analytics in plain words', () => {
  it('names a step’s exits by their labels and buttons by their titles, never by port ids', () => {
    const config = {
      text: 'Want 20% off?',
      buttons: [
        { id: 'yes', title: 'Yes please' },
        { id: 'no', title: 'No thanks' },
      ],
      timeout: '1h',
    };
    expect(
      exitLines('question', config, node({ ports: { 'option:yes': 3, timeout: 1, answered: 0 } })),
    ).toEqual([
      { label: 'Yes please', runs: 3 },
      { label: "If they don't answer", runs: 1 },
    ]);
  });

  it('says how many reached, wait and dropped at a step', () => {
    expect(stepSentence(undefined)).toBe('Nobody reached this step yet');
    expect(stepSentence(node({ reached: 8, inProgress: 1, dropped: 2 }))).toBe(
      '8 reached · 1 waiting here · 2 dropped here (25%)',
    );
  });

  it('lists the rare outcomes only when they happened', () => {
    const totals: FlowAnalytics['totals'] = {
      started: 4,
      completed: 2,
      inProgress: 1,
      dropped: 0,
      handedOff: 0,
      failed: 1,
      cancelled: 0,
      completionRate: 0.5,
    };
    expect(totalLines(totals).map((line) => `${line.label}: ${line.value}`)).toEqual([
      'Started: 4',
      'Completed: 2',
      'Still in progress: 1',
      'Dropped: 0',
      'Stopped by an error: 1',
    ]);
  });

  it('names a custom range by its first and last day, in the workspace time zone', () => {
    expect(
      periodSentence({
        preset: 'custom',
        from: '2026-10-26T15:00:00.000Z',
        to: '2026-10-28T15:00:00.000Z',
        timeZone: 'Asia/Tokyo',
      }),
    ).toBe('Runs that started from 27 Oct 2026 to 28 Oct 2026 (Asia/Tokyo time)');
  });
});
