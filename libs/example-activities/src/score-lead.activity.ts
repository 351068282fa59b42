import { defineActivity, fromText } from '@leadline/activity-sdk';
import { z } from 'zod';

const TIMELINES = ['now', 'this_month', 'this_quarter', 'later', 'unknown'] as const;

const TIMELINE_POINTS: Record<(typeof TIMELINES)[number], number> = {
  now: 35,
  this_month: 25,
  this_quarter: 15,
  later: 5,
  unknown: 0,
};

const scoringSettings = z
  .object({
    /** Budget (in the workspace's currency) that earns the full budget points. */
    targetBudget: z.number().positive().default(10_000),
    hotFrom: z.number().min(0).max(100).default(70),
    warmFrom: z.number().min(0).max(100).default(40),
  })
  .catch({ targetBudget: 10_000, hotFrom: 70, warmFrom: 40 });

export const scoreLeadInput = z.object({
  budget: fromText.number(z.number().min(0)).describe('What the lead said they can spend'),
  timeline: z
    .enum(TIMELINES)
    .default('unknown')
    .describe('When they want to buy: now, this_month, this_quarter, later or unknown'),
  email: z.string().optional().describe('Their email, if they gave one'),
  source: z.string().optional().describe('Where the lead came from (ad, referral, web-form...)'),
});

export const scoreLeadOutput = z.object({
  score: z.number().int().min(0).max(100),
  grade: z.enum(['hot', 'warm', 'cold']),
  reasons: z.array(z.string()),
});

export type ScoreLeadInput = z.output<typeof scoreLeadInput>;
export type ScoringSettings = z.output<typeof scoringSettings>;

/** The scoring rule itself, over data only: budget up to 40, timeline up to 35, contactability 15, referral 10. */
export function scoreLead(
  input: ScoreLeadInput,
  settings: ScoringSettings,
): z.output<typeof scoreLeadOutput> {
  const reasons: string[] = [];
  const budgetPoints = Math.round(Math.min(1, input.budget / settings.targetBudget) * 40);
  reasons.push(`budget ${input.budget}: ${budgetPoints}/40`);
  const timelinePoints = TIMELINE_POINTS[input.timeline];
  reasons.push(`timeline ${input.timeline}: ${timelinePoints}/35`);
  const email = input.email?.trim() ?? '';
  const emailPoints = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? 15 : 0;
  reasons.push(emailPoints ? 'gave an email: 15/15' : 'no usable email: 0/15');
  const referralPoints = input.source?.trim().toLowerCase() === 'referral' ? 10 : 0;
  if (referralPoints) reasons.push('referred: 10/10');
  const score = budgetPoints + timelinePoints + emailPoints + referralPoints;
  const grade = score >= settings.hotFrom ? 'hot' : score >= settings.warmFrom ? 'warm' : 'cold';
  return { score, grade, reasons };
}

/**
 * A pure activity: scores a lead from what the flow collected. Workspaces tune it in their settings
 * (`leadScoring: { targetBudget, hotFrom, warmFrom }`).
 */
export const scoreLeadActivity = defineActivity({
  name: 'score-lead',
  title: 'Score a lead',
  description:
    'Scores a lead from 0 to 100 (budget, timeline, email, referral) and grades it hot, warm or cold.',
  input: scoreLeadInput,
  output: scoreLeadOutput,
  timeout: '5s',
  retry: { attempts: 1 },
  run(input, ctx) {
    const settings = scoringSettings.parse(ctx.tenant.settings.leadScoring ?? {});
    return scoreLead(input, settings);
  },
});
