// The ceiling for webhook ingest: an HTTP endpoint that only verifies the Meta signature and
// enqueues the raw body in a BullMQ queue, nothing else (no parsing, no database). Run as a child
// process by the webhook-ingest bench:
//   BARE_PORT=... BARE_REDIS_URL=redis://127.0.0.1:.../0 BARE_APP_SECRET=... node -r @swc-node/register tools/bench/src/bare-webhook-endpoint.ts
import { createServer } from 'node:http';
import { Queue } from 'bullmq';
import { bullConnection } from '@leadline/engine';
import { verifyMetaSignature } from '@leadline/whatsapp';

const port = Number(process.env.BARE_PORT);
const secret = process.env.BARE_APP_SECRET ?? '';
const queue = new Queue('bare-webhooks', { connection: bullConnection(process.env.BARE_REDIS_URL ?? '') });

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const signature = req.headers['x-hub-signature-256'];
    if (!verifyMetaSignature(body, typeof signature === 'string' ? signature : undefined, secret)) {
      res.writeHead(401).end();
      return;
    }
    queue
      .add('webhook', body.toString('utf8'), { removeOnComplete: true })
      .then(() => res.writeHead(200).end('EVENT_RECEIVED'))
      .catch(() => res.writeHead(503).end());
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => {
  server.close();
  void queue.close().finally(() => process.exit(0));
});
