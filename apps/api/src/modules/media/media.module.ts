import { Module } from '@nestjs/common';
import { DocumentLinksController } from './document-links.controller';
import { DocumentLinksService } from './document-links.service';

/** Files served to WhatsApp providers by signed link (generated documents for Twilio). */
@Module({
  controllers: [DocumentLinksController],
  providers: [DocumentLinksService],
})
export class MediaModule {}
