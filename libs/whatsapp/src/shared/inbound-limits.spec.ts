import type { MessageEvent, StatusEvent } from '../events/channel-event';
import { boundInboundEvent, INBOUND_LIMITS, nestsDeeperThan, truncateText } from './inbound-limits';

const message = (overrides: Partial<MessageEvent['message']>, name?: string): MessageEvent => ({
  kind: 'message',
  channel: { provider: 'meta', phoneNumberId: '1' },
  contact: { waId: '4915112345678', phone: '+4915112345678', ...(name === undefined ? {} : { name }) },
  message: {
    id: 'wamid.1',
    providerMessageId: 'wamid.1',
    type: 'text',
    at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  },
});

describe('truncateText', () => {
  it('keeps short text as it is and cuts long text at the limit', () => {
    expect(truncateText('hello', 10)).toBe('hello');
    expect(truncateText('abcdef', 3)).toBe('abc');
  });

  it('counts code points, so an emoji is never split in half', () => {
    expect(truncateText('ab🙂🙂', 3)).toBe('ab🙂');
    expect(truncateText('🙂'.repeat(5), 2)).toBe('🙂🙂');
  });
});

describe('boundInboundEvent', () => {
  it(`cuts text at ${INBOUND_LIMITS.text}, captions at ${INBOUND_LIMITS.caption} and names at ${INBOUND_LIMITS.profileName}`, () => {
    const text = boundInboundEvent(message({ text: 'x'.repeat(10_000) }, 'n'.repeat(500)));
    expect(text.message.text).toHaveLength(INBOUND_LIMITS.text);
    expect(text.contact.name).toHaveLength(INBOUND_LIMITS.profileName);
    const media = boundInboundEvent(
      message({ type: 'media', media: { kind: 'image', id: 'm1', caption: 'c'.repeat(2000) } }),
    );
    expect(media.message.media).toEqual({
      kind: 'image',
      id: 'm1',
      caption: 'c'.repeat(INBOUND_LIMITS.caption),
    });
  });

  it('removes NUL characters from every string, nested ones included', () => {
    const event = boundInboundEvent(
      message({ text: 'he\u0000llo', referral: { headline: 'a\u0000d', nested: ['x\u0000'] } }, 'An\u0000a'),
    );
    expect(event.message.text).toBe('hello');
    expect(event.contact.name).toBe('Ana');
    expect(event.message.referral).toEqual({ headline: 'ad', nested: ['x'] });
  });

  it('leaves an event within the limits unchanged, and statuses alone apart from NULs', () => {
    const fine = message({ text: 'hi', referral: { headline: 'h', nested: ['x'] } }, 'Ana');
    expect(boundInboundEvent(fine)).toEqual(fine);
    // Not even copied: nothing to remove or cut, so nothing is allocated on every webhook.
    expect(boundInboundEvent(fine)).toBe(fine);
    const status: StatusEvent = {
      kind: 'status',
      channel: { provider: 'twilio', phoneNumberId: '+15550001111' },
      providerMessageId: 'SM1',
      status: 'failed',
      at: '2026-01-01T00:00:00.000Z',
      recipient: '+4915112345678',
      errors: [{ code: 1, title: 'bad\u0000', message: 'm' }],
      windowClosed: false,
    };
    expect(boundInboundEvent(status).errors).toEqual([{ code: 1, title: 'bad', message: 'm' }]);
  });
});

describe('nestsDeeperThan', () => {
  it('measures arrays and objects, not scalars', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: { b: 1 } }, 1)).toBe(true);
    expect(nestsDeeperThan([[[]]], 3)).toBe(false);
    expect(nestsDeeperThan([[[[]]]], 3)).toBe(true);
  });

  it('answers for any depth without overflowing the stack', () => {
    const depth = 200_000;
    const deep: unknown = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(nestsDeeperThan(deep, 32)).toBe(true);
  });
});
