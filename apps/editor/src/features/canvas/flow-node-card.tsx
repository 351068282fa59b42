import { memo, useMemo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { CanvasNode } from '../../flows/canvas-model';
import { viewNode } from '../../flows/node-view';
import { useEditor } from '../../store';
import { NodeAnalyticsStats } from '../analytics';

/** Draws any flow node from its type's definition in the core: icon, label, summary and ports. */
function FlowNodeCardView({ id, data, selected }: NodeProps<CanvasNode>) {
  const view = useMemo(() => viewNode(data.nodeType, data.config), [data.nodeType, data.config]);
  const issues = useEditor((state) => state.issuesByNode[id]);
  const current = useEditor((state) => state.sim.open && state.sim.run?.node === id);
  const stats = useEditor((state) => state.analytics?.nodes.find((node) => node.nodeId === id));
  const showStats = useEditor((state) => state.analytics !== null);
  // Ports the validator says end the conversation without a word (DEAD_END), with its sentence.
  const deadEnds = useEditor((state) => state.deadEndsByNode[id]);
  const tone = issues?.errors ? 'error' : issues?.warnings ? 'warning' : undefined;

  return (
    <div
      className={[
        'flow-node',
        `flow-node--${view.category}`,
        tone ? `flow-node--${tone}` : '',
        selected ? 'flow-node--selected' : '',
        current ? 'flow-node--current' : '',
      ].join(' ')}
      aria-current={current ? 'step' : undefined}
      data-node-id={id}
      data-node-type={data.nodeType}
    >
      {view.acceptsEdges && <Handle type="target" position={Position.Top} className="flow-node__target" />}
      <div className="flow-node__header">
        <span className="flow-node__icon" aria-hidden="true">
          {view.icon}
        </span>
        <span className="flow-node__title">{view.title}</span>
        {issues && (
          <span
            className={`flow-node__badge flow-node__badge--${tone}`}
            title={issues.messages.join('\n')}
            aria-label={`${issues.errors} error(s), ${issues.warnings} warning(s)`}
          >
            {issues.errors + issues.warnings}
          </span>
        )}
      </div>
      <div className="flow-node__meta">
        <span>{view.title === view.typeLabel ? view.category : view.typeLabel}</span>
        <span className="flow-node__id">{id}</span>
      </div>
      {showStats && <NodeAnalyticsStats stats={stats} />}
      {view.summary && (
        <p className="flow-node__summary" title={view.summary}>
          {view.summary}
        </p>
      )}
      {view.chips.length > 0 && (
        <ul className="flow-node__chips" aria-label="Buttons">
          {view.chips.map((chip, index) => (
            <li key={`${index}:${chip}`} className="flow-node__chip">
              {chip}
            </li>
          ))}
        </ul>
      )}
      {view.expects && <p className="flow-node__expects">{view.expects}</p>}
      {view.ports.length > 0 && (
        <div className="flow-node__ports">
          {view.ports.map((port) => (
            <div
              key={port.id}
              className={`flow-node__port flow-node__port--${port.kind ?? 'normal'}${
                deadEnds?.[port.id] ? ' flow-node__port--dead-end' : ''
              }`}
              data-port={port.id}
              data-dead-end={deadEnds?.[port.id] ? 'true' : undefined}
              title={deadEnds?.[port.id]}
            >
              <span className="flow-node__port-label">
                {deadEnds?.[port.id] && (
                  <span className="flow-node__dead-end" aria-label="Leads nowhere">
                    ⚠{' '}
                  </span>
                )}
                {port.label}
              </span>
              {showStats && (
                <span className="flow-node__port-count" data-port-count={port.id}>
                  {stats?.ports[port.id] ?? 0}
                </span>
              )}
              <Handle type="source" position={Position.Bottom} id={port.id} className="flow-node__source" />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
