/**
 * The segment editor's model: a group of conditions ("all of", "any of", "none of", "not all of"),
 * groups nested in it, and conditions in plain words, turned into the API's segment filter (libs/campaigns
 * segment-filter.ts: all / any / not over conditions) and back. Pure functions, so the rules are tested
 * without a browser.
 */

export type GroupMode = 'all' | 'any' | 'none' | 'not_all';
export type ConditionKind =
  'tag' | 'stage' | 'opt_in' | 'field' | 'last_inbound' | 'last_outbound' | 'flow_outcome';

export interface ConditionRow {
  type: 'condition';
  id: string;
  kind: ConditionKind;
  /** One of OPS[kind]'s values. */
  op: string;
  /** The tag, stage name, custom field key, consent state or flow key. */
  subject: string;
  /** A custom field's value or a flow's outcome. */
  value: string;
  /** Days for last message conditions, as typed. */
  days: string;
}

export interface GroupNode {
  type: 'group';
  id: string;
  mode: GroupMode;
  items: EditorNode[];
}

export type EditorNode = ConditionRow | GroupNode;

/** How deep groups may nest in the editor: the API allows 8 levels of all/any/not; "none of" takes two. */
export const MAX_GROUP_DEPTH = 3;

export const MODE_WORDS: Record<GroupMode, string> = {
  all: 'all of these',
  any: 'any of these',
  none: 'none of these',
  not_all: 'not all of these',
};

export const KIND_WORDS: Record<ConditionKind, string> = {
  tag: 'Tag',
  stage: 'Pipeline stage',
  opt_in: 'Consent to messages',
  field: 'Custom field',
  last_inbound: 'Last message from them',
  last_outbound: 'Last message to them',
  flow_outcome: 'Flow',
};

interface OpChoice {
  value: string;
  label: string;
  /** The API condition's op (or nothing, for kinds without one). */
  apiOp?: string;
  /** Stored as { not: condition }: the API has no op for "is not" of this kind. */
  negate?: boolean;
  /** Which inputs the row shows after the op. */
  needs: Array<'subject' | 'value' | 'days'>;
}

export const OPS: Record<ConditionKind, OpChoice[]> = {
  tag: [
    { value: 'has', label: 'is', apiOp: 'has', needs: ['subject'] },
    { value: 'lacks', label: 'is not', apiOp: 'lacks', needs: ['subject'] },
  ],
  stage: [
    { value: 'is', label: 'is', apiOp: 'is', needs: ['subject'] },
    { value: 'is_not', label: 'is not', apiOp: 'is_not', needs: ['subject'] },
    { value: 'none', label: 'is empty (not in the pipeline)', apiOp: 'none', needs: [] },
  ],
  opt_in: [
    { value: 'is', label: 'is', needs: ['subject'] },
    { value: 'is_not', label: 'is not', negate: true, needs: ['subject'] },
  ],
  field: [
    { value: 'equals', label: 'is', apiOp: 'equals', needs: ['subject', 'value'] },
    { value: 'not_equals', label: 'is not', apiOp: 'not_equals', needs: ['subject', 'value'] },
    { value: 'contains', label: 'contains', apiOp: 'contains', needs: ['subject', 'value'] },
    { value: 'exists', label: 'has a value', apiOp: 'exists', needs: ['subject'] },
    { value: 'missing', label: 'is empty', apiOp: 'missing', needs: ['subject'] },
  ],
  last_inbound: [
    { value: 'within', label: 'in the last', apiOp: 'within', needs: ['days'] },
    { value: 'before', label: 'more than', apiOp: 'before', needs: ['days'] },
    { value: 'never', label: 'never', apiOp: 'never', needs: [] },
  ],
  last_outbound: [
    { value: 'within', label: 'in the last', apiOp: 'within', needs: ['days'] },
    { value: 'before', label: 'more than', apiOp: 'before', needs: ['days'] },
    { value: 'never', label: 'never', apiOp: 'never', needs: [] },
  ],
  flow_outcome: [
    { value: 'is', label: 'ended as', needs: ['subject', 'value'] },
    { value: 'is_not', label: 'did not end as', negate: true, needs: ['subject', 'value'] },
  ],
};

