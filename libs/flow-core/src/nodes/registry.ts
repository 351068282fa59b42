import type { NodeDefinition } from './node-definition';
import { triggerNode } from './trigger/trigger.node';
import { messageNode } from './message/message.node';
import { questionNode } from './question/question.node';
import { conditionNode } from './condition/condition.node';
import { setNode } from './set/set.node';
import { waitNode } from './wait/wait.node';
import { templateNode } from './template/template.node';
import { aiNode } from './ai/ai.node';
import { documentNode } from './document/document.node';
import { httpNode } from './http/http.node';
import { activityNode } from './activity/activity.node';
import { crmNode } from './crm/crm.node';
import { handoffNode } from './handoff/handoff.node';
import { endNode } from './end/end.node';

/** Every node type of format v1. Adding a type means adding its folder and one line here. */
export const nodeDefinitions = [
  triggerNode,
  messageNode,
  questionNode,
  conditionNode,
  setNode,
  waitNode,
  templateNode,
  aiNode,
  documentNode,
  httpNode,
  activityNode,
  crmNode,
  handoffNode,
  endNode,
] as const;

export type NodeType = (typeof nodeDefinitions)[number]['type'];

const byType = new Map<string, NodeDefinition>(
  nodeDefinitions.map((definition) => [definition.type, definition as unknown as NodeDefinition]),
);

export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return byType.get(type);
}

export const NODE_TYPES = nodeDefinitions.map((definition) => definition.type) as NodeType[];
