import { BadRequestException, ConflictException, HttpException, Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { forgetChannel } from '@leadline/engine';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import {
  ChannelOwnershipError,
  proveChannelOwnership,
  type ProviderEndpoints,
  type ProvenNumber,
} from '@leadline/whatsapp';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectConfig, InjectPrisma } from '@leadline/bootstrap';
import { notFound } from '../errors/not-found';
import { pageArgs, toPage, type Page } from '../pagination/page';
import type { CreateChannel, ListChannels } from './channels.schema';

/** Everything but the sealed credentials: only whether there are any. */
const CHANNEL_SELECT = {
  id: true,
  provider: true,
  name: true,
  phoneNumberId: true,
  wabaId: true,
  displayPhone: true,
  status: true,
  verifiedName: true,
  qualityRating: true,
  messagingTier: true,
  healthUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
  encryptedCredentials: true,
} satisfies Prisma.ChannelSelect;

type ChannelRow = Prisma.ChannelGetPayload<{ select: typeof CHANNEL_SELECT }>;
export type ChannelView = Omit<ChannelRow, 'encryptedCredentials'> & { hasCredentials: boolean };

function view({ encryptedCredentials, ...channel }: ChannelRow): ChannelView {
  return { ...channel, hasCredentials: encryptedCredentials !== null };
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** What is stored for a new channel once its ownership is proven (or it is a sandbox). */
export interface NewChannel {
  provider: 'meta' | 'twilio' | 'sandbox';
  name?: string | null;
  phoneNumberId: string;
  wabaId?: string | null;
  displayPhone: string;
  credentials?: Record<string, string>;
  health?: Omit<ProvenNumber, 'displayPhone'>;
  /** How it was added, for the audit log: api, embedded_signup. */
  via: string;
}

/** The provider refused the proof (400) or could not be asked (503): the same answer whoever holds the number. */
export function ownershipException(error: ChannelOwnershipError): HttpException {
  if (error.code === 'PROVIDER_UNREACHABLE') {
    return new HttpException({ code: error.code, message: error.message }, 503);
  }
  return new BadRequestException({ code: error.code, message: error.message });
}

@Injectable()
export class ChannelsService {
  private readonly box: SecretBox;
  readonly endpoints: ProviderEndpoints;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {
    this.box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
    this.endpoints = {
      meta: { graphUrl: config.whatsapp.meta.graphUrl, graphVersion: config.whatsapp.meta.graphVersion },
      twilio: { apiUrl: config.whatsapp.twilio.apiUrl },
    };
  }

  list(principal: Principal, query: ListChannels): Promise<Page<ChannelView>> {
    return withTenant(this.prisma, principal.tenantId, async (tx) => {
      const rows = await tx.channel.findMany({
        select: CHANNEL_SELECT,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...pageArgs(query),
      });
      return toPage(rows, query, view);
    });
  }

  async get(principal: Principal, id: string): Promise<ChannelView> {
    if (!isUuid(id)) throw notFound('channel', id);
    const row = await withTenant(this.prisma, principal.tenantId, (tx) =>
      tx.channel.findUnique({ where: { id }, select: CHANNEL_SELECT }),
    );
    if (!row) throw notFound('channel', id);
    return view(row);
  }

  /**
   * Adds a number. Meta and Twilio numbers are first proven with the provider (the credentials must
   * control the number), so a workspace can neither claim a number it does not hold nor learn whether
   * another workspace holds it: only after the proof may the answer say "already connected".
   */
  async create(principal: Principal, input: CreateChannel): Promise<ChannelView> {
    if (input.provider === 'sandbox') {
      return this.store(principal, { ...input, via: 'api' });
    }
    const proven = await this.prove(
      input.provider === 'meta'
        ? { provider: 'meta', phoneNumberId: input.phoneNumberId, wabaId: input.wabaId, ...input.credentials }
        : { provider: 'twilio', phoneNumberId: input.phoneNumberId, ...input.credentials },
    );
    const { displayPhone, ...health } = proven;
    return this.store(principal, {
      ...input,
      displayPhone: input.displayPhone ?? displayPhone,
      credentials: input.credentials as Record<string, string>,
      health,
      via: 'api',
    });
  }

  async prove(claim: Parameters<typeof proveChannelOwnership>[0]): Promise<ProvenNumber> {
    try {
      return await proveChannelOwnership(claim, this.endpoints);
    } catch (error) {
      if (error instanceof ChannelOwnershipError) throw ownershipException(error);
      throw error;
    }
  }

  /**
   * Stores a channel (credentials sealed) with its audit row, in one transaction; `then` runs inside
   * it, so a failure there (e.g. a template sync that must succeed) leaves nothing behind.
   */
  async store(
    principal: Principal,
    input: NewChannel,
    then?: (tx: Prisma.TransactionClient, channelId: string) => Promise<void>,
  ): Promise<ChannelView> {
    const credentials = input.credentials;
    const sealed = credentials ? this.box.seal(credentials) : null;
    try {
      return await withTenant(this.prisma, principal.tenantId, async (tx) => {
        const row = await tx.channel.create({
          data: {
            tenantId: principal.tenantId,
            provider: input.provider,
            name: input.name ?? null,
            phoneNumberId: input.phoneNumberId,
            wabaId: input.provider === 'meta' ? (input.wabaId ?? null) : null,
            displayPhone: input.displayPhone,
            encryptedCredentials: sealed ? new Uint8Array(sealed) : null,
            status: 'active',
            verifiedName: input.health?.verifiedName ?? null,
            qualityRating: input.health?.qualityRating ?? null,
            messagingTier: input.health?.messagingTier ?? null,
            healthUpdatedAt: input.health?.qualityRating ? new Date() : null,
          },
          select: CHANNEL_SELECT,
        });
        await this.audit.record(tx, principal, {
          action: 'channel.added',
          targetType: 'channel',
          targetId: row.id,
          data: {
            via: input.via,
            provider: row.provider,
            phoneNumberId: row.phoneNumberId,
            displayPhone: row.displayPhone,
            // Names of the stored credentials and the key that sealed them; never their values.
            credentialFields: Object.keys(credentials ?? {}),
            ...(sealed ? { keyId: this.box.primaryKeyId } : {}),
          },
        });
        if (then) await then(tx, row.id);
        return view(row);
      });
    } catch (error) {
      if (errorCode(error) === 'P2002') {
        // Only reached after the proof (or for a sandbox number): the caller controls this number.
        throw new ConflictException({
          code: 'CHANNEL_EXISTS',
          message: `This ${input.provider} number (${input.phoneNumberId}) is already connected to a workspace on this deployment; disconnect it there first.`,
        });
      }
      throw error;
    }
  }

  /** A channel with conversations cannot be deleted (their history needs it): 409 CHANNEL_IN_USE. */
  async remove(principal: Principal, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('channel', id);
    await withTenant(this.prisma, principal.tenantId, async (tx) => {
      const row = await tx.channel.findUnique({ where: { id }, select: CHANNEL_SELECT });
      if (!row) throw notFound('channel', id);
      if (await tx.conversation.findFirst({ where: { channelId: id }, select: { id: true } })) {
        throw new ConflictException({
          code: 'CHANNEL_IN_USE',
          message: 'This channel has conversations, so it is kept for their history.',
        });
      }
      await tx.channel.delete({ where: { id } });
      await this.audit.record(tx, principal, {
        action: 'channel.deleted',
        targetType: 'channel',
        targetId: id,
        data: { provider: row.provider, phoneNumberId: row.phoneNumberId, displayPhone: row.displayPhone },
      });
      // Webhooks for the number must not find it in this process' lookup cache any more.
      forgetChannel(row.provider, row.phoneNumberId);
    });
  }
}
