import { NotFoundException } from '@nestjs/common';

/**
 * 404 for a resource that does not exist in the caller's workspace. Another workspace's id gets the
 * same answer (row-level security hides the row), so ids cannot be probed.
 */
export function notFound(resource: string, id: string): NotFoundException {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new NotFoundException({ code: 'NOT_FOUND', message: `No ${resource} with id ${shown}.` });
}
