import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { getNodeDefinition } from '@leadline/flow-core';
import { autoLayout } from '../../flows/auto-layout';
import {
  CANVAS_NODE_TYPE,
  freshEdgeId,
  freshNodeId,
  type CanvasEdge,
  type CanvasNode,
} from '../../flows/canvas-model';
import { copySelection, pasteClipboard, type Clipboard } from '../../flows/clipboard';
import { estimateNodeSize, nodePorts, viewNode } from '../../flows/node-view';
import { followOptions, freshConfig } from '../../flows/question-defaults';
import type { SliceCreator } from '../../store/editor-kit';
import { record } from '../../store/history';

export interface CanvasSlice {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Bumped to ask the canvas to bring a node into view. */
  focus: { nodeId: string; seq: number } | null;
  clipboard: Clipboard | null;
  /** The node the property panel edits: the only selected node, if exactly one is. */
  inspected: string | null;
  addNode(
    type: string,
    position: { x: number; y: number },
    config?: Record<string, unknown>,
  ): string | undefined;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  /** Connects two steps; a port has one way on, so a connection from a used port replaces its old one. */
  onConnect(connection: Connection): void;
  /**
   * A step dropped on a connection goes between its two ends: the connection now leads to the new
   * step, and the new step's first exit leads on to where the connection went. One undo step.
   */
  insertOnEdge(
    edgeId: string,
    type: string,
    position: { x: number; y: number },
    config?: Record<string, unknown>,
  ): string | undefined;
  /** Takes the notice's offer to join the neighbours of a deleted step. */
  reconnectNotice(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  deleteSelection(): void;
  selectAll(): void;
  /** Replaces a node's data (the property panel); the node keeps its id, place and edges. */
  updateNodeConfig(nodeId: string, config: Record<string, unknown>): void;
  autoLayout(): void;
  /** Removes one connection by id: a connection to a missing step is not drawn, so it is removed from Problems. */
  removeEdge(edgeId: string): void;
}

/** An empty canvas: no flow open. */
export const emptyCanvas = (): Pick<CanvasSlice, 'nodes' | 'edges' | 'inspected'> => ({
  nodes: [],
  edges: [],
  inspected: null,
});

/** The only selected node, if exactly one is: the one the property panel edits. */
export function inspectedOf(nodes: readonly CanvasNode[]): string | null {
  let found: string | null = null;
  for (const node of nodes) {
    if (!node.selected) continue;
    if (found) return null;
    found = node.id;
  }
  return found;
}

const PASTE_OFFSET = { x: 40, y: 40 };
/** A card's size before the canvas has measured it, and the space kept between cards. */
const NODE_FOOTPRINT = { width: 240, height: 110 };
const NODE_GAP = 24;

const STRUCTURAL_CHANGES = new Set(['add', 'remove', 'replace']);
const EDITING_CHANGES = new Set(['add', 'remove', 'replace', 'position']);

/** The steps and connections on the canvas, and the editing the author does with the mouse and keys. */
export const createCanvasSlice: SliceCreator<CanvasSlice> = (set, get, kit) => ({
  ...emptyCanvas(),
  focus: null,
  clipboard: null,

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
    kit.edit({
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
      ...(structural ? { history: record(get().history, kit.snapshot()) } : {}),
      ...(changes.some((change) => change.type === 'select' || change.type === 'remove')
        ? { inspected: inspectedOf(nodes) }
        : {}),
    });
    if (structural) kit.revalidate();
  },

  onEdgesChange: (changes) => {
    const structural = changes.some((change) => STRUCTURAL_CHANGES.has(change.type));
    set({
      edges: applyEdgeChanges(changes, get().edges),
      edited: get().edited || changes.some((change) => EDITING_CHANGES.has(change.type)),
      ...(structural ? { history: record(get().history, kit.snapshot()) } : {}),
    });
    if (structural) kit.revalidate();
  },

  onConnect: (connection) => {
    // The runtime follows one connection per exit: dragging from a used exit means "go there instead".
    const edges = get().edges.filter(
      (edge) =>
        edge.source !== connection.source ||
        (edge.sourceHandle ?? null) !== (connection.sourceHandle ?? null),
    );
    const id = freshEdgeId(connection.source, connection.sourceHandle, new Set(edges.map((edge) => edge.id)));
    kit.edit({ edges: addEdge({ ...connection, id }, edges) });
  },

  insertOnEdge: (edgeId, type, position, config) => {
    const edge = get().edges.find((candidate) => candidate.id === edgeId);
    const id = get().addNode(type, position, config);
    if (!edge || !id) return id;
    const added = get().nodes.find((node) => node.id === id)!;
    // The new step takes the place of the step the connection led to, which moves down with the
    // steps below it: the path still reads top to bottom and nothing overlaps.
    const after = get().nodes.find((node) => node.id === edge.target);
    if (after) {
      const room = estimateNodeSize(viewNode(added.data.nodeType, added.data.config)).height + NODE_GAP * 2;
      set({
        nodes: get().nodes.map((node) =>
          node.id === id
            ? { ...node, position: { ...after.position } }
            : node.position.y >= after.position.y
              ? { ...node, position: { ...node.position, y: node.position.y + room } }
              : node,
        ),
      });
    }
    // The exit the conversation goes on by: the first ordinary one ("Then", the first button...).
    const exit = nodePorts(added.data.nodeType, added.data.config).find(
      (port) => (port.kind ?? 'normal') === 'normal',
    );
    const kept = get().edges.filter((candidate) => candidate.id !== edgeId);
    const taken = new Set(kept.map((candidate) => candidate.id));
    const into = {
      ...edge,
      id: freshEdgeId(edge.source, edge.sourceHandle, taken),
      target: id,
      targetHandle: null,
    };
    taken.add(into.id);
    const onward = exit
      ? [
          {
            id: freshEdgeId(id, exit.id, taken),
            source: id,
            sourceHandle: exit.id,
            target: edge.target,
            targetHandle: edge.targetHandle ?? null,
          },
        ]
      : [];
    // addNode recorded the undo step (before the step was added): undo takes both back at once.
    set({ edges: [...kept, { ...into, selected: false }, ...onward] });
    kit.revalidate();
    return id;
  },

  reconnectNotice: () => {
    const offer = get().notice?.reconnect;
    set({ notice: null });
    if (offer) get().onConnect({ ...offer, targetHandle: null });
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
    kit.edit({
      nodes: [...nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), ...pasted.nodes],
      edges: [...edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)), ...pasted.edges],
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
    kit.edit({ nodes: nodes.filter((node) => !gone.has(node.id)), edges: keptEdges, inspected: null });
    // One step out of the middle of a path (one way in, one way out): offer to join the two ends,
    // so that deleting a step does not silently cut the conversation there.
    if (gone.size !== 1) return;
    const [id] = gone;
    const into = edges.filter((edge) => edge.target === id && edge.source !== id);
    const out = edges.filter((edge) => edge.source === id && edge.target !== id);
    if (into.length !== 1 || out.length !== 1 || gone.has(out[0].target)) return;
    if (
      keptEdges.some((edge) => edge.source === into[0].source && edge.sourceHandle === into[0].sourceHandle)
    )
      return;
    const deleted = nodes.find((node) => node.id === id)!;
    const before = nodes.find((node) => node.id === into[0].source);
    const after = nodes.find((node) => node.id === out[0].target);
    const title = (node: CanvasNode | undefined) =>
      node ? viewNode(node.data.nodeType, node.data.config).title : 'the next step';
    set({
      notice: {
        tone: 'info',
        text: `Deleted "${title(deleted)}". Connect "${title(before)}" to "${title(after)}" instead?`,
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
    kit.editProperties(nodeId, nodes);
  },

  autoLayout: () => {
    if (!get().nodes.length) return;
    kit.edit({ nodes: autoLayout(get().nodes, get().edges) });
  },

  removeEdge: (edgeId) => {
    const edges = get().edges.filter((edge) => edge.id !== edgeId);
    if (edges.length !== get().edges.length) kit.edit({ edges });
  },
});
