import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';

/** Why Publish is disabled: the flow's errors, each one a click away from its step. */
export function PublishBlockers() {
  // The list is derived outside the selector: a new array from a selector re-renders for ever.
  const { diagnostics, focus } = useEditor(
    useShallow((state) => ({ diagnostics: state.diagnostics, focus: state.focusDiagnostic })),
  );
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (!errors.length) return null;
  return (
    <details className="publish-blockers" id="publish-blockers">
      <summary>
        Can’t publish yet: {errors.length === 1 ? '1 problem' : `${errors.length} problems`} to fix
      </summary>
      <ul aria-label="What stops publishing">
        {errors.map((error, index) => (
          <li key={index}>
            <button type="button" className="button button--link" onClick={() => focus(error)}>
              {error.message}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
