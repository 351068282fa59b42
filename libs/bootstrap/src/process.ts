import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError, formatConfigError, loadConfig, type AppConfig } from '@leadline/config';
import { createLogger, installCpuProfileSignal } from '@leadline/ops';
import type { DestinationStream, Logger } from 'pino';
import { ROOT_LOGGER } from './tokens';

/** The root pino logger of a process, from its config (pretty in development, JSON otherwise). */
export function createProcessLogger(
  config: AppConfig,
  service: string,
  destination?: DestinationStream,
): Logger {
  return createLogger({
    level: config.server.logLevel,
    nodeEnv: config.server.nodeEnv,
    service,
    destination,
    ...(config.server.logFormat ? { format: config.server.logFormat } : {}),
  });
}

export interface ProcessEntry {
  /** `API`, `worker`: used in the start-up failure message and the CPU profile's file name. */
  name: string;
  /** Builds and starts the process; resolves once it serves. */
  start: (config: AppConfig) => Promise<INestApplicationContext>;
  /** Runs once started (the API listens here) and says so in the log. */
  started?: (app: INestApplicationContext, logger: Logger, config: AppConfig) => void | Promise<void>;
}

/**
 * A process's main(): validate the environment (a mistake is the operator's to fix: say what is
 * wrong, no stack trace, exit 1), start, stop cleanly on SIGTERM/SIGINT (Nest's shutdown hooks, with
 * a watchdog in case one hangs past SHUTDOWN_TIMEOUT_MS), CPU profiles on SIGUSR2 when configured.
 */
export function runProcess(entry: ProcessEntry): void {
  const main = async () => {
    let config: AppConfig;
    try {
      config = loadConfig();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${formatConfigError(err)}\n`);
      process.exit(1);
    }
    // Nest's shutdown hooks exist only once the app has booted, but the worker's health port (and
    // so an orchestrator's or a test's SIGTERM) comes earlier. A signal during boot is held here
    // (a listener also keeps Node from dying of it) and answered with a clean stop once boot ends.
    let signalledWhileStarting: NodeJS.Signals | undefined;
    const holdSignal = (signal: NodeJS.Signals) => {
      signalledWhileStarting ??= signal;
    };
    process.on('SIGTERM', holdSignal);
    process.on('SIGINT', holdSignal);
    const app = await entry.start(config);
    process.off('SIGTERM', holdSignal);
    process.off('SIGINT', holdSignal);
    const logger = app.get<Logger>(ROOT_LOGGER);
    if (signalledWhileStarting) {
      logger.info({ signal: signalledWhileStarting }, 'shutting down (asked to while starting)');
      await app.close();
      process.exit(0);
    }
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    if (config.server.cpuProfileDir) {
      installCpuProfileSignal({
        dir: config.server.cpuProfileDir,
        name: entry.name.toLowerCase(),
        log: logger,
      });
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
    await entry.started?.(app, logger, config);
  };
  main().catch((err: unknown) => {
    process.stderr.write(
      `Leadline ${entry.name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
