import type { TenantTransaction } from '@leadline/database';
import { validateFlow, type Flow } from '@leadline/flow-core';

/**
 * Parsed flow versions by id. Versions are immutable, so a parsed copy never goes stale, and keeping
 * the same object lets the core reuse its compiled index.
 */
const cache = new Map<string, Flow>();
const LIMIT = 2_000;

export function parsedFlow(versionId: string, definition: unknown): Flow {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const result = validateFlow(definition);
  if (!result.flow || !result.ok) {
    throw new Error(
      `flow version ${versionId} does not validate: ${result.diagnostics[0]?.message ?? 'unknown problem'}`,
    );
  }
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, result.flow);
  return result.flow;
}

export interface CompiledVersion {
  flow: Flow;
  /** The version's number, as runs report it. */
  version: number;
}

const versions = new Map<string, CompiledVersion>();

/**
 * A flow version, parsed, by id: read from the database once per process (in the caller's tenant
 * transaction, so row-level security still decides whether it may be read at all) and then served
 * from memory. Immutable rows need no invalidation; the cache keys on the id the tenant's own run or
 * flow row named, so one tenant never gets another's version from it.
 */
export async function compiledVersion(tx: TenantTransaction, versionId: string): Promise<CompiledVersion> {
  return compiledVersionBy(versionId, () =>
    tx.flowVersion.findUniqueOrThrow({
      where: { id: versionId },
      select: { id: true, version: true, definition: true },
    }),
  );
}

/** compiledVersion with the read left to the caller (the plain-SQL hot path reads it its own way). */
export async function compiledVersionBy(
  versionId: string,
  read: () => Promise<{ id: string; version: number; definition: unknown }>,
): Promise<CompiledVersion> {
  const cached = versions.get(versionId);
  if (cached) return cached;
  const row = await read();
  const compiled = { flow: parsedFlow(row.id, row.definition), version: row.version };
  if (versions.size >= LIMIT) versions.delete(versions.keys().next().value as string);
  versions.set(versionId, compiled);
  return compiled;
}

const conversationChannels = new Map<string, string>();

/** The channel of a conversation (a conversation never changes channel), cached like the versions. */
export async function conversationChannel(
  tx: TenantTransaction,
  conversationId: string,
): Promise<string | null> {
  return conversationChannelBy(conversationId, async () => {
    const row = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { channelId: true },
    });
    return row?.channelId ?? null;
  });
}

/** conversationChannel with the read left to the caller. */
export async function conversationChannelBy(
  conversationId: string,
  read: () => Promise<string | null>,
): Promise<string | null> {
  const cached = conversationChannels.get(conversationId);
  if (cached) return cached;
  const channelId = await read();
  if (channelId === null) return null;
  rememberConversationChannel(conversationId, channelId);
  return channelId;
}

/** Notes a conversation's channel its caller just read or created (the next step needs no read). */
export function rememberConversationChannel(conversationId: string, channelId: string): void {
  if (conversationChannels.size >= 50_000)
    conversationChannels.delete(conversationChannels.keys().next().value as string);
  conversationChannels.set(conversationId, channelId);
}
