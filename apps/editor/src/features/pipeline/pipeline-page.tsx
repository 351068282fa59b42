import { useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, can, useSession } from '../auth';
import { Empty, ErrorBox, Loading, plainError, useLoad } from '../shell/load-state';
import { moveCard, shiftStage, STARTER_STAGES } from './board-moves';
import { contactLabel, pipelineApi, type BoardCard, type BoardColumn, type Stage } from './pipeline-api';

const pipeline = pipelineApi(api);
const DRAG_TYPE = 'application/x-leadline-contact';

/**
 * The pipeline as a board: one column per stage, a card per contact. A card moves by drag and drop or
 * with its "Move to" list (keyboard and screen readers); the move is shown at once and undone if the
 * API refuses it.
 */
export function PipelinePage() {
  const caller = useSession((state) => state.caller);
  const mayMove = can(caller, 'contacts:write');
  const mayManage = can(caller, 'pipeline:manage');
  const [board, reload, setBoard] = useLoad(() => pipeline.board(), 'board');
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [managing, setManaging] = useState(false);

  const move = async (card: BoardCard, toStageId: string) => {
    if (!board.data) return;
    const before = board.data;
    const target = before.find((column) => column.id === toStageId);
    const from = before.find((column) => column.cards.some((c) => c.id === card.id));
    if (!target || !from || target.cards.some((c) => c.id === card.id)) return;
    setBoard(moveCard(before, card.id, toStageId));
    setNotice(null);
    try {
      const result = await pipeline.move(card.id, toStageId);
      const flow = result.flow;
      setNotice({
        tone: flow && !flow.started ? 'error' : 'info',
        text:
          `${contactLabel(card)} moved to ${target.name}.` +
          (flow
            ? flow.started
              ? ` The flow “${flow.name ?? flow.key}” started.`
              : ` Its flow did not start: ${flow.problem}`
            : ''),
      });
    } catch (error) {
      // Only this card goes back: other moves made while this one was asked stay (the board as it
      // was before this move would undo them too, though the API took them).
      setBoard((current) => moveCard(current ?? before, card.id, from.id));
      setNotice({ tone: 'error', text: `${contactLabel(card)} was not moved: ${plainError(error)}` });
    }
  };

  const onDrop = (event: DragEvent, stageId: string) => {
    event.preventDefault();
    setDropTarget(null);
    const contactId = event.dataTransfer.getData(DRAG_TYPE);
    const card = board.data?.flatMap((column) => column.cards).find((c) => c.id === contactId);
    if (card) void move(card, stageId);
  };

  return (
    <section className="page page--wide pipeline" aria-labelledby="pipeline-title">
      <header className="page__header">
        <h1 id="pipeline-title">Pipeline</h1>
        {mayManage && board.data && board.data.length > 0 && (
          <button
            type="button"
            className="button"
            aria-expanded={managing}
            onClick={() => setManaging(!managing)}
          >
            {managing ? 'Done editing stages' : 'Edit stages'}
          </button>
        )}
      </header>
      <div
        role="status"
        aria-live="polite"
        className={notice ? `notice notice--${notice.tone}` : 'visually-hidden'}
      >
        {notice?.text}
      </div>
      {board.status === 'error' && <ErrorBox message={board.error} retry={reload} />}
      {!board.data && board.status === 'loading' && <Loading what="the pipeline" />}
      {board.data && board.data.length === 0 && <EmptyBoard mayManage={mayManage} onCreated={reload} />}
      {managing && board.data && board.data.length > 0 && (
        <StageEditor stages={board.data} onChanged={reload} />
      )}
      {board.data && board.data.length > 0 && (
        <div className="board" aria-label="Pipeline board">
          {board.data.map((column) => (
            <section
              key={column.id}
              className={`board__column${dropTarget === column.id ? ' board__column--over' : ''}`}
              aria-labelledby={`stage-${column.id}`}
              data-stage={column.name}
              onDragOver={(event) => {
                if (!mayMove || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setDropTarget(column.id);
              }}
              onDragLeave={() => setDropTarget((current) => (current === column.id ? null : current))}
              onDrop={(event) => onDrop(event, column.id)}
            >
              <h2 id={`stage-${column.id}`} className="board__title" style={{ borderTopColor: column.color }}>
                <span>{column.name}</span>
                <span className="board__count" aria-label={`${column.contacts} contacts`}>
                  {column.contacts}
                </span>
              </h2>
              {column.startFlowKey && (
                <p className="board__flow muted">
                  Starts the flow “{column.startFlowName ?? column.startFlowKey}”
                </p>
              )}
              <ul className="board__cards">
                {column.cards.map((card) => (
                  <ContactCard
                    key={card.id}
                    card={card}
                    column={column}
                    board={board.data!}
                    mayMove={mayMove}
                    onMove={move}
                  />
                ))}
              </ul>
              {column.cards.length === 0 && <p className="board__empty">No contacts in this stage.</p>}
              {column.contacts > column.cards.length && (
                <Link className="board__more" to={`/contacts?stage=${column.id}`}>
                  See all {column.contacts}
                </Link>
              )}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function ContactCard({
  card,
  column,
  board,
  mayMove,
  onMove,
}: {
  card: BoardCard;
  column: BoardColumn;
  board: BoardColumn[];
  mayMove: boolean;
  onMove(card: BoardCard, stageId: string): Promise<void>;
}) {
  const label = contactLabel(card);
  return (
    <li
      className="board__card"
      draggable={mayMove}
      data-contact={label}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, card.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <Link to={`/contacts/${card.id}`} className="board__name">
        {label}
      </Link>
      {card.name && <span className="muted board__phone">{card.phone}</span>}
      {card.tags.length > 0 && (
        <span className="board__tags">
          {card.tags.slice(0, 3).map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
      )}
      {mayMove && (
        <label className="board__move">
          <span className="visually-hidden">Move {label} to</span>
          <select
            className="field__input field__input--small"
            value=""
            aria-label={`Move ${label} to`}
            onChange={(event) => {
              const stageId = event.currentTarget.value;
              if (stageId) void onMove(card, stageId);
            }}
          >
            <option value="">Move to…</option>
            {board
              .filter((other) => other.id !== column.id)
              .map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
          </select>
        </label>
      )}
    </li>
  );
}

function EmptyBoard({ mayManage, onCreated }: { mayManage: boolean; onCreated(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const stage of STARTER_STAGES) await pipeline.createStage(stage);
      onCreated();
    } catch (failure) {
      setError(plainError(failure));
      onCreated();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Empty>
      Your pipeline has no stages yet.{' '}
      {mayManage ? (
        <>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void start()}
            disabled={busy}
          >
            Add the usual stages
          </button>{' '}
          (New lead, Qualified, Proposal sent, Won, Lost; you can rename them).
        </>
      ) : (
        'An owner or an admin can add them.'
      )}
      {error && <ErrorBox message={error} />}
    </Empty>
  );
}

/** Owners and admins: add, rename, recolour, reorder and remove stages, and pick the flow each starts. */
function StageEditor({ stages, onChanged }: { stages: Stage[]; onChanged(): void }) {
  const [flows] = useLoad(() => api.listFlows().catch(() => []), 'flows');
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const run = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
    } catch (failure) {
      setError(plainError(failure));
    }
    onChanged();
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Give the new stage a name.');
    void run(async () => {
      await pipeline.createStage({ name: name.trim() });
      setName('');
    });
  };
  const published = (flows.data ?? []).filter((flow) => flow.activeVersion !== null && !flow.archived);
  const ids = stages.map((stage) => stage.id);
  return (
    <section className="card stage-editor" aria-label="Edit stages">
      {error && <ErrorBox message={error} />}
      <ol className="stage-editor__list">
        {stages.map((stage, index) => (
          <li key={stage.id} className="stage-editor__row">
            <input
              type="color"
              aria-label={`Colour of ${stage.name}`}
              defaultValue={stage.color}
              onBlur={(e) =>
                e.currentTarget.value !== stage.color &&
                void run(() => pipeline.updateStage(stage.id, { color: e.currentTarget.value }))
              }
            />
            <input
              className="field__input"
              aria-label={`Name of ${stage.name}`}
              defaultValue={stage.name}
              onBlur={(e) => {
                const next = e.currentTarget.value.trim();
                if (next && next !== stage.name)
                  void run(() => pipeline.updateStage(stage.id, { name: next }));
              }}
            />
            <select
              className="field__input"
              aria-label={`Flow started when a contact is moved to ${stage.name}`}
              value={stage.startFlowKey ?? ''}
              onChange={(e) =>
                void run(() =>
                  pipeline.updateStage(stage.id, { startFlowKey: e.currentTarget.value || null }),
                )
              }
            >
              <option value="">Starts no flow</option>
              {stage.startFlowKey && !published.some((flow) => flow.key === stage.startFlowKey) && (
                <option value={stage.startFlowKey}>{stage.startFlowKey} (not published)</option>
              )}
              {published.map((flow) => (
                <option key={flow.id} value={flow.key}>
                  Starts “{flow.name}”
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small"
              aria-label={`Move ${stage.name} left`}
              disabled={index === 0}
              onClick={() => void run(() => pipeline.reorder(shiftStage(ids, stage.id, -1)))}
            >
              ←
            </button>
            <button
              type="button"
              className="button button--small"
              aria-label={`Move ${stage.name} right`}
              disabled={index === stages.length - 1}
              onClick={() => void run(() => pipeline.reorder(shiftStage(ids, stage.id, 1)))}
            >
              →
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => {
                const message = stage.contacts
                  ? `Remove the stage "${stage.name}"? Its ${stage.contacts} contacts leave the pipeline (their history stays).`
                  : `Remove the stage "${stage.name}"?`;
                if (window.confirm(message)) void run(() => pipeline.deleteStage(stage.id));
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <form className="stage-editor__add" onSubmit={add}>
        <label className="field field--inline">
          <span className="field__label">New stage</span>
          <input
            className="field__input"
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.currentTarget.value)}
            placeholder="e.g. Meeting booked"
          />
        </label>
        <button type="submit" className="button button--primary">
          Add stage
        </button>
      </form>
    </section>
  );
}
