import type { SimulatedStepError, Transcript, TranscriptEvent } from '@leadline/flow-core';

const DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function clock(at: string): string {
  return at.slice(11, 16);
}

function body(event: TranscriptEvent): string[] {
  switch (event.type) {
    case 'template': {
      const t = event.template;
      return [
        `📨 template ${t?.name} (${t?.language})${t?.params.length ? `: ${t.params.join(' | ')}` : ''}`,
      ];
    }
    case 'interactive': {
      const lines = (event.text ?? '').split('\n');
      if (event.buttons) lines.push(event.buttons.map((b) => `[ ${b.title} ]`).join(' '));
      if (event.list) {
        lines.push(`[ ☰ ${event.list.button} ]`);
        for (const section of event.list.sections) {
          if (section.title) lines.push(`  ${section.title}`);
          for (const row of section.rows)
            lines.push(`   • ${row.title}${row.description ? ` — ${row.description}` : ''}`);
        }
      }
      return lines;
    }
    case 'media':
      return [
        `🖼 ${event.media?.kind}: ${event.media?.url}${event.media?.caption ? ` — ${event.media.caption}` : ''}`,
      ];
    case 'document':
      return [`📄 ${event.filename}${event.caption ? ` — ${event.caption}` : ''}`];
    case 'button':
    case 'list':
      return [`(tapped) ${event.text ?? event.buttonId}`];
    default:
      return (event.text ?? '').split('\n');
  }
}

/**
 * A chat-like transcript with times, one day header per date; a step that left by its error port
 * shows as a ⚠ line at its time (before the messages of that moment that followed from it).
 */
export function formatTranscript(
  transcript: Transcript,
  contactName?: string,
  errors: SimulatedStepError[] = [],
): string {
  const lines: string[] = [];
  let day = '';
  const pending = [...errors];
  const header = (at: string) => {
    const date = DAY.format(new Date(at));
    if (date !== day) {
      day = date;
      lines.push(`── ${date} ──`);
    }
  };
  const failuresUntil = (at: string | undefined) => {
    while (pending.length && (at === undefined || pending[0].at <= at)) {
      const failure = pending.shift() as SimulatedStepError;
      header(failure.at);
      lines.push(`${clock(failure.at)}  ⚠ [${failure.node}] → error: ${failure.code}: ${failure.message}`);
    }
  };
  for (const event of transcript.events) {
    if (event.dir === 'out') failuresUntil(event.at);
    header(event.at);
    const who = event.dir === 'in' ? `← ${contactName ?? 'contact'}` : `→ bot [${event.node}]`;
    const [first, ...rest] = body(event);
    lines.push(`${clock(event.at)}  ${who}: ${first}`);
    for (const line of rest) lines.push(`${' '.repeat(7)}${line}`);
  }
  failuresUntil(undefined);
  const run = transcript.run;
  if (!run) {
    lines.push('Run: not started (no message matched the trigger)');
  } else {
    lines.push(`Run: ${run.status}${run.node ? ` at "${run.node}"` : ''} · vars ${JSON.stringify(run.vars)}`);
    if (run.error) lines.push(`     ${run.error.code}: ${run.error.message}`);
  }
  return lines.join('\n');
}
