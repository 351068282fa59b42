import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** E-mail and web push notifications to a workspace's people (libs/notifications). */
@Module({ providers: [NotificationsService] })
export class NotificationsModule {}
