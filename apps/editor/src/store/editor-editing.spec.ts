import { PLACEHOLDER_TEMPLATE, rankFixTemplates } from '../flows/w24h-fix';
import { validateFlow } from '@leadline/flow-core';
import type { ApiClient, FlowDiff, RemoteFlow } from '../api/api-client';
import type { FlowEntry } from '../flows/flow-entry';
import { createEditorStore } from './editor.store';

const greeting = {
  format: 'leadline.flow/v1',
  id: 'greeting',
  name: 'Greeting',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } },
    { id: 'hello', type: 'message', position: { x: 0, y: 150 }, data: { text: 'Hello!' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
};

/** A question that times out after two days, then a message: sent long after the window closed. */
const lateFollowUp = {
  format: 'leadline.flow/v1',
  id: 'late',
  name: 'Late',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } },
    {
      id: 'ask',
      type: 'question',
      position: { x: 0, y: 150 },
      data: { text: 'What is your name?', save: 'name', timeout: '2d' },
    },
    { id: 'nudge', type: 'message', position: { x: 0, y: 300 }, data: { text: 'Still there?' } },
    { id: 'thanks', type: 'message', position: { x: 300, y: 300 }, data: { text: 'Thanks {{vars.name}}' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'timeout', target: 'nudge' },
    { id: 'e3', source: 'ask', sourceHandle: 'answered', target: 'thanks' },
  ],
};

function entry(document: { id: string; name: string }): FlowEntry {
  return {
    key: `example:${document.id}`,
    source: 'example',
    fileName: `${document.id}.flow.json`,
    name: document.name,
    document,
  };
}

async function opened(document: { id: string; name: string } = greeting, options = {}) {
  const store = createEditorStore([entry(document)], options);
  store.getState().openFlow(`example:${document.id}`);
  await store.getState().settled();
  return store;
}

const select = (store: Awaited<ReturnType<typeof opened>>, ids: string[]) =>
  store.setState({
    nodes: store.getState().nodes.map((node) => ({ ...node, selected: ids.includes(node.id) })),
  });

