import { Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import {
  createProviderFactory,
  type ActivityHandlers,
  type ChannelCredentials,
  type ProviderFactory,
} from '@leadline/engine';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/app-config.token';
import { ROOT_LOGGER } from '../logging/root-logger.token';
import { createAiActivity } from './ai-activity.handler';
import { createDocumentActivity, documentLinkSigner } from './document-activity.handler';

/** The handler of each activity kind (ai, document, http, activity), shared by both engines. */
export const ACTIVITY_HANDLERS = Symbol('ACTIVITY_HANDLERS');
/** The worker's PrismaClient for engines and activities (created lazily: no connection until used). */
export const WORKER_PRISMA = Symbol('WORKER_PRISMA');
/** Opens sealed channel credentials and tenant secrets with ENCRYPTION_KEY (and previous keys). */
export const SECRET_BOX = Symbol('SECRET_BOX');
/** The process's one WhatsApp provider factory (the engine's sends and the document uploads). */
export const PROVIDER_FACTORY = Symbol('PROVIDER_FACTORY');

export const InjectActivityHandlers = (): ParameterDecorator => Inject(ACTIVITY_HANDLERS);
export const InjectWorkerPrisma = (): ParameterDecorator => Inject(WORKER_PRISMA);
export const InjectProviderFactory = (): ParameterDecorator => Inject(PROVIDER_FACTORY);

const providers: Provider[] = [
  {
    provide: SECRET_BOX,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): SecretBox =>
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      }),
  },
  {
    provide: WORKER_PRISMA,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): PrismaClient => createPrismaClient({ url: config.database.url }),
  },
  {
    provide: PROVIDER_FACTORY,
    inject: [APP_CONFIG, SECRET_BOX],
    useFactory: (config: AppConfig, box: SecretBox): ProviderFactory =>
      createProviderFactory({
        meta: config.whatsapp.meta,
        twilio: config.whatsapp.twilio,
        publicUrl: config.server.publicUrl,
        openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
      }),
  },
  {
    provide: ACTIVITY_HANDLERS,
    inject: [APP_CONFIG, ROOT_LOGGER, WORKER_PRISMA, SECRET_BOX, PROVIDER_FACTORY],
    useFactory: (
      config: AppConfig,
      logger: Logger,
      prisma: PrismaClient,
      box: SecretBox,
      providerFactory: ProviderFactory,
    ): ActivityHandlers => ({
      ai: createAiActivity({ config, prisma, secrets: box, logger }),
      document: createDocumentActivity({
        prisma,
        providers: providerFactory,
        logger,
        // Twilio fetches media by URL: a signed, expiring link served by the API (modules/media).
        documentLink: documentLinkSigner(config),
      }),
    }),
  },
];

/**
 * Builds the activity handlers once, for whichever engine runs (embedded BullMQ workers or Temporal
 * activities), with the shared resources they need.
 */
@Module({
  providers,
  exports: [ACTIVITY_HANDLERS, WORKER_PRISMA, SECRET_BOX, PROVIDER_FACTORY],
})
export class ActivitiesModule implements OnApplicationShutdown {
  constructor(@InjectWorkerPrisma() private readonly prisma: PrismaClient) {}

  /** After the engines stopped (beforeApplicationShutdown), so no activity is still using it. */
  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
