import { WHATSAPP_LIMITS } from '@leadline/flow-core';

/**
 * Turns a model's answer into a WhatsApp text: Markdown that WhatsApp would show literally (headings,
 * `**bold**`, links, fences, rules) becomes WhatsApp's own formatting or plain text, blank runs are
 * collapsed, and the result fits WhatsApp's 4096 characters (cut at a word, with "…").
 */
export function toWhatsAppText(answer: string, limit: number = WHATSAPP_LIMITS.textBody): string {
  const text = answer
    .replace(/\r\n?/g, '\n')
    .replace(/```[^\n`]*\n?([\s\S]*?)```/g, (_match, code: string) => code.replace(/\n$/, ''))
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, '*$1*')
    .replace(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, (_m, alt: string, url: string) =>
      alt ? `${alt}: ${url}` : url,
    )
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/\*\*(\S(?:[^*]*\S)?)\*\*/g, '*$1*')
    .replace(/__(\S(?:[^_]*\S)?)__/g, '*$1*')
    .replace(/~~(\S(?:[^~]*\S)?)~~/g, '~$1~')
    .replace(/^[ \t]{0,3}(?:[-*_][ \t]*){3,}$/gm, '')
    .replace(/^([ \t]*)[*+][ \t]+/gm, '$1- ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return shorten(text, limit);
}

/** Counts UTF-16 units, as the flow core and WhatsApp do, and never splits a surrogate pair. */
function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let head = text.slice(0, limit - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const cut = head.search(/\s\S*$/);
  return `${(cut > limit * 0.8 ? head.slice(0, cut) : head).trimEnd()}…`;
}
