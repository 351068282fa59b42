import { HttpException } from '@nestjs/common';
import type { WebhookAckHistogram } from '@leadline/ops';

/**
 * Times a webhook from arrival to acknowledgement (providers retry slow endpoints and Meta disables
 * them): `ok`, `rejected` (a 4xx such as a bad signature) or `error` (anything else).
 */
export async function timedAck<T>(
  histogram: WebhookAckHistogram | undefined,
  provider: 'meta' | 'twilio',
  receive: () => Promise<T>,
): Promise<T> {
  const stop = histogram?.startTimer({ provider });
  try {
    const result = await receive();
    stop?.({ outcome: 'ok' });
    return result;
  } catch (error) {
    const rejected = error instanceof HttpException && error.getStatus() < 500;
    stop?.({ outcome: rejected ? 'rejected' : 'error' });
    throw error;
  }
}
