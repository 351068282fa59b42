import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  getPreferences,
  getWorkspaceSettings,
  NOTIFICATION_EVENT_LABELS,
  NOTIFICATION_EVENT_TYPES,
  removePushSubscription,
  savePreferences,
  savePushSubscription,
  saveWorkspaceSettings,
  type NotificationPreferences,
  type PushSubscriptionInput,
  type WorkspaceNotificationSettings,
} from '@leadline/notifications';
import type { Principal } from '../auth/api-key-principal';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

export interface PreferencesView {
  preferences: NotificationPreferences;
  /** Every event type with its plain words, in the order the settings page lists them. */
  events: Array<{ type: string; label: string }>;
  /** The VAPID public key browsers subscribe with; null when web push is off. */
  pushPublicKey: string | null;
  /** Whether e-mail can go out at all (SMTP configured). */
  emailEnabled: boolean;
}

/** A person's own notification preferences and push subscriptions; the workspace's settings. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Preferences are a person's own: an API key has none. */
  private userOf(principal: Principal): string {
    if (principal.kind !== 'user' || !principal.userId) {
      throw new ForbiddenException({
        code: 'USER_ONLY',
        message: 'Notification preferences belong to a signed-in person, not to an API key.',
      });
    }
    return principal.userId;
  }

  async preferences(principal: Principal): Promise<PreferencesView> {
    const userId = this.userOf(principal);
    const preferences = await withTenant(this.prisma, principal.tenantId, (tx) => getPreferences(tx, userId));
    return {
      preferences,
      events: NOTIFICATION_EVENT_TYPES.map((type) => ({ type, label: NOTIFICATION_EVENT_LABELS[type] })),
      pushPublicKey: this.config.notifications.vapid?.publicKey ?? null,
      emailEnabled: Boolean(this.config.notifications.smtpUrl),
    };
  }

  async savePreferences(
    principal: Principal,
    preferences: NotificationPreferences,
  ): Promise<PreferencesView> {
    const userId = this.userOf(principal);
    await withTenant(this.prisma, principal.tenantId, (tx) =>
      savePreferences(tx, principal.tenantId, userId, preferences),
    );
    return this.preferences(principal);
  }

  async subscribe(
    principal: Principal,
    input: PushSubscriptionInput,
    userAgent: string | null,
  ): Promise<void> {
    const userId = this.userOf(principal);
    await withTenant(this.prisma, principal.tenantId, (tx) =>
      savePushSubscription(tx, principal.tenantId, userId, input, userAgent),
    );
  }

  async unsubscribe(principal: Principal, endpoint: string): Promise<void> {
    const userId = this.userOf(principal);
    const removed = await withTenant(this.prisma, principal.tenantId, (tx) =>
      removePushSubscription(tx, userId, endpoint),
    );
    if (!removed) {
      throw new NotFoundException({
        code: 'PUSH_SUBSCRIPTION_NOT_FOUND',
        message: 'This browser is not subscribed.',
      });
    }
  }

  workspace(principal: Principal): Promise<WorkspaceNotificationSettings> {
    return withTenant(this.prisma, principal.tenantId, (tx) => getWorkspaceSettings(tx, principal.tenantId));
  }

  saveWorkspace(
    principal: Principal,
    settings: WorkspaceNotificationSettings,
  ): Promise<WorkspaceNotificationSettings> {
    return withTenant(this.prisma, principal.tenantId, (tx) =>
      saveWorkspaceSettings(tx, principal.tenantId, settings),
    );
  }
}
