import { useMemo, useState } from 'react';
import {
  checkTemplateDraft,
  templateVariables,
  type TemplateDraft,
  type TemplateDraftButton,
} from '@leadline/flow-core';
import { channelsApi, type TemplateSummary } from '../channels-api';
import { problemText } from '../channels.store';
import { TemplatePreview } from './template-preview';

const LANGUAGES = [
  ['en', 'English'],
  ['en_US', 'English (US)'],
  ['en_GB', 'English (UK)'],
  ['pt_BR', 'Portuguese (Brazil)'],
  ['pt_PT', 'Portuguese (Portugal)'],
  ['es', 'Spanish'],
  ['de', 'German'],
  ['fr', 'French'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
] as const;

const NEW_BUTTON: Record<TemplateDraftButton['type'], TemplateDraftButton> = {
  quick_reply: { type: 'quick_reply', text: '' },
  url: { type: 'url', text: '', url: 'https://', example: '' },
  phone: { type: 'phone', text: '', phone: '+' },
  copy_code: { type: 'copy_code', example: '' },
};
const BUTTON_LABEL: Record<TemplateDraftButton['type'], string> = {
  quick_reply: 'Quick reply',
  url: 'Website',
  phone: 'Call',
  copy_code: 'Copy code',
};

/**
 * Builds a message template for one number: category, language, header, body with variables and
 * their samples, footer, buttons; a live WhatsApp preview; WhatsApp's rules checked as you type
 * (the same checks the server makes); submit for review. `initial` reopens a rejected one to edit.
 */
export function TemplateBuilder({
  channelId,
  initial,
  onSubmitted,
  onCancel,
}: {
  channelId: string;
  initial: TemplateDraft;
  onSubmitted: (template: TemplateSummary) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const problems = useMemo(() => checkTemplateDraft(draft), [draft]);
  const editing = Boolean(initial.name);
  const variables = [...new Set(templateVariables(draft.body.text))];
  const header = draft.header ?? { type: 'none' as const };
  const buttons = draft.buttons ?? [];
  const update = (change: Partial<TemplateDraft>) => setDraft((old) => ({ ...old, ...change }));
  const setButton = (index: number, button: TemplateDraftButton) =>
    update({ buttons: buttons.map((old, i) => (i === index ? button : old)) });

  function addVariable() {
    update({ body: { ...draft.body, text: `${draft.body.text}{{${variables.length + 1}}}` } });
  }

  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      onSubmitted(await channelsApi.submitTemplate(channelId, draft));
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="template-builder" aria-label="Template builder">
      <div className="template-builder__form">
        <h3>{editing ? `Edit and resubmit ${initial.name}` : 'New template'}</h3>
        <div className="template-builder__row">
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="field__input"
              value={draft.name}
              readOnly={editing}
              placeholder="order_ready"
              onChange={(e) => update({ name: e.currentTarget.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">Language</span>
            <select
              className="field__input"
              value={draft.language}
              disabled={editing}
              onChange={(e) => update({ language: e.currentTarget.value })}
            >
              {LANGUAGES.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Category</span>
            <select
              className="field__input"
              value={draft.category}
              onChange={(e) => update({ category: e.currentTarget.value as TemplateDraft['category'] })}
            >
              <option value="utility">Utility (orders, appointments, updates)</option>
              <option value="marketing">Marketing (offers, news)</option>
            </select>
          </label>
        </div>

        <fieldset className="template-builder__group">
          <legend>Header</legend>
          <label className="field">
            <span className="field__label">Header type</span>
            <select
              className="field__input"
              value={header.type}
              onChange={(e) => {
                const type = e.currentTarget.value as 'none' | 'text' | 'image' | 'video' | 'document';
                update({
                  header:
                    type === 'none'
                      ? { type }
                      : type === 'text'
                        ? { type, text: '', example: '' }
                        : { type, example: '' },
                });
              }}
            >
              <option value="none">None</option>
              <option value="text">Text</option>
              <option value="image">Image</option>
              <option value="video">Video</option>
              <option value="document">Document</option>
            </select>
          </label>
          {header.type === 'text' && (
            <>
              <label className="field">
                <span className="field__label">Header text</span>
                <input
                  className="field__input"
                  value={header.text}
                  onChange={(e) => update({ header: { ...header, text: e.currentTarget.value } })}
                />
              </label>
              {templateVariables(header.text).length > 0 && (
                <label className="field">
                  <span className="field__label">Sample for the header's {'{{1}}'}</span>
                  <input
                    className="field__input"
                    value={header.example ?? ''}
                    onChange={(e) => update({ header: { ...header, example: e.currentTarget.value } })}
                  />
                </label>
              )}
            </>
          )}
          {header.type !== 'none' && header.type !== 'text' && (
            <label className="field">
              <span className="field__label">Sample {header.type} (public https address)</span>
              <input
                className="field__input"
                value={header.example}
                onChange={(e) => update({ header: { ...header, example: e.currentTarget.value } })}
              />
            </label>
          )}
        </fieldset>

        <fieldset className="template-builder__group">
          <legend>Message</legend>
          <label className="field">
            <span className="field__label">Text</span>
            <textarea
              className="field__input"
              rows={4}
              value={draft.body.text}
              onChange={(e) => update({ body: { ...draft.body, text: e.currentTarget.value } })}
            />
          </label>
          <button type="button" className="button button--small" onClick={addVariable}>
            Add variable
          </button>
          {variables.map((key, index) => (
            <label className="field" key={key}>
              <span className="field__label">{`Sample for {{${key}}}`}</span>
              <input
                className="field__input"
                value={draft.body.examples?.[index] ?? ''}
                onChange={(e) => {
                  const examples = [...(draft.body.examples ?? [])];
                  examples[index] = e.currentTarget.value;
                  update({ body: { ...draft.body, examples } });
                }}
              />
            </label>
          ))}
          <label className="field">
            <span className="field__label">Footer (optional)</span>
            <input
              className="field__input"
              value={draft.footer ?? ''}
              onChange={(e) => update({ footer: e.currentTarget.value })}
            />
          </label>
        </fieldset>

        <fieldset className="template-builder__group">
          <legend>Buttons</legend>
          {buttons.map((button, index) => (
            <div
              className="template-builder__button"
              key={index}
              aria-label={`Button ${index + 1}`}
              role="group"
            >
              <strong>{BUTTON_LABEL[button.type]}</strong>
              {button.type !== 'copy_code' && (
                <label className="field">
                  <span className="field__label">Label</span>
                  <input
                    className="field__input"
                    value={button.text}
                    onChange={(e) => setButton(index, { ...button, text: e.currentTarget.value })}
                  />
                </label>
              )}
              {button.type === 'url' && (
                <>
                  <label className="field">
                    <span className="field__label">Web address (may end with {'{{1}}'})</span>
                    <input
                      className="field__input"
                      value={button.url}
                      onChange={(e) => setButton(index, { ...button, url: e.currentTarget.value })}
                    />
                  </label>
                  {templateVariables(button.url).length > 0 && (
                    <label className="field">
                      <span className="field__label">Sample for the end of the address</span>
                      <input
                        className="field__input"
                        value={button.example ?? ''}
                        onChange={(e) => setButton(index, { ...button, example: e.currentTarget.value })}
                      />
                    </label>
                  )}
                </>
              )}
              {button.type === 'phone' && (
                <label className="field">
                  <span className="field__label">Phone number</span>
                  <input
                    className="field__input"
                    value={button.phone}
                    onChange={(e) => setButton(index, { ...button, phone: e.currentTarget.value })}
                  />
                </label>
              )}
              {button.type === 'copy_code' && (
                <label className="field">
                  <span className="field__label">Sample code</span>
                  <input
                    className="field__input"
                    value={button.example}
                    onChange={(e) => setButton(index, { ...button, example: e.currentTarget.value })}
                  />
                </label>
              )}
              <button
                type="button"
                className="button button--link"
                onClick={() => update({ buttons: buttons.filter((_, i) => i !== index) })}
              >
                Remove
              </button>
            </div>
          ))}
          <div className="template-builder__add">
            {(Object.keys(NEW_BUTTON) as Array<TemplateDraftButton['type']>).map((type) => (
              <button
                key={type}
                type="button"
                className="button button--small"
                onClick={() => update({ buttons: [...buttons, NEW_BUTTON[type]] })}
              >
                + {BUTTON_LABEL[type]}
              </button>
            ))}
          </div>
        </fieldset>

        {problems.length > 0 && (
          <div className="template-builder__problems" role="status" aria-label="Before you submit">
            <strong>Before you submit</strong>
            <ul>
              {problems.map((problem, index) => (
                <li key={index}>{problem.message}</li>
              ))}
            </ul>
          </div>
        )}
        {failure && (
          <p className="error-box" role="alert">
            {failure}
          </p>
        )}
        <div className="template-builder__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy || problems.length > 0}
            onClick={submit}
          >
            {busy ? 'Submitting…' : editing ? 'Resubmit for review' : 'Submit for review'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <TemplatePreview draft={draft} />
    </section>
  );
}
