// Seeds the demo workspace that `npm start` opens: a tenant, a sandbox WhatsApp channel (no
// credentials needed), the approved templates the example flows use, and the example flows published.
// Safe to run again: every step is an upsert, and an unchanged flow gets no new version.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateFlow } from '@leadline/flow-core';
import { loadConfig } from '@leadline/config';
import {
  createPrismaClient,
  createUser,
  publishFlowVersion,
  withTenant,
  type Prisma,
} from '@leadline/database';
import { hashPassword } from '@leadline/secrets';

const FLOWS_DIR = join(__dirname, '..', '..', 'flows');

export const DEMO_TENANT = { slug: 'demo', name: 'Sunrise Solar (demo)' };
export const DEMO_CHANNEL = { phoneNumberId: 'sandbox-demo', displayPhone: '+15550100000' };
/** The demo's owner. The password is public (README): it protects a demo workspace on your own machine only. */
export const DEMO_OWNER = {
  email: 'owner@demo.leadline.dev',
  password: 'sunrise-demo-owner',
  name: 'Demo Owner',
};

/** Templates the example flows send, as an approved WABA would list them. */
const DEMO_TEMPLATES: Array<{ name: string; category: 'marketing' | 'utility'; body: string }> = [
  {
    name: 'still_interested',
    category: 'marketing',
    body: 'Hi {{1}}, are you still interested in going solar? Reply and we will pick up where we left off.',
  },
  {
    name: 'lead_welcome',
    category: 'utility',
    body: 'Hi {{1}}, thanks for your request via {{2}}! Tap below and we will call you.',
  },
  {
    name: 'lead_reminder',
    category: 'utility',
    body: 'Hi {{1}}, just checking in about your solar request. Reply here any time.',
  },
  {
    name: 'lead_last_call',
    category: 'utility',
    body: 'Hi {{1}}, we will close your request for now. Reply any time to pick it up again.',
  },
  {
    name: 'quote_follow_up',
    category: 'utility',
    body: 'Hi {{1}}, any questions about your quote? Reply here and we will help.',
  },
];

function exampleFlows(): Array<{ file: string; document: Record<string, unknown> }> {
  return readdirSync(FLOWS_DIR)
    .filter((file) => file.endsWith('.flow.json'))
    .sort()
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(FLOWS_DIR, file), 'utf8')) }));
}

export async function seed(
  databaseUrl: string,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const prisma = createPrismaClient({ url: databaseUrl });
  try {
    const tenant = await prisma.tenant.upsert({
      where: { slug: DEMO_TENANT.slug },
      create: {
        ...DEMO_TENANT,
        settings: {
          business: {
            name: 'Sunrise Solar',
            address: 'Rua do Sol 1, 1100-001 Lisboa, Portugal',
            bank: 'IBAN PT50 0000 0000 0000 0000 0000 0',
          },
          optOutKeywords: ['STOP', 'UNSUBSCRIBE'],
        },
      },
      update: {},
    });
    // Hashed before the transaction: bcrypt at cost 12 takes a noticeable moment.
    const ownerPasswordHash = await hashPassword(DEMO_OWNER.password);
    await withTenant(prisma, tenant.id, async (tx) => {
      const channel = await tx.channel.upsert({
        where: { provider_phoneNumberId: { provider: 'sandbox', phoneNumberId: DEMO_CHANNEL.phoneNumberId } },
        create: {
          tenantId: tenant.id,
          provider: 'sandbox',
          name: 'Sandbox (demo)',
          status: 'active',
          ...DEMO_CHANNEL,
        },
        update: {},
      });
      for (const template of DEMO_TEMPLATES) {
        const components: Prisma.InputJsonValue = [{ type: 'BODY', text: template.body }];
        await tx.template.upsert({
          where: { channelId_name_language: { channelId: channel.id, name: template.name, language: 'en' } },
          create: {
            tenantId: tenant.id,
            channelId: channel.id,
            name: template.name,
            language: 'en',
            category: template.category,
            status: 'approved',
            components,
          },
          update: {},
        });
      }
      const owner = await tx.user.findUnique({
        where: { tenantId_email: { tenantId: tenant.id, email: DEMO_OWNER.email } },
        select: { id: true },
      });
      if (!owner) {
        // Created once; a password changed since is left alone.
        await createUser(tx, {
          tenantId: tenant.id,
          email: DEMO_OWNER.email,
          name: DEMO_OWNER.name,
          passwordHash: ownerPasswordHash,
          role: 'owner',
        });
        log(`  owner ${DEMO_OWNER.email} (password ${DEMO_OWNER.password})`);
      }
      for (const { file, document } of exampleFlows()) {
        const result = validateFlow(document);
        if (!result.ok || !result.flow)
          throw new Error(
            `flows/${file} does not validate; run: npm run -s leadline -- validate flows/${file}`,
          );
        const published = await publishFlowVersion(tx, {
          tenantId: tenant.id,
          key: result.flow.id,
          name: result.flow.name,
          definition: document as Prisma.InputJsonValue,
        });
        log(
          `  ${published.created ? 'published' : 'unchanged'} ${result.flow.id} (version ${published.version})`,
        );
      }
    });
    log(`demo workspace "${DEMO_TENANT.slug}" ready`);
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  seed(loadConfig().database.url, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`seed failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
