import { badOutput } from '../ai-error';
import type { AiTask } from './ai-task';
import { contactFacts, contactTurn, recentHistory, SAFETY_RULES } from './prompt-parts';
import { toWhatsAppText } from './whatsapp-text';

const REPLY_RULES = [
  "Write the next WhatsApp message to the contact, following the business's instructions below.",
  'Plain text, short and friendly; no Markdown headings, tables or link syntax (WhatsApp only shows',
  "*bold* and _italic_). Answer in the contact's language unless the instructions say otherwise.",
  'If the instructions do not let you answer, say briefly that a colleague will follow up.',
].join(' ');

/** The system text of a reply: fixed rules, then the node's instructions. */
export function replySystem(instructions: string): string {
  return `${SAFETY_RULES}\n\n${REPLY_RULES}\n\nThe business's instructions:\n${instructions.trim()}`;
}

/** A reply to the contact: the conversation so far for context, the contact's message last. */
export const replyTask: AiTask = {
  prompt(request, context) {
    const facts = contactFacts(request.input.contact);
    return {
      system: replySystem(request.instructions),
      messages: [
        ...(facts ? [facts] : []),
        ...recentHistory(context.history),
        contactTurn(request.input.text),
      ],
      maxOutputTokens: 1_024,
    };
  },
  read(_request, answer) {
    const text = toWhatsAppText(answer);
    if (!text) throw badOutput('The AI model gave an empty answer.');
    return { text };
  },
};
