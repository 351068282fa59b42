import { parseParamFlag } from '../src/campaigns/campaign-spec';
import { renderTemplateText, resolveParams } from '../src/campaigns/resolve-params';
import { parseWorkspaceTime, workspaceTimeZone } from '../src/campaigns/workspace-time';

describe('parseParamFlag (the CLI --param)', () => {
  it.each([
    ['1=contact.name', { slot: 1, source: { field: 'name' } }],
    ['2=contact.fields.city', { slot: 2, source: { field: 'city' } }],
    ['3=contact.plan', { slot: 3, source: { field: 'plan' } }],
    ['1=Summer sale = 20%', { slot: 1, source: { value: 'Summer sale = 20%' } }],
    ['header=contact.name', { slot: 'header', source: { field: 'name' } }],
  ])('%s', (flag, expected) => {
    expect(parseParamFlag(flag)).toEqual(expected);
  });

  it.each(['name', '0=x', '1=', 'x=contact.name'])('refuses %s', (flag) => {
    expect(parseParamFlag(flag)).toBeUndefined();
  });
});

describe('resolveParams: the template as one contact reads it', () => {
  const contact = { phone: '+351912345678', name: 'Rita', fields: { city: 'Porto', empty: ' ' } };

  it('fills fields and constants in order', () => {
    const resolved = resolveParams(
      { body: [{ field: 'name' }, { value: '20%' }, { field: 'city' }] },
      contact,
    );
    expect(resolved).toEqual({ ok: true, body: ['Rita', '20%', 'Porto'] });
    if (resolved.ok)
      expect(renderTemplateText('Hi {{1}}, {{2}} off in {{3}}', resolved.body)).toBe(
        'Hi Rita, 20% off in Porto',
      );
  });

  it('uses the fallback for an empty value, and without one names what is missing', () => {
    expect(resolveParams({ body: [{ field: 'empty' }], fallback: 'there' }, contact)).toEqual({
      ok: true,
      body: ['there'],
    });
    expect(resolveParams({ body: [{ field: 'plan' }] }, contact)).toEqual({
      ok: false,
      missing: '{{1}} (plan)',
    });
  });
});

describe('parseWorkspaceTime', () => {
  it('reads a time without offset in the workspace zone, across daylight saving', () => {
    expect(parseWorkspaceTime('2026-12-24T09:00', 'Europe/Lisbon')?.toISOString()).toBe(
      '2026-12-24T09:00:00.000Z',
    );
    expect(parseWorkspaceTime('2026-07-01T09:00', 'Europe/Lisbon')?.toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(parseWorkspaceTime('2026-07-01T09:00', 'America/New_York')?.toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
  });

  it('takes an explicit offset as written and refuses what is not a time', () => {
    expect(parseWorkspaceTime('2026-07-01T09:00:00Z', 'Asia/Tokyo')?.toISOString()).toBe(
      '2026-07-01T09:00:00.000Z',
    );
    expect(parseWorkspaceTime('2026-07-01T09:00+02:00', 'UTC')?.toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(parseWorkspaceTime('tomorrow', 'UTC')).toBeUndefined();
  });

  it('finds the zone in the settings, else UTC', () => {
    expect(workspaceTimeZone({ timeZone: 'Europe/Lisbon' })).toBe('Europe/Lisbon');
    expect(workspaceTimeZone({ documents: { timeZone: 'Asia/Tokyo' } })).toBe('Asia/Tokyo');
    expect(workspaceTimeZone({ timeZone: 'Mars/Olympus' })).toBe('UTC');
  });
});
