export type Severity = 'error' | 'warning';

/** Every code the validator can report. */
export const DIAGNOSTIC_CODES = [
  'SCHEMA',
  'TRIGGER',
  'DUPLICATE_ID',
  'DANGLING_EDGE',
  'DUPLICATE_PORT',
  'EDGE_TO_TRIGGER',
  'UNREACHABLE',
  'LOOP_WITHOUT_WAIT',
  'EXPRESSION',
  'PATTERN',
  'WAIT_TOO_SHORT',
  'WHATSAPP_LIMIT',
  'TEMPLATE_NAME',
  'UNKNOWN_ACTIVITY',
  'W24H',
  'DEAD_END',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode | string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the node's data (e.g. "data.buttons.3.title") or the document (e.g. "settings"). */
  path?: string;
  message: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
