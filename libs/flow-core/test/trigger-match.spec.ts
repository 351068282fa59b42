import { matchTrigger, sharedKeywords, TRIGGER_PRIORITY, type InboundMessage } from '../src';
import { makeFlow, n } from './support/flow-builder';
import { runScript, seen } from './support/run-script';

const AT = '2026-01-05T09:00:00.000Z';
const text = (value: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  type: 'text',
  text: value,
  at: AT,
  ...extra,
});
const flowOn = (data: Record<string, unknown>) => makeFlow([n('start', 'trigger', data)], []);

const exact = flowOn({ on: 'keyword', keywords: ['price'], match: 'exact' });
const contains = flowOn({ on: 'keyword', keywords: ['price'], match: 'contains' });
const regex = flowOn({ on: 'keyword', keywords: ['^pri(ce|cing)'], match: 'regex' });
const referral = flowOn({ on: 'referral' });
const anyMessage = flowOn({ on: 'message' });
const api = flowOn({ on: 'api' });

describe('matchTrigger priorities', () => {
  it('exact > contains = regex > referral > message > api (never)', () => {
    const message = text('price', { referral: { source_id: 'ad-1' } });
    const scores = [exact, contains, regex, referral, anyMessage, api].map((flow) =>
      matchTrigger(flow, message),
    );
    expect(scores).toEqual([
      TRIGGER_PRIORITY.exact,
      TRIGGER_PRIORITY.contains,
      TRIGGER_PRIORITY.regex,
      TRIGGER_PRIORITY.referral,
      TRIGGER_PRIORITY.message,
      0,
    ]);
    expect(scores[0]).toBeGreaterThan(scores[1]);
    expect(scores[1]).toBe(scores[2]);
    expect(scores[2]).toBeGreaterThan(scores[3]);
    expect(scores[3]).toBeGreaterThan(scores[4]);
    expect(scores[4]).toBeGreaterThan(0);
  });

  it('the best of several flows is the one with the highest score', () => {
    const flows = { exact, contains, referral, anyMessage };
    const best = (message: InboundMessage) =>
      Object.entries(flows).sort(([, a], [, b]) => matchTrigger(b, message) - matchTrigger(a, message))[0][0];
    expect(best(text('price'))).toBe('exact');
    expect(best(text('what is the price?'))).toBe('contains');
    expect(best(text('hello', { referral: { source_id: 'ad' } }))).toBe('referral');
    expect(best(text('hello'))).toBe('anyMessage');
  });

  it('ignores case, accents, punctuation and emoji by default: "Promo!" starts a "promo" flow', () => {
    const promo = flowOn({ on: 'keyword', keywords: ['promo'] });
    for (const said of ['Promo!', 'PROMO', ' promo 🎉', 'promo.', '¡Promo!']) {
      expect(matchTrigger(promo, text(said))).toBe(TRIGGER_PRIORITY.exact);
    }
    expect(matchTrigger(flowOn({ on: 'keyword', keywords: ['Black Friday!'] }), text('black  friday'))).toBe(
      TRIGGER_PRIORITY.exact,
    );
    expect(
      matchTrigger(flowOn({ on: 'keyword', keywords: ['café'], match: 'contains' }), text('Un CAFE, svp?')),
    ).toBe(TRIGGER_PRIORITY.contains);
    expect(matchTrigger(promo, text('promotion'))).toBe(0);
    // A keyword made of symbols only keeps them: "👍" is not every message.
    const thumbs = flowOn({ on: 'keyword', keywords: ['👍'] });
    expect(matchTrigger(thumbs, text('👍'))).toBe(TRIGGER_PRIORITY.exact);
    expect(matchTrigger(thumbs, text('ok'))).toBe(0);
  });

  it.each([
    ['a referral trigger without a referral', referral, text('hi')],
    ['an api trigger', api, text('price')],
    ['an exact keyword inside a sentence', exact, text('the price')],
    ['a regex that does not match', regex, text('a price')],
    ['a button tap with no text', exact, { type: 'button', buttonId: 'price', at: AT } as InboundMessage],
  ])('%s does not match', (_label, flow, message) => {
    expect(matchTrigger(flow, message)).toBe(0);
  });

  it('a flow without a trigger matches nothing', () => {
    expect(matchTrigger(makeFlow([], []), text('hi'))).toBe(0);
  });
});

describe('keyword matching', () => {
  it.each([
    ['price', true],
    ['PRICE', true],
    ['  Price  ', true],
    ['what is the price?', true],
    ['Price, please', true],
    ['pricey', false],
    ['theprice', false],
    ['prices', false],
  ])('contains "price" vs %j: %s', (said, matches) => {
    expect(matchTrigger(contains, text(said)) > 0).toBe(matches);
  });

  it.each([
    ['quero saber o PREÇO agora', 'preco', true],
    ['quero saber o preco', 'preço', true],
    ['Olá!', 'ola', true],
    ['¿Cuánto cuesta?', 'cuanto', true],
    ['precoce', 'preco', false],
  ])('contains is accent-insensitive: %j vs keyword %j → %s', (said, keyword, matches) => {
    const flow = flowOn({ on: 'keyword', keywords: ['other', keyword], match: 'contains' });
    expect(matchTrigger(flow, text(said)) > 0).toBe(matches);
  });

  it.each([
    ['Price', true],
    ['PRÍCE', true],
    ['price please', false],
  ])('exact "price" vs %j: %s (case- and accent-insensitive, whole message)', (said, matches) => {
    expect(matchTrigger(exact, text(said)) > 0).toBe(matches);
  });

  it('regex keywords are case-insensitive', () => {
    expect(matchTrigger(regex, text('PRICING info'))).toBe(TRIGGER_PRIORITY.regex);
  });

  it('in the simulator, only a matching message starts the run', async () => {
    const flow = makeFlow(
      [
        n('start', 'trigger', { on: 'keyword', keywords: ['demo'], match: 'contains' }),
        n('hello', 'message', { text: 'Booking your demo' }),
      ],
      [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
    );
    const transcript = await runScript(flow, [{ user: 'hello' }, { user: 'I want a DEMO.' }]);
    expect(seen(transcript)).toEqual(['Booking your demo']);
  });

  it('in the simulator, a referral trigger starts only on a message from an ad', async () => {
    const flow = makeFlow(
      [
        n('start', 'trigger', { on: 'referral' }),
        n('hello', 'message', { text: 'Thanks for clicking our ad' }),
      ],
      [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
    );
    const plain = await runScript(flow, [{ user: 'hi' }]);
    expect(seen(plain)).toEqual([]);
    const fromAd = await runScript(flow, [{ user: 'hi', referral: { source_id: 'ad-42' } }]);
    expect(seen(fromAd)).toEqual(['Thanks for clicking our ad']);
  });
});

describe('sharedKeywords', () => {
  it('names the keywords two flows both answer to, compared as matching compares them', () => {
    const a = flowOn({ on: 'keyword', keywords: ['Promo!', 'sale', 'hi'] });
    const b = flowOn({ on: 'keyword', keywords: ['promo', 'hello', 'HI'], match: 'contains' });
    expect(sharedKeywords(a, b)).toEqual(['Promo!', 'hi']);
    expect(sharedKeywords(a, anyMessage)).toEqual([]);
    expect(sharedKeywords(a, flowOn({ on: 'keyword', keywords: ['promo'], match: 'regex' }))).toEqual([]);
  });
});
