import { Injectable, UnauthorizedException, type BeforeApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@leadline/config';
import { bullConnection, RedisInboxSubscriber, type InboxNotice } from '@leadline/engine';
import type { Response } from 'express';
import type { Principal } from '../auth/api-key-principal';
import { releaseRequestStorage } from '../logging/request-logging.middleware';
import { InjectConfig } from '@leadline/bootstrap';

/**
 * Why a stream token, not the access token or a cookie: the browser's EventSource cannot send an
 * Authorization header, and the app keeps its access token in memory, not in a cookie (a cookie would
 * also bring CSRF questions to every other route). So the signed-in app asks for a stream token with
 * its normal Bearer token, then opens `/api/inbox/events?token=...`. The token is good for opening one
 * stream for one tenant, for one minute, and for nothing else (its own audience); a URL that ends up
 * in a log is useless soon after. A stream lives at most STREAM_MAX_MS, then the browser reconnects
 * with a fresh token, so a removed member stops hearing within that time.
 */
export const STREAM_TOKEN_TTL_SECONDS = 60;
export const STREAM_MAX_MS = 10 * 60_000;
const HEARTBEAT_MS = 15_000;
const AUDIENCE = 'leadline-inbox-stream';

interface StreamClaims {
  tid: string;
  sub: string;
  typ: 'inbox-stream';
}

@Injectable()
export class InboxStreamService implements BeforeApplicationShutdown {
  private readonly jwt: JwtService;
  private readonly subscriber: RedisInboxSubscriber;
  private readonly open = new Set<() => void>();

  constructor(@InjectConfig() config: AppConfig) {
    this.jwt = new JwtService({
      secret: config.security.jwtSecret,
      signOptions: { algorithm: 'HS256', issuer: 'leadline', audience: AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: 'leadline', audience: AUDIENCE },
    });
    this.subscriber = new RedisInboxSubscriber(bullConnection(config.redis.url));
  }

  issue(principal: Principal): { token: string; expiresInSeconds: number } {
    const claims: StreamClaims = {
      tid: principal.tenantId,
      sub: principal.userId ?? principal.apiKeyId ?? 'unknown',
      typ: 'inbox-stream',
    };
    return {
      token: this.jwt.sign(claims, { expiresIn: STREAM_TOKEN_TTL_SECONDS }),
      expiresInSeconds: STREAM_TOKEN_TTL_SECONDS,
    };
  }

  /** The tenant a stream token was issued for; 401 for anything else. */
  tenantOf(token: unknown): string {
    try {
      if (typeof token !== 'string' || token.length > 2000) throw new Error('no token');
      const claims = this.jwt.verify<StreamClaims>(token);
      if (claims.typ !== 'inbox-stream' || typeof claims.tid !== 'string')
        throw new Error('not a stream token');
      return claims.tid;
    } catch {
      throw new UnauthorizedException({
        code: 'UNAUTHORIZED',
        message:
          'The stream token is missing, expired or not valid: get one from POST /api/inbox/stream-token.',
      });
    }
  }

  /** Sends the tenant's inbox notices as server-sent events until the client leaves or STREAM_MAX_MS. */
  async stream(tenantId: string, response: Response, onClose: (listen: () => void) => void): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no'); // nginx: pass events through as they come
    response.flushHeaders();
    const send = (notice: InboxNotice) => response.write(`event: inbox\ndata: ${JSON.stringify(notice)}\n\n`);
    const unsubscribe = await this.subscriber.subscribe(tenantId, send);
    // Subscribed: tell the client it can now trust that nothing it missed after this point is lost.
    response.write('retry: 2000\nevent: ready\ndata: {}\n\n');
    // Open for minutes and silent in the logs from here on: not a request in flight for the request
    // logger's storage (request-logging.middleware.ts), which would otherwise stay on while any
    // inbox is open and tax every webhook with its promise hooks.
    releaseRequestStorage(response);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      clearTimeout(limit);
      unsubscribe();
      this.open.delete(end);
      response.end();
    };
    const limit = setTimeout(end, STREAM_MAX_MS);
    this.open.add(end);
    onClose(end);
    if (response.destroyed) end(); // the client left while we subscribed
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const end of [...this.open]) end();
    await this.subscriber.close();
  }
}
