// Child process of the browser-test harness: builds the editor with Vite's JS API into a given folder
// and serves it with `vite preview`. Runs outside Jest because Vite is ESM only.
// Usage: node serve-editor.mjs <outDir> <port>; prints one JSON line {"url": ...} when ready.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const [outDir, port] = process.argv.slice(2);
if (!outDir || !port) {
  console.error('usage: node serve-editor.mjs <outDir> <port>');
  process.exit(2);
}
const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../vite.config.ts');

await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
const server = await preview({
  configFile,
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: Number(port), strictPort: true, open: false },
});
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
process.stdout.write(`${JSON.stringify({ url })}\n`);

const stop = () => {
  server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The harness may die without a signal (Jest killed): stdin closing is the last word.
process.stdin.on('end', stop);
process.stdin.resume();
