import { useCallback, useEffect, useMemo, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type NodeTypes,
} from '@xyflow/react';
import { getNodeDefinition } from '@leadline/flow-core';
import { useShallow } from 'zustand/react/shallow';
import { CANVAS_NODE_TYPE, type CanvasNode } from '../../flows/canvas-model';
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

  // Each edge wears the label of the port it leaves by (`answered`, `timeout`, `option:yes`...).
  const labelledEdges = useMemo(
    () =>
      edges.map((edge) =>
        edge.sourceHandle && edge.label !== edge.sourceHandle ? { ...edge, label: edge.sourceHandle } : edge,
      ),
    [edges],
  );

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
    </div>
  );
}
