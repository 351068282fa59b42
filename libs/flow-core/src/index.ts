// The flow runtime core: format v1, validation, the interpreter and the simulator.
// Pure TypeScript: no I/O, no clock, no randomness. Runs in Node, browsers and Temporal workflows.
export * from './flow/flow.types';
export * from './flow/duration';
export * from './flow/template-ref.schema';
export * from './flow/flow-settings.schema';
export { flowSchema, flowNodeSchema, flowJsonSchema } from './flow/flow.schema';
export { FLOW_ID_PATTERN, NODE_ID_PATTERN } from './flow/flow-envelope.schema';
export { flowSizeProblem, MAX_FLOW_BYTES, MAX_FLOW_NODES } from './flow/flow-size';

export * from './nodes/node-definition';
export { nodeDefinitions, getNodeDefinition, NODE_TYPES, type NodeType } from './nodes/registry';
export { bodyLimit, characterCount, LIMITS as WHATSAPP_LIMITS } from './nodes/shared/whatsapp-limits';
export { ui, type UiHints } from './flow/ui-hints';

export * from './expressions/expression';
export {
  interpolate,
  findPlaceholders,
  checkTemplate,
  secretPlaceholder,
  type SecretSlot,
} from './expressions/interpolate';

export * from './validate/diagnostic';
export { validateFlow, type ValidateOptions, type ValidationResult } from './validate/validate-flow';
export { analyseWindow, type WindowAnalysis } from './validate/w24h-analysis';
export { fallbackTemplateParams, type FallbackTemplateBody } from './validate/w24h-fallback-params';
export { portsOf } from './validate/ports';

export * from './runtime/messages';
export * from './runtime/run-state';
export * from './runtime/events';
export * from './runtime/effects';
export { serviceWindow, windowMarginMs, SERVICE_WINDOW_MS, type WindowStatus } from './runtime/window-policy';
export {
  step,
  MAX_NODES_PER_TRANSITION,
  MAX_QUIET_TRANSITIONS,
  RUN_LIMIT_CODES,
  type Transition,
} from './runtime/interpreter';
export { MIN_WAIT_MS } from './flow/duration';
export { PatternError, compilePattern, patternProblem } from './patterns/pattern';
export { compileFlow } from './runtime/compiled-flow';
export { withLatestInbound } from './runtime/latest-inbound';

export { matchTrigger, sharedKeywords, triggerOf, TRIGGER_PRIORITY } from './triggers/trigger-match';
export * from './routing/route-inbound';

export * from './answers';
export * from './money/money';

export {
  Simulation,
  type SimulatedStepError,
  type SimulationOptions,
  type UserInput,
} from './simulator/simulation';
export { simulate, simulateWithErrors, parseScript, ScriptError } from './simulator/simulate';
export * from './simulator/scripted-activities';
export { simulationScriptSchema, type SimulationScript, type ScriptStep } from './simulator/script.schema';
export * from './simulator/transcript';
export { optionTitle, optionsOf } from './nodes/shared/interactive.schema';
export {
  checkTemplateDraft,
  templateComponents,
  templateDraftSchema,
  templateVariables,
  fillSamples,
  TEMPLATE_LIMITS,
  type TemplateDraft,
  type TemplateDraftButton,
  type TemplateProblem,
} from './templates/template-draft';
export { PORT_WORDS, portWords, sharedPort } from './nodes/shared/port-words';
