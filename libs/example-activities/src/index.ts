import type { ActivityDefinition } from '@leadline/activity-sdk';
import { crmUpsertLeadActivity } from './crm-upsert-lead.activity';
import { scoreLeadActivity } from './score-lead.activity';

export { crmUpsertLeadActivity } from './crm-upsert-lead.activity';
export { scoreLead, scoreLeadActivity } from './score-lead.activity';

/** The activities every server registers, besides those listed in LEADLINE_ACTIVITIES. */
export const BUILT_IN_ACTIVITIES: readonly ActivityDefinition[] = [scoreLeadActivity, crmUpsertLeadActivity];
