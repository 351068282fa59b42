import { useReactFlow } from '@xyflow/react';
import { nodeDefinitions, type NodeDefinition } from '@leadline/flow-core';
import { useEditor } from '../../store';
import { CANVAS_ELEMENT_ID } from '../canvas/flow-canvas';

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
  const { screenToFlowPosition } = useReactFlow();

  const add = (type: string) => {
    const box = document.getElementById(CANVAS_ELEMENT_ID)?.getBoundingClientRect();
    const centre = box
      ? screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      : { x: 0, y: 0 };
    addNode(type, { x: Math.round(centre.x - HALF_NODE.x), y: Math.round(centre.y - HALF_NODE.y) });
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
    </section>
  );
}
