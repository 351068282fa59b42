import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { recordNotificationEvent } from '@leadline/notifications';
import { startDueCampaign } from './campaign-control';
import { dispatchBatch, type CampaignPlan, type QueuedOutboxRow } from './dispatch-batch';
import { channelTierLimit, tierRemainingOf } from './messaging-tier';

export interface DispatcherOptions {
  prisma: PrismaClient;
  /**
   * Publishes a batch's send jobs after it commits: the rows it wrote (the engine's publishCommitted,
   * one addBulk) or whatever the tenant's outbox holds (publishOutbox). The sweeper is the fallback.
   */
  publish: (tenantId: string, rows: QueuedOutboxRow[]) => Promise<unknown>;
  now?: () => Date;
  /** How often campaigns are looked at (ms); the rate budget accrues between ticks. */
  tickMs?: number;
  /** Queued campaign messages a channel may have waiting in the send path before dispatch holds back. */
  maxBacklogSeconds?: number;
  onError?: (error: unknown, context: string) => void;
}

/** Recipients claimed per transaction at most, whatever the rate (a short transaction, a bounded claim). */
const MAX_BATCH = 500;

/**
 * Moves campaigns forward: starts scheduled ones whose time came, and hands running ones' recipients
 * to the send path at each campaign's rate, within its channel's tier, without piling up more than a
 * few seconds of work in the send queue. Every worker process may run one; they share the work
 * through row locks (see dispatch-batch.ts), so the rate is the campaign's, not per process.
 */
export class CampaignDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    const tick = this.options.tickMs ?? 1_000;
    this.timer = setInterval(() => {
      if (this.running || this.stopped) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((error) => this.options.onError?.(error, 'campaign dispatch'))
        .finally(() => {
          this.running = undefined;
        });
    }, tick);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * One pass over every campaign that has work. The system client only lists ids and tenant ids (a
   * cross-tenant background job, docs/data-model.md); each campaign is then handled inside withTenant.
   */
  async tick(): Promise<{ queued: number }> {
    const now = this.now();
    const due = await this.options.prisma.$queryRaw<Array<{ id: string; tenant_id: string; status: string }>>`
      SELECT id, tenant_id, status::text AS status FROM campaigns
      WHERE status = 'running' OR (status = 'scheduled' AND scheduled_at <= ${now}::timestamptz)
      ORDER BY created_at`;
    let queued = 0;
    for (const campaign of due) {
      if (this.stopped) break;
      try {
        if (campaign.status === 'scheduled') {
          await withTenant(
            this.options.prisma,
            campaign.tenant_id,
            (tx) => startDueCampaign(tx, campaign.tenant_id, campaign.id, now),
            { timeout: 60_000 },
          );
        }
        queued += await this.dispatch(campaign.tenant_id, campaign.id);
      } catch (error) {
        this.options.onError?.(error, `campaign ${campaign.id}`);
      }
    }
    return { queued };
  }

  /**
   * One batch of a campaign: one transaction in which dispatchBatch locks the campaign and reads with
   * it the rate, the send path's backlog and the tier (one statement), and the budget is worked out
   * from those before anything is claimed.
   */
  private async dispatch(tenantId: string, campaignId: string): Promise<number> {
    const now = this.now();
    const outcome = await withTenant(
      this.options.prisma,
      tenantId,
      async (tx) => {
        const result = await dispatchBatch(tx, tenantId, campaignId, {
          max: (plan) => this.budget(tx, plan, now),
          now,
        });
        if (result.held === 'not_running') return undefined;
        if (result.exhausted) await completeCampaign(tx, tenantId, campaignId, now);
        return result;
      },
      { timeout: 30_000 },
    );
    if (outcome?.outbox.length)
      await this.options
        .publish(tenantId, outcome.outbox)
        .catch((error) => this.options.onError?.(error, 'publishing campaign sends'));
    return outcome?.queued ?? 0;
  }

  /**
   * How many recipients this tick may claim: the rate's budget (what accrued since the last batch, at
   * most one second's worth), within what the channel's tier leaves ('wait': none now).
   *
   * The send path may hold at most maxBacklogSeconds of campaign messages, and a batch is claimed only
   * once its whole budget fits under that: when sending is slower than the rate, batches are then a
   * full second's worth every few seconds instead of a few recipients every second. A batch costs
   * about the same few statements whatever its size, so this keeps their cost per recipient low
   * (docs/performance.md, Campaigns); the send path never runs dry, as a second's worth still waits.
   */
  private async budget(tx: TenantTransaction, plan: CampaignPlan, now: Date): Promise<number | 'wait'> {
    const since = plan.dispatchedAt ?? plan.startedAt ?? now;
    const elapsed = Math.min(1_000, Math.max(0, now.getTime() - since.getTime()));
    const accrued = Math.floor((plan.ratePerSecond * (plan.dispatchedAt ? elapsed : 1_000)) / 1_000);
    const budget = Math.min(accrued, MAX_BATCH);
    if (budget < 1) return 'wait';
    const maxBacklog = Math.max(budget, plan.ratePerSecond * (this.options.maxBacklogSeconds ?? 5));
    if (maxBacklog - plan.backlog < budget) return 'wait';
    const tier = await tierRemainingOf(tx, plan.channelId, channelTierLimit(plan), now);
    return Math.min(budget, tier);
  }
}

/**
 * Every recipient was handed on or skipped: the campaign is complete, and its author and the
 * workspace's owners and admins are told (notifications, in the same transaction: the event exists
 * exactly when the campaign is complete, once, whichever worker completed it).
 */
async function completeCampaign(tx: TenantTransaction, tenantId: string, campaignId: string, now: Date) {
  const campaign = await tx.campaign.update({
    where: { id: campaignId },
    data: { status: 'completed', finishedAt: now },
    select: { name: true, createdByUserId: true },
  });
  const [counts] = await tx.$queryRaw<Array<{ sent: number; skipped: number }>>`
    SELECT count(*) FILTER (WHERE state = 'queued')::int AS sent,
           count(*) FILTER (WHERE state = 'skipped')::int AS skipped
    FROM campaign_recipients WHERE campaign_id = ${campaignId}::uuid`;
  await recordNotificationEvent(tx, {
    tenantId,
    type: 'campaign.finished',
    recipientUserId: campaign.createdByUserId,
    payload: { campaignId, name: campaign.name, sent: counts?.sent ?? 0, skipped: counts?.skipped ?? 0 },
    occurredAt: now,
  });
}
