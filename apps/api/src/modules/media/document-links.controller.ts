import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import { DocumentLinksService, type DocumentLinkQuery } from './document-links.service';

/**
 * Public, signed links to generated documents, for providers that fetch media by URL (Twilio). No
 * API key: the link's signature and expiry are the authorisation (403 when either fails).
 */
@Controller('media/documents')
export class DocumentLinksController {
  constructor(private readonly links: DocumentLinksService) {}

  @Get(':id/:filename')
  @Header('Cache-Control', 'private, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiFileResponse(200, 'application/octet-stream', 'The document (its own type, e.g. application/pdf)')
  async download(
    @Param('id') id: string,
    @Param('filename') filename: string,
    @Query() query: DocumentLinkQuery,
  ): Promise<StreamableFile> {
    const document = await this.links.open(id, filename, query);
    return new StreamableFile(document.content, {
      type: document.mimeType,
      disposition: `inline; filename="${document.filename.replace(/["\\\r\n]/g, '_')}"`,
      length: document.content.length,
    });
  }
}
