import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock';
import { header, readBody, sendBytes, sendJson } from './http-io';
import type { MediaStore } from './media-store';
import { graphErrorBody, GraphRequestError } from './meta-graph-errors';
import type { MetaPhoneDirectory } from './meta-phone-directory';
import { multipartBoundary, parseMultipart } from './multipart-parser';

/** Path of the download URL handed out by GET /{media-id} (Meta's lives on lookaside.fbsbx.com). */
export const ATTACHMENT_PATH = 'whatsapp_business/attachments';
const MEDIA_URL_TTL_MS = 5 * 60 * 1000;
const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;

export interface MediaRouteContext {
  media: MediaStore;
  phones: MetaPhoneDirectory;
  now: Clock;
  baseUrl: () => string;
  maxUploadBytes: number;
  newMediaId: () => string;
}

/** POST /{phone-number-id}/media: multipart with `messaging_product=whatsapp` and `file`. */
export async function uploadMedia(
  ctx: MediaRouteContext,
  phoneNumberId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const phone = ctx.phones.authorizeNumber(req, url, phoneNumberId);
  const boundary = multipartBoundary(header(req, 'content-type'));
  if (!boundary) throw new GraphRequestError(100, 'Media upload must be multipart/form-data');
  const body = await readBody(req, ctx.maxUploadBytes + 64 * 1024);
  let parts;
  try {
    parts = parseMultipart(body, boundary);
  } catch (error) {
    throw new GraphRequestError(100, `Malformed multipart body: ${(error as Error).message}`);
  }
  const field = (name: string) => parts.find((p) => p.name === name);
  if (field('messaging_product')?.data.toString('utf8') !== 'whatsapp') {
    throw new GraphRequestError(100, 'messaging_product must be "whatsapp"');
  }
  const file = field('file');
  if (!file || file.data.length === 0) throw new GraphRequestError(100, 'file is required');
  const mimeType = (field('type')?.data.toString('utf8') || file.contentType || '').trim();
  if (!/^[a-z]+\/[\w.+-]+$/i.test(mimeType)) {
    throw new GraphRequestError(100, 'A MIME type (type field or file content type) is required');
  }
  const tooLarge =
    file.data.length > ctx.maxUploadBytes ||
    (mimeType.startsWith('image/') && file.data.length > IMAGE_LIMIT_BYTES);
  if (tooLarge)
    throw new GraphRequestError(131053, `File of ${file.data.length} bytes is too large for ${mimeType}`);
  const stored = ctx.media.put({
    id: ctx.newMediaId(),
    owner: phone.id,
    filename: file.filename,
    mimeType,
    bytes: Buffer.from(file.data),
    createdAt: ctx.now(),
  });
  sendJson(res, 200, { id: stored.id });
}

/** GET /{media-id} (metadata and a 5-minute download URL) or DELETE /{media-id}. */
export function mediaObject(
  ctx: MediaRouteContext,
  method: 'GET' | 'DELETE',
  id: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const token = ctx.phones.requireKnownToken(req, url);
  const media = ctx.media.get(id);
  if (!media) throw new GraphRequestError(100, `Object with ID '${id}' does not exist or cannot be loaded`);
  ctx.phones.assertOwnerToken(media.owner, token);
  if (method === 'DELETE') {
    ctx.media.delete(id);
    sendJson(res, 200, { success: true });
    return;
  }
  const download = new URL(`${ctx.baseUrl()}/${ATTACHMENT_PATH}/`);
  download.searchParams.set('mid', id);
  download.searchParams.set('ext', String(Math.floor((ctx.now() + MEDIA_URL_TTL_MS) / 1000)));
  sendJson(res, 200, {
    messaging_product: 'whatsapp',
    url: download.toString(),
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: media.size,
    id: media.id,
  });
}

/** The download URL itself: needs the owner's Bearer token and expires after 5 minutes. */
export function downloadMedia(
  ctx: MediaRouteContext,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const token = ctx.phones.requireKnownToken(req, url);
  const media = ctx.media.get(url.searchParams.get('mid') ?? '');
  const expiresAt = Number(url.searchParams.get('ext')) * 1000;
  if (!media || !(expiresAt > ctx.now())) {
    sendJson(res, 404, graphErrorBody(100, 'Media URL expired or unknown'));
    return;
  }
  ctx.phones.assertOwnerToken(media.owner, token);
  sendBytes(res, 200, media.bytes, media.mimeType);
}
