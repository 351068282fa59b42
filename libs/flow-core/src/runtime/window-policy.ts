import { parseDuration } from '../flow/duration';
import { DEFAULT_WINDOW_SAFETY_MARGIN_MS, type FlowSettings } from '../flow/flow-settings.schema';

export const SERVICE_WINDOW_MS = 24 * 3_600_000;

export interface WindowInput {
  lastInboundAt?: string;
  now: string;
  marginMs: number;
  /** The provider reported the window closed since the contact's last message. */
  forcedClosed?: boolean;
}

export interface WindowStatus {
  open: boolean;
  /** When the engine stops sending session messages (24 h minus the margin after the last inbound). */
  closesAt?: string;
}

export function windowMarginMs(settings: FlowSettings | undefined): number {
  const margin = settings?.windowSafetyMargin;
  return margin === undefined
    ? DEFAULT_WINDOW_SAFETY_MARGIN_MS
    : (parseDuration(margin) ?? DEFAULT_WINDOW_SAFETY_MARGIN_MS);
}

/**
 * WhatsApp's customer-service window: open while now < lastInboundAt + 24 h - margin.
 * Only the contact opens it; a template never does.
 */
export function serviceWindow(input: WindowInput): WindowStatus {
  if (!input.lastInboundAt) return { open: false };
  const closesAtMs = Date.parse(input.lastInboundAt) + SERVICE_WINDOW_MS - input.marginMs;
  const closesAt = new Date(closesAtMs).toISOString();
  if (input.forcedClosed) return { open: false, closesAt };
  return { open: Date.parse(input.now) < closesAtMs, closesAt };
}
