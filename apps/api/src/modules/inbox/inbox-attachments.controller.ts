import {
  Controller,
  HttpCode,
  HttpException,
  Param,
  Post,
  Query,
  Req,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { attachmentMaxBytes, ATTACHMENT_TYPES } from '@leadline/documents';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import type { QueuedMessage } from '../conversations/agent-messages.service';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { InboxAttachmentsService } from './inbox-attachments.service';
import { attachmentQuerySchema, type AttachmentQuery } from './inbox.schema';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { queuedMessageSchema } from '../conversations/conversations-response.schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** Reads the body up to `max` bytes; a longer body is refused as soon as it passes the limit. */
async function readBody(request: Request, max: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const tooLarge = () =>
    new HttpException(
      { code: 'ATTACHMENT_TOO_LARGE', message: `The file is larger than ${max / 1024 / 1024} MB.` },
      413,
    );
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      request.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/inbox/conversations/:id/attachments?filename=&caption=: the request body is the file,
 * its Content-Type the file's type (JPEG or PNG photos up to 5 MB; PDF, Word, Excel, PowerPoint or
 * text documents up to 16 MB). Sent inside the 24-hour window only, like any free-form message.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/inbox/conversations')
@UseGuards(AuthGuard)
export class InboxAttachmentsController {
  constructor(private readonly attachments: InboxAttachmentsService) {}

  @Post(':id/attachments')
  @HttpCode(202)
  @RequireScopes('conversations:write')
  @ApiConsumes(...ATTACHMENT_TYPES)
  @ApiOperation({
    summary:
      'Sends a photo or document from disk (body: the file; 415 ATTACHMENT_TYPE, 413 ATTACHMENT_TOO_LARGE, 409 WINDOW_CLOSED)',
  })
  @ApiZodQuery(attachmentQuerySchema)
  @ApiZodResponse(202, queuedMessageSchema, 'Accepted: queued for sending')
  @ApiErrors(409, ['WINDOW_CLOSED'], "More than 24 hours since the contact's last message: send a template.")
  @ApiErrors(413, ['ATTACHMENT_TOO_LARGE'])
  @ApiErrors(415, ['ATTACHMENT_TYPE'])
  @ApiBody({ description: 'The file itself', schema: { type: 'string', format: 'binary' } })
  async attach(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Req() request: Request,
    @Query(new ZodValidationPipe(attachmentQuerySchema, 'query')) query: AttachmentQuery,
  ): Promise<QueuedMessage> {
    const mimeType = request.headers['content-type'] ?? '';
    const max = attachmentMaxBytes(mimeType);
    if (max === undefined) {
      throw new UnsupportedMediaTypeException({
        code: 'ATTACHMENT_TYPE',
        message: `Files of type ${mimeType || 'unknown'} cannot be sent: send a JPEG or PNG photo, or a PDF, Word, Excel, PowerPoint or text document.`,
      });
    }
    const bytes = await readBody(request, max);
    return this.attachments.send(principal, id, mimeType, bytes, query);
  }
}
