import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeResponse {
  status?: number;
  json?: unknown;
  /** Sent as is instead of `json`. */
  raw?: string;
  headers?: Record<string, string>;
  /** Answers only after this long (a slow provider). */
  delayMs?: number;
}

export type FakeRoute = (request: RecordedRequest) => FakeResponse;

/**
 * A loopback stand-in for an AI provider's HTTP API: records every request and answers with the
 * next scripted response (the last one repeats), or with what `route` returns.
 */
export class FakeAiServer {
  readonly requests: RecordedRequest[] = [];
  private script: FakeResponse[] = [];
  private route?: FakeRoute;

  private readonly server: Server;
  private origin_ = '';

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        };
        this.requests.push(recorded);
        const answer = this.next(recorded);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, {
            'content-type': 'application/json',
            ...(answer.headers ?? {}),
          });
          res.end(answer.raw ?? JSON.stringify(answer.json ?? {}));
        };
        if (!answer.delayMs) return send();
        const timer = setTimeout(send, answer.delayMs);
        res.on('close', () => clearTimeout(timer));
      });
    });
  }

  /** http://127.0.0.1:<port>, no trailing slash. */
  get origin(): string {
    return this.origin_;
  }

  static async start(): Promise<FakeAiServer> {
    const fake = new FakeAiServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.origin_ = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Answers the next requests with these responses, in order; the last one repeats. */
  respond(...responses: FakeResponse[]): this {
    this.script = responses;
    this.route = undefined;
    this.requests.length = 0;
    return this;
  }

  /** Answers every request with what `route` returns. */
  handle(route: FakeRoute): this {
    this.route = route;
    this.script = [];
    this.requests.length = 0;
    return this;
  }

  private next(request: RecordedRequest): FakeResponse {
    if (this.route) return this.route(request);
    if (!this.script.length) return { status: 500, json: { error: { message: 'no scripted response' } } };
    return this.script.length > 1 ? this.script.shift()! : this.script[0];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An OpenAI chat completion whose message says `content`. */
export function openAiAnswer(content: string, usage = { prompt: 120, completion: 30 }): FakeResponse {
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-fake-2026-01-01',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    },
  };
}

/** A Gemini generateContent response whose candidate says `text`. */
export function geminiAnswer(text: string, usage = { prompt: 110, candidates: 25 }): FakeResponse {
  return {
    json: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: usage.prompt,
        candidatesTokenCount: usage.candidates,
        totalTokenCount: usage.prompt + usage.candidates,
      },
      modelVersion: 'gemini-fake-001',
    },
  };
}

/**
 * The error body both providers use, with words a contact must never see. It asks for a 10 ms
 * retry delay (`retry-after-ms`, which the OpenAI SDK honours), so retry tests stay fast.
 */
export function providerError(
  status: number,
  message = `internal detail ${status}: upstream shard 7 exploded`,
): FakeResponse {
  return {
    status,
    json: { error: { code: status, message, status: 'UNAVAILABLE', type: 'server_error' } },
    headers: { 'retry-after-ms': '10' },
  };
}
