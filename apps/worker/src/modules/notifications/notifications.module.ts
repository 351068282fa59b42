import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { notificationsQueue } from '@leadline/notifications';
import { notificationsOptionsProvider } from './notifications.options';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';

/** E-mail and web push notifications to a workspace's people (libs/notifications). */
@Module({
  imports: [BullModule.registerQueue({ name: notificationsQueue.name })],
  providers: [notificationsOptionsProvider, NotificationsProcessor, NotificationsService],
})
export class NotificationsModule {}
