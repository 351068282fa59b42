/** A job that should run again after `delayMs` (rate limits, outages, an unconfirmed send). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
