import { Controller, Delete, Get, Param, Res, UseGuards } from '@nestjs/common';
import type { ContactExport } from '@leadline/data-rights';
import type { Response } from 'express';
import { ApiFileResponse, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { contactErasedSchema, contactExportSchema } from '../contacts/contacts-response.schema';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { DataRightsService, type ContactErased } from './data-rights.service';

/** Access, erasure and portability: see docs/security.md. */
@Controller('api')
@UseGuards(AuthGuard)
export class DataRightsController {
  constructor(private readonly dataRights: DataRightsService) {}

  /** Everything held about one contact, as one JSON document. */
  @Get('contacts/:id/export')
  @RequireScopes('data:export')
  @ApiZodResponse(200, contactExportSchema, 'Everything held about the contact (a download)')
  async exportContact(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactExport> {
    const exported = await this.dataRights.exportContact(principal, id);
    res.setHeader('Content-Disposition', `attachment; filename="contact-${id}.json"`);
    return exported;
  }

  /** Erases the contact everywhere; the audit log keeps that it happened, without personal data. */
  @Delete('contacts/:id')
  @RequireScopes('contacts:erase')
  @ApiZodResponse(200, contactErasedSchema)
  eraseContact(@Tenant() principal: Principal, @Param('id') id: string): Promise<ContactErased> {
    return this.dataRights.eraseContact(principal, id);
  }

  /**
   * The whole workspace as one JSON document, streamed table by table (secrets left out). A failure
   * half-way cuts the connection, so a client never mistakes a partial export for a whole one.
   */
  @Get('tenant/export')
  @RequireScopes('data:export')
  @ApiFileResponse(
    200,
    'application/json',
    'The whole workspace as one JSON document (a streamed download)',
    { type: 'object' },
  )
  async exportTenant(@Tenant() principal: Principal, @Res() res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tenant-${principal.tenantId}.json"`);
    try {
      await this.dataRights.exportTenant(principal, async (chunk) => {
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
      });
      res.end();
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy(error as Error);
    }
  }
}