export const CONSENT_WORDS: Record<string, string> = {
  opted_in: 'Opted in',
  opted_out: 'Opted out',
  unknown: 'Not asked',
};

export const OUTCOME_WORDS: Record<string, string> = {
  completed: 'finished',
  failed: 'failed',
  handoff: 'handed to a person',
  cancelled: 'stopped',
  active: 'still running',
  never_started: 'never started',
};

const FIELD_KEY = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;

let sequence = 0;
/** Keys for React lists; never shown and never sent. */
export function newId(): string {
  sequence += 1;
  return `n${sequence}`;
}

export function newCondition(kind: ConditionKind = 'tag'): ConditionRow {
  return {
    type: 'condition',
    id: newId(),
    kind,
    op: OPS[kind][0].value,
    subject: kind === 'opt_in' ? 'opted_in' : '',
    value: kind === 'flow_outcome' ? 'completed' : '',
    days: kind === 'last_inbound' || kind === 'last_outbound' ? '7' : '',
  };
}

export function newGroup(mode: GroupMode = 'any', items: EditorNode[] = [newCondition()]): GroupNode {
  return { type: 'group', id: newId(), mode, items };
}

export function opChoice(row: ConditionRow): OpChoice {
  return OPS[row.kind].find((choice) => choice.value === row.op) ?? OPS[row.kind][0];
}

/** What is missing for the row to be a condition, in plain words; null when it is complete. */
export function rowProblem(row: ConditionRow): string | null {
  const needs = opChoice(row).needs;
  if (needs.includes('subject') && !row.subject.trim()) {
    return {
      tag: 'a tag',
      stage: 'a stage',
      opt_in: 'a consent',
      field: 'a field name',
      last_inbound: '',
      last_outbound: '',
      flow_outcome: 'a flow',
    }[row.kind];
  }
  if (row.kind === 'field' && !FIELD_KEY.test(row.subject.trim()))
    return 'a field name of letters, digits and _';
  if (needs.includes('value') && row.kind === 'field' && !row.value.trim()) return 'a value';
  if (needs.includes('days')) {
    const days = Number(row.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) return 'a number of days from 1 to 3650';
  }
  return null;
}

/** The first thing to fill in, or null when every condition is complete and every group has one. */
export function treeProblem(node: EditorNode): string | null {
  if (node.type === 'condition') return rowProblem(node);
  if (node.items.length === 0) return 'a condition in every group';
  for (const item of node.items) {
    const problem = treeProblem(item);
    if (problem) return problem;
  }
  return null;
}

type ApiCondition = Record<string, unknown> & { kind: ConditionKind };
export type ApiFilter = ApiCondition | { all: ApiFilter[] } | { any: ApiFilter[] } | { not: ApiFilter };

function rowCondition(row: ConditionRow): ApiCondition {
  const choice = opChoice(row);
  const subject = row.subject.trim();
  switch (row.kind) {
    case 'tag':
      return { kind: 'tag', op: choice.apiOp, tag: subject };
    case 'stage':
      return choice.apiOp === 'none'
        ? { kind: 'stage', op: 'none' }
        : { kind: 'stage', op: choice.apiOp, stage: subject };
    case 'opt_in':
      return { kind: 'opt_in', state: subject };
    case 'field':
      return choice.needs.includes('value')
        ? { kind: 'field', key: subject, op: choice.apiOp, value: row.value }
        : { kind: 'field', key: subject, op: choice.apiOp };
    case 'last_inbound':
    case 'last_outbound':
      return choice.apiOp === 'never'
        ? { kind: row.kind, op: 'never' }
        : { kind: row.kind, op: choice.apiOp, days: Number(row.days) };
    case 'flow_outcome':
      return { kind: 'flow_outcome', flowKey: subject, outcome: row.value };
  }
}

