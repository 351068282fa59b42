import { testActivity } from '@leadline/activity-sdk';
import { crmUpsertLeadActivity } from './crm-upsert-lead.activity';

const tenant = { id: 't1', settings: { crm: { baseUrl: 'https://crm.example.com/api/' } } };
const secrets = { crm_api_token: 'tok_123' };

function fakeCrm(answer: () => Response) {
  const calls: Array<{ url: string; init?: { method?: string; headers?: HeadersInit; body?: unknown } }> = [];
  const fetch = async (
    url: string | URL,
    init?: { method?: string; headers?: HeadersInit; body?: unknown },
  ) => {
    calls.push({ url: String(url), init });
    return answer();
  };
  return { calls, fetch };
}

describe('the crm-upsert-lead activity', () => {
  it('posts the lead with the token and the idempotency key, and saves the CRM id', async () => {
    const crm = fakeCrm(() => Response.json({ id: 981, created: true }, { status: 201 }));
    const result = await testActivity(
      crmUpsertLeadActivity,
      { phone: '+351912000000', name: 'Ana', source: 'ad' },
      { tenant, secrets, fetch: crm.fetch, idempotencyKey: 'leadline-abc' },
    );
    expect(result).toEqual({ ok: true, output: { leadId: '981', created: true } });
    expect(crm.calls).toHaveLength(1);
    expect(crm.calls[0].url).toBe('https://crm.example.com/api/leads');
    expect(crm.calls[0].init).toMatchObject({
      method: 'POST',
      headers: { authorization: 'Bearer tok_123', 'idempotency-key': 'leadline-abc' },
    });
    expect(JSON.parse(String(crm.calls[0].init?.body))).toEqual({
      phone: '+351912000000',
      name: 'Ana',
      source: 'ad',
    });
  });

  it('fails for good, without calling, when the workspace has no CRM set up', async () => {
    const crm = fakeCrm(() => Response.json({}));
    await expect(
      testActivity(crmUpsertLeadActivity, { phone: '+351912000000' }, { secrets, fetch: crm.fetch }),
    ).resolves.toEqual({
      ok: false,
      code: 'CRM_NOT_CONFIGURED',
      message: 'Set the CRM address in the workspace settings (crm.baseUrl).',
      retryable: false,
    });
    await expect(
      testActivity(crmUpsertLeadActivity, { phone: '+351912000000' }, { tenant, fetch: crm.fetch }),
    ).resolves.toMatchObject({
      code: 'CRM_NOT_CONFIGURED',
      message: 'Set the workspace secret crm_api_token.',
    });
    expect(crm.calls).toHaveLength(0);
  });

  it('asks for a retry when the CRM is down, and gives up at once when it refuses the lead', async () => {
    const down = fakeCrm(() => new Response('oops', { status: 503 }));
    await expect(
      testActivity(crmUpsertLeadActivity, { phone: '+351912000000' }, { tenant, secrets, fetch: down.fetch }),
    ).resolves.toMatchObject({
      ok: false,
      code: 'ACTIVITY_FAILED',
      retryable: true,
      message: expect.stringContaining('503'),
    });
    const refused = fakeCrm(() => new Response('bad phone', { status: 422 }));
    await expect(
      testActivity(
        crmUpsertLeadActivity,
        { phone: '+351912000000' },
        { tenant, secrets, fetch: refused.fetch },
      ),
    ).resolves.toEqual({
      ok: false,
      code: 'CRM_REFUSED',
      message: 'The CRM refused the lead (HTTP 422).',
      retryable: false,
    });
  });
});
