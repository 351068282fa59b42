import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  getPreferences,
  getWorkspaceSettings,
  eventTypesFor,
  NOTIFICATION_EVENT_LABELS,
  removePushSubscription,
  savePreferences,
  savePushSubscription,
  saveWorkspaceSettings,
  type NotificationPreferences,
  type PushSubscriptionInput,
  type WorkspaceNotificationSettings,
} from '@leadline/notifications';
import type { Principal } from '../auth/api-key-principal';
import type { Role } from '../auth/role-permissions';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

export interface PreferencesView {
  preferences: NotificationPreferences;
  /** The event types this person can be notified of, with their plain words, in settings-page order. */
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
  private userOf(principal: Principal): { userId: string; role: Role } {
    if (principal.kind !== 'user' || !principal.userId || !principal.role) {
      throw new ForbiddenException({
        code: 'USER_ONLY',
        message: 'Notification preferences belong to a signed-in person, not to an API key.',
      });
    }
    return { userId: principal.userId, role: principal.role };
  }

  async preferences(principal: Principal): Promise<PreferencesView> {
    const { userId, role } = this.userOf(principal);
    const preferences = await withTenant(this.prisma, principal.tenantId, (tx) => getPreferences(tx, userId));
    return {
      preferences,
      // Only what this person can hear of (the recipients' rule): an agent gets no campaign rows.
      events: eventTypesFor(role).map((type) => ({ type, label: NOTIFICATION_EVENT_LABELS[type] })),
      pushPublicKey: this.config.notifications.vapid?.publicKey ?? null,
      emailEnabled: Boolean(this.config.notifications.smtpUrl),
    };
  }

  async savePreferences(
    principal: Principal,
    preferences: NotificationPreferences,
  ): Promise<PreferencesView> {
    const { userId } = this.userOf(principal);
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
    const { userId } = this.userOf(principal);
    await withTenant(this.prisma, principal.tenantId, (tx) =>
      savePushSubscription(tx, principal.tenantId, userId, input, userAgent),
    );
  }

  async unsubscribe(principal: Principal, endpoint: string): Promise<void> {
    const { userId } = this.userOf(principal);
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
