import { testActivity } from '@leadline/activity-sdk';
import { scoreLead, scoreLeadActivity } from './score-lead.activity';

const defaults = { targetBudget: 10_000, hotFrom: 70, warmFrom: 40 };

describe('scoreLead', () => {
  it('grades a ready buyer with budget and email as hot', () => {
    expect(scoreLead({ budget: 12_000, timeline: 'now', email: 'ana@example.com' }, defaults)).toEqual({
      score: 90,
      grade: 'hot',
      reasons: ['budget 12000: 40/40', 'timeline now: 35/35', 'gave an email: 15/15'],
    });
  });

  it('gives partial budget points and counts referrals', () => {
    const result = scoreLead({ budget: 5_000, timeline: 'this_quarter', source: 'Referral' }, defaults);
    expect(result).toMatchObject({ score: 20 + 15 + 0 + 10, grade: 'warm' });
  });

  it('grades an undecided lead without budget as cold', () => {
    expect(scoreLead({ budget: 0, timeline: 'unknown', email: 'not-an-email' }, defaults)).toMatchObject({
      score: 0,
      grade: 'cold',
    });
  });
});

describe('the score-lead activity', () => {
  it('takes interpolated text and the workspace thresholds', async () => {
    const result = await testActivity(
      scoreLeadActivity,
      { budget: '4000', timeline: 'this_month', email: '' },
      { tenant: { id: 't', settings: { leadScoring: { targetBudget: 4000, hotFrom: 60 } } } },
    );
    expect(result).toEqual({
      ok: true,
      output: {
        score: 65,
        grade: 'hot',
        reasons: ['budget 4000: 40/40', 'timeline this_month: 25/35', 'no usable email: 0/15'],
      },
    });
  });

  it('refuses a budget that is not a number, naming the field', async () => {
    const result = await testActivity(scoreLeadActivity, { budget: 'lots', timeline: 'soon' });
    expect(result).toMatchObject({ ok: false, code: 'ACTIVITY_INPUT_INVALID', retryable: false });
    expect(!result.ok && result.message).toMatch(/budget: .*expected number.*; timeline: /);
  });
});
