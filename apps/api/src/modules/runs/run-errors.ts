import { NotFoundException } from '@nestjs/common';

/** Another tenant's run is "not found" too: its existence is none of the caller's business. */
export function runNotFound(runId: string): NotFoundException {
  return new NotFoundException({ code: 'RUN_NOT_FOUND', message: `No run ${runId} in this workspace.` });
}
