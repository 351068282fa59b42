import { getNodeDefinition, validateFlow } from '@leadline/flow-core';
import type { FlowEntry } from '../flows/flow-entry';
import { createEditorStore } from './editor.store';

const validFlow = {
  format: 'leadline.flow/v1',
  id: 'greeting',
  name: 'Greeting',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } },
    { id: 'hello', type: 'message', position: { x: 0, y: 150 }, data: { text: 'Hello!' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
};

const twoTriggers = {
  format: 'leadline.flow/v1',
  id: 'twice',
  name: 'Twice',
  nodes: [
    { id: 'a', type: 'trigger', data: { on: 'message' } },
    { id: 'b', type: 'trigger', data: { on: 'message' } },
  ],
  edges: [{ id: 'e1', source: 'a', sourceHandle: 'next', target: 'nowhere' }],
};

function entries(): FlowEntry[] {
  return [
    {
      key: 'example:greeting',
      source: 'example',
      fileName: 'greeting.flow.json',
      name: 'Greeting',
      document: validFlow,
    },
    {
      key: 'example:twice',
      source: 'example',
      fileName: 'twice.flow.json',
      name: 'Twice',
      document: twoTriggers,
    },
  ];
}

describe('editor store', () => {
  it('opens a flow onto the canvas and reports what the core finds (nothing, for a valid flow)', async () => {
    expect(validateFlow(validFlow).ok).toBe(true);
    const store = createEditorStore(entries());
    store.getState().openFlow('example:greeting');
    await store.getState().settled();

    const state = store.getState();
    expect(state.nodes.map((node) => [node.id, node.data.nodeType])).toEqual([
      ['start', 'trigger'],
      ['hello', 'message'],
    ]);
    expect(state.edges).toEqual([
      expect.objectContaining({ source: 'start', sourceHandle: 'next', target: 'hello' }),
    ]);
    expect(state.diagnostics).toEqual([]);
    expect(state.validating).toBe(false);
  });

  it('shows the core diagnostics of a broken flow and marks the nodes at fault', async () => {
    const store = createEditorStore(entries());
    store.getState().openFlow('example:twice');
    await store.getState().settled();

    const { diagnostics, issuesByNode, nodes } = store.getState();
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(
      expect.arrayContaining(['TRIGGER', 'DANGLING_EDGE']),
    );
    expect(Object.values(issuesByNode).some((issues) => issues.errors > 0)).toBe(true);
    // No positions in the file: the layout placed the nodes apart.
    expect(nodes[0].position).not.toEqual(nodes[1].position);
  });

  it('adds a node with its definition defaults, and the new node is validated', async () => {
    const store = createEditorStore(entries());
    store.getState().openFlow('example:greeting');
    const first = store.getState().addNode('message', { x: 10, y: 300 });
    const second = store.getState().addNode('message', { x: 10, y: 300 });
    await store.getState().settled();

    const { nodes, diagnostics } = store.getState();
    expect(first).toBe('message_1');
    expect(second).toBe('message_2');
    const added = nodes.find((node) => node.id === first);
    expect(added?.data.config).toEqual(getNodeDefinition('message')?.defaults);
    expect(added?.selected).toBe(false);
    expect(nodes.find((node) => node.id === second)?.selected).toBe(true);
    // Two clicks do not stack two nodes on the same spot.
    expect(nodes.find((node) => node.id === second)?.position).not.toEqual(added?.position);
    // Nothing leads to the new nodes yet: the core says so.
    expect(diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'UNREACHABLE', nodeId: 'message_1' })]),
    );
    expect(store.getState().addNode('no-such-type', { x: 0, y: 0 })).toBeUndefined();
  });

  it('keeps the edits of a flow when the author opens another one and comes back', async () => {
    const store = createEditorStore(entries());
    store.getState().openFlow('example:greeting');
    store
      .getState()
      .onConnect({ source: 'hello', sourceHandle: 'next', target: 'start', targetHandle: null });
    store.getState().openFlow('example:twice');
    store.getState().openFlow('example:greeting');
    await store.getState().settled();

    expect(store.getState().edges.map((edge) => `${edge.source}>${edge.target}`)).toEqual([
      'start>hello',
      'hello>start',
    ]);
    const saved = store.getState().flows.find((entry) => entry.key === 'example:greeting')
      ?.document as typeof validFlow;
    expect(saved.edges).toHaveLength(2);
  });

  it('imports a JSON file as a new flow of the session, and refuses text that is not JSON', async () => {
    const store = createEditorStore(entries());
    store.getState().importFlowText('mine.flow.json', JSON.stringify({ ...validFlow, name: 'Mine' }));
    await store.getState().settled();
    expect(store.getState().flows.at(-1)).toEqual(
      expect.objectContaining({ source: 'imported', name: 'Mine' }),
    );
    expect(store.getState().openKey).toBe(store.getState().flows.at(-1)?.key);
    expect(store.getState().notice?.tone).toBe('info');

    const before = store.getState().flows.length;
    store.getState().importFlowText('half.json', '{ "nodes": [');
    expect(store.getState().flows).toHaveLength(before);
    expect(store.getState().notice).toEqual(expect.objectContaining({ tone: 'error' }));
    expect(store.getState().notice?.text).toContain('half.json');
  });

  it('starts a new flow with one trigger that the core accepts, numbered so that two do not clash', async () => {
    const store = createEditorStore(entries());
    store.getState().newFlow();
    store.getState().newFlow();
    await store.getState().settled();

    const { flows, nodes, diagnostics, envelope } = store.getState();
    expect(flows.slice(-2).map((entry) => entry.name)).toEqual(['Untitled flow 1', 'Untitled flow 2']);
    expect(envelope.id).toBe('untitled-flow-2');
    expect(nodes).toEqual([
      expect.objectContaining({
        data: { nodeType: 'trigger', config: getNodeDefinition('trigger')?.defaults },
      }),
    ]);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('removes a connection to a missing step (the canvas cannot draw it, so Problems offers it)', async () => {
    const store = createEditorStore([]);
    const broken = {
      ...validFlow,
      edges: [...validFlow.edges, { id: 'lost', source: 'hello', sourceHandle: 'next', target: 'gone' }],
    };
    store.getState().importFlowText('lost.flow.json', JSON.stringify(broken));
    await store.getState().settled();
    expect(store.getState().diagnostics.map((d) => [d.code, d.edgeId])).toContainEqual([
      'DANGLING_EDGE',
      'lost',
    ]);
    store.getState().removeEdge('lost');
    await store.getState().settled();
    expect(store.getState().edges.map((edge) => edge.id)).toEqual(['e1']);
    expect(store.getState().diagnostics.filter((d) => d.code === 'DANGLING_EDGE')).toEqual([]);
  });

  it('offers to join the neighbours of a step deleted from the middle of a path', async () => {
    const store = createEditorStore([]);
    const chain = {
      ...validFlow,
      nodes: [...validFlow.nodes, { id: 'bye', type: 'end', position: { x: 0, y: 300 }, data: {} }],
      edges: [...validFlow.edges, { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' }],
    };
    store.getState().importFlowText('chain.flow.json', JSON.stringify(chain));
    await store.getState().settled();
    store.getState().onNodesChange([{ type: 'select', id: 'hello', selected: true }]);
    store.getState().deleteSelection();
    expect(store.getState().notice?.reconnect).toEqual({
      source: 'start',
      sourceHandle: 'next',
      target: 'bye',
    });
    store.getState().reconnectNotice();
    expect(store.getState().edges.map((edge) => [edge.source, edge.sourceHandle, edge.target])).toEqual([
      ['start', 'next', 'bye'],
    ]);
    expect(store.getState().notice).toBeNull();
  });

  it('moves the connection of a used exit rather than adding a second one', async () => {
    const store = createEditorStore([]);
    const chain = {
      ...validFlow,
      nodes: [...validFlow.nodes, { id: 'bye', type: 'end', position: { x: 0, y: 300 }, data: {} }],
    };
    store.getState().importFlowText('chain.flow.json', JSON.stringify(chain));
    store.getState().onConnect({ source: 'start', sourceHandle: 'next', target: 'bye', targetHandle: null });
    expect(store.getState().edges.map((edge) => [edge.source, edge.sourceHandle, edge.target])).toEqual([
      ['start', 'next', 'bye'],
    ]);
  });

  it('inserts a step dropped on a connection between its two ends, as one undo step', async () => {
    const store = createEditorStore([]);
    store.getState().importFlowText('greeting.flow.json', JSON.stringify(validFlow));
    const hello = store.getState().nodes.find((node) => node.id === 'hello')!.position;
    const id = store.getState().insertOnEdge('e1', 'wait', { x: 500, y: 500 });
    expect(id).toBe('wait_1');
    const links = () => store.getState().edges.map((edge) => [edge.source, edge.sourceHandle, edge.target]);
    expect(links()).toEqual([
      ['start', 'next', 'wait_1'],
      ['wait_1', 'elapsed', 'hello'],
    ]);
    // The new step takes the next step's place; that step moves down.
    const nodes = new Map(store.getState().nodes.map((node) => [node.id, node.position]));
    expect(nodes.get('wait_1')).toEqual(hello);
    expect(nodes.get('hello')!.y).toBeGreaterThan(hello.y);
    store.getState().undo();
    expect(links()).toEqual([['start', 'next', 'hello']]);
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', 'hello']);
  });

  it('judges an import on the file itself, not on what the canvas could draw of it', async () => {
    const store = createEditorStore([]);
    store
      .getState()
      .importFlowText(
        'odd.json',
        JSON.stringify({ ...validFlow, nodes: [...validFlow.nodes, { type: 'end' }] }),
      );
    await store.getState().settled();

    expect(store.getState().nodes).toHaveLength(2);
    expect(store.getState().diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'SCHEMA' })]),
    );
    expect(store.getState().notice).toEqual(expect.objectContaining({ tone: 'error' }));
  });

  it('lets only the answer to the latest validation land, even when an older one comes later', async () => {
    const answers: Array<() => void> = [];
    // A slow validator whose answers the test releases in reverse order.
    const validate = (document: unknown) =>
      new Promise<ReturnType<typeof validateFlow>>((resolve) =>
        answers.push(() => resolve(validateFlow(document))),
      );
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    const store = createEditorStore(entries(), { validate });
    store.getState().openFlow('example:twice');
    // The author fixes the flow before the first answer lands: no second trigger, no dangling edge.
    store.getState().onNodesChange([{ type: 'remove', id: 'b' }]);
    store.getState().onEdgesChange([{ type: 'remove', id: 'e1' }]);
    await tick();
    expect(answers).toHaveLength(3);
    expect(store.getState().validating).toBe(true);

    for (const answer of [answers[2], answers[0], answers[1]]) {
      answer();
      await tick();
    }

    const codes = store.getState().diagnostics.map((diagnostic) => diagnostic.code);
    expect(codes).not.toContain('TRIGGER');
    expect(codes).not.toContain('DANGLING_EDGE');
    expect(store.getState().validating).toBe(false);
  });

  it('reports a validator that fails instead of hanging on "checking"', async () => {
    const store = createEditorStore(entries(), {
      validate: () => {
        throw new Error('boom');
      },
    });
    store.getState().openFlow('example:greeting');
    await store.getState().settled();

    expect(store.getState().diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'VALIDATOR' }),
    ]);
    expect(store.getState().diagnostics[0].message).toContain('boom');
    expect(store.getState().validating).toBe(false);
  });

  it('selects the node a diagnostic is about and asks the canvas to show it', async () => {
    const store = createEditorStore(entries());
    store.getState().openFlow('example:twice');
    await store.getState().settled();
    const dangling = store.getState().diagnostics.find((diagnostic) => diagnostic.code === 'DANGLING_EDGE');
    expect(dangling).toBeDefined();

    store.getState().focusDiagnostic(dangling!);
    const { nodes, focus } = store.getState();
    expect(focus?.nodeId).toBe('a');
    expect(nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(['a']);
  });
});
