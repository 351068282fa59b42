import { DIAGNOSTIC_CODES, validateFlow } from '../src';
import { DIAGNOSTIC_CASES } from './support/diagnostic-cases';
import { anyMessage, makeFlow, n, path } from './support/flow-builder';

const WARNINGS = new Set(['DEAD_END', 'UNREACHABLE', 'W24H']);
const rows = Object.entries(DIAGNOSTIC_CASES).flatMap(([code, cases]) => cases.map((c) => ({ code, ...c })));

describe('validateFlow diagnostics', () => {
  it('has cases for every code the validator can report', () => {
    expect(Object.keys(DIAGNOSTIC_CASES).sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });

  it.each(rows)(
    '$code: $name is reported, naming the node',
    ({ code, bad, nodeId, path: where, options }) => {
      const result = validateFlow(bad, options);
      const found = result.diagnostics.filter((d) => d.code === code);
      expect(found).not.toHaveLength(0);
      const diagnostic = found[0];
      expect(diagnostic.severity).toBe(WARNINGS.has(code) ? 'warning' : 'error');
      if (nodeId) {
        expect(diagnostic.nodeId).toBe(nodeId);
        expect(diagnostic.message).toContain(`"${nodeId}"`);
      }
      if (where) expect(diagnostic.path).toBe(where);
      expect(result.ok).toBe(
        WARNINGS.has(code) ? !result.diagnostics.some((d) => d.severity === 'error') : false,
      );
    },
  );

  it.each(rows)('$code: the fixed version of "$name" does not report it', ({ code, good, options }) => {
    const result = validateFlow(good, options);
    expect(result.diagnostics.filter((d) => d.code === code)).toEqual([]);
  });

  it('passing cases are fully valid flows (no errors at all)', () => {
    for (const { good, options, code, name } of rows) {
      const errors = validateFlow(good, options).diagnostics.filter((d) => d.severity === 'error');
      expect({ code, name, errors }).toEqual({ code, name, errors: [] });
    }
  });
});

describe('validateFlow details', () => {
  it('lists errors before warnings, and warnings alone keep the flow ok', () => {
    const flow = makeFlow(
      [anyMessage(), n('a', 'end'), n('island', 'end'), n('x', 'question', {})],
      path(['start', 'next', 'a']),
    );
    const result = validateFlow(flow);
    const severities = result.diagnostics.map((d) => d.severity);
    expect(severities).toEqual([...severities].sort());
    expect(severities).toContain('warning');
    expect(result.ok).toBe(false);
    const onlyWarnings = validateFlow(
      makeFlow([anyMessage(), n('a', 'end'), n('island', 'end')], path(['start', 'next', 'a'])),
    );
    expect(onlyWarnings).toMatchObject({
      ok: true,
      diagnostics: [{ code: 'UNREACHABLE', nodeId: 'island' }],
    });
  });

  it('without the activities option any activity name is accepted', () => {
    const flow = makeFlow(
      [anyMessage(), n('score', 'activity', { name: 'anything' })],
      path(['start', 'next', 'score']),
    );
    expect(validateFlow(flow).diagnostics).toEqual([]);
  });

  it('two triggers are both named in the message', () => {
    const flow = makeFlow([anyMessage('one'), anyMessage('two')], []);
    const [trigger] = validateFlow(flow).diagnostics.filter((d) => d.code === 'TRIGGER');
    expect(trigger.message).toContain('"one"');
    expect(trigger.message).toContain('"two"');
  });

  it('a dangling edge to a missing node names that node', () => {
    const flow = makeFlow([anyMessage()], path(['start', 'next', 'ghost']));
    const [dangling] = validateFlow(flow).diagnostics.filter((d) => d.code === 'DANGLING_EDGE');
    expect(dangling.message).toContain('"ghost"');
  });

  it('returns the parsed flow with defaults applied', () => {
    const result = validateFlow(
      makeFlow([anyMessage(), n('ask', 'question', { text: 'Q' })], path(['start', 'next', 'ask'])),
    );
    expect(result.flow?.nodes[1].data).toMatchObject({ retries: 2 });
  });

  it.each([null, 'flow', 42, {}, { format: 'leadline.flow/v2', id: 'x', name: 'x', nodes: [], edges: [] }])(
    'a document that is not a flow (%j) gets SCHEMA errors, not an exception',
    (input) => {
      const result = validateFlow(input);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(result.diagnostics.every((d) => d.code === 'SCHEMA')).toBe(true);
    },
  );
});
