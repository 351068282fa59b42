import { Controller, Get, Header, Param, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { databaseMediaStore, type MediaStore } from '@leadline/documents';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';

/** Types a browser shows inline; anything else is downloaded (never rendered as a page). */
const INLINE = /^(image\/(jpeg|png|webp)|audio\/|video\/|application\/pdf$)/;

/**
 * GET /api/inbox/media/:id: a file a customer sent, for people of the workspace (Bearer, like every
 * other call: the app fetches it and shows it from a blob URL). 404 while it is still downloading,
 * when it was refused, or when it belongs to another workspace.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/inbox/media')
@UseGuards(AuthGuard)
export class InboxMediaController {
  private readonly store: MediaStore;

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() config: AppConfig,
  ) {
    this.store = databaseMediaStore(
      createSecretBoxFromBase64Keys({
        current: config.security.encryptionKey,
        previous: config.security.previousEncryptionKeys,
      }),
    );
  }

  @Get(':id')
  @RequireScopes('conversations:read')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'A file a customer sent (image, audio, video or document)' })
  @Header('Cache-Control', 'private, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiFileResponse(200, 'application/octet-stream', 'The file, with the type it was received with')
  async download(@Tenant() principal: Principal, @Param('id') id: string): Promise<StreamableFile> {
    if (!isUuid(id)) throw notFound('file', id);
    const file = await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const row = await tx.messageMedia.findUnique({
        where: { id },
        select: { status: true, mimeType: true, filename: true, kind: true, storageKey: true },
      });
      if (!row || row.status !== 'stored') return undefined;
      const bytes = await this.store.get(tx, {
        tenantId: principal.tenantId,
        mediaId: id,
        storageKey: row.storageKey,
      });
      return bytes ? { ...row, bytes } : undefined;
    });
    if (!file) throw notFound('file', id);
    const type = file.mimeType ?? 'application/octet-stream';
    const name = (file.filename ?? `${file.kind}`).replace(/["\\\r\n/]/g, '_');
    return new StreamableFile(file.bytes, {
      type,
      disposition: `${INLINE.test(type) ? 'inline' : 'attachment'}; filename="${name}"`,
      length: file.bytes.length,
    });
  }
}
