import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { estimateNodeSize, viewNode } from '../flows/node-view';
import { textChanges, type TextChange } from '../flows/text-changes';
import {
  FLOW_FORMAT,
  getNodeDefinition,
  Simulation,
  validateFlow,
  type Diagnostic,
  type TranscriptEvent,
  type TranscriptRun,
  type UserInput,
} from '@leadline/flow-core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  ApiError,
  type ActivityManifestEntry,
  type ApiClient,
  type FlowAnalytics,
  type FlowDiff,
  type KeywordConflict,
  type VersionSummary,
} from '../api/api-client';
import { autoLayout } from '../flows/auto-layout';
import { copySelection, pasteClipboard, type Clipboard } from '../flows/clipboard';
import { w24hFix, type TemplateOption } from '../flows/w24h-fix';
import {
  CANVAS_NODE_TYPE,
  freshEdgeId,
  freshNodeId,
  fromCanvas,
  toCanvas,
  type CanvasEdge,
  type CanvasNode,
} from '../flows/canvas-model';
import { joinFlowDocument, splitFlowDocument } from '../flows/flow-document';
import { flowNameOf, type FlowEntry } from '../flows/flow-entry';
import { flowIdFromName, freeFlowId } from '../flows/flow-id';
import { followOptions, freshConfig } from '../flows/question-defaults';
import { emptyHistory, record, redo, undo, type History, type Snapshot } from './history';
import { simulatedActivityAnswers } from '../features/simulator/simulated-activities';

export interface NodeIssues {
  errors: number;
  warnings: number;
  messages: string[];
}

export interface Notice {
  tone: 'error' | 'info';
  text: string;
  /** A step was deleted from the middle of a path: the notice offers to join its neighbours. */
  reconnect?: { source: string; sourceHandle: string | null; target: string };
}

/**
 * Where the open flow's work is: `saved` in the workspace, `unsaved` edits waiting for the autosave,
 * `saving`, `conflict` (someone saved a newer draft: nothing is overwritten until the author picks),
 * `error` (the save failed; retried on the next edit), `local` (an example or import, not in the
 * workspace).
 */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error' | 'local';

export interface EditorState {
  flows: FlowEntry[];
  /** The flow on the canvas; its live copy is `envelope` + `nodes` + `edges`. */
  openKey: string | null;
  envelope: Record<string, unknown>;
  /** False until the author changes the open flow: until then the original document is what counts. */
  edited: boolean;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  diagnostics: Diagnostic[];
  issuesByNode: Record<string, NodeIssues>;
  /** Per node, its ports that end the conversation without a word (DEAD_END), with the reason. */
  deadEndsByNode: Record<string, Record<string, string>>;
  validating: boolean;
  /** Bumped to ask the canvas to bring a node into view. */
  focus: { nodeId: string; seq: number } | null;
  notice: Notice | null;
  history: History;
  clipboard: Clipboard | null;
  /** The node the property panel edits: the only selected node, if exactly one is. */
  inspected: string | null;
  templates: TemplateOption[];
  activities: ActivityManifestEntry[];
  /** A request to the API is under way (save, publish, open...). */
  busy: boolean;
  /** Shown before publishing: what the saved draft changes against the published version. */
  pendingPublish: {
    diff: FlowDiff;
    nextVersion: number;
    conflicts: KeywordConflict[];
    /** The old and new words of the changed steps (empty when nothing was published yet). */
    texts: TextChange[];
  } | null;
  /** The open workspace flow's published versions, newest first, once asked for. */
  versions: VersionSummary[] | null;
  /** A diff the author asked to see (a version against the draft). */
  comparison: { title: string; diff: FlowDiff } | null;
  sim: SimulatorView;
  analytics: FlowAnalytics | null;
  saveState: SaveState;

