import type { RunDetail, RunSummary } from './runs-data';

/** `2026-03-01 10:00:00Z`: seconds are enough to read a run's history. */
export function shortTime(at: Date | null): string {
  return at ? `${at.toISOString().slice(0, 19).replace('T', ' ')}Z` : '-';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}

export function formatRunList(runs: RunSummary[], more: boolean, limit: number): string {
  if (!runs.length) return 'No runs match.';
  const lines = table(
    ['RUN', 'FLOW', 'CONTACT', 'STATUS', 'NODE', 'STARTED', 'UPDATED'],
    runs.map((run) => [
      run.id,
      `${run.flowKey} v${run.flowVersion}`,
      run.contactPhone,
      run.status,
      run.currentNode ?? '-',
      shortTime(run.startedAt),
      shortTime(run.updatedAt),
    ]),
  );
  lines.push('', more ? `The newest ${limit} runs; more match (use --limit).` : `${runs.length} run(s).`);
  return lines.join('\n');
}

function errorText(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return error ? String(error) : undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return [code, message].filter(Boolean).map(String).join(': ') || JSON.stringify(error);
}

/** Why a step left by its error port (on its node.exit event), e.g. `  HTTP_STATUS: POST ... answered 500 (3 attempts)`. */
function exitErrorText(data: unknown): string {
  const error = (data as { error?: { code?: unknown; message?: unknown; attempts?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object') return '';
  const what = [error.code, error.message].filter(Boolean).map(String).join(': ');
  const attempts = typeof error.attempts === 'number' ? error.attempts : undefined;
  return `  ${what}${attempts ? ` (${attempts} attempt${attempts === 1 ? '' : 's'})` : ''}`;
}

/** What a message said, in one short line: the text, or the template's name. */
function messageGist(message: RunDetail['messages'][number]): string {
  const body = (message.body ?? {}) as { text?: unknown; template?: { name?: unknown } };
  if (message.templateName || body.template?.name)
    return `template ${message.templateName ?? body.template?.name}`;
  if (typeof body.text === 'string') {
    const text = body.text.replace(/\s+/g, ' ').trim();
    return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
  }
  return message.type;
}

export function formatRunDetail(run: RunDetail, tenant: string): string {
  const lines = [
    `Run ${run.id} (tenant "${tenant}")`,
    `  flow      ${run.flowKey} v${run.flowVersion}`,
    `  contact   ${run.contactPhone} (${run.contactId})`,
    `  status    ${run.status}${run.currentNode ? ` at node ${run.currentNode}` : ''}`,
    `  started   ${shortTime(run.startedAt)}   updated ${shortTime(run.updatedAt)}   ended ${shortTime(run.endedAt)}`,
  ];
  const error = errorText(run.error);
  if (error) lines.push(`  error     ${error}`);
  lines.push('', `Events (${run.events.length}):`);
  if (!run.events.length) lines.push('  none yet');
  else {
    lines.push(
      ...table(
        ['SEQ', 'AT', 'TYPE', 'NODE'],
        run.events.map((event) => [
          String(event.seq),
          `${event.at.toISOString().slice(0, 23).replace('T', ' ')}Z`,
          event.type,
          `${event.nodeId ?? '-'}${event.port ? ` → ${event.port}` : ''}${exitErrorText(event.data)}`,
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  lines.push('', `Messages (${run.messages.length}):`);
  if (!run.messages.length) lines.push('  none');
  else {
    lines.push(
      ...table(
        ['AT', 'DIR', 'STATUS', 'WHAT'],
        run.messages.map((message) => [
          shortTime(message.createdAt),
          message.direction,
          message.status,
          `${messageGist(message)}${message.errorCode ? ` (error ${message.errorCode}: ${message.errorMessage ?? ''})` : ''}`,
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  return lines.join('\n');
}
