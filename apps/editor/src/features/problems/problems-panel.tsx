import type { Diagnostic } from '@leadline/flow-core';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';
import { problemTitle } from './problem-words';

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

function ProblemItem({ diagnostic }: { diagnostic: Diagnostic }) {
  const focusDiagnostic = useEditor((state) => state.focusDiagnostic);
  const fixW24h = useEditor((state) => state.fixW24h);
  const removeEdge = useEditor((state) => state.removeEdge);
  const where = diagnostic.nodeId ?? diagnostic.edgeId;
  return (
    <li className="problems__item">
      <button
        type="button"
        className={`problem problem--${diagnostic.severity}`}
        onClick={() => focusDiagnostic(diagnostic)}
        disabled={!where}
        data-code={diagnostic.code}
        data-node-id={diagnostic.nodeId}
      >
        <span className="problem__severity">{diagnostic.severity}</span>
        <span className="problem__code" title={diagnostic.code}>
          {problemTitle(diagnostic.code)}
        </span>
        {where && <span className="problem__where">{diagnostic.nodeId ? where : `edge ${where}`}</span>}
        <span className="problem__message">{diagnostic.message}</span>
      </button>
      {diagnostic.code === 'DANGLING_EDGE' && diagnostic.edgeId && (
        // A connection to a step that does not exist cannot be drawn, so it cannot be clicked away.
        <button
          type="button"
          className="button button--small problem__fix"
          onClick={() => removeEdge(diagnostic.edgeId!)}
        >
          Remove this connection
        </button>
      )}
      {diagnostic.code === 'W24H' && diagnostic.nodeId && (
        <button
          type="button"
          className="button button--small problem__fix"
          onClick={() => fixW24h(diagnostic.nodeId!)}
        >
          Choose a template…
        </button>
      )}
    </li>
  );
}

export function ProblemsPanel() {
  const { diagnostics, validating, openKey } = useEditor(
    useShallow((state) => ({
      diagnostics: state.diagnostics,
      validating: state.validating,
      openKey: state.openKey,
    })),
  );
  const sorted = [...diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;

  return (
    <section className="problems" aria-label="Problems" aria-busy={validating}>
      <h2 className="panel-title">
        Problems
        {openKey && !validating && (
          <span className="problems__counts">
            {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
          </span>
        )}
      </h2>
      {!openKey ? (
        <p className="muted">Open a flow to check it.</p>
      ) : validating && diagnostics.length === 0 ? (
        <p className="muted">Checking…</p>
      ) : diagnostics.length === 0 ? (
        <p className="problems__none">No problems found. This flow is ready to publish.</p>
      ) : (
        <ul className="problems__list">
          {sorted.map((diagnostic, index) => (
            <ProblemItem
              key={`${diagnostic.code}-${diagnostic.nodeId ?? ''}-${diagnostic.path ?? ''}-${index}`}
              diagnostic={diagnostic}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
