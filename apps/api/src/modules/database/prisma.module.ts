import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { APP_CONFIG } from '../config/app-config.token';

export const PRISMA = Symbol('PRISMA');
export const InjectPrisma = (): ParameterDecorator => Inject(PRISMA);

/** The Prisma client (system level; tenant work goes through withTenant). Closed after HTTP drained. */
@Global()
@Module({
  providers: [
    {
      provide: PRISMA,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createPrismaClient({ url: config.database.url }),
    },
  ],
  exports: [PRISMA],
})
export class PrismaModule implements OnApplicationShutdown {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
