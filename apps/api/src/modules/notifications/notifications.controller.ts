import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import {
  preferencesSchema,
  pushSubscriptionSchema,
  workspaceSettingsSchema,
  type NotificationPreferences,
  type PushSubscriptionInput,
  type WorkspaceNotificationSettings,
} from '@leadline/notifications';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { NotificationsService, type PreferencesView } from './notifications.service';

const unsubscribeSchema = z.object({ endpoint: z.string().min(1).max(2048) }).strict();

/** The signed-in person's notification preferences and browsers; the workspace's notification settings. */
@Controller('api/notifications')
@UseGuards(AuthGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('preferences')
  preferences(@Tenant() principal: Principal): Promise<PreferencesView> {
    return this.notifications.preferences(principal);
  }

  @Put('preferences')
  savePreferences(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(preferencesSchema, 'body')) body: NotificationPreferences,
  ): Promise<PreferencesView> {
    return this.notifications.savePreferences(principal, body);
  }

  @Post('push-subscriptions')
  @HttpCode(204)
  subscribe(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(pushSubscriptionSchema, 'body')) body: PushSubscriptionInput,
    @Headers('user-agent') userAgent?: string,
  ): Promise<void> {
    return this.notifications.subscribe(principal, body, userAgent ?? null);
  }

  @Delete('push-subscriptions')
  @HttpCode(204)
  unsubscribe(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(unsubscribeSchema, 'body')) body: { endpoint: string },
  ): Promise<void> {
    return this.notifications.unsubscribe(principal, body.endpoint);
  }

  @Get('workspace')
  @RequireScopes('users:manage')
  workspace(@Tenant() principal: Principal): Promise<WorkspaceNotificationSettings> {
    return this.notifications.workspace(principal);
  }

  @Put('workspace')
  @RequireScopes('users:manage')
  saveWorkspace(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(workspaceSettingsSchema, 'body')) body: WorkspaceNotificationSettings,
  ): Promise<WorkspaceNotificationSettings> {
    return this.notifications.saveWorkspace(principal, body);
  }
}
