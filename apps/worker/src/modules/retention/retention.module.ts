import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service';

/** The scheduled retention job (libs/data-rights applies the policies). */
@Module({ providers: [RetentionService] })
export class RetentionModule {}
