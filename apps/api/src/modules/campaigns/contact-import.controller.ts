import {
  Controller,
  HttpCode,
  Post,
  Query,
  Req,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { importContacts, type ImportReport } from '@leadline/campaigns';
import type { PrismaClient } from '@leadline/database';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { importReportSchema } from '../contacts/contacts-response.schema';
import { mapCampaignErrors } from './campaign-http-errors';
import { importQuerySchema, type ImportQuery } from './campaigns.schema';

/**
 * POST /api/contacts/import: the request body is the CSV itself (Content-Type text/csv), streamed
 * into libs/campaigns' importer as it arrives, so a file of any size needs no buffer in the API.
 */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts/import')
@UseGuards(AuthGuard)
export class ContactImportController {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireScopes('campaigns:write')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary:
      'Import contacts from CSV (header row; phone, name, email, tags, opt-in columns; others become fields). ?country=PT&tag=a&tag=b&optIn=<source>',
  })
  @ApiZodQuery(importQuerySchema)
  @ApiZodResponse(200, importReportSchema)
  @ApiBody({ description: 'The CSV file itself (a header row first)', schema: { type: 'string' } })
  async import(
    @Tenant() principal: Principal,
    @Req() request: Request,
    @Query(new ZodValidationPipe(importQuerySchema, 'query')) query: ImportQuery,
  ): Promise<ImportReport> {
    if (!request.is('text/csv') && !request.is('text/plain')) {
      throw new UnsupportedMediaTypeException({
        code: 'IMPORT_NOT_CSV',
        message: 'Send the file as the request body with Content-Type: text/csv.',
      });
    }
    const tags = query.tag === undefined ? [] : Array.isArray(query.tag) ? query.tag : [query.tag];
    const report = await mapCampaignErrors(() =>
      importContacts(this.prisma, principal.tenantId, request, {
        defaultCountry: query.country,
        tags,
        optIn: query.optIn,
      }),
    );
    await this.audit.recordNow(principal, {
      action: 'contacts.imported',
      data: { imported: report.imported, updated: report.updated, rejected: report.rejected.length },
    });
    return report;
  }
}