  openFlow(key: string): void;
  newFlow(): void;
  importFlowText(fileName: string, text: string): void;
  addNode(
    type: string,
    position: { x: number; y: number },
    config?: Record<string, unknown>,
  ): string | undefined;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  onConnect(connection: Connection): void;
  focusDiagnostic(diagnostic: Diagnostic): void;
  dismissNotice(): void;
  /** Takes the notice's offer to join the neighbours of a deleted step. */
  reconnectNotice(): void;
  /** Records the flow as it is now, before an edit that React Flow makes itself (a drag). */
  checkpoint(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  deleteSelection(): void;
  selectAll(): void;
  /** Replaces a node's data (the property panel); the node keeps its id, place and edges. */
  updateNodeConfig(nodeId: string, config: Record<string, unknown>): void;
  updateEnvelope(envelope: Record<string, unknown>): void;
  autoLayout(): void;
  /** The step whose 24-hour fix the author is choosing a template for (the chooser is open). */
  w24hChoice: { nodeId: string } | null;
  /** Opens the chooser of W24H's fix: nothing changes until a template is picked. */
  fixW24h(nodeId: string): void;
  cancelW24hFix(): void;
  /** Removes one connection by id: a connection to a missing step is not drawn, so it is removed from Problems. */
  removeEdge(edgeId: string): void;
  /** The fix, with the template the author picked: a fallback on the step, or the flow's re-engagement template. */
  applyW24hFix(nodeId: string, template: TemplateOption): void;
  setTemplates(templates: TemplateOption[]): void;
  setActivities(activities: ActivityManifestEntry[]): void;

  /** Someone signed out: the workspace's flows leave the sidebar (examples and imports stay). */
  forgetWorkspace(): void;
  /** Loads the workspace's flows, templates and custom activities. */
  loadWorkspace(): Promise<void>;
  openRemoteFlow(remoteId: string): Promise<void>;
  save(options?: { auto?: boolean }): Promise<boolean>;
  /** Edits that would be lost by leaving the page now (not yet in the workspace, or a local flow changed). */
  hasUnsavedChanges(): boolean;
  /** After a conflict: `theirs` reloads the workspace's draft, `mine` saves this copy over it. */
  resolveConflict(choice: 'theirs' | 'mine'): Promise<void>;
  /** Renames the flow; an unpublished flow whose id followed its name keeps following it. */
  renameFlow(name: string): void;
  /** Changes the flow id (only before the first publish: runs and links refer to it after). */
  setFlowId(id: string): void;
  /** Saves, then asks the API what publishing would change; `confirmPublish` publishes. */
  preparePublish(): Promise<void>;
  confirmPublish(): Promise<boolean>;
  cancelPublish(): void;
  loadVersions(): Promise<void>;
  compareVersion(version: number): Promise<void>;
  closeComparison(): void;
  archiveFlow(): Promise<void>;
  duplicateFlow(): Promise<void>;
  exportDocument(): { fileName: string; text: string } | null;
  showAnalytics(): Promise<void>;
  hideAnalytics(): void;

  simStart(): Promise<void>;
  simSend(input: UserInput): Promise<void>;
  simAdvance(ms: number): Promise<void>;
  simClose(): void;
  /**
   * The open flow as a document (what the validator and, later, the API get): the document as it
   * was opened until the author edits it, so a broken import is judged on what the file says.
   */
  currentDocument(): unknown;
  /** Resolves when the latest validation has landed (tests, and callers that must wait for it). */
  settled(): Promise<void>;
}

export type EditorStore = StoreApi<EditorState>;

/** The simulator panel: a chat with the draft flow on the core, on a clock that only moves when told. */
export interface SimulatorView {
  open: boolean;
  events: TranscriptEvent[];
  run: TranscriptRun | null;
  now: string | null;
  error: string | null;
  /** The trigger waits for an API call rather than a message: the panel offers "Start as a lead". */
  apiTrigger: boolean;
}

const closedSimulator: SimulatorView = {
  open: false,
  events: [],
  run: null,
  now: null,
  error: null,
  apiTrigger: false,
};

/** Where a simulated conversation starts: a fixed weekday morning, so runs are reproducible. */
export const SIMULATION_START = '2026-03-02T09:00:00.000Z';
export const SIMULATED_CONTACT = { phone: '+15550100001', name: 'Alex' };

export interface EditorStoreOptions {
  /** The core's validator; may answer synchronously or with a promise (a server round trip, later). */
  validate?: (document: unknown) => { diagnostics: Diagnostic[] } | Promise<{ diagnostics: Diagnostic[] }>;
  api?: ApiClient;
  /** The clock that groups a burst of typing into one undo step; tests pass their own. */
  now?: () => number;
  /** Whether someone is signed in (the session lives in features/auth, shared by the whole app). */
  signedIn?: () => boolean;
  /** The API answered 401 after refreshing: the session is over. */
  onSessionEnded?: () => void;
}

const PASTE_OFFSET = { x: 40, y: 40 };
/** A card's size before the canvas has measured it, and the space kept between cards. */
const NODE_FOOTPRINT = { width: 240, height: 110 };
const NODE_GAP = 24;

/** Above this many nodes, validation waits for a pause in the edits (see revalidate). */
export const LARGE_FLOW_NODES = 300;
const LARGE_FLOW_DEBOUNCE_MS = 150;
/** Edits of the same node's properties this close together are one undo step (typing a word). */
export const TYPING_UNDO_WINDOW_MS = 1_000;

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.details.length ? `${error.message} (${error.details.join('; ')})` : error.message;
  }
  return (error as Error)?.message ?? String(error);
}

function groupDeadEnds(diagnostics: readonly Diagnostic[]): Record<string, Record<string, string>> {
  const byNode: Record<string, Record<string, string>> = {};
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'DEAD_END' || !diagnostic.nodeId || !diagnostic.path?.startsWith('ports.'))
      continue;
    (byNode[diagnostic.nodeId] ??= {})[diagnostic.path.slice('ports.'.length)] = diagnostic.message;
  }
  return byNode;
}

function groupIssues(diagnostics: readonly Diagnostic[]): Record<string, NodeIssues> {
  const byNode: Record<string, NodeIssues> = {};
  for (const diagnostic of diagnostics) {
    if (!diagnostic.nodeId) continue;
    const issues = (byNode[diagnostic.nodeId] ??= { errors: 0, warnings: 0, messages: [] });
    if (diagnostic.severity === 'error') issues.errors += 1;
    else issues.warnings += 1;
    issues.messages.push(`${diagnostic.code}: ${diagnostic.message}`);
  }
  return byNode;
}

const STRUCTURAL_CHANGES = new Set(['add', 'remove', 'replace']);
const EDITING_CHANGES = new Set(['add', 'remove', 'replace', 'position']);

