import type { DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { nodeDefinitions, type NodeDefinition } from '@leadline/flow-core';
import { useEditor } from '../../store';
import { CANVAS_ELEMENT_ID, PALETTE_MIME, type PaletteDrop } from '../canvas/flow-canvas';

const CATEGORIES: Array<{ id: NodeDefinition['category']; title: string }> = [
  { id: 'trigger', title: 'Start' },
  { id: 'messaging', title: 'Messaging' },
  { id: 'logic', title: 'Logic' },
  { id: 'ai', title: 'AI' },
  { id: 'integration', title: 'Integrations' },
  { id: 'end', title: 'End' },
];

/** A rough half size of a new node, so that it lands centred in view rather than hanging off to the right. */
const HALF_NODE = { x: 110, y: 50 };

export function NodePalette() {
  const addNode = useEditor((state) => state.addNode);
  const canAdd = useEditor((state) => state.openKey !== null);
  const activities = useEditor((state) => state.activities);
  const { screenToFlowPosition } = useReactFlow();

  const startDrag = (event: DragEvent, drop: PaletteDrop) => {
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify(drop));
    event.dataTransfer.effectAllowed = 'copy';
  };

  const add = (type: string, config?: Record<string, unknown>) => {
    const box = document.getElementById(CANVAS_ELEMENT_ID)?.getBoundingClientRect();
    const centre = box
      ? screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      : { x: 0, y: 0 };
    addNode(type, { x: Math.round(centre.x - HALF_NODE.x), y: Math.round(centre.y - HALF_NODE.y) }, config);
  };

  return (
    <section className="palette" aria-label="Add a step">
      <h2 className="panel-title">Add a step</h2>
      {!canAdd && <p className="muted">Open a flow to add steps to it.</p>}
      {CATEGORIES.map((category) => {
        const definitions = nodeDefinitions.filter((definition) => definition.category === category.id);
        if (!definitions.length) return null;
        return (
          <div key={category.id} className="palette__group">
            <h3 className="palette__group-title">{category.title}</h3>
            <div className="palette__items">
              {definitions.map((definition) => (
                <button
                  key={definition.type}
                  type="button"
                  className={`palette__item palette__item--${definition.category}`}
                  title={definition.description}
                  disabled={!canAdd}
                  data-node-type={definition.type}
                  draggable={canAdd}
                  onDragStart={(event) => startDrag(event, { type: definition.type })}
                  onClick={() => add(definition.type)}
                >
                  <span aria-hidden="true">{definition.icon}</span>
                  {definition.label}
                </button>
              ))}
            </div>
          </div>
        );
      })}
      {activities.length > 0 && (
        <div className="palette__group">
          <h3 className="palette__group-title">Your activities</h3>
          <div className="palette__items">
            {activities.map((activity) => {
              const config = {
                name: activity.name,
                input: {},
                ...(activity.label ? { label: activity.label } : {}),
              };
              return (
                <button
                  key={activity.name}
                  type="button"
                  className="palette__item palette__item--integration"
                  title={activity.description ?? `Custom activity ${activity.name}`}
                  disabled={!canAdd}
                  data-node-type="activity"
                  data-activity={activity.name}
                  draggable={canAdd}
                  onDragStart={(event) => startDrag(event, { type: 'activity', config })}
                  onClick={() => add('activity', config)}
                >
                  <span aria-hidden="true">{activity.icon ?? '🧩'}</span>
                  {activity.label ?? activity.name}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
