import { Agent, request } from 'node:http';
import { summariseLatencies, type LatencySummary } from './latency-summary';

export interface PostLoadResult {
  sent: number;
  acknowledged: number;
  refused: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

function post(agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * `total` POSTs from `concurrency` loops, each sending its next request when the previous one was
 * answered (a closed loop: the server's speed sets the rate, which is then its capacity). Stops by
 * itself after `total` requests.
 */
export async function closedLoopPosts(options: {
  url: string;
  total: number;
  concurrency: number;
  make: (index: number) => { body: Buffer; headers: Record<string, string> };
}): Promise<PostLoadResult> {
  const url = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error('load goes to loopback only');
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let acknowledged = 0;
  let refused = 0;
  const started = performance.now();
  const loop = async () => {
    while (next < options.total) {
      const { body, headers } = options.make(next);
      next += 1;
      const t0 = performance.now();
      const status = await post(agent, url, body, headers).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status >= 200 && status < 300) acknowledged += 1;
      else refused += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    sent: options.total,
    acknowledged,
    refused,
    perSecond: Math.round(acknowledged / seconds),
    latencyMs: summariseLatencies(latencies),
  };
}
