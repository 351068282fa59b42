import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type FinalConnectionState,
  type NodeTypes,
} from '@xyflow/react';
import { getNodeDefinition, nodeDefinitions, portWords } from '@leadline/flow-core';
import { useShallow } from 'zustand/react/shallow';
import { CANVAS_NODE_TYPE, type CanvasNode } from '../../flows/canvas-model';
import { edgeLabel } from '../../flows/node-view';
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
  const { openKey, nodes, edges, onNodesChange, onEdgesChange, onConnect, focus, checkpoint, addNode } =
    useEditor(
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
      })),
    );
  const { fitView, screenToFlowPosition } = useReactFlow();
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

  // Each edge wears the words of the port it leaves by ("If they don't answer", a button's title...).
  const labelledEdges = useMemo(() => {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    return edges.map((edge) => {
      if (!edge.sourceHandle) return edge;
      const source = byId.get(edge.source);
      const label = source
        ? edgeLabel(source.data.nodeType, source.data.config, edge.sourceHandle)
        : portWords(edge.sourceHandle);
      return edge.label === label ? edge : { ...edge, label };
    });
  }, [edges, nodes]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const drop = JSON.parse(raw) as PaletteDrop;
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(drop.type, { x: Math.round(at.x - 110), y: Math.round(at.y - 30) }, drop.config);
    },
    [addNode, screenToFlowPosition],
  );

  useEffect(() => {
    if (focus) void fitView({ nodes: [{ id: focus.nodeId }], duration: 300, maxZoom: 1.1, padding: 0.5 });
  }, [focus, fitView]);

  if (!openKey) {
    return (
      <div className="canvas canvas--empty" id={CANVAS_ELEMENT_ID}>
        <p>Pick a flow on the left, start a new one, or import a flow JSON file.</p>
      </div>
    );
  }

  return (
    <div className="canvas" id={CANVAS_ELEMENT_ID} onDragOver={onDragOver} onDrop={onDrop}>
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
        fitView
        fitViewOptions={fitViewOptions}
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
