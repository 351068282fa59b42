// Flow analytics on a large history: a published promo with N runs (100,000 by default) spread over
// 30 days with ~7 trace rows each, then GET /api/flows/:id/analytics's queries (readFlowAnalytics)
// timed for the last 7 and 30 days. A throw-away database on the local PostgreSQL; no API process.
import { performance } from 'node:perf_hooks';
import { createPrismaClient, publishFlowVersion, withTenant } from '@leadline/database';
import { createTestDatabase } from '@leadline/testing';
import { resolvePeriod } from '../../../../apps/api/src/modules/flows/analytics-period';
import { readFlowAnalytics } from '../../../../apps/api/src/modules/flows/flow-analytics.query';
import { numberArg, type BenchArgs } from '../bench-args';
import { percentile, type BenchResult } from '../bench-report';

const PROMO = {
  format: 'leadline.flow/v1',
  id: 'promo',
  name: 'Promo',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'keyword', keywords: ['promo'] } },
    {
      id: 'offer',
      type: 'question',
      position: { x: 0, y: 150 },
      data: {
        text: 'Want 20% off?',
        buttons: [
          { id: 'yes', title: 'Yes please' },
          { id: 'no', title: 'No thanks' },
        ],
        timeout: '1h',
      },
    },
    {
      id: 'email',
      type: 'question',
      position: { x: 0, y: 300 },
      data: { text: 'Your e-mail?', save: 'email' },
    },
    { id: 'thanks', type: 'message', position: { x: 0, y: 450 }, data: { text: 'Thanks!' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'offer' },
    { id: 'e2', source: 'offer', sourceHandle: 'option:yes', target: 'email' },
    { id: 'e3', source: 'email', sourceHandle: 'answered', target: 'thanks' },
  ],
};

export async function benchFlowAnalytics(args: BenchArgs): Promise<BenchResult[]> {
  const runs = numberArg(args, 'runs', 100_000);
  const rounds = numberArg(args, 'rounds', 5);
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url });
  try {
    const tenant = await prisma.tenant.create({ data: { slug: 'bench', name: 'Bench' } });
    const version = await withTenant(prisma, tenant.id, (tx) =>
      publishFlowVersion(tx, { tenantId: tenant.id, key: 'promo', name: 'Promo', definition: PROMO }),
    );
    const seedStarted = performance.now();
    // One contact per run; runs over the last 30 days; four kinds of path by i % 4.
    await prisma.$executeRaw`
      INSERT INTO contacts (tenant_id, phone)
      SELECT ${tenant.id}::uuid, '+1555' || lpad(i::text, 7, '0') FROM generate_series(1, ${runs}) i`;
    await prisma.$executeRaw`
      INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id, status, current_node, started_at, updated_at)
      SELECT ${tenant.id}::uuid, ${version.flowId}::uuid, ${version.versionId}::uuid, c.id,
             (CASE c.n % 4 WHEN 0 THEN 'completed' WHEN 1 THEN 'completed' WHEN 2 THEN 'waiting' ELSE 'completed' END)::flow_run_status,
             CASE c.n % 4 WHEN 2 THEN 'email' ELSE 'offer' END,
             now() - (c.n % 30) * interval '1 day' - interval '1 minute',
             now() - (c.n % 30) * interval '1 day'
      FROM (SELECT id, row_number() OVER () AS n FROM contacts WHERE tenant_id = ${tenant.id}::uuid) c`;
    await prisma.$executeRaw`
      INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, at, type, node_id, port, data)
      SELECT r.tenant_id, r.id, r.flow_id, r.flow_version_id, s.seq, r.started_at, s.type, s.node_id, s.port,
             COALESCE(s.data, '{}'::jsonb)
      FROM (SELECT f.*, row_number() OVER () AS n FROM flow_runs f WHERE flow_version_id = ${version.versionId}::uuid) r
      CROSS JOIN LATERAL (VALUES
        (1, 'node.enter', 'start', NULL, NULL::jsonb),
        (2, 'node.exit', 'start', 'next', NULL),
        (3, 'node.enter', 'offer', NULL, NULL),
        (4, 'node.exit', 'offer',
            CASE r.n % 4 WHEN 1 THEN 'answered' WHEN 3 THEN 'timeout' ELSE 'option:yes' END,
            CASE r.n % 4 WHEN 1 THEN '{"option":"no"}'::jsonb WHEN 3 THEN NULL ELSE '{"option":"yes"}'::jsonb END),
        (5, 'node.enter', 'email', NULL, NULL),
        (6, 'node.exit', 'email', 'answered', NULL),
        (7, 'node.enter', 'thanks', NULL, NULL)
      ) AS s(seq, type, node_id, port, data)
      WHERE s.seq <= CASE r.n % 4 WHEN 0 THEN 7 WHEN 2 THEN 5 ELSE 4 END`;
    await prisma.$executeRawUnsafe('ANALYZE flow_runs');
    await prisma.$executeRawUnsafe('ANALYZE run_events');
    const seedMs = performance.now() - seedStarted;
    const definition = (await prisma.flowVersion.findUniqueOrThrow({ where: { id: version.versionId } }))
      .definition;

    const results: BenchResult[] = [];
    for (const preset of ['7d', '30d'] as const) {
      const times: number[] = [];
      let started = 0;
      for (let round = 0; round < rounds; round += 1) {
        const now = new Date();
        const t0 = performance.now();
        const answer = await withTenant(prisma, tenant.id, (tx) =>
          readFlowAnalytics(tx, {
            flowId: version.flowId,
            version: { id: version.versionId, version: 1, definition },
            period: resolvePeriod({ preset }, now, 'UTC'),
            idleHours: 24,
            now,
          }),
        );
        times.push(performance.now() - t0);
        started = answer.totals.started;
      }
      times.sort((a, b) => a - b);
      results.push({
        name: `flow-analytics ${preset}`,
        metrics: {
          'runs counted': started,
          'p50 ms': Math.round(percentile(times, 50)),
          'max ms': Math.round(times[times.length - 1]),
        },
        notes: `${runs} runs in the database (seeded in ${Math.round(seedMs / 1000)} s), ${rounds} rounds`,
      });
    }
    return results;
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}
