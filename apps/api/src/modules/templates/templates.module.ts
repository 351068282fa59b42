import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TemplatesController } from './templates.controller';

@Module({ imports: [AuthModule], controllers: [TemplatesController] })
export class TemplatesModule {}
