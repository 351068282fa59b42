import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError, formatConfigError, loadConfig, type AppConfig } from '@leadline/config';
import { installCpuProfileSignal } from '@leadline/ops';
import type { Logger } from 'pino';
import { createApiApp } from './api-app.factory';
import { ROOT_LOGGER } from './modules/logging/root-logger.token';

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A configuration mistake is the operator's to fix: say what is wrong, no stack trace.
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  const logger = app.get<Logger>(ROOT_LOGGER);

  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  if (config.server.cpuProfileDir) {
    installCpuProfileSignal({ dir: config.server.cpuProfileDir, name: 'api', log: logger });
  }
  // Backstop in case a shutdown hook hangs: draining is bounded by SHUTDOWN_TIMEOUT_MS already.
  const armWatchdog = (signal: NodeJS.Signals) => {
    setTimeout(() => {
      logger.fatal({ signal }, 'graceful shutdown did not complete; forcing exit');
      process.exit(1);
    }, config.server.shutdownTimeoutMs + 5000).unref();
  };
  process.once('SIGTERM', armWatchdog);
  process.once('SIGINT', armWatchdog);

  // Loopback only while a development secret is in use (libs/config listen-host.ts).
  const { listenHost, loopbackOnly } = config.server;
  await (listenHost === undefined
    ? app.listen(config.server.port)
    : app.listen(config.server.port, listenHost));
  const { port, address } = app.getHttpServer().address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info(
    { url, publicUrl: config.server.publicUrl, address, loopbackOnly },
    `Leadline API listening on ${url}${loopbackOnly ? ` (loopback only: ${address})` : ''}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Leadline API failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
