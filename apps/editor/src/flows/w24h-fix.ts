import { z } from 'zod';
import {
  fallbackTemplateParams,
  getNodeDefinition,
  type FlowEdge,
  type FlowNode,
  type TemplateRef,
} from '@leadline/flow-core';
import { flowNameOf } from './flow-entry';

/** A template the tenant can send, as the template picker lists it. */
export interface TemplateOption {
  name: string;
  language: string;
  status?: string;
  category?: string;
  /** How many `{{n}}` body parameters it takes: one slot each in the editor. */
  bodyParams: number;
  body?: string;
}

/** Used when no synced template is known yet: the author picks the real one in the property panel. */
export const PLACEHOLDER_TEMPLATE: TemplateOption = { name: 'follow_up', language: 'en', bodyParams: 0 };

/** True when the node type has its own `fallbackTemplate` field (message, question). */
export function takesFallbackTemplate(nodeType: string): boolean {
  const definition = getNodeDefinition(nodeType);
  if (!definition) return false;
  const schema = z.toJSONSchema(definition.dataSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
  };
  return Boolean(schema.properties?.fallbackTemplate);
}

export type W24hFix =
  | { kind: 'node'; nodeId: string; config: Record<string, unknown> }
  | { kind: 'flow'; envelope: Record<string, unknown> };

/**
 * The one-click answer to W24H: a fallback template on the node when its type has one, else the flow's
 * re-engagement template (which covers every session message of the flow). Either way its body
 * parameters are filled by the core, so the template goes out complete.
 */
export function w24hFix(
  node: { id: string; nodeType: string; config: Record<string, unknown> },
  flow: { envelope: Record<string, unknown>; nodes: FlowNode[]; edges: FlowEdge[] },
  template: TemplateOption,
): W24hFix {
  const { envelope } = flow;
  const own = takesFallbackTemplate(node.nodeType);
  const params = fallbackTemplateParams(
    { name: flowNameOf(envelope, String(envelope.id ?? '')), nodes: flow.nodes, edges: flow.edges },
    template,
    own ? node.id : undefined,
  );
  const ref: TemplateRef = { name: template.name, language: template.language, params };
  if (own) return { kind: 'node', nodeId: node.id, config: { ...node.config, fallbackTemplate: ref } };
  const settings = (envelope.settings ?? {}) as Record<string, unknown>;
  return { kind: 'flow', envelope: { ...envelope, settings: { ...settings, reengagementTemplate: ref } } };
}

/** The template the fix uses: the first approved one, else any synced one, else a placeholder. */
export function pickFixTemplate(templates: readonly TemplateOption[]): TemplateOption {
  return (
    templates.find((template) => template.status === undefined || template.status === 'approved') ??
    templates[0] ??
    PLACEHOLDER_TEMPLATE
  );
}
