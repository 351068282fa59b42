import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishFlowVersion, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { META, TWILIO } from './test-channels';

const FLOWS_DIR = join(__dirname, '..', '..', '..', 'flows');
const TEMPLATES = ['still_interested', 'lead_welcome', 'lead_reminder', 'lead_last_call', 'quote_follow_up'];

export interface SeededTenant {
  tenantId: string;
  metaChannelId: string;
  twilioChannelId: string;
}

export function exampleFlow(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8')) as Record<string, unknown>;
}

/**
 * One tenant with a Meta and a Twilio channel (credentials sealed with the deployment's key, as
 * `leadline channel add` does), approved utility templates on the Meta channel, and lead-capture
 * published. The Twilio channel's templates are not written here: the stack syncs them from the
 * account's Content templates, as `templates sync` does (no ContentSid is ever typed in by hand).
 */
export async function seedTenant(prisma: PrismaClient, encryptionKey: string): Promise<SeededTenant> {
  const box = createSecretBoxFromBase64Keys({ current: encryptionKey });
  const tenant = await prisma.tenant.create({
    data: { slug: `e2e-${randomUUID().slice(0, 8)}`, name: 'Sunrise Solar (e2e)' },
  });
  return withTenant(prisma, tenant.id, async (tx) => {
    const meta = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'meta',
        phoneNumberId: META.phoneNumberId,
        wabaId: META.wabaId,
        displayPhone: META.displayPhone,
        status: 'active',
        encryptedCredentials: new Uint8Array(box.seal({ accessToken: META.accessToken })),
      },
    });
    const twilio = await tx.channel.create({
      data: {
        tenantId: tenant.id,
        provider: 'twilio',
        phoneNumberId: TWILIO.number,
        displayPhone: TWILIO.number,
        status: 'active',
        encryptedCredentials: new Uint8Array(
          box.seal({
            accountSid: TWILIO.accountSid,
            authToken: TWILIO.authToken,
            from: `whatsapp:${TWILIO.number}`,
          }),
        ),
      },
    });
    for (const name of TEMPLATES) {
      await tx.template.create({
        data: {
          tenantId: tenant.id,
          channelId: meta.id,
          name,
          language: 'en',
          category: 'utility',
          status: 'approved',
        },
      });
    }
    const flow = exampleFlow('lead-capture');
    await publishFlowVersion(tx, {
      tenantId: tenant.id,
      key: String(flow.id),
      name: String(flow.name),
      definition: flow as Prisma.InputJsonValue,
    });
    return { tenantId: tenant.id, metaChannelId: meta.id, twilioChannelId: twilio.id };
  });
}
