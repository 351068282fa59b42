import 'reflect-metadata';
import { runProcess } from '@leadline/bootstrap';
import { createWorkerApp } from './worker-app.factory';

runProcess({
  name: 'worker',
  start: (config) => createWorkerApp(config),
  started: (_app, logger, config) => logger.info({ engine: config.engine.mode }, 'Leadline worker started'),
});
