import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { withTenant, type PrismaClient } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { InjectPrisma } from '@leadline/bootstrap';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';

const templateOptionSchema = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  status: z.string(),
  bodyParams: z.number().int().describe('How many {{n}} body parameters the template takes'),
  body: z.string(),
});

export interface TemplateOption {
  name: string;
  language: string;
  category: string;
  status: string;
  /** How many `{{n}}` body parameters the template takes: the editor shows one slot each. */
  bodyParams: number;
  body: string;
}

/** The highest `{{n}}` in a template body: Meta numbers body parameters from 1 without gaps. */
export function countBodyParams(body: string): number {
  let highest = 0;
  for (const match of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/**
 * The synced templates, as the editor's template picker needs them. A minimal read kept here until the
 * templates module serves `GET /api/templates`; the editor asks that route first.
 */
@ApiTags('flows')
@ApiBearerAuth()
@Controller('api/flow-templates')
@UseGuards(ApiKeyGuard)
export class FlowTemplatesController {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  @Get()
  @RequireScopes('templates:read')
  @ApiOperation({ summary: "The synced templates, as the editor's template picker needs them" })
  @ApiZodResponse(200, z.array(templateOptionSchema))
  list(@Tenant() principal: Principal): Promise<TemplateOption[]> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.template.findMany({ orderBy: [{ name: 'asc' }, { language: 'asc' }] });
      return rows.map((row) => {
        const components = Array.isArray(row.components)
          ? (row.components as Array<Record<string, unknown>>)
          : [];
        const body = String(components.find((component) => component.type === 'BODY')?.text ?? '');
        return {
          name: row.name,
          language: row.language,
          category: row.category,
          status: row.status,
          bodyParams: countBodyParams(body),
          body,
        };
      });
    });
  }
}
