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
import { ApiNoContent, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { preferencesViewSchema } from './notifications-response.schema';

const unsubscribeSchema = z.object({ endpoint: z.string().min(1).max(2048) }).strict();

/** The signed-in person's notification preferences and browsers; the workspace's notification settings. */
@Controller('api/notifications')
@UseGuards(AuthGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('preferences')
  @ApiZodResponse(200, preferencesViewSchema)
  @ApiErrors(
    403,
    ['FORBIDDEN', 'SCOPE_NOT_HELD', 'USER_ONLY'],
    'Preferences belong to a signed-in person, not an API key.',
  )
  preferences(@Tenant() principal: Principal): Promise<PreferencesView> {
    return this.notifications.preferences(principal);
  }

  @Put('preferences')
  @ApiZodBody(preferencesSchema)
  @ApiZodResponse(200, preferencesViewSchema)
  @ApiErrors(
    403,
    ['FORBIDDEN', 'SCOPE_NOT_HELD', 'USER_ONLY'],
    'Preferences belong to a signed-in person, not an API key.',
  )
  savePreferences(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(preferencesSchema, 'body')) body: NotificationPreferences,
  ): Promise<PreferencesView> {
    return this.notifications.savePreferences(principal, body);
  }

  @Post('push-subscriptions')
  @HttpCode(204)
  @ApiZodBody(pushSubscriptionSchema)
  @ApiNoContent()
  @ApiErrors(
    403,
    ['FORBIDDEN', 'SCOPE_NOT_HELD', 'USER_ONLY'],
    'Preferences belong to a signed-in person, not an API key.',
  )
  subscribe(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(pushSubscriptionSchema, 'body')) body: PushSubscriptionInput,
    @Headers('user-agent') userAgent?: string,
  ): Promise<void> {
    return this.notifications.subscribe(principal, body, userAgent ?? null);
  }

  @Delete('push-subscriptions')
  @HttpCode(204)
  @ApiZodBody(unsubscribeSchema)
  @ApiNoContent()
  @ApiErrors(
    403,
    ['FORBIDDEN', 'SCOPE_NOT_HELD', 'USER_ONLY'],
    'Preferences belong to a signed-in person, not an API key.',
  )
  @ApiErrors(404, ['PUSH_SUBSCRIPTION_NOT_FOUND'])
  unsubscribe(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(unsubscribeSchema, 'body')) body: { endpoint: string },
  ): Promise<void> {
    return this.notifications.unsubscribe(principal, body.endpoint);
  }

  @Get('workspace')
  @RequireScopes('users:manage')
  @ApiZodResponse(200, workspaceSettingsSchema)
  workspace(@Tenant() principal: Principal): Promise<WorkspaceNotificationSettings> {
    return this.notifications.workspace(principal);
  }

  @Put('workspace')
  @RequireScopes('users:manage')
  @ApiZodBody(workspaceSettingsSchema)
  @ApiZodResponse(200, workspaceSettingsSchema)
  saveWorkspace(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(workspaceSettingsSchema, 'body')) body: WorkspaceNotificationSettings,
  ): Promise<WorkspaceNotificationSettings> {
    return this.notifications.saveWorkspace(principal, body);
  }
}
