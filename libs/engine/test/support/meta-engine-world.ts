import {
  MetaCloudProvider,
  type DeliveryStatus,
  type MessageEvent,
  type StatusEvent,
} from '@leadline/whatsapp';
import { DEFAULT_META_PHONE, FakeMetaGraph } from '../../../../tools/fake-whatsapp';
import { IngestBatcher } from '../../src/ingest-batch';
import { startEngineWorld, type EngineSettings, type EngineWorld } from './engine-world';

/** An engine world whose channel is a Meta number on the fake Graph API. */
export interface MetaEngineWorld extends EngineWorld {
  /** Sends no statuses on its own: a test that wants them sends them. */
  readonly fake: FakeMetaGraph;
}

export async function startMetaEngineWorld(options: {
  flows: Array<Record<string, unknown>>;
  /** Engine settings beside the provider (e.g. slower sweeps for a test that counts statements). */
  engine?: Omit<EngineSettings, 'providers'>;
}): Promise<MetaEngineWorld> {
  const fake = new FakeMetaGraph({ autoStatuses: [] });
  await fake.start();
  const provider = new MetaCloudProvider({
    graphUrl: fake.url,
    phoneNumberId: DEFAULT_META_PHONE.id,
    wabaId: DEFAULT_META_PHONE.wabaId,
    accessToken: DEFAULT_META_PHONE.tokens[0],
  });
  let world: EngineWorld;
  try {
    world = await startEngineWorld({
      flows: options.flows,
      channelProvider: 'meta',
      engine: { ...options.engine, providers: () => provider },
    });
  } catch (error) {
    await fake.stop();
    throw error;
  }
  const stopWorld = world.stop;
  return Object.assign(world, {
    fake,
    async stop() {
      await stopWorld();
      await fake.stop();
    },
  });
}

/**
 * The user writes at the fake (which opens their window) and the webhook layer hands it to the
 * engine. Returns the message's wamid.
 */
export async function userWritesAtMeta(world: MetaEngineWorld, phone: string, text: string): Promise<string> {
  const { wamid } = world.fake.userSends({ from: phone, text });
  const event: MessageEvent = {
    kind: 'message',
    channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
    contact: { waId: phone.slice(1), phone, name: 'Rita' },
    message: { type: 'text', text, providerMessageId: wamid, at: new Date().toISOString() },
  };
  await world.client.ingest(event);
  return wamid;
}

/**
 * The user writes at the fake and the message is ingested as the API does (group commit, a batch
 * of one), without a wake: the caller wakes the contact (alone or with others). Its contact.
 */
export async function userMessageIngested(
  world: MetaEngineWorld,
  phone: string,
  text: string,
  name = 'Rita',
): Promise<{ tenantId: string; contactId: string }> {
  const { wamid } = world.fake.userSends({ from: phone, text });
  const accepted = await new IngestBatcher(world.prisma, { maxDelayMs: 0, maxRows: 1 }).ingest({
    kind: 'message',
    channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
    contact: { waId: phone.slice(1), phone, name },
    message: { type: 'text', text, providerMessageId: wamid, at: new Date().toISOString() },
  });
  if (accepted.outcome !== 'accepted') throw new Error(`message not accepted: ${accepted.outcome}`);
  return { tenantId: accepted.tenantId, contactId: accepted.contactId };
}

/** Meta's status webhook for a message sent to `phone`, as the webhook layer hands it to the engine. */
export function metaStatus(
  world: MetaEngineWorld,
  phone: string,
  providerMessageId: string,
  value: DeliveryStatus,
): StatusEvent {
  return {
    kind: 'status',
    channel: { provider: 'meta', phoneNumberId: world.phoneNumberId },
    providerMessageId,
    status: value,
    at: new Date().toISOString(),
    recipient: phone,
    windowClosed: false,
  };
}
