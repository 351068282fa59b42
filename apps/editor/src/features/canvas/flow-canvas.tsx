import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type DefaultEdgeOptions,
  type FinalConnectionState,
  type NodeTypes,
} from '@xyflow/react';
import { getNodeDefinition, nodeDefinitions, portWords } from '@leadline/flow-core';
import { useShallow } from 'zustand/react/shallow';
import { CANVAS_NODE_TYPE, type CanvasNode } from '../../flows/canvas-model';
import { edgeLabel, nodePorts } from '../../flows/node-view';
import { useEditor } from '../../store';
import { FlowNodeCard } from './flow-node-card';
import { useEditorShortcuts } from './use-shortcuts';

/** The drag payload of a palette item: a node type, and data for custom activities. */
export const PALETTE_MIME = 'application/x-leadline-node';

export interface PaletteDrop {
  type: string;
  config?: Record<string, unknown>;
}

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes: NodeTypes = { [CANVAS_NODE_TYPE]: FlowNodeCard };
const defaultEdgeOptions: DefaultEdgeOptions = { type: 'smoothstep' };
const fitViewOptions = { padding: 0.15, maxZoom: 1 };
/**
 * Below this zoom a card's words are too small to read: a flow that does not fit at it opens at
 * this zoom on its trigger (the top of the conversation) instead of shrinking into a thumbnail.
 */
export const READABLE_ZOOM = 0.8;
/** How far the trigger sits from the top of the canvas when a big flow opens on it. */
const OPENING_MARGIN = 48;
/** Each exit of a step turns at its own height, so the connections leaving one step do not merge. */
const EDGE_OFFSET = { first: 18, step: 12 };

