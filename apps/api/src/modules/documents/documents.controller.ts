import { Controller, Get, Param, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DocumentKind, isUuid, withTenant, type PrismaClient } from '@leadline/database';
import { getDocumentContent } from '@leadline/documents';
import { z } from 'zod';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ApiFileResponse, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { documentPageSchema, documentViewSchema } from './documents-response.schema';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { optionalParam, pageArgs, pageQueryShape, toPage, type Page } from '../pagination/page';

const KINDS = Object.values(DocumentKind);

const listDocumentsSchema = z.strictObject({
  ...pageQueryShape,
  contact: optionalParam(z.string().refine(isUuid, { error: 'must be a contact id (UUID)' })),
  run: optionalParam(z.string().refine(isUuid, { error: 'must be a run id (UUID)' })),
  kind: optionalParam(z.enum(KINDS, { error: `must be one of ${KINDS.join(', ')}` })),
});
type ListDocuments = z.output<typeof listDocumentsSchema>;

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  number: string;
  contactId: string;
  runId: string | null;
  currency: string;
  /** Minor units (pence, cents) as a string: totals may exceed what JSON numbers hold exactly. */
  totalMinor: string;
  filename: string;
  createdAt: Date;
}

const SELECT = {
  id: true,
  kind: true,
  number: true,
  contactId: true,
  runId: true,
  currency: true,
  totalMinor: true,
  filename: true,
  createdAt: true,
} as const;

function view(row: { totalMinor: bigint } & Omit<DocumentView, 'totalMinor'>): DocumentView {
  return { ...row, totalMinor: row.totalMinor.toString() };
}

/** Quotes and invoices the flows produced, and their PDFs. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents')
@UseGuards(AuthGuard)
@RequireScopes('documents:read')
export class DocumentsController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get()
  @ApiOperation({ summary: 'Documents, newest first; ?contact=, ?run=, ?kind=quote|invoice' })
  @ApiZodQuery(listDocumentsSchema)
  @ApiZodResponse(200, documentPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listDocumentsSchema, 'query')) query: ListDocuments,
  ): Promise<Page<DocumentView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.document.findMany({
        where: {
          ...(query.contact ? { contactId: query.contact } : {}),
          ...(query.run ? { runId: query.run } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
        },
        select: SELECT,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query, view);
    });
  }

  @Get(':id')
  @ApiZodResponse(200, documentViewSchema)
  async get(@Tenant() principal: Principal, @Param('id') id: string): Promise<DocumentView> {
    if (!isUuid(id)) throw notFound('document', id);
    const row = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.document.findUnique({ where: { id }, select: SELECT }),
    );
    if (!row) throw notFound('document', id);
    return view(row);
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Download the PDF' })
  @ApiFileResponse(200, 'application/pdf', 'The PDF')
  async pdf(@Tenant() principal: Principal, @Param('id') id: string): Promise<StreamableFile> {
    const document = await withTenant(this.prisma, principal.tenantId, (tx) => getDocumentContent(tx, id));
    if (!document) throw notFound('document', id);
    return new StreamableFile(document.content, {
      type: document.mimeType,
      disposition: `attachment; filename="${document.filename.replace(/[^\w.-]/g, '_')}"`,
      length: document.content.length,
    });
  }
}