/** The editor's tree as the API's filter (call treeProblem first: an incomplete row is sent as typed). */
export function toFilter(node: EditorNode): ApiFilter {
  if (node.type === 'condition') {
    const condition = rowCondition(node);
    return opChoice(node).negate ? { not: condition } : condition;
  }
  const items = node.items.map(toFilter);
  switch (node.mode) {
    case 'all':
      return { all: items };
    case 'any':
      return { any: items };
    case 'none':
      return { not: { any: items } };
    case 'not_all':
      return { not: { all: items } };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function conditionRow(raw: Record<string, unknown>, negated: boolean): ConditionRow | null {
  const kind = raw.kind as ConditionKind;
  if (!(kind in OPS)) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const row = newCondition(kind);
  const pick = (op: string) => OPS[kind].find((choice) => choice.value === op);
  let choice: OpChoice | undefined;
  switch (kind) {
    case 'tag':
      choice = pick(text(raw.op));
      row.subject = text(raw.tag);
      break;
    case 'stage':
      choice = pick(text(raw.op));
      row.subject = text(raw.stage);
      break;
    case 'opt_in':
      choice = pick(negated ? 'is_not' : 'is');
      row.subject = text(raw.state);
      break;
    case 'field':
      choice = pick(text(raw.op));
      row.subject = text(raw.key);
      row.value = text(raw.value);
      break;
    case 'last_inbound':
    case 'last_outbound':
      choice = pick(text(raw.op));
      row.days = typeof raw.days === 'number' ? String(raw.days) : '';
      break;
    case 'flow_outcome':
      choice = pick(negated ? 'is_not' : 'is');
      row.subject = text(raw.flowKey);
      row.value = text(raw.outcome);
      break;
  }
  if (!choice || Boolean(choice.negate) !== negated) return null;
  row.op = choice.value;
  return row;
}

function fromAny(filter: unknown, depth: number): EditorNode | null {
  if (!isObject(filter) || depth > 8) return null;
  const list = (items: unknown): EditorNode[] | null => {
    if (!Array.isArray(items)) return null;
    const nodes = items.map((item) => fromAny(item, depth + 1));
    return nodes.every((node): node is EditorNode => node !== null) ? nodes : null;
  };
  if ('all' in filter || 'any' in filter) {
    const items = list('all' in filter ? filter.all : filter.any);
    return items && { type: 'group', id: newId(), mode: 'all' in filter ? 'all' : 'any', items };
  }
  if ('not' in filter) {
    const inner = filter.not;
    if (isObject(inner) && ('all' in inner || 'any' in inner)) {
      const items = list('all' in inner ? inner.all : inner.any);
      return items && { type: 'group', id: newId(), mode: 'all' in inner ? 'not_all' : 'none', items };
    }
    // "not" of a condition: its "is not" words when the kind has them, else "none of" that condition.
    if (isObject(inner) && 'kind' in inner) {
      const negated = conditionRow(inner, true);
      if (negated) return negated;
    }
    const only = fromAny(inner, depth + 1);
    return only && { type: 'group', id: newId(), mode: 'none', items: [only] };
  }
  return 'kind' in filter ? conditionRow(filter, false) : null;
}

/** A saved filter as the editor's tree (always a group at the top), or null when it is not one. */
export function fromFilter(filter: unknown): GroupNode | null {
  const node = fromAny(filter, 0);
  if (!node) return null;
  return node.type === 'group' ? node : { type: 'group', id: newId(), mode: 'all', items: [node] };
}

/** Groups below this one, counting it: the editor stops offering "Add a group" at MAX_GROUP_DEPTH. */
export function groupDepth(node: EditorNode): number {
  if (node.type === 'condition') return 0;
  return 1 + Math.max(0, ...node.items.map(groupDepth));
}

/** The tree with the node of that id replaced (or removed, when `next` is null). */
export function replaceNode(root: GroupNode, id: string, next: EditorNode | null): GroupNode {
  const walk = (node: EditorNode): EditorNode | null => {
    if (node.id === id) return next;
    if (node.type === 'condition') return node;
    const items = node.items.map(walk).filter((item): item is EditorNode => item !== null);
    return { ...node, items };
  };
  return (walk(root) as GroupNode | null) ?? root;
}
