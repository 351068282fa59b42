import { randomUUID } from 'node:crypto';
import { HttpException, Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import {
  attachmentKind,
  attachmentRefusal,
  databaseMediaStore,
  mediaLinkKey,
  normaliseMimeType,
  signMediaLink,
  DOCUMENT_LINK_TTL_MS,
  type MediaStore,
} from '@leadline/documents';
import type { Clock } from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Principal } from '../auth/api-key-principal';
import { InjectClock } from '../clock/clock.module';
import { AgentMessagesService, type QueuedMessage } from '../conversations/agent-messages.service';
import type { AttachmentQuery } from './inbox.schema';
import { InjectConfig } from '@leadline/bootstrap';

const STATUS: Record<string, number> = {
  ATTACHMENT_TYPE: 415,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_EMPTY: 400,
  ATTACHMENT_CONTENT: 415,
};

/**
 * A photo or document a person attaches in the inbox. The file is kept in the media store (sealed,
 * tenant-scoped, like the files customers send) in the same transaction as its message and outbox
 * entry (AgentMessagesService), so the engine's send job sends it once, in order with the rest; the
 * provider fetches it from a signed, expiring link (GET /media/files/…). A refusal stores nothing.
 */
@Injectable()
export class InboxAttachmentsService {
  private readonly store: MediaStore;
  private readonly linkKey: Buffer;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectClock() private readonly clock: Clock,
    private readonly agentMessages: AgentMessagesService,
  ) {
    this.store = databaseMediaStore(
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      }),
    );
    this.linkKey = mediaLinkKey(config.security.encryptionKey);
  }

  async send(
    principal: Principal,
    conversationId: string,
    mimeType: string,
    bytes: Buffer,
    query: AttachmentQuery,
  ): Promise<QueuedMessage> {
    const refusal = attachmentRefusal(mimeType, bytes);
    if (refusal) throw new HttpException(refusal, STATUS[refusal.code]);
    const type = normaliseMimeType(mimeType);
    const kind = attachmentKind(type)!;
    const mediaId = randomUUID();
    const url = signMediaLink({
      tenantId: principal.tenantId,
      mediaId,
      filename: query.filename,
      publicUrl: this.config.server.publicUrl,
      key: this.linkKey,
      // Wall-clock time, not the (test) clock: the provider opens the link in real time, and the
      // link's check (media-links.controller) reads the wall clock too.
      expiresAt: new Date(Date.now() + DOCUMENT_LINK_TTL_MS),
    });
    return this.agentMessages.send(
      principal,
      conversationId,
      {
        type: 'media',
        media: {
          kind,
          url,
          filename: query.filename,
          ...(query.caption ? { caption: query.caption } : {}),
        },
      },
      async (tx, queued) => {
        await tx.messageMedia.create({
          data: {
            id: mediaId,
            tenantId: principal.tenantId,
            contactId: queued.contactId,
            messageId: queued.messageId,
            status: 'stored',
            kind,
            mimeType: type,
            filename: query.filename,
            sizeBytes: bytes.length,
            storedAt: this.clock.now(),
          },
        });
        const storageKey = await this.store.put(tx, { tenantId: principal.tenantId, mediaId }, bytes);
        if (storageKey) await tx.messageMedia.update({ where: { id: mediaId }, data: { storageKey } });
      },
    );
  }
}
