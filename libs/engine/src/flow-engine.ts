import type { ChannelEvent } from '@leadline/whatsapp';
import type { LeadInput } from './engine-client';
import type { ChannelScope, IngestOutcome } from './ingest-channel-event';

export interface RunControlAction {
  action: 'cancel' | 'resume';
  nodeId?: string;
  reason?: string;
}

/**
 * What the API and the webhooks need from an engine, whichever runs the flows (embedded or
 * Temporal): record the work durably, then hand it to the engine.
 */
export interface FlowEngineClient {
  /** `scope`: the channels the webhook's signature speaks for (see ChannelScope); default any. */
  ingest(event: ChannelEvent, scope?: ChannelScope): Promise<IngestOutcome>;
  submitLead(input: LeadInput): Promise<{ contactId: string; accepted: boolean }>;
  /** False when the run does not exist in the tenant. */
  control(tenantId: string, runId: string, action: RunControlAction): Promise<boolean>;
  /** After a contact's erasure: drop what the engine keeps outside PostgreSQL (Temporal's histories). */
  forgetContact?(tenantId: string, contactId: string): Promise<void>;
}

/** Hands a contact's pending inbox events to the engine; rejecting is safe (the work is recorded). */
export type ContactWake = (tenantId: string, contactId: string) => Promise<void>;
