import { Module } from '@nestjs/common';

/**
 * Home of the BullMQ processors of the embedded engine (LEADLINE_ENGINE=embedded): one
 * `<queue>.processor.ts` per queue, registered here. Processors open their own Redis
 * connections (BullMQ requires maxRetriesPerRequest: null) and must close their Worker in
 * beforeApplicationShutdown so jobs in progress finish before connections close.
 */
@Module({})
export class QueuesModule {}
