import type { ApiClient, FlowAnalytics, RemoteFlow } from '../api/api-client';
import type { FlowEntry } from '../flows/flow-entry';
import { createEditorStore } from './editor.store';

const documentOf = (id: string) => ({
  format: 'leadline.flow/v1',
  id,
  name: id,
  nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } }],
  edges: [],
});

const remote = (id: string): RemoteFlow =>
  ({
    id,
    key: id,
    name: id,
    activeVersion: 1,
    archived: false,
    updatedAt: '2026-03-01T00:00:00Z',
    revision: 1,
    draft: documentOf(id),
    active: null,
    unpublishedChanges: false,
  }) as RemoteFlow;

const listed = (id: string): FlowEntry => ({
  key: `remote:${id}`,
  source: 'remote',
  remoteId: id,
  activeVersion: 1,
  revision: 1,
  fileName: `${id}.flow.json`,
  name: id,
  document: null,
});

const example: FlowEntry = {
  key: 'example:local',
  source: 'example',
  fileName: 'local.flow.json',
  name: 'local',
  document: documentOf('local'),
};

/** An API whose answers wait until the test releases them, each by the id it was asked for. */
function heldApi() {
  const waiting = new Map<string, () => void>();
  const held =
    <T>(name: string, answer: T) =>
    () =>
      new Promise<T>((resolve) => waiting.set(name, () => resolve(answer)));
  const api = {
    getFlow: jest.fn((id: string) => held(`flow ${id}`, remote(id))()),
    listFlows: jest.fn(() => held('list', [remote('a'), remote('b')])()),
    templates: jest.fn(async () => []),
    activities: jest.fn(async () => []),
    analytics: jest.fn((id: string) => held(`analytics ${id}`, { version: 1 } as unknown as FlowAnalytics)()),
  };
  const release = async (name: string) => {
    waiting.get(name)!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { api: api as unknown as ApiClient, release };
}

describe('editor store: answers that come back after a later choice', () => {
  it('opens the flow clicked last when the first one clicked answers last', async () => {
    const { api, release } = heldApi();
    const store = createEditorStore([listed('a'), listed('b')], { api, signedIn: () => true });
    const first = store.getState().openRemoteFlow('a');
    const second = store.getState().openRemoteFlow('b');
    await release('flow b');
    await release('flow a');
    await Promise.all([first, second]);
    expect(store.getState().openKey).toBe('remote:b');
    expect(store.getState().envelope.id).toBe('b');
  });

  it('keeps the flow opened from the sidebar while a workspace flow was still loading', async () => {
    const { api, release } = heldApi();
    const store = createEditorStore([listed('a'), example], { api, signedIn: () => true });
    const loading = store.getState().openRemoteFlow('a');
    store.getState().openFlow('example:local');
    await release('flow a');
    await loading;
    expect(store.getState().openKey).toBe('example:local');
  });

  it('shows no analytics of a flow left before they came back', async () => {
    const { api, release } = heldApi();
    const store = createEditorStore([listed('a'), listed('b')], { api, signedIn: () => true });
    const opened = store.getState().openRemoteFlow('a');
    await release('flow a');
    await opened;
    const asked = store.getState().showAnalytics();
    const other = store.getState().openRemoteFlow('b');
    await release('flow b');
    await other;
    await release('analytics a');
    await asked;
    expect(store.getState().openKey).toBe('remote:b');
    expect(store.getState().analytics).toBeNull();
  });

  it('lists no workspace flows that come back after their person signed out', async () => {
    const { api, release } = heldApi();
    const store = createEditorStore([example], { api, signedIn: () => true });
    const loading = store.getState().loadWorkspace();
    store.getState().forgetWorkspace();
    await release('list');
    await loading;
    expect(store.getState().flows.map((flow) => flow.key)).toEqual(['example:local']);
  });
});
