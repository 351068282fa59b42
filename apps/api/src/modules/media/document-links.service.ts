import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  documentLinkKey,
  getDocumentContent,
  verifyDocumentLink,
  type DocumentContent,
} from '@leadline/documents';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';

export interface DocumentLinkQuery {
  tenant?: unknown;
  exp?: unknown;
  sig?: unknown;
}

/** Opens a signed document link (see libs/documents document-link): the file it names, or an error. */
@Injectable()
export class DocumentLinksService {
  private readonly key: Buffer;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
  ) {
    this.key = documentLinkKey(config.security.encryptionKey);
  }

  async open(documentId: string, filename: string, query: DocumentLinkQuery): Promise<DocumentContent> {
    const check = verifyDocumentLink({
      key: this.key,
      tenantId: query.tenant,
      documentId,
      filename,
      exp: query.exp,
      sig: query.sig,
      now: new Date(),
    });
    if (check === 'expired') {
      throw new ForbiddenException({ code: 'LINK_EXPIRED', message: 'This document link has expired.' });
    }
    if (check !== 'valid') {
      throw new ForbiddenException({ code: 'INVALID_LINK', message: 'This document link is not valid.' });
    }
    // The signature vouches for the tenant id: the lookup runs under that tenant's row-level security.
    const document = await withTenant(this.prisma, String(query.tenant), (tx) =>
      getDocumentContent(tx, documentId),
    );
    if (!document || document.filename !== filename) {
      throw new NotFoundException({ code: 'DOCUMENT_NOT_FOUND', message: 'No such document.' });
    }
    return document;
  }
}
