import { z } from 'zod';
import { getNodeDefinition, type TemplateRef } from '@leadline/flow-core';

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

export function templateRefFor(option: TemplateOption): TemplateRef {
  return {
    name: option.name,
    language: option.language,
    params: Array.from({ length: option.bodyParams }, () => ''),
  };
}

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
 * re-engagement template (which covers every session message of the flow).
 */
export function w24hFix(
  node: { id: string; nodeType: string; config: Record<string, unknown> },
  envelope: Record<string, unknown>,
  template: TemplateOption,
): W24hFix {
  const ref = templateRefFor(template);
  if (takesFallbackTemplate(node.nodeType)) {
    return { kind: 'node', nodeId: node.id, config: { ...node.config, fallbackTemplate: ref } };
  }
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
