/** The payload is not a webhook we understand; `reason` names the offending path. */
export class MalformedWebhookError extends Error {
  override readonly name = 'MalformedWebhookError';
  readonly reason: string;
  readonly problems: string[];

  constructor(reason: string, problems: string[] = [reason]) {
    super(`Malformed webhook: ${reason}`);
    this.reason = reason;
    this.problems = problems;
  }
}
