import { describeDuration } from '../flow/duration';
import type { Flow } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import { SERVICE_WINDOW_MS, windowMarginMs } from '../runtime/window-policy';
import type { Diagnostic } from './diagnostic';

const UNREACHED = Number.NEGATIVE_INFINITY;

export interface WindowAnalysis {
  /**
   * For each node, the latest time (ms) after the contact's last message at which the node can run,
   * over every path from the trigger: `Infinity` when unbounded (an API trigger, or a loop that lets
   * time pass without a reply); absent when the node cannot be reached.
   */
  latestMs: Map<string, number>;
  /** Session messages sent from this many ms after the last message fall outside the window. */
  closesAfterMs: number;
}

/**
 * Longest-path relaxation (Bellman-Ford): a reply resets the clock, waits and timeouts add to it.
 * After |V| rounds a value that still grows lies on a cycle that only adds time, so it is unbounded.
 */
export function analyseWindow(flow: Flow): WindowAnalysis {
  const latest = new Map<string, number>(flow.nodes.map((node) => [node.id, UNREACHED]));
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  for (const node of flow.nodes) {
    if (node.type !== 'trigger') continue;
    latest.set(node.id, getNodeDefinition('trigger')?.timing?.startDelay?.(node.data as never) ?? 0);
  }
  const relax = (): Set<string> => {
    const changed = new Set<string>();
    for (const edge of flow.edges) {
      const source = nodes.get(edge.source);
      const from = latest.get(edge.source) ?? UNREACHED;
      if (!source || from === UNREACHED || !latest.has(edge.target)) continue;
      const delay =
        getNodeDefinition(source.type)?.timing?.portDelay?.(source.data as never, edge.sourceHandle ?? '') ??
        {};
      const out = delay.reset ? 0 : from + (delay.addMs ?? 0);
      if (out > (latest.get(edge.target) as number)) {
        latest.set(edge.target, out);
        changed.add(edge.target);
      }
    }
    return changed;
  };
  let changed = new Set<string>();
  for (let round = 0; round < flow.nodes.length; round += 1) {
    changed = relax();
    if (!changed.size) break;
  }
  if (changed.size) {
    // Still growing: unbounded. Spread Infinity to everything downstream that does not reset.
    for (const id of changed) latest.set(id, Number.POSITIVE_INFINITY);
    for (let round = 0; round < flow.nodes.length && relax().size; round += 1);
  }
  const reached = new Map([...latest].filter(([, value]) => value !== UNREACHED));
  return { latestMs: reached, closesAfterMs: SERVICE_WINDOW_MS - windowMarginMs(flow.settings) };
}

/** W24H: a session message that can go out after the window closed, with nothing to fall back on. */
export function checkWindow(flow: Flow, invalidNodes: ReadonlySet<string>): Diagnostic[] {
  const { latestMs, closesAfterMs } = analyseWindow(flow);
  const hasFlowTemplate = Boolean(flow.settings?.reengagementTemplate);
  const diagnostics: Diagnostic[] = [];
  for (const node of flow.nodes) {
    const definition = getNodeDefinition(node.type);
    const latest = latestMs.get(node.id);
    if (!definition?.timing?.sendsSession || invalidNodes.has(node.id) || latest === undefined) continue;
    if (!definition.timing.sendsSession(node.data as never) || latest < closesAfterMs) continue;
    if (hasFlowTemplate || definition.timing.hasFallback?.(node.data as never)) continue;
    if (flow.edges.some((edge) => edge.source === node.id && edge.sourceHandle === 'window_closed')) continue;
    const when = Number.isFinite(latest)
      ? `${describeDuration(latest)} after the contact's last message`
      : 'to a contact who may not have written in the last 24 hours (or ever, for an API trigger)';
    diagnostics.push({
      severity: 'warning',
      code: 'W24H',
      nodeId: node.id,
      message:
        `"${node.id}" can be sent ${when}, after WhatsApp's 24-hour window has closed; WhatsApp would refuse it. ` +
        'Add a fallback template (or the flow\'s re-engagement template, or a "window closed" path).',
    });
  }
  return diagnostics;
}
