import { z } from 'zod';
import {
  fallbackTemplateParams,
  getNodeDefinition,
  type FlowEdge,
  type FlowNode,
  type TemplateRef,
} from '@leadline/flow-core';
import { flowNameOf } from './flow-entry';
import { simplifyWords } from './words';

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

export interface RankedTemplate {
  template: TemplateOption;
  /** 0..1: how much of the step's wording the template shares (a hint, the author decides). */
  fit: number;
}

/** Below this a template says something else than the step: the chooser says none fits well. */
export const GOOD_FIT = 0.15;

/**
 * The approved templates, best fit first, for a step whose text would go out after the 24-hour
 * window: fit is the share of the step's words the template's body also uses (so "we will close
 * your request" ranks low for a promo reminder). Never picks for the author: see the chooser.
 */
export function rankFixTemplates(templates: readonly TemplateOption[], stepText: string): RankedTemplate[] {
  const wanted = simplifyWords(stepText);
  return templates
    .filter((template) => template.status === undefined || template.status === 'approved')
    .map((template) => {
      const body = simplifyWords(`${template.name.replace(/_/g, ' ')} ${template.body ?? ''}`);
      const shared = [...wanted].filter((word) => body.has(word)).length;
      return { template, fit: wanted.size ? shared / wanted.size : 0 };
    })
    .sort((a, b) => b.fit - a.fit || a.template.name.localeCompare(b.template.name));
}

/** The template's body as the contact reads it, its `{{n}}` slots shown with what fills them. */
export function previewTemplate(template: TemplateOption, params: readonly string[]): string {
  return (template.body ?? '').replace(
    /\{\{\s*(\d+)\s*\}\}/g,
    (slot, index: string) => params[Number(index) - 1] ?? slot,
  );
}
