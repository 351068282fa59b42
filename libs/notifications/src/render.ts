import type { StoredNotificationEvent } from './event-types';

export interface RenderContext {
  /** The web app's address, without a trailing slash. */
  appUrl: string;
  workspaceName: string;
  /** The workspace lets notifications quote what customers wrote. */
  includeMessageText: boolean;
}

export interface RenderedNotification {
  /** One line: the e-mail's subject and the push's title. */
  title: string;
  /** A sentence or two of plain text. */
  body: string;
  /** Where the notification takes the person (the conversation, the contact, the settings page). */
  url: string;
  /** The button's words. */
  action: string;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function who(contact: { name: string | null; phone: string } | null): string {
  if (!contact) return 'A contact';
  return contact.name ? `${contact.name} (${contact.phone})` : contact.phone;
}

/** What one event says, the same on every channel. Message text only when the workspace allows it. */
export function renderEvent(event: StoredNotificationEvent, context: RenderContext): RenderedNotification {
  const conversationUrl = event.conversationId
    ? `${context.appUrl}/inbox/${event.conversationId}`
    : event.contactId
      ? `${context.appUrl}/contacts/${event.contactId}`
      : `${context.appUrl}/inbox`;
  switch (event.type) {
    case 'lead.captured': {
      const p = event.payload;
      return {
        title: `New lead: ${who(p.contact)}`,
        body: `${who(p.contact)} arrived as a new lead${p.flow ? ` through the “${p.flow}” flow` : ''}.`,
        url: conversationUrl,
        action: 'Open the lead',
      };
    }
    case 'conversation.handoff': {
      const p = event.payload;
      return {
        title: `${who(p.contact)} is waiting for a person`,
        body: `The flow handed the conversation with ${who(p.contact)} to a person.${p.note ? ` Note: ${p.note}` : ''}`,
        url: conversationUrl,
        action: 'Open the conversation',
      };
    }
    case 'customer.replied': {
      const p = event.payload;
      const quoted = context.includeMessageText && p.text ? ` They wrote: “${p.text}”` : '';
      return {
        title: `${who(p.contact)} replied`,
        body: `${who(p.contact)} replied in a conversation assigned to you.${quoted}`,
        url: conversationUrl,
        action: 'Reply',
      };
    }
    case 'message.failed': {
      const p = event.payload;
      const why =
        p.reason === 'window_closed'
          ? 'the 24-hour window had closed, so only an approved template can reach them now'
          : 'WhatsApp refused it for good';
      return {
        title: `A message to ${who(p.contact)} was not delivered`,
        body: `A message${p.template ? ` (template “${p.template}”)` : ''} to ${who(p.contact)} could not be delivered: ${why}.`,
        url: conversationUrl,
        action: 'Open the conversation',
      };
    }
    case 'campaign.finished': {
      const p = event.payload;
      return {
        title: `Campaign “${p.name}” finished`,
        body: `The campaign “${p.name}” finished sending: ${count(p.sent, 'message')} sent${p.skipped ? `, ${count(p.skipped, 'contact')} skipped (opted out or not reachable on WhatsApp)` : ''}. Deliveries, reads and replies keep coming in on its page.`,
        url: `${context.appUrl}/campaigns/${p.campaignId}`,
        action: 'See the results',
      };
    }
    case 'template.rejected': {
      const p = event.payload;
      const reason = p.reason ? `: ${p.reason}` : '';
      const body = {
        rejected: `WhatsApp rejected the message template “${p.templateName}” (${p.language})${reason}.`,
        paused: `WhatsApp paused the message template “${p.templateName}” (${p.language})${reason}, because people reported or blocked its messages. It cannot be sent until WhatsApp lifts the pause.`,
        disabled: `WhatsApp disabled the message template “${p.templateName}” (${p.language})${reason}. It can no longer be sent: flows and campaigns that use it need another template.`,
      }[p.status];
      return {
        title: `Template “${p.templateName}” was ${p.status}`,
        body,
        url: `${context.appUrl}/settings/channels`,
        action: 'Open channel settings',
      };
    }
    case 'channel.quality_dropped': {
      const p = event.payload;
      return {
        title: `WhatsApp number ${p.channelName} lost quality`,
        body: `WhatsApp moved ${p.channelName}${p.from ? ` from ${p.from}` : ''} to ${p.to}. Check recent messages: sending limits may follow.`,
        url: `${context.appUrl}/settings/channels`,
        action: 'Open channel settings',
      };
    }
  }
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function layout(context: RenderContext, heading: string, inner: string): string {
  const settings = `${context.appUrl}/settings/notifications`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;border:1px solid #e4e7eb">
<tr><td style="padding:16px 24px;border-bottom:1px solid #e4e7eb;font-size:14px;color:#52606d"><strong style="color:#0b7a5c">Leadline</strong> · ${escapeHtml(context.workspaceName)}</td></tr>
<tr><td style="padding:24px">${inner}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794">You receive this because of your notification settings in ${escapeHtml(context.workspaceName)}. <a href="${escapeHtml(settings)}" style="color:#52606d">Change them</a>.</td></tr>
</table></body></html>`;
}

function button(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#0b7a5c;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(label)}</a>`;
}

function footerText(context: RenderContext): string {
  return `\n\n--\nYou receive this because of your notification settings in ${context.workspaceName}. Change them: ${context.appUrl}/settings/notifications\n`;
}

/** One event as an e-mail: a plain-text and an HTML version with a link straight to it. */
export function renderMail(event: StoredNotificationEvent, context: RenderContext): Mail {
  const n = renderEvent(event, context);
  const html = layout(
    context,
    n.title,
    `<h1 style="margin:0 0 12px;font-size:20px">${escapeHtml(n.title)}</h1>
<p style="margin:0 0 20px;font-size:15px;line-height:1.5">${escapeHtml(n.body)}</p>
<p style="margin:0">${button(n.url, n.action)}</p>
<p style="margin:16px 0 0;font-size:12px;color:#7b8794">Or open ${escapeHtml(n.url)}</p>`,
  );
  return { subject: n.title, text: `${n.body}\n\n${n.action}: ${n.url}${footerText(context)}`, html };
}

/** Several events as one e-mail, newest last, each with its own link. */
export function renderDigest(events: StoredNotificationEvent[], context: RenderContext): Mail {
  const items = events.map((event) => renderEvent(event, context));
  const subject = `${items.length} new notifications in ${context.workspaceName}`;
  const text =
    `${subject}:\n\n` + items.map((n) => `- ${n.title}\n  ${n.url}`).join('\n') + footerText(context);
  const html = layout(
    context,
    subject,
    `<h1 style="margin:0 0 12px;font-size:20px">${escapeHtml(subject)}</h1>
<ul style="margin:0;padding:0;list-style:none">${items
      .map(
        (n) =>
          `<li style="padding:10px 0;border-bottom:1px solid #e4e7eb"><a href="${escapeHtml(n.url)}" style="color:#1f2933;font-weight:600;text-decoration:none">${escapeHtml(n.title)}</a><div style="font-size:13px;color:#52606d;margin-top:2px">${escapeHtml(n.body)}</div></li>`,
      )
      .join('')}</ul>
<p style="margin:20px 0 0">${button(`${context.appUrl}/inbox`, 'Open the inbox')}</p>`,
  );
  return { subject, text, html };
}

/** What a push carries to the service worker (it shows title and body, and opens url on click). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  /** Notifications with the same tag replace each other (one per conversation). */
  tag: string;
}

export function renderPush(event: StoredNotificationEvent, context: RenderContext): PushPayload {
  const n = renderEvent(event, context);
  return { title: n.title, body: n.body, url: n.url, tag: event.conversationId ?? event.id };
}
