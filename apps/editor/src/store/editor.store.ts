import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { FLOW_FORMAT, getNodeDefinition, validateFlow, type Diagnostic } from '@leadline/flow-core';
import { createStore, type StoreApi } from 'zustand/vanilla';
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

export interface NodeIssues {
  errors: number;
  warnings: number;
  messages: string[];
}

export interface Notice {
  tone: 'error' | 'info';
  text: string;
}

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
  validating: boolean;
  /** Bumped to ask the canvas to bring a node into view. */
  focus: { nodeId: string; seq: number } | null;
  notice: Notice | null;

  openFlow(key: string): void;
  newFlow(): void;
  importFlowText(fileName: string, text: string): void;
  addNode(type: string, position: { x: number; y: number }): string | undefined;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  onConnect(connection: Connection): void;
  focusDiagnostic(diagnostic: Diagnostic): void;
  dismissNotice(): void;
  /**
   * The open flow as a document (what the validator and, later, the API get): the document as it
   * was opened until the author edits it, so a broken import is judged on what the file says.
   */
  currentDocument(): unknown;
  /** Resolves when the latest validation has landed (tests, and callers that must wait for it). */
  settled(): Promise<void>;
}

export type EditorStore = StoreApi<EditorState>;

export interface EditorStoreOptions {
  /** The core's validator; may answer synchronously or with a promise (a server round trip, later). */
  validate?: (document: unknown) => { diagnostics: Diagnostic[] } | Promise<{ diagnostics: Diagnostic[] }>;
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
  const validate = options.validate ?? ((document: unknown) => validateFlow(document));
  // Validation is async; only the answer to the latest request may land, edits made meanwhile win.
  let validationSeq = 0;
  let pending: Promise<void> = Promise.resolve();
  let untitled = 0;
  let imported = 0;

  return createStore<EditorState>()((set, get) => {
    const revalidate = (): void => {
      const seq = ++validationSeq;
      const document = get().currentDocument();
      if (document === null) {
        set({ diagnostics: [], issuesByNode: {}, validating: false });
        return;
      }
      set({ validating: true });
      // `then` takes the core's answer whether it is synchronous or a promise.
      pending = Promise.resolve()
        .then(() => validate(document))
        .then(
          (result) => result.diagnostics,
          (error: unknown): Diagnostic[] => [
            {
              severity: 'error',
              code: 'VALIDATOR',
              message: `The validator failed: ${(error as Error)?.message ?? error}`,
            },
          ],
        )
        .then((diagnostics) => {
          if (seq !== validationSeq) return;
          set({ diagnostics, issuesByNode: groupIssues(diagnostics), validating: false });
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
      set({
        flows,
        openKey: key,
        envelope: parts.envelope,
        edited: false,
        nodes,
        edges,
        focus: null,
        diagnostics: [],
        issuesByNode: {},
        notice: parts.skipped
          ? {
              tone: 'error',
              text: `${parts.skipped} node(s) or edge(s) without an id cannot be drawn; fix them in the file.`,
            }
          : notice,
      });
      revalidate();
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
      validating: false,
      focus: null,
      notice: null,

      openFlow: (key) => {
        if (key === get().openKey) return;
        show(commitOpenFlow(), key);
      },

      newFlow: () => {
        untitled += 1;
        const trigger = getNodeDefinition('trigger');
        const document = {
          format: FLOW_FORMAT,
          id: `untitled-${untitled}`,
          name: `Untitled flow ${untitled}`,
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
        };
        const entry: FlowEntry = {
          key: `new:${untitled}`,
          source: 'imported',
          fileName: `${document.id}.flow.json`,
          name: document.name,
          document,
        };
        show([...commitOpenFlow(), entry], entry.key);
      },

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

      addNode: (type, position) => {
        const definition = getNodeDefinition(type);
        if (!definition || !get().openKey) return undefined;
        const { nodes } = get();
        const id = freshNodeId(definition.type, new Set(nodes.map((node) => node.id)));
        // Clicking twice must not stack two nodes exactly on top of each other.
        const spot = { ...position };
        while (
          nodes.some(
            (node) => Math.abs(node.position.x - spot.x) < 8 && Math.abs(node.position.y - spot.y) < 8,
          )
        ) {
          spot.x += 32;
          spot.y += 32;
        }
        const node: CanvasNode = {
          id,
          type: CANVAS_NODE_TYPE,
          position: spot,
          selected: true,
          data: {
            nodeType: definition.type,
            config: structuredClone(definition.defaults) as Record<string, unknown>,
          },
        };
        set({
          nodes: [...nodes.map((other) => (other.selected ? { ...other, selected: false } : other)), node],
          edited: true,
        });
        revalidate();
        return id;
      },

      onNodesChange: (changes) => {
        set({
          nodes: applyNodeChanges(changes, get().nodes),
          edited: get().edited || changes.some((change) => EDITING_CHANGES.has(change.type)),
        });
        if (changes.some((change) => STRUCTURAL_CHANGES.has(change.type))) revalidate();
      },

      onEdgesChange: (changes) => {
        set({
          edges: applyEdgeChanges(changes, get().edges),
          edited: get().edited || changes.some((change) => EDITING_CHANGES.has(change.type)),
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
        set({ edges: addEdge({ ...connection, id }, edges), edited: true });
        revalidate();
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
        });
      },

      dismissNotice: () => set({ notice: null }),

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
