import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import {
  assertDeliverableUrl,
  createSubscription,
  deleteSubscription,
  ForbiddenUrlError,
  listSubscriptions,
  type SubscriptionView,
} from '@leadline/outbound-events';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import type { Principal } from '../auth/api-key-principal';
import { AuditService } from '../audit/audit.service';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import type { CreateSubscriptionRequest } from './webhook-subscription.schema';

export interface CreatedSubscription extends SubscriptionView {
  /** The signing secret: shown in this response only, stored sealed. */
  secret: string;
}

@Injectable()
export class WebhookSubscriptionsService {
  private readonly box: SecretBox;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
  }

  async create(principal: Principal, request: CreateSubscriptionRequest): Promise<CreatedSubscription> {
    let url: URL;
    try {
      url = await assertDeliverableUrl(request.url, this.config.webhooks.allowPrivateNetworks);
    } catch (error) {
      if (!(error instanceof ForbiddenUrlError)) throw error;
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: [error.message] });
    }
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const { subscription, secret } = await createSubscription(tx, this.box, {
        tenantId: principal.tenantId,
        url: url.href,
        events: request.events,
        ...(request.description ? { description: request.description } : {}),
      });
      await this.audit.record(tx, principal, {
        action: 'webhook_subscription.created',
        targetType: 'webhook_subscription',
        targetId: subscription.id,
        data: { url: subscription.url, events: subscription.events },
      });
      return { ...subscription, secret };
    });
  }

  list(principal: Principal): Promise<SubscriptionView[]> {
    return withTenant(this.prisma, principal.tenantId, (tx) => listSubscriptions(tx));
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('webhook subscription', id);
    const removed = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const done = await deleteSubscription(tx, id);
      if (done) {
        await this.audit.record(tx, principal, {
          action: 'webhook_subscription.deleted',
          targetType: 'webhook_subscription',
          targetId: id,
        });
      }
      return done;
    });
    if (!removed) throw notFound('webhook subscription', id);
  }
}

/** Another workspace's id gets the same answer as an unknown one (row-level security hides the row). */
function notFound(resource: string, id: string): NotFoundException {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new NotFoundException({ code: 'NOT_FOUND', message: `No ${resource} with id ${shown}.` });
}
