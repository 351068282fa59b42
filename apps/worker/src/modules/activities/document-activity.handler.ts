import { createHash } from 'node:crypto';
import { withTenant, type PrismaClient } from '@leadline/database';
import {
  createDocument,
  documentLinkKey,
  DOCUMENT_LINK_TTL_MS,
  DocumentError,
  isDocumentError,
  parseDocumentSettings,
  type CreatedDocument,
  signDocumentLink,
  type DocumentStore,
} from '@leadline/documents';
import type { AppConfig } from '@leadline/config';
import {
  MissingCredentialsError,
  RetryLaterError,
  systemClock,
  type ActivityHandler,
  type ActivityJob,
  type ActivityOutcome,
  type Clock,
  type ProviderFactory,
} from '@leadline/engine';
import { isProviderError, mediaReference } from '@leadline/whatsapp';

export interface DocumentActivityDeps {
  prisma: PrismaClient;
  /** The engine's provider factory: Meta channels get the PDF uploaded through it. */
  providers: ProviderFactory;
  clock?: Clock;
  /** Where files go (default: the documents.content column). */
  store?: DocumentStore;
  /**
   * A public https link to a document, for providers that fetch media by URL (Twilio). Without it,
   * a Twilio send of the document is refused by the provider layer with a clear error.
   */
  documentLink?: (document: { tenantId: string; documentId: string; filename: string }) => string | undefined;
  logger?: { info(details: object, message: string): void };
}

type Channel = Parameters<ProviderFactory>[0];

/** Namespace of the documents' UUIDv5 ids (fixed forever: changing it would re-issue documents). */
const DOCUMENT_ID_NAMESPACE = '6f2d3c1a-8b4e-4f7a-9c2d-1e5b7a9c3d40';

/**
 * The id of the document an activity call makes: a name-based UUID (v5) of the call, so a job that
 * runs twice (a retry after a failed upload, a worker that died before recording the result) finds
 * the document it made the first time instead of issuing a second number.
 */
export function documentIdFor(job: Pick<ActivityJob, 'tenantId' | 'runId' | 'requestId'>): string {
  const namespace = Buffer.from(DOCUMENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1')
    .update(namespace)
    .update(`${job.tenantId}/${job.runId}/${job.requestId}`, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Links under PUBLIC_URL, signed with a key derived from ENCRYPTION_KEY, valid DOCUMENT_LINK_TTL_MS. */
export function documentLinkSigner(
  config: Pick<AppConfig, 'server' | 'security'>,
  clock: Clock = systemClock,
): NonNullable<DocumentActivityDeps['documentLink']> {
  const key = documentLinkKey(config.security.encryptionKey);
  return (document) => {
    const now = clock.now();
    return signDocumentLink({
      ...document,
      publicUrl: config.server.publicUrl,
      key,
      now,
      expiresAt: new Date(now.getTime() + DOCUMENT_LINK_TTL_MS),
    });
  };
}

function failed(message: string): ActivityOutcome {
  return { ok: false, error: { code: 'DOCUMENT_FAILED', message } };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Runs the `document` step: makes the quote or invoice (number, PDF, row) in one tenant
 * transaction, then, for Meta channels, uploads the PDF so the send can refer to it as
 * `media:<id>`. Bad input or settings and refused uploads end the step on its error port
 * (DOCUMENT_FAILED); database trouble and provider hiccups are thrown, so the queue retries.
 */
export function createDocumentActivity(deps: DocumentActivityDeps): ActivityHandler {
  const clock = deps.clock ?? systemClock;
  return async (job) => {
    const { request } = job;
    if (request.kind !== 'document')
      return failed(`The document handler cannot run "${request.kind}" steps.`);
    let made: CreatedDocument & { channel: Channel | null };
    try {
      made = await withTenant(
        deps.prisma,
        job.tenantId,
        async (tx) => {
          const tenant = await tx.tenant.findUnique({
            where: { id: job.tenantId },
            select: { name: true, settings: true },
          });
          if (!tenant) throw new DocumentError('The workspace no longer exists.');
          const contact = await tx.contact.findUnique({
            where: { id: job.contactId },
            select: { name: true, phone: true, fields: true },
          });
          if (!contact) throw new DocumentError('The contact no longer exists.');
          const run = await tx.flowRun.findUnique({
            where: { id: job.runId },
            select: { id: true, conversation: { select: { channel: true } } },
          });
          const created = await createDocument(
            tx,
            {
              tenantId: job.tenantId,
              contactId: job.contactId,
              runId: run?.id ?? null,
              documentId: documentIdFor(job),
              kind: request.documentKind,
              items: request.items,
              currency: request.currency,
              taxRate: request.taxRate,
              customer: {
                name: text(contact.name) ?? text(request.contact.name) ?? contact.phone,
                phone: contact.phone,
                fields: record(contact.fields),
              },
              settings: parseDocumentSettings(tenant.settings, tenant.name),
              issuedAt: clock.now(),
            },
            deps.store,
          );
          return { ...created, channel: run?.conversation?.channel ?? null };
        },
        // Concurrent documents of a tenant wait for each other's number: allow for a queue.
        { maxWait: 10_000, timeout: 30_000 },
      );
    } catch (error) {
      if (isDocumentError(error)) return failed(error.message);
      throw error;
    }
    if (made.created) {
      deps.logger?.info(
        {
          tenantId: job.tenantId,
          runId: job.runId,
          documentId: made.output.documentId,
          number: made.output.number,
        },
        'document created',
      );
    }
    const link = await documentLink(deps, job, made);
    if (typeof link === 'object') return link;
    return { ok: true, output: { ...made.output, ...(link ? { url: link } : {}) } };
  };
}

/**
 * What the send will refer to: Meta gets `media:<id>` (uploaded now; Meta keeps it 30 days, long
 * enough for the send that follows), Twilio a public link if one is configured, the sandbox nothing
 * (it records the message as it is).
 */
async function documentLink(
  deps: DocumentActivityDeps,
  job: ActivityJob,
  made: CreatedDocument & { channel: Channel | null },
): Promise<string | undefined | ActivityOutcome> {
  const { channel, output, content } = made;
  if (channel?.provider === 'twilio') {
    return deps.documentLink?.({
      tenantId: job.tenantId,
      documentId: output.documentId,
      filename: output.filename,
    });
  }
  if (channel?.provider !== 'meta') return undefined;
  let provider;
  try {
    provider = deps.providers(channel);
  } catch (error) {
    if (error instanceof MissingCredentialsError)
      return failed(`Cannot upload ${output.filename}: ${error.message}`);
    throw error;
  }
  if (!provider.uploadMedia) return undefined;
  try {
    const { mediaId } = await provider.uploadMedia({
      data: content,
      filename: output.filename,
      mimeType: 'application/pdf',
    });
    return mediaReference(mediaId);
  } catch (error) {
    if (!isProviderError(error)) throw error;
    const { kind, retryAfterMs } = error.classification;
    if (kind === 'retryable' || kind === 'rate_limited_recipient') {
      // The document stays; the retry finds it by id and only uploads again.
      throw new RetryLaterError(`uploading ${output.filename}: ${error.message}`, retryAfterMs ?? 2_000);
    }
    return failed(`WhatsApp refused the upload of ${output.filename}: ${error.message}`);
  }
}
