import type { Flow } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import { hasErrors, type Diagnostic } from './diagnostic';
import { checkExpressions } from './expression-checks';
import {
  checkDeadEnds,
  checkEdges,
  checkIds,
  checkLoops,
  checkReachability,
  checkTriggers,
} from './graph-checks';
import { parseFlow } from './parse-flow';
import { withDefaultPorts } from './ports';
import { checkWindow } from './w24h-analysis';

export interface ValidateOptions {
  /** Names of the registered custom activities; when given, unknown names are errors. */
  activities?: readonly string[];
}

export interface ValidationResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The parsed flow (defaults applied), when the document itself could be read. */
  flow?: Flow;
}

function nodeLint(flow: Flow, invalidNodes: ReadonlySet<string>, options: ValidateOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const node of flow.nodes) {
    const definition = getNodeDefinition(node.type);
    if (!definition || invalidNodes.has(node.id)) continue;
    for (const issue of definition.lint?.(node.data as never, flow, node) ?? []) {
      diagnostics.push({
        severity: issue.severity,
        code: issue.code,
        nodeId: node.id,
        ...(issue.path ? { path: `data.${issue.path}` } : {}),
        message: `${definition.label} "${node.id}": ${issue.message}`,
      });
    }
    if (
      node.type === 'activity' &&
      options.activities &&
      !options.activities.includes(String(node.data.name))
    ) {
      diagnostics.push({
        severity: 'error',
        code: 'UNKNOWN_ACTIVITY',
        nodeId: node.id,
        path: 'data.name',
        message: `${definition.label} "${node.id}": custom activity "${String(node.data.name)}" is not registered on this server.`,
      });
    }
  }
  return diagnostics;
}

const ORDER: Record<string, number> = { error: 0, warning: 1 };

/** Checks a flow document against format v1 and reports every problem with the node at fault. */
export function validateFlow(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const parsed = parseFlow(input);
  if (!parsed.flow) return { ok: false, diagnostics: parsed.diagnostics };
  const flow = withDefaultPorts(parsed.flow, parsed.invalidNodes);
  const invalid = parsed.invalidNodes;
  const diagnostics = [
    ...parsed.diagnostics,
    ...checkIds(flow),
    ...checkTriggers(flow),
    ...checkEdges(flow, invalid),
    ...nodeLint(flow, invalid, options),
    ...checkExpressions(flow, invalid),
    ...checkLoops(flow),
    ...checkReachability(flow),
    ...checkDeadEnds(flow, invalid),
    ...checkWindow(flow, invalid),
  ].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return { ok: !hasErrors(diagnostics), diagnostics, flow };
}
