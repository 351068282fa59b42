import { cutoff, InvalidRetentionSettingsError, retentionPolicy, type RetentionPolicy } from '../src';

const defaults: RetentionPolicy = {
  messagesDays: null,
  runEventsDays: 90,
  auditDays: 90,
  engineEventsDays: 30,
  outboundEventsDays: 30,
};

describe('retentionPolicy', () => {
  it('uses the defaults when the tenant sets nothing', () => {
    expect(retentionPolicy({}, defaults)).toEqual(defaults);
    expect(retentionPolicy(null, defaults)).toEqual(defaults);
    expect(retentionPolicy({ retention: null }, defaults)).toEqual(defaults);
  });

  it("takes the tenant's values over the defaults, null meaning keep for ever", () => {
    expect(retentionPolicy({ retention: { messagesDays: 180, auditDays: null } }, defaults)).toEqual({
      ...defaults,
      messagesDays: 180,
      auditDays: null,
    });
  });

  it('names each bad key', () => {
    expect(() => retentionPolicy({ retention: { messagesDays: 0, logsDays: 5 } }, defaults)).toThrow(
      InvalidRetentionSettingsError,
    );
    try {
      retentionPolicy({ retention: { messagesDays: 1.5, logsDays: 5 } }, defaults);
    } catch (error) {
      expect((error as InvalidRetentionSettingsError).problems).toEqual([
        'retention.messagesDays: must be a whole number of days',
        'retention: unknown keys logsDays',
      ]);
    }
  });
});

describe('cutoff', () => {
  it('is now minus the days, or null for keep for ever', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    expect(cutoff(now, 30)).toEqual(new Date('2026-10-24T00:00:00Z'));
    expect(cutoff(now, null)).toBeNull();
  });
});
