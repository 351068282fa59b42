import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  NotFoundException,
  Param,
  Query,
  StreamableFile,
} from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { databaseMediaStore, mediaLinkKey, verifyMediaLink, type MediaStore } from '@leadline/documents';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import type { DocumentLinkQuery } from './document-links.service';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

/**
 * Public, signed links to the photos and documents people attach in the inbox, for the provider to
 * fetch when it sends them (Meta and Twilio take a link). No API key: the signature (its own key,
 * see libs/documents attachment.ts) and the expiry are the authorisation (403 when either fails).
 */
@Controller('media/files')
export class MediaLinksController {
  private readonly key: Buffer;
  private readonly store: MediaStore;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
  ) {
    this.key = mediaLinkKey(config.security.encryptionKey);
    this.store = databaseMediaStore(
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      }),
    );
  }

  @Get(':id/:filename')
  @Header('Cache-Control', 'private, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiFileResponse(200, 'application/octet-stream', 'The file, with the type it was received with')
  async download(
    @Param('id') id: string,
    @Param('filename') filename: string,
    @Query() query: DocumentLinkQuery,
  ): Promise<StreamableFile> {
    const check = verifyMediaLink({
      key: this.key,
      tenantId: query.tenant,
      mediaId: id,
      filename,
      exp: query.exp,
      sig: query.sig,
      now: new Date(),
    });
    if (check === 'expired') {
      throw new ForbiddenException({ code: 'LINK_EXPIRED', message: 'This file link has expired.' });
    }
    if (check !== 'valid' || !isUuid(id) || !isUuid(query.tenant)) {
      throw new ForbiddenException({ code: 'INVALID_LINK', message: 'This file link is not valid.' });
    }
    // The signature vouches for the tenant id: the lookup runs under that tenant's row-level security.
    const file = await withTenant(this.prisma, String(query.tenant), async (tx) => {
      const row = await tx.messageMedia.findUnique({
        where: { id },
        select: { status: true, mimeType: true, filename: true, storageKey: true },
      });
      if (!row || row.status !== 'stored' || row.filename !== filename) return undefined;
      const bytes = await this.store.get(tx, {
        tenantId: String(query.tenant),
        mediaId: id,
        storageKey: row.storageKey,
      });
      return bytes ? { ...row, bytes } : undefined;
    });
    if (!file) throw new NotFoundException({ code: 'FILE_NOT_FOUND', message: 'No such file.' });
    return new StreamableFile(file.bytes, {
      type: file.mimeType ?? 'application/octet-stream',
      disposition: `inline; filename="${filename.replace(/["\\\r\n]/g, '_')}"`,
      length: file.bytes.length,
    });
  }
}
