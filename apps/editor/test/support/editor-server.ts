import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EditorServer {
  url: string;
  stop(): Promise<void>;
}

const SERVE_SCRIPT = path.join(__dirname, 'serve-editor.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Builds the editor into a fresh temp folder (the developer's `dist` is left alone) and serves it
 * with `vite preview` on a free port. `stop()` ends the server and removes the build.
 */
export async function startEditorServer(timeoutMs = 60_000, apiUrl?: string): Promise<EditorServer> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'leadline-editor-build-'));
  const port = await freePort();
  const child = spawn(process.execPath, [SERVE_SCRIPT, outDir, String(port)], {
    cwd: path.resolve(__dirname, '../..'),
    // API_URL: where `vite preview` proxies /api (vite.config.ts); a test API on a free port.
    env: { ...process.env, NODE_ENV: 'production', ...(apiUrl ? { API_URL: apiUrl } : {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const cleanUp = async () => {
    await stopChild(child);
    rmSync(outDir, { recursive: true, force: true });
  };

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () => reject(new Error(`the editor did not build and start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Complete lines only: a chunk can end in the middle of the line.
        const line = stdout
          .split('\n')
          .slice(0, -1)
          .find((candidate) => candidate.startsWith('{"url"'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the editor build/preview exited with ${code}:\n${stderr}`));
      });
    });
    return { url, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
