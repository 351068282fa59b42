import {
  getNodeDefinition,
  portsOf,
  portWords,
  type NodeDefinition,
  type PortSpec,
} from '@leadline/flow-core';
import { summarizeNode } from './node-summary';

/** What the canvas draws for a node, all taken from the core's definition of its type. */
export interface NodeView {
  definition: NodeDefinition | undefined;
  icon: string;
  typeLabel: string;
  category: NodeDefinition['category'] | 'unknown';
  title: string;
  /** What the bot says, or what the step does, in plain words. */
  summary: string;
  /** Buttons or list rows, by title. */
  chips: string[];
  /** A question's expected answer ("Expects a number"). */
  expects?: string;
  ports: PortSpec[];
  /** Every node but a trigger can be reached by an edge. */
  acceptsEdges: boolean;
}

/**
 * Ports come from the definition's `ports(data)` on the parsed data (defaults applied). Data the
 * schema rejects still gets the ports the definition can work out from it, so the edges of a flow
 * being fixed stay attached; the problems panel says what is wrong with the data.
 */
export function nodePorts(type: string, data: Record<string, unknown>): PortSpec[] {
  const definition = getNodeDefinition(type);
  if (!definition) return [];
  const parsed = definition.dataSchema.safeParse(data);
  try {
    return portsOf({ id: '', type, data: (parsed.success ? parsed.data : data) as Record<string, unknown> });
  } catch {
    return [];
  }
}

/** The words an edge wears: its port's label (a button's title, "If they don't answer"), never its id. */
export function edgeLabel(type: string, data: Record<string, unknown>, portId: string): string {
  return nodePorts(type, data).find((port) => port.id === portId)?.label ?? portWords(portId);
}

function summaryOf(type: string, data: Record<string, unknown>) {
  const { text, chips, expects } = summarizeNode(type, data);
  return { summary: text, chips: chips ?? [], ...(expects ? { expects } : {}) };
}

export function viewNode(type: string, data: Record<string, unknown>): NodeView {
  const definition = getNodeDefinition(type);
  const label = typeof data.label === 'string' && data.label.trim() !== '' ? data.label.trim() : undefined;
  return {
    definition,
    icon: definition?.icon ?? '❔',
    typeLabel: definition?.label ?? (type ? `Unknown type "${type}"` : 'No type'),
    category: definition?.category ?? 'unknown',
    title: label ?? definition?.label ?? (type || 'Node'),
    ...summaryOf(type, data),
    ports: nodePorts(type, data),
    acceptsEdges: type !== 'trigger' && definition?.category !== 'trigger',
  };
}

/** Node card metrics, kept in step with styles.css (.flow-node*): the layout needs sizes before rendering. */
const CARD = {
  minWidth: 220,
  /** styles.css .flow-node max-width: wider ports wrap onto more rows. */
  maxWidth: 320,
  charWidth: 6.4,
  portPadding: 6,
  portGap: 6,
  rowPadding: 14,
  header: 48,
  /** The summary shows up to three lines of what the bot says. */
  summaryLine: 18,
  summaryChars: 34,
  chips: 30,
  expects: 18,
  ports: 44,
};

/** A slightly generous guess of a node card's size, so that laid-out nodes do not overlap. */
export function estimateNodeSize(view: NodeView): { width: number; height: number } {
  const portsWidth =
    CARD.rowPadding +
    view.ports.reduce((sum, port) => sum + port.label.length * CARD.charWidth + CARD.portPadding, 0) +
    CARD.portGap * Math.max(0, view.ports.length - 1);
  const metaWidth = 40 + (view.typeLabel.length + view.title.length) * CARD.charWidth;
  const width = Math.ceil(Math.min(CARD.maxWidth, Math.max(CARD.minWidth, portsWidth, metaWidth)));
  const portRows = Math.max(1, Math.ceil(portsWidth / CARD.maxWidth));
  return {
    width,
    height:
      CARD.header +
      Math.min(3, Math.ceil(view.summary.length / CARD.summaryChars)) * CARD.summaryLine +
      (view.chips.length ? CARD.chips : 0) +
      (view.expects ? CARD.expects : 0) +
      (view.ports.length ? CARD.ports * portRows : 8),
  };
}