describe('editor store: editing', () => {
  it('undoes and redoes adding, connecting and deleting, and forgets the redo after a new edit', async () => {
    const store = await opened();
    const added = store.getState().addNode('end', { x: 0, y: 300 })!;
    store.getState().onConnect({ source: 'hello', sourceHandle: 'next', target: added, targetHandle: null });
    expect(store.getState().edges).toHaveLength(2);

    store.getState().undo();
    expect(store.getState().edges).toHaveLength(1);
    expect(store.getState().nodes.map((node) => node.id)).toContain(added);
    store.getState().undo();
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', 'hello']);
    store.getState().undo(); // nothing more to undo: no change
    expect(store.getState().nodes).toHaveLength(2);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().edges).toHaveLength(2);

    select(store, ['hello']);
    store.getState().deleteSelection();
    // The node and every edge touching it go together.
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', added]);
    expect(store.getState().edges).toHaveLength(0);
    store.getState().undo();
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', 'hello', added]);
    expect(store.getState().edges).toHaveLength(2);

    store.getState().addNode('end', { x: 500, y: 500 });
    expect(store.getState().history.future).toEqual([]);
    await store.getState().settled();
    // Undo re-validates: the canvas and the problems panel agree.
    expect(store.getState().diagnostics).toEqual(
      validateFlow(store.getState().currentDocument()).diagnostics,
    );
  });

  it('copies the selected nodes with the edges between them and pastes them under fresh ids, offset', async () => {
    const store = await opened();
    select(store, ['start', 'hello']);
    store.getState().copy();
    store.getState().paste();
    const { nodes, edges } = store.getState();
    // The trigger is not pasted twice: a flow has one.
    expect(nodes.map((node) => node.id)).toEqual(['start', 'hello', 'message_1']);
    const pasted = nodes.find((node) => node.id === 'message_1')!;
    expect(pasted.position).toEqual({ x: 40, y: 190 });
    expect(pasted.selected).toBe(true);
    expect(nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(['message_1']);
    // The edge from the trigger had no pasted source: it stays behind.
    expect(edges).toHaveLength(1);
    expect(pasted.data.config).toEqual({ text: 'Hello!' });
    expect(pasted.data.config).not.toBe(nodes[1].data.config);

    store.getState().paste();
    expect(store.getState().nodes.map((node) => node.id)).toEqual([
      'start',
      'hello',
      'message_1',
      'message_2',
    ]);
    expect(store.getState().nodes[3].position).toEqual({ x: 80, y: 230 });

    store.getState().undo();
    store.getState().undo();
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', 'hello']);
  });

  it('pastes a connected pair with its inner edge rewired to the copies', async () => {
    const store = await opened(lateFollowUp);
    select(store, ['ask', 'nudge']);
    store.getState().cut();
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['start', 'thanks']);
    expect(store.getState().edges).toEqual([]);
    store.getState().paste();
    const edges = store.getState().edges;
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ source: 'question_1', sourceHandle: 'timeout', target: 'message_1' });
  });

  it('makes one undo step of a burst of typing in one field, and a new one after a pause', async () => {
    let clock = 0;
    const store = await opened(greeting, { now: () => clock });
    for (const text of ['H', 'He', 'Hey']) {
      store.getState().updateNodeConfig('hello', { text });
      clock += 200;
    }
    clock += 5_000;
    store.getState().updateNodeConfig('hello', { text: 'Hey you' });
    store.getState().undo();
    expect(store.getState().nodes[1].data.config).toEqual({ text: 'Hey' });
    store.getState().undo();
    expect(store.getState().nodes[1].data.config).toEqual({ text: 'Hello!' });
    store.getState().redo();
    expect(store.getState().nodes[1].data.config).toEqual({ text: 'Hey' });
  });

  it('edits a node from the property panel, undoably, and lays the flow out', async () => {
    const store = await opened();
    store.getState().updateNodeConfig('hello', { text: 'Hi {{contact.name}}' });
    expect(store.getState().nodes[1].data.config).toEqual({ text: 'Hi {{contact.name}}' });
    store.getState().undo();
    expect(store.getState().nodes[1].data.config).toEqual({ text: 'Hello!' });

    store.setState({
      nodes: store.getState().nodes.map((node) => ({ ...node, position: { x: 900, y: 900 } })),
    });
    store.getState().autoLayout();
    const [start, hello] = store.getState().nodes;
    expect(hello.position.y).toBeGreaterThan(start.position.y);
    expect(start.position).not.toEqual({ x: 900, y: 900 });
  });

  it('fixes W24H in one click with a fallback template, from the synced ones when known, its parameters filled', async () => {
    const store = await opened(lateFollowUp);
    expect(store.getState().diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'W24H', nodeId: 'nudge' })]),
    );
    store.getState().setTemplates([
      { name: 'draft_one', language: 'en', status: 'pending', bodyParams: 0 },
      {
        name: 'still_interested',
        language: 'en_GB',
        status: 'approved',
        bodyParams: 2,
        body: 'Hi {{1}}, you have a message from us: {{2}}',
      },
    ]);
    // The fix asks first: nothing a customer receives changes until a template is picked.
    store.getState().fixW24h('nudge');
    expect(store.getState().w24hChoice).toEqual({ nodeId: 'nudge' });
    expect(
      store.getState().nodes.find((node) => node.id === 'nudge')?.data.config.fallbackTemplate,
    ).toBeUndefined();
    const ranked = rankFixTemplates(store.getState().templates, 'Still there?');
    expect(ranked.map((option) => option.template.name)).toEqual(['still_interested']);
    store.getState().applyW24hFix('nudge', ranked[0].template);
    expect(store.getState().w24hChoice).toBeNull();
    await store.getState().settled();
    expect(store.getState().nodes.find((node) => node.id === 'nudge')?.data.config.fallbackTemplate).toEqual({
      name: 'still_interested',
      language: 'en_GB',
      params: ['{{contact.name}}', 'Still there?'],
    });
    expect(store.getState().diagnostics.filter((d) => d.code === 'W24H')).toEqual([]);
  });

  it("fills the flow's re-engagement template when the step has no fallback of its own", async () => {
    const aiLate = {
      ...lateFollowUp,
      nodes: [
        ...lateFollowUp.nodes.filter((node) => node.id !== 'nudge'),
        { id: 'nudge', type: 'ai', data: { task: 'reply', instructions: 'Ask if they are still there.' } },
      ],
    };
    const store = await opened(aiLate);
    expect(store.getState().diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'W24H', nodeId: 'nudge' })]),
    );
    store
      .getState()
      .setTemplates([
        { name: 'still_interested', language: 'en', bodyParams: 2, body: 'Hi {{1}}, news about {{2}}' },
      ]);
    store.getState().applyW24hFix('nudge', store.getState().templates[0]);
    await store.getState().settled();
    expect(store.getState().envelope.settings).toEqual({
      reengagementTemplate: {
        name: 'still_interested',
        language: 'en',
        params: ['{{contact.name}}', 'Late'],
      },
    });
    expect(store.getState().diagnostics.filter((d) => d.code === 'W24H')).toEqual([]);
  });

  it('simulates the draft: a reply, then a time skip past the question timeout fires the follow-up', async () => {
    const store = await opened(lateFollowUp);
    store.getState().applyW24hFix('nudge', PLACEHOLDER_TEMPLATE);
    await store.getState().simStart();
    await store.getState().simSend('hi');
    expect(store.getState().sim.run).toMatchObject({ status: 'waiting', node: 'ask' });
    expect(store.getState().sim.events.map((event) => event.text)).toEqual(['hi', 'What is your name?']);

    await store.getState().simAdvance(24 * 3_600_000);
    expect(store.getState().sim.run?.node).toBe('ask');
    await store.getState().simAdvance(24 * 3_600_000);
    // Two days on, the window is closed: the nudge goes out as its fallback template.
    const last = store.getState().sim.events.at(-1);
    expect(last).toMatchObject({ dir: 'out', node: 'nudge', type: 'template' });
    expect(store.getState().sim.now).toBe('2026-03-04T09:00:00.000Z');
    expect(store.getState().sim.run?.status).toBe('completed');
  });

  it('refuses to simulate a flow with errors and says why', async () => {
    const broken = {
      ...greeting,
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'nowhere' }],
    };
    const store = await opened(broken);
    await store.getState().simStart();
    expect(store.getState().sim).toMatchObject({ open: true, error: expect.stringContaining('errors') });
  });
});

