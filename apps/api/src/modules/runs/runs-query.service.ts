import { Injectable } from '@nestjs/common';
import { isUuid, listRuns, loadRun, withTenant, type PrismaClient } from '@leadline/database';
import { InjectPrisma } from '@leadline/bootstrap';
import { encodeRunCursor } from './run-cursor';
import type { RunDetail, RunPage } from './run-views';
import { DEFAULT_PAGE_SIZE, type ListRunsQuery } from './runs-request.schema';

/** Reads runs of one tenant; row-level security (withTenant) makes other tenants' runs invisible. */
@Injectable()
export class RunsQueryService {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** Newest first, by (started_at, id) descending, so pages neither skip nor repeat runs. */
  async list(tenantId: string, query: ListRunsQuery): Promise<RunPage> {
    const { runs, next } = await withTenant(this.prisma, tenantId, (tx) =>
      listRuns(
        tx,
        {
          ...(query.status ? { statuses: query.status } : {}),
          ...(query.flow ? { flowKey: query.flow } : {}),
          ...(query.contact && 'id' in query.contact ? { contactId: query.contact.id } : {}),
          ...(query.contact && 'phone' in query.contact ? { contactPhone: query.contact.phone } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
        },
        query.limit ?? DEFAULT_PAGE_SIZE,
      ),
    );
    return { data: runs, nextCursor: next ? encodeRunCursor(next) : null };
  }

  async get(tenantId: string, runId: string): Promise<RunDetail | undefined> {
    if (!isUuid(runId)) return undefined;
    return withTenant(this.prisma, tenantId, (tx) => loadRun(tx, runId));
  }
}
