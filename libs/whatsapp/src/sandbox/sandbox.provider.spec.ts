import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError } from '../errors/provider-error';
import { SandboxProvider } from './sandbox.provider';

const ANA = '+4915112345678';
const TEXT: OutboundMessage = { type: 'text', text: 'Hi' };
const TEMPLATE: OutboundMessage = {
  type: 'template',
  template: { name: 'follow_up', language: 'en', params: [] },
};

function clock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('SandboxProvider', () => {
  it('records messages per phone number and numbers the ids', async () => {
    const sandbox = new SandboxProvider({ now: () => new Date('2026-03-01T10:00:00Z') });
    await expect(sandbox.send(ANA, TEXT, { idempotencyKey: 'k1' })).resolves.toEqual({
      providerMessageId: 'sandbox.1',
    });
    await expect(sandbox.send('+15550002222', TEXT, { idempotencyKey: 'k2' })).resolves.toEqual({
      providerMessageId: 'sandbox.2',
    });
    await sandbox.send('49 151 1234 5678', TEMPLATE, { idempotencyKey: 'k3' });
    expect(sandbox.sentTo(ANA).map((s) => [s.providerMessageId, s.message.type, s.at])).toEqual([
      ['sandbox.1', 'text', '2026-03-01T10:00:00.000Z'],
      ['sandbox.3', 'template', '2026-03-01T10:00:00.000Z'],
    ]);
    expect(sandbox.allSent().map((s) => s.providerMessageId)).toEqual([
      'sandbox.1',
      'sandbox.2',
      'sandbox.3',
    ]);
  });

  it('answers a repeated idempotency key with the first id and records it once', async () => {
    const sandbox = new SandboxProvider();
    const first = await sandbox.send(ANA, TEXT, { idempotencyKey: 'same' });
    const again = await sandbox.send(ANA, TEXT, { idempotencyKey: 'same' });
    expect(again).toEqual(first);
    expect(sandbox.sentTo(ANA)).toHaveLength(1);
  });

  it('keeps its own copy of what was sent', async () => {
    const sandbox = new SandboxProvider();
    const message = { type: 'text' as const, text: 'original' };
    await sandbox.send(ANA, message, { idempotencyKey: 'k' });
    message.text = 'changed';
    expect(sandbox.sentTo(ANA)[0].message).toEqual({ type: 'text', text: 'original' });
  });

  it('enforces the 24-hour window once told the last inbound time', async () => {
    const time = clock('2026-03-01T10:00:00Z');
    const sandbox = new SandboxProvider({ now: time.now });
    sandbox.setLastInbound(ANA, '2026-03-01T09:00:00Z');
    await expect(sandbox.send(ANA, TEXT, { idempotencyKey: 'in-window' })).resolves.toBeDefined();

    time.advance(23 * 3600_000 - 1); // 1 ms before 24 h after the inbound
    await expect(sandbox.send(ANA, TEXT, { idempotencyKey: 'last-ms' })).resolves.toBeDefined();

    time.advance(1);
    const error = await sandbox.send(ANA, TEXT, { idempotencyKey: 'closed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      provider: 'sandbox',
      code: 131047,
      classification: { kind: 'window_closed' },
    });
    expect(sandbox.sentTo(ANA)).toHaveLength(2);

    // Templates are allowed outside the window, and a new inbound reopens it.
    await expect(sandbox.send(ANA, TEMPLATE, { idempotencyKey: 'tpl' })).resolves.toBeDefined();
    sandbox.setLastInbound(ANA, time.now());
    await expect(sandbox.send(ANA, TEXT, { idempotencyKey: 'reopened' })).resolves.toBeDefined();
  });

  it('does not check contacts it was never told about', async () => {
    const sandbox = new SandboxProvider({ now: () => new Date('2030-01-01T00:00:00Z') });
    await expect(sandbox.send(ANA, TEXT, { idempotencyKey: 'k' })).resolves.toBeDefined();
  });

  it('refuses an invalid number and an invalid inbound time', async () => {
    const sandbox = new SandboxProvider();
    await expect(sandbox.send('nobody', TEXT, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'invalid_recipient',
      classification: { kind: 'permanent' },
    });
    expect(() => sandbox.setLastInbound(ANA, 'yesterday')).toThrow(RangeError);
  });

  it('fakes uploads and read receipts, and resets', async () => {
    const sandbox = new SandboxProvider();
    await expect(
      sandbox.uploadMedia({ data: Buffer.from('x'), filename: 'a.png', mimeType: 'image/png' }),
    ).resolves.toEqual({ mediaId: 'sandbox-media.1' });
    await sandbox.markRead('wamid.IN1');
    expect(sandbox.readReceipts()).toEqual(['wamid.IN1']);
    await sandbox.send(ANA, TEXT, { idempotencyKey: 'k' });
    sandbox.reset();
    expect(sandbox.allSent()).toEqual([]);
    expect(sandbox.readReceipts()).toEqual([]);
  });
});