export function createEditorStore(initialFlows: FlowEntry[], options: EditorStoreOptions = {}): EditorStore {
  const api = options.api;
  const signedIn = options.signedIn ?? (() => false);
  // Validation is async; only the answer to the latest request may land, edits made meanwhile win.
  let validationSeq = 0;
  let pending: Promise<void> = Promise.resolve();
  let imported = 0;
  // The open flow as last saved to (or loaded from) the workspace, to tell real edits from selection.
  let savedText: string | null = null;

  return createStore<EditorState>()((set, get) => {
    const validate = (document: unknown) => {
      if (options.validate) return options.validate(document);
      // Activity names are checked only against a manifest we have: without one, any name may exist.
      const activities = get().activities.map((activity) => activity.name);
      return validateFlow(document, activities.length ? { activities } : {});
    };
    // The simulator's run lives outside the store (it is a mutable object); the store holds its view.
    let simulation: Simulation | null = null;
    let simulationSeq = 0;

    const now = options.now ?? (() => Date.now());
    let lastPropertyEdit: { nodeId: string; at: number } | null = null;

    const snapshot = (): Snapshot => {
      const { envelope, nodes, edges } = get();
      return { envelope, nodes, edges };
    };
    /** Every edit goes through here: it can be undone, it marks the flow edited, and it is checked. */
    const edit = (change: Partial<Snapshot> & Partial<Pick<EditorState, 'inspected'>>): void => {
      lastPropertyEdit = null;
      set({ ...change, history: record(get().history, snapshot()), edited: true });
      revalidate();
    };
    const inspectedOf = (nodes: readonly CanvasNode[]): string | null => {
      let found: string | null = null;
      for (const node of nodes) {
        if (!node.selected) continue;
        if (found) return null;
        found = node.id;
      }
      return found;
    };

    const revalidate = (): void => {
      const seq = ++validationSeq;
      const document = get().currentDocument();
      if (document === null) {
        set({ diagnostics: [], issuesByNode: {}, deadEndsByNode: {}, validating: false });
        return;
      }
      set({ validating: true });
      // A big flow takes the core a noticeable time to check: while the author types or drags, only
      // the last edit of a burst is checked. Small flows are checked on every edit.
      const large = get().nodes.length > LARGE_FLOW_NODES;
      const start = large
        ? new Promise<void>((resolve) => setTimeout(resolve, LARGE_FLOW_DEBOUNCE_MS))
        : Promise.resolve();
      // `then` takes the core's answer whether it is synchronous or a promise.
      pending = start
        .then(() => (large && seq !== validationSeq ? null : validate(document)))
        .then(
          (result) => result?.diagnostics ?? null,
          (error: unknown): Diagnostic[] => [
            {
              severity: 'error',
              code: 'VALIDATOR',
              message: `The validator failed: ${(error as Error)?.message ?? error}`,
            },
          ],
        )
        .then((diagnostics) => {
          if (diagnostics === null || seq !== validationSeq) return;
          set({
            diagnostics,
            issuesByNode: groupIssues(diagnostics),
            deadEndsByNode: groupDeadEnds(diagnostics),
            validating: false,
          });
        });
    };

    /** Keeps the edits of the open flow in its sidebar entry before another flow replaces it. */
    const commitOpenFlow = (): FlowEntry[] => {
      const { flows, openKey, edited } = get();
      const document = get().currentDocument();
      if (!openKey || !edited) return flows;
      return flows.map((entry) =>
        entry.key === openKey ? { ...entry, document, name: flowNameOf(document, entry.name) } : entry,
      );
    };

    const show = (flows: FlowEntry[], key: string, notice: Notice | null = null): void => {
      const entry = flows.find((candidate) => candidate.key === key);
      if (!entry) return;
      const parts = splitFlowDocument(entry.document);
      const { nodes, edges } = toCanvas(parts);
      savedText = entry.source === 'remote' ? JSON.stringify(entry.document) : null;
      set({
        saveState: entry.source === 'remote' ? 'saved' : 'local',
        flows,
        openKey: key,
        envelope: parts.envelope,
        edited: false,
        nodes,
        edges,
        focus: null,
        diagnostics: [],
        issuesByNode: {},
        history: emptyHistory(),
        inspected: null,
        pendingPublish: null,
        versions: null,
        comparison: null,
        analytics: null,
        sim: closedSimulator,
        notice: parts.skipped
          ? {
              tone: 'error',
              text: `${parts.skipped} node(s) or edge(s) without an id cannot be drawn; fix them in the file.`,
            }
          : notice,
      });
      simulation = null;
      revalidate();
    };

    const requireApi = (): ApiClient => {
      if (!api) throw new Error('This editor has no API to talk to.');
      return api;
    };
    /** Runs an API call with the busy flag on; a failure becomes an error notice, never an exception. */
    const remote = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
      set({ busy: true });
      try {
        return await call();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          options.onSessionEnded?.();
          set({ notice: { tone: 'error', text: 'Your session has ended: sign in again.' } });
        } else {
          set({ notice: { tone: 'error', text: `${what} failed: ${describeError(error)}` } });
        }
        return undefined;
      } finally {
        set({ busy: false });
      }
    };
    const openEntry = (): FlowEntry | undefined => get().flows.find((entry) => entry.key === get().openKey);

    /** Every flow id the editor knows of: the workspace's and this session's. */
    const takenIds = (): Set<string> =>
      new Set(
        get().flows.flatMap((entry) => [
          entry.fileName.replace(/\.flow\.json$|\.json$/, ''),
          String((entry.document as { id?: unknown } | null)?.id ?? ''),
        ]),
      );

    /**
     * A new flow with a free id derived from its name. Signed in, it is created in the workspace
     * at once (so a reload reopens it and autosave has somewhere to save); if the server knows the id
     * (an archived flow), the next free one is tried.
     */
    const createNewFlow = async (): Promise<void> => {
      const taken = takenIds();
      const names = new Set(get().flows.map((entry) => entry.name));
      let n = 1;
      const nextFree = () => {
        while (names.has(`Untitled flow ${n}`) || taken.has(flowIdFromName(`Untitled flow ${n}`))) n += 1;
        return `Untitled flow ${n}`;
      };
      const trigger = getNodeDefinition('trigger');
      const documentFor = (name: string) => ({
        format: FLOW_FORMAT,
        id: flowIdFromName(name),
        name,
        nodes: trigger
          ? [
              {
                id: 'start',
                type: 'trigger',
                position: { x: 0, y: 0 },
                data: structuredClone(trigger.defaults),
              },
            ]
          : [],
        edges: [],
      });
      if (api && signedIn()) {
        for (let attempt = 0; attempt < 20; attempt += 1) {
          const document = documentFor(nextFree());
          try {
            set({ busy: true });
            const created = await api.createFlow(document);
            const entry = remoteEntry(created);
            show([entry, ...commitOpenFlow().filter((other) => other.key !== entry.key)], entry.key);
            return;
          } catch (error) {
            if (error instanceof ApiError && error.code === 'FLOW_EXISTS') {
              taken.add(document.id);
              continue;
            }
            set({ notice: { tone: 'error', text: `Creating the flow failed: ${describeError(error)}` } });
            return;
          } finally {
            set({ busy: false });
          }
        }
        return;
      }
      const document = documentFor(nextFree());
      imported += 1;
      const entry: FlowEntry = {
        key: `new:${imported}`,
        source: 'imported',
        fileName: `${document.id}.flow.json`,
        name: document.name,
        document,
      };
      show([...commitOpenFlow(), entry], entry.key);
    };

    const remoteEntry = (flow: {
      id: string;
      key: string;
      name: string;
      activeVersion: number | null;
      revision?: number;
      draft: unknown;
    }): FlowEntry => ({
      key: `remote:${flow.id}`,
      source: 'remote',
      remoteId: flow.id,
      activeVersion: flow.activeVersion,
      revision: flow.revision,
      fileName: `${flow.key}.flow.json`,
      name: flow.name,
      document: flow.draft,
    });

    /** The open document as text, for telling a real change from a selection or a re-render. */
    const openText = (): string | null => {
      const document = get().currentDocument();
      return document === null ? null : JSON.stringify(document);
    };

    const refreshSimulation = (): void => {
      if (!simulation) return;
      const transcript = simulation.transcript();
      set({
        sim: {
          ...get().sim,
          events: [...transcript.events],
          run: transcript.run ? { ...transcript.run, vars: { ...transcript.run.vars } } : null,
          now: simulation.now,
        },
      });
    };
    const simulate = async (step: (sim: Simulation) => Promise<void>): Promise<void> => {
      const current = simulation;
      if (!current) return;
      const seq = simulationSeq;
      try {
        await step(current);
        if (seq === simulationSeq) set({ sim: { ...get().sim, error: null } });
      } catch (error) {
        if (seq === simulationSeq) set({ sim: { ...get().sim, error: (error as Error).message } });
      }
      if (seq === simulationSeq) refreshSimulation();
    };

    return {
      flows: initialFlows,
      openKey: null,
      envelope: {},
      edited: false,
      nodes: [],
      edges: [],
      diagnostics: [],
      issuesByNode: {},
      deadEndsByNode: {},
      validating: false,
      focus: null,
      notice: null,
      history: emptyHistory(),
      clipboard: null,
      inspected: null,
      templates: [],
      activities: [],
      busy: false,
      pendingPublish: null,
      versions: null,
      comparison: null,
      sim: closedSimulator,
      analytics: null,
      saveState: 'local',
      w24hChoice: null,

      openFlow: (key) => {
        if (key === get().openKey) return;
        show(commitOpenFlow(), key);
      },

      newFlow: () => void createNewFlow(),

      importFlowText: (fileName, text) => {
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch (error) {
          set({
            notice: { tone: 'error', text: `${fileName} is not valid JSON: ${(error as Error).message}` },
          });
          return;
        }
        imported += 1;
        const entry: FlowEntry = {
          key: `import:${imported}`,
          source: 'imported',
          fileName,
          name: flowNameOf(document, fileName.replace(/\.json$/i, '').replace(/\.flow$/i, '')),
          document,
        };
        show([...commitOpenFlow(), entry], entry.key, { tone: 'info', text: `Imported ${fileName}.` });
      },

      addNode: (type, position, config) => {
        const definition = getNodeDefinition(type);
        if (!definition || !get().openKey) return undefined;
        const { nodes } = get();
        const id = freshNodeId(definition.type, new Set(nodes.map((node) => node.id)));
        // A new step never lands on top of another: the nearest free spot around where it was asked
        // for (rings of growing distance), so it stays where the author looks.
        const fresh = freshConfig(
          structuredClone(config ?? definition.defaults) as Record<string, unknown>,
          nodes,
        );
        // The new card's own size: a question with its plain-word exits is wider and taller than a wait.
        const own = estimateNodeSize(viewNode(definition.type, fresh));
        const covers = (spot: { x: number; y: number }) => (node: CanvasNode) => {
          const width = node.measured?.width ?? NODE_FOOTPRINT.width;
          const height = node.measured?.height ?? NODE_FOOTPRINT.height;
          return (
            spot.x < node.position.x + width + NODE_GAP &&
            node.position.x < spot.x + own.width + NODE_GAP &&
            spot.y < node.position.y + height + NODE_GAP &&
            node.position.y < spot.y + own.height + NODE_GAP
          );
        };
        const DIRECTIONS = [
          [0, 1],
          [1, 0],
          [-1, 0],
          [0, -1],
          [1, 1],
          [-1, 1],
          [1, -1],
          [-1, -1],
        ];
        let spot = { ...position };
        search: for (let ring = 1; ring <= 12 && nodes.some(covers(spot)); ring += 1) {
          for (const [dx, dy] of DIRECTIONS) {
            const candidate = { x: position.x + dx * ring * 70, y: position.y + dy * ring * 45 };
            if (!nodes.some(covers(candidate))) {
              spot = candidate;
              break search;
            }
          }
        }
        const node: CanvasNode = {
          id,
          type: CANVAS_NODE_TYPE,
          position: spot,
          selected: true,
          data: {
            nodeType: definition.type,
            config: fresh,
          },
        };
        edit({
          nodes: [...nodes.map((other) => (other.selected ? { ...other, selected: false } : other)), node],
          inspected: id,
        });
        return id;
      },

      onNodesChange: (changes) => {
        const structural = changes.some((change) => STRUCTURAL_CHANGES.has(change.type));
        const nodes = applyNodeChanges(changes, get().nodes);
        set({
          nodes,
          edited: get().edited || changes.some((change) => EDITING_CHANGES.has(change.type)),
          ...(structural ? { history: record(get().history, snapshot()) } : {}),
          ...(changes.some((change) => change.type === 'select' || change.type === 'remove')
            ? { inspected: inspectedOf(nodes) }
            : {}),
        });
        if (changes.some((change) => STRUCTURAL_CHANGES.has(change.type))) revalidate();
      },

      onEdgesChange: (changes) => {
        const structural = changes.some((change) => STRUCTURAL_CHANGES.has(change.type));
        set({
          edges: applyEdgeChanges(changes, get().edges),
          edited: get().edited || changes.some((change) => EDITING_CHANGES.has(change.type)),
          ...(structural ? { history: record(get().history, snapshot()) } : {}),
        });
        if (changes.some((change) => STRUCTURAL_CHANGES.has(change.type))) revalidate();
      },

      onConnect: (connection) => {
        const { edges } = get();
        const id = freshEdgeId(
          connection.source,
          connection.sourceHandle,
          new Set(edges.map((edge) => edge.id)),
        );
        edit({ edges: addEdge({ ...connection, id }, edges) });
      },

      focusDiagnostic: (diagnostic) => {
        const { nodes, edges, focus } = get();
        const edge = diagnostic.edgeId
          ? edges.find((candidate) => candidate.id === diagnostic.edgeId)
          : undefined;
        const nodeId = [diagnostic.nodeId, edge?.source, edge?.target].find(
          (id) => id !== undefined && nodes.some((node) => node.id === id),
        );
        set({
          nodes: nodes.map((node) =>
            (node.id === nodeId) === Boolean(node.selected)
              ? node
              : { ...node, selected: node.id === nodeId },
          ),
          edges: edges.map((candidate) =>
            (candidate.id === edge?.id) === Boolean(candidate.selected)
              ? candidate
              : { ...candidate, selected: candidate.id === edge?.id },
          ),
          focus: nodeId ? { nodeId, seq: (focus?.seq ?? 0) + 1 } : focus,
          inspected: nodeId ?? null,
        });
      },

      checkpoint: () => set({ history: record(get().history, snapshot()), edited: true }),

      undo: () => {
        lastPropertyEdit = null;
        const step = undo(get().history, snapshot());
        if (!step) return;
        set({
          ...step.snapshot,
          history: step.history,
          edited: true,
          inspected: inspectedOf(step.snapshot.nodes),
        });
        revalidate();
      },

      redo: () => {
        lastPropertyEdit = null;
        const step = redo(get().history, snapshot());
        if (!step) return;
        set({
          ...step.snapshot,
          history: step.history,
          edited: true,
          inspected: inspectedOf(step.snapshot.nodes),
        });
        revalidate();
      },

      copy: () => {
        const clipboard = copySelection(get().nodes, get().edges);
        if (clipboard) set({ clipboard });
      },

      cut: () => {
        get().copy();
        get().deleteSelection();
      },

      paste: () => {
        const { clipboard, nodes, edges, openKey } = get();
        if (!clipboard || !openKey) return;
        const pasted = pasteClipboard(clipboard, { nodes, edges }, PASTE_OFFSET);
        if (!pasted.nodes.length) return;
        edit({
          nodes: [
            ...nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
            ...pasted.nodes,
          ],
          edges: [
            ...edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
            ...pasted.edges,
          ],
          inspected: pasted.nodes.length === 1 ? pasted.nodes[0].id : null,
        });
        // The next paste lands a step further, as people expect from repeated Ctrl+V.
        set({ clipboard: { nodes: pasted.nodes, edges: pasted.edges } });
      },

      deleteSelection: () => {
        const { nodes, edges } = get();
        const gone = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
        const keptEdges = edges.filter(
          (edge) => !edge.selected && !gone.has(edge.source) && !gone.has(edge.target),
        );
        if (!gone.size && keptEdges.length === edges.length) return;
        edit({ nodes: nodes.filter((node) => !gone.has(node.id)), edges: keptEdges, inspected: null });
        // One step out of the middle of a path (one way in, one way out): offer to join the two ends,
        // so that deleting a step does not silently cut the conversation there.
        if (gone.size !== 1) return;
        const [id] = gone;
        const into = edges.filter((edge) => edge.target === id && edge.source !== id);
        const out = edges.filter((edge) => edge.source === id && edge.target !== id);
        if (into.length !== 1 || out.length !== 1 || gone.has(out[0].target)) return;
        if (
          keptEdges.some(
            (edge) => edge.source === into[0].source && edge.sourceHandle === into[0].sourceHandle,
          )
        )
          return;
        set({
          notice: {
            tone: 'info',
            text: `Deleted "${id}". Connect the step before it to the step after it?`,
            reconnect: {
              source: into[0].source,
              sourceHandle: into[0].sourceHandle ?? null,
              target: out[0].target,
            },
          },
        });
      },

      selectAll: () =>
        set({
          nodes: get().nodes.map((node) => (node.selected ? node : { ...node, selected: true })),
          inspected: get().nodes.length === 1 ? get().nodes[0].id : null,
        }),

      updateNodeConfig: (nodeId, next) => {
        const nodes = get().nodes.map((node) =>
          node.id === nodeId
            ? {
                ...node,
                data: { ...node.data, config: followOptions(node.data.nodeType, node.data.config, next) },
              }
            : node,
        );
        const at = now();
        const typing =
          lastPropertyEdit?.nodeId === nodeId && at - lastPropertyEdit.at < TYPING_UNDO_WINDOW_MS;
        if (!typing) {
          edit({ nodes });
          lastPropertyEdit = { nodeId, at };
          return;
        }
        lastPropertyEdit = { nodeId, at };
        // The undo step recorded at the first keystroke already holds the text as it was before.
        set({ nodes, edited: true, history: { ...get().history, future: [] } });
        revalidate();
      },

      updateEnvelope: (envelope) => edit({ envelope }),

      autoLayout: () => {
        if (!get().nodes.length) return;
        edit({ nodes: autoLayout(get().nodes, get().edges) });
      },

      fixW24h: (nodeId) => {
        if (get().nodes.some((candidate) => candidate.id === nodeId)) set({ w24hChoice: { nodeId } });
      },

      cancelW24hFix: () => set({ w24hChoice: null }),

      removeEdge: (edgeId) => {
        const edges = get().edges.filter((edge) => edge.id !== edgeId);
        if (edges.length !== get().edges.length) edit({ edges });
      },

      applyW24hFix: (nodeId, template) => {
        const node = get().nodes.find((candidate) => candidate.id === nodeId);
        set({ w24hChoice: null });
        if (!node) return;
        lastPropertyEdit = null; // the fix is an undo step of its own
        const { envelope, nodes, edges } = get();
        const fix = w24hFix({ id: node.id, ...node.data }, fromCanvas(envelope, nodes, edges), template);
        if (fix.kind === 'node') get().updateNodeConfig(nodeId, fix.config);
        else get().updateEnvelope(fix.envelope);
        set({
          notice: {
            tone: 'info',
            text:
              fix.kind === 'node'
                ? `After 24 hours without a reply, this step now sends the template "${template.name}".`
                : `Set the flow's re-engagement template to "${template.name}".`,
          },
        });
      },

      setTemplates: (templates) => set({ templates }),
      setActivities: (activities) => {
        set({ activities });
        if (get().openKey) revalidate();
      },

      forgetWorkspace: () => {
        const open = openEntry();
        const flows = get().flows.filter((entry) => entry.source !== 'remote');
        if (open?.source !== 'remote') return set({ flows });
        simulation = null;
        set({
          flows,
          openKey: null,
          envelope: {},
          edited: false,
          nodes: [],
          edges: [],
          diagnostics: [],
          issuesByNode: {},
          history: emptyHistory(),
          inspected: null,
          pendingPublish: null,
          versions: null,
          comparison: null,
          analytics: null,
          sim: closedSimulator,
        });
      },

      loadWorkspace: async () => {
        if (!api || !signedIn()) return;
        const [flows, templates, activities] = await Promise.all([
          remote('Loading your flows', () => api.listFlows()),
          api.templates().catch(() => [] as TemplateOption[]),
          api.activities(),
        ]);
        if (!flows) return;
        const kept = commitOpenFlow().filter((entry) => entry.source !== 'remote');
        const current = new Map(get().flows.map((entry) => [entry.key, entry]));
        const listed: FlowEntry[] = flows.map((flow) => {
          const key = `remote:${flow.id}`;
          return {
            key,
            source: 'remote',
            remoteId: flow.id,
            activeVersion: flow.activeVersion,
            revision: current.get(key)?.document ? current.get(key)?.revision : flow.revision,
            fileName: `${flow.key}.flow.json`,
            name: flow.name,
            // Filled in when opened; an open flow keeps the edits made to it.
            document: current.get(key)?.document ?? null,
          };
        });
        set({ flows: [...listed, ...kept], templates, activities });
        if (get().openKey) revalidate();
      },

      openRemoteFlow: async (remoteId) => {
        const flow = await remote('Opening the flow', () => requireApi().getFlow(remoteId));
        if (!flow) return;
        const entry = remoteEntry(flow);
        const key = entry.key;
        const others = commitOpenFlow().filter((candidate) => candidate.key !== key);
        const index = get().flows.findIndex((candidate) => candidate.key === key);
        const flows = [...others];
        flows.splice(index < 0 ? 0 : Math.min(index, flows.length), 0, entry);
        show(flows, key);
      },

      save: async ({ auto = false } = {}) => {
        const entry = openEntry();
        const document = get().currentDocument() as Record<string, unknown> | null;
        if (!entry || !document) return false;
        // A conflict waits for the author's choice: the autosave must not decide for them.
        if (auto && get().saveState === 'conflict') return false;
        const text = JSON.stringify(document);
        set({ saveState: 'saving' });
        let conflict = false;
        const saved = await remote('Saving', async () => {
          try {
            return await (entry.remoteId
              ? requireApi().saveDraft(entry.remoteId, document, entry.revision)
              : requireApi().createFlow(document));
          } catch (error) {
            if (error instanceof ApiError && error.code === 'DRAFT_CONFLICT') {
              conflict = true;
              return undefined;
            }
            throw error;
          }
        });
        if (openEntry()?.key !== entry.key) return Boolean(saved);
        if (conflict) {
          // The conflict bar (features/toolbar/save-status) explains it and offers the two ways out.
          set({ saveState: 'conflict', notice: null });
          return false;
        }
        if (!saved) {
          set({ saveState: 'error' });
          return false;
        }
        const updated = remoteEntry(saved);
        // The server keeps a published flow's id: the canvas follows what was stored.
        if (saved.key !== document.id) set({ envelope: { ...get().envelope, id: saved.key } });
        savedText = saved.key === document.id ? text : JSON.stringify({ ...document, id: saved.key });
        const key = updated.key;
        // The canvas stays as it is (selection, viewport); only the entry now points at the workspace copy.
        set({
          flows: [
            { ...updated, document: get().currentDocument() },
            ...get().flows.filter((candidate) => candidate.key !== entry.key && candidate.key !== key),
          ],
          openKey: key,
          edited: true,
          saveState: openText() === savedText ? 'saved' : 'unsaved',
          ...(auto ? {} : { notice: { tone: 'info' as const, text: `Saved "${saved.name}".` } }),
        });
        return true;
      },

      hasUnsavedChanges: () => {
        const entry = openEntry();
        if (!entry) return false;
        if (entry.source !== 'remote') return get().edited;
        const state = get().saveState;
        return state === 'saving' || state === 'conflict' || state === 'error' || openText() !== savedText;
      },

      resolveConflict: async (choice) => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const latest = await remote('Loading the latest draft', () => requireApi().getFlow(entry.remoteId!));
        if (!latest) return;
        if (choice === 'theirs') {
          const fresh = remoteEntry(latest);
          show(
            get().flows.map((candidate) => (candidate.key === entry.key ? fresh : candidate)),
            fresh.key,
            { tone: 'info', text: 'Reloaded the latest saved version of this flow.' },
          );
          return;
        }
        set({
          flows: get().flows.map((candidate) =>
            candidate.key === entry.key ? { ...candidate, revision: latest.revision } : candidate,
          ),
          saveState: 'unsaved',
        });
        await get().save();
      },

      renameFlow: (name) => {
        const { envelope } = get();
        const entry = openEntry();
        const id = typeof envelope.id === 'string' ? envelope.id : '';
        const oldName = typeof envelope.name === 'string' ? envelope.name : '';
        // The id follows the name while it still is the name's id and nothing refers to it yet.
        const follows = !entry?.activeVersion && id === flowIdFromName(oldName);
        if (!follows || !name.trim()) return get().updateEnvelope({ ...envelope, name });
        const taken = takenIds();
        taken.delete(id);
        get().updateEnvelope({ ...envelope, name, id: freeFlowId(flowIdFromName(name), taken) });
      },

      setFlowId: (id) => {
        if (openEntry()?.activeVersion) return;
        get().updateEnvelope({ ...get().envelope, id });
      },

      preparePublish: async () => {
        if (!(await get().save())) return;
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const diff = await remote('Comparing with the published version', () =>
          requireApi().diff(entry.remoteId!, 'active', 'draft'),
        );
        if (!diff) return;
        // A warning, not a refusal: the author may mean to take the keyword over.
        const conflicts = await Promise.resolve()
          .then(() => requireApi().keywordConflicts(entry.remoteId!))
          .catch(() => [] as KeywordConflict[]);
        // The words contacts get, before and after: fetched only when something was published.
        const active = entry.activeVersion;
        const published = active
          ? await requireApi()
              .version(entry.remoteId, active)
              .catch(() => null)
          : null;
        const texts = published
          ? textChanges(
              published.definition,
              get().currentDocument(),
              diff.nodes.changed.map((change) => change.id),
            )
          : [];
        set({ pendingPublish: { diff, nextVersion: (entry.activeVersion ?? 0) + 1, conflicts, texts } });
      },

      confirmPublish: async () => {
        const entry = openEntry();
        set({ pendingPublish: null });
        if (!entry?.remoteId) return false;
        const published = await remote('Publishing', () => requireApi().publish(entry.remoteId!));
        if (!published) return false;
        set({
          versions: null,
          flows: get().flows.map((candidate) =>
            candidate.key === entry.key ? { ...candidate, activeVersion: published.version } : candidate,
          ),
          notice: {
            tone: 'info',
            text: published.created
              ? `Published version ${published.version}.`
              : `Nothing changed since version ${published.version}: no new version.`,
          },
        });
        return true;
      },

      cancelPublish: () => set({ pendingPublish: null }),

      loadVersions: async () => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const versions = await remote('Loading the versions', () => requireApi().versions(entry.remoteId!));
        if (versions && openEntry()?.key === entry.key) set({ versions });
      },

      compareVersion: async (version) => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        // The comparison is with the saved draft: unsaved edits are saved first so the diff is true.
        if (get().edited && !(await get().save())) return;
        const diff = await remote('Comparing', () => requireApi().diff(entry.remoteId!, version, 'draft'));
        if (diff) set({ comparison: { title: `Version ${version} → draft`, diff } });
      },

      closeComparison: () => set({ comparison: null }),

      archiveFlow: async () => {
        const entry = openEntry();
        if (!entry?.remoteId) return;
        const archived = await remote('Archiving', () => requireApi().archive(entry.remoteId!));
        if (!archived) return;
        set({
          flows: get().flows.filter((candidate) => candidate.key !== entry.key),
          openKey: null,
          envelope: {},
          nodes: [],
          edges: [],
          diagnostics: [],
          issuesByNode: {},
          inspected: null,
          versions: null,
          history: emptyHistory(),
          notice: { tone: 'info', text: `Archived "${archived.name}".` },
        });
      },

      duplicateFlow: async () => {
        const entry = openEntry();
        if (!entry) return;
        if (!entry.remoteId) {
          // Not in the workspace: copy it locally under a new id, saved when the author saves.
          const document = get().currentDocument() as Record<string, unknown> | null;
          if (!document) return;
          const copy = {
            ...document,
            id: freeFlowId(`${String(document.id ?? 'flow')}-copy`, takenIds()),
            name: `${entry.name} (copy)`,
          };
          get().importFlowText(`${copy.id}.flow.json`, JSON.stringify(copy));
          return;
        }
        if (get().edited && !(await get().save())) return;
        const copy = await remote('Duplicating', () => requireApi().duplicate(entry.remoteId!));
        if (!copy) return;
        await get().loadWorkspace();
        await get().openRemoteFlow(copy.id);
        set({ notice: { tone: 'info', text: `Duplicated as "${copy.name}".` } });
      },

      exportDocument: () => {
        const document = get().currentDocument() as Record<string, unknown> | null;
        if (!document) return null;
        const id = typeof document.id === 'string' && document.id ? document.id : 'flow';
        return { fileName: `${id}.flow.json`, text: `${JSON.stringify(document, null, 2)}\n` };
      },

      showAnalytics: async () => {
        const entry = openEntry();
        if (!entry?.remoteId || !entry.activeVersion) {
          set({
            notice: { tone: 'info', text: 'Analytics are for published flows: publish this flow first.' },
          });
          return;
        }
        const analytics = await remote('Loading analytics', () => requireApi().analytics(entry.remoteId!));
        if (analytics) set({ analytics });
      },

      hideAnalytics: () => set({ analytics: null }),

      simStart: async () => {
        simulationSeq += 1;
        const document = get().currentDocument();
        const result = validateFlow(document);
        if (!result.flow || result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
          simulation = null;
          set({
            sim: {
              ...closedSimulator,
              open: true,
              error: 'The flow has errors: fix them (see Problems) to simulate it.',
            },
          });
          return;
        }
        simulation = new Simulation(
          result.flow,
          SIMULATED_CONTACT,
          SIMULATION_START,
          simulatedActivityAnswers(get().activities),
        );
        const apiTrigger = result.flow.nodes.some(
          (node) => node.type === 'trigger' && (node.data as { on?: string }).on === 'api',
        );
        set({ sim: { ...closedSimulator, open: true, apiTrigger, now: simulation.now } });
        if (apiTrigger) await simulate((sim) => sim.lead({}));
      },

      simSend: (input) => simulate((sim) => sim.user(input)),
      simAdvance: (ms) => simulate((sim) => sim.advance(ms)),

      simClose: () => {
        simulationSeq += 1;
        simulation = null;
        set({ sim: closedSimulator });
      },

      dismissNotice: () => set({ notice: null }),

      reconnectNotice: () => {
        const offer = get().notice?.reconnect;
        set({ notice: null });
        if (offer) get().onConnect({ ...offer, targetHandle: null });
      },

      currentDocument: () => {
        const { openKey, flows, edited, envelope, nodes, edges } = get();
        if (!openKey) return null;
        if (!edited) return flows.find((entry) => entry.key === openKey)?.document ?? null;
        return joinFlowDocument(fromCanvas(envelope, nodes, edges));
      },

      settled: async () => {
        let seen: Promise<void>;
        do {
          seen = pending;
          await seen;
        } while (seen !== pending);
      },
    };
  });
}
