import { characterCount } from '@leadline/flow-core';
import { useRef, useState } from 'react';
import { useEditor } from '../../store';
import { flowVariables } from './flow-variables';

/** The variables a `{{ }}` text can use (see flow-variables.ts). */
function useFlowVariables(): string[] {
  // Joined to one string, so the menu re-renders only when the list changes.
  const joined = useEditor((state) => flowVariables(state.nodes, state.edges, state.activities).join('\n'));
  return joined.split('\n');
}

interface TextFieldProps {
  id: string;
  value: string;
  multiline: boolean;
  limit?: number;
  onChange(value: string): void;
}

/** A text input with a `{{ }}` menu that inserts a variable where the cursor is. */
export function TemplateTextField({ id, value, multiline, limit, onChange }: TextFieldProps) {
  const [open, setOpen] = useState(false);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const variables = useFlowVariables();
  const insert = (variable: string) => {
    const element = field.current;
    const at = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? at;
    onChange(`${value.slice(0, at)}{{${variable}}}${value.slice(end)}`);
    setOpen(false);
  };
  const count = characterCount(value);
  const over = limit !== undefined && count > limit;
  const common = {
    id,
    ref: field,
    value,
    className: `field__input${over ? ' field__input--over' : ''}`,
    onChange: (event: { currentTarget: { value: string } }) => onChange(event.currentTarget.value),
  };
  return (
    <div className="text-field">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      <div className="text-field__bar">
        <button
          type="button"
          className="chip"
          aria-expanded={open}
          aria-label="Insert a variable"
          onClick={() => setOpen(!open)}
        >
          {'{{ }}'}
        </button>
        {limit !== undefined && (
          <span className={`text-field__count${over ? ' text-field__count--over' : ''}`}>
            {count}/{limit}
          </span>
        )}
      </div>
      {open && (
        <ul className="variable-menu" role="menu">
          {variables.map((variable) => (
            <li key={variable}>
              <button type="button" role="menuitem" onClick={() => insert(variable)}>
                {`{{${variable}}}`}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
