import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { findRepoRoot, type AppConfig } from '@leadline/config';
import type { NextFunction, Request, Response } from 'express';

/** Paths that belong to the API: never answered with the web app's index.html. */
export const API_PATH_PREFIXES = ['/api', '/webhooks', '/media', '/health', '/ready', '/metrics', '/admin'];

/**
 * The folder of the built web app the API serves, if any: WEB_APP_DIR, else dist/web in production
 * (what `npm run build` writes and the Docker image ships). Development runs the web app on Vite.
 */
export function webAppDir(config: AppConfig, root: string = findRepoRoot()): string | undefined {
  if (config.server.webAppDir) return resolve(config.server.webAppDir);
  const built = join(root, 'dist', 'web');
  return config.server.nodeEnv === 'production' && existsSync(join(built, 'index.html')) ? built : undefined;
}

function isApiPath(path: string): boolean {
  return API_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the web app's files, long-cached when their names carry a content hash (Vite's assets/),
 * and answers every other page a browser asks for with index.html, so the app's own routes work on
 * reload (the SPA fallback). API paths are left to the API, unknown ones stay its JSON 404.
 */
export function serveWebApp(app: NestExpressApplication, dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`WEB_APP_DIR: ${dir} has no index.html (run npm run build)`);
  }
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, file) => {
      const hashed = file.startsWith(join(dir, 'assets'));
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || !req.accepts('html')) {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    // `root`: the folder's own path may hold a dot-folder, which sendFile would otherwise refuse.
    res.sendFile('index.html', { root: dir });
  });
}
