import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { SegmentForm } from '../segments/segment-editor';
import { useLatest } from '../shell/load-state';
import { newCondition, newGroup } from '../segments/segment-tree';
import { FIELD_CHOICES } from './campaign-words';
import {
  campaignsApi,
  placeholderCount,
  type Audience,
  type CampaignDraft,
  type ParamSource,
  type Preview,
  type TemplateChoice,
} from './campaigns-api';

/** One {{n}} of the template: a contact property, or a text typed here. */
interface ParamChoice {
  kind: 'field' | 'text';
  field: string;
  text: string;
}

const EMPTY_PARAM: ParamChoice = { kind: 'field', field: 'name', text: '' };

function toSource(choice: ParamChoice): ParamSource {
  return choice.kind === 'text' ? { value: choice.text } : { field: choice.field };
}

/**
 * /campaigns/new: template, its parameters, who gets it, when, and which flow answers replies; beside
 * the form, the message as a contact will read it and how many contacts it goes to (asked from the
 * API as the form changes).
 */
const HEADER_WORDS = { image: 'photo', document: 'document', video: 'video' } as const;

export function CampaignCreatePage() {
  const navigate = useNavigate();
  const [templates, setTemplates] = useState<TemplateChoice[]>([]);
  const [segments, setSegments] = useState<Array<{ id: string; name: string; count: number }>>([]);
  const [flows, setFlows] = useState<Array<{ key: string; name: string }>>([]);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [params, setParams] = useState<ParamChoice[]>([]);
  const [fallback, setFallback] = useState('there');
  const [headerUrl, setHeaderUrl] = useState('');
  const [audienceKind, setAudienceKind] = useState<'tags' | 'segment'>('tags');
  const [tags, setTags] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [newSegment, setNewSegment] = useState(false);
  const [flowKey, setFlowKey] = useState('');
  const [buttonFlows, setButtonFlows] = useState<Record<string, string>>({});
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void campaignsApi
      .templates()
      .then(setTemplates)
      .catch((e: Error) => setError(e.message));
    void campaignsApi
      .segments()
      .then(setSegments)
      .catch(() => setSegments([]));
    void campaignsApi
      .flows()
      .then(setFlows)
      .catch(() => setFlows([]));
  }, []);

  const chosen = templates.find((t) => `${t.name}|${t.language}` === template);
  useEffect(() => {
    setParams(Array.from({ length: placeholderCount(chosen?.body ?? null) }, () => ({ ...EMPTY_PARAM })));
  }, [chosen?.name, chosen?.language, chosen?.body]);

  const audience: Audience | null = useMemo(() => {
    if (audienceKind === 'segment') return segmentId ? { segmentId } : null;
    const list = tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    return list.length ? { tags: list } : null;
  }, [audienceKind, tags, segmentId]);

  // Only the buttons of the chosen template, each sent to a flow picked for it.
  const chosenButtonFlows = Object.fromEntries(
    (chosen?.quickReplies ?? []).filter((text) => buttonFlows[text]).map((text) => [text, buttonFlows[text]]),
  );
  const draft: Omit<CampaignDraft, 'name'> | null =
    chosen && audience
      ? {
          templateName: chosen.name,
          language: chosen.language,
          audience,
          params: {
            body: params.map(toSource),
            ...(fallback.trim() ? { fallback: fallback.trim() } : {}),
            ...(chosen.mediaHeader && headerUrl.trim()
              ? { headerMedia: { kind: chosen.mediaHeader, url: headerUrl.trim() } }
              : {}),
          },
          ...(flowKey ? { flowKey } : {}),
          ...(Object.keys(chosenButtonFlows).length ? { buttonFlows: chosenButtonFlows } : {}),
        }
      : null;
  const draftKey = JSON.stringify(draft);

  // The live preview and count: asked a moment after the last change.
  // Typing on after a preview was asked asks again: only the answer for the latest draft is shown
  // (an earlier one coming back last showed the count of tags no longer in the field).
  const previewing = useLatest();
  useEffect(() => {
    const isLatest = previewing.start();
    if (!draft) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      const { flowKey: _flow, buttonFlows: _buttons, ...shown } = draft;
      campaignsApi
        .preview(shown)
        .then((answer) => {
          if (!isLatest()) return;
          setPreview(answer);
          setPreviewError(null);
        })
        .catch((e: Error) => {
          if (!isLatest()) return;
          setPreview(null);
          setPreviewError(e.message);
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [draftKey]);

  async function submit(start: boolean) {
    if (!draft || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const { id } = await campaignsApi.create({
        ...draft,
        name: name.trim(),
        ...(when === 'later' && at ? { scheduledAt: at } : {}),
      });
      if (start) await campaignsApi.control(id, 'start');
      navigate(`/campaigns/${id}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const sample = preview?.samples[0];
  const ready = Boolean(draft && name.trim() && (when === 'now' || at));

  return (
    <section className="page campaigns">
      <div className="page__header">
        <h1>New campaign</h1>
      </div>
      {error && <p className="error-box">{error}</p>}
      <div className="campaign-create">
        <form
          className="campaign-form"
          aria-label="New campaign"
          onSubmit={(event) => {
            event.preventDefault();
            void submit(true);
          }}
        >
          <label className="field">
            <span className="field__label">Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring offer" />
          </label>
          <label className="field">
            <span className="field__label">Message template</span>
            <select value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">Choose an approved template…</option>
              {templates.map((t) => (
                <option key={`${t.name}|${t.language}`} value={`${t.name}|${t.language}`}>
                  {t.name} ({t.language}, {t.category})
                </option>
              ))}
            </select>
          </label>
          {params.map((p, index) => (
            <fieldset className="campaign-param" key={index}>
              <legend>{`Fills {{${index + 1}}}`}</legend>
              <select
                aria-label={`Value of {{${index + 1}}}`}
                value={p.kind === 'text' ? '__text' : p.field}
                onChange={(e) =>
                  setParams((all) =>
                    all.map((q, i) =>
                      i !== index
                        ? q
                        : e.target.value === '__text'
                          ? { ...q, kind: 'text' }
                          : { ...q, kind: 'field', field: e.target.value },
                    ),
                  )
                }
              >
                {FIELD_CHOICES.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
                <option value="__text">Text I type</option>
              </select>
              {p.kind === 'text' && (
                <input
                  aria-label={`Text for {{${index + 1}}}`}
                  value={p.text}
                  onChange={(e) =>
                    setParams((all) => all.map((q, i) => (i === index ? { ...q, text: e.target.value } : q)))
                  }
                />
              )}
            </fieldset>
          ))}
          {chosen?.mediaHeader && (
            <label className="field">
              <span className="field__label">
                Link to the {HEADER_WORDS[chosen.mediaHeader]} shown above the message (https://…)
              </span>
              <input
                type="url"
                required
                value={headerUrl}
                placeholder="https://…"
                onChange={(e) => setHeaderUrl(e.target.value)}
              />
            </label>
          )}
          {params.length > 0 && (
            <label className="field">
              <span className="field__label">When a contact has no such value, write</span>
              <input value={fallback} onChange={(e) => setFallback(e.target.value)} />
            </label>
          )}
          <fieldset className="campaign-choice">
            <legend>Send to</legend>
            <label>
              <input
                type="radio"
                checked={audienceKind === 'tags'}
                onChange={() => setAudienceKind('tags')}
              />{' '}
              Contacts with a tag
            </label>
            <label>
              <input
                type="radio"
                checked={audienceKind === 'segment'}
                onChange={() => setAudienceKind('segment')}
              />{' '}
              A saved segment
            </label>
            {audienceKind === 'tags' ? (
              <input
                aria-label="Tags"
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                placeholder="e.g. spring, vip"
              />
            ) : (
              <>
                <select aria-label="Segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
                  <option value="">Choose a segment…</option>
                  {segments.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                      {Number.isFinite(s.count) ? ` (${s.count} contacts)` : ''}
                    </option>
                  ))}
                </select>
                {newSegment ? (
                  <SegmentForm
                    label="New segment"
                    initial={newGroup('all', [newCondition()])}
                    onSaved={(saved) => {
                      setNewSegment(false);
                      setSegmentId(saved.id);
                      // The saved segment comes back without its count: ask for the list again.
                      setSegments((list) => [
                        ...list.filter((s) => s.id !== saved.id),
                        { ...saved, count: NaN },
                      ]);
                      void campaignsApi
                        .segments()
                        .then(setSegments)
                        .catch(() => undefined);
                    }}
                    onCancel={() => setNewSegment(false)}
                  />
                ) : (
                  <button type="button" className="button button--small" onClick={() => setNewSegment(true)}>
                    New segment…
                  </button>
                )}
              </>
            )}
          </fieldset>
          <label className="field">
            <span className="field__label">When someone replies, continue with the flow</span>
            <select value={flowKey} onChange={(e) => setFlowKey(e.target.value)}>
              <option value="">No flow (replies go to the inbox and the usual triggers)</option>
              {flows.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          {chosen?.quickReplies.map((text) => (
            <label className="field" key={text}>
              <span className="field__label">When someone taps “{text}”, continue with</span>
              <select
                value={buttonFlows[text] ?? ''}
                onChange={(e) => setButtonFlows((all) => ({ ...all, [text]: e.target.value }))}
              >
                <option value="">The same as other replies</option>
                {flows.map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <fieldset className="campaign-choice">
            <legend>When</legend>
            <label>
              <input type="radio" checked={when === 'now'} onChange={() => setWhen('now')} /> Send now
            </label>
            <label>
              <input type="radio" checked={when === 'later'} onChange={() => setWhen('later')} /> At a time
            </label>
            {when === 'later' && (
              <input
                type="datetime-local"
                aria-label="Send at (workspace time)"
                value={at}
                onChange={(e) => setAt(e.target.value)}
              />
            )}
          </fieldset>
          <div className="campaign-form__actions">
            <button type="submit" className="button button--primary" disabled={!ready || busy}>
              {when === 'now' ? 'Start sending' : 'Schedule'}
            </button>
            <button
              type="button"
              className="button"
              disabled={!ready || busy}
              onClick={() => void submit(false)}
            >
              Save as draft
            </button>
          </div>
        </form>
        <aside className="campaign-preview" aria-label="Preview">
          <h2>Preview</h2>
          <p className={preview ? 'campaign-preview__count' : 'muted'} role="status">
            {preview ? `${preview.count.toLocaleString()} contacts` : 'Choose a template and who gets it.'}
          </p>
          {previewError && <p className="error-box">{previewError}</p>}
          <div className="wa-phone">
            {sample?.text ? (
              <div className="wa-bubble">
                {sample.header && <strong className="wa-bubble__header">{sample.header}</strong>}
                <p>{sample.text}</p>
                {chosen?.quickReplies.length ? (
                  <div className="wa-bubble__buttons">
                    {chosen.quickReplies.map((text) => (
                      <span key={text} className="wa-bubble__button">
                        {text}
                      </span>
                    ))}
                  </div>
                ) : null}
              </div>
            ) : sample?.missing ? (
              <p className="muted">Fill in {sample.missing} to see the message.</p>
            ) : (
              <p className="muted">The message appears here as your contacts will read it.</p>
            )}
          </div>
          {sample?.text && <p className="muted">As {sample.name ?? sample.phone} will read it.</p>}
          {preview?.template?.category === 'marketing' && (
            <p className="muted">Marketing message: contacts who opted out and +1 numbers are left out.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
