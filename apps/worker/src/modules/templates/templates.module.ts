import { Module } from '@nestjs/common';
import { TemplateSyncService } from './template-sync.service';

/** The periodic template sync (every 6 h, and 30 s after boot); see TemplateSyncService. */
@Module({ providers: [TemplateSyncService] })
export class TemplatesModule {}
