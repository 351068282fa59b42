/**
 * Throw this from `run` for a failure that trying again cannot fix (the CRM says the lead does not
 * exist, the slot is taken): the step leaves by its `error` port at once, with this message. Any
 * other error is retried as the activity declared.
 */
export class ActivityFailure extends Error {
  constructor(
    message: string,
    readonly code: string = 'ACTIVITY_FAILED',
  ) {
    super(message);
    this.name = 'ActivityFailure';
  }
}

export function isActivityFailure(error: unknown): error is ActivityFailure {
  return error instanceof ActivityFailure || (error instanceof Error && error.name === 'ActivityFailure');
}
