import { classifyProviderError } from '../errors/classify-provider-error';
import { ProviderError } from '../errors/provider-error';
import type { ProviderName } from '../events/channel-event';

/** Where a customer's file is, as the normalised inbound message names it. */
export interface InboundMediaRef {
  /** Meta: the media id to look up. */
  id?: string;
  /** Twilio: the MediaUrl of the inbound webhook. */
  url?: string;
}

export interface DownloadedMedia {
  data: Buffer;
  mimeType: string;
  filename?: string;
}

/** The file is larger than the caller accepts: not worth retrying. */
export class MediaTooLargeError extends Error {
  constructor(
    readonly sizeBytes: number | undefined,
    readonly maxBytes: number,
  ) {
    super(`The file${sizeBytes ? ` (${sizeBytes} bytes)` : ''} is larger than ${maxBytes} bytes.`);
    this.name = 'MediaTooLargeError';
  }
}

/**
 * GETs a provider's file with its credentials, reading at most `maxBytes` (a larger file is cut off
 * and refused, whatever Content-Length claims). Redirects are followed; fetch drops the Authorization
 * header when one leaves the origin, so credentials never reach a storage host. Errors name no URL
 * (it may carry signatures) and no credentials.
 */
export async function fetchMediaBytes(input: {
  provider: ProviderName;
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  maxBytes: number;
  timeoutMs: number;
}): Promise<DownloadedMedia> {
  let response: Response;
  try {
    response = await input.fetch(input.url, {
      headers: input.headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    const code = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
    throw new ProviderError({
      provider: input.provider,
      classification: classifyProviderError({ provider: input.provider, code }),
      code,
      message: `Media download failed: ${code}`,
    });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProviderError({
      provider: input.provider,
      classification: classifyProviderError({ provider: input.provider, httpStatus: response.status }),
      httpStatus: response.status,
      message: `Media download failed: HTTP ${response.status}`,
    });
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > input.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new MediaTooLargeError(declared, input.maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > input.maxBytes) throw new MediaTooLargeError(undefined, input.maxBytes);
      chunks.push(Buffer.from(chunk));
    }
  }
  const mimeType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
  return { data: Buffer.concat(chunks), mimeType };
}
