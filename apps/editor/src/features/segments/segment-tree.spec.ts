import {
  fromFilter,
  newCondition,
  newGroup,
  replaceNode,
  toFilter,
  treeProblem,
  type ConditionRow,
  type GroupNode,
} from './segment-tree';

function row(kind: ConditionRow['kind'], op: string, subject = '', value = '', days = ''): ConditionRow {
  return { ...newCondition(kind), op, subject, value, days };
}

describe('the segment editor tree', () => {
  it('builds "tag is vip and (stage is Won or not opted in)" as all / any / not', () => {
    const tree: GroupNode = newGroup('all', [
      row('tag', 'has', 'vip'),
      newGroup('any', [row('stage', 'is', 'Won'), row('opt_in', 'is_not', 'opted_in')]),
    ]);
    expect(treeProblem(tree)).toBeNull();
    expect(toFilter(tree)).toEqual({
      all: [
        { kind: 'tag', op: 'has', tag: 'vip' },
        {
          any: [{ kind: 'stage', op: 'is', stage: 'Won' }, { not: { kind: 'opt_in', state: 'opted_in' } }],
        },
      ],
    });
  });

  it('writes "none of" and "not all of" as not over any / all', () => {
    const tree = newGroup('none', [row('tag', 'has', 'a'), newGroup('not_all', [row('tag', 'has', 'b')])]);
    expect(toFilter(tree)).toEqual({
      not: {
        any: [{ kind: 'tag', op: 'has', tag: 'a' }, { not: { all: [{ kind: 'tag', op: 'has', tag: 'b' }] } }],
      },
    });
  });

  it('reads a saved filter back into the same tree, whatever its shape', () => {
    const filters = [
      {
        all: [
          { kind: 'tag', op: 'lacks', tag: 'vip' },
          {
            any: [
              { kind: 'stage', op: 'none' },
              { not: { kind: 'flow_outcome', flowKey: 'f', outcome: 'failed' } },
            ],
          },
        ],
      },
      { not: { any: [{ kind: 'field', key: 'city', op: 'contains', value: 'Por' }] } },
      { not: { all: [{ kind: 'last_outbound', op: 'within', days: 30 }] } },
      {
        any: [
          { kind: 'last_inbound', op: 'never' },
          { kind: 'opt_in', state: 'unknown' },
        ],
      },
    ];
    for (const filter of filters) expect(toFilter(fromFilter(filter)!)).toEqual(filter);
  });

  it('shows a lone condition as "all of" it, and "not" of a condition without "is not" words as "none of" it', () => {
    expect(toFilter(fromFilter({ kind: 'tag', op: 'has', tag: 'x' })!)).toEqual({
      all: [{ kind: 'tag', op: 'has', tag: 'x' }],
    });
    expect(toFilter(fromFilter({ not: { kind: 'tag', op: 'has', tag: 'x' } })!)).toEqual({
      not: { any: [{ kind: 'tag', op: 'has', tag: 'x' }] },
    });
  });

  it('refuses what is not a filter', () => {
    expect(fromFilter(null)).toBeNull();
    expect(fromFilter({ all: [{ kind: 'planet', op: 'is' }] })).toBeNull();
    expect(fromFilter({ all: 'tag' })).toBeNull();
  });

  it('names the first thing left to fill in, in plain words', () => {
    expect(treeProblem(newGroup('all', []))).toBe('a condition in every group');
    expect(treeProblem(newGroup('all', [row('tag', 'has', '  ')]))).toBe('a tag');
    expect(treeProblem(newGroup('all', [row('field', 'equals', 'city', '')]))).toBe('a value');
    expect(treeProblem(newGroup('all', [row('field', 'exists', 'my city')]))).toBe(
      'a field name of letters, digits and _',
    );
    expect(treeProblem(newGroup('all', [row('last_inbound', 'within', '', '', '0')]))).toBe(
      'a number of days from 1 to 3650',
    );
    expect(treeProblem(newGroup('all', [row('last_inbound', 'never')]))).toBeNull();
  });

  it('replaces and removes nodes anywhere in the tree', () => {
    const inner = row('tag', 'has', 'b');
    const tree = newGroup('all', [row('tag', 'has', 'a'), newGroup('any', [inner])]);
    const changed = replaceNode(tree, inner.id, { ...inner, subject: 'c' });
    expect(toFilter(changed)).toEqual({
      all: [{ kind: 'tag', op: 'has', tag: 'a' }, { any: [{ kind: 'tag', op: 'has', tag: 'c' }] }],
    });
    expect(toFilter(replaceNode(tree, inner.id, null))).toEqual({
      all: [{ kind: 'tag', op: 'has', tag: 'a' }, { any: [] }],
    });
  });
});
