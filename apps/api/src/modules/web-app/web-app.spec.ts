import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@leadline/config';
import { webAppDir } from './web-app';

describe('webAppDir (which built web app the API serves)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leadline-web-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const config = (env: Record<string, string>) =>
    loadConfig({
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      JWT_SECRET: 'x'.repeat(64),
      ...env,
    });

  it('serves nothing in development (Vite serves the web app) or before a build', () => {
    expect(webAppDir(config({ NODE_ENV: 'development' }), root)).toBeUndefined();
    expect(webAppDir(config({ NODE_ENV: 'production' }), root)).toBeUndefined();
  });

  it('serves dist/web in production once built, and WEB_APP_DIR whenever it is set', () => {
    fs.mkdirSync(path.join(root, 'dist/web'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist/web/index.html'), '<!doctype html>');
    expect(webAppDir(config({ NODE_ENV: 'production' }), root)).toBe(path.join(root, 'dist/web'));
    expect(webAppDir(config({ NODE_ENV: 'development' }), root)).toBeUndefined();
    expect(webAppDir(config({ NODE_ENV: 'development', WEB_APP_DIR: '/srv/web' }), root)).toBe('/srv/web');
  });
});
