import { Inject, Module, type Provider } from '@nestjs/common';
import { loadActivityRegistry, watchActivityModules, type ActivityRegistry } from '@leadline/activity-sdk';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  createProviderFactory,
  type ActivityHandlers,
  type ChannelCredentials,
  type ProviderFactory,
} from '@leadline/engine';
import { BUILT_IN_ACTIVITIES } from '@leadline/example-activities';
import { createSafeFetch, type SafeFetch } from '@leadline/safe-http';
import type { EngineMetrics } from '@leadline/ops';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import type { Logger } from 'pino';
import { ENGINE_METRICS } from '../health/engine-metrics.token';
import { APP_CONFIG, PRISMA, ROOT_LOGGER } from '@leadline/bootstrap';
import { createAiActivity } from './ai-activity.handler';
import { fetchPerActivity } from './activity-fetch';
import { createCustomActivity } from './custom-activity.handler';
import { createDocumentActivity, documentLinkSigner } from './document-activity.handler';
import { createHttpActivity } from './http-activity.handler';

/** The handler of each activity kind (ai, document, http, activity), shared by both engines. */
export const ACTIVITY_HANDLERS = Symbol('ACTIVITY_HANDLERS');
/** The worker's PrismaClient for engines and activities (created lazily: no connection until used). */
export const WORKER_PRISMA = Symbol('WORKER_PRISMA');
/** Opens sealed channel credentials and tenant secrets with ENCRYPTION_KEY (and previous keys). */
export const SECRET_BOX = Symbol('SECRET_BOX');
/** The process's one WhatsApp provider factory (the engine's sends and the document uploads). */
export const PROVIDER_FACTORY = Symbol('PROVIDER_FACTORY');
/** The custom activities this worker runs: the built-in examples plus LEADLINE_ACTIVITIES. */
export const ACTIVITY_REGISTRY = Symbol('ACTIVITY_REGISTRY');
/** fetch under the outbound rules (SSRF guard, HTTP_PRIVATE_ALLOWLIST) for HTTP steps and activities. */
export const SAFE_FETCH = Symbol('SAFE_FETCH');

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
  // The process's Prisma client (@leadline/bootstrap's CoreModule closes it last).
  { provide: WORKER_PRISMA, useExisting: PRISMA },
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
    provide: ACTIVITY_REGISTRY,
    inject: [APP_CONFIG, ROOT_LOGGER],
    useFactory: (config: AppConfig, logger: Logger): ActivityRegistry => {
      const options = { builtIns: BUILT_IN_ACTIVITIES, modules: config.activities.modules };
      const registry = loadActivityRegistry(options);
      logger.info({ activities: registry.names() }, 'custom activities registered');
      // In development a change to an activity's code takes effect without a restart.
      if (config.server.nodeEnv === 'development') {
        watchActivityModules(registry, {
          ...options,
          onReload: (names) => logger.info({ activities: names }, 'custom activities reloaded'),
          onError: (error) =>
            logger.error({ err: error }, 'custom activities not reloaded; the previous code keeps running'),
        });
      }
      return registry;
    },
  },
  {
    provide: SAFE_FETCH,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): SafeFetch =>
      createSafeFetch({
        privateAllowlist: config.http.privateAllowlist,
        allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST',
      }),
  },
  {
    provide: ACTIVITY_HANDLERS,
    inject: [
      APP_CONFIG,
      ROOT_LOGGER,
      WORKER_PRISMA,
      SECRET_BOX,
      PROVIDER_FACTORY,
      ACTIVITY_REGISTRY,
      SAFE_FETCH,
      { token: ENGINE_METRICS, optional: true },
    ],
    useFactory: (
      config: AppConfig,
      logger: Logger,
      prisma: PrismaClient,
      box: SecretBox,
      providerFactory: ProviderFactory,
      registry: ActivityRegistry,
      safeFetch: SafeFetch,
      metrics: EngineMetrics | undefined,
    ): ActivityHandlers => ({
      ai: createAiActivity({ config, prisma, secrets: box, logger, metrics }),
      document: createDocumentActivity({
        prisma,
        providers: providerFactory,
        logger,
        // Twilio fetches media by URL: a signed, expiring link served by the API (modules/media).
        documentLink: documentLinkSigner(config),
      }),
      http: createHttpActivity({ prisma, secrets: box, fetch: safeFetch, logger }),
      activity: createCustomActivity({
        prisma,
        secrets: box,
        registry,
        fetch: safeFetch,
        fetchFor: fetchPerActivity(registry, safeFetch, { privateAllowlist: config.http.privateAllowlist }),
        logger,
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
  exports: [ACTIVITY_HANDLERS, ACTIVITY_REGISTRY, SAFE_FETCH, WORKER_PRISMA, SECRET_BOX, PROVIDER_FACTORY],
})
export class ActivitiesModule {}
