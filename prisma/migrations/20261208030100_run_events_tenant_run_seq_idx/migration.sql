-- Issue 21, fifth round: the trace's "last seq of this run" lookup (PERSIST_STEP's and
-- persist-transition.ts's `MAX(seq) … WHERE run_id = $1`) under row-level security also carries
-- the policy's `tenant_id = current_setting('app.tenant_id')`. With the tenant's own index
-- (tenant_id) beside the (run_id, seq) key, a generic plan made while the table's statistics were
-- missing or small chose a BitmapAnd of both (or the tenant index alone) and so read every trace
-- row of the tenant on every step (the bench's plans: 2,492 rows, 57 buffers for 11 rows); a
-- tenant-led index holding the run and seq serves both conditions in one descent (Index Only Scan
-- Backward, one entry), whatever the statistics. It replaces the tenant index: still led by
-- tenant_id (the tenant cascade, tenant-isolation.int-spec.ts), one entry per trace row as before.
CREATE INDEX "run_events_tenant_id_run_id_seq_idx" ON "run_events"("tenant_id", "run_id", "seq");
DROP INDEX "run_events_tenant_id_idx";
