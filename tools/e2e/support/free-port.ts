import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago. The API's port must be known before it starts,
 * because PUBLIC_URL (which Twilio signs) names it.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
