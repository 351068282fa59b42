import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');
const ENTRY = 'apps/api/src/main.ts';

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The real API process, started the way operators start it (`node -r @swc-node/register
 * apps/api/src/main.ts`), on a free port, against the given database and Redis.
 */
// A deadline, not a measure: the API loads in seconds, but beside the editor's build and a browser on a
// loaded 2-core machine it has taken over 30 s.
export async function startApiServer(env: Record<string, string>, timeoutMs = 120_000): Promise<ApiServer> {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', ENTRY], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the API did not start in ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        for (const line of stdout.split('\n')) {
          if (!line.startsWith('{')) continue;
          try {
            const parsed = JSON.parse(line) as { url?: unknown };
            if (typeof parsed.url === 'string') {
              clearTimeout(timer);
              resolve(parsed.url.replace('localhost', '127.0.0.1'));
              return;
            }
          } catch {
            // a partial line: wait for the rest
          }
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the API exited with ${code}:\n${stderr}\n${stdout.slice(-2000)}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
