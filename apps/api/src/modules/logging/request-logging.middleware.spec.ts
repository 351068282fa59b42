import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import { releaseRequestStorage, requestLoggingMiddleware, requestsBound } from './request-logging.middleware';

/**
 * Whether the storage is on (and with it, on Node 20, async_hooks' promise hooks for the whole
 * process: Jest's own keep them on here, so the storage's flag is what the test can see).
 */
const storageOn = () => (storage as unknown as { enabled?: boolean }).enabled;
// Node's async_hooks-based AsyncLocalStorage has the flag; later Nodes' (24 by default) do not, and
// there the store checks below are what the test can see.
const canSeeFlag = 'enabled' in storage;
const expectStorageOn = (on: boolean) => {
  if (canSeeFlag) expect(storageOn()).toBe(on);
};

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
    expectStorageOn(true);
    expect(requestsBound()).toBe(2);
    expect(await first.storeLater()).toBe('log of the first request');

    second.res.emit('close');
    second.res.emit('close'); // counted once
    expect(requestsBound()).toBe(1);
    expectStorageOn(true);

    first.res.emit('close');
    expect(requestsBound()).toBe(0);
    expectStorageOn(false);
    // The price: a continuation of a closed request, with no request open, logs without its id.
    expect(await second.storeLater()).toBeUndefined();

    // The next request turns it on again.
    const third = open('log of the third request');
    expectStorageOn(true);
    expect(await third.storeLater()).toBe('log of the third request');
    third.res.emit('close');
    expectStorageOn(false);
  });

  it('stops counting a long-lived request its handler released (the inbox stream), once only', async () => {
    const stream = open('log of the stream');
    const other = open('log of another request');
    expect(requestsBound()).toBe(2);
    releaseRequestStorage(stream.res as unknown as ServerResponse);
    releaseRequestStorage(stream.res as unknown as ServerResponse); // once only
    expect(requestsBound()).toBe(1);
    other.res.emit('close');
    expect(requestsBound()).toBe(0);
    expectStorageOn(false);
    stream.res.emit('close'); // its close later counts nothing
    expect(requestsBound()).toBe(0);
  });
});
