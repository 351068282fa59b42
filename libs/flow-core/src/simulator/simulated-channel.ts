import { LIMITS } from '../nodes/shared/whatsapp-limits';
import { isSessionMessage, type OutboundMessage } from '../runtime/messages';
import { SERVICE_WINDOW_MS } from '../runtime/window-policy';

export type ChannelVerdict =
  { ok: true } | { ok: false; reason: 'window_closed' | 'permanent'; code: string; message: string };

function invalid(message: string): ChannelVerdict {
  return { ok: false, reason: 'permanent', code: '100', message };
}

/** Refuses what WhatsApp would refuse: interactive limits, and free-form messages outside 24 h. */
export function checkOutbound(
  message: OutboundMessage,
  lastInboundAtMs: number | undefined,
  nowMs: number,
): ChannelVerdict {
  if (
    isSessionMessage(message) &&
    (lastInboundAtMs === undefined || nowMs >= lastInboundAtMs + SERVICE_WINDOW_MS)
  ) {
    return {
      ok: false,
      reason: 'window_closed',
      code: '131047',
      message: 'More than 24 hours have passed since the recipient last replied',
    };
  }
  if (message.type === 'text' && message.text.length > LIMITS.textBody)
    return invalid('text.body is too long');
  if (message.type === 'text' && !message.text.trim()) return invalid('text.body is empty');
  if (message.type === 'interactive') {
    if (message.buttons) {
      if (message.buttons.length > LIMITS.buttons) return invalid('at most 3 buttons');
      if (message.buttons.some((b) => b.title.length > LIMITS.buttonTitle || !b.title))
        return invalid('button title over 20');
      if (message.text.length > LIMITS.buttonBody) return invalid('body.text is too long');
    }
    if (message.list) {
      const rows = message.list.sections.flatMap((s) => s.rows);
      if (rows.length > LIMITS.listRows) return invalid('at most 10 rows');
      if (rows.some((r) => r.title.length > LIMITS.rowTitle)) return invalid('row title over 24');
      if (message.list.button.length > LIMITS.listButton) return invalid('list button over 20');
    }
  }
  return { ok: true };
}
