import type { Flow, FlowEdge, FlowNode } from '../flow/flow.types';
import { reachableFrom } from './graph-checks';

/** What the W24H fix knows of the template it adds: its body when synced, and how many `{{n}}` it takes. */
export interface FallbackTemplateBody {
  body?: string;
  bodyParams: number;
}

const CONTACT_NAME = '{{contact.name}}';

// A parameter right after words that address the reader ("Hi {{1}}", "Olá {{1}}", "Thanks, {{1}}") or a
// "Name:" label is the contact's name. Letters, not \b, bound the words: \b does not know "á".
const ADDRESSED =
  /(?:^|[^\p{L}])(?:hi|hello|hey|hiya|dear|thanks|thank you|good (?:morning|afternoon|evening)|hola|ol[aá]|oi|bonjour|salut|ciao|hallo|howzit|sawubona)[\s,]*$/iu;
const NAME_LABEL = /(?:^|[^\p{L}])name\s*[:\-–]?\s*$/iu;
/** "{{1}}, your order is ready": a parameter that opens the body, followed by a comma, addresses the reader. */
const OPENING_VOCATIVE = /^\s*[,!]/;

/** Variables a question fills with the contact's name. */
const NAME_VARIABLE = /^(?:(?:first|full|customer|contact|client|lead)_?)?name$/i;

function surroundings(body: string, position: number): { before: string; after: string } | undefined {
  const match = new RegExp(`\\{\\{\\s*${position}\\s*\\}\\}`).exec(body);
  if (!match) return undefined;
  return { before: body.slice(0, match.index), after: body.slice(match.index + match[0].length) };
}

function isNameSlot(body: string | undefined, position: number): boolean {
  // Without the body (a template not synced with its text), the first parameter is taken as the name,
  // the way nearly every re-engagement template opens ("Hi {{1}}, ...").
  if (!body?.trim()) return position === 1;
  const around = surroundings(body, position);
  if (!around) return false;
  if (ADDRESSED.test(around.before) || NAME_LABEL.test(around.before)) return true;
  return around.before.trim() === '' && OPENING_VOCATIVE.test(around.after);
}

/**
 * The contact's name as the node will know it: the answer to a "name" question when every path from the
 * trigger to the node passes through that question's answer, else the contact's WhatsApp profile name.
 */
function nameReference(flow: Pick<Flow, 'nodes' | 'edges'>, nodeId: string | undefined): string {
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  if (!nodeId || !trigger || !reachableFrom(flow, trigger.id).has(nodeId)) return CONTACT_NAME;
  for (const question of flow.nodes) {
    const save = question.type === 'question' ? question.data.save : undefined;
    if (typeof save !== 'string' || !NAME_VARIABLE.test(save)) continue;
    // The answer is saved just before the question leaves by `answered` or an `option:` port.
    const saves = (edge: FlowEdge) =>
      edge.source === question.id &&
      (edge.sourceHandle === 'answered' || Boolean(edge.sourceHandle?.startsWith('option:')));
    if (!reachableFrom(flow, trigger.id, (edge) => !saves(edge)).has(nodeId)) return `{{vars.${save}}}`;
  }
  return CONTACT_NAME;
}

function textOf(node: FlowNode | undefined): string | undefined {
  const data = node?.data ?? {};
  const media = data.media as { caption?: unknown } | undefined;
  for (const candidate of [data.text, media?.caption, data.caption]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate;
  }
  return undefined;
}

/** WhatsApp refuses a template parameter with a line break, a tab or more than four spaces in a row. */
function asParam(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The body parameters of the fallback template that W24H's fix adds, so that it goes out complete: the
 * contact's name where the body addresses the reader, and elsewhere what the message would have said.
 * `nodeId` is the node the template stands in for; without it the template is the flow's re-engagement
 * template, which stands in for any message, so the flow's name is said instead of one message's text.
 */
export function fallbackTemplateParams(
  flow: Pick<Flow, 'name' | 'nodes' | 'edges'>,
  template: FallbackTemplateBody,
  nodeId?: string,
): string[] {
  const node = nodeId === undefined ? undefined : flow.nodes.find((candidate) => candidate.id === nodeId);
  const said = asParam(textOf(node) ?? flow.name);
  return Array.from({ length: template.bodyParams }, (_, index) =>
    isNameSlot(template.body, index + 1) ? nameReference(flow, nodeId) : said,
  );
}
