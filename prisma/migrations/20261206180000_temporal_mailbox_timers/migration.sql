-- The Temporal engine's workflow became the contact's mailbox and timer scheduler (docs/engines.md):
-- timers now live in run_timers for both engines. Runs that the previous Temporal workflow held kept
-- their timers only in the workflow (and in their recorded state): copy them from the state, so the
-- new workflow (or the sweep, for an overdue one) fires them. A timer already recorded is left alone.
INSERT INTO "run_timers" ("tenant_id", "run_id", "contact_id", "timer_id", "due_at")
SELECT r."tenant_id", r."id", r."contact_id", t->>'id', (t->>'dueAt')::timestamptz
FROM "flow_runs" r
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(r."state"->'timers', '[]'::jsonb)) AS t
WHERE r."engine" = 'temporal'
  AND r."status" IN ('running', 'waiting', 'handoff')
  AND t ? 'id' AND t ? 'dueAt'
ON CONFLICT ("run_id", "timer_id") DO NOTHING;
