/** Stable codes for what a person asked that cannot be done; the API maps them to 4xx, the CLI to exit 1. */
export type CampaignErrorCode =
  | 'CAMPAIGN_NOT_FOUND'
  | 'TEMPLATE_NOT_APPROVED'
  | 'TEMPLATE_PARAMS'
  | 'SEGMENT_NOT_FOUND'
  | 'FLOW_NOT_FOUND'
  | 'CHANNEL_NOT_FOUND'
  | 'BAD_SCHEDULE'
  | 'CAMPAIGN_STATE';

export class CampaignError extends Error {
  constructor(
    readonly code: CampaignErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CampaignError';
  }
}
