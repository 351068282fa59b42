import { Module } from '@nestjs/common';
import { HttpDrainService } from './http-drain.service';

@Module({ providers: [HttpDrainService], exports: [HttpDrainService] })
export class LifecycleModule {}
