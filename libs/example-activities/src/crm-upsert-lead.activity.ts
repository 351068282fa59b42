import { ActivityFailure, defineActivity } from '@leadline/activity-sdk';
import { z } from 'zod';

const crmSettings = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
});

export const crmUpsertLeadInput = z.object({
  phone: z.string().trim().min(5).describe('The contact phone, E.164 (e.g. {{contact.phone}})'),
  name: z.string().trim().optional().describe('Their name, if known'),
  source: z.string().trim().optional().describe('Where the lead came from'),
});

export const crmUpsertLeadOutput = z.object({
  leadId: z.string(),
  created: z.boolean(),
});

const crmAnswer = z.object({ id: z.union([z.string(), z.number()]), created: z.boolean().optional() });

/**
 * Calls an HTTP API: creates the lead in the workspace's CRM, or finds it when it exists. The CRM
 * is the workspace's (`settings.crm.baseUrl`, the token in its secret `crm_api_token`). The request
 * carries the call's idempotency key, so a retry after a lost answer never creates a second lead.
 */
export const crmUpsertLeadActivity = defineActivity({
  name: 'crm-upsert-lead',
  title: 'Save lead in CRM',
  description: "Creates the lead in the workspace's CRM (or finds the existing one) and saves its CRM id.",
  input: crmUpsertLeadInput,
  output: crmUpsertLeadOutput,
  timeout: '10s',
  retry: { attempts: 3, backoff: '5s' },
  secrets: ['crm_api_token'],
  async run(input, ctx) {
    const settings = crmSettings.safeParse(ctx.tenant.settings.crm);
    if (!settings.success) {
      throw new ActivityFailure(
        'Set the CRM address in the workspace settings (crm.baseUrl).',
        'CRM_NOT_CONFIGURED',
      );
    }
    const token = ctx.secrets.crm_api_token;
    if (!token) {
      throw new ActivityFailure('Set the workspace secret crm_api_token.', 'CRM_NOT_CONFIGURED');
    }
    const response = await ctx.fetch(new URL('leads', `${settings.data.baseUrl.replace(/\/+$/, '')}/`), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': ctx.idempotencyKey,
      },
      body: JSON.stringify(input),
      signal: ctx.signal,
    });
    if (response.status === 429 || response.status >= 500) {
      // Worth another try: the SDK retries as declared above.
      throw new Error(`the CRM answered ${response.status}`);
    }
    if (!response.ok) {
      throw new ActivityFailure(`The CRM refused the lead (HTTP ${response.status}).`, 'CRM_REFUSED');
    }
    const answer = crmAnswer.safeParse(await response.json().catch(() => undefined));
    if (!answer.success) throw new ActivityFailure('The CRM answered without a lead id.', 'CRM_REFUSED');
    ctx.logger.info({ leadId: String(answer.data.id) }, 'lead saved in the CRM');
    return { leadId: String(answer.data.id), created: answer.data.created ?? response.status === 201 };
  },
});
