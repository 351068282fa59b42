import 'reflect-metadata';
import { ConfigError, formatConfigError, loadConfig, type AppConfig } from '@leadline/config';
import { installCpuProfileSignal } from '@leadline/ops';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from './modules/logging/root-logger.token';
import { createWorkerApp } from './worker-app.factory';

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  const logger = app.get<Logger>(ROOT_LOGGER);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  if (config.server.cpuProfileDir) {
    installCpuProfileSignal({ dir: config.server.cpuProfileDir, name: 'worker', log: logger });
  }
  const armWatchdog = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.fatal({ signal }, 'graceful shutdown did not complete; forcing exit');
      process.exit(1);
    }, config.server.shutdownTimeoutMs + 5000).unref();
  };
  process.once('SIGTERM', armWatchdog);
  process.once('SIGINT', armWatchdog);
  logger.info({ engine: config.engine.mode }, 'Leadline worker started');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Leadline worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
