import type { ChannelSummary } from './channels-api';

/** Meta's quality rating in words a business owner reads. */
export function qualityText(rating: string | null): {
  label: string;
  tone: 'good' | 'warn' | 'bad' | 'none';
} {
  switch ((rating ?? '').toUpperCase()) {
    case 'GREEN':
      return { label: 'High quality', tone: 'good' };
    case 'YELLOW':
      return { label: 'Medium quality', tone: 'warn' };
    case 'RED':
      return { label: 'Low quality: sending may be limited', tone: 'bad' };
    default:
      return { label: 'Quality not rated yet', tone: 'none' };
  }
}

const TIERS: Record<string, string> = {
  TIER_50: '50',
  TIER_250: '250',
  TIER_1K: '1,000',
  TIER_10K: '10,000',
  TIER_100K: '100,000',
};

/** The messaging tier as "new conversations a day". */
export function tierText(tier: string | null): string | null {
  if (!tier) return null;
  if (tier.toUpperCase() === 'TIER_UNLIMITED') return 'Unlimited new conversations a day';
  const count = TIERS[tier.toUpperCase()];
  return count ? `Up to ${count} new conversations a day` : null;
}

export function providerText(channel: ChannelSummary): string {
  if (channel.provider === 'meta') return 'WhatsApp Cloud API';
  if (channel.provider === 'twilio') return 'Twilio';
  return 'Sandbox (test number)';
}
