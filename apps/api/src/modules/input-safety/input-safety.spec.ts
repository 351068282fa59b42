import { describeInputProblem, findInputProblem, MAX_JSON_DEPTH } from './input-safety';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

describe('request input safety', () => {
  it('names the field holding a NUL character, in values and in keys', () => {
    expect(findInputProblem({ document: { nodes: [{ id: 'ok' }, { text: 'a\u0000b' }] } }, 'body')).toEqual({
      kind: 'nul',
      path: 'body.document.nodes.1.text',
    });
    expect(findInputProblem({ 'x\u0000': 1 }, 'body')).toEqual({ kind: 'nul', path: 'body.x\\u0000' });
    expect(findInputProblem('abc\u0000', 'query')).toEqual({ kind: 'nul', path: 'query' });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    expect(findInputProblem(nested(MAX_JSON_DEPTH), 'body')).toBeNull();
    const problem = findInputProblem(nested(MAX_JSON_DEPTH + 1), 'body');
    expect(problem?.kind).toBe('depth');
    expect(describeInputProblem(problem!)).toMatch(/^body(\.a)+: is nested more than 64 levels deep$/);
  });

  it('walks 200,000 levels without overflowing the stack', () => {
    expect(findInputProblem(nested(200_000), 'body')?.kind).toBe('depth');
  });

  it('passes ordinary input, including other control characters and emoji', () => {
    expect(
      findInputProblem({ name: 'Ana 👋\t', tags: ['a', 'b'], n: 3, ok: true, none: null }, 'body'),
    ).toBeNull();
  });
});
