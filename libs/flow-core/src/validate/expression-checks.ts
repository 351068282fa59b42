import { expressionProblem } from '../expressions/expression';
import { templateProblems } from '../expressions/interpolate';
import type { Flow } from '../flow/flow.types';
import { getNodeDefinition } from '../nodes/registry';
import type { Diagnostic } from './diagnostic';

/**
 * EXPRESSION: every JSONata expression and `{{ }}` placeholder must parse. PATTERN: their regex
 * literals must compile on RE2 (no backreferences or lookaround), as patterns run there.
 */
export function checkExpressions(flow: Flow, invalidNodes: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const node of flow.nodes) {
    const definition = getNodeDefinition(node.type);
    if (!definition?.expressions || invalidNodes.has(node.id)) continue;
    for (const field of definition.expressions(node.data as never)) {
      const problems =
        field.kind === 'expression'
          ? [expressionProblem(field.source)].filter((p) => p !== undefined)
          : templateProblems(field.source);
      for (const problem of problems) {
        diagnostics.push({
          severity: 'error',
          code: problem.code,
          nodeId: node.id,
          path: `data.${field.path}`,
          message: `"${node.id}" data.${field.path}: ${problem.message}`,
        });
      }
    }
  }
  return diagnostics;
}
