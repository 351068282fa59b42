import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import type { TemplateRef } from '@leadline/flow-core';
import { fromCanvas } from '../../flows/canvas-model';
import { GOOD_FIT, previewTemplate, rankFixTemplates, w24hFix } from '../../flows/w24h-fix';
import { useEditor } from '../../store';

/** What fills a template slot, in words: `{{contact.name}}` → "the contact's name". */
function describeParam(param: string): string {
  const inner = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(param)?.[1];
  if (!inner) return `“${param}”`;
  if (inner === 'contact.name') return 'the contact’s name';
  if (inner.startsWith('vars.')) return `their answer “${inner.slice(5)}”`;
  if (inner.startsWith('contact.')) return `the contact’s ${inner.slice(8)}`;
  return inner;
}

/**
 * The 24-hour fix asks before it changes what a customer receives: the approved templates, best fit
 * with the step's text first, each previewed with its slots filled, and the author picks one.
 */
export function W24hFixDialog() {
  const { choice, nodes, edges, envelope, templates, apply, cancel } = useEditor(
    useShallow((state) => ({
      choice: state.w24hChoice,
      nodes: state.nodes,
      edges: state.edges,
      envelope: state.envelope,
      templates: state.templates,
      apply: state.applyW24hFix,
      cancel: state.cancelW24hFix,
    })),
  );
  const node = choice ? nodes.find((candidate) => candidate.id === choice.nodeId) : undefined;
  const stepText = typeof node?.data.config.text === 'string' ? node.data.config.text : '';
  const ranked = useMemo(() => rankFixTemplates(templates, stepText), [templates, stepText]);
  const [picked, setPicked] = useState<string | null>(null);
  if (!choice || !node) return null;
  const selected = ranked.find((option) => option.template.name === picked) ?? ranked[0];
  const fix = selected
    ? w24hFix({ id: node.id, ...node.data }, fromCanvas(envelope, nodes, edges), selected.template)
    : null;
  const ref = (
    fix?.kind === 'node'
      ? fix.config.fallbackTemplate
      : (fix?.envelope.settings as { reengagementTemplate?: unknown } | undefined)?.reengagementTemplate
  ) as TemplateRef | undefined;
  const params = ref?.params ?? [];
  const noneFits = !ranked.some((option) => option.fit >= GOOD_FIT);

  return (
    <div className="dialog-backdrop">
      <div className="dialog w24h-fix" role="dialog" aria-modal="true" aria-label="Choose a template">
        <h2>After 24 hours, WhatsApp only allows a template</h2>
        <p>
          This step may be sent when the contact has not written for more than 24 hours. Pick the approved
          template to send instead; nothing changes until you choose.
        </p>
        {stepText && (
          <blockquote className="w24h-fix__step" aria-label="What the step says">
            {stepText}
          </blockquote>
        )}
        {ranked.length === 0 || noneFits ? (
          <p className="w24h-fix__none" role="note">
            {ranked.length === 0
              ? 'There is no approved template yet.'
              : 'None of the approved templates says what this step says.'}{' '}
            <Link to="/settings/channels">Create a template</Link> for it, then come back.
          </p>
        ) : null}
        {ranked.length > 0 && (
          <fieldset className="w24h-fix__options">
            <legend>Approved templates, best fit first</legend>
            {ranked.map((option) => (
              <label key={`${option.template.name}|${option.template.language}`} className="w24h-fix__option">
                <input
                  type="radio"
                  name="w24h-template"
                  checked={option === selected}
                  onChange={() => setPicked(option.template.name)}
                />
                <span>
                  <strong>{option.template.name}</strong>{' '}
                  <span className="muted">
                    ({option.template.language}
                    {option.fit >= GOOD_FIT ? ', fits this step' : ''})
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {selected && (
          <div className="w24h-fix__preview" aria-label="Preview">
            <h3>The contact will read</h3>
            <p className="bubble bubble--template">{previewTemplate(selected.template, params)}</p>
            {params.length > 0 && (
              <ul className="w24h-fix__params" aria-label="Filled with">
                {params.map((param, index) => (
                  <li key={index}>
                    {`{{${index + 1}}}`} ← {describeParam(param)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!selected}
            onClick={() => selected && apply(node.id, selected.template)}
          >
            Use this template
          </button>
        </div>
      </div>
    </div>
  );
}
