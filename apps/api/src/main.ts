import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { runProcess } from '@leadline/bootstrap';
import { createApiApp } from './api-app.factory';

runProcess({
  name: 'API',
  start: (config) => createApiApp(config),
  started: async (context, logger, config) => {
    const app = context as NestExpressApplication;
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
  },
});
