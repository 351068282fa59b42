// The editor's build and dev server. Run from anywhere: `root` pins the app folder, so
// `vite preview --config apps/editor/vite.config.ts` (Docker) finds the same `dist`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { ServerResponse } from 'node:http';
import { defineConfig, loadEnv, type ProxyOptions } from 'vite';

const appDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(appDir, '../..');

/** Paths the browser calls on the editor's origin and that belong to the API. */
const API_PATHS = ['/api', '/health', '/ready', '/webhooks', '/admin/queues'];

export default defineConfig(({ mode }) => {
  // The repository's .env, as the API reads it (real variables win): the API listens on PORT, so the
  // proxy follows it; API_URL points the editor at an API elsewhere.
  const env = { ...loadEnv(mode, repoRoot, ''), ...process.env };
  const port = Number(env.EDITOR_PORT || 5173);
  const apiUrl = env.API_URL || `http://127.0.0.1:${env.PORT || 3000}`;
  const proxy: Record<string, ProxyOptions> = Object.fromEntries(
    API_PATHS.map((prefix) => [
      prefix,
      {
        target: apiUrl,
        changeOrigin: true,
        // An API that is not running answers with a message saying where the editor looked, not a bare 502.
        configure: (server) =>
          server.on('error', (_error, _request, response) => {
            const res = response as ServerResponse;
            if (!('writeHead' in res) || res.headersSent) return;
            res.writeHead(502, { 'content-type': 'application/json' });
            // The API's own error shape, so the sign-in screen shows this message as it is.
            res.end(
              JSON.stringify({
                error: {
                  code: 'API_UNREACHABLE',
                  message: `The editor could not reach the API at ${apiUrl}. Start it (npm start), or set PORT / API_URL to where it listens.`,
                },
              }),
            );
          }),
      },
    ]),
  );
  return {
    root: appDir,
    plugins: [react()],
    resolve: {
      // The core is TypeScript source, not a built package: bundle it straight from the lib.
      alias: { '@leadline/flow-core': path.join(repoRoot, 'libs/flow-core/src/index.ts') },
    },
    server: { host: '127.0.0.1', port, strictPort: true, proxy, fs: { allow: [repoRoot] } },
    preview: { host: '127.0.0.1', port, strictPort: true, proxy },
    build: {
      outDir: path.join(appDir, 'dist'),
      emptyOutDir: true,
      sourcemap: true,
      rolldownOptions: {
        output: {
          // Separate, long-cached chunks for what changes rarely: React, React Flow, the core's libraries.
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
              { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|classcat|zustand)[\\/]/ },
              { name: 'flow-deps', test: /node_modules[\\/](zod|jsonata|libphonenumber-js)[\\/]/ },
            ],
          },
        },
      },
    },
  };
});
