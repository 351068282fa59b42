import type { FlowSettings } from './flow-settings.schema';

export const FLOW_FORMAT = 'leadline.flow/v1';

export interface FlowNode {
  id: string;
  type: string;
  position?: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface FlowEdge {
  id: string;
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export interface Flow {
  format: typeof FLOW_FORMAT;
  id: string;
  name: string;
  description?: string;
  settings?: FlowSettings;
  nodes: FlowNode[];
  edges: FlowEdge[];
}
