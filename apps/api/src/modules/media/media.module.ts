import { Module } from '@nestjs/common';
import { DocumentLinksController } from './document-links.controller';
import { DocumentLinksService } from './document-links.service';
import { MediaLinksController } from './media-links.controller';

/** Files served to WhatsApp providers by signed link (generated documents for Twilio, attachments for both). */
@Module({
  controllers: [DocumentLinksController, MediaLinksController],
  providers: [DocumentLinksService],
})
export class MediaModule {}
