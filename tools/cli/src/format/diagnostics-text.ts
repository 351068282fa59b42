import type { Diagnostic } from '@leadline/flow-core';

export function formatDiagnostics(file: string, diagnostics: Diagnostic[]): string {
  if (!diagnostics.length) return `✓ ${file}: no problems`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const lines = diagnostics.map((d) => {
    const where = d.nodeId ? ` [${d.nodeId}]` : d.edgeId ? ` [edge ${d.edgeId}]` : '';
    return `  ${d.severity === 'error' ? 'error  ' : 'warning'} ${d.code}${where} ${d.message}`;
  });
  const summary = `${errors ? '✗' : '✓'} ${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return [summary, ...lines].join('\n');
}
