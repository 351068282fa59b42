// A stand-in for Leadline in a child process, for the `load-generator` scenario: it acknowledges
// every webhook with 200 and answers each inbound message as the worker does (a text reply, then a
// read receipt, over keep-alive connections to the fake Meta), doing nothing else. What the bench
// process then spends per step is the load generator's own cost, with Leadline out of the picture.
import { Agent, createServer, request } from 'node:http';

const graphUrl = process.env.META_GRAPH_URL ?? '';
const phoneNumberId = process.env.META_PHONE_NUMBER_ID ?? '';
const token = process.env.META_ACCESS_TOKEN ?? '';
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function postToGraph(body: Record<string, unknown>): void {
  const payload = Buffer.from(JSON.stringify(body));
  const req = request(
    `${graphUrl}/v25.0/${phoneNumberId}/messages`,
    {
      method: 'POST',
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': payload.length,
      },
    },
    (res) => res.resume(),
  );
  req.on('error', (error) => process.stderr.write(`stand-in: ${error.message}\n`));
  req.end(payload);
}

interface Envelope {
  entry?: Array<{ changes?: Array<{ value?: { messages?: Array<{ from: string; id: string }> } }> }>;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope;
    for (const entry of envelope.entry ?? [])
      for (const change of entry.changes ?? [])
        for (const message of change.value?.messages ?? []) {
          postToGraph({
            messaging_product: 'whatsapp',
            to: `+${message.from}`,
            type: 'text',
            text: { body: 'a question' },
          });
          postToGraph({ messaging_product: 'whatsapp', status: 'read', message_id: message.id });
        }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address !== 'string') process.stdout.write(`${address.port}\n`);
});
