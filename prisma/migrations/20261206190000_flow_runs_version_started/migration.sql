-- Flow analytics count the runs of one version that started in a period (issue 22 item 10): one index
-- finds them by (version, start) without reading the version's other runs. It also serves every
-- lookup by version alone, so it replaces the single-column index.
CREATE INDEX "flow_runs_flow_version_id_started_at_idx" ON "flow_runs"("flow_version_id", "started_at");
DROP INDEX "flow_runs_flow_version_id_idx";
