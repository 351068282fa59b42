import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import { requestLoggingMiddleware, requestsBound } from './request-logging.middleware';

/**
 * Whether the storage is on (and with it, on Node 20, async_hooks' promise hooks for the whole
 * process: Jest's own keep them on here, so the storage's flag is what the test can see).
 */
const storageOn = () => (storage as unknown as { enabled: boolean }).enabled;

describe('request logging: the request logger bound in AsyncLocalStorage', () => {
  const [, bind] = requestLoggingMiddleware(pino({ level: 'silent' }));

  /** Runs the binding for a fake request; resolves once inside (with the store seen there). */
  function open(log: unknown) {
    const res = new EventEmitter();
    let later!: () => unknown;
    const store = new Promise<unknown>((resolve) => {
      bind({ log } as unknown as IncomingMessage, res as unknown as ServerResponse, () => {
        // A continuation of the request that runs when the test says (e.g. after its response closed).
        const gate = new Promise<void>((open) => (later = open as () => unknown));
        void gate.then(() => resolve(storage.getStore()?.logger));
      });
    });
    return { res, storeLater: () => (later(), store) };
  }

  it('gives each request its logger, and turns the storage off once no request is open', async () => {
    const first = open('log of the first request');
    const second = open('log of the second request');
    expect(storageOn()).toBe(true);
    expect(requestsBound()).toBe(2);
    expect(await first.storeLater()).toBe('log of the first request');

    second.res.emit('close');
    second.res.emit('close'); // counted once
    expect(requestsBound()).toBe(1);
    expect(storageOn()).toBe(true);

    first.res.emit('close');
    expect(requestsBound()).toBe(0);
    expect(storageOn()).toBe(false);
    // The price: a continuation of a closed request, with no request open, logs without its id.
    expect(await second.storeLater()).toBeUndefined();

    // The next request turns it on again.
    const third = open('log of the third request');
    expect(storageOn()).toBe(true);
    expect(await third.storeLater()).toBe('log of the third request');
    third.res.emit('close');
    expect(storageOn()).toBe(false);
  });
});
