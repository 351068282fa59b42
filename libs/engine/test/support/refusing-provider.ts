import { withTenant } from '@leadline/database';
import { ProviderError } from '@leadline/whatsapp';
import { waitFor } from './engine-harness';
import { RecordingProvider } from './recording-provider';
import type { SoakWorld } from './soak-world';

/**
 * Refuses sends to the numbers in `refused` with an HTTP answer (nothing sent, retry in 2 minutes),
 * like a 503 from Meta, so a test can hold a message in its retry; records the others.
 */
export class RefusingProvider extends RecordingProvider {
  readonly refused = new Set<string>();
  refusals = 0;

  override async send(...args: Parameters<RecordingProvider['send']>) {
    if (this.refused.has(args[0])) {
      this.refusals += 1;
      throw new ProviderError({
        provider: 'sandbox',
        classification: { kind: 'retryable', retryAfterMs: 120_000 },
        httpStatus: 503,
        message: 'service unavailable',
      });
    }
    return super.send(...args);
  }
}

/** Waits until a send to `phone` was refused and its message waits, still queued, for the retry. */
export async function waitForRefusedRetry(
  what: string,
  world: SoakWorld,
  provider: RefusingProvider,
  phone: string,
): Promise<void> {
  await waitFor(what, async () => {
    if (provider.refusals === 0) return undefined;
    const message = await withTenant(world.prisma, world.tenantId, (tx) =>
      tx.message.findFirst({ where: { contact: { phone }, direction: 'out' } }),
    );
    return (message?.status === 'queued' && message.sendAttemptedAt === null) || undefined;
  });
}
