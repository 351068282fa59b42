import { z } from 'zod';
import { hotStatement } from './hot-sql';

/**
 * Due timers fired from PostgreSQL (timer-poller.ts, issue 21's fifth round), one statement,
 * autocommit, across tenants (the system client: there is no tenant scope to set for a batch that
 * serves many):
 *
 * - `due` claims up to $2 due timers not yet claimed, oldest first, with FOR UPDATE SKIP LOCKED, so
 *   the pollers of several worker processes take disjoint batches (run_timers_due_idx holds exactly
 *   the unclaimed pending timers, so the scan never reads the claimed ones again);
 * - `claimed` marks them (enqueued_at), whatever becomes of their event: a claimed row is never due
 *   again, so a row whose event is refused below cannot come back at every poll;
 * - `owned` keeps only the rows whose run is their contact's in the timer's own tenant (runBelongsTo's
 *   conditions, explicit): each row's event is then written with that row's tenant_id and contact_id,
 *   so a timer never puts anything in another tenant's contact, whatever the row says;
 * - `appended` writes each owned timer's `timer` event (the row appendContactEvent writes,
 *   contact-events.ts) with its dedupe key (`timer.<run>.<timer>`, dedupeKeys.timer):
 *   ON CONFLICT DO NOTHING keeps a timer to one event whatever fires it twice; in due order, so one
 *   contact's timers of a batch are applied in the order they fell due.
 *
 * Returns one row: the claimed timers (with whether each was owned: a join on `owned`, read once; an
 * EXISTS per claimed row was a correlated subplan, 500 × 500 rows compared per full batch, a third of
 * the claim's time: issue 21's sixth round) and the earliest due time of the unclaimed timers due
 * after $1, which is when the poller looks again.
 * $1 now (the engine's clock), $2 most timers per batch, $3 only this tenant's (NULL: every tenant;
 * the conformance driver plays one tenant's script on a shared database).
 */
export const FIRE_DUE_TIMERS = hotStatement(
  'll_fire_due_timers_v2',
  `WITH due AS (
     SELECT id FROM run_timers
     WHERE due_at <= $1::timestamptz AND enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL
       AND ($3::uuid IS NULL OR tenant_id = $3::uuid)
     ORDER BY due_at LIMIT $2
     FOR UPDATE SKIP LOCKED
   ), claimed AS (
     UPDATE run_timers t SET enqueued_at = $1::timestamptz
     FROM due WHERE t.id = due.id
     RETURNING t.id, t.tenant_id, t.contact_id, t.run_id, t.timer_id, t.due_at
   ), owned AS (
     SELECT c.* FROM claimed c
     JOIN flow_runs r ON r.id = c.run_id AND r.contact_id = c.contact_id AND r.tenant_id = c.tenant_id
   ), appended AS (
     INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
     SELECT tenant_id, contact_id, 'timer', jsonb_build_object('runId', run_id::text, 'timerId', timer_id),
            'timer.' || run_id::text || '.' || timer_id, $1::timestamptz
     FROM owned ORDER BY due_at, id
     ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
     RETURNING 1
   )
   SELECT COALESCE((
            SELECT json_agg(json_build_object(
                     'tenantId', c.tenant_id, 'contactId', c.contact_id, 'runId', c.run_id, 'timerId', c.timer_id,
                     'owned', o.id IS NOT NULL) ORDER BY c.due_at, c.id)
            FROM claimed c LEFT JOIN owned o ON o.id = c.id), '[]'::json) AS timers,
          (SELECT count(*) FROM appended)::int AS appended,
          (SELECT min(due_at) FROM run_timers
           WHERE due_at > $1::timestamptz AND enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL
             AND ($3::uuid IS NULL OR tenant_id = $3::uuid)) AS next_due_at`,
  z.object({
    timers: z.array(
      z.object({
        tenantId: z.string(),
        contactId: z.string(),
        runId: z.string(),
        timerId: z.string(),
        owned: z.boolean(),
      }),
    ),
    appended: z.number(),
    next_due_at: z.date().nullable(),
  }),
);