/** The connection under a point of the screen (its 20 px wide grab area), if any. */
function edgeAt(x: number, y: number): string | null {
  for (const element of document.elementsFromPoint(x, y)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return null;
}

const CATEGORY_COLOURS: Record<string, string> = {
  trigger: '#f59e0b',
  messaging: '#10b981',
  logic: '#6366f1',
  ai: '#ec4899',
  integration: '#0ea5e9',
  end: '#64748b',
};

function miniMapColour(node: CanvasNode): string {
  return CATEGORY_COLOURS[getNodeDefinition(node.data.nodeType)?.category ?? ''] ?? '#94a3b8';
}

export const CANVAS_ELEMENT_ID = 'flow-canvas';

export function FlowCanvas() {
  const {
    openKey,
    nodes,
    edges,
    onNodesChange,
    onEdgesChange,
    onConnect,
    focus,
    checkpoint,
    addNode,
    insertOnEdge,
  } = useEditor(
    useShallow((state) => ({
      openKey: state.openKey,
      nodes: state.nodes,
      edges: state.edges,
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      onConnect: state.onConnect,
      focus: state.focus,
      checkpoint: state.checkpoint,
      addNode: state.addNode,
      insertOnEdge: state.insertOnEdge,
    })),
  );
  const { fitView, getZoom, setCenter, screenToFlowPosition } = useReactFlow();
  const nodesInitialized = useNodesInitialized();
  // The flow whose opening view was set: each flow is framed once, when its cards have their sizes.
  const framed = useRef<string | null>(null);
  // The connection a step from the palette is dragged over: dropped there, the step goes in between.
  const [dropEdge, setDropEdge] = useState<string | null>(null);
  useEditorShortcuts();
  // A connection dropped on empty canvas: where, and from which port; a menu offers the step to add.
  const [dropped, setDropped] = useState<{
    source: string;
    sourceHandle: string | null;
    at: { x: number; y: number };
    menu: { left: number; top: number };
  } | null>(null);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const box = document.getElementById(CANVAS_ELEMENT_ID)?.getBoundingClientRect();
      if (!point || !box) return;
      setDropped({
        source: state.fromNode.id,
        sourceHandle: state.fromHandle.id ?? null,
        at: screenToFlowPosition({ x: point.clientX, y: point.clientY }),
        menu: { left: point.clientX - box.left, top: point.clientY - box.top },
      });
    },
    [screenToFlowPosition],
  );

  const addConnected = (type: string) => {
    if (!dropped) return;
    const id = addNode(type, { x: Math.round(dropped.at.x - 110), y: Math.round(dropped.at.y) });
    if (id)
      onConnect({
        source: dropped.source,
        sourceHandle: dropped.sourceHandle,
        target: id,
        targetHandle: null,
      });
    setDropped(null);
  };

  // Each edge wears the words of the port it leaves by ("If they don't answer", a button's title...),
  // and turns at its own height so that the connections leaving one step stay apart.
  const labelledEdges = useMemo(() => {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const portsOf = new Map<string, string[]>();
    const portIndex = (nodeId: string, port: string): { index: number; count: number } => {
      let ports = portsOf.get(nodeId);
      if (!ports) {
        const node = byId.get(nodeId);
        ports = node ? nodePorts(node.data.nodeType, node.data.config).map((spec) => spec.id) : [];
        portsOf.set(nodeId, ports);
      }
      return { index: Math.max(0, ports.indexOf(port)), count: Math.max(1, ports.length) };
    };
    return edges.map((edge) => {
      const dropping = edge.id === dropEdge;
      const className = dropping ? 'edge--drop-target' : undefined;
      if (!edge.sourceHandle) return className ? { ...edge, className } : edge;
      const source = byId.get(edge.source);
      const label = source
        ? edgeLabel(source.data.nodeType, source.data.config, edge.sourceHandle)
        : portWords(edge.sourceHandle);
      const { index, count } = portIndex(edge.source, edge.sourceHandle);
      const offset = EDGE_OFFSET.first + EDGE_OFFSET.step * index;
      // Where between the two steps the line turns sideways: one height per exit, left to right.
      const stepPosition = Math.min(0.85, Math.max(0.15, 0.5 + (index - (count - 1) / 2) * 0.14));
      return { ...edge, label, className, pathOptions: { offset, stepPosition, borderRadius: 10 } };
    });
  }, [edges, nodes, dropEdge]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const over = edgeAt(event.clientX, event.clientY);
    setDropEdge((current) => (current === over ? current : over));
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const drop = JSON.parse(raw) as PaletteDrop;
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const position = { x: Math.round(at.x - 110), y: Math.round(at.y - 30) };
      // Dropped on a connection: the step goes between the two steps it joined.
      const onEdge = edgeAt(event.clientX, event.clientY);
      setDropEdge(null);
      if (onEdge) insertOnEdge(onEdge, drop.type, position, drop.config);
      else addNode(drop.type, position, drop.config);
    },
    [addNode, insertOnEdge, screenToFlowPosition],
  );

  useEffect(() => {
    if (focus) void fitView({ nodes: [{ id: focus.nodeId }], duration: 300, maxZoom: 1.1, padding: 0.5 });
  }, [focus, fitView]);

  // The opening view: the whole flow if it fits at a readable zoom, else its trigger at that zoom.
  useEffect(() => {
    if (!openKey || !nodesInitialized || framed.current === openKey) return;
    framed.current = openKey;
    void (async () => {
      await fitView(fitViewOptions);
      if (getZoom() >= READABLE_ZOOM || !nodes.length) return;
      const start =
        nodes.find((node) => getNodeDefinition(node.data.nodeType)?.category === 'trigger') ??
        nodes.reduce((top, node) => (node.position.y < top.position.y ? node : top));
      const box = document.getElementById(CANVAS_ELEMENT_ID)?.getBoundingClientRect();
      const width = start.measured?.width ?? 240;
      const height = box?.height ?? 600;
      await setCenter(
        start.position.x + width / 2,
        start.position.y - OPENING_MARGIN / READABLE_ZOOM + height / 2 / READABLE_ZOOM,
        { zoom: READABLE_ZOOM },
      );
    })();
  }, [openKey, nodesInitialized, nodes, fitView, getZoom, setCenter]);

  if (!openKey) {
    return (
      <div className="canvas canvas--empty" id={CANVAS_ELEMENT_ID}>
        <p>Pick a flow on the left, start a new one, or import a flow JSON file.</p>
      </div>
    );
  }

  return (
    <div
      className="canvas"
      id={CANVAS_ELEMENT_ID}
      onDragOver={onDragOver}
      onDragLeave={() => setDropEdge(null)}
      onDrop={onDrop}
    >
      <ReactFlow<CanvasNode>
        key={openKey}
        nodes={nodes}
        edges={labelledEdges}
        onNodeDragStart={checkpoint}
        onSelectionDragStart={checkpoint}
        deleteKeyCode={null}
        onlyRenderVisibleElements={nodes.length > 200}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onPaneClick={() => setDropped(null)}
        minZoom={0.2}
        maxZoom={2}
      >
        <Background gap={24} size={1.5} color="#d5dae1" />
        {/* Small and in the top corner: it must not sit on the steps at the bottom of the canvas. */}
        <MiniMap<CanvasNode>
          pannable
          zoomable
          position="top-right"
          style={{ width: 140, height: 90 }}
          nodeColor={miniMapColour}
          nodeStrokeWidth={2}
        />
        <Controls />
      </ReactFlow>
      {dropped && (
        <div
          className="connect-menu"
          role="menu"
          aria-label="Add a connected step"
          style={{ left: dropped.menu.left, top: dropped.menu.top }}
          onKeyDown={(event) => event.key === 'Escape' && setDropped(null)}
        >
          {nodeDefinitions
            .filter((definition) => definition.category !== 'trigger')
            .map((definition) => (
              <button
                key={definition.type}
                type="button"
                role="menuitem"
                className="connect-menu__item"
                data-node-type={definition.type}
                onClick={() => addConnected(definition.type)}
              >
                <span aria-hidden="true">{definition.icon}</span> {definition.label}
              </button>
            ))}
          <button type="button" className="connect-menu__item muted" onClick={() => setDropped(null)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