describe('editor store: big flows', () => {
  it('checks a big flow once after a burst of edits, not once per edit', async () => {
    const nodes = [
      { id: 'start', type: 'trigger', data: { on: 'message' } },
      ...Array.from({ length: 400 }, (_, index) => ({
        id: `m${index}`,
        type: 'message',
        data: { text: 'x' },
      })),
    ];
    const big = { ...greeting, id: 'big', nodes, edges: [] };
    const validate = jest.fn((document: unknown) => validateFlow(document));
    const store = createEditorStore([entry(big)], { validate });
    store.getState().openFlow('example:big');
    await store.getState().settled();
    validate.mockClear();

    for (let i = 0; i < 5; i += 1) store.getState().updateNodeConfig('m0', { text: `typing ${i}` });
    await store.getState().settled();
    expect(validate).toHaveBeenCalledTimes(1);
    // The check that ran saw the last edit.
    const checked = validate.mock.calls[0][0] as { nodes: Array<{ id: string; data: unknown }> };
    expect(checked.nodes.find((node) => node.id === 'm0')?.data).toEqual({ text: 'typing 4' });
    expect(store.getState().validating).toBe(false);
  });
});

describe('editor store: the workspace through the API', () => {
  function fakeApi() {
    const drafts = new Map<string, unknown>();
    let version = 0;
    const remote = (id: string, document: { id: string; name: string }): RemoteFlow => ({
      id,
      key: document.id,
      name: document.name,
      activeVersion: version || null,
      archived: false,
      updatedAt: '2026-03-01T00:00:00Z',
      revision: 1,
      draft: document,
      active: null,
      unpublishedChanges: true,
    });
    const diff: FlowDiff = {
      nodes: { added: ['hello'], removed: [], changed: [] },
      edges: { added: [], removed: [], changed: [] },
      flow: [],
      same: false,
    };
    const api = {
      createFlow: jest.fn(async (document: { id: string; name: string }) => {
        drafts.set('f1', document);
        return remote('f1', document);
      }),
      saveDraft: jest.fn(async (id: string, document: { id: string; name: string }) => {
        drafts.set(id, document);
        return remote(id, document);
      }),
      diff: jest.fn(async () => diff),
      publish: jest.fn(async () => ({ version: ++version, created: true })),
    };
    return { api, drafts };
  }

  it('saves a new flow (create), then its draft (update), and publishes after showing the diff', async () => {
    const { api, drafts } = fakeApi();
    const store = await opened(greeting, {
      api: api as unknown as ApiClient,
      signedIn: () => true,
    });
    expect(await store.getState().save()).toBe(true);
    expect(api.createFlow).toHaveBeenCalledWith(greeting);
    expect(store.getState().openKey).toBe('remote:f1');
    expect(store.getState().flows.map((flow) => flow.key)).toEqual(['remote:f1']);

    store.getState().updateNodeConfig('hello', { text: 'Changed' });
    await store.getState().preparePublish();
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect((drafts.get('f1') as typeof greeting).nodes[1].data).toEqual({ text: 'Changed' });
    expect(store.getState().pendingPublish).toEqual({
      diff: expect.any(Object),
      nextVersion: 1,
      conflicts: [],
      // Nothing published yet: no old words to show.
      texts: [],
    });
    expect(api.publish).not.toHaveBeenCalled();

    expect(await store.getState().confirmPublish()).toBe(true);
    expect(api.publish).toHaveBeenCalledWith('f1');
    expect(store.getState().flows[0].activeVersion).toBe(1);
    expect(store.getState().notice?.text).toBe('Published version 1.');
  });

  it('turns an API failure into a notice, and a 401 into signing out', async () => {
    const { ApiError } = await import('../api/api-client');
    const api = { createFlow: jest.fn(async () => Promise.reject(new ApiError(401, 'expired'))) };
    const onSessionEnded = jest.fn();
    const store = await opened(greeting, {
      api: api as unknown as ApiClient,
      signedIn: () => true,
      onSessionEnded,
    });
    expect(await store.getState().save()).toBe(false);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(store.getState().notice?.text).toBe('Your session has ended: sign in again.');
    expect(store.getState().busy).toBe(false);
  });

  it('stays busy while any API call is in flight, not only until the first one answers', async () => {
    const answers: Array<() => void> = [];
    const api = {
      createFlow: jest.fn(
        (document: { id: string; name: string }) =>
          new Promise((resolve) =>
            answers.push(() => resolve({ id: document.id, name: document.name, document, draftRevision: 1 })),
          ),
      ),
    };
    const store = await opened(greeting, { api: api as unknown as ApiClient, signedIn: () => true });
    const saving = store.getState().save();
    store.getState().newFlow();
    await Promise.resolve();
    expect(api.createFlow).toHaveBeenCalledTimes(2);
    expect(store.getState().busy).toBe(true);
    // The new flow's answer comes first: the save is still in flight, so the buttons stay disabled.
    answers[1]();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().busy).toBe(true);
    answers[0]();
    await saving;
    expect(store.getState().busy).toBe(false);
  });
});
