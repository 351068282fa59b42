import { useEffect } from 'react';
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
  const { openKey, nodes, edges, onNodesChange, onEdgesChange, onConnect, focus } = useEditor(
    useShallow((state) => ({
      openKey: state.openKey,
      nodes: state.nodes,
      edges: state.edges,
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      onConnect: state.onConnect,
      focus: state.focus,
    })),
  );
  const { fitView } = useReactFlow();

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
    <div className="canvas" id={CANVAS_ELEMENT_ID}>
      <ReactFlow<CanvasNode>
        key={openKey}
        nodes={nodes}
        edges={edges}
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
        <MiniMap<CanvasNode> pannable zoomable nodeColor={miniMapColour} nodeStrokeWidth={2} />
        <Controls />
      </ReactFlow>
    </div>
  );
}
