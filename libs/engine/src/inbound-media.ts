import { withTenant, type PrismaClient } from '@leadline/database';
import { inboundMediaRefusal, INBOUND_MEDIA_MAX_BYTES, type MediaStore } from '@leadline/documents';
import { isProviderError, MediaTooLargeError } from '@leadline/whatsapp';
import { z } from 'zod';
import type { ProviderFactory } from './engine-ports';
import type { InboxNotifier } from './inbox-events';

/** The inbound-media queue's job: one file of one message. */
export const inboundMediaJobSchema = z.object({ tenantId: z.uuid(), mediaId: z.uuid() });
export type InboundMediaJob = z.infer<typeof inboundMediaJobSchema>;

export interface InboundMediaDeps {
  prisma: PrismaClient;
  providers: ProviderFactory;
  store: MediaStore;
  notify?: InboxNotifier;
  maxBytes?: number;
}

export type InboundMediaOutcome = 'stored' | 'rejected' | 'failed' | 'skipped';

const mediaRefSchema = z
  .object({ media: z.object({ id: z.string().optional(), url: z.string().optional() }).loose() })
  .loose();

/**
 * Downloads a file a customer sent from the provider (Meta's media endpoint with the channel's
 * token, Twilio's MediaUrl with its credentials) and keeps it in the media store. Runs in its own
 * queue job, never in the engine's transaction. A provider hiccup throws, so the job retries with
 * backoff; a refusal that will not change (too big, a type we do not keep, a permanent provider
 * error) is recorded on the row and not retried. Running twice is harmless: a row that is no longer
 * pending is left alone.
 */
export async function storeInboundMedia(
  deps: InboundMediaDeps,
  job: InboundMediaJob,
  lastAttempt: boolean,
): Promise<InboundMediaOutcome> {
  const maxBytes = deps.maxBytes ?? INBOUND_MEDIA_MAX_BYTES;
  const row = await withTenant(deps.prisma, job.tenantId, (tx) =>
    tx.messageMedia.findUnique({
      where: { id: job.mediaId },
      select: {
        status: true,
        contactId: true,
        message: { select: { body: true, conversationId: true, channel: true } },
      },
    }),
  );
  if (!row || row.status !== 'pending') return 'skipped';
  const finish = async (
    status: 'stored' | 'rejected' | 'failed',
    data: { error?: string; mimeType?: string; sizeBytes?: number; bytes?: Buffer },
  ): Promise<InboundMediaOutcome> => {
    await withTenant(deps.prisma, job.tenantId, async (tx) => {
      const storageKey = data.bytes
        ? await deps.store.put(tx, { tenantId: job.tenantId, mediaId: job.mediaId }, data.bytes)
        : null;
      await tx.messageMedia.update({
        where: { id: job.mediaId },
        data: {
          status,
          error: data.error ?? null,
          storageKey,
          ...(data.mimeType ? { mimeType: data.mimeType } : {}),
          ...(data.sizeBytes !== undefined ? { sizeBytes: data.sizeBytes } : {}),
          ...(status === 'stored' ? { storedAt: new Date() } : {}),
          attempts: { increment: 1 },
        },
      });
    });
    deps.notify?.(job.tenantId, {
      kind: 'message',
      contactId: row.contactId,
      conversationId: row.message.conversationId,
    });
    return status;
  };
  const ref = mediaRefSchema.safeParse(row.message.body);
  const provider = deps.providers(row.message.channel);
  if (!ref.success || !provider.downloadMedia) {
    return finish('failed', { error: 'This channel cannot download files.' });
  }
  let file;
  try {
    file = await provider.downloadMedia(ref.data.media, maxBytes);
  } catch (error) {
    if (error instanceof MediaTooLargeError) return finish('rejected', { error: error.message });
    const permanent = isProviderError(error) && error.classification.kind === 'permanent';
    if (permanent || lastAttempt) {
      return finish('failed', {
        error: isProviderError(error) ? error.message : 'The download kept failing.',
      });
    }
    await withTenant(deps.prisma, job.tenantId, (tx) =>
      tx.messageMedia.update({ where: { id: job.mediaId }, data: { attempts: { increment: 1 } } }),
    );
    throw error;
  }
  const refusal = inboundMediaRefusal(file.mimeType, file.data.length);
  if (refusal) {
    return finish('rejected', { error: refusal, mimeType: file.mimeType, sizeBytes: file.data.length });
  }
  return finish('stored', { mimeType: file.mimeType, sizeBytes: file.data.length, bytes: file.data });
}
