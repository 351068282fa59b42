import { ConflictException, Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { isUuid, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys, type SecretBox } from '@leadline/secrets';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/api-key-principal';
import { InjectConfig } from '../config/app-config.token';
import { InjectPrisma } from '../database/prisma.module';
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

@Injectable()
export class ChannelsService {
  private readonly box: SecretBox;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {
    this.box = createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    });
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

  async create(principal: Principal, input: CreateChannel): Promise<ChannelView> {
    const credentials = 'credentials' in input ? (input.credentials as Record<string, string>) : undefined;
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
          },
          select: CHANNEL_SELECT,
        });
        await this.audit.record(tx, principal, {
          action: 'channel.added',
          targetType: 'channel',
          targetId: row.id,
          data: {
            via: 'api',
            provider: row.provider,
            phoneNumberId: row.phoneNumberId,
            displayPhone: row.displayPhone,
            // Names of the stored credentials and the key that sealed them; never their values.
            credentialFields: Object.keys(credentials ?? {}),
            ...(sealed ? { keyId: this.box.primaryKeyId } : {}),
          },
        });
        return view(row);
      });
    } catch (error) {
      if (errorCode(error) === 'P2002') {
        throw new ConflictException({
          code: 'CHANNEL_EXISTS',
          message: `A ${input.provider} channel with phone number id ${input.phoneNumberId} is already registered.`,
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
    });
  }
}
