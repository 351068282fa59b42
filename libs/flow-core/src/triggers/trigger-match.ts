import { simplifyText } from '../answers/fold-text';
import { patternFinds } from '../patterns/pattern';
import type { Flow } from '../flow/flow.types';
import type { InboundMessage } from '../runtime/messages';
import type { TriggerData } from '../nodes/trigger/trigger.node';

/**
 * How strongly a flow's trigger claims an inbound message that no active run is waiting for.
 * Higher wins: an exact keyword beats a contained keyword or a pattern, which beats an ad
 * referral, which beats "any message". 0 means no match. API triggers never match messages.
 */
export const TRIGGER_PRIORITY = { exact: 40, contains: 30, regex: 30, referral: 20, message: 10 } as const;

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/**
 * What a keyword is compared on: case, accents, punctuation, emoji and extra spaces left out, so
 * "Promo!", "PROMO" and " promo 🎉" all start a "promo" flow (people do not type keywords the way
 * a marketer wrote them). A keyword made only of symbols ("👍", "?") keeps its symbols.
 */
function comparable(text: string): string {
  return simplifyText(text) || normalise(text);
}

function keywordMatches(data: TriggerData, text: string): boolean {
  const said = comparable(text);
  return (data.keywords ?? []).some((keyword) => {
    if (data.match === 'regex') {
      // RE2 (linear time): the contact's text cannot make the author's pattern backtrack for ever.
      try {
        return patternFinds(keyword, text, { ignoreCase: true });
      } catch {
        return false;
      }
    }
    const word = comparable(keyword);
    if (data.match === 'contains')
      return new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word)}($|[^\\p{L}\\p{N}])`, 'u').test(said);
    return said === word;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function triggerOf(flow: Flow): { id: string; data: TriggerData } | undefined {
  const node = flow.nodes.find((n) => n.type === 'trigger');
  return node ? { id: node.id, data: node.data as unknown as TriggerData } : undefined;
}

export function matchTrigger(flow: Flow, message: InboundMessage): number {
  const trigger = triggerOf(flow);
  if (!trigger) return 0;
  const { data } = trigger;
  switch (data.on) {
    case 'keyword':
      return keywordMatches(data, message.text ?? '') ? TRIGGER_PRIORITY[data.match ?? 'exact'] : 0;
    case 'referral':
      return message.referral ? TRIGGER_PRIORITY.referral : 0;
    case 'message':
      return TRIGGER_PRIORITY.message;
    case 'api':
      return 0;
  }
}

/**
 * The keywords two flows' triggers both answer to (as contacts would type them: compared the way
 * matching compares them). Two live flows owning one keyword means one of them never starts on it.
 * Regex triggers are not compared (whether two patterns overlap is not decidable in general).
 */
export function sharedKeywords(a: Flow, b: Flow): string[] {
  const keywordsOf = (flow: Flow): Map<string, string> => {
    const data = triggerOf(flow)?.data;
    if (data?.on !== 'keyword' || data.match === 'regex') return new Map();
    return new Map((data.keywords ?? []).map((keyword) => [comparable(keyword), keyword]));
  };
  const theirs = keywordsOf(b);
  return [...keywordsOf(a)].filter(([key]) => theirs.has(key)).map(([, keyword]) => keyword);
}
