import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api } from '../auth';
import { contactsApi, type SavedSegment, type SegmentFilter } from '../contacts/contacts-api';
import { pipelineApi } from '../pipeline/pipeline-api';
import { ErrorBox, plainError } from '../shell/load-state';
import {
  CONSENT_WORDS,
  KIND_WORDS,
  MAX_GROUP_DEPTH,
  MODE_WORDS,
  OPS,
  OUTCOME_WORDS,
  newCondition,
  newGroup,
  opChoice,
  replaceNode,
  toFilter,
  treeProblem,
  type ConditionKind,
  type ConditionRow,
  type EditorNode,
  type GroupMode,
  type GroupNode,
} from './segment-tree';

const contacts = contactsApi(api);
const pipeline = pipelineApi(api);

interface Choices {
  stages: string[];
  flows: Array<{ key: string; name: string }>;
}

function plural(count: number): string {
  return `${count.toLocaleString()} contact${count === 1 ? '' : 's'}`;
}

/** The stage names and flows the conditions offer, asked once per editor. */
function useChoices(): Choices {
  const [choices, setChoices] = useState<Choices>({ stages: [], flows: [] });
  useEffect(() => {
    let live = true;
    void Promise.all([pipeline.stages().catch(() => []), api.get('/api/flows').catch(() => [])]).then(
      ([stages, flows]) => {
        if (live)
          setChoices({
            stages: stages.map((stage) => stage.name),
            flows: flows.filter((flow) => !flow.archived).map(({ key, name }) => ({ key, name })),
          });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return choices;
}

/** How many contacts the tree matches, asked again a moment after each change while it is complete. */
function useLiveCount(tree: GroupNode): {
  count: number | null;
  problem: string | null;
  error: string | null;
} {
  const problem = treeProblem(tree);
  const filterKey = problem ? '' : JSON.stringify(toFilter(tree));
  const [answer, setAnswer] = useState<{ key: string; count: number | null; error: string | null }>({
    key: '',
    count: null,
    error: null,
  });
  useEffect(() => {
    if (!filterKey) return;
    let live = true;
    const timer = setTimeout(() => {
      contacts.countSegment(JSON.parse(filterKey) as SegmentFilter).then(
        (result) => live && setAnswer({ key: filterKey, count: result.count, error: null }),
        (error: unknown) => live && setAnswer({ key: filterKey, count: null, error: plainError(error) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filterKey]);
  const current = answer.key === filterKey && filterKey !== '';
  return { count: current ? answer.count : null, problem, error: current ? answer.error : null };
}

/**
 * A segment's name and conditions, with the number of contacts it matches now: used on the Contacts
 * screen and where a campaign picks its audience. Saves a new segment, or the one given.
 */
export function SegmentForm({
  initial,
  name: initialName = '',
  segmentId,
  label,
  note,
  onSaved,
  onCancel,
}: {
  initial: GroupNode;
  name?: string;
  segmentId?: string;
  label: string;
  /** Said beside the count, e.g. that the search text is not part of a segment. */
  note?: string;
  onSaved: (segment: SavedSegment) => void;
  onCancel: () => void;
}) {
  const [tree, setTree] = useState(initial);
  const [name, setName] = useState(initialName);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = useChoices();
  const live = useLiveCount(tree);

  const save = async () => {
    if (live.problem || !name.trim()) return;
    setProblem(null);
    setBusy(true);
    try {
      // The tree's filter is the API's (segment-tree.ts builds each condition as the API's schema
      // says; treeProblem above refused incomplete rows), typed loosely there to stay a pure module.
      const filter = toFilter(tree) as SegmentFilter;
      const saved = segmentId
        ? await contacts.updateSegment(segmentId, name.trim(), filter)
        : await contacts.saveSegment(name.trim(), filter);
      // An update answers without the count; the editor has just counted the same filter.
      onSaved({ count: live.count ?? 0, ...saved });
    } catch (error) {
      setProblem(plainError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    // A div, not a <form>: the campaign form holds this editor, and forms cannot nest. Enter in a box
    // saves the segment here rather than submitting the campaign around it.
    <div
      className="segment-form"
      role="form"
      aria-label={label}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
          event.preventDefault();
          void save();
        }
      }}
    >
      <label className="field field--inline">
        <span className="field__label">Segment name</span>
        <input
          className="field__input"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          placeholder="e.g. Hot leads in Porto"
          autoFocus
        />
      </label>
      <GroupEditor
        node={tree}
        depth={0}
        choices={choices}
        onChange={(next) => setTree(replaceNode(tree, next.id, next))}
        onRemove={null}
      />
      <p className="segment-form__count" role="status" aria-live="polite">
        {live.problem
          ? `Fill in ${live.problem} to count the contacts.`
          : live.error
            ? live.error
            : live.count === null
              ? 'Counting…'
              : `Matches ${plural(live.count)} now`}
        {note && ` (${note})`}
      </p>
      {problem && <ErrorBox message={problem} />}
      <div className="segment-form__actions">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy || Boolean(live.problem) || !name.trim()}
          onClick={() => void save()}
        >
          Save segment
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** How a nested group reads after the conditions beside it. */
const LEAD_WORDS: Record<GroupMode, string> = {
  all: 'and who match',
  any: 'or who match',
  none: 'nor who match',
  not_all: 'who match',
};

function GroupEditor({
  node,
  depth,
  parentMode,
  choices,
  onChange,
  onRemove,
}: {
  node: GroupNode;
  depth: number;
  parentMode?: GroupMode;
  choices: Choices;
  onChange: (node: EditorNode) => void;
  onRemove: (() => void) | null;
}) {
  const update = (items: EditorNode[]) => onChange({ ...node, items });
  return (
    <fieldset className={`segment-group segment-group--${depth % 2 ? 'odd' : 'even'}`}>
      <legend className="visually-hidden">{depth === 0 ? 'Conditions' : 'Group of conditions'}</legend>
      <div className="segment-group__head">
        <span>{depth === 0 ? 'Contacts who match' : LEAD_WORDS[parentMode ?? 'all']}</span>
        <select
          className="field__input"
          aria-label={depth === 0 ? 'Match' : 'Group match'}
          value={node.mode}
          onChange={(e) => onChange({ ...node, mode: e.currentTarget.value as GroupMode })}
        >
          {(Object.keys(MODE_WORDS) as GroupMode[]).map((mode) => (
            <option key={mode} value={mode}>
              {MODE_WORDS[mode]}
            </option>
          ))}
        </select>
        {onRemove && (
          <button type="button" className="button button--small button--link" onClick={onRemove}>
            Remove this group
          </button>
        )}
      </div>
      <ul className="segment-group__items">
        {node.items.map((item) => (
          <li key={item.id}>
            {item.type === 'group' ? (
              <GroupEditor
                node={item}
                depth={depth + 1}
                parentMode={node.mode}
                choices={choices}
                onChange={(next) => update(node.items.map((other) => (other.id === item.id ? next : other)))}
                onRemove={() => update(node.items.filter((other) => other.id !== item.id))}
              />
            ) : (
              <ConditionEditor
                row={item}
                choices={choices}
                onChange={(next) => update(node.items.map((other) => (other.id === item.id ? next : other)))}
                onRemove={() => update(node.items.filter((other) => other.id !== item.id))}
              />
            )}
          </li>
        ))}
      </ul>
      {node.items.length === 0 && <p className="muted">No condition yet.</p>}
      <div className="segment-group__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => update([...node.items, newCondition()])}
        >
          Add a condition
        </button>
        {depth + 1 < MAX_GROUP_DEPTH && (
          <button
            type="button"
            className="button button--small"
            onClick={() => update([...node.items, newGroup(node.mode === 'any' ? 'all' : 'any')])}
          >
            Add a group
          </button>
        )}
      </div>
    </fieldset>
  );
}

function ConditionEditor({
  row,
  choices,
  onChange,
  onRemove,
}: {
  row: ConditionRow;
  choices: Choices;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
}) {
  const needs = opChoice(row).needs;
  const set = (patch: Partial<ConditionRow>) => onChange({ ...row, ...patch });
  const kind = (
    <select
      className="field__input"
      aria-label="Condition on"
      value={row.kind}
      onChange={(e) => onChange({ ...newCondition(e.currentTarget.value as ConditionKind), id: row.id })}
    >
      {(Object.keys(KIND_WORDS) as ConditionKind[]).map((value) => (
        <option key={value} value={value}>
          {KIND_WORDS[value]}
        </option>
      ))}
    </select>
  );
  const op = (
    <select
      className="field__input"
      aria-label="Comparison"
      value={row.op}
      onChange={(e) => set({ op: e.currentTarget.value })}
    >
      {OPS[row.kind].map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
  const text = (label: string, value: string, patch: (value: string) => Partial<ConditionRow>, hint = '') => (
    <input
      className="field__input field__input--short"
      aria-label={label}
      value={value}
      placeholder={hint}
      onChange={(e) => set(patch(e.currentTarget.value))}
    />
  );
  const pick = (
    label: string,
    value: string,
    options: Array<[string, string]>,
    patch: (v: string) => Partial<ConditionRow>,
  ) => (
    <select
      className="field__input"
      aria-label={label}
      value={value}
      onChange={(e) => set(patch(e.currentTarget.value))}
    >
      {!options.some(([key]) => key === value) && <option value={value}>{value || 'Choose…'}</option>}
      {options.map(([key, words]) => (
        <option key={key} value={key}>
          {words}
        </option>
      ))}
    </select>
  );

  let parts: ReactNode[];
  switch (row.kind) {
    case 'tag':
      parts = [kind, op, text('Tag name', row.subject, (subject) => ({ subject }), 'e.g. vip')];
      break;
    case 'stage':
      parts = [
        kind,
        op,
        needs.includes('subject') &&
          pick(
            'Stage name',
            row.subject,
            choices.stages.map((stage) => [stage, stage]),
            (subject) => ({ subject }),
          ),
      ];
      break;
    case 'opt_in':
      parts = [
        kind,
        op,
        pick('Consent', row.subject, Object.entries(CONSENT_WORDS), (subject) => ({ subject })),
      ];
      break;
    case 'field':
      parts = [
        kind,
        text('Field name', row.subject, (subject) => ({ subject }), 'e.g. city'),
        op,
        needs.includes('value') && text('Field value', row.value, (value) => ({ value }), 'e.g. Porto'),
      ];
      break;
    case 'last_inbound':
    case 'last_outbound':
      parts = [
        kind,
        op,
        needs.includes('days') && (
          <input
            className="field__input field__input--tiny"
            type="number"
            min={1}
            max={3650}
            aria-label="Days"
            value={row.days}
            onChange={(e) => set({ days: e.currentTarget.value })}
          />
        ),
        needs.includes('days') && <span>{row.op === 'before' ? 'days ago' : 'days'}</span>,
      ];
      break;
    case 'flow_outcome':
      parts = [
        kind,
        pick(
          'Flow name',
          row.subject,
          choices.flows.map((flow) => [flow.key, flow.name]),
          (subject) => ({ subject }),
        ),
        op,
        pick('Outcome', row.value, Object.entries(OUTCOME_WORDS), (value) => ({ value })),
      ];
      break;
  }
  return (
    <div className="segment-row" role="group" aria-label={`Condition: ${KIND_WORDS[row.kind]}`}>
      {parts.map((part, index) => (
        <span key={index} className="segment-row__part">
          {part}
        </span>
      ))}
      <button
        type="button"
        className="button button--small button--link"
        aria-label="Remove this condition"
        onClick={onRemove}
      >
        Remove
      </button>
    </div>
  );
}
