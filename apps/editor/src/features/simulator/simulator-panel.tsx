import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseDuration, type TranscriptEvent } from '@leadline/flow-core';
import type { TemplateOption } from '../../flows/w24h-fix';
import { useEditor } from '../../store';
import { withDaySeparators } from './chat-days';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function clock(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toLocaleString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A template as the contact reads it: its synced body with the parameters filled in. */
export function templateText(event: TranscriptEvent, templates: readonly TemplateOption[]): string {
  const template = event.template;
  if (!template) return '';
  const params = template.params ?? [];
  const body = templates.find(
    (candidate) => candidate.name === template.name && candidate.language === template.language,
  )?.body;
  if (!body) return params.join(' · ');
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, index: string) => params[Number(index) - 1] ?? '');
}

function Bubble({ event, onTap }: { event: TranscriptEvent; onTap(id: string, list: boolean): void }) {
  const templates = useEditor((state) => state.templates);
  const text =
    event.type === 'template'
      ? templateText(event, templates)
      : (event.text ?? event.caption ?? event.filename ?? event.media?.url ?? '');
  const options = [
    ...(event.buttons ?? []).map((button) => ({ ...button, list: false })),
    ...(event.list?.sections.flatMap((section) => section.rows) ?? []).map((row) => ({ ...row, list: true })),
  ];
  return (
    <li
      className={`bubble bubble--${event.dir}${event.type === 'template' ? ' bubble--template' : ''}`}
      data-node={event.node}
    >
      {event.type === 'template' && <span className="bubble__tag">Template {event.template?.name}</span>}
      <span className="bubble__text">{text}</span>
      {options.length > 0 && event.dir === 'out' && (
        <span className="bubble__options">
          {options.map((option) => (
            <button
              key={option.id}
              type="button"
              className="bubble__option"
              onClick={() => onTap(option.id, option.list)}
            >
              {option.title}
            </button>
          ))}
        </span>
      )}
      <time className="bubble__time">{clock(event.at).split(', ').at(-1)}</time>
    </li>
  );
}

/** A WhatsApp-like chat with the draft flow, run by the core on a simulated clock. */
/** Why a message did not start the flow, from its trigger, in words. */
export function whyNoStart(trigger: Record<string, unknown> | undefined): string {
  if (!trigger) return 'the flow has no trigger.';
  if (trigger.on === 'keyword') {
    const keywords = Array.isArray(trigger.keywords)
      ? trigger.keywords.map((word) => `“${String(word)}”`)
      : [];
    const how =
      trigger.match === 'contains'
        ? 'a message containing'
        : trigger.match === 'regex'
          ? 'a message matching the pattern'
          : 'the message';
    const loose = trigger.match === 'regex' ? '' : ' (case and punctuation do not matter)';
    return `this flow starts on ${how} ${keywords.join(' or ') || '(no keyword yet)'}${loose}.`;
  }
  if (trigger.on === 'referral') return 'this flow starts when someone writes after clicking an ad.';
  return 'the flow did not start.';
}

export function SimulatorPanel() {
  const { sim, simSend, simAdvance, simClose, simStart } = useEditor(
    useShallow((state) => ({
      sim: state.sim,
      simSend: state.simSend,
      simAdvance: state.simAdvance,
      simClose: state.simClose,
      simStart: state.simStart,
    })),
  );
  const { trigger } = useEditor(
    useShallow((state) => ({
      trigger: state.nodes.find((node) => node.data.nodeType === 'trigger')?.data.config,
    })),
  );
  const [draft, setDraft] = useState('');
  const [skip, setSkip] = useState('30m');
  // The newest message is always in view, as in a chat app.
  const chat = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (chat.current) chat.current.scrollTop = chat.current.scrollHeight;
  }, [sim.events.length]);
  if (!sim.open) return null;
  // Messages were sent but no run started: say why, from the trigger.
  const startedNothing = sim.events.length > 0 && !sim.run && !sim.apiTrigger && !sim.error;
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    void simSend(draft);
    setDraft('');
  };
  const custom = parseDuration(skip);
  const vars = Object.entries(sim.run?.vars ?? {});
  return (
    <section className="simulator" aria-label="Simulator">
      <header className="simulator__head">
        <h2 className="panel-title">Simulator</h2>
        <span className="simulator__clock" data-testid="sim-clock">
          🕒 {clock(sim.now)}
        </span>
        <button type="button" className="chip" onClick={() => void simStart()}>
          Restart
        </button>
        <button type="button" className="chip" onClick={simClose} aria-label="Close the simulator">
          ✕
        </button>
      </header>
      {sim.error && (
        <p className="simulator__error" role="alert">
          {sim.error}
        </p>
      )}
      <ol className="chat" aria-label="Conversation" ref={chat}>
        {sim.events.length === 0 && !sim.error && (
          <li className="chat__hint">
            {sim.apiTrigger ? 'The run starts when a lead arrives.' : 'Write a message to start the flow.'}
          </li>
        )}
        {withDaySeparators(sim.events).map((item, index) =>
          item.kind === 'day' ? (
            <li key={`day:${item.date}`} className="chat__day" role="separator" aria-label={item.label}>
              <span>{item.label}</span>
            </li>
          ) : (
            <Bubble
              key={index}
              event={item.event}
              onTap={(id, list) => void simSend(list ? { list: id } : { button: id })}
            />
          ),
        )}
        {startedNothing && (
          <li className="chat__hint" role="note">
            That message started nothing: {whyNoStart(trigger)}
          </li>
        )}
      </ol>
      <div className="simulator__time" role="group" aria-label="Skip time">
        <button type="button" className="chip" onClick={() => void simAdvance(HOUR)}>
          +1 h
        </button>
        <button type="button" className="chip" onClick={() => void simAdvance(DAY)}>
          +1 day
        </button>
        <input
          className="field__input simulator__skip"
          value={skip}
          aria-label="Custom time skip"
          onChange={(event) => setSkip(event.currentTarget.value)}
        />
        <button
          type="button"
          className="chip"
          disabled={custom === undefined}
          onClick={() => custom && void simAdvance(custom)}
        >
          Skip
        </button>
      </div>
      <form className="simulator__compose" onSubmit={send}>
        <input
          className="field__input"
          value={draft}
          placeholder="Type a message"
          aria-label="Message to the bot"
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" className="button button--primary">
          Send
        </button>
      </form>
      <div className="simulator__state">
        <p>
          Run: <strong data-testid="sim-status">{sim.run?.status ?? 'not started'}</strong>
          {sim.run?.node && (
            <>
              {' '}
              at <code data-testid="sim-node">{sim.run.node}</code>
            </>
          )}
        </p>
        {vars.length > 0 && (
          <table className="simulator__vars" aria-label="Variables">
            <tbody>
              {vars.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
