import { createSafeFetch } from '@leadline/safe-http';
import nodemailer from 'nodemailer';
import webpush from 'web-push';
import type { Mail, PushPayload } from './render';

/** Sends one e-mail; rejects when the server did not accept it (so the attempt may be retried). */
export interface MailSender {
  send(message: Mail & { to: string }): Promise<void>;
  close?(): void;
}

/** nodemailer over SMTP (`smtp://` or `smtps://`, credentials in the URL). */
export function smtpMailSender(smtpUrl: string, from: string): MailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close: () => transport.close(),
  };
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** sent: the push service took it; gone: the subscription expired (404/410) and must be removed. */
export type PushResult =
  { kind: 'sent' } | { kind: 'gone'; statusCode: number } | { kind: 'error'; message: string };

export interface PushSender {
  send(target: PushTarget, payload: PushPayload): Promise<PushResult>;
}

export interface WebPushOptions {
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** Private hosts a self-hosted push service may live on (HTTP_PRIVATE_ALLOWLIST); others are refused. */
  privateAllowlist?: readonly string[];
  /** Replaces the address rule (tests: a loopback push service). */
  allowAddress?: (address: string) => boolean;
  /** Accepts http:// endpoints (tests only; browsers' push services are https). */
  allowHttp?: boolean;
  timeoutMs?: number;
  /** Seconds a push service keeps an undelivered push (the browser may be offline). */
  ttlSeconds?: number;
}

/**
 * Web push: `web-push` encrypts the payload (RFC 8291) and signs the VAPID header; the request goes
 * out through safe-http, because the endpoint is a URL a browser handed us, so the same address policy
 * as webhooks applies (and http:// only when allowed, i.e. a loopback test service).
 */
export function webPushSender(options: WebPushOptions): PushSender {
  const safeFetch = createSafeFetch({
    privateAllowlist: options.privateAllowlist ?? [],
    allowlistSetting: 'HTTP_PRIVATE_ALLOWLIST',
    ...(options.allowAddress ? { allowAddress: options.allowAddress } : {}),
    maxRedirects: 0,
  });
  return {
    async send(target, payload) {
      let endpoint: URL;
      try {
        endpoint = new URL(target.endpoint);
      } catch {
        return { kind: 'gone', statusCode: 400 };
      }
      if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && options.allowHttp)) {
        return { kind: 'gone', statusCode: 400 };
      }
      const request = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        { vapidDetails: options.vapid, TTL: options.ttlSeconds ?? 86_400, urgency: 'high' },
      );
      try {
        const response = await safeFetch(target.endpoint, {
          method: request.method,
          headers: request.headers as Record<string, string>,
          body: request.body ? new Uint8Array(request.body as Buffer) : null,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        if (response.status === 404 || response.status === 410)
          return { kind: 'gone', statusCode: response.status };
        if (response.status < 200 || response.status > 299) {
          return { kind: 'error', message: `push service answered ${response.status}` };
        }
        return { kind: 'sent' };
      } catch (error) {
        return { kind: 'error', message: String((error as Error)?.message ?? error).slice(0, 300) };
      }
    },
  };
}
